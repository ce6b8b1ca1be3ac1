import { getApplication, setWaitingTask, type Application, type WaitingKind } from '../store/applications.ts';
import { send, waitingOutcome } from './waiting-outcome.ts';

/**
 * The waiting step of a workflow (appeal, budget, payment, corrected bank account).
 * 1. Store the task token on the application, with what it waits for.
 * 2. Read the application again and ask its records whether that has happened already.
 * 3. If so, answer the task now; if not, the change that makes it happen resumes it
 *    (resume-waiting-workflow.ts). Token first, records second: no event falls between the two.
 */
export async function awaitOnApplication(application: Application, kind: WaitingKind, taskToken: string): Promise<void> {
  await setWaitingTask(application.id, kind, taskToken);
  const fresh = (await getApplication(application.id)) ?? application;
  const outcome = await waitingOutcome(fresh, kind);
  if (outcome) await send(taskToken, outcome);
}
