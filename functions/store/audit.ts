import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { chainEvent, type AuditEvent } from '../domain/audit-chain.ts';
import { db, queryAll } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { tableName } from './table.ts';
import type { Actor } from './types.ts';

export type AuditChange = Record<string, unknown> | null;

export interface AuditInput {
  /** The chain: an application id, `budget:<program>:<year>:<orgUnit>` or `policy:<program>`. */
  subject: string;
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
  const event = chainEvent(input.previous?.hash, {
    subject: input.subject,
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
        Item: { ...keys.auditEvent(input.subject, seq), ...event },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  };
}

/** The events of one audit chain, in order. */
export async function listAuditEvents(subject: string): Promise<AuditEvent[]> {
  const items = await queryAll({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.auditPartition(subject) }, ConsistentRead: true });
  return items.map((item) => withoutKeys<AuditEvent>(item));
}

/** Every audit chain's subject (for `npm run audit:verify -- --all`): a full scan, for operators only. */
export async function listAuditSubjects(): Promise<string[]> {
  const subjects = new Set<string>();
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new ScanCommand({
        TableName: tableName(),
        FilterExpression: 'begins_with(pk, :prefix) AND sk = :first',
        ExpressionAttributeValues: { ':prefix': keys.auditPartitionPrefix, ':first': keys.auditEvent('', 1).sk },
        ProjectionExpression: 'pk',
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) subjects.add(String(item.pk).slice(keys.auditPartitionPrefix.length));
    start = out.LastEvaluatedKey;
  } while (start);
  return [...subjects].sort();
}
