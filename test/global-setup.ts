import { join } from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type DynamoDbLocal } from '../infra/local/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

let dynamo: DynamoDbLocal | undefined;

/**
 * One in-memory DynamoDB Local for the whole run (each test file makes its own tables), and the
 * web app built once, for the browser and CDK tests.
 */
export async function setup(project: TestProject): Promise<void> {
  const [started] = await Promise.all([
    startDynamoDbLocal(),
    build({ configFile: join(import.meta.dirname, '..', 'web', 'vite.config.ts'), logLevel: 'silent' }),
  ]);
  dynamo = started;
  project.provide('dynamoEndpoint', dynamo.endpoint);
}

export async function teardown(): Promise<void> {
  await dynamo?.stop();
}
