import { expireDocumentsRequest } from '../use-cases/expire-documents-request.ts';

/** The documents wait timed out: the application goes back to the level that asked (see the use case). */
export const handler = async (event: { applicationId: string }): Promise<void> => {
  await expireDocumentsRequest(event.applicationId);
};
