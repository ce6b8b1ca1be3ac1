import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../infra/local/free-port.ts';
import { repoRoot } from '../../infra/local/runtime.ts';
import { eventually } from '../support/runtime.ts';
import { TEST_NOW, testDay, testYear } from '../support/calendar.ts';
import { loadRegionTemplate, runLoad } from '../support/load.ts';
import { scale } from './scale.ts';

/** `npm start` as its own process group (SIGKILL takes DynamoDB Local down with it, as a crash would), on a region with the load's workers. */
async function startPlatform(dataDir: string, port: number, regionFile: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'infra/local/start.ts'), '--no-web'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, REGION_FILE: regionFile, CLOCK_STARTS_AT: TEST_NOW },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await eventually(async () => (output.includes('Ready.') ? true : child.exitCode !== null ? Promise.reject(new Error(output)) : undefined), 120_000);
  return child;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    process.kill(-(child.pid as number), signal);
  });
}

const runtimeInfo = (dataDir: string) => JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as { dynamoEndpoint: string; databasePid: number };

/** The checks read the platform's own table: the store's client is pointed at its DynamoDB Local first. */
async function verifyPlatformDatabase(dataDir: string, ids: string[]) {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = runtimeInfo(dataDir).dynamoEndpoint;
  process.env.TABLE_NAME = 'warmth';
  // A fresh store client for this platform's DynamoDB Local (each test, and each restart, has its own port).
  vi.resetModules();
  const { verifyDatabase } = await import('../support/invariants.ts');
  return verifyDatabase(ids, testYear);
}

describe('faults under load, against the platform as npm start runs it', () => {
  const dataDirs: string[] = [];
  /** Each test on a platform of its own: its data folder with the load's region file. */
  const freshPlace = () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'warmth-faults-'));
    dataDirs.push(dataDir);
    const regionFile = join(dataDir, 'region.json');
    writeFileSync(regionFile, JSON.stringify(loadRegionTemplate(scale.faultApplications * 2)));
    return { dataDir, regionFile };
  };
  let platform: ChildProcess | undefined;

  afterAll(async () => {
    if (platform) await killGroup(platform, 'SIGKILL');
    for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    `the runtime killed with SIGKILL ${scale.crashes} time(s) at random moments under load and restarted with npm start: every application finishes, once`,
    async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const { dataDir, regionFile } = freshPlace();
      platform = await startPlatform(dataDir, port, regionFile);
      let crashes = 0;
      let restarting = false;
      // The first crash within the load's first seconds: 15 applications are all final within about ten.
      let nextCrashAt = Date.now() + 1_000 + Math.random() * 3_000;
      const report = await runLoad({
        url,
        applications: scale.faultApplications,
        clients: scale.clients,
        today: testDay(),
        timeoutMs: scale.timeoutMs,
        tick: async () => {
          if (restarting || crashes >= scale.crashes || Date.now() < nextCrashAt || !platform) return;
          restarting = true;
          await killGroup(platform, 'SIGKILL');
          crashes += 1;
          platform = await startPlatform(dataDir, port, regionFile);
          nextCrashAt = Date.now() + 2_000 + Math.random() * 10_000;
          restarting = false;
        },
      });
      expect(crashes).toBe(scale.crashes);
      expect(report.refused).toEqual({});
      expect(Object.keys(report.serverErrors).filter((kind) => !kind.endsWith(' 503'))).toEqual([]);
      const verdict = await verifyPlatformDatabase(dataDir, report.ids);
      expect(verdict.problems).toEqual([]);
      expect(report.ids).toHaveLength(scale.faultApplications);
      await killGroup(platform, 'SIGKILL');
      platform = undefined;
    },
    scale.timeoutMs + 300_000,
  );

  it(
    'DynamoDB Local killed mid-load: 503 with Retry-After (never 500), /health says so, npm start restarts it, and every application finishes',
    async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const { dataDir, regionFile } = freshPlace();
      platform = await startPlatform(dataDir, port, regionFile);
      let killed = false;
      let healthSawDown = false;
      const report = await runLoad({
        url,
        applications: scale.faultApplications,
        clients: scale.clients,
        today: testDay(),
        timeoutMs: scale.timeoutMs,
        tick: async () => {
          if (!killed) {
            killed = true;
            process.kill(runtimeInfo(dataDir).databasePid, 'SIGKILL');
            const health = await eventually(async () => {
              const response = await fetch(`${url}/health`).catch(() => undefined);
              return response?.status === 503 ? response : undefined;
            }, 30_000);
            healthSawDown = health.headers.get('retry-after') !== null;
          }
        },
      });
      expect(healthSawDown).toBe(true);
      expect(Object.keys(report.serverErrors).filter((kind) => !kind.endsWith(' 503'))).toEqual([]);
      expect(report.unavailable.without).toBe(0);
      expect(report.refused).toEqual({});
      const verdict = await verifyPlatformDatabase(dataDir, report.ids);
      expect(verdict.problems).toEqual([]);
      expect(report.ids).toHaveLength(scale.faultApplications);
    },
    scale.timeoutMs + 180_000,
  );
});
