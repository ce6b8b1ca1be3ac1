import { SendTaskFailureCommand, SendTaskSuccessCommand, TaskDoesNotExist, TaskTimedOut, InvalidToken } from '@aws-sdk/client-sfn';
import type { Application, WaitingKind } from '../store/applications.ts';
import type { PaymentInstructionItem } from '../store/types.ts';
import { sfn } from '../shared/sfn.ts';

/** The error a failed bank transfer raises in the workflow's payment wait. */
export const PAYMENT_FAILED = 'PaymentFailed';

/** What a waiting task is answered with: its output, or the error the workflow catches. */
export type Outcome = { output: Record<string, unknown> } | { error: string; cause: string };

/** What the payment wait is answered with once an instruction is settled; undefined while it is not. */
export function paymentOutcome(instruction: Pick<PaymentInstructionItem, 'instructionId' | 'status' | 'failureReason'>): Outcome | undefined {
  if (instruction.status === 'PAID') return { output: { instructionId: instruction.instructionId } };
  if (instruction.status === 'FAILED') return { error: PAYMENT_FAILED, cause: instruction.failureReason ?? '' };
  return undefined;
}

/**
 * Whether what a workflow waits for has happened, read from the records alone — so the waiting
 * step (after a re-drive) and the API handler that made it happen reach the same answer. The
 * application says most; its payment instructions (`instructions`, read only then) are asked
 * only when it says the latest may have been settled or the account corrected since.
 */
export async function waitingOutcome(application: Application, kind: WaitingKind, instructions: () => Promise<PaymentInstructionItem[]>): Promise<Outcome | undefined> {
  switch (kind) {
    case 'appeal':
      return application.status === 'PENDING_APPROVAL' && application.appealedAt ? { output: { appealedAt: application.appealedAt } } : undefined;
    case 'budget':
      return application.reservation ? { output: { reservedFen: application.reservation.amountFen } } : undefined;
    case 'payment': {
      // An instruction is settled in the write that moves its application out of DISBURSING (settle-payment.ts).
      if (application.status === 'DISBURSING') return undefined;
      const latest = (await instructions()).at(-1);
      return latest ? paymentOutcome(latest) : undefined;
    }
    case 'documents':
      return application.status !== 'DOCUMENTS_REQUESTED' && application.documentsRequest?.answeredAt ? { output: { answeredAt: application.documentsRequest.answeredAt } } : undefined;
    case 'bank-account': {
      if (application.bankAccountUpdatedAt === undefined) return undefined;
      const latest = (await instructions()).at(-1);
      const fixed = latest?.status === 'FAILED' && application.bankAccountUpdatedAt > (latest.failedAt ?? '');
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
