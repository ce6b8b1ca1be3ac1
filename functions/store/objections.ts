import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { tableName } from './table.ts';
import type { Actor } from './types.ts';

export interface Objection {
  applicationId: string;
  round: number;
  at: string;
  by: Actor;
  reason: string;
}

/** The objection as a transaction item, written with its audit event. */
export function objectionPut(objection: Objection) {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...keys.objection(objection.applicationId, objection.at, objection.by.sub), ...objection },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export async function listObjections(applicationId: string): Promise<Objection[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.applicationPartition(applicationId), ':prefix': keys.objectionPrefix },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((item) => withoutKeys<Objection>(item));
}
