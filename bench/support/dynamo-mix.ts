import { randomUUID } from 'node:crypto';
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { tableSchema } from '../../functions/store/table.ts';
import { ensureTable } from '../../infra/local/tables.ts';
import { uncounted, type RequestShape } from './dynamo-requests.ts';

const MEASURE_MS = 3_000;
const PARTITIONS = 200;
/** The items each partition is seeded with: what updates, reads and condition checks find. */
const SEEDED_SORT_KEYS = ['S0', 'S2', 'S4', 'S6'];
/** What a seeded item carries beside its keys (an application's details and decision are a few KB). */
const SEEDED_CHARACTERS = 2_000;
/** A listing copied into the indexes: a name, a status, an amount, a date or two. */
const listing: AttributeValue = { M: { title: { S: '金秋助学 · 张三' }, status: { S: 'PENDING_APPROVAL' }, amountFen: { N: '300000' }, submittedAt: { S: '2026-09-01T02:00:00.000Z' } } };

type Item = Record<string, AttributeValue>;

/**
 * DynamoDB Local's own rate (requests/s) for requests like the ones counted — `shapes` maps
 * `<part> <Operation>` to what they were like (dynamo-requests.ts) — from `clients` loops: each loop
 * draws the next kind in the counted proportions and sends one like them, to scratch tables shaped
 * like ours: the platform's with its key schema and listing indexes, the Step Functions service's
 * with its keys alone, both seeded with partitions of a few items. Like them means: as many
 * entries (transaction items, batch puts, batch keys), as many characters, as many index keys set
 * and conditions checked per request, queries of an index in the same share, and transactions
 * with as many updates, condition checks and deletes among their items (an update of an item that
 * is there costs DynamoDB Local more than a put of a new one). Runs outside the count.
 */
