import { randomBytes } from 'node:crypto';
import type { StateMachine } from 'aws-local-stepfunctions';
import { now } from '../../../functions/shared/clock.ts';
import type { TaskEnvelope, TaskPlan } from './definition.ts';
import { RunEndedError, StatesError } from './errors.ts';
import { InjectedFaultError, nextFault, type FaultInjection } from './faults.ts';
import type { Journal } from './journal.ts';
import type { Machine, ResumePoint } from './machines.ts';
import type { ExecutionRecord, ExecutionRecords, ExecutionStatus } from './records.ts';
import type { Timers } from './timers.ts';


/** Tries at recording an execution's end while the database is away (backing off to 5 s: about a minute). */
const END_ATTEMPTS = 15;
/** Where `$$.Task.Token` points until a waiting task swaps in a fresh token. */
export const TOKEN_PLACEHOLDER = 'local-task-token-placeholder';
const LAMBDA_INTEGRATION = 'arn:aws:states:::lambda:';

type EventLog = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

/** A task waiting for SendTaskSuccess / SendTaskFailure. */
export interface PendingTask {
  run: Run;
  resolve(output: unknown): void;
  reject(error: Error): void;
  /** Restarts the HeartbeatSeconds window, if the task has one. */
  heartbeat(): void;
}

/** What every run shares: the service's parts. */
export interface RunServices {
  records: ExecutionRecords;
  timers: Timers;
  /** Waiting tasks by token. */
  tokens: Map<string, PendingTask>;
  invokeFunction(functionArn: string, payload: unknown): Promise<unknown>;
  faults?: FaultInjection;
  region: string;
  roleArn: string;
  /** The interpreter's States.Timeout class (see machines.ts). */
  TimeoutError: new () => Error;
  /** Told once a run's end has landed in the table (or the run was detached). */
  ended(run: Run): void;
}

/** What the interpreter reports of a retry (its StateRetried event). */
interface Retry {
  retrier: { IntervalSeconds?: number; BackoffRate?: number; MaxDelaySeconds?: number; JitterStrategy?: string };
  /** 1 for the first retry. */
  attempt: number;
}

export interface Outcome {
  status: Exclude<ExecutionStatus, 'RUNNING'>;
  eventType: string;
  details: Record<string, unknown>;
  output?: string;
  error?: string;
  cause?: string;
}

/** How a run begins: from the start, continuing after a restart, or redriven. */
export type RunStart = { kind: 'start' } | { kind: 'continue'; from?: ResumePoint } | { kind: 'redrive'; from?: ResumePoint };

