import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../tables.ts';

/**
 * The local Step Functions service keeps its own table (on AWS the service keeps these records
 * itself). Its indexes copy whole records: what they list (a re-drive's input, ListExecutions) is
 * the record itself.
 */
export const executionTableSchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  globalIndexes: [
    { name: 'byStateMachine', partitionKey: 'smArn', sortKey: 'startedAt', projection: { type: 'ALL' } },
    { name: 'running', partitionKey: 'runningFlag', sortKey: 'startedAt', projection: { type: 'ALL' } },
  ],
} as const;

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  startedAt: string;
  stoppedAt?: string;
  output?: string;
  error?: string;
  cause?: string;
  /** How many times RedriveExecution restarted it, and when last. */
  redriveCount?: number;
  redriveDate?: string;
  /** The client token of the last redrive, so a repeated request is the same redrive. */
  redriveToken?: string;
}

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: string;
  type: string;
  /** `{ <type>EventDetails: … }`, as GetExecutionHistory returns it. */
  details: Record<string, unknown>;
}

/** What a flush writes: history events, timers and tokens to put, timers and tokens done with. */
export interface PendingWrites {
  events: HistoryEvent[];
  timers: { key: string; dueMs: number }[];
  tokens: { token: string; stateName: string; deadline?: string }[];
  /** Sort keys (`TIMER#…`, `TOKEN#…`) to delete. */
  deletes: string[];
}

/** What the table holds of one execution besides its record: the whole history and what it waited on. */
export interface ExecutionState {
  events: HistoryEvent[];
  timers: Map<string, number>;
  tokens: string[];
}

/** History is stored a chunk of events per item, each well under DynamoDB's 400 KB item limit. */
const CHUNK_BYTES = 300_000;
/** DynamoDB's limits on one transaction: 100 items, 4 MB in all (chunks are the only large items). */
const TRANSACTION_ITEMS = 100;
const TRANSACTION_CHUNKS = 10;

const execKey = (executionArn: string) => `EXEC#${executionArn}`;
export const timerSortKey = (key: string) => `TIMER#${key}`;
export const tokenSortKey = (token: string) => `TOKEN#${token}`;

const strip = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, smArn: _a, runningFlag: _b, ...rest } = item;
  return rest as T;
};

/**
 * Groups events into chunks below CHUNK_BYTES each, in order, each as its JSON text: one string
 * attribute costs the SDK and DynamoDB Local far less to encode, parse and store than the same
 * events as nested maps (a few hundred attributes per write).
 */
function chunks(events: HistoryEvent[]): { firstId: number; text: string }[] {
  const out: { firstId: number; text: string }[] = [];
  let current: string[] = [];
  let firstId = 0;
  let size = 0;
  for (const event of events) {
    const text = JSON.stringify(event);
    if (current.length > 0 && size + text.length > CHUNK_BYTES) {
      out.push({ firstId, text: `[${current.join(',')}]` });
      current = [];
      size = 0;
    }
    if (current.length === 0) firstId = event.id;
    current.push(text);
    size += text.length + 1;
  }
  if (current.length > 0) out.push({ firstId, text: `[${current.join(',')}]` });
  return out;
}

type TransactItem = { Put?: { TableName: string; Item: Record<string, unknown> }; Delete?: { TableName: string; Key: Record<string, unknown> } };

/** A chunk's events: JSON text, or (tables written before it was text) a list of maps. */
const eventsOf = (stored: unknown): HistoryEvent[] => (typeof stored === 'string' ? (JSON.parse(stored) as HistoryEvent[]) : (stored as HistoryEvent[]));

/**
 * The service's DynamoDB access. An execution costs a PutItem to start, a TransactWriteItems at
 * each wait and at its end (history since the last write, plus timers and tokens put and deleted;
 * a PutItem when that is one chunk of history alone), and an UpdateItem to close; everything
 * between lives in memory.
 */
