import { randomUUID } from 'node:crypto';
import { BatchGetItemCommand, BatchWriteItemCommand, CreateTableCommand, DeleteTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, TransactWriteItemsCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { uncounted } from './dynamo-requests.ts';

const MEASURE_MS = 3_000;
const PARTITIONS = 200;
const ITEMS_PER_PARTITION = 8;

/** An item of the size of an application's (a few KB of details and decision). */
const payload = 'x'.repeat(2_000);

/**
 * DynamoDB Local's own rate (requests/s) for a mix of operations — `mix` maps `<part> <Operation>`
 * to how many the platform sent — from `clients` loops, against a scratch table shaped like ours
 * (partitions of a few items, a few KB each): each loop draws the next operation in the mix's
 * proportions. Transactions write three items, batch writes five, batch reads three, queries read
 * one partition. Runs outside the request count.
 */
export async function mixRate(endpoint: string, mix: Record<string, number>, clients: number): Promise<number> {
  return uncounted(async () => {
    const db = new DynamoDBClient({ endpoint });
    const table = `mix-${randomUUID().slice(0, 8)}`;
    await db.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
    try {
      const key = (p: number, s: number) => ({ pk: { S: `P${p}` }, sk: { S: `S${s}` } });
      const item = (p: number, s: number) => ({ ...key(p, s), body: { S: payload } });
      for (let p = 0; p < PARTITIONS; p += 5) {
        const requests = [];
        for (let q = p; q < p + 5; q++) for (let s = 0; s < ITEMS_PER_PARTITION; s += 2) requests.push({ PutRequest: { Item: item(q, s) } });
        await db.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
      }
      const any = () => Math.floor(Math.random() * PARTITIONS);
      const operations: Record<string, () => Promise<unknown>> = {
        GetItem: () => db.send(new GetItemCommand({ TableName: table, Key: key(any(), 0), ConsistentRead: true })),
        Query: () => db.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: `P${any()}` } }, ConsistentRead: true })),
        PutItem: () => db.send(new PutItemCommand({ TableName: table, Item: item(any(), 1) })),
        UpdateItem: () => db.send(new UpdateItemCommand({ TableName: table, Key: key(any(), 0), UpdateExpression: 'SET n = if_not_exists(n, :zero) + :one', ExpressionAttributeValues: { ':zero': { N: '0' }, ':one': { N: '1' } } })),
        TransactWriteItems: () => {
          const p = any();
          return db.send(
            new TransactWriteItemsCommand({
              TransactItems: [
                { Update: { TableName: table, Key: key(p, 0), UpdateExpression: 'SET n = if_not_exists(n, :zero) + :one', ExpressionAttributeValues: { ':zero': { N: '0' }, ':one': { N: '1' } } } },
                { Put: { TableName: table, Item: { ...item(p, 5), body: { S: randomUUID() } } } },
                { Put: { TableName: table, Item: item(p, 7) } },
              ],
            }),
          ).catch((error: { name?: string }) => {
            // Two loops on one partition at once: a conflict, as the platform's transactions also meet.
            if (error.name !== 'TransactionCanceledException') throw error;
          });
        },
        BatchWriteItem: () => db.send(new BatchWriteItemCommand({ RequestItems: { [table]: Array.from({ length: 5 }, (_, s) => ({ PutRequest: { Item: item(any(), s + 100) } })) } })),
        BatchGetItem: () => db.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: [key(any(), 0), key(any(), 2), key(any(), 4)], ConsistentRead: true } } })),
      };
      const weights = Object.entries(mix)
        .map(([kind, count]) => [kind.split(' ').at(-1) as string, count] as const)
        .filter(([operation]) => operation in operations);
      const totalWeight = weights.reduce((sum, [, count]) => sum + count, 0);
      const draw = () => {
        let at = Math.random() * totalWeight;
        for (const [operation, count] of weights) if ((at -= count) < 0) return operation;
        return weights.at(-1)?.[0] ?? 'GetItem';
      };
      let done = 0;
      const stopAt = performance.now() + MEASURE_MS;
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (performance.now() < stopAt) {
            await (operations[draw()] as () => Promise<unknown>)();
            done += 1;
          }
        }),
      );
      return done / (MEASURE_MS / 1000);
    } finally {
      await db.send(new DeleteTableCommand({ TableName: table }));
      db.destroy();
    }
  });
}
