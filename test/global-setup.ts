import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type DynamoDbLocal } from '../infra/local/dynamodb-local.ts';
import { mergeFragments } from './support/aws-calls.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    /** Where each test process leaves the AWS calls its handlers made, merged at teardown. */
    awsCallFragments: string;
  }
}

let dynamo: DynamoDbLocal | undefined;
const fragments = mkdtempSync(join(tmpdir(), 'warmth-aws-calls-'));

/**
 * One in-memory DynamoDB Local for the whole run (each test file makes its own tables), and the
 * web app built once, for the browser and CDK tests.
 */
export async function setup(project: TestProject): Promise<void> {
  const [started, built] = await Promise.allSettled([
    startDynamoDbLocal(),
    build({ configFile: join(import.meta.dirname, '..', 'web', 'vite.config.ts'), logLevel: 'silent' }),
  ]);
  // Vitest does not tear down after a failed setup: stop the emulator here, or it outlives the run.
  if (started.status === 'fulfilled' && built.status === 'rejected') await started.value.stop();
  if (started.status === 'rejected') throw started.reason;
  if (built.status === 'rejected') throw built.reason;
  dynamo = started.value;
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('awsCallFragments', fragments);
}

export async function teardown(): Promise<void> {
  mergeFragments(fragments);
  await dynamo?.stop();
}
