import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { CallBackResult } from '../domain/finance/evaluation.ts';
import { db, queryAll } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { indexOn, tableName } from './table.ts';
import { listed } from './listing.ts';

/** A random sample of paid applications that finance drew for call-back verification (回访核查). */
export interface CallBackSample {
  sampleId: string;
  year: number;
  program?: string;
  orgUnit?: string;
  size: number;
  drawnAt: string;
  drawnBy: { sub: string; name: string };
}

/** One sampled application and, once an official has called the worker, what they said. */
export interface CallBackItem {
  sampleId: string;
  applicationId: string;
  program: string;
  orgUnit: string;
  payeeName: string;
  amountFen: number;
  paidAt: string;
  result?: CallBackResult;
  note?: string;
  recordedAt?: string;
  recordedBy?: { sub: string; name: string };
}

/** A case opened on an application: a payment the worker says never arrived, to be looked into. */
export interface ApplicationCase {
  applicationId: string;
  seq: number;
  program: string;
  orgUnit: string;
  kind: 'payment-not-received';
  status: 'OPEN' | 'CLOSED';
  openedAt: string;
  openedBy: { sub: string; name: string };
  note: string;
  closedAt?: string;
  closedBy?: { sub: string; name: string };
  closingNote?: string;
}

/** A sample as the year's list shows it, and an open case as the list of open cases does: the whole of each. */
export const sampleListing = (sample: CallBackSample): CallBackSample => sample;
export const caseListing = (applicationCase: ApplicationCase): ApplicationCase => applicationCase;

export async function saveSample(sample: CallBackSample, items: CallBackItem[]): Promise<void> {
  await db.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: tableName(), Item: { ...keys.callBackSample(sample.sampleId), ...keys.callBackSampleList(sample.year, sample.drawnAt, sample.sampleId), listing: sampleListing(sample), ...sample }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ...items.map((item) => ({ Put: { TableName: tableName(), Item: { ...keys.callBackItem(item.sampleId, item.applicationId), ...item } } })),
      ],
    }),
  );
}

export async function getSample(sampleId: string): Promise<{ sample: CallBackSample; items: CallBackItem[] } | undefined> {
  const rows = await queryAll({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.callBackPartition(sampleId) }, ConsistentRead: true });
  const head = rows.find((row) => row.sk === keys.callBackSample(sampleId).sk);
  if (!head) return undefined;
  return { sample: withoutKeys<CallBackSample>(head), items: rows.filter((row) => String(row.sk).startsWith(keys.callBackItemPrefix)).map((row) => withoutKeys<CallBackItem>(row)) };
}

export async function listSamples(year: number): Promise<CallBackSample[]> {
  const items = await queryAll({ TableName: tableName(), IndexName: indexOn('gsi1'), KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.callBackSampleListPartition(year) } });
  return items.map((entry) => listed(entry, sampleListing));
}

/** Transaction item: the call-back's result, once (a second recording fails its condition). */
export function callBackResultItem(item: Pick<CallBackItem, 'sampleId' | 'applicationId'>, result: Required<Pick<CallBackItem, 'result' | 'note' | 'recordedAt' | 'recordedBy'>>) {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.callBackItem(item.sampleId, item.applicationId),
      UpdateExpression: 'SET #result = :result, note = :note, recordedAt = :at, recordedBy = :by',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#result)',
      ExpressionAttributeNames: { '#result': 'result' },
      ExpressionAttributeValues: { ':result': result.result, ':note': result.note, ':at': result.recordedAt, ':by': result.recordedBy },
    },
  };
}

export async function listCasesOf(applicationId: string): Promise<ApplicationCase[]> {
  const out = await db.send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': keys.applicationPartition(applicationId), ':prefix': keys.applicationCasePrefix }, ConsistentRead: true }),
  );
  return (out.Items ?? []).map((item) => withoutKeys<ApplicationCase>(item));
}

/** Transaction item: a new case on the application, listed among the open cases until it is closed. */
export function casePut(applicationCase: ApplicationCase) {
  return { Put: { TableName: tableName(), Item: { ...keys.applicationCase(applicationCase.applicationId, applicationCase.seq), ...keys.openCases(applicationCase.openedAt, applicationCase.applicationId), listing: caseListing(applicationCase), ...applicationCase }, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** Transaction item: the case is closed with a note and leaves the open list. */
export function caseCloseItem(applicationCase: ApplicationCase, at: string, by: { sub: string; name: string }, note: string) {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.applicationCase(applicationCase.applicationId, applicationCase.seq),
      UpdateExpression: 'SET #status = :closed, closedAt = :at, closedBy = :by, closingNote = :note REMOVE gsi1pk, gsi1sk, listing',
      ConditionExpression: '#status = :open',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':closed': 'CLOSED', ':open': 'OPEN', ':at': at, ':by': by, ':note': note },
    },
  };
}

export async function listOpenCases(): Promise<ApplicationCase[]> {
  const items = await queryAll({ TableName: tableName(), IndexName: indexOn('gsi1'), KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.openCasesPartition } });
  return items.map((entry) => listed(entry, caseListing));
}
