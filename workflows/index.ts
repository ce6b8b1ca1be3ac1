import type { HandlerRef } from '../functions/shared/handler-ref.ts';

/** The programs that run as state machines; each has workflows/<program>.asl.json, written by `npm run workflows`. */
export const workflowPrograms = ['autumn-aid', 'hardship-relief', 'mutual-claim', 'warmth-visits'] as const;
export type WorkflowProgram = (typeof workflowPrograms)[number];

const programNames: Record<WorkflowProgram, string> = { 'autumn-aid': '金秋助学', 'hardship-relief': '困难职工帮扶', 'mutual-claim': '职工互助保障', 'warmth-visits': '送温暖' };

/** The Comment of a program's state machine: the only line in which the three ASL files differ. */
export const workflowComment = (program: WorkflowProgram): string =>
  `${program} (${programNames[program]}): one execution per application, named by its id. Eligibility → the approval chain level by level (callback pattern, reminders and escalation on timeout; an official may ask for documents, which waits for the worker until a deadline) → public notice (a Wait; objections send it back to review) → budget reservation (parked while short) → payment instruction → the bank's result (a failed transfer waits for a corrected account, then is re-issued). A rejection may be appealed once. A step that cannot go on moves the application to NEEDS_ATTENTION and fails the execution; a redrive resumes it. Written by npm run workflows from workflows/application-workflow.ts: edit that file, not this one.`;

export const workflowFile = (program: WorkflowProgram): string => `workflows/${program}.asl.json`;

/** State machine name: `warmth-<stage>-<program>` on AWS, where stages share an account; `warmth-<program>` locally. */
export const stateMachineName = (program: WorkflowProgram, stage?: string): string => (stage ? `warmth-${stage}-${program}` : `warmth-${program}`);

const step = (file: string): HandlerRef => ({ file: `functions/steps/${file}`, export: 'handler' });

/**
 * The task functions the workflows call. An ASL file names one as `${<Name>FunctionArn}`;
 * the CDK stack substitutes the deployed function's ARN, the local runtime the handler itself.
 */
export const stepHandlers = {
  CheckEligibility: step('check-eligibility.ts'),
  PlanApproval: step('plan-approval.ts'),
  RequestApproval: step('request-approval.ts'),
  ApprovalOverdue: step('approval-overdue.ts'),
  CloseApplication: step('close-application.ts'),
  StartNotice: step('start-notice.ts'),
  ConcludeNotice: step('conclude-notice.ts'),
  ReserveBudget: step('reserve-budget.ts'),
  RecordPayment: step('record-payment.ts'),
  AwaitEvent: step('await-event.ts'),
  DocumentsOverdue: step('documents-overdue.ts'),
  NeedsAttention: step('needs-attention.ts'),
} satisfies Record<string, HandlerRef>;

export type StepName = keyof typeof stepHandlers;

export const substitutionName = (step: StepName): string => `${step}FunctionArn`;

/**
 * The workflow sweep (functions/use-cases/sweep-workflows.ts): on AWS an EventBridge schedule calls
 * it every `everyMinutes`; the local runtime on start-up and on the same period.
 */
export const workflowSweep = { handler: { file: 'functions/scheduled/sweep-workflows.ts', export: 'handler' } satisfies HandlerRef, everyMinutes: 5 } as const;

/**
 * The SMS sender (functions/scheduled/send-text-messages.ts): on AWS an EventBridge schedule calls
 * it every `everyMinutes` and it alone may publish to SNS; the local runtime every few seconds.
 */
export const textSender = { handler: { file: 'functions/scheduled/send-text-messages.ts', export: 'handler' } satisfies HandlerRef, everyMinutes: 1 } as const;
