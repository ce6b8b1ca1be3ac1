import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { JavaMissingError } from './dynamodb-local.ts';
import { demoRegion, regionFromTemplate } from './demo-region.ts';
import { nowIso } from '../../functions/shared/clock.ts';
import { shanghaiDate } from '../../functions/shared/dates.ts';
import { type LocalRuntime, repoRoot, startLocalRuntime } from './runtime.ts';

/**
 * `npm start`: the whole platform on 127.0.0.1, data kept under .data/ (or DATA_DIR).
 * `npm start -- --fresh` wipes the data first. Ctrl-C stops everything. CLOCK_STARTS_AT (an ISO
 * instant) starts the local clock there on fresh data: a training set in the autumn-aid season, or a test.
 */
async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const dataDir = process.env.DATA_DIR ?? join(repoRoot, '.data');
  const port = Number(process.env.PORT ?? 3000);
  if (args.has('--fresh')) {
    rmSync(dataDir, { recursive: true, force: true });
    console.log(`wiped ${dataDir}`);
  }
  const webRoot = join(repoRoot, 'web', 'dist');
  if (!args.has('--no-web')) {
    console.log('building the web app …');
    await build({ configFile: join(repoRoot, 'web', 'vite.config.ts'), logLevel: 'warn' });
  }

  // A region file of one's own (the demo file's format) instead of the demo region: for trying a
  // region locally, and for the reliability suite's many workers.
  const regionFile = process.env.REGION_FILE;
  const region = regionFile ? (seedDay: string) => regionFromTemplate(JSON.parse(readFileSync(regionFile, 'utf8')), seedDay) : undefined;
  const clockStartsAt = process.env.CLOCK_STARTS_AT;
  if (clockStartsAt !== undefined && Number.isNaN(Date.parse(clockStartsAt))) throw new Error(`CLOCK_STARTS_AT is not an ISO instant: ${clockStartsAt}`);
  // FAULT_SHARE=0.1 makes one task invocation in ten fail as Lambda's transient faults do (local only, for trying the retries).
  const faultShare = Number(process.env.FAULT_SHARE ?? 0);
  const sweepIntervalSeconds = process.env.SWEEP_INTERVAL_SECONDS === undefined ? undefined : Number(process.env.SWEEP_INTERVAL_SECONDS);
  const runtime = await startLocalRuntime({
    port,
    dataDir,
    webRoot,
    faults: faultShare > 0 ? { share: faultShare } : undefined,
    sweepIntervalSeconds,
    log: (line) => console.log(line),
    ...(region ? { region } : {}),
    ...(clockStartsAt ? { clockStartsAt } : {}),
  });
  // Lets operator commands (npm run audit:verify, npm run redrive) reach this runtime's DynamoDB Local and workflows.
  const runtimeFile = join(dataDir, 'runtime.json');
  const writeRuntimeFile = () =>
    writeFileSync(
      runtimeFile,
      JSON.stringify({ url: runtime.url, dynamoEndpoint: runtime.dynamoEndpoint, sfnEndpoint: runtime.sfnEndpoint, workflowArns: runtime.workflowArns, pid: process.pid, databasePid: runtime.databasePid() }),
    );
  writeRuntimeFile();
  const watchdog = watchDatabase(runtime, writeRuntimeFile);
  const users = (region ?? demoRegion)(shanghaiDate(nowIso())).users.slice(0, 20);
  console.log(`\nwarmth is running: ${runtime.url}\n`);
  console.log('Demo sign-ins (pick one on the sign-in page, or POST /local/token {"sub": "…"}):');
  for (const user of users) {
    const level = user.level ? ` level ${user.level}` : '';
    console.log(`  ${user.sub.padEnd(18)} ${user.name}  ${user.groups.join(',')}  ${user.orgUnit}${level}`);
  }
  console.log(`\nData: ${dataDir}   Ready.`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping …`);
    rmSync(runtimeFile, { force: true });
    clearInterval(watchdog);
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/**
 * How often the watchdog asks /health, and how many failed answers in a row mean the database is
 * gone: two when its process has exited, many more when it runs but does not answer (a JVM that
 * is starting or swamped must not be killed for being slow).
 */
const WATCH_INTERVAL_MS = 1_000;
const FAILURES_WHEN_EXITED = 2;
const FAILURES_WHEN_HUNG = 60;

/**
 * Asks the platform's own /health every second; when it reports the database down (twice running
 * if DynamoDB Local's process has died, for a minute if it hangs), restarts DynamoDB Local on the
 * same port and data folder. Requests meanwhile get 503 with Retry-After, and the platform carries
 * on once the database answers again.
 */
function watchDatabase(runtime: LocalRuntime, restarted: () => void): NodeJS.Timeout {
  let failures = 0;
  let busy = false;
  return setInterval(() => {
    if (busy) return;
    busy = true;
    void (async () => {
      try {
        const health = await fetch(`${runtime.url}/health`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
        const databaseDown = health?.status === 503 && ((await health.json()) as { database?: string }).database === 'down';
        failures = databaseDown ? failures + 1 : 0;
        if (failures >= (runtime.databaseRunning() ? FAILURES_WHEN_HUNG : FAILURES_WHEN_EXITED)) {
          console.log('health: the database is not answering; restarting DynamoDB Local …');
          await runtime.restartDatabase();
          restarted();
          failures = 0;
        }
      } catch (error) {
        console.error('health watchdog:', error);
      } finally {
        busy = false;
      }
    })();
  }, WATCH_INTERVAL_MS);
}

main().catch((error: unknown) => {
  if (error instanceof JavaMissingError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
