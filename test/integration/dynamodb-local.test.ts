import { DynamoDBClient, PutItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { ensureTable } from '../../infra/local/tables.ts';
import { tableSchema } from '../../functions/store/table.ts';

describe('DynamoDB Local', () => {
  it('creates the application table from the shared key schema and stores an item', async () => {
    const client = new DynamoDBClient({ endpoint: inject('dynamoEndpoint') });
    const name = `t-${Date.now()}`;
    await ensureTable(client, name, tableSchema);
    await ensureTable(client, name, tableSchema);
    await client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'a' }, sk: { S: 'b' } } }));
    const got = await client.send(new GetItemCommand({ TableName: name, Key: { pk: { S: 'a' }, sk: { S: 'b' } } }));
    expect(got.Item?.pk?.S).toBe('a');
  });
});
