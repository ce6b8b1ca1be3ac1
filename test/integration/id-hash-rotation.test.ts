import { readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idHashKeysFile } from '../../infra/local/secrets.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { autumnAidDetails, withDocuments } from '../support/applications.ts';
import { residentId } from '../support/id-numbers.ts';

describe('the ID-hash key, read from (local) Secrets Manager and rotated by version', () => {
  let runtime: TestRuntime;
  const as = (sub: string) => runtime.tokenOf(sub);

  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('keeps finding a duplicate hashed under the earlier key after a new version is made current', async () => {
    // Each send with photos of its own: a photo goes with one application only.
    const applying = async (childId: string) => ({ program: 'autumn-aid', details: await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', autumnAidDetails({ childId })) });
    const child = residentId('420106', '2008-05-06', '777');
    expect((await runtime.request('POST', '/applications', { token: await as('w-zhang-wei'), body: await applying(child) })).status).toBe(202);

    // The rotation of README's runbook: add version 2, make it current, keep version 1.
    const file = idHashKeysFile(runtime.dataDir);
    const keys = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    writeFileSync(file, JSON.stringify({ ...keys, current: '2', '2': randomBytes(32).toString('hex') }));
    // Handlers keep the key five minutes, as a warm function would; the test runtime's process is one warm function for all of them.
    const { resetIdHashKeyCache } = await import('../../functions/shared/id-hash-key.ts');
    resetIdHashKeyCache();

    const again = await runtime.request('POST', '/applications', { token: await as('w-zhang-wei'), body: await applying(child) });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('DUPLICATE_CLAIM');
    expect(again.body.error.fields[0].path).toBe('details.child.idNumber');

    expect((await runtime.request('POST', '/applications', { token: await as('w-zhang-wei'), body: await applying(residentId('420106', '2008-07-08', '888')) })).status).toBe(202);
  });
});
