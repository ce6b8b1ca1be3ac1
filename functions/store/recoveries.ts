import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { indexOn, tableName } from './table.ts';
import { listed } from './listing.ts';
import type { Actor } from './types.ts';

export type RecoveryStatus = 'OPEN' | 'RECOVERED' | 'WRITTEN_OFF';

/** Money paid that should not have been (an upheld objection after payment, a reassessment), tracked until settled. */
export interface Recovery {
  applicationId: string;
  seq: number;
  program: string;
  orgUnit: string;
  amountFen: number;
  reason: string;
  status: RecoveryStatus;
  openedAt: string;
  openedBy: Pick<Actor, 'sub' | 'name'>;
  closedAt?: string;
  closedBy?: Pick<Actor, 'sub' | 'name'>;
  note?: string;
}

export async function listRecoveriesOf(applicationId: string): Promise<Recovery[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.applicationPartition(applicationId), ':prefix': keys.recoveryPrefix },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((item) => withoutKeys<Recovery>(item));
}

/** A recovery as finance's list shows it: the whole of it. */
export const recoveryListing = (recovery: Recovery): Recovery => recovery;

export async function listRecoveries(status: RecoveryStatus): Promise<Recovery[]> {
  const out = await db.send(new QueryCommand({ TableName: tableName(), IndexName: indexOn('gsi1'), KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.recoveriesPartition(status) } }));
  return (out.Items ?? []).map((entry) => listed(entry, recoveryListing));
}

/** Transaction item: a new recovery, written with its audit event. */
export function recoveryPut(recovery: Recovery) {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...keys.recovery(recovery.applicationId, recovery.seq), ...keys.recoveriesByStatus(recovery.status, recovery.openedAt, recovery.applicationId), listing: recoveryListing(recovery), ...recovery },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Transaction item: an open recovery is settled, once. */
export function recoveryCloseItem(recovery: Recovery, status: Exclude<RecoveryStatus, 'OPEN'>, at: string, by: Pick<Actor, 'sub' | 'name'>, note: string) {
  const index = keys.recoveriesByStatus(status, recovery.openedAt, recovery.applicationId);
  return {
    Update: {
      TableName: tableName(),
      Key: keys.recovery(recovery.applicationId, recovery.seq),
      UpdateExpression: 'SET #status = :status, closedAt = :at, closedBy = :by, note = :note, gsi1pk = :gpk, gsi1sk = :gsk, listing = :listing',
      ConditionExpression: '#status = :open',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': status, ':at': at, ':by': by, ':note': note, ':open': 'OPEN', ':gpk': index.gsi1pk, ':gsk': index.gsi1sk, ':listing': recoveryListing({ ...recovery, status, closedAt: at, closedBy: by, note }) },
    },
  };
}
