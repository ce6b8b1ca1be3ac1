import { setWaitingTask, type WaitingKind } from '../store/applications.ts';
import { listPaymentInstructions } from '../store/payments.ts';
import { send, waitingOutcome } from './waiting-outcome.ts';

/**
 * The waiting step of a workflow (appeal, budget, payment, corrected bank account).
 * 1. Store the task token on the application, with what it waits for; the write returns the
 *    application as it stands with it (undefined: no such application).
 * 2. Ask it (and its payment instructions, when it says they matter) whether that has happened.
 * 3. If so, answer the task now; if not, the change that makes it happen resumes it
 *    (resume-waiting-workflow.ts). Token first, records second: no event falls between the two.
 */
export async function awaitOnApplication(applicationId: string, kind: WaitingKind, taskToken: string): Promise<boolean> {
  const application = await setWaitingTask(applicationId, kind, taskToken);
  if (!application) return false;
  const outcome = await waitingOutcome(application, kind, () => listPaymentInstructions(applicationId));
  if (outcome) await send(taskToken, outcome);
  return true;
}
