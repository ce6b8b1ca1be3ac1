import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.ts';
import { repoRoot } from './runtime.ts';

/**
 * `npm run audit:verify -- <applicationId> | --all`: recomputes audit hash chains and names the
 * first broken link of each. Against AWS when TABLE_NAME (and credentials) are set; otherwise
 * against the local data, through the running `npm start` or a DynamoDB Local of its own.
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length === 0) {
    console.error('usage: npm run audit:verify -- <applicationId> [...] | --all');
    return 2;
  }
  let dynamo: DynamoDbLocal | undefined;
  if (!process.env.TABLE_NAME) {
    const dataDir = process.env.DATA_DIR ?? join(repoRoot, '.data');
    const runtimeFile = join(dataDir, 'runtime.json');
    process.env.AWS_REGION ??= 'us-east-1';
    process.env.AWS_ACCESS_KEY_ID ??= 'local';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
    process.env.TABLE_NAME = 'warmth';
    const running = existsSync(runtimeFile) ? (JSON.parse(readFileSync(runtimeFile, 'utf8')) as { dynamoEndpoint: string; pid: number }) : undefined;
    if (running && isAlive(running.pid)) {
      process.env.AWS_ENDPOINT_URL_DYNAMODB = running.dynamoEndpoint;
    } else {
      dynamo = await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') });
      process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
    }
  }
  try {
    const { listAuditEvents, listAuditSubjects } = await import('../../functions/store/audit.ts');
    const { verifyChain } = await import('../../functions/domain/audit-chain.ts');
    const subjects = args.includes('--all') ? await listAuditSubjects() : args;
    let broken = 0;
    for (const subject of subjects) {
      const events = await listAuditEvents(subject);
      const verdict = events.length === 0 ? { valid: false as const, brokenAt: { index: 0, seq: null, reason: 'no audit events' } } : verifyChain(subject, events);
      if (verdict.valid) console.log(`ok      ${subject} (${verdict.events} events)`);
      else {
        broken += 1;
        console.log(`BROKEN  ${subject}: event ${verdict.brokenAt.seq ?? verdict.brokenAt.index + 1} — ${verdict.brokenAt.reason}`);
      }
    }
    console.log(`${subjects.length - broken} valid, ${broken} broken`);
    return broken === 0 ? 0 : 1;
  } finally {
    await dynamo?.stop();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