export class ExecutionRecords {
  private readonly db: DynamoDBDocumentClient;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {
    this.db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async ensureTable(): Promise<void> {
    await ensureTable(this.client, this.table, executionTableSchema);
  }

  /** Writes a new execution; false when one of that ARN already exists. */
  async create(record: ExecutionRecord): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: execKey(record.executionArn), sk: 'EXEC', smArn: record.stateMachineArn, runningFlag: 'RUNNING', ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async get(executionArn: string): Promise<ExecutionRecord | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: execKey(executionArn), sk: 'EXEC' }, ConsistentRead: true }));
    return out.Item ? strip<ExecutionRecord>(out.Item) : undefined;
  }

  /**
   * Sets fields of an execution whose status is one of `from`, and marks it running or not;
   * false when its status was another (closed or redriven meanwhile).
   */
  async update(executionArn: string, from: readonly ExecutionStatus[], fields: Partial<ExecutionRecord>, remove: readonly (keyof ExecutionRecord)[] = []): Promise<boolean> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {};
    from.forEach((status, index) => (values[`:from${index}`] = status));
    const sets: string[] = [];
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      names[`#${key}`] = key;
      values[`:${key}`] = value;
      sets.push(`#${key} = :${key}`);
    }
    const removes = remove.map((key) => {
      names[`#${key}`] = key;
      return `#${key}`;
    });
    if (fields.status === 'RUNNING') {
      values[':running'] = 'RUNNING';
      sets.push('runningFlag = :running');
    } else if (fields.status) removes.push('runningFlag');
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: execKey(executionArn), sk: 'EXEC' },
          UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].join(' ').trim(),
          ConditionExpression: `#status IN (${from.map((_, index) => `:from${index}`).join(', ')})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async running(): Promise<ExecutionRecord[]> {
    return (await this.queryAll({ IndexName: 'running', KeyConditionExpression: 'runningFlag = :r', ExpressionAttributeValues: { ':r': 'RUNNING' } })).map((item) => strip<ExecutionRecord>(item));
  }

  /**
   * One page of a state machine's executions, newest first. With a status filter the page is
   * filled across as many queries as it takes, as ListExecutions returns `maxResults` matches.
   */
  async list(stateMachineArn: string, status: ExecutionStatus | undefined, limit: number, startKey?: Record<string, unknown>): Promise<{ items: ExecutionRecord[]; lastKey?: Record<string, unknown> }> {
    const items: ExecutionRecord[] = [];
    let lastKey = startKey;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: 'byStateMachine',
          KeyConditionExpression: 'smArn = :sm',
          ...(status
            ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':sm': stateMachineArn, ':status': status } }
            : { ExpressionAttributeValues: { ':sm': stateMachineArn } }),
          ScanIndexForward: false,
          Limit: limit - items.length,
          ExclusiveStartKey: lastKey,
        }),
      );
      items.push(...(out.Items ?? []).map((item) => strip<ExecutionRecord>(item)));
      lastKey = out.LastEvaluatedKey;
    } while (lastKey && items.length < limit);
    return { items, ...(lastKey ? { lastKey } : {}) };
  }

  /** Everything of an execution but its record, in one query: history, timers and tokens. */
  async state(executionArn: string): Promise<ExecutionState> {
    const items = await this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': execKey(executionArn) } });
    const state: ExecutionState = { events: [], timers: new Map(), tokens: [] };
    for (const item of items) {
      const sk = String(item.sk);
      if (sk.startsWith('EVENTS#')) state.events.push(...eventsOf(item.events));
      else if (sk.startsWith('TIMER#')) state.timers.set(sk.slice('TIMER#'.length), Number(item.dueMs));
      else if (sk.startsWith('TOKEN#')) state.tokens.push(sk.slice('TOKEN#'.length));
    }
    return state;
  }

  /**
   * Writes what piled up since the last write in one TransactWriteItems (more only past its limits):
   * DynamoDB Local commits a transaction once, a BatchWriteItem item by item, which made each
   * wait's write cost several commits. A write of one item (the end of an execution that never
   * waited: its history in one chunk) is a plain PutItem or DeleteItem, without a transaction's
   * locking and bookkeeping.
   */
  async write(executionArn: string, writes: PendingWrites): Promise<void> {
    const pk = execKey(executionArn);
    const TableName = this.table;
    const eventChunks = chunks(writes.events).map(({ firstId, text }) => ({ Put: { TableName, Item: { pk, sk: `EVENTS#${String(firstId).padStart(8, '0')}`, events: text } } }));
    const others = [
      ...writes.timers.map(({ key, dueMs }) => ({ Put: { TableName, Item: { pk, sk: timerSortKey(key), dueMs } } })),
      ...writes.tokens.map(({ token, ...task }) => ({ Put: { TableName, Item: { pk, sk: tokenSortKey(token), ...task } } })),
      // A transaction refuses to name an item twice.
      ...[...new Set(writes.deletes)].map((sk) => ({ Delete: { TableName, Key: { pk, sk } } })),
    ];
    const transactions: TransactItem[][] = [];
    for (let start = 0; start < eventChunks.length; start += TRANSACTION_CHUNKS) transactions.push(eventChunks.slice(start, start + TRANSACTION_CHUNKS));
    for (const item of others) {
      const last = transactions.at(-1);
      if (last && last.length < TRANSACTION_ITEMS) last.push(item);
      else transactions.push([item]);
    }
    for (const items of transactions) await this.commit(items);
  }

  private async commit(items: TransactItem[]): Promise<void> {
    const [only] = items;
    if (items.length === 1 && only?.Put) await this.db.send(new PutCommand(only.Put));
    else if (items.length === 1 && only?.Delete) await this.db.send(new DeleteCommand(only.Delete));
    else await this.db.send(new TransactWriteCommand({ TransactItems: items as never }));
  }

  /** The persisted offset of the local clock from the machine's, or undefined if it was never set. */
  async clockOffset(): Promise<number | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: 'CLOCK', sk: 'CLOCK' }, ConsistentRead: true }));
    return out.Item ? Number(out.Item.offsetMs) : undefined;
  }

  async setClockOffset(offsetMs: number): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk: 'CLOCK', sk: 'CLOCK', offsetMs } }));
  }

  private async queryAll(query: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(new QueryCommand({ TableName: this.table, ...query, ExclusiveStartKey: start }));
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}
