import { listConflicts, resolveConflict, type PaymentConflict } from '../store/payments.ts';
import { nowIso } from '../shared/clock.ts';
import { ConflictError, NotFoundError } from '../shared/errors.ts';
import { financeActor, withFreshBatch, type FinanceUser } from './payment-batch-access.ts';

/**
 * Finance resolves a conflict between the bank's results (a later file says FAILED for a payment
 * an earlier one settled as PAID, or the reverse) after checking with the bank:
 * 1. find the open conflict of the batch (404 if none, 409 if resolved already);
 * 2. record which result the bank confirmed and the comment, close it on the batch, audited.
 * The payment's status stays as first settled: when the bank confirms the later result, the
 * comment says what follows (an overpayment recovery, or a payment made again), which finance
 * records through those routes.
 */
export function resolvePaymentConflict(batchId: string, instructionId: string, confirmed: 'earlier' | 'later', comment: string, user: FinanceUser, requestId?: string): Promise<PaymentConflict> {
  return withFreshBatch(batchId, async (batch) => {
    const conflict = (await listConflicts(batchId)).find((candidate) => candidate.instructionId === instructionId);
    if (!conflict) throw new NotFoundError({ zh: '该批次没有这笔付款的冲突记录', en: 'This batch has no conflict for that payment' });
    if (conflict.resolution) throw new ConflictError('ALREADY_RESOLVED', { zh: '该冲突已处理', en: 'This conflict has been resolved already' });
    const at = nowIso();
    const resolution = { sub: user.sub, name: user.name, at, comment, confirmed };
    const done = await resolveConflict(batch, conflict, resolution, {
      actor: financeActor(user),
      at,
      action: 'RESOLVE_PAYMENT_CONFLICT',
      before: { instructionId, settledAs: conflict.settledAs, reportedAs: conflict.reportedAs },
      after: { instructionId, confirmed: confirmed === 'earlier' ? conflict.settledAs : conflict.reportedAs },
      reason: comment,
      ...(requestId ? { requestId } : {}),
    });
    return done ? { ...conflict, resolution } : undefined;
  });
}