function positiveSeconds(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new StatesError('States.Runtime', `${field} must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}

/** The pause before a retry, as AWS computes it from the matching retrier (MaxDelaySeconds caps it, FULL jitter draws below it). */
export function retryDelayMs({ retrier, attempt }: Retry, random: () => number = Math.random): number {
  const interval = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** (attempt - 1);
  const capped = retrier.MaxDelaySeconds === undefined ? interval : Math.min(interval, retrier.MaxDelaySeconds);
  return (retrier.JitterStrategy === 'FULL' ? random() * capped : capped) * 1000;
}

const mintToken = () => randomBytes(48).toString('base64url');

function failureOf(error: unknown): { error: string; cause: string } {
  // The interpreter wraps the state's error (name = ASL error, message = Cause) in an ExecutionError.
  const failure = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (failure instanceof Error) return { error: failure.name, cause: failure.message };
  return { error: 'States.Runtime', cause: String(failure) };
}

/**
 * One interpreter run of an execution — from its start, from where a restart found it, or from
 * the state a redrive continues at — until it ends. It records the history in its journal,
 * runs the Lambda tasks, callbacks, Waits and retry pauses on the local clock, and closes the
 * execution's record once its end has been written.
 */
export class Run {
  /** Set once the run's end is decided, or the service stops: from then on nothing of it is recorded. */
  ended = false;
  /** Resolves once the end is in the table. */
  closed: Promise<void> = Promise.resolve();
  private readonly visits: Map<string, number>;
  /** Retries the interpreter has announced, taken by the state's next attempt. */
  private readonly retries = new Map<string, Retry>();
  private readonly attempts = new Map<string, number>();
  /** Its tokens handed out and not yet used. */
  private readonly liveTokens = new Set<string>();
  /** Called with a RunEndedError when the run ends: whatever it waits on gives up. */
  private readonly onEnd = new Set<(error: Error) => void>();
  private abort: () => void = () => undefined;
  private logRead: Promise<void> = Promise.resolve();

  constructor(
    private readonly services: RunServices,
    readonly machine: Machine,
    readonly execution: ExecutionRecord,
    readonly journal: Journal,
    /** Timers already in the table, by (state, visit): a continued run keeps their due times. */
    private readonly storedTimers: Map<string, number>,
    visits: Map<string, number>,
  ) {
    this.visits = new Map(visits);
  }

  get executionArn(): string {
    return this.execution.executionArn;
  }

  start(how: RunStart): void {
    const { execution, machine, journal } = this;
    const from = how.kind === 'start' ? undefined : how.from;
    if (how.kind === 'start' || journal.length === 0) {
      journal.add('ExecutionStarted', { input: execution.input, inputDetails: { truncated: false }, roleArn: this.services.roleArn });
    } else if (how.kind === 'redrive') {
      journal.add('ExecutionRedriven', { redriveCount: execution.redriveCount ?? 0 });
    }
    // Continuing after a restart re-enters the state it was in: its Entered event is in the history already.
    let skipEntered = how.kind === 'continue' && from !== undefined;
    if (skipEntered && from) this.visits.set(from.state, (this.visits.get(from.state) ?? 1) - 1);

    const timeoutSeconds = machine.prepared.timeoutSeconds;
    if (timeoutSeconds !== undefined) {
      const since = Date.parse(execution.redriveDate ?? execution.startedAt);
      const cancel = this.services.timers.schedule(since + timeoutSeconds * 1000, () => {
        const cause = `the execution did not end within ${timeoutSeconds} seconds`;
        void this.end({ status: 'TIMED_OUT', eventType: 'ExecutionTimedOut', details: { error: 'States.Timeout', cause }, error: 'States.Timeout', cause });
      });
      this.onEnd.add(cancel);
    }

    const overrides: Record<string, (envelope: TaskEnvelope) => Promise<unknown>> = {};
    for (const [stateName, plan] of machine.prepared.plans) overrides[stateName] = (envelope) => this.runTask(stateName, plan, envelope);
    const input = (from ? from.input : JSON.parse(execution.input)) as Parameters<StateMachine['run']>[0];
    const started = machine.interpreterFrom(from?.state).run(input, {
      overrides: { taskResourceLocalHandlers: overrides as never, retryIntervalOverrides: machine.retryIntervals },
      context: {
        Execution: { Id: execution.executionArn, Name: execution.name, RoleArn: this.services.roleArn, StartTime: execution.startedAt, Input: JSON.parse(execution.input), RedriveCount: execution.redriveCount ?? 0 },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: { Token: TOKEN_PLACEHOLDER },
      },
    });
    this.abort = started.abort;
    this.logRead = (async () => {
      for await (const event of started.eventLogs) {
        if (this.ended) break;
        if (skipEntered && event.type === 'StateEntered') {
          skipEntered = false;
          if (event.state.name === from?.state) continue;
        }
        if (event.type === 'StateRetried' && machine.prepared.plans.get(event.state.name)?.retried) this.retries.set(event.state.name, event.retry as Retry);
        this.recordInterpreterEvent(event);
      }
    })().catch((error: unknown) => console.error('local Step Functions: could not read the interpreter’s event log', error));

    started.result.then(
      async (output) => {
        await this.logRead;
        const text = JSON.stringify(output);
        await this.end({ status: 'SUCCEEDED', eventType: 'ExecutionSucceeded', details: { output: text, outputDetails: { truncated: false } }, output: text });
      },
      async (error: unknown) => {
        if (this.ended) return;
        await this.logRead;
        const failure = failureOf(error);
        await this.end({ status: 'FAILED', eventType: 'ExecutionFailed', details: failure, ...failure });
      },
    );
  }

  /**
   * Records how the execution ended, once: whichever of its natural end, StopExecution or its
   * timeout comes first. DescribeExecution reports the end at once; the history, the clean-up of
   * its tokens and timers (one batch) and then the closed record are written behind it. Should the
   * process die before they land, the next start finds it RUNNING and continues it from its last
   * written state: its steps are idempotent, so it ends the same way.
   */
  end(outcome: Outcome): Promise<void> {
    if (this.ended) return this.closed;
    this.record(outcome.eventType, outcome.details);
    this.detach();
    // Its clean-up goes in the same batch as the rest of its history.
    for (const key of this.storedTimers.keys()) this.journal.dropTimer(key);
    for (const token of this.liveTokens) {
      this.services.tokens.delete(token);
      this.journal.dropToken(token);
    }
    this.liveTokens.clear();
    const { status, output, error, cause } = outcome;
    const stoppedAt = now().toISOString();
    Object.assign(this.execution, { status, stoppedAt, output, error, cause });
    this.closed = (async () => {
      // While the database is away the end is tried again (for about a minute, as npm start restarts
      // it): given up at once, the record would say RUNNING with nothing running it until the next
      // start, and its application would wait (the sweep redrives only what has ended).
      try {
        for (let attempt = 1; ; attempt++) {
          try {
            await this.journal.flush();
            await this.services.records.update(this.executionArn, ['RUNNING'], { status, stoppedAt, output, error, cause });
            break;
          } catch (failure) {
            if (attempt >= END_ATTEMPTS) {
              console.error('local Step Functions: could not record the end of an execution', failure);
              break;
            }
            await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** attempt, 5_000)));
          }
        }
      } finally {
        this.services.ended(this);
      }
    })();
    return this.closed;
  }

  /** Stops the interpreter and everything the run waits on; nothing more of it is recorded. */
  detach(): void {
    this.ended = true;
    this.abort();
    for (const giveUp of this.onEnd) giveUp(new RunEndedError());
    this.onEnd.clear();
  }

  private record(type: string, details: Record<string, unknown>, key?: string): void {
    if (!this.ended) this.journal.add(type, details, key);
  }

  /** The history event for an interpreter event, named as AWS names it; none for those AWS has no event for. */
  private recordInterpreterEvent(event: EventLog): void {
    switch (event.type) {
      case 'StateEntered':
      case 'StateExited': {
        const stateType = this.machine.prepared.plans.get(event.state.name)?.originalType ?? event.state.type;
        if (event.type === 'StateEntered') this.record(`${stateType}StateEntered`, { name: event.state.name, input: JSON.stringify(event.state.input) }, 'stateEnteredEventDetails');
        else this.record(`${stateType}StateExited`, { name: event.state.name, output: JSON.stringify(event.state.output ?? null) }, 'stateExitedEventDetails');
        return;
      }
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
        this.record(event.type, { name: event.parentState.name, index: event.index });
        return;
      default:
    }
  }

  /** Resolves when the local clock reaches `dueMs`; rejects when the run ends first. */
  private sleepUntil(dueMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onEnd = (error: Error) => {
        cancel();
        reject(error);
      };
      const cancel = this.services.timers.schedule(dueMs, () => {
        this.onEnd.delete(onEnd);
        resolve();
      });
      this.onEnd.add(onEnd);
    });
  }

  /** A timer's due time: the one in the table if a previous run set it, else `proposedMs`, written with the next flush. */
  private dueTime(key: string, proposedMs: number): number {
    const stored = this.storedTimers.get(key);
    if (stored !== undefined) return stored;
    this.storedTimers.set(key, proposedMs);
    this.journal.putTimer(key, proposedMs);
    return proposedMs;
  }

  private async runTask(stateName: string, plan: TaskPlan, envelope: TaskEnvelope): Promise<unknown> {
    // Taken as the state is entered, before any await: a clock moved after the state shows as
    // entered counts against its due times.
    let enteredMs = now().getTime();
    // Lets the event-log reader catch up, so the state's Entered event precedes this task's
    // events, and a retry it has announced is known here.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.ended) throw new RunEndedError();
    const retry = this.retries.get(stateName);
    let timerKey: string;
    if (retry) {
      this.retries.delete(stateName);
      const attempt = (this.attempts.get(stateName) ?? 0) + 1;
      this.attempts.set(stateName, attempt);
      timerKey = `${stateName}#${this.visits.get(stateName) ?? 1}#${attempt}`;
      await this.sleepUntil(enteredMs + retryDelayMs(retry));
      enteredMs = now().getTime();
    } else {
      const visit = (this.visits.get(stateName) ?? 0) + 1;
      this.visits.set(stateName, visit);
      this.attempts.set(stateName, 0);
      timerKey = `${stateName}#${visit}`;
    }
    return plan.kind === 'wait' ? this.runWait(stateName, timerKey, enteredMs, envelope) : this.runLambda(stateName, plan, timerKey, enteredMs, envelope);
  }

  /** A Wait state, turned into a Task: sleeps on the local clock until its (persisted) due time. */
  private async runWait(stateName: string, timerKey: string, enteredMs: number, envelope: TaskEnvelope): Promise<unknown> {
    let proposed: number;
    if (envelope.timestamp !== undefined) {
      proposed = typeof envelope.timestamp === 'string' ? Date.parse(envelope.timestamp) : Number.NaN;
    } else {
      const seconds = envelope.seconds;
      proposed = typeof seconds === 'number' && seconds >= 0 ? enteredMs + seconds * 1000 : Number.NaN;
    }
    if (Number.isNaN(proposed)) throw new StatesError('States.Runtime', `Wait state ${stateName}: ${JSON.stringify(envelope.timestamp ?? envelope.seconds)} is not a time to wait for`);
    const due = this.dueTime(timerKey, proposed);
    if (due > now().getTime()) void this.journal.flush();
    await this.sleepUntil(due);
    return envelope.parameters;
  }

  private async invoke(functionName: string, payload: unknown): Promise<unknown> {
    const fault = nextFault(this.services.faults, functionName);
    if (fault === 'error') throw lambdaError(new InjectedFaultError('Lambda.ServiceException', `injected fault: ${functionName} was not reached`));
    let output: unknown;
    try {
      output = (await this.services.invokeFunction(functionName, payload)) ?? null;
    } catch (error) {
      throw lambdaError(error);
    }
    if (fault === 'timeout') throw lambdaError(new InjectedFaultError('Lambda.ClientExecutionTimeoutException', `injected fault: the reply of ${functionName} was lost`));
    return output;
  }

  /**
   * A Lambda task: `lambda:invoke` (the result wrapped as the integration does), its
   * `.waitForTaskToken` form (the result is what SendTaskSuccess sends), or a plain function ARN.
   * Deadlines run on the local clock; the TimeoutSeconds deadline is kept per visit, so a
   * continued run keeps it.
   */
  private async runLambda(stateName: string, plan: TaskPlan, timerKey: string, enteredMs: number, envelope: TaskEnvelope): Promise<unknown> {
    const { region, timers, tokens } = this.services;
    const integration = plan.resource.startsWith(LAMBDA_INTEGRATION);
    const call = integration ? (envelope.parameters as { FunctionName?: unknown; Payload?: unknown }) : { FunctionName: plan.resource, Payload: envelope.parameters };
    if (typeof call.FunctionName !== 'string') throw new StatesError('States.Runtime', 'the Parameters of a lambda:invoke Task need a FunctionName');
    const functionName = call.FunctionName;
    const timeoutSeconds = positiveSeconds(envelope.timeoutSeconds, 'TimeoutSeconds');
    const heartbeatSeconds = plan.waitForTaskToken ? positiveSeconds(envelope.heartbeatSeconds, 'HeartbeatSeconds') : undefined;

    // A fresh token per attempt, put wherever `$$.Task.Token` left the placeholder.
    const token = plan.waitForTaskToken ? mintToken() : undefined;
    const withToken = (value: unknown): unknown => (token ? JSON.parse(JSON.stringify(value ?? null).replaceAll(TOKEN_PLACEHOLDER, token)) : value);
    const parameters = withToken(envelope.parameters);
    const payload = withToken(call.Payload ?? null);

    // AWS names the events of a plain function ARN LambdaFunction*, those of the integration Task*.
    const resource = { resourceType: 'lambda', resource: plan.resource.slice(LAMBDA_INTEGRATION.length) };
    const events = integration
      ? { scheduled: 'TaskScheduled', started: 'TaskStarted', succeeded: 'TaskSucceeded', failed: 'TaskFailed', timedOut: 'TaskTimedOut', common: resource }
      : { scheduled: 'LambdaFunctionScheduled', started: 'LambdaFunctionStarted', succeeded: 'LambdaFunctionSucceeded', failed: 'LambdaFunctionFailed', timedOut: 'LambdaFunctionTimedOut', common: {} };
    this.record(
      events.scheduled,
      integration
        ? { ...resource, region, parameters: JSON.stringify(parameters), ...(timeoutSeconds ? { timeoutInSeconds: timeoutSeconds } : {}), ...(heartbeatSeconds ? { heartbeatInSeconds: heartbeatSeconds } : {}) }
        : { resource: plan.resource, input: JSON.stringify(parameters), ...(timeoutSeconds ? { timeoutInSeconds: timeoutSeconds } : {}) },
    );

    // The attempt settles once: by the function's result, a callback, a deadline or the run's end.
    let settled = false;
    let settle!: { resolve(value: unknown): void; reject(error: Error): void };
    const attempt = new Promise<unknown>((resolve, reject) => {
      settle = {
        resolve: (value) => ((settled = true), resolve(value)),
        reject: (error) => ((settled = true), reject(error)),
      };
    });
    // A deadline or the run's end may reject it before it is awaited below; that is not an unhandled rejection.
    attempt.catch(() => undefined);
    const cleanups: (() => void)[] = [];
    this.onEnd.add(settle.reject);
    cleanups.push(() => this.onEnd.delete(settle.reject));

    try {
      let deadline: number | undefined;
      if (timeoutSeconds) {
        deadline = this.dueTime(timerKey, enteredMs + timeoutSeconds * 1000);
        cleanups.push(timers.schedule(deadline, () => settle.reject(Object.assign(new this.services.TimeoutError(), { message: `the task did not complete within ${timeoutSeconds} seconds` }))));
      }
      if (token) {
        let stopHeartbeat = () => {};
        const heartbeat = () => {
          if (!heartbeatSeconds) return;
          stopHeartbeat();
          stopHeartbeat = timers.schedule(now().getTime() + heartbeatSeconds * 1000, () =>
            settle.reject(new StatesError('States.HeartbeatTimeout', `no heartbeat within ${heartbeatSeconds} seconds`)),
          );
        };
        // Registered before the function runs: it may call SendTaskSuccess before it returns.
        tokens.set(token, { run: this, resolve: settle.resolve, reject: settle.reject, heartbeat });
        this.liveTokens.add(token);
        cleanups.push(() => tokens.delete(token), () => stopHeartbeat());
        heartbeat();
        this.journal.putToken(token, { stateName, ...(deadline ? { deadline: new Date(deadline).toISOString() } : {}) });
      }
      if (this.ended) throw new RunEndedError();
      this.record(events.started, events.common);
      // A callback is a wait: what the execution has done so far is written before it waits.
      if (token) void this.journal.flush();
      this.invoke(functionName, payload).then((output) => {
        // A callback may have come while the function ran: then the task is already over.
        if (plan.waitForTaskToken) {
          if (!settled) this.record('TaskSubmitted', { ...resource, output: JSON.stringify({ Payload: output, StatusCode: 200 }) });
        } else settle.resolve(integration ? { ExecutedVersion: '$LATEST', Payload: output, StatusCode: 200 } : output);
      }, settle.reject);
      const result = await attempt;
      this.record(events.succeeded, { ...events.common, output: JSON.stringify(result) });
      return result;
    } catch (error) {
      if (error instanceof Error && !(error instanceof RunEndedError)) {
        const late = error.name === 'States.Timeout' || error.name === 'States.HeartbeatTimeout';
        this.record(late ? events.timedOut : events.failed, { ...events.common, error: error.name, cause: error.message });
      }
      throw error;
    } finally {
      for (const cleanup of cleanups) cleanup();
      // An ended run's tokens are dropped with the rest of it; a stopped service keeps them for the record.
      if (token && !this.ended) {
        this.liveTokens.delete(token);
        this.journal.dropToken(token);
      }
      if (timeoutSeconds !== undefined && !this.ended) {
        this.storedTimers.delete(timerKey);
        this.journal.dropTimer(timerKey);
      }
    }
  }
}

/** A function's error as the interpreter sees it: its name is the ASL error, its Cause Lambda's `{errorType, errorMessage}`. */
function lambdaError(error: unknown): StatesError {
  if (error instanceof Error) {
    const errorType = error.name || 'Error';
    return new StatesError(errorType, JSON.stringify({ errorType, errorMessage: error.message }));
  }
  return new StatesError('Lambda.Unknown', JSON.stringify({ errorType: 'Lambda.Unknown', errorMessage: String(error) }));
}
