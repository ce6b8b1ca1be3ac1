import * as z from 'zod';
import { getApplication } from '../store/applications.ts';
import { listWorkerMessages, markWorkerMessageRead, type WorkerMessage } from '../store/messages.ts';
import { nowIso } from '../shared/clock.ts';
import { NotFoundError } from '../shared/errors.ts';
import { say, type Lang } from '../shared/i18n.ts';
import { apiHandler, reply } from '../shared/http.ts';

const view = (message: WorkerMessage, lang: Lang) => ({
  id: message.id,
  applicationId: message.applicationId,
  program: message.program,
  kind: message.kind,
  at: message.at,
  title: say(message.title, lang),
  ...(message.detail ? { detail: say(message.detail, lang) } : {}),
  next: say(message.next, lang),
  read: message.readAt !== undefined,
});

/**
 * The worker's messages (消息), newest first, with the unread count, and the banners: the newest
 * message asking for something of an application that still waits for it (a failed payment, a
 * documents request), read or not, until the worker has dealt with it.
 */
export const listMyMessages = apiHandler({ roles: ['worker'] }).handler(async ({ auth, lang }) => {
  const { items, unread } = await listWorkerMessages(auth.sub, 100);
  const banners: WorkerMessage[] = [];
  const seen = new Set<string>();
  for (const message of items) {
    if (seen.has(message.applicationId)) continue;
    seen.add(message.applicationId);
    if (!message.bannerWhile) continue;
    const application = await getApplication(message.applicationId);
    if (application?.status === message.bannerWhile) banners.push(message);
  }
  return reply(200, { items: items.map((message) => view(message, lang)), unread, banners: banners.map((message) => view(message, lang)) });
});

const messageParams = z.object({ id: z.string().min(1).max(160) });

/** The worker has read one of their messages. */
export const markMessageRead = apiHandler({ roles: ['worker'], params: messageParams }).handler(async ({ auth, params }) => {
  if (!(await markWorkerMessageRead(auth.sub, params.id, nowIso()))) throw new NotFoundError({ zh: '没有这条消息', en: 'There is no such message' });
  return reply(200, { id: params.id, read: true });
});

/** The worker has read all their messages. */
export const markAllMessagesRead = apiHandler({ roles: ['worker'] }).handler(async ({ auth }) => {
  const at = nowIso();
  const { items } = await listWorkerMessages(auth.sub, 100);
  const unread = items.filter((message) => !message.readAt);
  for (const message of unread) await markWorkerMessageRead(auth.sub, message.id, at);
  return reply(200, { read: unread.length });
});
