import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, StartExecutionCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, inject } from 'vitest';
import { startStepFunctionsService, type LocalStateMachine, type StepFunctionsService } from '../../../infra/local/sfn/service.ts';

export const functionArn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

/** A fixture workflow with `${Prepare}` etc. replaced by function ARNs, as definitionSubstitutions would. */
export function fixture(name: string): LocalStateMachine {
  const text = readFileSync(join(import.meta.dirname, 'fixtures', `${name}.asl.json`), 'utf8');
  return { name, definition: text.replace(/\$\{(\w+)\}/g, (_, step: string) => functionArn(step.toLowerCase())) };
}

export class TransientError extends Error {
  override name = 'TransientError';
}

export class IneligibleError extends Error {
  override name = 'IneligibleError';
}

/**
 * The functions the fixtures call, bound in-process as the runtime binds the step handlers.
 * `remember` keeps the task token it is given, per execution input `name`.
 */
export class FixtureFunctions {
  readonly tokens = new Map<string, string>();
  readonly calls: { functionArn: string; payload: unknown }[] = [];
  /** How many more `prepare` calls fail with a TransientError. */
  transientFailures = 0;
  /** Runs inside `remember` before it returns, e.g. to answer the callback at once. */
  onRemember: (token: string) => Promise<void> = async () => undefined;
  /** `prepare` waits for this while the input's name is `slow`. */
  slowGate: Promise<void> = Promise.resolve();

  callsOf(name: string): number {
    return this.calls.filter((call) => call.functionArn === functionArn(name)).length;
  }

  tokenOf(name: string): Promise<string> {
    return eventually(async () => this.tokens.get(name));
  }

  readonly invoke = async (arn: string, payload: unknown): Promise<unknown> => {
    this.calls.push({ functionArn: arn, payload });
    const input = payload as { name?: string; token?: string; ineligible?: boolean; urgent?: boolean };
    switch (arn) {
      case functionArn('prepare'):
        if (input.name === 'slow') await this.slowGate;
        if (this.transientFailures > 0) {
          this.transientFailures -= 1;
          throw new TransientError('the registry did not answer');
        }
        return { prepared: input.name };
      case functionArn('remember'):
        this.tokens.set(String(input.name), String(input.token));
        await this.onRemember(String(input.token));
        return { remembered: true };
      case functionArn('check'):
        if (input.ineligible) throw new IneligibleError('the child was not admitted this year');
        return { urgent: input.urgent === true };
      default:
        throw Object.assign(new Error(`no function ${arn}`), { name: 'Lambda.ResourceNotFoundException' });
    }
  };
}

/** The service on its own new table in the shared DynamoDB Local, and an SDK client pointed at it. */
export async function startService(options: { table?: string; functions: FixtureFunctions; machines?: LocalStateMachine[] }) {
  const table = options.table ?? `sfn-${randomUUID()}`;
  const service: StepFunctionsService = await startStepFunctionsService({
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: table,
    stateMachines: options.machines ?? [fixture('callback'), fixture('heartbeat'), fixture('steps'), fixture('deadline')],
    invokeFunction: options.functions.invoke,
  });
  const sfn = new SFNClient({ endpoint: service.endpoint });
  return {
    table,
    service,
    sfn,
    async start(machine: string, name: string, input: Record<string, unknown>) {
      const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: service.stateMachineArn(machine), name, input: JSON.stringify({ name, ...input }) }));
      return started.executionArn as string;
    },
    async describe(executionArn: string) {
      return sfn.send(new DescribeExecutionCommand({ executionArn }));
    },
    async history(executionArn: string): Promise<HistoryEvent[]> {
      return (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
    },
    /** Waits until the execution has the status, and returns its description. */
    async until(executionArn: string, status: string) {
      return eventually(async () => {
        const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
        return described.status === status ? described : undefined;
      });
    },
    /** Waits until the execution's history has an event of the type. */
    async untilEvent(executionArn: string, type: string) {
      return eventually(async () => (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events?.find((event) => event.type === type));
    },
    async stop() {
      sfn.destroy();
      await service.stop();
    },
  };
}

export type RunningService = Awaited<ReturnType<typeof startService>>;

export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Long enough for the service's timer tick (250 ms) to have fired anything that was due. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

export const types = (events: HistoryEvent[]) => events.map((event) => event.type);

/** A fresh service and fixture functions for each test of the calling file, stopped after it (a restart may replace `local`). */
export function servicePerTest(): { functions: FixtureFunctions; local: RunningService } {
  const service = {} as { functions: FixtureFunctions; local: RunningService };
  beforeEach(async () => {
    service.functions = new FixtureFunctions();
    service.local = await startService({ functions: service.functions });
  });
  afterEach(async () => {
    await service.local.stop();
  });
  return service;
}
