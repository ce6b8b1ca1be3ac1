import { signOffRefusal, statusAfter, type SignOffStep } from '../domain/finance/sign-off.ts';
import { signBatch, type PaymentBatch } from '../store/payments.ts';
import { nowIso } from '../shared/clock.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../shared/errors.ts';
import { financeActor, withFreshBatch, type FinanceUser } from './payment-batch-access.ts';

/**
 * A checker signs a batch (review, or release):
 * 1. read the batch; the step must be the one it waits for (409 otherwise);
 * 2. whoever signs must not have prepared or reviewed it (403: four eyes, or six); releasing a
 *    batch with instructions the payment audit rules warned about needs a comment (400);
 * 3. record the signature and the new status with its audit event, conditioned on the status and
 *    audit head read, so two people releasing at once release it once.
 */
export function signOffPaymentBatch(batchId: string, step: SignOffStep, user: FinanceUser, comment: string | undefined, requestId?: string): Promise<PaymentBatch> {
  return withFreshBatch(batchId, async (batch) => {
    const refusal = signOffRefusal(batch, step, user.sub);
    if (refusal?.kind === 'same-person') throw new ForbiddenError(refusal.message);
    if (refusal) throw new ConflictError('WRONG_BATCH_STATE', refusal.message);
    if (step === 'release' && !comment && (batch.warnedCount ?? 0) > 0) {
      throw new ValidationError([{ path: 'comment', message: { zh: `本批次有 ${batch.warnedCount} 笔付款带审核警示，放行须填写意见`, en: `${batch.warnedCount} payment(s) of this batch carry audit warnings: releasing it needs a comment` } }]);
    }
    const at = nowIso();
    const signature = { sub: user.sub, name: user.name, at, ...(comment ? { comment } : {}) };
    const to = statusAfter[step];
    const signed = await signBatch(batch, step === 'review' ? 'reviewedBy' : 'releasedBy', signature, to, {
      actor: financeActor(user),
      at,
      action: step === 'review' ? 'REVIEW_BATCH' : 'RELEASE_BATCH',
      before: { status: batch.status },
      after: { status: to },
      ...(comment ? { reason: comment } : {}),
      ...(requestId ? { requestId } : {}),
    });
    return signed ? { ...batch, status: to, [step === 'review' ? 'reviewedBy' : 'releasedBy']: signature } : undefined;
  });
}
