import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { JavaMissingError } from './dynamodb-local.ts';
import { demoRegion } from './demo-region.ts';
import { nowIso } from '../../functions/shared/clock.ts';
import { shanghaiDate } from '../../functions/shared/dates.ts';
import { repoRoot, startLocalRuntime } from './runtime.ts';

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

  const clockStartsAt = process.env.CLOCK_STARTS_AT;
  if (clockStartsAt !== undefined && Number.isNaN(Date.parse(clockStartsAt))) throw new Error(`CLOCK_STARTS_AT is not an ISO instant: ${clockStartsAt}`);
  const runtime = await startLocalRuntime({ port, dataDir, webRoot, log: (line) => console.log(line), ...(clockStartsAt ? { clockStartsAt } : {}) });
  // Lets operator commands (npm run audit:verify) reach this runtime's DynamoDB Local.
  const runtimeFile = join(dataDir, 'runtime.json');
  writeFileSync(runtimeFile, JSON.stringify({ url: runtime.url, dynamoEndpoint: runtime.dynamoEndpoint, pid: process.pid }));
  const users = demoRegion(shanghaiDate(nowIso())).users;
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
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof JavaMissingError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
