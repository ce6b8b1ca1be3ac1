import { SendTaskSuccessCommand, TaskDoesNotExist } from '@aws-sdk/client-sfn';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { now } from '../../../functions/shared/clock.ts';
import { servicePerTest, settle, startService, types } from './harness.ts';

describe('Waits and deadlines on the service.local clock, and restarts', () => {
  const service = servicePerTest();

  it('releases a Wait when the clock is advanced past it, and not before', async () => {
    const executionArn = await service.local.start('callback', 'notice', { deadlineSeconds: 3600, pauseSeconds: 7 * 86_400 });
    await service.local.sfn.send(new SendTaskSuccessCommand({ taskToken: await service.functions.tokenOf('notice'), output: '{}' }));
    await service.local.untilEvent(executionArn, 'WaitStateEntered');

    await service.local.service.advanceClock(7 * 86_400 - 60);
    await settle();
    expect((await service.local.describe(executionArn)).status).toBe('RUNNING');
    await service.local.service.advanceClock(60);

    await service.local.until(executionArn, 'SUCCEEDED');
    expect(types(await service.local.history(executionArn))).toContain('WaitStateExited');
  });

  it('waits until a TimestampPath on the service.local clock, with the Wait’s input as its output', async () => {
    const opensAt = new Date(now().getTime() + 3 * 86_400_000).toISOString();
    const executionArn = await service.local.start('steps', 'opening', { opensAt });
    await service.local.untilEvent(executionArn, 'WaitStateEntered');

    await service.local.service.advanceClock(3 * 86_400);

    const described = await service.local.until(executionArn, 'SUCCEEDED');
    expect(JSON.parse(described.output ?? '')).toEqual({ name: 'opening', opensAt, check: { urgent: false } });
  });

  it('times out an execution past its TimeoutSeconds: TIMED_OUT with States.Timeout', async () => {
    const executionArn = await service.local.start('deadline', 'lingering', {});
    await service.local.untilEvent(executionArn, 'WaitStateEntered');

    await service.local.service.advanceClock(3600);

    const described = await service.local.until(executionArn, 'TIMED_OUT');
    expect(described.error).toBe('States.Timeout');
    expect((await service.local.history(executionArn)).at(-1)?.type).toBe('ExecutionTimedOut');
  });

  it('continues a RUNNING execution after a restart in the state it was in: a new token replaces the old one, earlier steps do not run again', async () => {
    const executionArn = await service.local.start('callback', 'restarted', { deadlineSeconds: 3600, pauseSeconds: 0 });
    const oldToken = await service.functions.tokenOf('restarted');
    service.functions.tokens.clear();

    await service.local.stop();
    service.local = await startService({ functions: service.functions, table: service.local.table });

    const newToken = await service.functions.tokenOf('restarted');
    expect(newToken).not.toBe(oldToken);
    const stale = await service.local.sfn.send(new SendTaskSuccessCommand({ taskToken: oldToken, output: '{}' })).catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(TaskDoesNotExist);
    await service.local.sfn.send(new SendTaskSuccessCommand({ taskToken: newToken, output: JSON.stringify({ afterRestart: true }) }));
    const described = await service.local.until(executionArn, 'SUCCEEDED');
    expect(JSON.parse(described.output ?? '').callback).toEqual({ afterRestart: true });
    expect(service.functions.callsOf('prepare')).toBe(1);
    const history = await service.local.history(executionArn);
    expect(history.filter((event) => event.stateEnteredEventDetails?.name === 'AwaitCallback')).toHaveLength(1);
    expect(types(history).filter((type) => type === 'TaskScheduled')).toHaveLength(3);
    expect(history.map((event) => event.id)).toEqual(history.map((_, index) => index + 1));
  });

  it('continues after a restart an execution whose history was written as lists of maps, as before history chunks were JSON text', async () => {
    const executionArn = await service.local.start('callback', 'older', { deadlineSeconds: 3600, pauseSeconds: 0 });
    await service.functions.tokenOf('older');
    service.functions.tokens.clear();
    await service.local.stop();
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: inject('dynamoEndpoint') }));
    const chunks = (await db.send(new QueryCommand({ TableName: service.local.table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)', ExpressionAttributeValues: { ':pk': `EXEC#${executionArn}`, ':events': 'EVENTS#' } }))).Items ?? [];
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) await db.send(new PutCommand({ TableName: service.local.table, Item: { ...chunk, events: JSON.parse(String(chunk.events)) } }));
    db.destroy();

    service.local = await startService({ functions: service.functions, table: service.local.table });
    await service.local.sfn.send(new SendTaskSuccessCommand({ taskToken: await service.functions.tokenOf('older'), output: '{}' }));

    await service.local.until(executionArn, 'SUCCEEDED');
    expect(service.functions.callsOf('prepare')).toBe(1);
    const history = await service.local.history(executionArn);
    expect(history.filter((event) => event.stateEnteredEventDetails?.name === 'AwaitCallback')).toHaveLength(1);
    expect(history.map((event) => event.id)).toEqual(history.map((_, index) => index + 1));
  });

  it('keeps a pending Wait’s due time and the clock across a restart', async () => {
    const executionArn = await service.local.start('callback', 'paused', { deadlineSeconds: 3600, pauseSeconds: 3600 });
    await service.local.sfn.send(new SendTaskSuccessCommand({ taskToken: await service.functions.tokenOf('paused'), output: '{}' }));
    await service.local.untilEvent(executionArn, 'WaitStateEntered');
    await service.local.service.advanceClock(1800);
    service.functions.tokens.clear();

    await service.local.stop();
    service.local = await startService({ functions: service.functions, table: service.local.table });

    await service.local.service.advanceClock(1800 - 60);
    await settle();
    expect((await service.local.describe(executionArn)).status).toBe('RUNNING');
    await service.local.service.advanceClock(60);
    await service.local.until(executionArn, 'SUCCEEDED');
    expect(service.functions.callsOf('remember')).toBe(1);
  });
});
