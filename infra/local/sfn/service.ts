import './polyfill.ts';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { StateMachine } from 'aws-local-stepfunctions';
import { clockOffset, now, setClockOffset } from '../../../functions/shared/clock.ts';
import { prepareDefinition, TIMEOUT_KEY, type PreparedDefinition, type TaskPlan } from './definition.ts';
import {
  executionAlreadyExists,
  executionDoesNotExist,
  invalidArn,
  invalidInput,
  invalidName,
  invalidToken,
  SfnError,
  StatesError,
  stateMachineDoesNotExist,
  taskDoesNotExist,
  validation,
} from './errors.ts';
import { ExecutionRecords, type ExecutionRecord, type HistoryEvent } from './records.ts';

export interface LocalStateMachine {
  name: string;
  /** ASL JSON with the substitutions already applied. */
  definition: string;
}

export interface StepFunctionsServiceOptions {
  dynamoEndpoint: string;
  tableName: string;
  stateMachines: LocalStateMachine[];
  /** Runs a Lambda function in-process; a thrown error's `name` becomes the ASL error code, as with Lambda. */
  invokeFunction(functionArn: string, payload: unknown): Promise<unknown>;
  port?: number;
  region?: string;
  accountId?: string;
}

export interface StepFunctionsService {
  endpoint: string;
  stateMachineArn(name: string): string;
  advanceClock(seconds: number): Promise<void>;
  /** Stops serving; unfinished executions stay RUNNING in the table, to be re-driven by the next start. */
  stop(): Promise<void>;
}

/** Where `$$.Task.Token` points until a waiting task swaps in a fresh token. */
const TOKEN_PLACEHOLDER = 'local-task-token-placeholder';
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,1024}$/;
const NAME_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;
const TICK_MS = 250;

type EventLog = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

interface Machine {
  name: string;
  arn: string;
  prepared: PreparedDefinition;
  interpreter: StateMachine;
  definitionText: string;
}

interface PendingTask {
  executionArn: string;
  stateName: string;
  resolve(output: unknown): void;
  reject(error: Error): void;
}

interface Timer {
  executionArn: string;
  dueMs: number;
  fire(): void;
}

interface Run {
  abort(): void;
  /** Set when the service stops: the run's end must not be recorded. */
  detached: boolean;
  events: Promise<void>;
  nextEventId: number;
}

const epochSeconds = (iso: string) => Date.parse(iso) / 1000;

function payloadOf(value: unknown): { payload: unknown; timeoutSeconds?: number } {
  if (value && typeof value === 'object' && !Array.isArray(value) && TIMEOUT_KEY in value) {
    const { [TIMEOUT_KEY]: timeout, ...rest } = value as Record<string, unknown>;
    return { payload: rest, timeoutSeconds: Number(timeout) };
  }
  return { payload: value };
}

/**
 * A local Step Functions: the Step Functions JSON protocol on loopback, the same ASL files run by
 * aws-local-stepfunctions, callbacks and timers on a clock that can be moved, and execution
 * records in DynamoDB so that a restart re-drives what was running.
 */
