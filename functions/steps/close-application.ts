import { getApplication, transitionApplication } from '../store/applications.ts';
import { listApprovalsOf } from '../store/approvals.ts';
import { workflowActor } from '../store/types.ts';
import { parametersOf } from '../use-cases/look-up-decision-parameters.ts';
import { now } from '../shared/clock.ts';
import { ApplicationMissingError } from './errors.ts';

const DAY_SECONDS = 86_400;
const DEFAULT_APPEAL_DAYS = 30;

/**
 * An official rejected the application: REJECTED with the reason, exclusive claims released.
 * Returns how long the applicant may appeal (once, if not yet appealed); 0 ends it for good.
 */
export const handler = async (event: { applicationId: string; cause?: string }): Promise<{ appealSeconds: number }> => {
  const application = await getApplication(event.applicationId);
  if (!application) throw new ApplicationMissingError(event.applicationId);
  const rejected = (await listApprovalsOf(application.id)).find((approval) => approval.round === application.round && approval.status === 'REJECTED');
  const appealDays = application.appealedAt ? 0 : ((await parametersOf(application)).parameters as { appealDays?: number }).appealDays ?? DEFAULT_APPEAL_DAYS;
  await transitionApplication(application.id, {
    from: ['PENDING_APPROVAL'],
    to: 'REJECTED',
    actor: workflowActor,
    action: 'REJECT',
    reason: event.cause,
    set: { rejectedLevel: rejected?.level ?? 1, ...(appealDays > 0 ? { appealUntil: new Date(now().getTime() + appealDays * DAY_SECONDS * 1000).toISOString() } : {}) },
    note: { zh: `未通过审批：${event.cause ?? ''}`, en: `Not approved: ${event.cause ?? ''}` },
    releaseClaims: 'all',
  });
  return { appealSeconds: appealDays * DAY_SECONDS };
};
