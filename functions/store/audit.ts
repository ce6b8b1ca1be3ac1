import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { chainEvent, type AuditEvent } from '../domain/audit-chain.ts';
import { db } from './client.ts';
import { keys } from './keys.ts';
import { tableName } from './table.ts';
import type { Actor } from './types.ts';

export type AuditChange = Record<string, unknown> | null;

export interface AuditInput {
  applicationId: string;
  /** The head of the chain as read with the application; undefined for the first event. */
  previous: { seq: number; hash: string } | undefined;
  actor: Actor;
  at: string;
  action: string;
  before: AuditChange;
  after: AuditChange;
  reason?: string;
  requestId?: string;
}

/**
 * The next audit event of an application as a transaction item. Callers put it in the same
 * transaction as the change it records, conditioned on the chain head they read.
 */
export function auditWrite(input: AuditInput) {
  const seq = (input.previous?.seq ?? 0) + 1;
  const event = chainEvent(input.previous?.hash ?? input.applicationId, {
    applicationId: input.applicationId,
    seq,
    at: input.at,
    actor: { sub: input.actor.sub, role: input.actor.role, orgUnit: input.actor.orgUnit },
    action: input.action,
    before: input.before,
    after: input.after,
    ...(input.reason !== undefined ? { reason: input.reason } : {}),
    ...(input.requestId !== undefined ? { requestId: input.requestId } : {}),
  });
  return {
    seq,
    hash: event.hash,
    put: {
      Put: {
        TableName: tableName(),
        Item: { ...keys.auditEvent(input.applicationId, seq), ...event },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  };
}

export async function listAuditEvents(applicationId: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.applicationPartition(applicationId), ':prefix': keys.auditPrefix },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) {
      const { pk: _pk, sk: _sk, ...event } = item;
      events.push(event as AuditEvent);
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return events;
}
