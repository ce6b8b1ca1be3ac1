import { setWaitingTask, type WaitingKind } from '../store/applications.ts';
import { getApplicationRecords } from '../store/application-records.ts';
import { send, waitingOutcome } from './waiting-outcome.ts';

/**
 * The waiting step of a workflow (appeal, budget, payment, corrected bank account).
 * 1. Store the task token on the application, with what it waits for (false: no such application).
 * 2. Read the application with its records and ask them whether that has happened already.
 * 3. If so, answer the task now; if not, the change that makes it happen resumes it
 *    (resume-waiting-workflow.ts). Token first, records second: no event falls between the two.
 */
export async function awaitOnApplication(applicationId: string, kind: WaitingKind, taskToken: string): Promise<boolean> {
  if (!(await setWaitingTask(applicationId, kind, taskToken))) return false;
  const records = await getApplicationRecords(applicationId);
  if (!records) return false;
  const outcome = waitingOutcome(records, kind);
  if (outcome) await send(taskToken, outcome);
  return true;
}
