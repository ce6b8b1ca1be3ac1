import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidToken,
  ListExecutionsCommand,
  SFNClient,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskDoesNotExist,
} from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { startStepFunctionsService, type StepFunctionsService } from '../../../infra/local/sfn/service.ts';
import { JsonataNotSupportedError } from '../../../infra/local/sfn/definition.ts';
import { eventually } from '../../support/runtime.ts';

const fixture = readFileSync(join(import.meta.dirname, 'fixtures', 'callback.asl.json'), 'utf8')
  .replaceAll('${Prepare}', 'arn:aws:lambda:us-east-1:000000000000:function:prepare')
  .replaceAll('${Remember}', 'arn:aws:lambda:us-east-1:000000000000:function:remember');

class TransientError extends Error {
  override name = 'TransientError';
}

/** The functions the fixture calls, as the runtime would bind them; `tokens` keeps what the callback task was given. */
function functions() {
  const tokens = new Map<string, string>();
  let failuresLeft = 0;
  let prepareCalls = 0;
  return {
    tokens,
    failNextPrepares(count: number) {
      failuresLeft = count;
    },
    prepareCalls: () => prepareCalls,
    async invoke(functionArn: string, payload: unknown): Promise<unknown> {
      if (functionArn.endsWith(':prepare')) {
        prepareCalls += 1;
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new TransientError('try again');
        }
        return { ok: true };
      }
      const { token, name } = payload as { token: string; name: string };
      tokens.set(name, token);
      return null;
    },
  };
}

