import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { FileReview } from '../domain/households/review.ts';
import { db, queryAll } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { indexOn, tableName } from './table.ts';
import { listed } from './listing.ts';

/** A review task as the year's lists show it (its unit's tasks, the spot checks drawn): the whole of it. */
export const reviewListing = (review: FileReview): FileReview => review;

const reviewItem = (review: FileReview) => ({
  ...review,
  ...keys.fileReview(review.fileId, review.year),
  ...keys.fileReviewList(review.orgUnit, review.year, review.fileId),
  ...(review.spotCheckBy ? keys.spotCheckList(review.spotCheckBy, review.year, review.fileId) : {}),
  listing: reviewListing(review),
});

export async function getFileReview(fileId: string, year: number): Promise<FileReview | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.fileReview(fileId, year), ConsistentRead: true }));
  return out.Item ? withoutKeys<FileReview>(out.Item) : undefined;
}

/** Creates the year's review task of a file; false when it exists already (the review started before). */
export async function createFileReview(review: FileReview): Promise<boolean> {
  try {
    await db.send(new PutCommand({ TableName: tableName(), Item: reviewItem(review), ConditionExpression: 'attribute_not_exists(pk)' }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Transaction item: the task as it now is, on condition that it is still in the state it was read in. */
export function fileReviewPut(review: FileReview, expected: FileReview['state']) {
  return { Put: { TableName: tableName(), Item: reviewItem(review), ConditionExpression: '#state = :expected', ExpressionAttributeNames: { '#state': 'state' }, ExpressionAttributeValues: { ':expected': expected } } };
}

/** Flags a pending task overdue and escalated; false when it was done or flagged meanwhile. */
export async function flagFileReview(review: FileReview): Promise<boolean> {
  try {
    await db.send(new PutCommand(fileReviewPut(review, 'PENDING').Put));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** The year's review tasks of these units, and those the units drew for their spot check. */
export async function listFileReviews(orgUnits: string[], year: number): Promise<{ reviews: FileReview[]; spotChecks: FileReview[] }> {
  const [reviews, spotChecks] = await Promise.all([
    Promise.all(orgUnits.map((unit) => queryAll({ TableName: tableName(), IndexName: indexOn('gsi1'), KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.fileReviewListPartition(unit, year) } }))),
    Promise.all(orgUnits.map((unit) => queryAll({ TableName: tableName(), IndexName: indexOn('gsi2'), KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': keys.spotCheckListPartition(unit, year) } }))),
  ]);
  return { reviews: reviews.flat().map((entry) => listed(entry, reviewListing)), spotChecks: spotChecks.flat().map((entry) => listed(entry, reviewListing)) };
}
