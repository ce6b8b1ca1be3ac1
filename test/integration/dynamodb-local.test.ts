import { DescribeTableCommand, DynamoDBClient, PutItemCommand, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { ensureTable } from '../../infra/local/tables.ts';
import { formerIndexes, tableSchema } from '../../functions/store/table.ts';

describe('DynamoDB Local', () => {
  it('creates the application table from the shared key schema and stores an item', async () => {
    const client = new DynamoDBClient({ endpoint: inject('dynamoEndpoint') });
    const name = `t-${Date.now()}`;
    await ensureTable(client, name, tableSchema);
    expect(await ensureTable(client, name, tableSchema)).toEqual([]);
    await client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'a' }, sk: { S: 'b' } } }));
    const got = await client.send(new GetItemCommand({ TableName: name, Key: { pk: { S: 'a' }, sk: { S: 'b' } } }));
    expect(got.Item?.pk?.S).toBe('a');
    client.destroy();
  });

  it('gives a table made with the former whole-item indexes the listing indexes instead, which show its items by their listing alone', async () => {
    const client = new DynamoDBClient({ endpoint: inject('dynamoEndpoint') });
    const name = `t-former-${Date.now()}`;
    await ensureTable(client, name, { ...tableSchema, globalIndexes: formerIndexes });
    await client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'APP#1' }, sk: { S: 'APP' }, gsi1pk: { S: 'APPLICANT#w' }, gsi1sk: { S: '1' }, details: { S: 'whole' }, listing: { M: { id: { S: '1' } } } } }));

    expect((await ensureTable(client, name, tableSchema)).sort()).toEqual(['gsi1', 'gsi1-listing', 'gsi2', 'gsi2-listing']);

    const table = (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
    expect(table?.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.Projection]).sort()).toEqual([
      ['gsi1-listing', { ProjectionType: 'INCLUDE', NonKeyAttributes: ['listing'] }],
      ['gsi2-listing', { ProjectionType: 'INCLUDE', NonKeyAttributes: ['listing'] }],
    ]);
    const listed = await client.send(new QueryCommand({ TableName: name, IndexName: 'gsi1-listing', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': { S: 'APPLICANT#w' } } }));
    expect(listed.Items?.map((item) => Object.keys(item).sort())).toEqual([['gsi1pk', 'gsi1sk', 'listing', 'pk', 'sk']]);
    expect(await ensureTable(client, name, tableSchema)).toEqual([]);
    client.destroy();
  });
});
