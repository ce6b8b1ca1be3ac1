import { getApplicationRecords } from '../store/application-records.ts';
import { now } from '../shared/clock.ts';
import { parametersOf } from '../use-cases/look-up-decision-parameters.ts';
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
 *
 * The wait runs to the level's next deadline, counted from its last milestone (requested, reminded
 * or escalated) rather than from whenever this step happens to run: a delayed or re-driven step
 * neither grants the officials extra days nor loses the ones already waited.
 */
export const handler = async (event: { applicationId: string }): Promise<ApprovalPlan> => {
  const records = await getApplicationRecords(event.applicationId);
  if (!records) throw new ApplicationMissingError(event.applicationId);
  const { application } = records;
  const ofRound = records.approvals.filter((approval) => approval.round === application.round);
  const approved = new Set(ofRound.filter((approval) => approval.status === 'APPROVED').map((approval) => approval.level));
  const level = (application.approvalLevels ?? []).find((candidate) => !approved.has(candidate));
  const { program, parameters } = await parametersOf(application);
  const windowSeconds = program.approvalDays(parameters) * DAY_SECONDS;
  const pending = ofRound.find((approval) => approval.level === level && approval.status === 'PENDING');
  const timeoutSeconds = pending ? secondsUntil(pending.remindedAt ?? pending.escalatedAt ?? pending.requestedAt, windowSeconds) : windowSeconds;
  return level === undefined ? { done: true, level: null, timeoutSeconds } : { done: false, level, timeoutSeconds };
};

/** Seconds from now to `windowSeconds` after `since`; at least one, so an overdue level times out at once. */
function secondsUntil(since: string, windowSeconds: number): number {
  return Math.max(1, Math.ceil((Date.parse(since) + windowSeconds * 1000 - now().getTime()) / 1000));
}
