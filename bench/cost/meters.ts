import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { handlerContext } from '../../functions/shared/aws-calls.ts';
import { billedUnits } from './model.ts';

/** Work done inside `unmetered` (the measurement's own polling of the store) is left out. */
const quiet = new AsyncLocalStorage<true>();
export const unmetered = <T>(work: () => Promise<T>): Promise<T> => quiet.run(true, work);

/** What the meters have seen since the last `take()`. */
export interface Reading {
  invocations: number;
  durationMs: number;
  byHandler: Record<string, number>;
  writeUnits: { table: number; indexes: number };
  readUnits: { table: number; indexes: number };
  requests: Record<string, number>;
  /** Sizes of the history entries written, by application id, in order. */
  historyBytes: Record<string, number[]>;
  /** Bytes of JSON log lines the functions printed (Powertools Logger and Metrics). */
  functionLogBytes: number;
  s3Requests: Record<string, number>;
}

const empty = (): Reading => ({ invocations: 0, durationMs: 0, byHandler: {}, writeUnits: { table: 0, indexes: 0 }, readUnits: { table: 0, indexes: 0 }, requests: {}, historyBytes: {}, functionLogBytes: 0, s3Requests: {} });

const OPERATIONS: Record<string, string> = { Get: 'GetItem', Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', BatchGet: 'BatchGetItem', BatchWrite: 'BatchWriteItem', TransactWrite: 'TransactWriteItems', TransactGet: 'TransactGetItems' };
const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WITH_CAPACITY = new Set(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchGetItem', 'BatchWriteItem', 'TransactWriteItems', 'TransactGetItems', 'Query', 'Scan']);

/** An item's size as DynamoDB counts it, near enough: its attribute names and values as JSON text. */
export const itemBytes = (item: unknown): number => Buffer.byteLength(JSON.stringify(item));

let reading = empty();
let installed = false;

/**
 * Installs the meters on this process: every DynamoDB request of the platform's table asks for its
 * consumed capacity (ReturnConsumedCapacity INDEXES, which DynamoDB Local reports) and adds it up;
 * every handler invocation of the local runtime is counted and timed; the functions' JSON log
 * lines are counted (and kept off the terminal); S3 requests are counted. The local Step Functions
 * service's own table (`…-sfn`) is not metered: on AWS the service bills transitions instead.
 */
export function installMeters(): { take(): Reading } {
  if (!installed) {
    installed = true;
    for (const prototype of [DynamoDBClient.prototype, DynamoDBDocumentClient.prototype] as { send: (...args: any[]) => any }[]) {
      const send = prototype.send;
      prototype.send = async function (this: unknown, command: { constructor: { name: string }; input: Record<string, any> }, ...rest: unknown[]) {
        const operation = OPERATIONS[command.constructor.name.replace(/Command$/, '')] ?? command.constructor.name.replace(/Command$/, '');
        const tables = tablesOf(command.input);
        if (quiet.getStore() || !WITH_CAPACITY.has(operation) || tables.some((table) => table.endsWith('-sfn'))) return send.call(this, command, ...rest);
        command.input.ReturnConsumedCapacity ??= 'INDEXES';
        if (operation === 'TransactWriteItems') noteHistory(command.input);
        reading.requests[operation] = (reading.requests[operation] ?? 0) + 1;
        const output = await send.call(this, command, ...rest);
        const consumed = ([] as { Table?: { CapacityUnits?: number }; GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>; CapacityUnits?: number }[]).concat(output?.ConsumedCapacity ?? []);
        for (const entry of consumed) {
          const indexes = Object.values(entry.GlobalSecondaryIndexes ?? {}).reduce((sum, index) => sum + (index.CapacityUnits ?? 0), 0);
          const table = entry.Table?.CapacityUnits ?? (entry.CapacityUnits ?? 0) - indexes;
          const billed = billedUnits(operation, { table, indexes });
          const into = READS.has(operation) ? reading.readUnits : reading.writeUnits;
          into.table += billed.table;
          into.indexes += billed.indexes;
        }
        return output;
      };
    }
    const s3Send = S3Client.prototype.send as (...args: any[]) => any;
    S3Client.prototype.send = function (this: unknown, command: { constructor: { name: string } }, ...rest: unknown[]) {
      if (!quiet.getStore()) {
        const name = command.constructor.name.replace(/Command$/, '');
        reading.s3Requests[name] = (reading.s3Requests[name] ?? 0) + 1;
      }
      return s3Send.call(this, command, ...rest);
    } as typeof S3Client.prototype.send;
    const run = handlerContext.run.bind(handlerContext) as (key: string, work: () => unknown) => unknown;
    (handlerContext as { run: unknown }).run = (key: string, work: () => unknown) => {
      reading.invocations += 1;
      reading.byHandler[key] = (reading.byHandler[key] ?? 0) + 1;
      const started = performance.now();
      const result = run(key, work);
      const done = () => (reading.durationMs += performance.now() - started);
      if (result instanceof Promise) return result.finally(done);
      done();
      return result;
    };
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream) as (...args: any[]) => boolean;
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
        if (text.startsWith('{')) {
          reading.functionLogBytes += Buffer.byteLength(text);
          const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
          callback?.();
          return true;
        }
        return write(chunk, ...rest);
      }) as typeof stream.write;
    }
  }
  return {
    take() {
      const taken = reading;
      reading = empty();
      return taken;
    },
  };
}

function tablesOf(input: Record<string, any>): string[] {
  const tables: string[] = [];
  if (typeof input.TableName === 'string') tables.push(input.TableName);
  for (const item of input.TransactItems ?? []) for (const entry of Object.values(item) as { TableName?: string }[]) if (entry?.TableName) tables.push(entry.TableName);
  tables.push(...Object.keys(input.RequestItems ?? {}));
  return tables;
}

/** History entries put by a transaction, for the whole-item counterfactual (model.ts inlineHistoryExtraUnits). */
function noteHistory(input: Record<string, any>): void {
  for (const item of input.TransactItems ?? []) {
    const put = item.Put?.Item as Record<string, unknown> | undefined;
    if (!put || typeof put.sk !== 'string' || !put.sk.startsWith('HISTORY#') || typeof put.pk !== 'string') continue;
    const id = put.pk.replace(/^APP#/, '');
    (reading.historyBytes[id] ??= []).push(itemBytes(put));
  }
}
