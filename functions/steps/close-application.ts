import { transitionApplication } from '../store/applications.ts';
import { workflowActor } from '../store/types.ts';

/**
 * Ends an application that an official rejected: REJECTED, with the official's reason, and its
 * exclusive claims released so the worker may apply again.
 */
export const handler = async (event: { applicationId: string; cause?: string }): Promise<void> => {
  await transitionApplication(event.applicationId, {
    from: ['PENDING_APPROVAL'],
    to: 'REJECTED',
    actor: workflowActor,
    action: 'REJECT',
    reason: event.cause,
    note: { zh: `未通过审批：${event.cause ?? ''}`, en: `Not approved: ${event.cause ?? ''}` },
    releaseClaims: true,
  });
};
