import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { getProgram } from '../domain/programs/index.ts';
import type { ProgramId } from '../domain/programs/types.ts';
import { workerMessageRule, type StatusChange } from '../domain/worker-messages.ts';
import { shanghaiDate } from '../shared/dates.ts';
import type { Message } from '../shared/i18n.ts';
import { db } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { indexOn, tableName } from './table.ts';
import { listed } from './listing.ts';
import type { ApplicationStatus } from './types.ts';

/** A message to a worker about one of their applications: what happened, and what to do next. */
export interface WorkerMessage {
  id: string;
  sub: string;
  applicationId: string;
  program: string;
  kind: string;
  at: string;
  title: Message;
  /** The change's own words (a level's decision with the official's comment, the bank's reason). */
  detail?: Message;
  next: Message;
  /** While the application stays in this status, home shows the message at the top. */
  bannerWhile?: string;
  readAt?: string;
  /** The SMS copy: waiting for the sender, sent (to a masked number), or not sent for want of a number. */
  text?: { state: 'pending' | 'sent' | 'no-phone'; at?: string; to?: string };
}

/** A message as the SMS sender's list shows it: whose, and the words it sends. */
export type PendingTextListing = Pick<WorkerMessage, 'id' | 'sub' | 'title' | 'next'>;

export const pendingTextListing = ({ id, sub, title, next }: PendingTextListing): PendingTextListing => ({ id, sub, title, next });

/** What transitionApplication knows of the change when it writes it (see store/applications.ts). */
export interface ChangeForMessage {
  application: { id: string; program: string; applicant: { sub: string }; appealedAt?: string; appealUntil?: string; noticeEndsAt?: string; decision?: { amountFen?: number } };
  from: ApplicationStatus;
  to: ApplicationStatus;
  action: string;
  at: string;
  auditSeq: number;
  note?: Message;
}

/** A message id names its item within the worker's inbox and sorts by time: time, audit event, application. */
const messageId = (at: string, applicationId: string, auditSeq: number) => `${at.replace(/[^0-9]/g, '')}-${auditSeq}-${applicationId}`;

/**
 * The transaction item that tells the applicant of a change that matters to them (none for the
 * others), written with the change itself, so a message exists exactly when the change does.
 */
export function workerMessagePuts(change: ChangeForMessage) {
  const { application } = change;
  const facts: StatusChange = {
    action: change.action,
    from: change.from,
    to: change.to,
    programName: getProgram(application.program as ProgramId).name,
    appealed: application.appealedAt !== undefined,
    ...(application.decision?.amountFen !== undefined ? { amountFen: application.decision.amountFen } : {}),
    ...(application.appealUntil ? { appealUntilDate: shanghaiDate(application.appealUntil) } : {}),
    ...(application.noticeEndsAt ? { noticeEndsDate: shanghaiDate(application.noticeEndsAt) } : {}),
    ...(change.note ? { note: change.note } : {}),
  };
  const rule = workerMessageRule(facts);
  if (!rule) return [];
  const id = messageId(change.at, application.id, change.auditSeq);
  const message: WorkerMessage = {
    id,
    sub: application.applicant.sub,
    applicationId: application.id,
    program: application.program,
    kind: rule.kind,
    at: change.at,
    title: rule.title(facts),
    ...(change.note ? { detail: change.note } : {}),
    next: rule.next(facts),
    ...(rule.banner && rule.to ? { bannerWhile: rule.to } : {}),
    ...(rule.text ? { text: { state: 'pending' as const } } : {}),
  };
  const key = keys.workerMessage(message.sub, id);
  return [
    {
      Put: {
        TableName: tableName(),
        Item: { ...key, ...(rule.text ? { ...keys.pendingText(change.at, message.sub, id), listing: pendingTextListing(message) } : {}), ...message },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
}

/** The worker's messages, newest first, with how many are unread. */
export async function listWorkerMessages(sub: string, limit: number): Promise<{ items: WorkerMessage[]; unread: number }> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.workerMessagePartition(sub) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  const items = (out.Items ?? []).map((item) => withoutKeys<WorkerMessage>(item));
  return { items, unread: items.filter((item) => !item.readAt).length };
}

/** Marks one of the worker's messages read; false when they have no such message. */
export async function markWorkerMessageRead(sub: string, id: string, at: string): Promise<boolean> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.workerMessage(sub, id),
        UpdateExpression: 'SET readAt = if_not_exists(readAt, :at)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Messages whose SMS copy waits for the sender, oldest first. */
export async function listPendingTexts(limit: number): Promise<PendingTextListing[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: indexOn('gsi2'),
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.pendingTextPartition },
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((entry) => listed(entry, pendingTextListing));
}

/** The SMS copy went out (or could not, for want of a number): off the sender's list. */
export async function recordTextOutcome(message: Pick<WorkerMessage, 'sub' | 'id'>, outcome: { state: 'sent' | 'no-phone'; at: string; to?: string }): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.workerMessage(message.sub, message.id),
      UpdateExpression: 'SET #text = :text REMOVE gsi2pk, gsi2sk, listing',
      ExpressionAttributeNames: { '#text': 'text' },
      ExpressionAttributeValues: { ':text': outcome },
    }),
  );
}
