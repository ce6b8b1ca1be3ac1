import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndexDescription,
  type Projection as DynamoProjection,
} from '@aws-sdk/client-dynamodb';
import type { GlobalIndex, Projection } from '../../functions/store/table.ts';

export interface KeySchema {
  partitionKey: string;
  sortKey: string;
  globalIndexes: readonly GlobalIndex[];
}

const projectionOf = (projection: Projection): DynamoProjection =>
  projection.type === 'INCLUDE' ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...projection.attributes] } : { ProjectionType: projection.type };

const keySchemaOf = (index: { partitionKey: string; sortKey: string }) => [
  { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
  { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
];

/** Whether a table's index is the one the schema defines: the same keys, copying the same attributes. */
function sameIndex(existing: GlobalSecondaryIndexDescription, wanted: GlobalIndex): boolean {
  const projection = projectionOf(wanted.projection);
  const attributes = (names: string[] | undefined) => [...(names ?? [])].sort().join(',');
  return (
    JSON.stringify(existing.KeySchema) === JSON.stringify(keySchemaOf(wanted)) &&
    existing.Projection?.ProjectionType === projection.ProjectionType &&
    attributes(existing.Projection?.NonKeyAttributes) === attributes(projection.NonKeyAttributes)
  );
}

/**
 * Creates a table with string keys from a key schema, or brings an existing table's global indexes
 * to the schema's: one the schema does not name, or defines otherwise (a table made before the
 * indexes were narrowed copies whole items), is dropped, and one missing is created — one
 * UpdateTable at a time, each waited for, as DynamoDB takes them. An index holds nothing of its own
 * (DynamoDB builds it from the items), so this loses nothing. Returns the indexes it changed.
 */
export async function ensureTable(client: DynamoDBClient, name: string, schema: KeySchema): Promise<string[]> {
  const existing = await describe(client, name);
  if (!existing) {
    await create(client, name, schema);
    return [];
  }
  const changed: string[] = [];
  const current = existing.GlobalSecondaryIndexes ?? [];
  for (const index of current) {
    const wanted = schema.globalIndexes.find((candidate) => candidate.name === index.IndexName);
    if (wanted && sameIndex(index, wanted)) continue;
    await client.send(new UpdateTableCommand({ TableName: name, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: index.IndexName } }] }));
    await untilActive(client, name);
    changed.push(index.IndexName as string);
  }
  const kept = new Set(current.filter((index) => !changed.includes(index.IndexName as string)).map((index) => index.IndexName));
  for (const index of schema.globalIndexes.filter((candidate) => !kept.has(candidate.name))) {
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: [index.partitionKey, index.sortKey].map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: index.name, KeySchema: keySchemaOf(index), Projection: projectionOf(index.projection) } }],
      }),
    );
    await untilActive(client, name);
    if (!changed.includes(index.name)) changed.push(index.name);
  }
  return changed;
}

async function describe(client: DynamoDBClient, name: string) {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/** Until the table and each of its indexes are active again (an index being built or dropped is not). */
async function untilActive(client: DynamoDBClient, name: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const table = await describe(client, name);
    if (table?.TableStatus === 'ACTIVE' && (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`table ${name}: its indexes did not become active`);
}

async function create(client: DynamoDBClient, name: string, schema: KeySchema): Promise<void> {
  const attributes = new Set<string>([schema.partitionKey, schema.sortKey]);
  for (const index of schema.globalIndexes) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: keySchemaOf(schema),
      GlobalSecondaryIndexes: schema.globalIndexes.length
        ? schema.globalIndexes.map((index) => ({ IndexName: index.name, KeySchema: keySchemaOf(index), Projection: projectionOf(index.projection) }))
        : undefined,
    }),
  );
}
