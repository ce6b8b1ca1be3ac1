import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDynamoDbLocal } from '../local/dynamodb-local.ts';
import { useLocalAwsEnv } from '../local/aws-env.ts';
import { repoRoot } from '../local/runtime.ts';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../local/tables.ts';
import { tableSchema } from '../../functions/store/table.ts';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Points the store at the table an operator command works on: the deployed one when TABLE_NAME
 * (and AWS credentials) are set; otherwise the local data, through the running `npm start` or a
 * DynamoDB Local of its own. Returns what to stop afterwards.
 */
export async function useOperatorTable(): Promise<() => Promise<void>> {
  if (process.env.TABLE_NAME) return async () => undefined;
  const dataDir = process.env.DATA_DIR ?? join(repoRoot, '.data');
  const runtimeFile = join(dataDir, 'runtime.json');
  useLocalAwsEnv();
  process.env.TABLE_NAME = 'warmth';
  const running = existsSync(runtimeFile) ? (JSON.parse(readFileSync(runtimeFile, 'utf8')) as { dynamoEndpoint: string; pid: number }) : undefined;
  if (running && isAlive(running.pid)) {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = running.dynamoEndpoint;
    return async () => undefined;
  }
  const dynamo = await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') });
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
  // As `npm start` would: a data folder from before the indexes were narrowed gets the listing ones, and its items their listings.
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint });
  await ensureTable(client, process.env.TABLE_NAME, tableSchema);
  client.destroy();
  const { backfillListings, listingsComplete } = await import('../../functions/store/listing-backfill.ts');
  if (!(await listingsComplete())) await backfillListings();
  return () => dynamo.stop();
}

/**
 * Points the Step Functions client at the workflows an operator command acts on: on AWS the state
 * machines of WORKFLOW_ARNS (a JSON object, program → state machine ARN, as the stack gives its
 * functions); locally the service inside the running `npm start`, which must be running.
 */
export function useOperatorWorkflows(): void {
  if (process.env.TABLE_NAME && process.env.WORKFLOW_ARNS) return;
  if (process.env.TABLE_NAME) throw new Error('set WORKFLOW_ARNS (program → state machine ARN, as JSON) next to TABLE_NAME');
  const runtimeFile = join(process.env.DATA_DIR ?? join(repoRoot, '.data'), 'runtime.json');
  const running = existsSync(runtimeFile) ? (JSON.parse(readFileSync(runtimeFile, 'utf8')) as { pid: number; sfnEndpoint?: string; workflowArns?: Record<string, string> }) : undefined;
  if (!running || !isAlive(running.pid) || !running.sfnEndpoint) throw new Error('the workflows run inside `npm start`: start it first');
  process.env.AWS_ENDPOINT_URL_SFN = running.sfnEndpoint;
  process.env.WORKFLOW_ARNS = JSON.stringify(running.workflowArns ?? {});
}

/** Runs an operator command and exits with its code; an unexpected error exits 2 with its message. */
export function runCommand(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
