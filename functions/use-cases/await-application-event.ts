import { getApplication, setWaitingTask, type Application, type WaitingKind } from '../store/applications.ts';
import { send, waitingOutcome } from './waiting-outcome.ts';

/** The waiting step: the token is stored first, then the records are read, so no event is missed. */
export async function awaitOnApplication(application: Application, kind: WaitingKind, taskToken: string): Promise<void> {
  await setWaitingTask(application.id, kind, taskToken);
  const fresh = (await getApplication(application.id)) ?? application;
  const outcome = await waitingOutcome(fresh, kind);
  if (outcome) await send(taskToken, outcome);
}
