import { randomBytes } from 'node:crypto';
import { now } from '../../../functions/shared/clock.ts';
import {
  executionAlreadyExists,
  executionDoesNotExist,
  executionNotRedrivable,
  invalidArn,
  invalidInput,
  invalidName,
  invalidOutput,
  invalidToken,
  StatesError,
  stateMachineDoesNotExist,
  taskDoesNotExist,
  validation,
} from './errors.ts';
import type { Executions } from './executions.ts';
import { Journal } from './journal.ts';
import type { Machine } from './machines.ts';
import type { Operation } from './protocol.ts';
import type { ExecutionRecord, ExecutionRecords, ExecutionStatus } from './records.ts';
import type { PendingTask } from './run.ts';

/** The shape of the tokens this service mints (48 random bytes, base64url). */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{64}$/;
/** AWS's rule for execution names: 1–80 characters, none of whitespace, brackets, wildcards, these specials or control characters. */
const NAME_PATTERN = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/u;
const STATUSES: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];
const UNSUCCESSFUL: readonly ExecutionStatus[] = ['FAILED', 'TIMED_OUT', 'ABORTED'];

/** AWS's redrive limits: within 14 days of the end, at most 1,000 redrives, histories under 25,000 events. */
const REDRIVE_PERIOD_MS = 14 * 86_400_000;
const MAX_REDRIVES = 1000;
const MAX_HISTORY_EVENTS = 25_000;

const epochSeconds = (iso: string) => Date.parse(iso) / 1000;

/** History details without inputs, outputs and parameters, as `includeExecutionData: false` asks. */
function withoutData(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(details).map(([key, inner]) => {
      const { input: _input, output: _output, parameters: _parameters, ...rest } = inner as Record<string, unknown>;
      return [key, rest];
    }),
  );
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
  ...(execution.redriveCount ? { redriveCount: execution.redriveCount, redriveDate: epochSeconds(execution.redriveDate as string) } : {}),
});

export interface OperationsContext {
  machines: Map<string, Machine>;
  records: ExecutionRecords;
  executions: Executions;
  tokens: Map<string, PendingTask>;
  roleArn: string;
}

