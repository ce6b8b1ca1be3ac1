import { DOCUMENTS_REQUEST_DAYS } from '../functions/domain/documents.ts';
import { STALE_APPLICATION_ERROR, DATABASE_UNAVAILABLE_ERROR, TRANSIENT_LAMBDA_ERRORS } from '../functions/shared/transient-errors.ts';
import type { StepName } from './index.ts';

/**
 * The one source of the programs' state machines. Every program runs the same states (its rules
 * live in the step functions), so the three ASL files differ only in their Comment; they are
 * written from here by `npm run workflows` and a test fails when a file is not current. The CDK
 * stack and the local service read the written files, so both run exactly this.
 *
 * Every Lambda task gets the same two retriers and a catch-all: what a task cannot get past moves
 * the application to NEEDS_ATTENTION (with the step and the error) through the NeedsAttention
 * task, which then fails the execution there. RedriveExecution re-runs the state an execution
 * failed in — for a Catch into a Fail state that would be the Fail state again, so the failing
 * state is the NeedsAttention task itself: re-run by a redrive (RedriveCount has grown) it puts
 * the application back where it was and the ResumeAfterAttention Choice goes back to the step.
 */

type State = Record<string, unknown>;

/** The error the NeedsAttention task ends an execution with. */
export const NEEDS_ATTENTION_ERROR = 'NeedsAttention';

/**
 * AWS's recommended retrier for Lambda tasks (6 attempts from 2 s, backoff 2, full jitter), a short
 * one for a concurrent change, and for the database being away one that waits up to about five
 * minutes (10 attempts, each at most 30 s apart) before the step gives up.
 */
export const retryPolicy = [
  { ErrorEquals: [...TRANSIENT_LAMBDA_ERRORS], IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2, JitterStrategy: 'FULL' },
  { ErrorEquals: [STALE_APPLICATION_ERROR], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2, JitterStrategy: 'FULL' },
  { ErrorEquals: [DATABASE_UNAVAILABLE_ERROR], IntervalSeconds: 2, MaxAttempts: 10, BackoffRate: 2, MaxDelaySeconds: 30, JitterStrategy: 'FULL' },
];

const DAY = 86_400;

/** How long each wait for an event outside the workflow lasts before the step reads the records again. */
export const waitTimeouts = {
  /** Finance has not raised the allocation: try the reservation again (a lost resume is found here). */
  AwaitBudget: 7 * DAY,
  /** The bank's result is not imported yet: read the instruction again and wait on. */
  AwaitPayment: 7 * DAY,
  /** The worker has not added the documents an official asked for: back to the official (DocumentsOverdue). */
  AwaitDocuments: DOCUMENTS_REQUEST_DAYS * DAY,
  /** The worker has not corrected the account: read the application again and wait on. */
  AwaitBankAccount: 30 * DAY,
} as const;

const payload = (extra: Record<string, unknown> = {}) => ({ 'applicationId.$': '$.applicationId', ...extra });

function lambda(step: StepName, state: { payload?: Record<string, unknown>; waitForToken?: boolean } & State): State {
  const { payload: body = payload(), waitForToken = false, ...rest } = state;
  return {
    Type: 'Task',
    Resource: `arn:\${Partition}:states:::lambda:invoke${waitForToken ? '.waitForTaskToken' : ''}`,
    Parameters: { FunctionName: `\${${step}FunctionArn}`, Payload: body },
    ...rest,
  };
}

