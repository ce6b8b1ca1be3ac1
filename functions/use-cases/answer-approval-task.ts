import { SendTaskFailureCommand, SendTaskSuccessCommand, TaskDoesNotExist, TaskTimedOut, InvalidToken } from '@aws-sdk/client-sfn';
import type { Application } from '../store/applications.ts';
import type { ApprovalRecord } from '../store/types.ts';
import { sfn } from '../shared/sfn.ts';
import { planApprovalLevel } from './plan-approval-level.ts';

/** The error an official's rejection raises in the waiting approval task. */
export const APPROVAL_REJECTED = 'ApprovalRejected';

/**
 * Sends a recorded decision to the waiting approval task.
 * 1. An approval succeeds the task with its level and the plan of the level after it, planned from
 *    the application's approvals with this one recorded (the workflow waits on that level next,
 *    or goes on to the notice when none is left); a rejection fails it with APPROVAL_REJECTED and
 *    the official's comment, which the workflow catches. An open approval sends nothing.
 * 2. A token that is gone (its execution was re-driven and waits with a new one, or ended) is not
 *    an error: the re-driven task reads the recorded decision and answers itself.
 */
export async function answerTask(taskToken: string, approval: ApprovalRecord, records: { application: Application; approvals: readonly ApprovalRecord[] }): Promise<void> {
  try {
    if (approval.status === 'APPROVED') {
      const approvals = [...records.approvals.filter((other) => other.round !== approval.round || other.level !== approval.level), approval];
      const plan = await planApprovalLevel(records.application, approvals);
      await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ level: approval.level, decision: 'approve', plan }) }));
    } else if (approval.status === 'REJECTED') {
      await sfn.send(new SendTaskFailureCommand({ taskToken, error: APPROVAL_REJECTED, cause: approval.comment ?? '' }));
    }
  } catch (error) {
    if (error instanceof TaskDoesNotExist || error instanceof TaskTimedOut || error instanceof InvalidToken) return;
    throw error;
  }
}