describe('the local Step Functions service through @aws-sdk/client-sfn', () => {
  let table: string;
  let service: StepFunctionsService;
  let sfn: SFNClient;
  let fns: ReturnType<typeof functions>;

  const start = async () => {
    service = await startStepFunctionsService({
      dynamoEndpoint: inject('dynamoEndpoint'),
      tableName: table,
      stateMachines: [{ name: 'fixture', definition: fixture }],
      invokeFunction: (arn, payload) => fns.invoke(arn, payload),
    });
    sfn = new SFNClient({ endpoint: service.endpoint });
  };
  const arn = () => service.stateMachineArn('fixture');
  const startExecution = (name: string, input: Record<string, unknown>) =>
    sfn.send(new StartExecutionCommand({ stateMachineArn: arn(), name, input: JSON.stringify({ name, deadlineSeconds: 3600, pauseSeconds: 60, ...input }) }));
  const status = async (executionArn: string | undefined) => (await sfn.send(new DescribeExecutionCommand({ executionArn: executionArn as string }))).status;
  const tokenOf = (name: string) => eventually(async () => fns.tokens.get(name));

  beforeEach(async () => {
    table = `sfn-${randomUUID()}`;
    fns = functions();
    await start();
  });
  afterEach(async () => {
    await service.stop();
  });

  it('runs an execution through a callback and a Wait that only the clock releases', async () => {
    const { executionArn } = await startExecution('happy', {});
    await sfn.send(new SendTaskSuccessCommand({ taskToken: await tokenOf('happy'), output: JSON.stringify({ approved: true }) }));
    await eventually(async () => ((await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events?.some((event) => event.type === 'WaitStateEntered') ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await status(executionArn)).toBe('RUNNING');

    await service.advanceClock(60);
    await eventually(async () => ((await status(executionArn)) === 'SUCCEEDED' ? true : undefined));
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(JSON.parse(described.output ?? '{}').callback).toEqual({ approved: true });
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const types = history.events?.map((event) => event.type) ?? [];
    expect(types[0]).toBe('ExecutionStarted');
    expect(types).toEqual(expect.arrayContaining(['TaskScheduled', 'TaskSucceeded', 'WaitStateEntered', 'ExecutionSucceeded']));
    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn(), statusFilter: 'SUCCEEDED' }));
    expect(listed.executions?.map((execution) => execution.name)).toContain('happy');
  });

  it('treats the name as the idempotency key: same input gives the same execution, other input is refused', async () => {
    const first = await startExecution('twice', {});
    const again = await startExecution('twice', {});
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate?.getTime()).toBe(first.startDate?.getTime());
    await expect(startExecution('twice', { other: true })).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('raises ExecutionDoesNotExist for an unknown execution', async () => {
    await expect(sfn.send(new DescribeExecutionCommand({ executionArn: `${arn().replace(':stateMachine:', ':execution:')}:nobody` }))).rejects.toBeInstanceOf(ExecutionDoesNotExist);
  });

  it('hands a SendTaskFailure to the Catch with its error and cause', async () => {
    const { executionArn } = await startExecution('refused', {});
    await sfn.send(new SendTaskFailureCommand({ taskToken: await tokenOf('refused'), error: 'Refused', cause: 'no documents' }));
    await eventually(async () => ((await status(executionArn)) === 'SUCCEEDED' ? true : undefined));
    const output = JSON.parse((await sfn.send(new DescribeExecutionCommand({ executionArn }))).output ?? '{}');
    expect(output.refusal).toEqual({ Error: 'Refused', Cause: 'no documents' });
  });

  it('refuses a malformed token (InvalidToken) and a token already used (TaskDoesNotExist)', async () => {
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: 'not a token', output: '{}' }))).rejects.toBeInstanceOf(InvalidToken);
    await startExecution('reused', {});
    const token = await tokenOf('reused');
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(TaskDoesNotExist);
  });

  it('times a waiting task out on the local clock (States.Timeout), not before', async () => {
    const { executionArn } = await startExecution('late', { deadlineSeconds: 7 * 86_400 });
    await tokenOf('late');
    await service.advanceClock(6 * 86_400);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await status(executionArn)).toBe('RUNNING');
    await service.advanceClock(86_400);
    await eventually(async () => ((await status(executionArn)) === 'FAILED' ? true : undefined));
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described.error).toBe('TooLate');
    const types = (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events?.map((event) => event.type);
    expect(types).toContain('TaskTimedOut');
  });

  it('retries a transient error thrown by the function, then goes on', async () => {
    fns.failNextPrepares(2);
    const { executionArn } = await startExecution('flaky', {});
    await tokenOf('flaky');
    expect(fns.prepareCalls()).toBe(3);
    const types = (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events?.map((event) => event.type);
    expect(types?.filter((type) => type === 'TaskFailed')).toHaveLength(2);
  });

  it('stops an execution: ABORTED, and its token is gone', async () => {
    const { executionArn } = await startExecution('stopped', {});
    const token = await tokenOf('stopped');
    await sfn.send(new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: 'by the worker' }));
    expect(await status(executionArn)).toBe('ABORTED');
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(TaskDoesNotExist);
  });

  it('re-drives a running execution after a restart: a new token, and a pending Wait keeps its due time', async () => {
    const waiting = await startExecution('redrive-callback', {});
    const oldToken = await tokenOf('redrive-callback');
    const paused = await startExecution('redrive-wait', { pauseSeconds: 3600 });
    await sfn.send(new SendTaskSuccessCommand({ taskToken: await tokenOf('redrive-wait'), output: '{}' }));
    await eventually(async () => ((await sfn.send(new GetExecutionHistoryCommand({ executionArn: paused.executionArn }))).events?.some((event) => event.type === 'WaitStateEntered') ? true : undefined));
    await service.advanceClock(1800);

    await service.stop();
    fns.tokens.clear();
    await start();

    const newToken = await tokenOf('redrive-callback');
    expect(newToken).not.toBe(oldToken);
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: oldToken, output: '{}' }))).rejects.toBeInstanceOf(TaskDoesNotExist);
    await sfn.send(new SendTaskSuccessCommand({ taskToken: newToken, output: '{}' }));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: await tokenOf('redrive-wait'), output: '{}' }));

    // Real seconds pass too, so stop well short of the due time, then pass it.
    await service.advanceClock(1780);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await status(paused.executionArn)).toBe('RUNNING');
    await service.advanceClock(20);
    await eventually(async () => ((await status(paused.executionArn)) === 'SUCCEEDED' ? true : undefined));
    expect(await status(waiting.executionArn)).toBe('RUNNING');
  });

  it('refuses a definition in JSONata, which the interpreter would silently ignore', async () => {
    const jsonata = JSON.stringify({ QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Succeed' } } });
    await expect(
      startStepFunctionsService({ dynamoEndpoint: inject('dynamoEndpoint'), tableName: `${table}-j`, stateMachines: [{ name: 'j', definition: jsonata }], invokeFunction: async () => null }),
    ).rejects.toBeInstanceOf(JsonataNotSupportedError);
  });
});
