import { SendTaskFailureCommand, SendTaskSuccessCommand, TaskDoesNotExist, TaskTimedOut, InvalidToken } from '@aws-sdk/client-sfn';
import type { WaitingKind } from '../store/applications.ts';
import type { ApplicationRecords } from '../store/application-records.ts';
import { sfn } from '../shared/sfn.ts';

/** The error a failed bank transfer raises in the workflow's payment wait. */
export const PAYMENT_FAILED = 'PaymentFailed';

/** What a waiting task is answered with: its output, or the error the workflow catches. */
export type Outcome = { output: Record<string, unknown> } | { error: string; cause: string };

/**
 * Whether what a workflow waits for has happened, read from the records alone — so the waiting
 * step (after a re-drive) and the API handler that made it happen reach the same answer.
 */
export function waitingOutcome({ application, payments }: Pick<ApplicationRecords, 'application' | 'payments'>, kind: WaitingKind): Outcome | undefined {
  switch (kind) {
    case 'appeal':
      return application.status === 'PENDING_APPROVAL' && application.appealedAt ? { output: { appealedAt: application.appealedAt } } : undefined;
    case 'budget':
      return application.reservation ? { output: { reservedFen: application.reservation.amountFen } } : undefined;
    case 'payment': {
      const latest = payments.at(-1);
      if (latest?.status === 'PAID') return { output: { instructionId: latest.instructionId } };
      if (latest?.status === 'FAILED') return { error: PAYMENT_FAILED, cause: latest.failureReason ?? '' };
      return undefined;
    }
    case 'documents':
      return application.status !== 'DOCUMENTS_REQUESTED' && application.documentsRequest?.answeredAt ? { output: { answeredAt: application.documentsRequest.answeredAt } } : undefined;
    case 'bank-account': {
      const latest = payments.at(-1);
      const fixed = latest?.status === 'FAILED' && application.bankAccountUpdatedAt !== undefined && application.bankAccountUpdatedAt > (latest.failedAt ?? '');
      return fixed ? { output: { bankAccountUpdatedAt: application.bankAccountUpdatedAt } } : undefined;
    }
  }
}

/** Answers a waiting task with an outcome. */
export async function send(taskToken: string, outcome: Outcome): Promise<void> {
  try {
    if ('output' in outcome) await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(outcome.output) }));
    else await sfn.send(new SendTaskFailureCommand({ taskToken, error: outcome.error, cause: outcome.cause }));
  } catch (error) {
    // The token is gone: its execution was re-driven (the new task answers itself) or has ended.
    if (error instanceof TaskDoesNotExist || error instanceof TaskTimedOut || error instanceof InvalidToken) return;
    throw error;
  }
}
