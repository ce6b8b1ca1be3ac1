import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { transitionApplication, type Application } from '../store/applications.ts';
import { budgetFor, reserveBudgetItem, unparkItem } from '../store/budgets.ts';
import { loadOrgTree } from '../store/directory.ts';
import { householdFileItemsForApproval } from './file-household-on-approval.ts';
import { grantOf } from './ledger-grant.ts';
import { ledgerReservedItem } from '../store/ledger.ts';
import { workflowActor } from '../store/types.ts';
import { nowIso } from '../shared/clock.ts';

/**
 * Reserves the application's amount on the nearest budget of its lineage, in the same transaction
 * as the move to APPROVED (and out of the parked queue). False when the budget is short or missing.
 * 1. Already reserved: true (a re-driven step). Not decided: false.
 * 2. Find the budget of its program and year on its org unit or the nearest ancestor that has one.
 * 3. One transaction: APPROVED with the reservation and its audit event; the amount moved from
 *    available to reserved on the budget, on condition that enough is available (so reserved + paid
 *    never pass the allocation); the entitlement ledger's entry; out of the parked queue; a hardship household's file opened or
 *    re-tiered (use-cases/file-household-on-approval.ts).
 * 4. The budget's condition failing means it is short: false. A conflict with a racing reservation
 *    on the same budget is tried again after a short random pause.
 */
export async function tryReserve(application: Application): Promise<boolean> {
  if (application.reservation) return true;
  if (!application.decision) return false;
  const tree = await loadOrgTree();
  const lineage = tree.lineage(application.applicant.orgUnit).map((unit) => unit.id);
  const budget = await budgetFor(application.program, application.year, lineage);
  if (!budget) return false;
  const amountFen = application.decision.amountFen;
  // Racing reservations on one budget item conflict; a conflict is retried, a failed condition is a short budget.
  for (let attempt = 0; attempt < 20; attempt++) {
    const at = nowIso();
    const fileItems = await householdFileItemsForApproval(application, at);
    try {
      const approved = await transitionApplication(application.id, {
      from: ['PENDING_APPROVAL', 'PUBLIC_NOTICE', 'AWAITING_BUDGET'],
      to: 'APPROVED',
      actor: workflowActor,
      action: 'RESERVE_BUDGET',
      set: { reservation: { program: budget.program, year: budget.year, orgUnit: budget.orgUnit, amountFen, reservedAt: at } },
      note: { zh: '审批通过，已预留预算', en: 'Approved; budget reserved' },
      with: [
        reserveBudgetItem(budget, amountFen, at),
        ledgerReservedItem(grantOf(application), at),
        ...(application.parkedAt ? [unparkItem(application.program, application.year, application.parkedAt, application.id)] : []),
        // The household's file opens or changes with the approval, or not at all.
        ...fileItems,
      ],
    }, attempt === 0 ? application : undefined);
      return approved !== undefined;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (reasons[2]?.Code === 'ConditionalCheckFailed') return false;
      // The household's file changed meanwhile (its items come last): read it again, like a conflict.
      const fileRaced = reasons.slice(reasons.length - fileItems.length).some((reason) => reason.Code === 'ConditionalCheckFailed');
      if (!fileRaced && !reasons.some((reason) => reason.Code === 'TransactionConflict')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (attempt + 1)));
    }
  }
  throw new Error(`could not reserve budget for ${application.id}: too much contention`);
}
