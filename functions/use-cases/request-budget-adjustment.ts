import { adjustedAllocation, type AdjustmentKind } from '../domain/finance/budget-rounds.ts';
import { requestAdjustment, type BudgetAdjustment } from '../store/budget-rounds.ts';
import { getBudget } from '../store/budgets.ts';
import { loadOrgTree } from '../store/directory.ts';
import { nowIso } from '../shared/clock.ts';
import { shanghaiDate } from '../shared/dates.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../shared/errors.ts';
import type { Caller } from './access.ts';

/**
 * Someone asks for an in-year adjustment (追加/调减), a small round of its own:
 * 1. the unit exists (400); officials ask for their own unit, finance for units under theirs (403);
 * 2. the decision date is not past (400); the budget exists (409); a decrease would not take the
 *    allocation below reserved + paid (400);
 * 3. record the request with its audit event; finance decides it (decide-budget-adjustment.ts).
 */
export async function requestBudgetAdjustmentFor(caller: Caller, input: { year: number; program: string; orgUnit: string; kind: AdjustmentKind; amountFen: number; reason: string; decideBy: string }): Promise<BudgetAdjustment> {
  const tree = await loadOrgTree();
  if (!tree.get(input.orgUnit)) throw new ValidationError([{ path: 'orgUnit', message: { zh: `没有组织 ${input.orgUnit}`, en: `No org unit ${input.orgUnit}` } }]);
  const finance = caller.groups.includes('finance');
  if (!(finance ? tree.contains(caller.orgUnit, input.orgUnit) : caller.orgUnit === input.orgUnit)) throw new ForbiddenError({ zh: '只能为本单位（财务：下级单位）提出预算调整', en: 'Ask for adjustments of your own unit (finance: of units below yours)' });
  const at = nowIso();
  const today = shanghaiDate(at);
  if (input.decideBy < today) throw new ValidationError([{ path: 'decideBy', message: { zh: '审批截止日期已经过去', en: 'That decision date is already past' } }]);
  const budget = await getBudget(input.program, input.year, input.orgUnit);
  if (!budget) throw new ConflictError('NO_BUDGET', { zh: '该组织本年度还没有这个项目的预算，请先完成二上二下', en: 'This unit has no budget for the program that year; complete its budget round first' });
  const after = adjustedAllocation(budget, input.kind, input.amountFen);
  if ('problem' in after) throw new ValidationError([{ path: 'amountFen', message: after.problem }]);
  const role = finance ? 'finance' : 'official';
  return requestAdjustment(
    { id: `BA-${today.replaceAll('-', '')}-${crypto.randomUUID().slice(0, 8).toUpperCase()}`, ...input, status: 'REQUESTED', requestedAt: at, requestedBy: { sub: caller.sub, name: caller.name, role } },
    { sub: caller.sub, name: caller.name, role, orgUnit: caller.orgUnit },
  );
}
