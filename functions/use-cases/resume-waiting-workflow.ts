import type { WaitingKind } from '../store/applications.ts';
import { getApplicationRecords } from '../store/application-records.ts';
import { send, waitingOutcome } from './waiting-outcome.ts';

/**
 * After a change (an appeal, a raised budget, a corrected bank account, added documents): resume
 * the application's workflow if it waits for that.
 * 1. Read the application with its payment instructions (one read of its partition); nothing to
 *    do unless its workflow waits for `kind`.
 * 2. Ask the records whether it has happened (waiting-outcome.ts).
 * 3. If so, answer the stored task token.
 */
export async function resumeWaiting(applicationId: string, kind: WaitingKind): Promise<void> {
  const records = await getApplicationRecords(applicationId);
  const waiting = records?.application.waiting;
  if (!records || !waiting || waiting.kind !== kind) return;
  const outcome = await waitingOutcome(records.application, kind, async () => records.payments);
  if (outcome) await send(waiting.token, outcome);
}
