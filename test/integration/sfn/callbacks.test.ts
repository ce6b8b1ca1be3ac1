import { InvalidToken, SendTaskFailureCommand, SendTaskHeartbeatCommand, SendTaskSuccessCommand, SFNClient, TaskDoesNotExist } from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixtureFunctions, settle, startService, types, type RunningService } from './harness.ts';

const callbackInput = { deadlineSeconds: 7 * 86_400, pauseSeconds: 0 };

describe('callbacks (.waitForTaskToken) through @aws-sdk/client-sfn', () => {
  let functions: FixtureFunctions;
  let local: RunningService;

  beforeEach(async () => {
    functions = new FixtureFunctions();
    local = await startService({ functions });
  });
  afterEach(async () => {
    await local.stop();
  });

  it('resumes a waiting task with the output of SendTaskSuccess', async () => {
    const executionArn = await local.start('callback', 'approved', callbackInput);

    await local.sfn.send(new SendTaskSuccessCommand({ taskToken: await functions.tokenOf('approved'), output: JSON.stringify({ level: 1, decision: 'approve' }) }));

    const described = await local.until(executionArn, 'SUCCEEDED');
    expect(JSON.parse(described.output ?? '').callback).toEqual({ level: 1, decision: 'approve' });
  });

  it('hands a SendTaskFailure to the Catch with its error and cause', async () => {
    const executionArn = await local.start('callback', 'refused', callbackInput);

    await local.sfn.send(new SendTaskFailureCommand({ taskToken: await functions.tokenOf('refused'), error: 'Refused', cause: 'no admission letter' }));

    const described = await local.until(executionArn, 'SUCCEEDED');
    expect(JSON.parse(described.output ?? '').refusal).toEqual({ Error: 'Refused', Cause: 'no admission letter' });
    const failed = (await local.history(executionArn)).find((event) => event.type === 'TaskFailed');
    expect(failed?.taskFailedEventDetails).toMatchObject({ resource: 'invoke.waitForTaskToken', error: 'Refused', cause: 'no admission letter' });
  });

  it('accepts a callback sent by the task’s own function before it returns', async () => {
    const client = new SFNClient({ endpoint: local.service.endpoint });
    functions.onRemember = async (token) => {
      await client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ decidedEarlier: true }) }));
    };

    const executionArn = await local.start('callback', 'decided', callbackInput);

    const described = await local.until(executionArn, 'SUCCEEDED');
    expect(JSON.parse(described.output ?? '').callback).toEqual({ decidedEarlier: true });
    // The task was over before its function returned: nothing was left to submit.
    expect(types(await local.history(executionArn))).not.toContain('TaskSubmitted');
    client.destroy();
  });

  it('refuses a malformed token with InvalidToken and an unknown one with TaskDoesNotExist', async () => {
    const malformed = await local.sfn.send(new SendTaskSuccessCommand({ taskToken: 'not a token', output: '{}' })).catch((error: unknown) => error);
    const unknown = await local.sfn.send(new SendTaskFailureCommand({ taskToken: 'A'.repeat(64), error: 'Refused' })).catch((error: unknown) => error);

    expect(malformed).toBeInstanceOf(InvalidToken);
    expect(unknown).toBeInstanceOf(TaskDoesNotExist);
  });

  it('refuses a token already used with TaskDoesNotExist', async () => {
    await local.start('callback', 'reused', callbackInput);
    const token = await functions.tokenOf('reused');
    await local.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));

    const again = await local.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })).catch((error: unknown) => error);

    expect(again).toBeInstanceOf(TaskDoesNotExist);
  });

  it('times a waiting task out on the local clock with States.Timeout, and not before', async () => {
    const executionArn = await local.start('callback', 'late', callbackInput);
    const token = await functions.tokenOf('late');

    await local.service.advanceClock(7 * 86_400 - 60);
    await settle();
    expect((await local.describe(executionArn)).status).toBe('RUNNING');
    await local.service.advanceClock(60);

    const described = await local.until(executionArn, 'FAILED');
    expect(described).toMatchObject({ error: 'TooLate', cause: 'nobody answered' });
    const timedOut = (await local.history(executionArn)).find((event) => event.type === 'TaskTimedOut');
    expect(timedOut?.taskTimedOutEventDetails?.error).toBe('States.Timeout');
    const late = await local.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })).catch((error: unknown) => error);
    expect(late).toBeInstanceOf(TaskDoesNotExist);
  });

  it('keeps a task alive while heartbeats come within HeartbeatSeconds, and times it out when they stop', async () => {
    const executionArn = await local.start('heartbeat', 'reviewed', { heartbeatSeconds: 600 });
    const token = await functions.tokenOf('reviewed');

    await local.service.advanceClock(500);
    await local.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await local.service.advanceClock(500);
    await settle();
    expect((await local.describe(executionArn)).status).toBe('RUNNING');
    await local.service.advanceClock(100);

    const described = await local.until(executionArn, 'FAILED');
    expect(described.error).toBe('States.HeartbeatTimeout');
    expect(types(await local.history(executionArn)).slice(-2)).toEqual(['TaskTimedOut', 'ExecutionFailed']);
  });
});