export async function startStepFunctionsService(options: StepFunctionsServiceOptions): Promise<StepFunctionsService> {
  const region = options.region ?? 'us-east-1';
  const account = options.accountId ?? '000000000000';
  const client = new DynamoDBClient({ endpoint: options.dynamoEndpoint });
  const records = new ExecutionRecords(client, options.tableName);
  await records.ensureTable();
  setClockOffset(await records.clockOffset());

  const smArn = (name: string) => `arn:aws:states:${region}:${account}:stateMachine:${name}`;
  const machines = new Map<string, Machine>();
  for (const machine of options.stateMachines) {
    const prepared = prepareDefinition(machine.definition);
    const interpreter = new StateMachine(prepared.definition as unknown as ConstructorParameters<typeof StateMachine>[0], { validationOptions: { checkArn: false } });
    machines.set(smArn(machine.name), { name: machine.name, arn: smArn(machine.name), prepared, interpreter, definitionText: machine.definition });
  }

  const pending = new Map<string, PendingTask>();
  const timers = new Set<Timer>();
  const runs = new Map<string, Run>();
  let stopped = false;

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

  function record(run: Run, executionArn: string, type: string, details?: Record<string, unknown>): void {
    const id = run.nextEventId++;
    const event: HistoryEvent = { id, previousEventId: id - 1, timestamp: now().toISOString(), type, ...(details ? { details } : {}) };
    run.events = run.events.then(() => records.appendEvent(executionArn, event)).catch((error: unknown) => console.error('could not record a history event', error));
  }

  /** Waits on the local clock until `dueMs` (a Wait state, or a task deadline). */
  function sleepUntil(executionArn: string, dueMs: number): { promise: Promise<void>; cancel(): void } {
    let timer: Timer | undefined;
    const promise = new Promise<void>((resolve) => {
      timer = { executionArn, dueMs, fire: resolve };
      timers.add(timer);
    });
    return { promise, cancel: () => timer && timers.delete(timer) };
  }

  async function invoke(functionArn: string, payload: unknown): Promise<unknown> {
    try {
      return (await options.invokeFunction(functionArn, payload)) ?? null;
    } catch (error) {
      if (error instanceof Error) throw new StatesError(error.name && error.name !== 'Error' ? error.name : 'Error', JSON.stringify({ errorType: error.name, errorMessage: error.message }));
      throw new StatesError('Lambda.Unknown', JSON.stringify({ errorMessage: String(error) }));
    }
  }

  function taskHandler(executionArn: string, run: Run, stateName: string, plan: TaskPlan, visits: Map<string, number>) {
    return async (input: unknown): Promise<unknown> => {
      const visit = (visits.get(stateName) ?? 0) + 1;
      visits.set(stateName, visit);
      const timerKey = `${stateName}#${visit}`;
      const { payload: parameters, timeoutSeconds } = payloadOf(input);

      if (plan.kind === 'wait') {
        const spec = parameters as { seconds?: number; timestamp?: string };
        const proposed = spec.timestamp !== undefined ? Date.parse(spec.timestamp) : now().getTime() + Number(spec.seconds ?? 0) * 1000;
        if (Number.isNaN(proposed)) throw new StatesError('States.Runtime', `Wait state ${stateName} has an invalid time`);
        const due = await records.dueTime(executionArn, timerKey, proposed);
        await sleepUntil(executionArn, due).promise;
        return null;
      }

      const integration = plan.resource.startsWith('arn:aws:states:::lambda:invoke');
      const call = integration ? (parameters as { FunctionName: string; Payload?: unknown }) : { FunctionName: plan.resource, Payload: parameters };
      record(run, executionArn, 'TaskScheduled', { taskScheduledEventDetails: { resourceType: 'lambda', resource: plan.resource.replace('arn:aws:states:::lambda:', ''), region, parameters: JSON.stringify(parameters) } });
      let deadline: { promise: Promise<void>; cancel(): void } | undefined;
      try {
        let result: unknown;
        if (plan.waitForTaskToken) {
          const token = randomBytes(48).toString('base64url');
          const body = JSON.parse(JSON.stringify(call.Payload ?? null).replaceAll(TOKEN_PLACEHOLDER, token)) as unknown;
          const callback = new Promise<unknown>((resolve, reject) => pending.set(token, { executionArn, stateName, resolve, reject }));
          await records.putToken(token, executionArn, stateName);
          const races: Promise<unknown>[] = [callback];
          if (timeoutSeconds !== undefined && Number.isFinite(timeoutSeconds) && timeoutSeconds > 0) {
            const due = await records.dueTime(executionArn, timerKey, now().getTime() + timeoutSeconds * 1000);
            deadline = sleepUntil(executionArn, due);
            races.push(deadline.promise.then(() => Promise.reject(new StatesError('States.Timeout', 'The task did not get a callback before its deadline'))));
          }
          try {
            await invoke(call.FunctionName, body);
            result = await Promise.race(races);
          } finally {
            pending.delete(token);
            await records.deleteToken(token);
          }
        } else {
          const output = await invoke(call.FunctionName, call.Payload);
          result = integration ? { Payload: output, StatusCode: 200, ExecutedVersion: '$LATEST' } : output;
        }
        record(run, executionArn, 'TaskSucceeded', { taskSucceededEventDetails: { resourceType: 'lambda', resource: plan.resource, output: JSON.stringify(result) } });
        return result;
      } catch (error) {
        const name = error instanceof Error ? error.name : 'States.TaskFailed';
        const cause = error instanceof Error ? error.message : String(error);
        record(run, executionArn, name === 'States.Timeout' ? 'TaskTimedOut' : 'TaskFailed', {
          [name === 'States.Timeout' ? 'taskTimedOutEventDetails' : 'taskFailedEventDetails']: { resourceType: 'lambda', resource: plan.resource, error: name, cause },
        });
        throw error;
      } finally {
        deadline?.cancel();
      }
    };
  }

  function historyType(event: EventLog, machine: Machine): { type: string; details?: Record<string, unknown> } | undefined {
    switch (event.type) {
      case 'StateEntered': {
        const type = machine.prepared.plans.get(event.state.name)?.originalType ?? event.state.type;
        return { type: `${type}StateEntered`, details: { stateEnteredEventDetails: { name: event.state.name, input: JSON.stringify(event.state.input) } } };
      }
      case 'StateExited': {
        const type = machine.prepared.plans.get(event.state.name)?.originalType ?? event.state.type;
        return { type: `${type}StateExited`, details: { stateExitedEventDetails: { name: event.state.name, output: JSON.stringify(event.state.output ?? null) } } };
      }
      default:
        return undefined;
    }
  }

  /** Runs (or re-drives) an execution from its input until it ends, recording its history and end. */
  function launch(machine: Machine, execution: ExecutionRecord): void {
    const run: Run = { abort: () => undefined, detached: false, events: Promise.resolve(), nextEventId: execution.eventCount + 1 };
    const visits = new Map<string, number>();
    const overrides: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [stateName, plan] of machine.prepared.plans) overrides[stateName] = taskHandler(execution.executionArn, run, stateName, plan, visits);
    const input = JSON.parse(execution.input) as Parameters<StateMachine['run']>[0];
    // Recorded before the interpreter starts: it runs up to the first task synchronously.
    if (execution.eventCount === 0) {
      record(run, execution.executionArn, 'ExecutionStarted', { executionStartedEventDetails: { input: execution.input, roleArn: `arn:aws:iam::${account}:role/local` } });
    } else {
      record(run, execution.executionArn, 'ExecutionRedriven', { executionRedrivenEventDetails: { redriveCount: 1 } });
    }
    const started = machine.interpreter.run(input, {
      overrides: { taskResourceLocalHandlers: overrides as never },
      noThrowOnAbort: true,
      context: {
        Execution: { Id: execution.executionArn, Name: execution.name, Input: input, StartTime: execution.startedAt, RoleArn: `arn:aws:iam::${account}:role/local` },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: { Token: TOKEN_PLACEHOLDER },
      },
    });
    run.abort = started.abort;
    runs.set(execution.executionArn, run);

    void (async () => {
      for await (const event of started.eventLogs) {
        if (run.detached) break;
        const mapped = historyType(event, machine);
        if (mapped) record(run, execution.executionArn, mapped.type, mapped.details);
      }
    })().catch(() => undefined);

    void started.result
      .then(async (output) => {
        if (run.detached || output === null) return;
        record(run, execution.executionArn, 'ExecutionSucceeded', { executionSucceededEventDetails: { output: JSON.stringify(output) } });
        await records.close(execution.executionArn, { status: 'SUCCEEDED', stoppedAt: now().toISOString(), output: JSON.stringify(output) });
      })
      .catch(async (error: unknown) => {
        if (run.detached) return;
        const failure = error instanceof Error ? ((error as { cause?: unknown }).cause ?? error) : error;
        const name = failure instanceof Error ? failure.name : 'States.Runtime';
        const cause = failure instanceof Error ? failure.message : String(failure);
        const timedOut = name === 'States.Timeout' && cause.includes('execution');
        record(run, execution.executionArn, timedOut ? 'ExecutionTimedOut' : 'ExecutionFailed', { [timedOut ? 'executionTimedOutEventDetails' : 'executionFailedEventDetails']: { error: name, cause } });
        await records.close(execution.executionArn, { status: timedOut ? 'TIMED_OUT' : 'FAILED', stoppedAt: now().toISOString(), error: name, cause });
      })
      .finally(() => {
        if (runs.get(execution.executionArn) === run) runs.delete(execution.executionArn);
      });
  }

  function requireMachine(arn: unknown): Machine {
    if (typeof arn !== 'string' || !arn.startsWith('arn:aws:states:')) throw invalidArn(String(arn));
    const machine = machines.get(arn);
    if (!machine) throw stateMachineDoesNotExist(arn);
    return machine;
  }

  async function requireExecution(arn: unknown): Promise<ExecutionRecord> {
    if (typeof arn !== 'string' || !arn.startsWith('arn:aws:states:')) throw invalidArn(String(arn));
    const execution = await records.get(arn);
    if (!execution) throw executionDoesNotExist(arn);
    return execution;
  }

  function describe(execution: ExecutionRecord) {
    return {
      executionArn: execution.executionArn,
      stateMachineArn: execution.stateMachineArn,
      name: execution.name,
      status: execution.status,
      startDate: epochSeconds(execution.startedAt),
      ...(execution.stoppedAt ? { stopDate: epochSeconds(execution.stoppedAt) } : {}),
      input: execution.input,
      inputDetails: { included: true },
      ...(execution.output !== undefined ? { output: execution.output, outputDetails: { included: true } } : {}),
      ...(execution.error !== undefined ? { error: execution.error } : {}),
      ...(execution.cause !== undefined ? { cause: execution.cause } : {}),
    };
  }

  function requireToken(token: unknown): PendingTask {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) throw invalidToken('the token is malformed');
    const task = pending.get(token);
    if (!task) throw taskDoesNotExist();
    return task;
  }

  const operations: Record<string, (body: Record<string, unknown>) => Promise<unknown>> = {
    async StartExecution(body) {
      const machine = requireMachine(body.stateMachineArn);
      const name = typeof body.name === 'string' ? body.name : randomBytes(16).toString('hex');
      if (!NAME_PATTERN.test(name)) throw invalidName(name);
      const input = typeof body.input === 'string' ? body.input : '{}';
      try {
        JSON.parse(input);
      } catch {
        throw invalidInput('the input is not JSON');
      }
      const executionArn = `${machine.arn.replace(':stateMachine:', ':execution:')}:${name}`;
      const record: ExecutionRecord = { executionArn, stateMachineArn: machine.arn, name, status: 'RUNNING', input, startedAt: now().toISOString(), eventCount: 0 };
      if (!(await records.create(record))) {
        // Standard workflows: the same name and input while running is the same execution.
        const existing = await records.get(executionArn);
        if (existing?.status === 'RUNNING' && existing.input === input) return { executionArn, startDate: epochSeconds(existing.startedAt) };
        throw executionAlreadyExists(executionArn);
      }
      launch(machine, record);
      return { executionArn, startDate: epochSeconds(record.startedAt) };
    },
    async DescribeExecution(body) {
      return describe(await requireExecution(body.executionArn));
    },
    async ListExecutions(body) {
      const machine = requireMachine(body.stateMachineArn);
      const limit = Math.min(Math.max(Number(body.maxResults ?? 100) || 100, 1), 1000);
      const startKey = typeof body.nextToken === 'string' ? (JSON.parse(Buffer.from(body.nextToken, 'base64url').toString()) as Record<string, unknown>) : undefined;
      const page = await records.list(machine.arn, limit, startKey);
      const items = page.items.filter((execution) => !body.statusFilter || execution.status === body.statusFilter);
      return {
        executions: items.map((execution) => ({ executionArn: execution.executionArn, stateMachineArn: execution.stateMachineArn, name: execution.name, status: execution.status, startDate: epochSeconds(execution.startedAt), ...(execution.stoppedAt ? { stopDate: epochSeconds(execution.stoppedAt) } : {}) })),
        ...(page.lastKey ? { nextToken: Buffer.from(JSON.stringify(page.lastKey)).toString('base64url') } : {}),
      };
    },
    async GetExecutionHistory(body) {
      const execution = await requireExecution(body.executionArn);
      await runs.get(execution.executionArn)?.events;
      let events = await records.history(execution.executionArn);
      if (body.reverseOrder === true) events = events.reverse();
      const offset = typeof body.nextToken === 'string' ? Number(body.nextToken) : 0;
      const limit = Math.min(Math.max(Number(body.maxResults ?? 1000) || 1000, 1), 1000);
      const page = events.slice(offset, offset + limit);
      return {
        events: page.map((event) => ({ id: event.id, previousEventId: event.previousEventId, timestamp: epochSeconds(event.timestamp), type: event.type, ...(event.details ?? {}) })),
        ...(offset + limit < events.length ? { nextToken: String(offset + limit) } : {}),
      };
    },
    async StopExecution(body) {
      const execution = await requireExecution(body.executionArn);
      const stoppedAt = now().toISOString();
      const run = runs.get(execution.executionArn);
      const cause = typeof body.cause === 'string' ? body.cause : undefined;
      const error = typeof body.error === 'string' ? body.error : undefined;
      if (await records.close(execution.executionArn, { status: 'ABORTED', stoppedAt, ...(error ? { error } : {}), ...(cause ? { cause } : {}) })) {
        if (run) {
          run.detached = true;
          const id = run.nextEventId++;
          await run.events;
          await records.appendEvent(execution.executionArn, { id, previousEventId: id - 1, timestamp: stoppedAt, type: 'ExecutionAborted', details: { executionAbortedEventDetails: { error, cause } } });
          run.abort();
        }
        for (const [token, task] of pending) if (task.executionArn === execution.executionArn) pending.delete(token);
        for (const timer of timers) if (timer.executionArn === execution.executionArn) timers.delete(timer);
      }
      return { stopDate: epochSeconds(stoppedAt) };
    },
    async SendTaskSuccess(body) {
      const task = requireToken(body.taskToken);
      let output: unknown;
      try {
        output = JSON.parse(String(body.output ?? 'null'));
      } catch {
        throw validation('output is not valid JSON');
      }
      pending.delete(String(body.taskToken));
      task.resolve(output);
      return {};
    },
    async SendTaskFailure(body) {
      const task = requireToken(body.taskToken);
      pending.delete(String(body.taskToken));
      task.reject(new StatesError(typeof body.error === 'string' && body.error ? body.error : 'States.TaskFailed', typeof body.cause === 'string' ? body.cause : ''));
      return {};
    },
    async SendTaskHeartbeat(body) {
      requireToken(body.taskToken);
      return {};
    },
    async ListStateMachines() {
      return { stateMachines: [...machines.values()].map((machine) => ({ stateMachineArn: machine.arn, name: machine.name, type: 'STANDARD', creationDate: 0 })) };
    },
    async DescribeStateMachine(body) {
      const machine = requireMachine(body.stateMachineArn);
      return { stateMachineArn: machine.arn, name: machine.name, status: 'ACTIVE', definition: machine.definitionText, roleArn: `arn:aws:iam::${account}:role/local`, type: 'STANDARD', creationDate: 0 };
    },
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify(body));
    };
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = operations[target.replace(/^AWSStepFunctions\./, '')];
    if (!operation) return reply(400, { __type: 'com.amazonaws.swf.service.v2.model#UnknownOperationException', message: `Unknown operation ${target}` });
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      reply(200, await operation(body));
    } catch (error) {
      if (error instanceof SfnError) return reply(error.status, error.toBody());
      console.error(error);
      reply(500, { __type: 'com.amazonaws.swf.service.v2.model#InternalFailure', message: 'internal failure' });
    }
  }

  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  // Re-drive: every execution a previous run left RUNNING starts again from its input.
  for (const execution of await records.running()) {
    const machine = machines.get(execution.stateMachineArn);
    if (!machine) continue;
    const history = await records.history(execution.executionArn);
    launch(machine, { ...execution, eventCount: history.length });
  }

  return {
    endpoint: `http://127.0.0.1:${port}`,
    stateMachineArn: smArn,
    async advanceClock(seconds) {
      const offset = clockOffset() + seconds * 1000;
      setClockOffset(offset);
      await records.setClockOffset(offset);
      fireDue();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(ticker);
      for (const run of runs.values()) {
        run.detached = true;
        run.abort();
      }
      await Promise.all([...runs.values()].map((run) => run.events));
      pending.clear();
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      client.destroy();
    },
  };
}
