import { adjustedAllocation, adjustmentNames } from '../domain/finance/budget-rounds.ts';
import type { ProgramId } from '../domain/programs/types.ts';
import { decideAdjustment, getAdjustment, type BudgetAdjustment } from '../store/budget-rounds.ts';
import { allocationWrites, getBudget } from '../store/budgets.ts';
import { loadOrgTree } from '../store/directory.ts';
import type { Actor } from '../store/types.ts';
import { nowIso } from '../shared/clock.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../shared/errors.ts';
import { releaseApplicationsAwaitingBudget } from './release-applications-awaiting-budget.ts';
import type { RoundCaller } from './record-budget-round-step.ts';

/**
 * Finance decides an in-year adjustment (追加/调减):
 * 1. read it (404); it must still be requested (409); the decider is finance of the unit or above,
 *    and not the one who asked (403);
 * 2. approving: the allocation moves by the amount in the same transaction as the decision and its
 *    audit events, never below reserved + paid (409); retried when the budget changed meanwhile;
 * 3. after an approved increase, applications parked for want of budget resume in order.
 */
export async function decideBudgetAdjustment(id: string, approve: boolean, comment: string, caller: RoundCaller): Promise<BudgetAdjustment> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const adjustment = await getAdjustment(id);
    if (!adjustment) throw new NotFoundError({ zh: '未找到该预算调整', en: 'No such budget adjustment' });
    if (adjustment.status !== 'REQUESTED') throw new ConflictError('ALREADY_DECIDED', { zh: '该预算调整已有决定', en: 'This adjustment is decided already' });
    if (!caller.groups.includes('finance') || !(await loadOrgTree()).contains(caller.orgUnit, adjustment.orgUnit)) throw new ForbiddenError({ zh: '预算调整由上级单位财务审批', en: 'Adjustments are decided by finance of the unit above' });
    if (caller.sub === adjustment.requestedBy.sub) throw new ForbiddenError({ zh: '提出调整的人不能自己审批，请由另一位财务人员审批', en: 'Whoever asked for an adjustment cannot decide it; another finance user decides' });
    const at = nowIso();
    const actor: Actor = { sub: caller.sub, name: caller.name, role: 'finance', orgUnit: caller.orgUnit };
    const decision = { status: approve ? ('APPROVED' as const) : ('REFUSED' as const), decidedAt: at, decidedBy: { sub: caller.sub, name: caller.name }, comment };
    let allocation: unknown[] = [];
    let figures: Pick<BudgetAdjustment, 'allocatedBeforeFen' | 'allocatedAfterFen'> = {};
    if (approve) {
      const budget = await getBudget(adjustment.program, adjustment.year, adjustment.orgUnit);
      if (!budget) throw new ConflictError('NO_BUDGET', { zh: '该组织本年度还没有这个项目的预算', en: 'This unit has no budget for the program this year' });
      const after = adjustedAllocation(budget, adjustment.kind, adjustment.amountFen);
      if ('problem' in after) throw new ConflictError('BELOW_COMMITTED', after.problem, [{ path: 'amountFen', message: after.problem }]);
      figures = { allocatedBeforeFen: budget.allocatedFen, allocatedAfterFen: after.allocatedFen };
      allocation = allocationWrites(adjustment.program, adjustment.year, adjustment.orgUnit, budget, after.allocatedFen, at, actor, `${adjustmentNames[adjustment.kind].zh} / ${adjustmentNames[adjustment.kind].en}: ${adjustment.reason}`, adjustment.kind === 'increase' ? 'BUDGET_INCREASE' : 'BUDGET_DECREASE').items;
    }
    const decided = await decideAdjustment(adjustment, { ...decision, ...figures }, actor, allocation);
    if (!decided) continue;
    if (approve && adjustment.kind === 'increase') await releaseApplicationsAwaitingBudget(adjustment.program as ProgramId, adjustment.year);
    return decided;
  }
  throw new ConflictError('CHANGED_MEANWHILE', { zh: '该预算刚被他人修改，请刷新后再试', en: 'Someone changed this budget meanwhile; reload and try again' });
}
