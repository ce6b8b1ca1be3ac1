import * as z from 'zod';
import { programIds } from '../domain/programs/index.ts';
import type { ProgramId } from '../domain/programs/types.ts';
import { getApplication } from '../store/applications.ts';
import { AllocationBelowCommittedError, budgetFor, listBudgets, listParked, setAllocation, type Budget } from '../store/budgets.ts';
import { loadOrgTree } from '../store/directory.ts';
import { now } from '../shared/clock.ts';
import { shanghaiYear } from '../shared/dates.ts';
import { ConflictError, ValidationError } from '../shared/errors.ts';
import { formatYuan } from '../domain/money.ts';
import { apiHandler, reply } from '../shared/http.ts';
import { tryReserve } from '../use-cases/reserve-budget-for-application.ts';
import { resumeWaiting } from '../use-cases/resume-waiting-workflow.ts';
import type { Caller } from './access.ts';

/** 执行率: paid ÷ allocated, in basis points (integer), so it can be summed and compared exactly. */
const executionRateBp = (budget: Budget) => (budget.allocatedFen === 0 ? 0 : Math.floor((budget.paidFen * 10_000) / budget.allocatedFen));

const view = (budget: Budget) => ({
  program: budget.program,
  year: budget.year,
  orgUnit: budget.orgUnit,
  allocatedFen: budget.allocatedFen,
  reservedFen: budget.reservedFen,
  paidFen: budget.paidFen,
  availableFen: budget.availableFen,
  executionRateBp: executionRateBp(budget),
  updatedAt: budget.updatedAt,
});

export const budgetsQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

/** Finance sees every budget; officials those of their own unit, above it and below it. */
export const listBudgetsRoute = apiHandler({ roles: ['finance', 'official'], query: budgetsQuery }).handler(async ({ auth, query }) => {
  const year = query.year ?? shanghaiYear(now().toISOString());
  const caller = auth as Caller;
  let budgets = await listBudgets(year);
  if (!caller.groups.includes('finance')) {
    const tree = await loadOrgTree();
    const related = new Set([...tree.lineage(caller.orgUnit).map((unit) => unit.id), ...tree.subtree(caller.orgUnit)]);
    budgets = budgets.filter((budget) => related.has(budget.orgUnit));
  }
  return reply(200, { year, items: budgets.map(view) });
});

const budgetParams = z.object({ program: z.string().min(1).max(40), year: z.coerce.number().int().min(2000).max(2100), orgUnit: z.string().min(1).max(64) });
export const allocationBody = z.object({ allocatedFen: z.int().min(0).max(100_000_000_000), reason: z.string().trim().max(500).optional() });

/**
 * Applications parked for want of this program's budget resume in the order they were parked:
 * each reserves on its own nearest budget; once one budget is short again, later applications on
 * that budget wait too, so nobody jumps the queue.
 */
async function releaseParked(program: ProgramId, year: number): Promise<string[]> {
  const tree = await loadOrgTree();
  const released: string[] = [];
  const exhausted = new Set<string>();
  for (const id of await listParked(program, year)) {
    const application = await getApplication(id);
    if (!application || application.status !== 'AWAITING_BUDGET') continue;
    const budget = await budgetFor(program, year, tree.lineage(application.applicant.orgUnit).map((unit) => unit.id));
    if (!budget || exhausted.has(budget.orgUnit)) continue;
    if (await tryReserve(application)) {
      released.push(id);
      await resumeWaiting(id, 'budget');
    } else exhausted.add(budget.orgUnit);
  }
  return released;
}

/** Finance sets an allocation (never below reserved + paid); raising it resumes parked applications. */
export const setBudget = apiHandler({ roles: ['finance'], params: budgetParams, body: allocationBody }).handler(async ({ auth, params, body }) => {
  if (!programIds.includes(params.program as ProgramId)) throw new ValidationError([{ path: 'program', message: { zh: `没有项目 ${params.program}`, en: `No program ${params.program}` } }]);
  const tree = await loadOrgTree();
  if (!tree.get(params.orgUnit)) throw new ValidationError([{ path: 'orgUnit', message: { zh: `没有组织 ${params.orgUnit}`, en: `No org unit ${params.orgUnit}` } }]);
  let budget: Budget;
  try {
    budget = await setAllocation(params.program, params.year, params.orgUnit, body.allocatedFen, now().toISOString(), { sub: auth.sub, name: auth.name, role: 'finance', orgUnit: auth.orgUnit }, body.reason);
  } catch (error) {
    if (error instanceof AllocationBelowCommittedError) {
      const floor = { zh: `分配额不能低于已预留与已支付之和 ${formatYuan(error.committedFen)}`, en: `The allocation cannot be below what is reserved and paid, ${formatYuan(error.committedFen)}` };
      throw new ConflictError('BELOW_COMMITTED', floor, [{ path: 'allocatedFen', message: floor }]);
    }
    throw error;
  }
  const released = await releaseParked(params.program as ProgramId, params.year);
  return reply(200, { ...view(budget), released });
});