/** The states of one application's workflow, before the retriers and catch-alls are added. */
function steps(): Record<string, State> {
  return {
    CheckEligibility: lambda('CheckEligibility', {
      ResultSelector: { 'eligible.$': '$.Payload.eligible', 'approvalLevels.$': '$.Payload.approvalLevels', 'plan.$': '$.Payload.plan' },
      ResultPath: '$.check',
      Next: 'IsEligible',
    }),
    IsEligible: { Type: 'Choice', Choices: [{ Variable: '$.check.eligible', BooleanEquals: true, Next: 'FirstApprovalPlan' }], Default: 'Ineligible' },
    Ineligible: { Type: 'Succeed', Comment: 'INELIGIBLE, with the failing checks recorded on the application' },
    FirstApprovalPlan: {
      Type: 'Pass',
      Comment: 'The first level, as the eligibility check planned it; each approval brings the plan of the level after it',
      Parameters: { 'done.$': '$.check.plan.done', 'level.$': '$.check.plan.level', 'timeoutSeconds.$': '$.check.plan.timeoutSeconds' },
      ResultPath: '$.plan',
      Next: 'ApprovalsDone',
    },
    PlanApproval: lambda('PlanApproval', {
      Comment: 'The next level, read from the recorded approvals, where nothing brought its plan: after documents, an overdue level, an appeal or an objection',
      ResultSelector: { 'done.$': '$.Payload.done', 'level.$': '$.Payload.level', 'timeoutSeconds.$': '$.Payload.timeoutSeconds' },
      ResultPath: '$.plan',
      Next: 'ApprovalsDone',
    }),
    ApprovalsDone: { Type: 'Choice', Choices: [{ Variable: '$.plan.done', BooleanEquals: true, Next: 'StartNotice' }], Default: 'AwaitApproval' },
    AwaitApproval: lambda('RequestApproval', {
      waitForToken: true,
      payload: payload({ 'level.$': '$.plan.level', 'taskToken.$': '$$.Task.Token' }),
      Comment: 'Until the level decides (an approval answers with the plan of the next level); past its approval days the deciders are reminded, then it goes one level up',
      TimeoutSecondsPath: '$.plan.timeoutSeconds',
      ResultSelector: { 'done.$': '$.plan.done', 'level.$': '$.plan.level', 'timeoutSeconds.$': '$.plan.timeoutSeconds' },
      ResultPath: '$.plan',
      Catch: [
        { ErrorEquals: ['ApprovalRejected'], ResultPath: '$.rejection', Next: 'RecordRejection' },
        { ErrorEquals: ['DocumentsRequested'], ResultPath: null, Next: 'AwaitDocuments' },
        { ErrorEquals: ['States.Timeout'], ResultPath: null, Next: 'ApprovalOverdue' },
      ],
      Next: 'ApprovalsDone',
    }),
    AwaitDocuments: lambda('AwaitEvent', {
      waitForToken: true,
      payload: payload({ kind: 'documents', 'taskToken.$': '$$.Task.Token' }),
      Comment: 'DOCUMENTS_REQUESTED: until the worker adds the documents an official asked for; past the deadline back to the official',
      TimeoutSeconds: waitTimeouts.AwaitDocuments,
      ResultPath: null,
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: null, Next: 'DocumentsOverdue' }],
      Next: 'PlanApproval',
    }),
    DocumentsOverdue: lambda('DocumentsOverdue', { ResultPath: null, Next: 'PlanApproval' }),
    ApprovalOverdue: lambda('ApprovalOverdue', { payload: payload({ 'level.$': '$.plan.level' }), ResultPath: null, Next: 'PlanApproval' }),
    RecordRejection: lambda('CloseApplication', {
      payload: payload({ 'cause.$': '$.rejection.Cause' }),
      ResultSelector: { 'seconds.$': '$.Payload.appealSeconds' },
      ResultPath: '$.appeal',
      Next: 'MayAppeal',
    }),
    MayAppeal: { Type: 'Choice', Choices: [{ Variable: '$.appeal.seconds', NumericGreaterThan: 0, Next: 'AwaitAppeal' }], Default: 'Rejected' },
    AwaitAppeal: lambda('AwaitEvent', {
      waitForToken: true,
      payload: payload({ kind: 'appeal', 'taskToken.$': '$$.Task.Token' }),
      Comment: 'The appeal window: past it the rejection is final',
      TimeoutSecondsPath: '$.appeal.seconds',
      ResultPath: null,
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: null, Next: 'Rejected' }],
      Next: 'PlanApproval',
    }),
    Rejected: { Type: 'Succeed', Comment: 'REJECTED by an official, with the reason; not appealed in time, or the appeal was rejected too' },
    StartNotice: lambda('StartNotice', { ResultSelector: { 'seconds.$': '$.Payload.seconds' }, ResultPath: '$.notice', Next: 'HasNotice' }),
    HasNotice: { Type: 'Choice', Choices: [{ Variable: '$.notice.seconds', NumericGreaterThan: 0, Next: 'PublicNotice' }], Default: 'ReserveBudget' },
    PublicNotice: { Type: 'Wait', SecondsPath: '$.notice.seconds', Next: 'ConcludeNotice', Comment: '公示: objections are collected meanwhile' },
    ConcludeNotice: lambda('ConcludeNotice', { ResultSelector: { 'objected.$': '$.Payload.objected' }, ResultPath: '$.noticeResult', Next: 'Objected' }),
    Objected: { Type: 'Choice', Choices: [{ Variable: '$.noticeResult.objected', BooleanEquals: true, Next: 'PlanApproval' }], Default: 'ReserveBudget' },
    ReserveBudget: lambda('ReserveBudget', { ResultSelector: { 'reserved.$': '$.Payload.reserved' }, ResultPath: '$.budget', Next: 'Reserved' }),
    Reserved: { Type: 'Choice', Choices: [{ Variable: '$.budget.reserved', BooleanEquals: true, Next: 'RecordPayment' }], Default: 'AwaitBudget' },
    AwaitBudget: lambda('AwaitEvent', {
      waitForToken: true,
      payload: payload({ kind: 'budget', 'taskToken.$': '$$.Task.Token' }),
      Comment: 'Parked until finance raises the allocation; at the timeout the reservation is tried again',
      TimeoutSeconds: waitTimeouts.AwaitBudget,
      ResultPath: null,
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: null, Next: 'ReserveBudget' }],
      Next: 'ReserveBudget',
    }),
    RecordPayment: lambda('RecordPayment', { ResultSelector: { 'instructionId.$': '$.Payload.instructionId' }, ResultPath: '$.payment', Next: 'AwaitPayment' }),
    AwaitPayment: lambda('AwaitEvent', {
      waitForToken: true,
      payload: payload({ kind: 'payment', 'taskToken.$': '$$.Task.Token' }),
      Comment: "Until the bank's result is imported; at the timeout the instruction is read again and the wait goes on",
      TimeoutSeconds: waitTimeouts.AwaitPayment,
      ResultPath: null,
      Catch: [
        { ErrorEquals: ['PaymentFailed'], ResultPath: '$.paymentFailure', Next: 'AwaitBankAccount' },
        { ErrorEquals: ['States.Timeout'], ResultPath: null, Next: 'AwaitPayment' },
      ],
      Next: 'Paid',
    }),
    AwaitBankAccount: lambda('AwaitEvent', {
      waitForToken: true,
      payload: payload({ kind: 'bank-account', 'taskToken.$': '$$.Task.Token' }),
      Comment: 'Until the worker corrects the account; at the timeout the application is read again and the wait goes on',
      TimeoutSeconds: waitTimeouts.AwaitBankAccount,
      ResultPath: null,
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: null, Next: 'AwaitBankAccount' }],
      Next: 'RecordPayment',
    }),
    Paid: { Type: 'Succeed', Comment: "PAID, reconciled against the bank's result" },
  };
}

