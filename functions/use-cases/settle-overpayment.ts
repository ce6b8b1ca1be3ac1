import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { formatYuan } from '../domain/money.ts';
import { transitionApplication } from '../store/applications.ts';
import { listRecoveriesOf, recoveryCloseItem, type Recovery } from '../store/recoveries.ts';
import { now } from '../shared/clock.ts';
import { ConflictError, NotFoundError } from '../shared/errors.ts';
import type { Caller } from './access.ts';

/**
 * An open recovery ends recovered or written off.
 * 1. The recovery must exist (404) and be open (409).
 * 2. Record its outcome with the application's audit event, in one transaction (a concurrent close: 409).
 */
export async function settleOverpayment(caller: Caller, applicationId: string, seq: number, input: { outcome: 'RECOVERED' | 'WRITTEN_OFF'; note: string }, requestId: string | undefined): Promise<Recovery> {
  const recovery = (await listRecoveriesOf(applicationId)).find((candidate) => candidate.seq === seq);
  if (!recovery) throw new NotFoundError({ zh: '未找到该追回记录', en: 'No such recovery' });
  if (recovery.status !== 'OPEN') throw new ConflictError('WRONG_STATE', { zh: '该追回记录已结清', en: 'This recovery is already settled' });
  const at = now().toISOString();
  try {
    await transitionApplication(applicationId, {
      from: ['PAID'],
      to: 'PAID',
      actor: { sub: caller.sub, name: caller.name, role: 'finance', orgUnit: caller.orgUnit },
      action: input.outcome === 'RECOVERED' ? 'RECOVERY_RECOVERED' : 'RECOVERY_WRITTEN_OFF',
      reason: input.note,
      ...(requestId ? { requestId } : {}),
      note: input.outcome === 'RECOVERED' ? { zh: `已追回 ${formatYuan(recovery.amountFen)}`, en: `${formatYuan(recovery.amountFen)} recovered` } : { zh: `核销 ${formatYuan(recovery.amountFen)}：${input.note}`, en: `${formatYuan(recovery.amountFen)} written off: ${input.note}` },
      with: [recoveryCloseItem(recovery, input.outcome, at, { sub: caller.sub, name: caller.name }, input.note)],
    });
  } catch (error) {
    if (error instanceof TransactionCanceledException) throw new ConflictError('WRONG_STATE', { zh: '该追回记录已结清', en: 'This recovery is already settled' });
    throw error;
  }
  return { ...recovery, status: input.outcome, closedAt: at, note: input.note };
}
