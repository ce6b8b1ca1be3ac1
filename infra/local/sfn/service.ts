import './polyfill.ts';
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { StateMachine } from 'aws-local-stepfunctions';
import { clockOffset, now, setClockOffset } from '../../../functions/shared/clock.ts';
import { prepareDefinition, type PreparedDefinition, type TaskEnvelope, type TaskPlan } from './definition.ts';
import {
  executionAlreadyExists,
  executionDoesNotExist,
  invalidArn,
  invalidInput,
  invalidName,
  invalidOutput,
  invalidToken,
  RunEndedError,
  StatesError,
  stateMachineDoesNotExist,
  taskDoesNotExist,
  validation,
} from './errors.ts';
import { serveStepFunctionsProtocol, type Operation } from './protocol.ts';
import { ExecutionRecords, type ExecutionRecord, type ExecutionStatus, type HistoryEvent } from './records.ts';

export interface LocalStateMachine {
  name: string;
  /** ASL JSON with the substitutions already applied. */
  definition: string;
}

export interface StepFunctionsServiceOptions {
  dynamoEndpoint: string;
  /** The service's own table (executions, history, tokens, timers, clock offset); created if missing. */
  tableName: string;
  stateMachines: LocalStateMachine[];
  /**
   * Runs a Lambda function in-process. A thrown Error's `name` becomes the ASL error code, as with
   * Lambda; anything else thrown is `Lambda.Unknown`.
   */
  invokeFunction(functionArn: string, payload: unknown): Promise<unknown>;
  /** 0 or absent: a free port. */
  port?: number;
  region?: string;
  accountId?: string;
  /**
   * Where the local clock starts (ISO instant) when this table has no clock yet: tests pin "now" so
   * they never read the calendar. A restart keeps the persisted clock.
   */
  clockStartsAt?: string;
}

export interface StepFunctionsService {
  endpoint: string;
  stateMachineArn(name: string): string;
  /** Moves the local clock forward (persisted) and fires every Wait and deadline now due. */
  advanceClock(seconds: number): Promise<void>;
  /** Stops serving; unfinished executions stay RUNNING in the table, to be re-driven by the next start. */
  stop(): Promise<void>;
}

/** Where `$$.Task.Token` points until a waiting task swaps in a fresh token. */
const TOKEN_PLACEHOLDER = 'local-task-token-placeholder';
/** The shape of the tokens this service mints (48 random bytes, base64url). */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{64}$/;
/** AWS's rule for execution names: 1–80 characters, none of whitespace, brackets, wildcards, these specials or control characters. */
const NAME_PATTERN = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/u;
/** How often real time passing is checked against timers and deadlines. */
const TICK_MS = 250;
const STATUSES: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];
const LAMBDA_INTEGRATION = 'arn:aws:states:::lambda:';

type EventLog = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

interface Machine {
  name: string;
  arn: string;
  prepared: PreparedDefinition;
  interpreter: StateMachine;
  definitionText: string;
  /** 0 ms for every Task with a Retry: the interpreter retries at once and the service pauses on its clock. */
  retryIntervals: Record<string, number>;
}

/** What the interpreter reports of a retry (its StateRetried event). */
interface Retry {
  retrier: { IntervalSeconds?: number; BackoffRate?: number; MaxDelaySeconds?: number; JitterStrategy?: string };
  /** 1 for the first retry. */
  attempt: number;
}

/** A task waiting for SendTaskSuccess / SendTaskFailure. */
interface PendingTask {
  resolve(output: unknown): void;
  reject(error: Error): void;
  /** Restarts the HeartbeatSeconds window, if the task has one. */
  heartbeat(): void;
}

interface Timer {
  dueMs: number;
  fire(): void;
}