export async function mixRate(endpoint: string, shapes: Record<string, RequestShape>, clients: number): Promise<number> {
  return uncounted(async () => {
    const db = new DynamoDBClient({ endpoint });
    const platformTable = `mix-${randomUUID().slice(0, 8)}`;
    const serviceTable = `${platformTable}-sfn`;
    await ensureTable(db, platformTable, tableSchema);
    await ensureTable(db, serviceTable, { partitionKey: 'pk', sortKey: 'sk', globalIndexes: [] });
    try {
      const any = () => Math.floor(Math.random() * PARTITIONS);
      const key = (p: number, s: string): Item => ({ pk: { S: `P${p}` }, sk: { S: s } });
      /** Index keys on partitions of their own, as the platform's listings are. */
      const indexKeys = (count: number): Item => {
        const keys: Item = {};
        for (let index = 1; index <= Math.min(2, count); index++) {
          keys[`gsi${index}pk`] = { S: `G${index}-${any()}` };
          keys[`gsi${index}sk`] = { S: randomUUID() };
        }
        return count > 0 ? { ...keys, listing } : keys;
      };
      const item = (p: number, s: string, characters: number, indexed: number): Item => ({ ...key(p, s), ...indexKeys(indexed), body: { S: 'x'.repeat(characters) } });
      for (const [table, indexed] of [
        [platformTable, 2],
        [serviceTable, 0],
      ] as const) {
        for (let p = 0; p < PARTITIONS; p += 5) {
          const requests = [];
          for (let q = p; q < p + 5; q++) for (const sortKey of SEEDED_SORT_KEYS) requests.push({ PutRequest: { Item: item(q, sortKey, SEEDED_CHARACTERS, indexed) } });
          await db.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
        }
      }
      /** Items the mix has put, oldest first, as [table, partition, sort key]. */
      const written: [string, number, string][] = [];
      const kinds = Object.entries(shapes).flatMap(([kind, shape]) => {
        const send = sender(kind, shape);
        return send ? [{ weight: shape.requests, send }] : [];
      });

      /** One request like the kind's, or none for an operation the platform does not send. */
      function sender(kind: string, shape: RequestShape): (() => Promise<unknown>) | undefined {
        const [part, operation] = kind.split(' ') as [string, string];
        const table = part === 'sfn-service' ? serviceTable : platformTable;
        const entries = Math.max(1, Math.round(shape.entries / shape.requests));
        const characters = Math.max(20, Math.round(shape.characters / shape.requests / entries) - 150);
        const indexKeysPerEntry = table === platformTable ? shape.indexKeys / shape.requests / entries : 0;
        // A condition check's own condition is counted among the conditions; the rest fall on puts and updates.
        const conditionShare = Math.max(0, shape.conditions - shape.checks) / Math.max(1, shape.entries - shape.checks);
        /** A whole number with `mean` as its average. */
        const drawn = (mean: number) => Math.floor(mean) + (Math.random() < mean % 1 ? 1 : 0);
        const indexedCount = () => drawn(indexKeysPerEntry);
        const conditional = () => Math.random() < conditionShare;
        const put = (p: number) => {
          const sortKey = randomUUID();
          written.push([table, p, sortKey]);
          return {
            TableName: table,
            Item: item(p, sortKey, characters, indexedCount()),
            ...(conditional() ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
          };
        };
        /** An item this mix put before, for a delete to remove as the platform's remove what they wrote (a key never written when there is none). */
        const removable = (): Item => {
          const index = written.findIndex(([of]) => of === table);
          const [, p, sortKey] = index >= 0 ? (written.splice(index, 1)[0] as (typeof written)[number]) : [table, any(), randomUUID()];
          return key(p, sortKey);
        };
        const update = (p: number, sortKey = 'S0') => {
          const indexed = indexKeys(indexedCount());
          const names = Object.keys(indexed).filter((name) => name !== 'listing');
          return {
            TableName: table,
            Key: key(p, sortKey),
            UpdateExpression: ['SET n = if_not_exists(n, :zero) + :one', ...names.map((name) => `${name} = :${name}`)].join(', '),
            ExpressionAttributeValues: { ':zero': { N: '0' }, ':one': { N: '1' }, ...Object.fromEntries(names.map((name) => [`:${name}`, indexed[name] as AttributeValue])) },
            ...(conditional() ? { ConditionExpression: 'attribute_exists(pk)' } : {}),
          };
        };
        const contended = (error: { name?: string }) => {
          // Two loops on one item at once, or a condition not met: as the platform's requests also meet.
          if (error.name !== 'TransactionCanceledException' && error.name !== 'ConditionalCheckFailedException') throw error;
        };
        const distinct = (count: number) => [...new Set(Array.from({ length: count * 2 }, any))].slice(0, count);
        switch (operation) {
          case 'GetItem':
            return () => db.send(new GetItemCommand({ TableName: table, Key: key(any(), 'S0'), ConsistentRead: true }));
          case 'Query': {
            const onIndex = shape.onIndex / shape.requests;
            return () =>
              db.send(
                Math.random() < onIndex && table === platformTable
                  ? new QueryCommand({ TableName: table, IndexName: tableSchema.globalIndexes[0].name, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': { S: `G1-${any()}` } } })
                  : new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: `P${any()}` } }, ConsistentRead: true }),
              );
          }
          case 'PutItem':
            return () => db.send(new PutItemCommand(put(any()))).catch(contended);
          case 'UpdateItem':
            return () => db.send(new UpdateItemCommand(update(any()))).catch(contended);
          case 'DeleteItem':
            return () => db.send(new DeleteItemCommand({ TableName: table, Key: removable() }));
          case 'TransactWriteItems':
            return () => {
              // As many updates, condition checks and deletes as the platform's carry on average, on
              // distinct items: updates and checks on the partition's seeded items, deletes of items
              // put before; the rest are puts of new items.
              const p = any();
              const existing = SEEDED_SORT_KEYS.slice();
              const updates = Math.min(existing.length, drawn(shape.updates / shape.requests));
              const checks = Math.min(existing.length - updates, drawn(shape.checks / shape.requests));
              const deletes = Math.min(entries - updates - checks, drawn(shape.deletes / shape.requests));
              const puts = Math.max(0, entries - updates - checks - deletes);
              const items = [
                ...existing.splice(0, updates).map((sortKey) => ({ Update: update(p, sortKey) })),
                ...existing.splice(0, checks).map((sortKey) => ({ ConditionCheck: { TableName: table, Key: key(p, sortKey), ConditionExpression: 'attribute_exists(pk)' } })),
                ...Array.from({ length: deletes }, () => ({ Delete: { TableName: table, Key: removable() } })),
                ...Array.from({ length: puts }, () => ({ Put: put(p) })),
              ];
              return db.send(new TransactWriteItemsCommand({ TransactItems: items.length > 0 ? items : [{ Update: update(p) }] })).catch(contended);
            };
          case 'BatchWriteItem':
            return () => db.send(new BatchWriteItemCommand({ RequestItems: { [table]: Array.from({ length: Math.min(25, entries) }, () => ({ PutRequest: { Item: put(any()).Item } })) } }));
          case 'BatchGetItem':
            return () => db.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: distinct(Math.min(100, entries)).map((p) => key(p, 'S0')), ConsistentRead: true } } }));
          default:
            return undefined;
        }
      }

      const totalWeight = kinds.reduce((sum, kind) => sum + kind.weight, 0);
      const draw = () => {
        let at = Math.random() * totalWeight;
        for (const kind of kinds) if ((at -= kind.weight) < 0) return kind.send;
        return (kinds.at(-1) as (typeof kinds)[number]).send;
      };
      let done = 0;
      const stopAt = performance.now() + MEASURE_MS;
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (performance.now() < stopAt) {
            await draw()();
            done += 1;
          }
        }),
      );
      return done / (MEASURE_MS / 1000);
    } finally {
      await Promise.all([platformTable, serviceTable].map((table) => db.send(new DeleteTableCommand({ TableName: table }))));
      db.destroy();
    }
  });
}