const attentionState = (step: string) => `AttentionAt${step}`;

/** The application's workflow for one program: its steps with retriers and catch-alls, and the attention states. */
export function applicationWorkflow(comment: string): State {
  const states = steps();
  const tasks = Object.keys(states).filter((name) => states[name]?.Type === 'Task');
  const withPolicies: Record<string, State> = {};
  for (const [name, state] of Object.entries(states)) {
    if (state.Type !== 'Task') {
      withPolicies[name] = state;
      continue;
    }
    const catches = (state.Catch as State[] | undefined) ?? [];
    withPolicies[name] = {
      ...state,
      Retry: retryPolicy,
      Catch: [...catches, { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: attentionState(name) }],
    };
  }
  for (const name of tasks) {
    withPolicies[attentionState(name)] = { Type: 'Pass', Comment: `${name} could not go on`, Result: name, ResultPath: '$.failure.step', Next: 'NeedsAttention' };
  }
  withPolicies.NeedsAttention = {
    Type: 'Task',
    Resource: 'arn:${Partition}:states:::lambda:invoke',
    Comment: 'Records NEEDS_ATTENTION with the step and the error, then fails the execution here; re-run by a redrive it puts the application back and returns the step',
    Parameters: {
      FunctionName: '${NeedsAttentionFunctionArn}',
      Payload: payload({ 'step.$': '$.failure.step', 'error.$': '$.failure.Error', 'cause.$': '$.failure.Cause', 'redriveCount.$': '$$.Execution.RedriveCount' }),
    },
    Retry: retryPolicy,
    ResultSelector: { 'step.$': '$.Payload.step' },
    ResultPath: '$.failure',
    Next: 'ResumeAfterAttention',
  };
  withPolicies.ResumeAfterAttention = {
    Type: 'Choice',
    Comment: 'Back to the step that could not go on; an unknown one starts over (every step is idempotent)',
    Choices: tasks.map((name) => ({ Variable: '$.failure.step', StringEquals: name, Next: name })),
    Default: 'CheckEligibility',
  };
  return { Comment: comment, QueryLanguage: 'JSONPath', StartAt: 'CheckEligibility', States: withPolicies };
}

/** The text of an ASL file as `npm run workflows` writes it. */
export const aslText = (definition: State): string => `${JSON.stringify(definition, null, 2)}\n`;
