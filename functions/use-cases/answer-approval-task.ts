import { SendTaskFailureCommand, SendTaskSuccessCommand, TaskDoesNotExist, TaskTimedOut, InvalidToken } from '@aws-sdk/client-sfn';
import type { ApprovalRecord } from '../store/types.ts';
import { sfn } from '../shared/sfn.ts';

/** The error an official's rejection raises in the waiting approval task. */
export const APPROVAL_REJECTED = 'ApprovalRejected';

/**
 * Sends a recorded decision to the waiting approval task.
 * 1. An approval succeeds the task with its level; a rejection fails it with APPROVAL_REJECTED and
 *    the official's comment, which the workflow catches. An open approval sends nothing.
 * 2. A token that is gone (its execution was re-driven and waits with a new one, or ended) is not
 *    an error: the re-driven task reads the recorded decision and answers itself.
 */
export async function answerTask(taskToken: string, approval: ApprovalRecord): Promise<void> {
  try {
    if (approval.status === 'APPROVED') {
      await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ level: approval.level, decision: 'approve' }) }));
    } else if (approval.status === 'REJECTED') {
      await sfn.send(new SendTaskFailureCommand({ taskToken, error: APPROVAL_REJECTED, cause: approval.comment ?? '' }));
    }
  } catch (error) {
    if (error instanceof TaskDoesNotExist || error instanceof TaskTimedOut || error instanceof InvalidToken) return;
    throw error;
  }
}
