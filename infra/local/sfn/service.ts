import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { clockOffset, setClockOffset } from '../../../functions/shared/clock.ts';
import { Executions } from './executions.ts';
import { validateFaults, type FaultInjection } from './faults.ts';
import { interpreterTimeoutError, Machine, type LocalStateMachine } from './machines.ts';
import { stepFunctionsOperations } from './operations.ts';
import { serveStepFunctionsProtocol } from './protocol.ts';
import { ExecutionRecords } from './records.ts';
import type { PendingTask } from './run.ts';
import { Timers } from './timers.ts';

export type { LocalStateMachine } from './machines.ts';
export type { FaultInjection } from './faults.ts';

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
  /** A share of task invocations fails as Lambda's transient faults do (off when absent). */
  faults?: FaultInjection;
  /** The DynamoDB client to use (a benchmark counts its requests); one for the endpoint when absent. */
  dynamoClient?: DynamoDBClient;
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
  /** Stops serving; unfinished executions stay RUNNING in the table, to be continued by the next start. */
  stop(): Promise<void>;
}

/**
 * A local Step Functions: the Step Functions JSON protocol on loopback (protocol.ts, operations.ts),
 * the same ASL files run by aws-local-stepfunctions (machines.ts, run.ts), callbacks and timers on
 * a clock that can be moved (timers.ts), and execution records in DynamoDB (records.ts), written
 * in batches (journal.ts), so that a restart continues what was running (executions.ts).
 */
export async function startStepFunctionsService(options: StepFunctionsServiceOptions): Promise<StepFunctionsService> {
  const region = options.region ?? 'us-east-1';
  const account = options.accountId ?? '000000000000';
  const roleArn = `arn:aws:iam::${account}:role/local-step-functions`;
  const smArn = (name: string) => `arn:aws:states:${region}:${account}:stateMachine:${name}`;
  validateFaults(options.faults);

  // Definitions first: a JSONata workflow is refused before anything is started.
  const machines = new Map(options.stateMachines.map((machine) => [smArn(machine.name), new Machine(machine.name, smArn(machine.name), machine.definition)]));
  const TimeoutError = await interpreterTimeoutError();

  const client = options.dynamoClient ?? new DynamoDBClient({ endpoint: options.dynamoEndpoint });
  const records = new ExecutionRecords(client, options.tableName);
  await records.ensureTable();
  let offset = await records.clockOffset();
  if (offset === undefined && options.clockStartsAt !== undefined) {
    offset = Date.parse(options.clockStartsAt) - Date.now();
    await records.setClockOffset(offset);
  }
  setClockOffset(offset ?? 0);

  const timers = new Timers();
  const tokens = new Map<string, PendingTask>();
  const executions = new Executions(records, { records, timers, tokens, invokeFunction: options.invokeFunction, faults: options.faults, region, roleArn, TimeoutError });
  const server = await serveStepFunctionsProtocol(stepFunctionsOperations({ machines, records, executions, tokens, roleArn }), options.port ?? 0);

  // Every execution a previous process left RUNNING goes on from where its written history stops.
  for (const execution of await records.running()) {
    const machine = machines.get(execution.stateMachineArn);
    if (machine) await executions.continueAfterRestart(machine, execution);
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
      timers.fireDue();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
      await executions.detachAll();
      tokens.clear();
      timers.stop();
      if (!options.dynamoClient) client.destroy();
    },
  };
}
