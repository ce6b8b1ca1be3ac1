import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isSealed } from '../domain/sealed.ts';
import { db } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { applicationListing, type Application } from './applications.ts';
import { tableName } from './table.ts';
import { holdsPlainNumber, sealDetails, sealNumber } from './sealed-fields.ts';

export interface SealingReport {
  scanned: number;
  /** Items whose numbers were sealed now. */
  sealed: number;
  /** Items that changed while being sealed (run again). */
  changed: number;
  /** Audit events that record a number in clear: the hash chain covers them, so they are left as they are. */
  auditEventsInClear: number;
}

/**
 * The one-off migration of a table written before encryption (`npm run seal-existing`): seals the
 * resident-ID and bank-card numbers of applications (their details), payment instructions and
 * batch items in place, each conditioned on the value read, so a concurrent change is not lost
 * (it is counted, and a second run seals it). Safe to run again: sealed values are left alone.
 * Until it has run, reads take a plain number as a legacy value (masked, compared as it is).
 */
export async function sealLegacyItems(): Promise<SealingReport> {
  const report: SealingReport = { scanned: 0, sealed: 0, changed: 0, auditEventsInClear: 0 };
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: tableName(), ExclusiveStartKey: start, ConsistentRead: true }));
    for (const item of page.Items ?? []) {
      report.scanned += 1;
      const pk = String(item.pk);
      const sk = String(item.sk);
      const update = async (field: string, before: unknown, after: unknown, listing?: unknown) => {
        try {
          await db.send(
            new UpdateCommand({
              TableName: tableName(),
              Key: { pk, sk },
              UpdateExpression: listing ? 'SET #field = :after, listing = :listing' : 'SET #field = :after',
              ConditionExpression: '#field = :before',
              ExpressionAttributeNames: { '#field': field },
              ExpressionAttributeValues: { ':after': after, ':before': before, ...(listing ? { ':listing': listing } : {}) },
            }),
          );
          report.sealed += 1;
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
          report.changed += 1;
        }
      };
      if (pk.startsWith(keys.auditPartitionPrefix)) {
        if (holdsPlainNumber(item.after) || holdsPlainNumber(item.before)) report.auditEventsInClear += 1;
      } else if (pk.startsWith(keys.applicationPartition('')) && sk === keys.application('').sk && holdsPlainNumber(item.details)) {
        // Its listing showed the numbers masked, for want of their marks: it is made again from the sealed ones.
        const details = await sealDetails(item.details);
        await update('details', item.details, details, applicationListing(withoutKeys<Application>({ ...item, details })));
      } else if ((sk.startsWith(keys.paymentPrefix) || (pk.startsWith(keys.batchPartition('')) && sk.startsWith(keys.batchItemPrefix))) && typeof item.accountNumber === 'string' && !isSealed(item.accountNumber)) {
        await update('accountNumber', item.accountNumber, await sealNumber('card', item.accountNumber));
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return report;
}
