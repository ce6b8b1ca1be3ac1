import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../tables.ts';

/** The local Step Functions service keeps its own table (on AWS the service keeps these records itself). */
export const executionTableSchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  globalIndexes: [
    { name: 'byStateMachine', partitionKey: 'smArn', sortKey: 'startedAt' },
    { name: 'running', partitionKey: 'runningFlag', sortKey: 'startedAt' },
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
}

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: string;
  type: string;
  /** `{ <type>EventDetails: … }`, as GetExecutionHistory returns it. */
  details: Record<string, unknown>;
}

const strip = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, smArn: _a, runningFlag: _b, ...rest } = item;
  return rest as T;
};

export class ExecutionRecords {
  private readonly db: DynamoDBDocumentClient;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {
    this.db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  ensureTable(): Promise<void> {
    return ensureTable(this.client, this.table, executionTableSchema);
  }

  /** Writes a new execution; false when one of that ARN already exists. */
  async create(record: ExecutionRecord): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: `EXEC#${record.executionArn}`, sk: 'EXEC', smArn: record.stateMachineArn, runningFlag: 'RUNNING', ...record },
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
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: `EXEC#${executionArn}`, sk: 'EXEC' }, ConsistentRead: true }));
    return out.Item ? strip<ExecutionRecord>(out.Item) : undefined;
  }

  /** Closes a running execution; false when it was no longer running (stopped meanwhile). */
  async close(executionArn: string, fields: Pick<ExecutionRecord, 'status' | 'stoppedAt'> & Partial<Pick<ExecutionRecord, 'output' | 'error' | 'cause'>>): Promise<boolean> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':running': 'RUNNING' };
    const sets: string[] = [];
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      names[`#${key}`] = key;
      values[`:${key}`] = value;
      sets.push(`#${key} = :${key}`);
    }
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `EXEC#${executionArn}`, sk: 'EXEC' },
          UpdateExpression: `SET ${sets.join(', ')} REMOVE runningFlag`,
          ConditionExpression: '#status = :running',
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
    return this.queryAll({ IndexName: 'running', KeyConditionExpression: 'runningFlag = :r', ExpressionAttributeValues: { ':r': 'RUNNING' } });
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

  async appendEvent(executionArn: string, event: HistoryEvent): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk: `EXEC#${executionArn}`, sk: `EVENT#${String(event.id).padStart(8, '0')}`, ...event } }));
  }

  async history(executionArn: string): Promise<HistoryEvent[]> {
    return this.queryAll<HistoryEvent>({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `EXEC#${executionArn}`, ':prefix': 'EVENT#' },
    });
  }

  /** A timer or deadline, keyed by (execution, state, visit): a re-drive finds the same due time. */
  async dueTime(executionArn: string, key: string, proposedMs: number): Promise<number> {
    try {
      await this.db.send(
        new PutCommand({ TableName: this.table, Item: { pk: `EXEC#${executionArn}`, sk: `TIMER#${key}`, dueMs: proposedMs }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return proposedMs;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: `EXEC#${executionArn}`, sk: `TIMER#${key}` }, ConsistentRead: true }));
      return Number(out.Item?.dueMs ?? proposedMs);
    }
  }

  /** A task token handed out, kept with its execution so that the table shows what each one waits for. */
  async putToken(executionArn: string, token: string, task: { stateName: string; deadline?: string }): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk: `EXEC#${executionArn}`, sk: `TOKEN#${token}`, ...task } }));
  }

  async deleteToken(executionArn: string, token: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: { pk: `EXEC#${executionArn}`, sk: `TOKEN#${token}` } }));
  }

  /** Forgets an execution's tokens (a re-drive mints new ones) and, once it has ended, its timers. */
  async dropPending(executionArn: string, what: { timers: boolean }): Promise<void> {
    const prefixes = what.timers ? ['TOKEN#', 'TIMER#'] : ['TOKEN#'];
    for (const prefix of prefixes) {
      const keys = await this.queryAll<{ sk: string }>({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `EXEC#${executionArn}`, ':prefix': prefix },
        ProjectionExpression: 'sk',
      }, false);
      for (const { sk } of keys) await this.db.send(new DeleteCommand({ TableName: this.table, Key: { pk: `EXEC#${executionArn}`, sk } }));
    }
  }

  /** The persisted offset of the local clock from the machine's, or undefined if it was never set. */
  async clockOffset(): Promise<number | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: 'CLOCK', sk: 'CLOCK' }, ConsistentRead: true }));
    return out.Item ? Number(out.Item.offsetMs) : undefined;
  }

  async setClockOffset(offsetMs: number): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk: 'CLOCK', sk: 'CLOCK', offsetMs } }));
  }

  private async queryAll<T = ExecutionRecord>(query: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>, stripKeys = true): Promise<T[]> {
    const items: T[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(new QueryCommand({ TableName: this.table, ...query, ExclusiveStartKey: start }));
      items.push(...(out.Items ?? []).map((item) => (stripKeys ? strip<T>(item) : (item as T))));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}
