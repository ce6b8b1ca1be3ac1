import { InvalidToken, SendTaskFailureCommand, SendTaskHeartbeatCommand, SendTaskSuccessCommand, SFNClient, TaskDoesNotExist } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { servicePerTest, settle, types } from './harness.ts';

const callbackInput = { deadlineSeconds: 7 * 86_400, pauseSeconds: 0 };

describe('callbacks (.waitForTaskToken) through @aws-sdk/client-sfn', () => {
  const service = servicePerTest();

  it('resumes a waiting task with the output of SendTaskSuccess', async () => {
    const executionArn = await service.local.start('callback', 'approved', callbackInput);

    await service.local.sfn.send(new SendTaskSuccessCommand({ taskToken: await service.functions.tokenOf('approved'), output: JSON.stringify({ level: 1, decision: 'approve' }) }));

    const described = await service.local.until(executionArn, 'SUCCEEDED');
    expect(JSON.parse(described.output ?? '').callback).toEqual({ level: 1, decision: 'approve' });
  });

  it('hands a SendTaskFailure to the Catch with its error and cause', async () => {
    const executionArn = await service.local.start('callback', 'refused', callbackInput);

    await service.local.sfn.send(new SendTaskFailureCommand({ taskToken: await service.functions.tokenOf('refused'), error: 'Refused', cause: 'no admission letter' }));

    const described = await service.local.until(executionArn, 'SUCCEEDED');
    expect(JSON.parse(described.output ?? '').refusal).toEqual({ Error: 'Refused', Cause: 'no admission letter' });
    const failed = (await service.local.history(executionArn)).find((event) => event.type === 'TaskFailed');
    expect(failed?.taskFailedEventDetails).toMatchObject({ resource: 'invoke.waitForTaskToken', error: 'Refused', cause: 'no admission letter' });
  });

  it('accepts a callback sent by the task’s own function before it returns', async () => {
    const client = new SFNClient({ endpoint: service.local.service.endpoint });
    service.functions.onRemember = async (token) => {
      await client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ decidedEarlier: true }) }));
    };

    const executionArn = await service.local.start('callback', 'decided', callbackInput);

    const described = await service.local.until(executionArn, 'SUCCEEDED');
    expect(JSON.parse(described.output ?? '').callback).toEqual({ decidedEarlier: true });
    // The task was over before its function returned: nothing was left to submit.
    expect(types(await service.local.history(executionArn))).not.toContain('TaskSubmitted');
    client.destroy();
  });

  it('refuses a malformed token with InvalidToken and an unknown one with TaskDoesNotExist', async () => {
    const malformed = await service.local.sfn.send(new SendTaskSuccessCommand({ taskToken: 'not a token', output: '{}' })).catch((error: unknown) => error);
    const unknown = await service.local.sfn.send(new SendTaskFailureCommand({ taskToken: 'A'.repeat(64), error: 'Refused' })).catch((error: unknown) => error);

    expect(malformed).toBeInstanceOf(InvalidToken);
    expect(unknown).toBeInstanceOf(TaskDoesNotExist);
  });

  it('refuses a token already used with TaskDoesNotExist', async () => {
    await service.local.start('callback', 'reused', callbackInput);
    const token = await service.functions.tokenOf('reused');
    await service.local.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));

    const again = await service.local.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })).catch((error: unknown) => error);

    expect(again).toBeInstanceOf(TaskDoesNotExist);
  });

  it('times a waiting task out on the service.local clock with States.Timeout, and not before', async () => {
    const executionArn = await service.local.start('callback', 'late', callbackInput);
    const token = await service.functions.tokenOf('late');

    await service.local.service.advanceClock(7 * 86_400 - 60);
    await settle();
    expect((await service.local.describe(executionArn)).status).toBe('RUNNING');
    await service.local.service.advanceClock(60);

    const described = await service.local.until(executionArn, 'FAILED');
    expect(described).toMatchObject({ error: 'TooLate', cause: 'nobody answered' });
    const timedOut = (await service.local.history(executionArn)).find((event) => event.type === 'TaskTimedOut');
    expect(timedOut?.taskTimedOutEventDetails?.error).toBe('States.Timeout');
    const late = await service.local.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })).catch((error: unknown) => error);
    expect(late).toBeInstanceOf(TaskDoesNotExist);
  });

  it('keeps a task alive while heartbeats come within HeartbeatSeconds, and times it out when they stop', async () => {
    const executionArn = await service.local.start('heartbeat', 'reviewed', { heartbeatSeconds: 600 });
    const token = await service.functions.tokenOf('reviewed');

    await service.local.service.advanceClock(500);
    await service.local.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await service.local.service.advanceClock(500);
    await settle();
    expect((await service.local.describe(executionArn)).status).toBe('RUNNING');
    await service.local.service.advanceClock(100);

    const described = await service.local.until(executionArn, 'FAILED');
    expect(described.error).toBe('States.HeartbeatTimeout');
    expect(types(await service.local.history(executionArn)).slice(-2)).toEqual(['TaskTimedOut', 'ExecutionFailed']);
  });
});
