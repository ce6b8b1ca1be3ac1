import * as z from 'zod';
import { isoDate } from '../domain/programs/common.ts';
import { delegationsFrom, delegationsTo } from '../store/delegations.ts';
import { listColleagues } from '../store/directory.ts';
import { listNotifications } from '../store/notifications.ts';
import { say } from '../shared/i18n.ts';
import { apiHandler, reply } from '../shared/http.ts';
import type { Caller } from '../use-cases/access.ts';
import { delegateApprovalQueue } from '../use-cases/delegate-approval-queue.ts';

/** Reminders and escalations for this official's unit and level, newest first. */
export const listMyNotifications = apiHandler({ roles: ['official'] }).handler(async ({ auth, lang }) => {
  const caller = auth as Caller;
  if (caller.level === undefined) return reply(200, { items: [] });
  const items = await listNotifications(caller.orgUnit, caller.level, 100);
  return reply(200, { items: items.map((item) => ({ ...item, message: say(item.message, lang) })) });
});

export const delegationBody = z
  .object({ to: z.string().min(1).max(64), startsOn: isoDate, endsOn: isoDate })
  .refine((body) => body.startsOn <= body.endsOn, { path: ['endsOn'], message: 'ends before it starts', params: { zh: '结束日期不能早于开始日期', en: 'The end date cannot be before the start date' } });

/** An official going on leave hands their queue to a colleague (see the use case). */
export const delegateQueue = apiHandler({ roles: ['official'], body: delegationBody }).handler(async ({ auth, body }) => reply(201, await delegateApprovalQueue(auth as Caller, body)));

export const listMyColleagues = apiHandler({ roles: ['official'] }).handler(async ({ auth }) => {
  const caller = auth as Caller;
  return reply(200, { items: caller.level === undefined ? [] : await listColleagues(caller.orgUnit, caller.level, caller.sub) });
});

/** Delegations this official gave and received. */
export const listDelegations = apiHandler({ roles: ['official'] }).handler(async ({ auth }) => {
  const [given, received] = await Promise.all([delegationsFrom(auth.sub), delegationsTo(auth.sub)]);
  return reply(200, { given, received });
});
