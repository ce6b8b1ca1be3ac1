import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../infra/local/runtime.ts';
import { TEST_NOW } from '../support/calendar.ts';
import { autumnAidDetails } from '../support/applications.ts';
import { photoThrough } from '../support/documents.ts';
import { eventually } from '../support/runtime.ts';
import { residentId } from '../support/id-numbers.ts';

/** A runtime with a DynamoDB Local of its own, so that the test can kill it. */
describe('an official’s decision while the database is down', () => {
  let runtime: LocalRuntime;
  let dataDir: string;
  const tokens = new Map<string, string>();
  const tokenOf = async (sub: string) => {
    if (!tokens.has(sub)) tokens.set(sub, ((await (await fetch(`${runtime.url}/local/token`, { method: 'POST', body: JSON.stringify({ sub }) })).json()) as { token: string }).token);
    return tokens.get(sub) as string;
  };
  const request = async (method: string, path: string, sub: string, body?: unknown) => {
    const response = await fetch(`${runtime.url}${path}`, { method, headers: { authorization: `Bearer ${await tokenOf(sub)}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, headers: response.headers, body: (await response.json().catch(() => undefined)) as any };
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'warmth-down-'));
    runtime = await startLocalRuntime({ port: 0, dataDir, clockStartsAt: TEST_NOW, sweepIntervalSeconds: 0 });
  }, 120_000);
  afterAll(async () => {
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After (not 500), and the same decision succeeds once the database is back', async () => {
    const letter = await photoThrough((method, path, body) => request(method, path, 'w-zhang-wei', body), 'autumn-aid', 'admission-letter');
    const submitted = await request('POST', '/applications', 'w-zhang-wei', { program: 'autumn-aid', details: { ...autumnAidDetails(), attachments: [{ kind: 'admission-letter', documentId: letter }] } });
    expect(submitted.status).toBe(202);
    const id = submitted.body.id as string;
    await eventually(async () => ((await request('GET', '/approvals', 'o-east-machinery')).body?.items?.some((item: { applicationId: string }) => item.applicationId === id) ? true : undefined), 20_000);

    process.kill(runtime.databasePid() as number, 'SIGKILL');
    await eventually(async () => (runtime.databaseRunning() ? undefined : true));
    const refused = await request('POST', `/approvals/${id}/decision`, 'o-east-machinery', { decision: 'approve', comment: '同意' });

    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused.body.error.message).toBeTruthy();
    // A workflow step meets the same outage by a name its state's Retry waits out, not as a failure of its own.
    const { handler: planApproval } = await import('../../functions/steps/plan-approval.ts');
    await expect(planApproval({ applicationId: id })).rejects.toMatchObject({ name: 'DatabaseUnavailable' });
    await runtime.restartDatabase();
    const decided = await eventually(async () => {
      const again = await request('POST', `/approvals/${id}/decision`, 'o-east-machinery', { decision: 'approve', comment: '同意' });
      return again.status === 503 ? undefined : again;
    }, 30_000);
    expect(decided.status).toBe(200);
  }, 120_000);

  const single = (id: string) => ['/approvals/' + id + '/decision', { decision: 'approve', comment: '同意' }] as const;
  const batch = (id: string) => ['/approvals/batch', { applicationIds: [id], decision: 'approve', comment: '同意' }] as const;
  it.each([
    { name: 'one decision', when: 'while it is in flight', route: single, handler: 'functions/api/approvals.ts#decideApproval', inFlight: true },
    { name: 'a batch of decisions', when: 'before it is sent', route: batch, handler: 'functions/api/approvals.ts#decideBatch', inFlight: false },
  ])('answers $name with 200 or 503, never 500, whichever of its requests the database dies at, $when', async ({ route, handler, inFlight }) => {
    const { DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb');
    const { handlerContext } = await import('../../functions/shared/aws-calls.ts');
    const prototype = DynamoDBDocumentClient.prototype as unknown as { send: (...args: unknown[]) => unknown };
    const send = prototype.send;
    let killBefore = 0;
    let seen = 0;
    prototype.send = function (this: unknown, ...args: unknown[]) {
      const kill = handlerContext.getStore() === handler && killBefore > 0 && ++seen === killBefore;
      if (kill && !inFlight) process.kill(runtime.databasePid() as number, 'SIGKILL');
      const sent = send.apply(this, args);
      // In flight: the request has reached the database, which dies before it answers (or just after).
      if (kill && inFlight) setTimeout(() => process.kill(runtime.databasePid() as number, 'SIGKILL'), 3);
      return sent;
    };
    const statuses: string[] = [];
    try {
      for (let k = 1; k <= 5; k++) {
        const letter = await photoThrough((method, path, body) => request(method, path, 'w-zhang-wei', body), 'autumn-aid', 'admission-letter');
        const submitted = await request('POST', '/applications', 'w-zhang-wei', { program: 'autumn-aid', details: { ...autumnAidDetails({ childId: residentId('420106', `2008-0${k}-0${k}`, handler.endsWith('Batch') ? '556' : inFlight ? '557' : '555') }), attachments: [{ kind: 'admission-letter', documentId: letter }] } });
        expect(submitted.status).toBe(202);
        const id = submitted.body.id as string;
        await eventually(async () => ((await request('GET', '/approvals', 'o-east-machinery')).body?.items?.some((item: { applicationId: string }) => item.applicationId === id) ? true : undefined), 20_000);
        killBefore = k;
        seen = 0;
        const [path, body] = route(id);
        const answer = await request('POST', path, 'o-east-machinery', body);
        killBefore = 0;
        statuses.push(`${k}:${answer.status}`);
        if (!runtime.databaseRunning()) await runtime.restartDatabase();
      }
    } finally {
      prototype.send = send;
    }
    expect(statuses.filter((status) => !/:(200|503)$/.test(status))).toEqual([]);
  }, 300_000);

  it('answers the waiting task when a decision recorded without its answer (the database died between the two) is sent again, so the workflow goes on', async () => {
    const letter = await photoThrough((method, path, body) => request(method, path, 'w-zhang-wei', body), 'autumn-aid', 'admission-letter');
    const submitted = await request('POST', '/applications', 'w-zhang-wei', { program: 'autumn-aid', details: { ...autumnAidDetails({ childId: residentId('420106', '2008-11-11', '558') }), attachments: [{ kind: 'admission-letter', documentId: letter }] } });
    const id = submitted.body.id as string;
    const queued = (sub: string) => eventually(async () => ((await request('GET', '/approvals', sub)).body?.items?.some((item: { applicationId: string }) => item.applicationId === id) ? true : undefined), 20_000);
    await queued('o-east-machinery');
    const { getApplicationRecords } = await import('../../functions/store/application-records.ts');
    const { recordApprovalDecision } = await import('../../functions/store/approvals.ts');
    const records = await getApplicationRecords(id);
    const pending = records?.approvals.find((approval) => approval.status === 'PENDING');
    await recordApprovalDecision(pending!, 'APPROVED', { sub: 'o-east-machinery', name: '赵敏', role: 'official', orgUnit: 'east-machinery' }, '同意', { zh: '第 1 级审批通过', en: 'Level 1 approved' }, undefined);

    const again = await request('POST', `/approvals/${id}/decision`, 'o-east-machinery', { decision: 'approve', comment: '同意' });

    expect(again.status).toBe(200);
    expect(await queued('o-east')).toBe(true);
  }, 60_000);
});
