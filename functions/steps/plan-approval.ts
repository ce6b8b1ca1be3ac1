import { getApplication } from '../store/applications.ts';
import { listApprovalsOf } from '../store/approvals.ts';
import { ApplicationMissingError } from './errors.ts';

/** `level` is null when done: the state machine's ResultSelector needs the field either way. */
export interface ApprovalPlan {
  done: boolean;
  level: number | null;
}

/**
 * The next level of the application's approval chain that has not approved in the current round;
 * done when every level has. Reading the recorded approvals (not a counter in the execution) makes
 * a re-driven execution resume where it was.
 */
export const handler = async (event: { applicationId: string }): Promise<ApprovalPlan> => {
  const application = await getApplication(event.applicationId);
  if (!application) throw new ApplicationMissingError(event.applicationId);
  const approved = new Set(
    (await listApprovalsOf(application.id))
      .filter((approval) => approval.round === application.round && approval.status === 'APPROVED')
      .map((approval) => approval.level),
  );
  const level = (application.approvalLevels ?? []).find((candidate) => !approved.has(candidate));
  return level === undefined ? { done: true, level: null } : { done: false, level };
};
