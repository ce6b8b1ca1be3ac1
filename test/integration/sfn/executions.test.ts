import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  InvalidArn,
  InvalidExecutionInput,
  InvalidName,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskDoesNotExist,
  type ExecutionListItem,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { eventually, functionArn, servicePerTest, settle, types } from './harness.ts';

const callbackInput = { deadlineSeconds: 3600, pauseSeconds: 60 };

describe('executions through @aws-sdk/client-sfn', () => {
  const service = servicePerTest();

  it('runs the happy path to SUCCEEDED and records its history as AWS names it', async () => {
    const executionArn = await service.local.start('callback', 'happy', callbackInput);
    await service.local.sfn.send(new SendTaskSuccessCommand({ taskToken: await service.functions.tokenOf('happy'), output: JSON.stringify({ approved: true }) }));
    await service.local.untilEvent(executionArn, 'WaitStateEntered');

    await service.local.service.advanceClock(60);
    const described = await service.local.until(executionArn, 'SUCCEEDED');

    expect(JSON.parse(described.output ?? '')).toMatchObject({ prepare: { prepared: { prepared: 'happy' } }, callback: { approved: true } });
    const history = await service.local.history(executionArn);
    expect(types(history)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'WaitStateEntered',
      'WaitStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(history.map((event) => event.id)).toEqual(history.map((_, index) => index + 1));
    expect(history[10]?.taskSucceededEventDetails?.output).toBe(JSON.stringify({ approved: true }));
    expect(JSON.parse(history[7]?.taskScheduledEventDetails?.parameters ?? '').Payload.token).toBe(await service.functions.tokenOf('happy'));
  });

  it('treats the name as the idempotency key: the same input is the same execution, other input is refused', async () => {
    // It waits for its callback, so it is still running when it is started again.
    const twiceInput = JSON.stringify({ name: 'twice', ...callbackInput });
    const first = await service.local.sfn.send(new StartExecutionCommand({ stateMachineArn: service.local.service.stateMachineArn('callback'), name: 'twice', input: twiceInput }));

    const again = await service.local.sfn.send(new StartExecutionCommand({ stateMachineArn: service.local.service.stateMachineArn('callback'), name: 'twice', input: twiceInput }));
    const other = await service.local.sfn.send(new StartExecutionCommand({ stateMachineArn: service.local.service.stateMachineArn('callback'), name: 'twice', input: '{"name":"other"}' })).catch((error: unknown) => error);

    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate).toEqual(first.startDate);
    expect(other).toBeInstanceOf(ExecutionAlreadyExists);
    expect(service.functions.callsOf('prepare')).toBe(1);
  });

  it('refuses to start a closed execution again, even with the same input', async () => {
    const executionArn = await service.local.start('steps', 'closed', { urgent: true });
    await service.local.until(executionArn, 'SUCCEEDED');

    const again = await service.local.start('steps', 'closed', { urgent: true }).catch((error: unknown) => error);

    expect(again).toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('describes, lists by status a page at a time, and raises ExecutionDoesNotExist for an unknown execution', async () => {
    const done = await Promise.all(['a', 'b', 'c'].map((name) => service.local.start('steps', name, { urgent: true })));
    const waiting = await service.local.start('callback', 'waiting', callbackInput);
    for (const executionArn of done) await service.local.until(executionArn, 'SUCCEEDED');

    const described = await service.local.describe(waiting);
    const listSucceeded = (nextToken?: string) =>
      service.local.sfn.send(new ListExecutionsCommand({ stateMachineArn: service.local.service.stateMachineArn('steps'), statusFilter: 'SUCCEEDED', maxResults: 2, nextToken }));
    // ListExecutions is eventually consistent, on AWS as here: an execution just closed may be listed a moment later.
    await expect.poll(async () => (await listSucceeded()).nextToken, { timeout: 10_000 }).toBeDefined();
    const firstPage = await listSucceeded();
    const secondPage = await listSucceeded(firstPage.nextToken);
    const running = await service.local.sfn.send(new ListExecutionsCommand({ stateMachineArn: service.local.service.stateMachineArn('callback'), statusFilter: 'RUNNING' }));
    const unknown = await service.local.describe(waiting.replace(':waiting', ':nobody')).catch((error: unknown) => error);

    expect(described).toMatchObject({ status: 'RUNNING', name: 'waiting', stateMachineArn: service.local.service.stateMachineArn('callback'), input: JSON.stringify({ name: 'waiting', ...callbackInput }) });
    expect(described.stopDate).toBeUndefined();
    const names = (items: ExecutionListItem[] | undefined) => (items ?? []).map((item) => item.name);
    expect(names(firstPage.executions)).toHaveLength(2);
    expect([...names(firstPage.executions), ...names(secondPage.executions)].sort()).toEqual(['a', 'b', 'c']);
    expect(names(running.executions)).toEqual(['waiting']);
    expect(unknown).toBeInstanceOf(ExecutionDoesNotExist);
  });

  it('pages through a history, newest first on request, and leaves execution data out when asked', async () => {
    const executionArn = await service.local.start('steps', 'paged', { urgent: true });
    await service.local.until(executionArn, 'SUCCEEDED');
    const all = await service.local.history(executionArn);

    const first = await service.local.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 3, reverseOrder: true, includeExecutionData: false }));
    const rest = await service.local.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 100, reverseOrder: true, includeExecutionData: false, nextToken: first.nextToken }));

    const paged = [...(first.events ?? []), ...(rest.events ?? [])];
    expect(paged.map((event) => event.id)).toEqual(all.map((event) => event.id).reverse());
    expect(rest.nextToken).toBeUndefined();
    const started = paged.at(-1);
    expect(started?.executionStartedEventDetails?.roleArn).toMatch(/^arn:aws:iam::/);
    expect(started?.executionStartedEventDetails?.input).toBeUndefined();
  });

  it('refuses an unknown state machine, a name AWS would refuse, input that is not JSON and an ARN that is not one', async () => {
    const start = (command: { stateMachineArn: string; name: string; input?: string }) => service.local.sfn.send(new StartExecutionCommand(command)).catch((error: unknown) => error);

    const unknownMachine = await start({ stateMachineArn: service.local.service.stateMachineArn('nothing'), name: 'x' });
    const badName = await start({ stateMachineArn: service.local.service.stateMachineArn('steps'), name: 'has space' });
    const badInput = await start({ stateMachineArn: service.local.service.stateMachineArn('steps'), name: 'x', input: '{not json' });
    const badArn = await service.local.describe('execution-7').catch((error: unknown) => error);

    expect(unknownMachine).toBeInstanceOf(StateMachineDoesNotExist);
    expect(badName).toBeInstanceOf(InvalidName);
    expect(badInput).toBeInstanceOf(InvalidExecutionInput);
    expect(badArn).toBeInstanceOf(InvalidArn);
  });

  it('lists and describes the state machines it runs, with their definitions', async () => {
    const listed = await service.local.sfn.send(new ListStateMachinesCommand({}));
    const described = await service.local.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: service.local.service.stateMachineArn('steps') }));

    expect(listed.stateMachines?.map((machine) => machine.name).sort()).toEqual(['callback', 'deadline', 'heartbeat', 'steps']);
    expect(described).toMatchObject({ name: 'steps', status: 'ACTIVE', type: 'STANDARD' });
    expect(JSON.parse(described.definition ?? '').States.Check.Resource).toBe(functionArn('check'));
  });

  it('hands an error thrown by a function to the Catch, with its name as the error and Lambda’s cause', async () => {
    const executionArn = await service.local.start('steps', 'ineligible', { ineligible: true });

    const described = await service.local.until(executionArn, 'SUCCEEDED');

    expect(JSON.parse(described.output ?? '').failure).toEqual({
      Error: 'IneligibleError',
      Cause: JSON.stringify({ errorType: 'IneligibleError', errorMessage: 'the child was not admitted this year' }),
    });
    expect(types(await service.local.history(executionArn))).toEqual(expect.arrayContaining(['LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionFailed', 'SucceedStateEntered']));
  });

  it('retries a transient error thrown by the function after the retrier’s interval on the service.local clock, then succeeds', async () => {
    service.functions.transientFailures = 2;
    const executionArn = await service.local.start('callback', 'flaky', callbackInput);
    await service.local.untilEvent(executionArn, 'TaskFailed');

    await settle();
    expect(service.functions.callsOf('prepare')).toBe(1);
    await service.local.service.advanceClock(60);
    await eventually(async () => (service.functions.callsOf('prepare') === 2 ? true : undefined));
    await service.local.service.advanceClock(60);
    await settle();
    expect(service.functions.callsOf('prepare')).toBe(2);
    await service.local.service.advanceClock(60);

    await service.functions.tokenOf('flaky');
    expect(service.functions.callsOf('prepare')).toBe(3);
    const events = types(await service.local.history(executionArn));
    expect(events.slice(1, 12)).toEqual(['TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskFailed', 'TaskScheduled', 'TaskStarted', 'TaskFailed', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited']);
  });

  it('stops an execution: ABORTED with the given error, its token is gone and nothing runs after', async () => {
    const executionArn = await service.local.start('callback', 'withdrawn', callbackInput);
    const token = await service.functions.tokenOf('withdrawn');

    await service.local.sfn.send(new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: 'by the worker' }));

    const described = await service.local.describe(executionArn);
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Withdrawn', cause: 'by the worker' });
    expect(described.stopDate).toBeInstanceOf(Date);
    await expect(service.local.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(TaskDoesNotExist);
    const history = await service.local.history(executionArn);
    expect(history.at(-1)).toMatchObject({ type: 'ExecutionAborted', executionAbortedEventDetails: { error: 'Withdrawn', cause: 'by the worker' } });
    expect(service.functions.calls.map((call) => call.functionArn)).toEqual([functionArn('prepare'), functionArn('remember')]);
  });

  it('runs executions concurrently: one held up in a function does not hold up another', async () => {
    let release!: () => void;
    service.functions.slowGate = new Promise<void>((resolve) => (release = resolve));
    const slow = await service.local.start('callback', 'slow', callbackInput);

    const quick = await service.local.start('steps', 'quick', { urgent: true });

    await service.local.until(quick, 'SUCCEEDED');
    expect((await service.local.describe(slow)).status).toBe('RUNNING');
    release();
    await service.functions.tokenOf('slow');
  });
});
