import { getApplication, type WaitingKind } from '../store/applications.ts';
import { send, waitingOutcome } from './waiting-outcome.ts';

/**
 * After a change (an appeal, a raised budget, a settled payment, a corrected bank account): resume
 * the application's workflow if it waits for that.
 * 1. Read the application; nothing to do unless its workflow waits for `kind`.
 * 2. Ask the records whether it has happened (waiting-outcome.ts).
 * 3. If so, answer the stored task token.
 */
export async function resumeWaiting(applicationId: string, kind: WaitingKind): Promise<void> {
  const application = await getApplication(applicationId);
  if (!application?.waiting || application.waiting.kind !== kind) return;
  const outcome = await waitingOutcome(application, kind);
  if (outcome) await send(application.waiting.token, outcome);
}
