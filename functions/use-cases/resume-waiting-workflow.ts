import { getApplication, type WaitingKind } from '../store/applications.ts';
import { send, waitingOutcome } from './waiting-outcome.ts';

/** After a change: if the application's workflow waits for `kind` and it has now happened, resume it. */
export async function resumeWaiting(applicationId: string, kind: WaitingKind): Promise<void> {
  const application = await getApplication(applicationId);
  if (!application?.waiting || application.waiting.kind !== kind) return;
  const outcome = await waitingOutcome(application, kind);
  if (outcome) await send(application.waiting.token, outcome);
}
