import * as z from 'zod';
import { listBudgets, type Budget } from '../store/budgets.ts';
import { loadOrgTree } from '../store/directory.ts';
import { now } from '../shared/clock.ts';
import { shanghaiYear } from '../shared/dates.ts';
import { apiHandler, reply } from '../shared/http.ts';
import type { Caller } from '../use-cases/access.ts';
import { allocateBudget } from '../use-cases/allocate-budget.ts';
import { budgetsQuery, allocationBody } from './budgets-schemas.ts';

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

/** Finance sets an allocation (see the use case). */
export const setBudget = apiHandler({ roles: ['finance'], params: budgetParams, body: allocationBody }).handler(async ({ auth, params, body }) => {
  const { budget, released } = await allocateBudget(auth as Caller, params, body);
  return reply(200, { ...view(budget), released });
});
