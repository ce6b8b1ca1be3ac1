import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { tableName } from './table.ts';
import type { Actor } from './types.ts';

/** An official on leave hands their queue to a colleague of the same unit and level for a date range. */
export interface Delegation {
  from: Pick<Actor, 'sub' | 'name'>;
  to: Pick<Actor, 'sub' | 'name'>;
  orgUnit: string;
  level: number;
  /** Inclusive dates, YYYY-MM-DD in Asia/Shanghai. */
  startsOn: string;
  endsOn: string;
  createdAt: string;
}

export async function saveDelegation(delegation: Delegation): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.delegation(delegation.to.sub, delegation.from.sub, delegation.startsOn),
        ...keys.delegationsByIndex(delegation.from.sub, delegation.startsOn, delegation.to.sub),
        ...delegation,
      },
    }),
  );
}

export async function delegationsTo(sub: string): Promise<Delegation[]> {
  const out = await db.send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.delegationsTo(sub) } }));
  return (out.Items ?? []).map((item) => withoutKeys<Delegation>(item));
}

export async function delegationsFrom(sub: string): Promise<Delegation[]> {
  const out = await db.send(
    new QueryCommand({ TableName: tableName(), IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.delegationsFrom(sub) } }),
  );
  return (out.Items ?? []).map((item) => withoutKeys<Delegation>(item));
}

/** The colleague this official stands in for on `day`, if any. */
export async function standingInFor(sub: string, day: string): Promise<Delegation | undefined> {
  return (await delegationsTo(sub)).find((delegation) => delegation.startsOn <= day && day <= delegation.endsOn);
}
