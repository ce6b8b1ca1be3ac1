import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { formatYuan } from '../domain/money.ts';
import { getApplication, transitionApplication } from '../store/applications.ts';
import { listPaymentInstructions } from '../store/payments.ts';
import { listRecoveries, listRecoveriesOf, recoveryCloseItem, recoveryPut } from '../store/recoveries.ts';
import { now } from '../shared/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.ts';
import { apiHandler, reply } from '../shared/http.ts';

const idParams = z.object({ id: z.string().min(1).max(80) });
export const openRecoveryBody = z.object({ amountFen: z.int().min(1).max(100_000_000_000), reason: z.string().trim().min(2).max(1000) });

/**
 * Finance records an overpayment on a paid application — an objection upheld after payment, or an
 * official's reassessment — to be tracked until recovered or written off. Never more than was paid.
 */
export const openRecovery = apiHandler({ roles: ['finance'], params: idParams, body: openRecoveryBody }).handler(async ({ auth, params, body, requestId }) => {
  const application = await getApplication(params.id);
  if (!application) throw new NotFoundError({ zh: '未找到该申请', en: 'No such application' });
  if (application.status !== 'PAID') throw new ConflictError('WRONG_STATE', { zh: '只有已发放的申请才能登记多付追回', en: 'Only a paid application can have an overpayment recorded' });
  const paidFen = (await listPaymentInstructions(application.id)).filter((i) => i.status === 'PAID').reduce((sum, i) => sum + i.amountFen, 0);
  const existing = await listRecoveriesOf(application.id);
  const alreadyFen = existing.filter((r) => r.status !== 'WRITTEN_OFF').reduce((sum, r) => sum + r.amountFen, 0);
  if (body.amountFen + alreadyFen > paidFen) {
    throw new ValidationError([{ path: 'amountFen', message: { zh: `追回金额不能超过已发放的 ${formatYuan(paidFen - alreadyFen)}`, en: `The amount cannot exceed the ${formatYuan(paidFen - alreadyFen)} paid and not yet claimed back` } }]);
  }
  const recovery = {
    applicationId: application.id,
    seq: existing.length + 1,
    program: application.program,
    orgUnit: application.applicant.orgUnit,
    amountFen: body.amountFen,
    reason: body.reason,
    status: 'OPEN' as const,
    openedAt: now().toISOString(),
    openedBy: { sub: auth.sub, name: auth.name },
  };
  await transitionApplication(application.id, {
    from: ['PAID'],
    to: 'PAID',
    actor: { sub: auth.sub, name: auth.name, role: 'finance', orgUnit: auth.orgUnit },
    action: 'OPEN_RECOVERY',
    reason: body.reason,
    ...(requestId ? { requestId } : {}),
    note: { zh: `登记多付追回 ${formatYuan(body.amountFen)}：${body.reason}`, en: `Overpayment of ${formatYuan(body.amountFen)} to recover: ${body.reason}` },
    with: [recoveryPut(recovery)],
  });
  return reply(201, recovery);
});

const recoveryParams = z.object({ id: z.string().min(1).max(80), seq: z.coerce.number().int().min(1).max(999) });
export const closeRecoveryBody = z.object({ outcome: z.enum(['RECOVERED', 'WRITTEN_OFF']), note: z.string().trim().min(2).max(1000) });

/** An open recovery ends recovered or written off, with its audit event. */
export const closeRecovery = apiHandler({ roles: ['finance'], params: recoveryParams, body: closeRecoveryBody }).handler(async ({ auth, params, body, requestId }) => {
  const recovery = (await listRecoveriesOf(params.id)).find((candidate) => candidate.seq === params.seq);
  if (!recovery) throw new NotFoundError({ zh: '未找到该追回记录', en: 'No such recovery' });
  if (recovery.status !== 'OPEN') throw new ConflictError('WRONG_STATE', { zh: '该追回记录已结清', en: 'This recovery is already settled' });
  const at = now().toISOString();
  try {
    await transitionApplication(params.id, {
      from: ['PAID'],
      to: 'PAID',
      actor: { sub: auth.sub, name: auth.name, role: 'finance', orgUnit: auth.orgUnit },
      action: body.outcome === 'RECOVERED' ? 'RECOVERY_RECOVERED' : 'RECOVERY_WRITTEN_OFF',
      reason: body.note,
      ...(requestId ? { requestId } : {}),
      note: body.outcome === 'RECOVERED' ? { zh: `已追回 ${formatYuan(recovery.amountFen)}`, en: `${formatYuan(recovery.amountFen)} recovered` } : { zh: `核销 ${formatYuan(recovery.amountFen)}：${body.note}`, en: `${formatYuan(recovery.amountFen)} written off: ${body.note}` },
      with: [recoveryCloseItem(recovery, body.outcome, at, { sub: auth.sub, name: auth.name }, body.note)],
    });
  } catch (error) {
    if (error instanceof TransactionCanceledException) throw new ConflictError('WRONG_STATE', { zh: '该追回记录已结清', en: 'This recovery is already settled' });
    throw error;
  }
  return reply(200, { ...recovery, status: body.outcome, closedAt: at, note: body.note });
});

export const recoveriesQuery = z.object({ status: z.enum(['OPEN', 'RECOVERED', 'WRITTEN_OFF']).default('OPEN') });

export const listRecoveriesRoute = apiHandler({ roles: ['finance'], query: recoveriesQuery }).handler(async ({ query }) => reply(200, { items: await listRecoveries(query.status) }));
