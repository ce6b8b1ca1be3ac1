import type { HandlerRef } from '../functions/shared/handler-ref.ts';

/** The programs that run as state machines; each has workflows/<program>.asl.json. */
export const workflowPrograms = ['autumn-aid', 'hardship-relief', 'mutual-claim'] as const;
export type WorkflowProgram = (typeof workflowPrograms)[number];

export const workflowFile = (program: WorkflowProgram): string => `workflows/${program}.asl.json`;

/** State machine name on AWS and locally. */
export const stateMachineName = (program: WorkflowProgram): string => `warmth-${program}`;

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
} satisfies Record<string, HandlerRef>;

export type StepName = keyof typeof stepHandlers;

export const substitutionName = (step: StepName): string => `${step}FunctionArn`;
