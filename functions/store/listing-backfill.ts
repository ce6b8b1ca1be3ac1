import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { tableName } from './table.ts';
import { nowIso } from '../shared/clock.ts';
import { applicationListing } from './applications.ts';
import { approvalListing } from './approvals.ts';
import { adjustmentListing } from './budget-rounds.ts';
import { caseListing, sampleListing } from './call-backs.ts';
import { delegationListing } from './delegations.ts';
import { orgUnitListing, profileListing } from './directory.ts';
import { reviewListing } from './file-reviews.ts';
import { householdFileListing } from './household-files.ts';
import { pendingTextListing } from './messages.ts';
import { partnerFileListing } from './partner-files.ts';
import { batchListing, instructionListing } from './payments.ts';
import { recoveryListing } from './recoveries.ts';

/** Each kind of item a listing shows, by its key, with the listing it is shown by. */
const listers: { kind: string; matches: (pk: string, sk: string) => boolean; listing: (item: never) => unknown }[] = [
  { kind: 'org unit', matches: (pk, sk) => pk.startsWith(keys.orgUnit('').pk) && sk === keys.orgUnit('').sk, listing: orgUnitListing },
  { kind: 'profile', matches: (pk, sk) => pk.startsWith(keys.profile('').pk) && sk === keys.profile('').sk, listing: profileListing },
  { kind: 'application', matches: (pk, sk) => pk.startsWith(keys.applicationPartition('')) && sk === keys.application('').sk, listing: applicationListing },
  { kind: 'approval', matches: (pk, sk) => pk.startsWith(keys.applicationPartition('')) && sk.startsWith(keys.approvalPrefix), listing: approvalListing },
  { kind: 'payment instruction', matches: (pk, sk) => pk.startsWith(keys.applicationPartition('')) && sk.startsWith(keys.paymentPrefix), listing: instructionListing },
  { kind: 'recovery', matches: (pk, sk) => pk.startsWith(keys.applicationPartition('')) && sk.startsWith(keys.recoveryPrefix), listing: recoveryListing },
  { kind: 'case', matches: (pk, sk) => pk.startsWith(keys.applicationPartition('')) && sk.startsWith(keys.applicationCasePrefix), listing: caseListing },
  { kind: 'delegation', matches: (pk) => pk.startsWith(keys.delegationsTo('')), listing: delegationListing },
  { kind: 'payment batch', matches: (pk, sk) => pk.startsWith(keys.batchPartition('')) && sk === keys.batch('').sk, listing: batchListing },
  { kind: 'household file', matches: (pk, sk) => pk.startsWith(keys.householdFile('').pk) && sk === keys.householdFile('').sk, listing: householdFileListing },
  { kind: 'file review', matches: (pk, sk) => pk.startsWith(keys.householdFile('').pk) && sk.startsWith(keys.fileReviewPrefix), listing: reviewListing },
  { kind: 'budget adjustment', matches: (pk, sk) => pk.startsWith(keys.budgetAdjustment('').pk) && sk === keys.budgetAdjustment('').sk, listing: adjustmentListing },
  { kind: 'call-back sample', matches: (pk, sk) => pk.startsWith(keys.callBackPartition('')) && sk === keys.callBackSample('').sk, listing: sampleListing },
  { kind: 'partner file', matches: (pk, sk) => pk.startsWith(keys.partnerFile('').pk) && sk === keys.partnerFile('').sk, listing: partnerFileListing },
  { kind: 'worker message', matches: (pk) => pk.startsWith(keys.workerMessagePartition('')), listing: pendingTextListing },
];

export interface ListingReport {
  scanned: number;
  /** Listed items that had no listing and were given one now. */
  listed: number;
  /** Items that changed while being given theirs: their own write gave them one. */
  changed: number;
}

/** Whether this table's listed items all have their listing (the backfill ran to its end here). */
export async function listingsComplete(): Promise<boolean> {
  return Boolean((await db.send(new GetCommand({ TableName: tableName(), Key: keys.listingsMarker(), ConsistentRead: true }))).Item);
}

/**
 * Gives every item with an index entry and no listing its listing (`npm run backfill-listings`; the
 * local runtime at start): items written before listings existed, which a listing index cannot show
 * otherwise. Each write is conditioned on the item being listed and still without a listing — any
 * write since gave it its own. Safe to run again; marks the table done when it reaches the end.
 */
export async function backfillListings(): Promise<ListingReport> {
  const report: ListingReport = { scanned: 0, listed: 0, changed: 0 };
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({ TableName: tableName(), ExclusiveStartKey: start, FilterExpression: '(attribute_exists(gsi1pk) OR attribute_exists(gsi2pk)) AND attribute_not_exists(listing)', ConsistentRead: true }),
    );
    report.scanned += page.ScannedCount ?? 0;
    for (const item of page.Items ?? []) {
      const pk = String(item.pk);
      const sk = String(item.sk);
      const lister = listers.find((candidate) => candidate.matches(pk, sk));
      // An index entry no query lists (a draft document's) has nothing to show.
      if (!lister) continue;
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: { pk, sk },
            UpdateExpression: 'SET listing = :listing',
            ConditionExpression: '(attribute_exists(gsi1pk) OR attribute_exists(gsi2pk)) AND attribute_not_exists(listing)',
            ExpressionAttributeValues: { ':listing': lister.listing(withoutKeys<never>(item)) },
          }),
        );
        report.listed += 1;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        report.changed += 1;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  await db.send(new PutCommand({ TableName: tableName(), Item: { ...keys.listingsMarker(), at: nowIso() } }));
  return report;
}
