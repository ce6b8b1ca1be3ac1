import { SendTaskFailureCommand, SendTaskSuccessCommand, TaskDoesNotExist, TaskTimedOut, InvalidToken } from '@aws-sdk/client-sfn';
import { getApplication, setWaitingTask, type Application, type WaitingKind } from '../store/applications.ts';
import { listPaymentInstructions } from '../store/payments.ts';
import { sfn } from './sfn.ts';

/** The error a failed bank transfer raises in the workflow's payment wait. */
export const PAYMENT_FAILED = 'PaymentFailed';

type Outcome = { output: Record<string, unknown> } | { error: string; cause: string };

/**
 * Whether what a workflow waits for has happened, read from the records alone — so the waiting
 * step (after a re-drive) and the API handler that made it happen reach the same answer.
 */
export async function waitingOutcome(application: Application, kind: WaitingKind): Promise<Outcome | undefined> {
  switch (kind) {
    case 'appeal':
      return application.status === 'PENDING_APPROVAL' && application.appealedAt ? { output: { appealedAt: application.appealedAt } } : undefined;
    case 'budget':
      return application.reservation ? { output: { reservedFen: application.reservation.amountFen } } : undefined;
    case 'payment': {
      const latest = (await listPaymentInstructions(application.id)).at(-1);
      if (latest?.status === 'PAID') return { output: { instructionId: latest.instructionId } };
      if (latest?.status === 'FAILED') return { error: PAYMENT_FAILED, cause: latest.failureReason ?? '' };
      return undefined;
    }
    case 'bank-account': {
      const latest = (await listPaymentInstructions(application.id)).at(-1);
      const fixed = latest?.status === 'FAILED' && application.bankAccountUpdatedAt !== undefined && application.bankAccountUpdatedAt > (latest.failedAt ?? '');
      return fixed ? { output: { bankAccountUpdatedAt: application.bankAccountUpdatedAt } } : undefined;
    }
  }
}

async function send(taskToken: string, outcome: Outcome): Promise<void> {
  try {
    if ('output' in outcome) await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(outcome.output) }));
    else await sfn.send(new SendTaskFailureCommand({ taskToken, error: outcome.error, cause: outcome.cause }));
  } catch (error) {
    // The token is gone: its execution was re-driven (the new task answers itself) or has ended.
    if (error instanceof TaskDoesNotExist || error instanceof TaskTimedOut || error instanceof InvalidToken) return;
    throw error;
  }
}

/** After a change: if the application's workflow waits for `kind` and it has now happened, resume it. */
export async function resumeWaiting(applicationId: string, kind: WaitingKind): Promise<void> {
  const application = await getApplication(applicationId);
  if (!application?.waiting || application.waiting.kind !== kind) return;
  const outcome = await waitingOutcome(application, kind);
  if (outcome) await send(application.waiting.token, outcome);
}

/** The waiting step: the token is stored first, then the records are read, so no event is missed. */
export async function awaitOnApplication(application: Application, kind: WaitingKind, taskToken: string): Promise<void> {
  await setWaitingTask(application.id, kind, taskToken);
  const fresh = (await getApplication(application.id)) ?? application;
  const outcome = await waitingOutcome(fresh, kind);
  if (outcome) await send(taskToken, outcome);
}
