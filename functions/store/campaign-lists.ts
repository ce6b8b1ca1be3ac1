import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Tier } from '../domain/programs/types.ts';
import type { Delivery } from '../domain/programs/warmth-visits/details.ts';
import { db, queryAll } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { tableName } from './table.ts';

/** One household on a submitted list: where it came from, how it is delivered, its application. */
export interface CampaignTarget {
  memberNumber: string;
  /** The head's sign-in, whose application it is. */
  sub: string;
  name: string;
  orgUnit: string;
  householdFileId?: string;
  tier: Tier;
  delivery: Delivery;
  /** Added by the official (not on file): why. */
  addedReason?: string;
  applicationId: string;
  /** The application could not be filed (already on another unit's list of the campaign). */
  refused?: { zh: string; en: string };
}

/** A drawn household the official took off the list, with the reason. */
export interface CampaignRemoval {
  memberNumber: string;
  name: string;
  householdFileId: string;
  reason: string;
}

/**
 * 送温暖: the target list one unit submitted for a campaign — drawn from the open files of its
 * subtree, reviewed (households removed or added, each with a reason) — and the applications it
 * filed, one per household. FILING until every application is recorded and started.
 */
export interface CampaignList {
  campaignId: string;
  orgUnit: string;
  policyVersion: string;
  status: 'FILING' | 'FILED';
  submittedAt: string;
  submittedBy: { sub: string; name: string; orgUnit: string };
  targets: CampaignTarget[];
  removed: CampaignRemoval[];
}

/** A list for this campaign and unit was submitted already. */
export class ListAlreadySubmittedError extends Error {
  constructor(readonly campaignId: string, readonly orgUnit: string) {
    super(`campaign ${campaignId} already has a list for ${orgUnit}`);
    this.name = 'ListAlreadySubmittedError';
  }
}

export async function getCampaignList(campaignId: string, orgUnit: string): Promise<CampaignList | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.campaignList(campaignId, orgUnit), ConsistentRead: true }));
  return out.Item ? withoutKeys<CampaignList>(out.Item) : undefined;
}

/** Every unit's list of a campaign. */
export async function listCampaignLists(campaignId: string): Promise<CampaignList[]> {
  const items = await queryAll({ TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': keys.campaignPartition(campaignId), ':prefix': keys.campaignListPrefix } });
  return items.map((item) => withoutKeys<CampaignList>(item));
}

/** Records the list before its applications are filed: once per campaign and unit. */
export async function recordCampaignList(list: CampaignList): Promise<void> {
  try {
    await db.send(new PutCommand({ TableName: tableName(), Item: { ...keys.campaignList(list.campaignId, list.orgUnit), ...list }, ConditionExpression: 'attribute_not_exists(pk)' }));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new ListAlreadySubmittedError(list.campaignId, list.orgUnit);
    throw error;
  }
}

/** Every application of the list is filed (with the targets' outcomes). */
export async function markCampaignListFiled(list: CampaignList): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.campaignList(list.campaignId, list.orgUnit),
      UpdateExpression: 'SET #status = :filed, targets = :targets',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':filed': 'FILED', ':targets': list.targets },
    }),
  );
}