/** One interpreter run of an execution, from its start or from a re-drive. */
interface Run {
  execution: ExecutionRecord;
  /** Set once the run's end is decided, or the service stops: from then on nothing of it is recorded. */
  ended: boolean;
  nextEventId: number;
  /** History writes, chained so they land in order; GetExecutionHistory waits for them. */
  written: Promise<void>;
  /** The event-log reader, done when the interpreter has closed its log. */
  logRead: Promise<void>;
  /** Visits per state, so each visit of a state keys its own timer. */
  visits: Map<string, number>;
  /** Retries the interpreter has announced, taken by the state's next attempt. */
  retries: Map<string, Retry>;
  /** Called with a RunEndedError when the run ends: whatever it waits on gives up. */
  onEnd: Set<(error: Error) => void>;
  abort(): void;
}

interface Outcome {
  status: Exclude<ExecutionStatus, 'RUNNING'>;
  eventType: string;
  details: Record<string, unknown>;
  output?: string;
  error?: string;
  cause?: string;
}

const epochSeconds = (iso: string) => Date.parse(iso) / 1000;
/** `TaskScheduled` → `taskScheduledEventDetails`, as AWS names the details of each event type. */
const detailsKey = (type: string) => `${type[0]?.toLowerCase()}${type.slice(1)}EventDetails`;

