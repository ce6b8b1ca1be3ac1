import type { Application } from '../store/applications.ts';
import type { ApprovalRecord } from '../store/types.ts';
import { now } from '../shared/clock.ts';
import { approvalDaysOf } from './look-up-decision-parameters.ts';

/** The level an application's workflow waits on next; `level` is null when done (the state machine's ResultSelector needs the field either way). */
export interface ApprovalPlan {
  done: boolean;
  level: number | null;
  /** How long the level may wait before a reminder, then escalation (the approval task's TimeoutSecondsPath). */
  timeoutSeconds: number;
}

/** What an application that is not to be approved (ineligible, withdrawn) plans: no level. */
export const NO_APPROVAL: ApprovalPlan = { done: true, level: null, timeoutSeconds: 0 };

const DAY_SECONDS = 86_400;

/**
 * The next level of the application's chain that has not approved in the current round; done when
 * every level has. Planned from the recorded approvals (not a counter in the execution), so a
 * re-driven execution resumes where it was, whoever plans it: the eligibility check (the first
 * level), the official whose approval answers the waiting task (the next one), or the PlanApproval
 * step on the other paths (documents, overdue, appeal, objection).
 *
 * The wait runs to the level's next deadline, counted from its last milestone (requested, reminded
 * or escalated) rather than from whenever the plan is made: a delayed or re-driven step neither
 * grants the officials extra days nor loses the ones already waited.
 */
export async function planApprovalLevel(application: Application, approvals: readonly ApprovalRecord[]): Promise<ApprovalPlan> {
  const ofRound = approvals.filter((approval) => approval.round === application.round);
  const approved = new Set(ofRound.filter((approval) => approval.status === 'APPROVED').map((approval) => approval.level));
  const level = (application.approvalLevels ?? []).find((candidate) => !approved.has(candidate));
  const windowSeconds = (await approvalDaysOf(application)) * DAY_SECONDS;
  const pending = ofRound.find((approval) => approval.level === level && approval.status === 'PENDING');
  const timeoutSeconds = pending ? secondsUntil(pending.remindedAt ?? pending.escalatedAt ?? pending.requestedAt, windowSeconds) : windowSeconds;
  return level === undefined ? { done: true, level: null, timeoutSeconds } : { done: false, level, timeoutSeconds };
}

/** Seconds from now to `windowSeconds` after `since`; at least one, so an overdue level times out at once. */
function secondsUntil(since: string, windowSeconds: number): number {
  return Math.max(1, Math.ceil((Date.parse(since) + windowSeconds * 1000 - now().getTime()) / 1000));
}