/** The Step Functions API operations the service answers, each the JSON request body in, the JSON response out. */
export function stepFunctionsOperations({ machines, records, executions, tokens, roleArn }: OperationsContext): Record<string, Operation> {
  function requireMachine(arn: unknown): Machine {
    if (typeof arn !== 'string' || !arn.startsWith('arn:aws:states:')) throw invalidArn(String(arn));
    const machine = machines.get(arn);
    if (!machine) throw stateMachineDoesNotExist(arn);
    return machine;
  }

  async function requireExecution(arn: unknown): Promise<ExecutionRecord> {
    if (typeof arn !== 'string' || !/^arn:aws:states:[^:]+:[^:]+:execution:[^:]+:[^:]+$/.test(arn)) throw invalidArn(String(arn));
    const execution = await executions.describe(arn);
    if (!execution) throw executionDoesNotExist(arn);
    return execution;
  }

  /** The task a token belongs to; `take` makes it the token's last use (success or failure). */
  function requireToken(token: unknown, use: 'take' | 'peek'): PendingTask {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) throw invalidToken('the token is malformed');
    const task = tokens.get(token);
    if (!task) throw taskDoesNotExist();
    if (use === 'take') tokens.delete(token);
    return task;
  }

  /** Why RedriveExecution would refuse the execution now, as DescribeExecution's redriveStatusReason says it; undefined when it would not. */
  async function notRedrivable(execution: ExecutionRecord, checkHistory: boolean): Promise<string | undefined> {
    if (execution.status === 'RUNNING') return 'Execution is RUNNING and cannot be redriven';
    if (execution.status === 'SUCCEEDED') return 'Execution is SUCCEEDED and cannot be redriven';
    if (!machines.has(execution.stateMachineArn)) return 'State machine is in DELETING status';
    if (now().getTime() - Date.parse(execution.stoppedAt ?? execution.startedAt) > REDRIVE_PERIOD_MS) return 'Execution redrivable period exceeded';
    if ((execution.redriveCount ?? 0) >= MAX_REDRIVES) return 'Execution redrive limit exceeded';
    if (checkHistory && (await executions.history(execution.executionArn)).length >= MAX_HISTORY_EVENTS) return 'Execution history event limit exceeded';
    return undefined;
  }

  return {
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
        const existing = await executions.describe(executionArn);
        if (existing?.status === 'RUNNING' && existing.input === input) return { executionArn, startDate: epochSeconds(existing.startedAt) };
        throw executionAlreadyExists(executionArn);
      }
      executions.start(machine, execution);
      return { executionArn, startDate: epochSeconds(execution.startedAt) };
    },

    async DescribeExecution(body) {
      const execution = await requireExecution(body.executionArn);
      // The history's length is checked by a redrive only: reading it here would cost every poll a query.
      const reason = await notRedrivable(execution, false);
      return {
        ...summary(execution),
        input: execution.input,
        inputDetails: { included: true },
        ...(execution.output !== undefined ? { output: execution.output, outputDetails: { included: true } } : {}),
        ...(execution.error !== undefined ? { error: execution.error } : {}),
        ...(execution.cause !== undefined ? { cause: execution.cause } : {}),
        redriveCount: execution.redriveCount ?? 0,
        redriveStatus: reason ? 'NOT_REDRIVABLE' : 'REDRIVABLE',
        ...(reason ? { redriveStatusReason: reason } : {}),
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
      let events = [...(await executions.history(execution.executionArn))];
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
      const run = executions.run(execution.executionArn);
      if (run) {
        await run.end({ status: 'ABORTED', eventType: 'ExecutionAborted', details, error, cause });
      } else if (execution.status === 'RUNNING') {
        // Running in the table but not here (its state machine is no longer loaded): closed all the same.
        const stoppedAt = now().toISOString();
        if (await records.update(execution.executionArn, ['RUNNING'], { status: 'ABORTED', stoppedAt, error, cause })) {
          const journal = new Journal(records, execution.executionArn, (await records.state(execution.executionArn)).events);
          journal.add('ExecutionAborted', details);
          await journal.flush();
        }
      }
      const stopped = await requireExecution(body.executionArn);
      return { stopDate: epochSeconds(stopped.stoppedAt ?? now().toISOString()) };
    },

    /**
     * As AWS: a FAILED, TIMED_OUT or ABORTED execution of the last 14 days goes on from the state
     * it did not finish (the last one entered and not left), with that state's input, the
     * history kept and an ExecutionRedriven event; its RedriveCount grows by one. The same
     * clientToken while it runs again is the same redrive.
     */
    async RedriveExecution(body) {
      // An execution that has just ended is redriven once its end is in the table.
      if (typeof body.executionArn === 'string') await executions.run(body.executionArn)?.closed;
      const execution = await requireExecution(body.executionArn);
      const clientToken = typeof body.clientToken === 'string' ? body.clientToken : undefined;
      if (execution.status === 'RUNNING' && clientToken !== undefined && execution.redriveToken === clientToken && execution.redriveDate) {
        return { redriveDate: epochSeconds(execution.redriveDate) };
      }
      const reason = await notRedrivable(execution, true);
      if (reason) throw executionNotRedrivable(execution.executionArn, reason);
      const machine = machines.get(execution.stateMachineArn) as Machine;
      const redriveDate = now().toISOString();
      const redriven: ExecutionRecord = { ...execution, status: 'RUNNING', redriveCount: (execution.redriveCount ?? 0) + 1, redriveDate, ...(clientToken ? { redriveToken: clientToken } : {}) };
      delete redriven.stoppedAt;
      delete redriven.output;
      delete redriven.error;
      delete redriven.cause;
      const fields = { status: 'RUNNING' as const, redriveCount: redriven.redriveCount, redriveDate, redriveToken: clientToken };
      if (!(await records.update(execution.executionArn, UNSUCCESSFUL, fields, ['stoppedAt', 'output', 'error', 'cause']))) {
        throw executionNotRedrivable(execution.executionArn, 'it was redriven or changed meanwhile');
      }
      await executions.redrive(machine, redriven);
      return { redriveDate: epochSeconds(redriveDate) };
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
}
