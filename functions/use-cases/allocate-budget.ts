import { formatYuan } from '../domain/money.ts';
import { programIds } from '../domain/programs/index.ts';
import type { ProgramId } from '../domain/programs/types.ts';
import { AllocationBelowCommittedError, setAllocation, type Budget } from '../store/budgets.ts';
import { loadOrgTree } from '../store/directory.ts';
import { now } from '../shared/clock.ts';
import { ConflictError, ValidationError } from '../shared/errors.ts';
import type { Caller } from './access.ts';
import { releaseApplicationsAwaitingBudget } from './release-applications-awaiting-budget.ts';

/**
 * Finance sets a program's allocation for a year and org unit.
 * 1. The program and the org unit must exist (400).
 * 2. Record the allocation with its audit event, never below reserved + paid (409).
 * 3. Release the applications parked for want of this budget, in the order they were parked.
 */
export async function allocateBudget(
  caller: Caller,
  target: { program: string; year: number; orgUnit: string },
  input: { allocatedFen: number; reason?: string | undefined },
): Promise<{ budget: Budget; released: string[] }> {
  if (!programIds.includes(target.program as ProgramId)) throw new ValidationError([{ path: 'program', message: { zh: `没有项目 ${target.program}`, en: `No program ${target.program}` } }]);
  const tree = await loadOrgTree();
  if (!tree.get(target.orgUnit)) throw new ValidationError([{ path: 'orgUnit', message: { zh: `没有组织 ${target.orgUnit}`, en: `No org unit ${target.orgUnit}` } }]);
  let budget: Budget;
  try {
    budget = await setAllocation(target.program, target.year, target.orgUnit, input.allocatedFen, now().toISOString(), { sub: caller.sub, name: caller.name, role: 'finance', orgUnit: caller.orgUnit }, input.reason);
  } catch (error) {
    if (error instanceof AllocationBelowCommittedError) {
      const floor = { zh: `分配额不能低于已预留与已支付之和 ${formatYuan(error.committedFen)}`, en: `The allocation cannot be below what is reserved and paid, ${formatYuan(error.committedFen)}` };
      throw new ConflictError('BELOW_COMMITTED', floor, [{ path: 'allocatedFen', message: floor }]);
    }
    throw error;
  }
  return { budget, released: await releaseApplicationsAwaitingBudget(target.program as ProgramId, target.year) };
}
