import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/free-port.ts';
import { repoRoot } from '../../infra/local/runtime.ts';
import { eventually } from '../support/runtime.ts';
import { autumnAidDetails } from '../support/applications.ts';
import { TEST_NOW } from '../support/calendar.ts';
import { photoThrough } from '../support/documents.ts';

/** `npm start` as a process group of its own, so SIGKILL takes DynamoDB Local down with it, as a crash would. */
async function startPlatform(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'infra/local/start.ts'), '--no-web'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, CLOCK_STARTS_AT: TEST_NOW },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await eventually(async () => (output.includes('Ready.') ? true : child.exitCode !== null ? Promise.reject(new Error(output)) : undefined), 150_000);
  return child;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    process.kill(-(child.pid as number), signal);
  });
}

describe('the local runtime killed while an application waits for approval', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'warmth-crash-'));
  let platform: ChildProcess | undefined;

  afterAll(async () => {
    if (platform) await killGroup(platform, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('completes after a restart, once, with one payment instruction', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const call = async (method: string, path: string, token?: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    const signIn = async (sub: string) => (await call('POST', '/local/token', undefined, { sub })).body.token as string;
    const statusOf = async (id: string, token: string, status: string) =>
      eventually(async () => ((await call('GET', `/applications/${id}`, token)).body.status === status ? true : undefined), 20_000);

    platform = await startPlatform(dataDir, port);
    let worker = await signIn('w-zhang-wei');
    const letter = await photoThrough((method, path, body) => call(method, path, worker, body), 'autumn-aid', 'admission-letter');
    const submitted = await call('POST', '/applications', worker, { program: 'autumn-aid', details: { ...autumnAidDetails(), attachments: [{ kind: 'admission-letter', documentId: letter }] } });
    expect(submitted.status).toBe(202);
    const id = submitted.body.id as string;
    await statusOf(id, worker, 'PENDING_APPROVAL');
    const level1 = await signIn('o-east-machinery');
    await eventually(async () => ((await call('GET', '/approvals', level1)).body.items.length ? true : undefined));
    expect((await call('POST', `/approvals/${id}/decision`, level1, { decision: 'approve' })).status).toBe(200);
    const level2 = await signIn('o-east');
    await eventually(async () => ((await call('GET', '/approvals', level2)).body.items.length ? true : undefined));

    await killGroup(platform, 'SIGKILL');
    platform = await startPlatform(dataDir, port);

    worker = await signIn('w-zhang-wei');
    for (const sub of ['o-east', 'o-city']) {
      const official = await signIn(sub);
      await eventually(async () => ((await call('GET', '/approvals', official)).body.items.some((item: { applicationId: string }) => item.applicationId === id) ? true : undefined), 20_000);
      expect((await call('POST', `/approvals/${id}/decision`, official, { decision: 'approve' })).status).toBe(200);
    }
    await statusOf(id, worker, 'PUBLIC_NOTICE');
    expect((await call('POST', '/local/clock/advance', undefined, { seconds: 5 * 86_400 })).status).toBe(200);
    // Five days on, the worker's token has expired: sign in again.
    worker = await signIn('w-zhang-wei');
    await statusOf(id, worker, 'DISBURSING');
    const application = (await call('GET', `/applications/${id}`, worker)).body;
    expect(application.payment).toHaveLength(1);
    expect(application.approvals.filter((approval: { status: string }) => approval.status === 'APPROVED')).toHaveLength(3);
    expect(application.history.filter((entry: { status: string }) => entry.status === 'DISBURSING')).toHaveLength(1);
  }, 360_000);
});
