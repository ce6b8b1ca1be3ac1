import { formatYuan } from '../domain/money.ts';
import { getApplication, transitionApplication } from '../store/applications.ts';
import { listPaymentInstructions } from '../store/payments.ts';
import { listRecoveriesOf, recoveryPut, type Recovery } from '../store/recoveries.ts';
import { now } from '../shared/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.ts';
import type { Caller } from './access.ts';

/**
 * Finance records an overpayment on a paid application — an objection upheld after payment, or an
 * official's reassessment — to be tracked until recovered or written off.
 * 1. Only a paid application (404, 409).
 * 2. Never more than was paid and not yet claimed back (400).
 * 3. Record the recovery with its audit event, in one transaction.
 */
export async function recordOverpayment(caller: Caller, applicationId: string, input: { amountFen: number; reason: string }, requestId: string | undefined): Promise<Recovery> {
  const application = await getApplication(applicationId);
  if (!application) throw new NotFoundError({ zh: '未找到该申请', en: 'No such application' });
  if (application.status !== 'PAID') throw new ConflictError('WRONG_STATE', { zh: '只有已发放的申请才能登记多付追回', en: 'Only a paid application can have an overpayment recorded' });
  const paidFen = (await listPaymentInstructions(application.id)).filter((i) => i.status === 'PAID').reduce((sum, i) => sum + i.amountFen, 0);
  const existing = await listRecoveriesOf(application.id);
  const alreadyFen = existing.filter((r) => r.status !== 'WRITTEN_OFF').reduce((sum, r) => sum + r.amountFen, 0);
  if (input.amountFen + alreadyFen > paidFen) {
    throw new ValidationError([{ path: 'amountFen', message: { zh: `追回金额不能超过已发放的 ${formatYuan(paidFen - alreadyFen)}`, en: `The amount cannot exceed the ${formatYuan(paidFen - alreadyFen)} paid and not yet claimed back` } }]);
  }
  const recovery = {
    applicationId: application.id,
    seq: existing.length + 1,
    program: application.program,
    orgUnit: application.applicant.orgUnit,
    amountFen: input.amountFen,
    reason: input.reason,
    status: 'OPEN' as const,
    openedAt: now().toISOString(),
    openedBy: { sub: caller.sub, name: caller.name },
  };
  await transitionApplication(application.id, {
    from: ['PAID'],
    to: 'PAID',
    actor: { sub: caller.sub, name: caller.name, role: 'finance', orgUnit: caller.orgUnit },
    action: 'OPEN_RECOVERY',
    reason: input.reason,
    ...(requestId ? { requestId } : {}),
    note: { zh: `登记多付追回 ${formatYuan(input.amountFen)}：${input.reason}`, en: `Overpayment of ${formatYuan(input.amountFen)} to recover: ${input.reason}` },
    with: [recoveryPut(recovery)],
  });
  return recovery;
}
