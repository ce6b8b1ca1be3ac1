import type { WaitingKind } from '../store/applications.ts';
import { awaitOnApplication } from '../use-cases/await-application-event.ts';
import { ApplicationMissingError } from './errors.ts';

/**
 * The workflow waits (callback pattern) for an appeal, budget, bank result or corrected bank
 * account. The token goes on the application; the API handler that records the event resumes the
 * execution, and after a re-drive this step answers at once if the event already happened.
 */
export const handler = async (event: { applicationId: string; kind: WaitingKind; taskToken: string }): Promise<void> => {
  if (!(await awaitOnApplication(event.applicationId, event.kind, event.taskToken))) throw new ApplicationMissingError(event.applicationId);
};
