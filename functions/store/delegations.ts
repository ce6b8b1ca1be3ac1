import { PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { db } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { indexOn, tableName } from './table.ts';
import { listed } from './listing.ts';
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

/** A delegation as the official's list of those given shows it: the whole of it. */
export const delegationListing = ({ from, to, orgUnit, level, startsOn, endsOn, createdAt }: Delegation): Delegation => ({ from, to, orgUnit, level, startsOn, endsOn, createdAt });

/**
 * Every decision asks whom its official stands in for, and most stand in for nobody. So an
 * official to whom a queue was handed has a mark with the last day of all such periods, and a
 * decision's own transaction checks that no mark of its official reaches today
 * (`standsInForNobodyCheck`); only when one does are the delegations read (`standingInFor`).
 * The mark is written before the delegation, so no decision falls between the two unchecked. It is
 * an upper bound: a period ended early or revoked may leave it later than needed, which costs
 * that read, never a missing name.
 */
export async function saveDelegation(delegation: Delegation): Promise<void> {
  await markStandIn(delegation.to.sub, delegation.endsOn);
  await db.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.delegation(delegation.to.sub, delegation.from.sub, delegation.startsOn),
        ...keys.delegationsByIndex(delegation.from.sub, delegation.startsOn, delegation.to.sub),
        listing: delegationListing(delegation),
        ...delegation,
      },
    }),
  );
}

/** Moves the official's mark on to `lastDay`; one that reaches as far already stands. */
async function markStandIn(sub: string, lastDay: string): Promise<void> {
  try {
    await db.send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.standInUntil(sub), lastDay },
        ConditionExpression: 'attribute_not_exists(pk) OR lastDay < :day',
        ExpressionAttributeValues: { ':day': lastDay },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/**
 * The one-off migration of delegations saved before the marks were kept (`npm run mark-stand-ins`):
 * one scan of the table for delegations, each delegate's mark moved on to the last day of theirs.
 * Safe to run again. Returns how many officials it marked.
 */
export async function markExistingStandIns(): Promise<number> {
  const lastDays = new Map<string, string>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({ TableName: tableName(), FilterExpression: 'begins_with(pk, :prefix)', ExpressionAttributeValues: { ':prefix': keys.delegationsTo('') }, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    for (const item of page.Items ?? []) {
      const delegation = withoutKeys<Delegation>(item);
      if ((lastDays.get(delegation.to.sub) ?? '') < delegation.endsOn) lastDays.set(delegation.to.sub, delegation.endsOn);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  for (const [sub, lastDay] of lastDays) await markStandIn(sub, lastDay);
  return lastDays.size;
}

/**
 * A transaction item that holds only while the official stands in for nobody on `day` (no mark
 * of theirs reaches it): written with a decision, which is cancelled otherwise (see saveDelegation).
 */
export function standsInForNobodyCheck(sub: string, day: string) {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: keys.standInUntil(sub),
      ConditionExpression: 'attribute_not_exists(pk) OR lastDay < :day',
      ExpressionAttributeValues: { ':day': day },
    },
  };
}

export async function delegationsTo(sub: string): Promise<Delegation[]> {
  const out = await db.send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.delegationsTo(sub) } }));
  return (out.Items ?? []).map((item) => withoutKeys<Delegation>(item));
}

export async function delegationsFrom(sub: string): Promise<Delegation[]> {
  const out = await db.send(
    new QueryCommand({ TableName: tableName(), IndexName: indexOn('gsi1'), KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.delegationsFrom(sub) } }),
  );
  return (out.Items ?? []).map((entry) => listed(entry, delegationListing));
}

/** The colleague this official stands in for on `day`, if any. */
export async function standingInFor(sub: string, day: string): Promise<Delegation | undefined> {
  return (await delegationsTo(sub)).find((delegation) => delegation.startsOn <= day && day <= delegation.endsOn);
}
