import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
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
  eventCount: number;
}

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: string;
  type: string;
  details?: Record<string, unknown>;
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

  async list(stateMachineArn: string, limit: number, startKey?: Record<string, unknown>): Promise<{ items: ExecutionRecord[]; lastKey?: Record<string, unknown> }> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'byStateMachine',
        KeyConditionExpression: 'smArn = :sm',
        ExpressionAttributeValues: { ':sm': stateMachineArn },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: startKey,
      }),
    );
    return { items: (out.Items ?? []).map((item) => strip<ExecutionRecord>(item)), lastKey: out.LastEvaluatedKey };
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

  async putToken(token: string, executionArn: string, stateName: string): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk: `TOKEN#${token}`, sk: 'TOKEN', executionArn, stateName } }));
  }

  async deleteToken(token: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: { pk: `TOKEN#${token}`, sk: 'TOKEN' } }));
  }

  async clockOffset(): Promise<number> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: 'CLOCK', sk: 'CLOCK' }, ConsistentRead: true }));
    return Number(out.Item?.offsetMs ?? 0);
  }

  async setClockOffset(offsetMs: number): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk: 'CLOCK', sk: 'CLOCK', offsetMs } }));
  }

  private async queryAll<T = ExecutionRecord>(query: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>): Promise<T[]> {
    const items: T[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(new QueryCommand({ TableName: this.table, ...query, ExclusiveStartKey: start }));
      items.push(...(out.Items ?? []).map((item) => strip<T>(item)));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}
