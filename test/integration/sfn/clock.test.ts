import { SendTaskSuccessCommand, TaskDoesNotExist } from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { now } from '../../../functions/shared/clock.ts';
import { FixtureFunctions, settle, startService, types, type RunningService } from './harness.ts';

describe('Waits and deadlines on the local clock, and restarts', () => {
  let functions: FixtureFunctions;
  let local: RunningService;

  beforeEach(async () => {
    functions = new FixtureFunctions();
    local = await startService({ functions });
  });
  afterEach(async () => {
    await local.stop();
  });

  it('releases a Wait when the clock is advanced past it, and not before', async () => {
    const executionArn = await local.start('callback', 'notice', { deadlineSeconds: 3600, pauseSeconds: 7 * 86_400 });
    await local.sfn.send(new SendTaskSuccessCommand({ taskToken: await functions.tokenOf('notice'), output: '{}' }));
    await local.untilEvent(executionArn, 'WaitStateEntered');

    await local.service.advanceClock(7 * 86_400 - 60);
    await settle();
    expect((await local.describe(executionArn)).status).toBe('RUNNING');
    await local.service.advanceClock(60);

    await local.until(executionArn, 'SUCCEEDED');
    expect(types(await local.history(executionArn))).toContain('WaitStateExited');
  });

  it('waits until a TimestampPath on the local clock, with the Wait’s input as its output', async () => {
    const opensAt = new Date(now().getTime() + 3 * 86_400_000).toISOString();
    const executionArn = await local.start('steps', 'opening', { opensAt });
    await local.untilEvent(executionArn, 'WaitStateEntered');

    await local.service.advanceClock(3 * 86_400);

    const described = await local.until(executionArn, 'SUCCEEDED');
    expect(JSON.parse(described.output ?? '')).toEqual({ name: 'opening', opensAt, check: { urgent: false } });
  });

  it('times out an execution past its TimeoutSeconds: TIMED_OUT with States.Timeout', async () => {
    const executionArn = await local.start('deadline', 'lingering', {});
    await local.untilEvent(executionArn, 'WaitStateEntered');

    await local.service.advanceClock(3600);

    const described = await local.until(executionArn, 'TIMED_OUT');
    expect(described.error).toBe('States.Timeout');
    expect((await local.history(executionArn)).at(-1)?.type).toBe('ExecutionTimedOut');
  });

  it('re-drives a RUNNING execution after a restart: a new token replaces the old one', async () => {
    const executionArn = await local.start('callback', 'restarted', { deadlineSeconds: 3600, pauseSeconds: 0 });
    const oldToken = await functions.tokenOf('restarted');
    functions.tokens.clear();

    await local.stop();
    local = await startService({ functions, table: local.table });

    const newToken = await functions.tokenOf('restarted');
    expect(newToken).not.toBe(oldToken);
    const stale = await local.sfn.send(new SendTaskSuccessCommand({ taskToken: oldToken, output: '{}' })).catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(TaskDoesNotExist);
    await local.sfn.send(new SendTaskSuccessCommand({ taskToken: newToken, output: JSON.stringify({ afterRestart: true }) }));
    const described = await local.until(executionArn, 'SUCCEEDED');
    expect(JSON.parse(described.output ?? '').callback).toEqual({ afterRestart: true });
    expect(types(await local.history(executionArn))).toContain('ExecutionRedriven');
  });

  it('keeps a pending Wait’s due time and the clock across a restart', async () => {
    const executionArn = await local.start('callback', 'paused', { deadlineSeconds: 3600, pauseSeconds: 3600 });
    await local.sfn.send(new SendTaskSuccessCommand({ taskToken: await functions.tokenOf('paused'), output: '{}' }));
    await local.untilEvent(executionArn, 'WaitStateEntered');
    await local.service.advanceClock(1800);
    functions.tokens.clear();

    await local.stop();
    local = await startService({ functions, table: local.table });
    await local.sfn.send(new SendTaskSuccessCommand({ taskToken: await functions.tokenOf('paused'), output: '{}' }));
    await local.untilEvent(executionArn, 'ExecutionRedriven');

    await local.service.advanceClock(1800 - 60);
    await settle();
    expect((await local.describe(executionArn)).status).toBe('RUNNING');
    await local.service.advanceClock(60);
    await local.until(executionArn, 'SUCCEEDED');
  });
});
