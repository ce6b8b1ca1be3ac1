import { executionRateBp } from '../domain/finance/budget-rounds.ts';
import { listBudgets } from '../store/budgets.ts';
import { getProfiles, type OrgTree } from '../store/directory.ts';
import { listSettled } from '../store/payments.ts';
import type { YearDemand } from '../domain/finance/budget-rounds.ts';
import { applicationsOfUnits } from './applications-of-units.ts';


export interface Demand {
  years: YearDemand[];
  /** Households in the hardship file (建档) among the unit's members who have applied to warmth. */
  householdsOnFile: number;
}

export const DEMAND_YEARS = 3;

/**
 * What a unit's 一上 proposal starts from: for each of the last three years, the applications of
 * the unit and the units below it for the program, the workers behind them, what was paid, and the
 * unit's allocation and execution rate; and how many of its members' households are on file.
 * 1. Read the applications of the subtree per year, and the year's paid instructions and budgets.
 * 2. Read the profiles of every applicant once, and count the households in the hardship file.
 */
export async function readBudgetDemand(program: string, year: number, orgUnit: string, tree: OrgTree): Promise<Demand> {
  const units = tree.subtree(orgUnit);
  const inSubtree = new Set(units);
  const years: YearDemand[] = [];
  const applicants = new Set<string>();
  for (let y = year - DEMAND_YEARS; y < year; y++) {
    const [applications, paid, budgets] = await Promise.all([applicationsOfUnits(units, { program, year: y }), listSettled('PAID', y), listBudgets(y)]);
    for (const application of applications) applicants.add(application.applicant.sub);
    const paidHere = paid.filter((instruction) => instruction.program === program && inSubtree.has(instruction.orgUnit));
    const budget = budgets.find((b) => b.program === program && b.orgUnit === orgUnit);
    years.push({
      year: y,
      applications: applications.length,
      workers: new Set(applications.map((application) => application.applicant.sub)).size,
      paidCount: paidHere.length,
      paidFen: paidHere.reduce((sum, instruction) => sum + instruction.amountFen, 0),
      allocatedFen: budget?.allocatedFen ?? 0,
      executionRateBp: budget ? executionRateBp(budget.paidFen, budget.allocatedFen) : 0,
    });
  }
  const profiles = await getProfiles([...applicants]);
  const householdsOnFile = [...profiles.values()].filter((profile) => profile.member?.hardshipFile).length;
  return { years, householdsOnFile };
}
