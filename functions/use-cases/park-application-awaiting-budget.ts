import { transitionApplication, type Application } from '../store/applications.ts';
import { parkItem } from '../store/budgets.ts';
import { workflowActor } from '../store/types.ts';
import { nowIso } from '../shared/clock.ts';

/**
 * Parks an approved application whose budget is short.
 * 1. Move it to AWAITING_BUDGET, stamped with when it was parked.
 * 2. In the same transaction, put it in the queue of its program and year, in that order, so that
 *    raising the allocation releases the queue in approval order (api/budgets.ts).
 */
export async function park(application: Application): Promise<void> {
  const at = nowIso();
  await transitionApplication(application.id, {
    from: ['PENDING_APPROVAL', 'PUBLIC_NOTICE'],
    to: 'AWAITING_BUDGET',
    actor: workflowActor,
    action: 'AWAIT_BUDGET',
    set: { parkedAt: at },
    note: { zh: '预算不足，待财务追加预算后按审批顺序自动继续', en: 'Budget short: it continues, in approval order, once finance raises the allocation' },
    with: [parkItem(application.program, application.year, at, application.id)],
  });
}