function positiveSeconds(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new StatesError('States.Runtime', `${field} must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * The interpreter's own States.Timeout error class. Its Retry and Catch let `States.TaskFailed`
 * match every error but an instance of that class, as AWS lets it match every error but
 * States.Timeout; the package does not export the class, so one tiny run that times out hands it over.
 */
function interpreterTimeoutError(): Promise<new () => Error> {
  timeoutErrorClass ??= probeTimeoutError();
  return timeoutErrorClass;
}
let timeoutErrorClass: Promise<new () => Error> | undefined;

async function probeTimeoutError(): Promise<new () => Error> {
  const probe = new StateMachine(
    { StartAt: 'Probe', States: { Probe: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:probe', TimeoutSeconds: 0.001, End: true } } },
    { validationOptions: { noValidate: true } },
  );
  const outcome = await probe.run({}, { overrides: { taskResourceLocalHandlers: { Probe: () => new Promise<never>(() => undefined) } } }).result.catch((error: unknown) => error);
  const timeout = outcome instanceof Error ? outcome.cause : undefined;
  if (!(timeout instanceof Error) || timeout.name !== 'States.Timeout') throw new Error('aws-local-stepfunctions no longer times a task out as this service expects');
  return timeout.constructor as new () => Error;
}

/**
 * Interpreters by prepared definition, kept for the life of the process: building one validates
 * the definition, which takes a good part of a second, and a restarted service (or the next test)
 * runs the same definitions.
 */
const interpreters = new Map<string, StateMachine>();

function interpreterFor(definition: Record<string, unknown>): StateMachine {
  const key = JSON.stringify(definition);
  let interpreter = interpreters.get(key);
  if (!interpreter) {
    interpreter = new StateMachine(definition as unknown as ConstructorParameters<typeof StateMachine>[0], { validationOptions: { checkArn: false } });
    interpreters.set(key, interpreter);
  }
  return interpreter;
}

/** History details without inputs, outputs and parameters, as `includeExecutionData: false` asks. */
function withoutData(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(details).map(([key, inner]) => {
      const { input: _input, output: _output, parameters: _parameters, ...rest } = inner as Record<string, unknown>;
      return [key, rest];
    }),
  );
}

/** The pause before a retry, as AWS computes it from the matching retrier. */
function retryDelayMs({ retrier, attempt }: Retry): number {
  const interval = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** (attempt - 1);
  const capped = retrier.MaxDelaySeconds === undefined ? interval : Math.min(interval, retrier.MaxDelaySeconds);
  return (retrier.JitterStrategy === 'FULL' ? Math.random() * capped : capped) * 1000;
}

function mintToken(): string {
  return randomBytes(48).toString('base64url');
}

/**
 * A local Step Functions: the Step Functions JSON protocol on loopback, the same ASL files run by
 * aws-local-stepfunctions, callbacks and timers on a clock that can be moved, and execution
 * records in DynamoDB so that a restart re-drives what was running.
 */
export async function startStepFunctionsService(options: StepFunctionsServiceOptions): Promise<StepFunctionsService> {
  const region = options.region ?? 'us-east-1';
  const account = options.accountId ?? '000000000000';
  const roleArn = `arn:aws:iam::${account}:role/local-step-functions`;
  const smArn = (name: string) => `arn:aws:states:${region}:${account}:stateMachine:${name}`;

  // Definitions first: a JSONata workflow is refused before anything is started.
  const machines = new Map<string, Machine>();
  for (const machine of options.stateMachines) {
    const prepared = prepareDefinition(machine.definition);
    const retryIntervals = Object.fromEntries([...prepared.plans].filter(([, plan]) => plan.retried).map(([stateName]) => [stateName, 0]));
    machines.set(smArn(machine.name), { name: machine.name, arn: smArn(machine.name), prepared, interpreter: interpreterFor(prepared.definition), definitionText: machine.definition, retryIntervals });
  }

  const TimeoutError = await interpreterTimeoutError();
  const timedOut = (cause: string): Error => Object.assign(new TimeoutError(), { message: cause });

  const client = new DynamoDBClient({ endpoint: options.dynamoEndpoint });
  const records = new ExecutionRecords(client, options.tableName);
  await records.ensureTable();
  let offset = await records.clockOffset();
  if (offset === undefined && options.clockStartsAt !== undefined) {
    offset = Date.parse(options.clockStartsAt) - Date.now();
    await records.setClockOffset(offset);
  }
  setClockOffset(offset ?? 0);

  const pending = new Map<string, PendingTask>();
  const timers = new Set<Timer>();
  const runs = new Map<string, Run>();
  /** Ends being recorded, which stop() lets finish. */
  const ending = new Set<Promise<void>>();

  /** Calls `fire` once the local clock reaches `dueMs`; returns the cancel. */
  function schedule(dueMs: number, fire: () => void): () => void {
    const timer = { dueMs, fire };
    timers.add(timer);
    return () => timers.delete(timer);
  }

  function fireDue(): void {
    const nowMs = now().getTime();
    for (const timer of [...timers]) {
      if (timer.dueMs <= nowMs) {
        timers.delete(timer);
        timer.fire();
      }
    }
  }
  const ticker = setInterval(fireDue, TICK_MS);
  ticker.unref();

  function record(run: Run, type: string, details: Record<string, unknown>, key = detailsKey(type)): void {
    if (run.ended) return;
    const id = run.nextEventId++;
    const event: HistoryEvent = { id, previousEventId: id - 1, timestamp: now().toISOString(), type, details: { [key]: details } };
    const { executionArn } = run.execution;
    run.written = run.written.then(() => records.appendEvent(executionArn, event)).catch((error: unknown) => console.error('local Step Functions: could not record a history event', error));
  }

  /** Resolves when the local clock reaches `dueMs`; rejects when the run ends first. */
  function sleepUntil(run: Run, dueMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onEnd = (error: Error) => {
        cancel();
        reject(error);
      };
      const cancel = schedule(dueMs, () => {
        run.onEnd.delete(onEnd);
        resolve();
      });
      run.onEnd.add(onEnd);
    });
  }

  /** Stops the interpreter and everything the run waits on. */
  function detach(run: Run): void {
    run.ended = true;
    run.abort();
    for (const giveUp of run.onEnd) giveUp(new RunEndedError());
    run.onEnd.clear();
  }

  /** Records how an execution ended, once: whichever of its natural end, StopExecution or its timeout comes first. */
  async function end(run: Run, outcome: Outcome): Promise<void> {
    if (run.ended) return;
    record(run, outcome.eventType, outcome.details);
    detach(run);
    const { executionArn } = run.execution;
    const { status, output, error, cause } = outcome;
    const closing = (async () => {
      await run.written;
      await records.close(executionArn, { status, stoppedAt: now().toISOString(), output, error, cause });
      await records.dropPending(executionArn, { timers: true });
    })();
    ending.add(closing);
    try {
      await closing;
    } finally {
      ending.delete(closing);
      if (runs.get(executionArn) === run) runs.delete(executionArn);
    }
  }

  async function invoke(functionArn: string, payload: unknown): Promise<unknown> {
    try {
      return (await options.invokeFunction(functionArn, payload)) ?? null;
    } catch (error) {
      if (error instanceof Error) {
        const errorType = error.name || 'Error';
        throw new StatesError(errorType, JSON.stringify({ errorType, errorMessage: error.message }));
      }
      throw new StatesError('Lambda.Unknown', JSON.stringify({ errorType: 'Lambda.Unknown', errorMessage: String(error) }));
    }
  }

  /** A Wait state, turned into a Task: sleeps on the local clock until its (persisted) due time. */
  async function runWait(run: Run, stateName: string, timerKey: string, enteredMs: number, envelope: TaskEnvelope): Promise<unknown> {
    let proposed: number;
    if (envelope.timestamp !== undefined) {
      proposed = typeof envelope.timestamp === 'string' ? Date.parse(envelope.timestamp) : Number.NaN;
    } else {
      const seconds = envelope.seconds;
      proposed = typeof seconds === 'number' && seconds >= 0 ? enteredMs + seconds * 1000 : Number.NaN;
    }
    if (Number.isNaN(proposed)) throw new StatesError('States.Runtime', `Wait state ${stateName}: ${JSON.stringify(envelope.timestamp ?? envelope.seconds)} is not a time to wait for`);
    await sleepUntil(run, await records.dueTime(run.execution.executionArn, timerKey, proposed));
    return envelope.parameters;
  }

  /**
   * A Lambda task: `lambda:invoke` (the result wrapped as the integration does), its
   * `.waitForTaskToken` form (the result is what SendTaskSuccess sends), or a plain function ARN.
   * Deadlines run on the local clock; the TimeoutSeconds deadline is persisted per visit, so a
   * re-drive keeps it.
   */
  async function runLambda(run: Run, stateName: string, plan: TaskPlan, timerKey: string, enteredMs: number, envelope: TaskEnvelope): Promise<unknown> {
    const { executionArn } = run.execution;
    const integration = plan.resource.startsWith(LAMBDA_INTEGRATION);
    const call = integration ? (envelope.parameters as { FunctionName?: unknown; Payload?: unknown }) : { FunctionName: plan.resource, Payload: envelope.parameters };
    if (typeof call.FunctionName !== 'string') throw new StatesError('States.Runtime', 'the Parameters of a lambda:invoke Task need a FunctionName');
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
    record(
      run,
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
    run.onEnd.add(settle.reject);
    cleanups.push(() => run.onEnd.delete(settle.reject));

    try {
      let deadline: number | undefined;
      if (timeoutSeconds) {
        deadline = await records.dueTime(executionArn, timerKey, enteredMs + timeoutSeconds * 1000);
        cleanups.push(schedule(deadline, () => settle.reject(timedOut(`the task did not complete within ${timeoutSeconds} seconds`))));
      }
      if (token) {
        const minted = token;
        let stopHeartbeat = () => {};
        const heartbeat = () => {
          if (!heartbeatSeconds) return;
          stopHeartbeat();
          stopHeartbeat = schedule(now().getTime() + heartbeatSeconds * 1000, () =>
            settle.reject(new StatesError('States.HeartbeatTimeout', `no heartbeat within ${heartbeatSeconds} seconds`)),
          );
        };
        // Registered before the function runs: it may call SendTaskSuccess before it returns.
        pending.set(minted, { resolve: settle.resolve, reject: settle.reject, heartbeat });
        cleanups.push(() => pending.delete(minted), () => stopHeartbeat());
        heartbeat();
        await records.putToken(executionArn, minted, { stateName, ...(deadline ? { deadline: new Date(deadline).toISOString() } : {}) });
      }
      if (run.ended) throw new RunEndedError();
      record(run, events.started, events.common);
      invoke(call.FunctionName, payload).then((output) => {
        // A callback may have come while the function ran: then the task is already over.
        if (plan.waitForTaskToken) {
          if (!settled) record(run, 'TaskSubmitted', { ...resource, output: JSON.stringify({ Payload: output, StatusCode: 200 }) });
        } else settle.resolve(integration ? { ExecutedVersion: '$LATEST', Payload: output, StatusCode: 200 } : output);
      }, settle.reject);
      const result = await attempt;
      record(run, events.succeeded, { ...events.common, output: JSON.stringify(result) });
      return result;
    } catch (error) {
      if (error instanceof Error && !(error instanceof RunEndedError)) {
        const late = error.name === 'States.Timeout' || error.name === 'States.HeartbeatTimeout';
        record(run, late ? events.timedOut : events.failed, { ...events.common, error: error.name, cause: error.message });
      }
      throw error;
    } finally {
      for (const cleanup of cleanups) cleanup();
      // An ended run's tokens are dropped with the rest of it; a stopped service keeps them for the record.
      if (token && !run.ended) await records.deleteToken(executionArn, token);
    }
  }

  function taskHandler(run: Run, stateName: string, plan: TaskPlan) {
    return async (envelope: TaskEnvelope): Promise<unknown> => {
      // Taken as the state is entered, before any await: a clock moved after the state shows as
      // entered counts against its due times.
      let enteredMs = now().getTime();
      const visit = (run.visits.get(stateName) ?? 0) + 1;
      run.visits.set(stateName, visit);
      const timerKey = `${stateName}#${visit}`;
      // Lets the event-log reader catch up, so the state's Entered event precedes this task's
      // events, and a retry it has announced is known here.
      await new Promise((resolve) => setImmediate(resolve));
      if (run.ended) throw new RunEndedError();
      const retry = run.retries.get(stateName);
      if (retry) {
        run.retries.delete(stateName);
        await sleepUntil(run, enteredMs + retryDelayMs(retry));
        enteredMs = now().getTime();
      }
      return plan.kind === 'wait' ? runWait(run, stateName, timerKey, enteredMs, envelope) : runLambda(run, stateName, plan, timerKey, enteredMs, envelope);
    };
  }

  /** The history event for an interpreter event, named as AWS names it; undefined for those AWS has no event for. */
  function historyEvent(event: EventLog, machine: Machine): { type: string; details: Record<string, unknown>; key?: string } | undefined {
    switch (event.type) {
      case 'StateEntered':
      case 'StateExited': {
        const stateType = machine.prepared.plans.get(event.state.name)?.originalType ?? event.state.type;
        return event.type === 'StateEntered'
          ? { type: `${stateType}StateEntered`, details: { name: event.state.name, input: JSON.stringify(event.state.input) }, key: 'stateEnteredEventDetails' }
          : { type: `${stateType}StateExited`, details: { name: event.state.name, output: JSON.stringify(event.state.output ?? null) }, key: 'stateExitedEventDetails' };
      }
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
        return { type: event.type, details: { name: event.parentState.name, index: event.index } };
      default:
        return undefined;
    }
  }

  function failureOf(error: unknown): { error: string; cause: string } {
    // The interpreter wraps the state's error (name = ASL error, message = Cause) in an ExecutionError.
    const failure = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    if (failure instanceof Error) return { error: failure.name, cause: failure.message };
    return { error: 'States.Runtime', cause: String(failure) };
  }

  /** Runs (or re-drives) an execution from its input until it ends, recording its history and end. */
  function launch(machine: Machine, execution: ExecutionRecord, history: { nextEventId: number; redriveCount: number }): void {
    const run: Run = {
      execution,
      ended: false,
      nextEventId: history.nextEventId,
      written: Promise.resolve(),
      logRead: Promise.resolve(),
      visits: new Map(),
      retries: new Map(),
      onEnd: new Set(),
      abort: () => undefined,
    };
    const overrides: Record<string, (envelope: TaskEnvelope) => Promise<unknown>> = {};
    for (const [stateName, plan] of machine.prepared.plans) overrides[stateName] = taskHandler(run, stateName, plan);
    const input = JSON.parse(execution.input) as Parameters<StateMachine['run']>[0];
    // Recorded before the interpreter starts: it enters the first state synchronously.
    if (history.redriveCount === 0) record(run, 'ExecutionStarted', { input: execution.input, inputDetails: { truncated: false }, roleArn });
    else record(run, 'ExecutionRedriven', { redriveCount: history.redriveCount });
    runs.set(execution.executionArn, run);

    if (machine.prepared.timeoutSeconds !== undefined) {
      const cancel = schedule(Date.parse(execution.startedAt) + machine.prepared.timeoutSeconds * 1000, () => {
        const cause = `the execution did not end within ${machine.prepared.timeoutSeconds} seconds`;
        void end(run, { status: 'TIMED_OUT', eventType: 'ExecutionTimedOut', details: { error: 'States.Timeout', cause }, error: 'States.Timeout', cause }).catch(reportEndFailure);
      });
      run.onEnd.add(cancel);
    }

    const started = machine.interpreter.run(input, {
      overrides: { taskResourceLocalHandlers: overrides as never, retryIntervalOverrides: machine.retryIntervals },
      context: {
        Execution: { Id: execution.executionArn, Name: execution.name, RoleArn: roleArn, RedriveCount: history.redriveCount },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: { Token: TOKEN_PLACEHOLDER },
      },
    });
    run.abort = started.abort;
    run.logRead = (async () => {
      for await (const event of started.eventLogs) {
        if (run.ended) break;
        if (event.type === 'StateRetried' && machine.prepared.plans.get(event.state.name)?.retried) run.retries.set(event.state.name, event.retry as Retry);
        const mapped = historyEvent(event, machine);
        if (mapped) record(run, mapped.type, mapped.details, mapped.key);
      }
    })().catch((error: unknown) => console.error('local Step Functions: could not read the interpreter’s event log', error));

    started.result
      .then(
        async (output) => {
          await run.logRead;
          const text = JSON.stringify(output);
          await end(run, { status: 'SUCCEEDED', eventType: 'ExecutionSucceeded', details: { output: text, outputDetails: { truncated: false } }, output: text });
        },
        async (error: unknown) => {
          if (run.ended) return;
          await run.logRead;
          const failure = failureOf(error);
          await end(run, { status: 'FAILED', eventType: 'ExecutionFailed', details: failure, ...failure });
        },
      )
      .catch(reportEndFailure);
  }

  function reportEndFailure(error: unknown): void {
    console.error('local Step Functions: could not record the end of an execution', error);
  }

  function requireMachine(arn: unknown): Machine {
    if (typeof arn !== 'string' || !arn.startsWith('arn:aws:states:')) throw invalidArn(String(arn));
    const machine = machines.get(arn);
    if (!machine) throw stateMachineDoesNotExist(arn);
    return machine;
  }

  async function requireExecution(arn: unknown): Promise<ExecutionRecord> {
    if (typeof arn !== 'string' || !/^arn:aws:states:[^:]+:[^:]+:execution:[^:]+:[^:]+$/.test(arn)) throw invalidArn(String(arn));
    const execution = await records.get(arn);
    if (!execution) throw executionDoesNotExist(arn);
    return execution;
  }

  /** The task a token belongs to; `take` makes it the token's last use (success or failure). */
  function requireToken(token: unknown, use: 'take' | 'peek'): PendingTask {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) throw invalidToken('the token is malformed');
    const task = pending.get(token);
    if (!task) throw taskDoesNotExist();
    if (use === 'take') pending.delete(token);
    return task;
  }

  function decodePageToken(token: unknown): Record<string, unknown> | undefined {
    if (token === undefined || token === null) return undefined;
    try {
      const key = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as unknown;
      if (key && typeof key === 'object' && !Array.isArray(key)) return key as Record<string, unknown>;
    } catch {
      // Falls through to the same refusal as a token that is JSON but not a key.
    }
    throw invalidToken('the nextToken is not one this service issued');
  }

  function pageSize(value: unknown, max: number): number {
    if (value === undefined || value === null || value === 0) return max;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 1000) throw validation('maxResults must be an integer from 0 to 1000');
    return value;
  }

  const summary = (execution: ExecutionRecord) => ({
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: epochSeconds(execution.startedAt),
    ...(execution.stoppedAt ? { stopDate: epochSeconds(execution.stoppedAt) } : {}),
  });

  const operations: Record<string, Operation> = {
    async StartExecution(body) {
      const machine = requireMachine(body.stateMachineArn);
      const name = body.name === undefined ? randomBytes(16).toString('hex') : body.name;
      if (typeof name !== 'string' || !NAME_PATTERN.test(name)) throw invalidName(String(name));
      const input = body.input === undefined ? '{}' : body.input;
      if (typeof input !== 'string') throw invalidInput('input must be a string of JSON');
      try {
        JSON.parse(input);
      } catch {
        throw invalidInput('the input is not JSON');
      }
      const executionArn = `${machine.arn.replace(':stateMachine:', ':execution:')}:${name}`;
      const execution: ExecutionRecord = { executionArn, stateMachineArn: machine.arn, name, status: 'RUNNING', input, startedAt: now().toISOString() };
      if (!(await records.create(execution))) {
        // Standard workflows: the same name and input while it runs is the same execution.
        const existing = await records.get(executionArn);
        if (existing?.status === 'RUNNING' && existing.input === input) return { executionArn, startDate: epochSeconds(existing.startedAt) };
        throw executionAlreadyExists(executionArn);
      }
      launch(machine, execution, { nextEventId: 1, redriveCount: 0 });
      return { executionArn, startDate: epochSeconds(execution.startedAt) };
    },

    async DescribeExecution(body) {
      const execution = await requireExecution(body.executionArn);
      return {
        ...summary(execution),
        input: execution.input,
        inputDetails: { included: true },
        ...(execution.output !== undefined ? { output: execution.output, outputDetails: { included: true } } : {}),
        ...(execution.error !== undefined ? { error: execution.error } : {}),
        ...(execution.cause !== undefined ? { cause: execution.cause } : {}),
      };
    },

    async ListExecutions(body) {
      const machine = requireMachine(body.stateMachineArn);
      const status = body.statusFilter;
      if (status !== undefined && !STATUSES.includes(status as ExecutionStatus)) throw validation(`statusFilter must be one of ${STATUSES.join(', ')}`);
      const page = await records.list(machine.arn, status as ExecutionStatus | undefined, pageSize(body.maxResults, 100), decodePageToken(body.nextToken));
      return {
        executions: page.items.map(summary),
        ...(page.lastKey ? { nextToken: Buffer.from(JSON.stringify(page.lastKey)).toString('base64url') } : {}),
      };
    },

    async GetExecutionHistory(body) {
      const execution = await requireExecution(body.executionArn);
      await runs.get(execution.executionArn)?.written;
      let events = await records.history(execution.executionArn);
      if (body.reverseOrder === true) events = events.reverse();
      if (body.nextToken !== undefined && (typeof body.nextToken !== 'string' || !/^\d+$/.test(body.nextToken))) throw invalidToken('the nextToken is not one this service issued');
      const offset = body.nextToken === undefined ? 0 : Number(body.nextToken);
      const limit = pageSize(body.maxResults, 1000);
      const includeData = body.includeExecutionData !== false;
      return {
        events: events.slice(offset, offset + limit).map((event) => ({
          id: event.id,
          previousEventId: event.previousEventId,
          timestamp: epochSeconds(event.timestamp),
          type: event.type,
          ...(includeData ? event.details : withoutData(event.details)),
        })),
        ...(offset + limit < events.length ? { nextToken: String(offset + limit) } : {}),
      };
    },

    async StopExecution(body) {
      const execution = await requireExecution(body.executionArn);
      const error = typeof body.error === 'string' ? body.error : undefined;
      const cause = typeof body.cause === 'string' ? body.cause : undefined;
      const details = { ...(error ? { error } : {}), ...(cause ? { cause } : {}) };
      const run = runs.get(execution.executionArn);
      if (run) {
        await end(run, { status: 'ABORTED', eventType: 'ExecutionAborted', details, error, cause });
      } else if (execution.status === 'RUNNING') {
        // Running in the table but not here (its state machine is no longer loaded): closed all the same.
        const stoppedAt = now().toISOString();
        if (await records.close(execution.executionArn, { status: 'ABORTED', stoppedAt, error, cause })) {
          const id = (await records.history(execution.executionArn)).length + 1;
          await records.appendEvent(execution.executionArn, { id, previousEventId: id - 1, timestamp: stoppedAt, type: 'ExecutionAborted', details: { executionAbortedEventDetails: details } });
        }
      }
      const stopped = await requireExecution(body.executionArn);
      return { stopDate: epochSeconds(stopped.stoppedAt ?? now().toISOString()) };
    },

    async SendTaskSuccess(body) {
      let output: unknown;
      try {
        output = JSON.parse(typeof body.output === 'string' ? body.output : '');
      } catch {
        throw invalidOutput('output must be JSON');
      }
      requireToken(body.taskToken, 'take').resolve(output);
      return {};
    },

    async SendTaskFailure(body) {
      const error = typeof body.error === 'string' ? body.error : '';
      const cause = typeof body.cause === 'string' ? body.cause : '';
      requireToken(body.taskToken, 'take').reject(new StatesError(error, cause));
      return {};
    },

    async SendTaskHeartbeat(body) {
      requireToken(body.taskToken, 'peek').heartbeat();
      return {};
    },

    async ListStateMachines() {
      return { stateMachines: [...machines.values()].map((machine) => ({ stateMachineArn: machine.arn, name: machine.name, type: 'STANDARD', creationDate: 0 })) };
    },

    async DescribeStateMachine(body) {
      const machine = requireMachine(body.stateMachineArn);
      return { stateMachineArn: machine.arn, name: machine.name, status: 'ACTIVE', definition: machine.definitionText, roleArn, type: 'STANDARD', creationDate: 0 };
    },
  };

  const server = await serveStepFunctionsProtocol(operations, options.port ?? 0);

  // Re-drive: every execution a previous run left RUNNING starts again from its input. Its old
  // tokens are forgotten (new ones are minted); its timers keep their due times.
  for (const execution of await records.running()) {
    const machine = machines.get(execution.stateMachineArn);
    if (!machine) continue;
    const history = await records.history(execution.executionArn);
    await records.dropPending(execution.executionArn, { timers: false });
    launch(machine, execution, { nextEventId: history.length + 1, redriveCount: history.filter((event) => event.type === 'ExecutionRedriven').length + 1 });
  }

  let stopped = false;
  return {
    endpoint: server.endpoint,
    stateMachineArn: smArn,
    async advanceClock(seconds) {
      if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`the clock only moves forward: ${seconds} seconds`);
      const offset = clockOffset() + seconds * 1000;
      await records.setClockOffset(offset);
      setClockOffset(offset);
      fireDue();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(ticker);
      await server.close();
      const detached = [...runs.values()];
      for (const run of detached) detach(run);
      await Promise.all([...detached.map((run) => run.written), ...[...ending].map((closing) => closing.catch(() => undefined))]);
      runs.clear();
      pending.clear();
      timers.clear();
      client.destroy();
    },
  };
}
