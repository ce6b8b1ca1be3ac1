import { getApplication } from '../store/applications.ts';
import { listApprovalsOf } from '../store/approvals.ts';
import { parametersOf } from '../shared/policy-of.ts';
import { ApplicationMissingError } from './errors.ts';

/** `level` is null when done: the state machine's ResultSelector needs the field either way. */
export interface ApprovalPlan {
  done: boolean;
  level: number | null;
  /** How long the level may wait before a reminder, then escalation (the task's TimeoutSecondsPath). */
  timeoutSeconds: number;
}

const DAY_SECONDS = 86_400;

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
  const { program, parameters } = await parametersOf(application);
  const timeoutSeconds = program.approvalDays(parameters) * DAY_SECONDS;
  return level === undefined ? { done: true, level: null, timeoutSeconds } : { done: false, level, timeoutSeconds };
};
