import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/local/runtime.ts';
import { keys } from '../../functions/store/keys.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { autumnAidDetails, decide, untilStatus, withDocuments } from '../support/applications.ts';
import { residentId } from '../support/id-numbers.ts';

describe('the audit trail', () => {
  let runtime: TestRuntime;
  let id: string;

  beforeAll(async () => {
    runtime = await startTestRuntime();
    const submitted = await runtime.request('POST', '/applications', {
      token: await runtime.tokenOf('w-zhang-wei'),
      body: { program: 'autumn-aid', details: await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', autumnAidDetails({ childId: residentId('420106', '2008-10-10', '808') })) },
    });
    id = submitted.body.id;
    await untilStatus(runtime, 'w-zhang-wei', id, 'PENDING_APPROVAL');
    expect((await decide(runtime, 'o-east-machinery', id, 'approve', '同意')).status).toBe(200);
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  const verifyWithCli = (subject: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'infra/ops/audit-verify.ts'), subject], {
      env: { ...process.env, TABLE_NAME: runtime.tableName, AWS_ENDPOINT_URL_DYNAMODB: runtime.dynamoEndpoint },
      encoding: 'utf8',
    });

  it('records every change in order: who, role, when, what and why', async () => {
    const trail = await runtime.request('GET', `/audit/${id}`, { token: await runtime.tokenOf('f-city') });
    expect(trail.status).toBe(200);
    const actions = trail.body.items.map((event: { action: string }) => event.action);
    expect(actions.slice(0, 5)).toEqual(['SUBMIT', 'START_CHECK', 'DECIDE_ELIGIBILITY', 'REQUEST_APPROVAL', 'APPROVE_LEVEL']);
    const approval = trail.body.items[4];
    expect(approval.actor).toEqual({ sub: 'o-east-machinery', name: '赵敏', role: 'official', orgUnit: 'east-machinery' });
    expect(approval.reason).toBe('同意');
    expect(approval.requestId).toBeTruthy();
    expect(trail.body.items.map((event: { seq: number }) => event.seq)).toEqual(trail.body.items.map((_: unknown, index: number) => index + 1));
  });

  it('verifies an untouched chain, through the API and the CLI', async () => {
    const verdict = await runtime.request('GET', `/audit/${id}/verify`, { token: await runtime.tokenOf('o-east') });
    expect(verdict.body).toEqual({ valid: true, events: expect.any(Number) });
    const cli = verifyWithCli(id);
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain(`ok      ${id}`);
  });

  it('hides the trail from workers (403) and from officials outside the subtree (404)', async () => {
    expect((await runtime.request('GET', `/audit/${id}`, { token: await runtime.tokenOf('w-zhang-wei') })).status).toBe(403);
    expect((await runtime.request('GET', `/audit/${id}`, { token: await runtime.tokenOf('o-west') })).status).toBe(404);
  });

  it('names the event that was changed directly in the table', async () => {
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: runtime.dynamoEndpoint }));
    await db.send(
      new UpdateCommand({ TableName: runtime.tableName, Key: keys.auditEvent(id, 3), UpdateExpression: 'SET #after.#status = :forged', ExpressionAttributeNames: { '#after': 'after', '#status': 'status' }, ExpressionAttributeValues: { ':forged': 'APPROVED' } }),
    );
    const verdict = await runtime.request('GET', `/audit/${id}/verify`, { token: await runtime.tokenOf('a-city') });
    expect(verdict.body.valid).toBe(false);
    expect(verdict.body.brokenAt).toMatchObject({ seq: 3, reason: expect.stringContaining('changed') });
    const cli = verifyWithCli(id);
    expect(cli.status).toBe(1);
    expect(cli.stdout).toContain(`BROKEN  ${id}: event 3`);
  });
});
