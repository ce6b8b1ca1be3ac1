import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Message } from '../shared/i18n.ts';
import { db } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { tableName } from './table.ts';

/** A notice for the officials of one unit and level: new in their queue, overdue, escalated to them (shown in their console). */
export interface Notification {
  orgUnit: string;
  level: number;
  at: string;
  applicationId: string;
  kind: 'APPROVAL_REQUESTED' | 'APPROVAL_OVERDUE' | 'APPROVAL_ESCALATED';
  message: Message;
}

export function notificationPut(notification: Notification) {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...keys.notification(notification.orgUnit, notification.level, notification.at, notification.applicationId), ...notification },
    },
  };
}

export async function listNotifications(orgUnit: string, level: number, limit: number): Promise<Notification[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.notificationPartition(orgUnit, level) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((item) => withoutKeys<Notification>(item));
}

/** Until when this official has seen their notifications (undefined: never). */
export async function notificationsSeenUntil(sub: string): Promise<string | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.notificationsSeen(sub) }));
  return out.Item?.seenUntil as string | undefined;
}

export async function markNotificationsSeen(sub: string, until: string): Promise<void> {
  await db.send(new PutCommand({ TableName: tableName(), Item: { ...keys.notificationsSeen(sub), seenUntil: until } }));
}
