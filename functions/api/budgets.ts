import { z } from 'zod';
import { programIds } from '../domain/programs/index.ts';
import type { ProgramId } from '../domain/programs/types.ts';
import { AllocationBelowCommittedError, listBudgets, setAllocation, type Budget } from '../store/budgets.ts';
import { loadOrgTree } from '../store/directory.ts';
import { now } from '../shared/clock.ts';
import { shanghaiYear } from '../shared/dates.ts';
import { ConflictError, ValidationError } from '../shared/errors.ts';
import { formatYuan } from '../domain/money.ts';
import { apiHandler, reply } from '../shared/http.ts';
import { releaseParkedApplications } from '../use-cases/release-parked-applications.ts';
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
  const released = await releaseParkedApplications(params.program as ProgramId, params.year);
  return reply(200, { ...view(budget), released });
});
