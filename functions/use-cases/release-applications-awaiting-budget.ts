import type { ProgramId } from '../domain/programs/types.ts';
import { getApplication } from '../store/applications.ts';
import { budgetFor, listParked } from '../store/budgets.ts';
import { loadOrgTree } from '../store/directory.ts';
import { tryReserve } from './reserve-budget-for-application.ts';
import { resumeWaiting } from './resume-waiting-workflow.ts';

/**
 * After a budget is raised, applications parked for want of this program's budget resume in the
 * order they were parked, so nobody jumps the queue.
 * 1. List the parked applications, oldest first.
 * 2. Each reserves on its own nearest budget; once one budget is short again, later applications
 *    on that budget wait too.
 * 3. Resume the workflow of each that reserved.
 * Returns the applications released.
 */
export async function releaseApplicationsAwaitingBudget(program: ProgramId, year: number): Promise<string[]> {
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
