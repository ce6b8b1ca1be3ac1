import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AsyncLocalStorage } from 'node:async_hooks';

/** Requests made inside `uncounted` (a benchmark's own polling) are left out of the counts. */
const quiet = new AsyncLocalStorage<true>();
export const uncounted = <T>(work: () => Promise<T>): Promise<T> => quiet.run(true, work);

/** Document-client commands send the same operation as their low-level names. */
const OPERATIONS: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactWrite: 'TransactWriteItems',
  TransactGet: 'TransactGetItems',
};

type Part = 'platform' | 'sfn-service';

/** Which part of the platform a request is for: the local Step Functions service keeps its records in `<prefix>-sfn`. */
function partOf(input: Record<string, any>): Part {
  const tables: string[] = [];
  if (typeof input.TableName === 'string') tables.push(input.TableName);
  for (const item of input.TransactItems ?? []) for (const entry of Object.values(item) as { TableName?: string }[]) if (entry?.TableName) tables.push(entry.TableName);
  tables.push(...Object.keys(input.RequestItems ?? {}));
  return tables.some((table) => table.endsWith('-sfn')) ? 'sfn-service' : 'platform';
}

/** What the requests of one kind were like, summed over them: for a benchmark to send ones like them. */
export interface RequestShape {
  requests: number;
  /** Entries: a transaction's items, a batch write's puts and deletes, a batch read's keys; 1 for the rest. */
  entries: number;
  /** Of the request as JSON text: about what it carries. */
  characters: number;
  /** Queries of a global index. */
  onIndex: number;
  /** Index keys written (each `gsi…pk` a put or update sets): how many index entries DynamoDB keeps up. */
  indexKeys: number;
  /** Condition expressions, the transaction's and each item's. */
  conditions: number;
  /** Of a transaction's items: updates, deletes and condition checks (the rest are puts). */
  updates: number;
  deletes: number;
  checks: number;
}

/** How many of a transaction's items are of the kind (`Update`, `Delete`, `ConditionCheck`). */
const itemsOfKind = (input: Record<string, any>, kind: string): number => (Array.isArray(input.TransactItems) ? input.TransactItems.filter((item: Record<string, unknown>) => kind in item).length : 0);

/** How many entries a request carries (see RequestShape). */
function entriesOf(input: Record<string, any>): number {
  if (Array.isArray(input.TransactItems)) return input.TransactItems.length;
  if (input.RequestItems) return (Object.values(input.RequestItems) as ({ Keys?: unknown[] } | unknown[])[]).reduce<number>((sum, entry) => sum + (Array.isArray(entry) ? entry.length : (entry.Keys?.length ?? 0)), 0);
  return 1;
}

export interface RequestCounts {
  /** `<part> <operation>` → requests sent. */
  byKind: Map<string, number>;
  /** `<part> <operation>` → what they were like. */
  shapes(): Record<string, RequestShape>;
  total(part?: Part): number;
  reset(): void;
  snapshot(): Record<string, number>;
  /**
   * Calls `listener` each time a counted write has been answered, with its part, the command's
   * input and whether it was carried out (false: refused or failed); returns the unsubscribe. A
   * benchmark learns from it what the platform recorded instead of reading the store: whatever it
   * waits for is written by one of these.
   */
  onWrite(listener: (part: Part, input: Record<string, any>, succeeded: boolean) => void): () => void;
}

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

let installed: RequestCounts | undefined;
/** With BENCH_TRACE set: requests by the code that sent them, for finding where they come from. */
export const byOrigin = new Map<string, number>();

/**
 * Counts every request any DynamoDB SDK client of this process sends (the platform's document
 * client and the local Step Functions service's own client alike), by part and operation. The
 * benchmarks install it before the runtime starts; nothing in the platform depends on it.
 */
export function countDynamoRequests(): RequestCounts {
  if (installed) return installed;
  const byKind = new Map<string, number>();
  const shapes = new Map<string, RequestShape>();
  const writeListeners = new Set<(part: Part, input: Record<string, any>, succeeded: boolean) => void>();
  for (const prototype of [DynamoDBClient.prototype, DynamoDBDocumentClient.prototype] as { send: (...args: any[]) => any }[]) {
    const send = prototype.send;
    prototype.send = function (this: unknown, command: { constructor: { name: string }; input: Record<string, unknown> }, ...rest: unknown[]) {
      if (quiet.getStore()) return send.call(this, command, ...rest);
      const name = command.constructor.name.replace(/Command$/, '');
      const operation = OPERATIONS[name] ?? name;
      const part = partOf(command.input);
      const kind = `${part} ${operation}`;
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
      const shape = shapes.get(kind) ?? { requests: 0, entries: 0, characters: 0, onIndex: 0, indexKeys: 0, conditions: 0, updates: 0, deletes: 0, checks: 0 };
      const text = JSON.stringify(command.input, (_key, value: unknown) => (value instanceof Uint8Array ? `${value.length}` : value instanceof Set ? [...value] : value));
      const written = WRITES.has(operation);
      shapes.set(kind, {
        requests: shape.requests + 1,
        entries: shape.entries + entriesOf(command.input),
        characters: shape.characters + text.length,
        onIndex: shape.onIndex + (typeof command.input.IndexName === 'string' ? 1 : 0),
        indexKeys: shape.indexKeys + (written ? (text.match(/gsi\dpk/g)?.length ?? 0) : 0),
        conditions: shape.conditions + (text.match(/"ConditionExpression"/g)?.length ?? 0),
        updates: shape.updates + itemsOfKind(command.input, 'Update'),
        deletes: shape.deletes + itemsOfKind(command.input, 'Delete'),
        checks: shape.checks + itemsOfKind(command.input, 'ConditionCheck'),
      });
      if (process.env.BENCH_TRACE) {
        // Which of our files asked: the first frames of functions/ and infra/ on the (async) stack.
        const frames = (new Error().stack ?? '').split('\n').map((line) => /(functions|infra)\/[\w/.-]+:\d+/.exec(line)?.[0]).filter(Boolean);
        const origin = `${kind} ← ${frames.slice(0, 3).join(' ← ')}`;
        byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + 1);
      }
      const sent = send.call(this, command, ...rest);
      if (WRITES.has(operation) && writeListeners.size > 0) {
        const answered = (succeeded: boolean) => () => {
          for (const listener of writeListeners) listener(part, command.input, succeeded);
        };
        (sent as Promise<unknown>).then(answered(true), answered(false));
      }
      return sent;
    };
  }
  installed = {
    byKind,
    total: (part) => [...byKind].filter(([kind]) => !part || kind.startsWith(`${part} `)).reduce((sum, [, n]) => sum + n, 0),
    shapes: () => Object.fromEntries(shapes),
    reset: () => {
      byKind.clear();
      shapes.clear();
      byOrigin.clear();
    },
    snapshot: () => Object.fromEntries([...byKind].sort(([a], [b]) => a.localeCompare(b))),
    onWrite: (listener) => {
      writeListeners.add(listener);
      return () => writeListeners.delete(listener);
    },
  };
  return installed;
}
