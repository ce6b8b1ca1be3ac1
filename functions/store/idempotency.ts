import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { db } from './client.ts';
import { keys } from './keys.ts';
import { tableName } from './table.ts';

/** Kept for a day: long enough for any client retry. */
const KEEP_SECONDS = 24 * 3600;

export interface StoredReply {
  requestHash: string;
  status: number;
  body: unknown;
}

export const requestHash = (body: unknown): string => createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex');

export async function findStoredReply(sub: string, key: string): Promise<StoredReply | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.idempotency(sub, key), ConsistentRead: true }));
  if (!out.Item) return undefined;
  return { requestHash: String(out.Item.requestHash), status: Number(out.Item.status), body: out.Item.body };
}

/** The stored reply as a transaction item, written with the change it answers for. */
export function storedReplyPut(sub: string, key: string, reply: StoredReply, nowEpochSeconds: number) {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...keys.idempotency(sub, key), ...reply, expiresAt: nowEpochSeconds + KEEP_SECONDS },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
