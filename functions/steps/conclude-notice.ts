import { transitionApplication } from '../store/applications.ts';
import { getApplicationRecords } from '../store/application-records.ts';
import { workflowActor } from '../store/types.ts';
import { ApplicationMissingError } from './errors.ts';

/**
 * The notice has run its course. Objections lodged during it send the application back to review
 * by the whole chain, in a new round; without objections it goes on to the budget.
 */
export const handler = async (event: { applicationId: string }): Promise<{ objected: boolean }> => {
  const records = await getApplicationRecords(event.applicationId);
  if (!records) throw new ApplicationMissingError(event.applicationId);
  const { application } = records;
  if (application.status === 'PENDING_APPROVAL') return { objected: true };
  if (application.status !== 'PUBLIC_NOTICE') return { objected: false };
  const objections = records.objections.filter((objection) => objection.round === application.round);
  if (objections.length === 0) return { objected: false };
  await transitionApplication(application.id, {
    from: ['PUBLIC_NOTICE'],
    to: 'PENDING_APPROVAL',
    actor: workflowActor,
    action: 'REVIEW_AFTER_OBJECTION',
    set: { round: application.round + 1 },
    note: { zh: `公示期间收到 ${objections.length} 条异议，重新审批`, en: `${objections.length} objection(s) during the notice: back to review` },
  }, application);
  return { objected: true };
};
