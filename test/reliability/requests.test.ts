import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importJWK, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { autumnAidDetails, withDocuments } from '../support/applications.ts';
import { residentId } from '../support/id-numbers.ts';

/** Requests a careless or hostile client sends, and the same request sent several times at once. */
describe('requests at the edges', () => {
  let runtime: TestRuntime;
  let dataDir: string;

  beforeAll(async () => {
    runtime = await startTestRuntime();
    dataDir = runtime.dataDir;
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('answers the same Idempotency-Key and body sent six times at once with the same 202 six times, recording one application', async () => {
    const token = await runtime.tokenOf('w-zhang-wei');
    const body = { program: 'autumn-aid', details: await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', autumnAidDetails({ childId: residentId('420106', '2008-07-01', '456') })) };
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => runtime.request('POST', '/applications', { token, body, headers: { 'idempotency-key': 'six-at-once' } })),
    );
    expect(replies.map((reply) => reply.status)).toEqual([202, 202, 202, 202, 202, 202]);
    expect(new Set(replies.map((reply) => reply.body.id)).size).toBe(1);
    const mine = await runtime.request('GET', '/applications', { token });
    expect(mine.body.items.filter((item: { id: string }) => item.id === replies[0]?.body.id)).toHaveLength(1);
  });

  it('refuses a correctly signed token without an expiry, as the JWT authorizer does', async () => {
    const { privateJwk } = JSON.parse(readFileSync(join(dataDir, 'issuer', 'signing-key.json'), 'utf8')) as { privateJwk: JWK };
    const forever = await new SignJWT({ 'cognito:groups': ['worker'], 'custom:org_unit': 'east-machinery', name: '张伟' })
      .setProtectedHeader({ alg: 'RS256', kid: privateJwk.kid as string })
      .setSubject('w-zhang-wei')
      .setIssuer(runtime.url)
      .setAudience('warmth-local')
      .setIssuedAt()
      .sign(await importJWK(privateJwk, 'RS256'));
    const response = await runtime.request('GET', '/applications', { token: forever });
    expect(response.status).toBe(401);
  });

  it('answers an 11 MiB body with 413, not a reset connection', async () => {
    const response = await runtime.request('POST', '/applications', {
      token: await runtime.tokenOf('w-zhang-wei'),
      rawBody: JSON.stringify({ program: 'autumn-aid', details: await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', { pad: 'x'.repeat(11 * 1024 * 1024) }) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(413);
    expect(response.body.message).toBeTruthy();
  });

  it('answers malformed percent-encoding in a path with 400 naming the parameter', async () => {
    for (const path of ['/applications/%E4%B8/withdraw', '/applications/%zz', '/audit/%/verify']) {
      const response = await runtime.request(path.endsWith('withdraw') ? 'POST' : 'GET', path, { token: await runtime.tokenOf('o-east-machinery') });
      expect(response.status, path).toBe(400);
      expect(response.body.error.fields[0].message).toBeTruthy();
    }
  });

  it('reports the database up on /health', async () => {
    const response = await runtime.request('GET', '/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ok: true, database: 'up' });
  });
});
