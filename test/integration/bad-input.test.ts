import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { autumnAidDetails } from '../support/applications.ts';
import { now } from '../../functions/shared/clock.ts';

describe('bad input to POST /applications', () => {
  let runtime: TestRuntime;
  let worker: string;

  const applicationCount = async () => (await runtime.request('GET', '/applications?limit=200', { token: await runtime.tokenOf('w-zhang-wei') })).body.items.length as number;

  beforeAll(async () => {
    runtime = await startTestRuntime();
    worker = await runtime.signIn('w-zhang-wei');
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('answers malformed JSON with 400 MALFORMED_JSON and writes nothing', async () => {
    const response = await runtime.request('POST', '/applications', { token: worker, rawBody: '{"program": "autumn-aid", ', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('MALFORMED_JSON');
    expect(await applicationCount()).toBe(0);
  });

  it('names each missing or wrongly typed field, in Chinese by default and in English on request', async () => {
    const details = autumnAidDetails();
    const body = { program: 'autumn-aid', details: { ...details, child: { ...details.child, name: undefined, admissionYear: 'this year' } } };
    const zh = await runtime.request('POST', '/applications', { token: worker, body });
    expect(zh.status).toBe(400);
    const paths = zh.body.error.fields.map((field: { path: string }) => field.path);
    expect(paths).toEqual(expect.arrayContaining(['details.child.name', 'details.child.admissionYear']));
    expect(zh.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    const en = await runtime.request('POST', '/applications', { token: worker, body, headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.body.error.fields[0].message).toMatch(/^[\x20-\x7e]+$/);
    expect(await applicationCount()).toBe(0);
  });

  it('refuses an unknown program with the field `program`', async () => {
    const response = await runtime.request('POST', '/applications', { token: worker, body: { program: 'free-lunch', details: {} } });
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((field: { path: string }) => field.path)).toContain('program');
  });

  it('refuses an invalid resident ID number with its field path', async () => {
    const details = autumnAidDetails({ childId: '420106200803151230' });
    const response = await runtime.request('POST', '/applications', { token: worker, body: { program: 'autumn-aid', details } });
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((field: { path: string }) => field.path)).toContain('details.child.idNumber');
  });

  it('refuses a bank account held by someone else', async () => {
    const response = await runtime.request('POST', '/applications', { token: worker, body: { program: 'autumn-aid', details: autumnAidDetails({ holder: '李四' }) } });
    expect(response.status).toBe(400);
    expect(response.body.error.fields[0].path).toBe('details.bankAccount.holder');
  });

  it('answers a 1 MB body with 413', async () => {
    const response = await runtime.request('POST', '/applications', { token: worker, rawBody: JSON.stringify({ program: 'autumn-aid', details: { pad: 'x'.repeat(1024 * 1024) } }), headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(413);
    expect(await applicationCount()).toBe(0);
  });

  it('answers a missing, forged or expired token with 401', async () => {
    const body = { program: 'autumn-aid', details: autumnAidDetails() };
    expect((await runtime.request('POST', '/applications', { body })).status).toBe(401);

    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ 'cognito:groups': ['worker'], 'custom:org_unit': 'east-machinery' })
      .setProtectedHeader({ alg: 'RS256', kid: 'forged' })
      .setSubject('w-zhang-wei')
      .setIssuer(runtime.url)
      .setAudience('warmth-local')
      .setExpirationTime('1h')
      .sign(privateKey);
    expect((await runtime.request('POST', '/applications', { token: forged, body })).status).toBe(401);

    const [, payload] = worker.split('.');
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString());
    expect(claims.exp).toBeGreaterThan(now().getTime() / 1000);
    await runtime.advanceClock(2 * 3600);
    expect((await runtime.request('POST', '/applications', { token: worker, body })).status).toBe(401);
  });

  it('refuses a worker-only route to an official with 403', async () => {
    const official = await runtime.signIn('o-east');
    const response = await runtime.request('POST', '/applications', { token: official, body: { program: 'autumn-aid', details: autumnAidDetails() } });
    expect(response.status).toBe(403);
  });

  it('names the field of a bad local clock move, in the reader’s language', async () => {
    const zh = await runtime.request('POST', '/local/clock/advance', { body: { seconds: -1 } });
    expect(zh.status).toBe(400);
    expect(zh.body.error.fields).toEqual([{ path: 'seconds', message: expect.stringMatching(/十年/) }]);
    const en = await runtime.request('POST', '/local/clock/advance', { body: { seconds: 1.5 }, headers: { 'accept-language': 'en' } });
    expect(en.body.error.fields[0].message).toMatch(/^seconds must be a whole number/);
    expect(en.body.error.message).toMatch(/^[\x20-\x7e]+$/);
  });

  it('lists who may be signed in as, with unit names, and nothing of their member records', async () => {
    const users = await runtime.request('GET', '/local/users');
    const zhang = users.body.items.find((user: { sub: string }) => user.sub === 'w-zhang-wei');
    expect(zhang).toEqual({ sub: 'w-zhang-wei', name: '张伟', groups: ['worker'], orgUnit: 'east-machinery', orgUnitName: { zh: '东城机械厂工会', en: expect.any(String) } });
  });
});
