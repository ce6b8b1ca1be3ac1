import * as z from 'zod';
import { isoDate } from '../domain/programs/common.ts';
import { delegationsFrom, delegationsTo, saveDelegation } from '../store/delegations.ts';
import { getProfile, listColleagues } from '../store/directory.ts';
import { listNotifications } from '../store/notifications.ts';
import { now } from '../shared/clock.ts';
import { shanghaiDate } from '../shared/dates.ts';
import { ValidationError } from '../shared/errors.ts';
import { say } from '../shared/i18n.ts';
import { apiHandler, reply } from '../shared/http.ts';
import type { Caller } from './access.ts';

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

/**
 * An official going on leave hands their queue to a colleague of the same unit and level for a
 * date range; decisions the colleague makes then record both names.
 */
export const delegateQueue = apiHandler({ roles: ['official'], body: delegationBody }).handler(async ({ auth, body }) => {
  const caller = auth as Caller;
  const colleague = await getProfile(body.to);
  if (!colleague || colleague.sub === caller.sub || !colleague.groups.includes('official') || colleague.orgUnit !== caller.orgUnit || colleague.level !== caller.level) {
    throw new ValidationError([{ path: 'to', message: { zh: '只能委托同一单位、同一审批级别的另一位干部', en: 'Delegate only to another official of your unit and level' } }]);
  }
  if (body.endsOn < shanghaiDate(now().toISOString())) {
    throw new ValidationError([{ path: 'endsOn', message: { zh: '委托期已经过去', en: 'That period is already over' } }]);
  }
  const delegation = {
    from: { sub: caller.sub, name: caller.name },
    to: { sub: colleague.sub, name: colleague.name },
    orgUnit: caller.orgUnit,
    level: caller.level as number,
    startsOn: body.startsOn,
    endsOn: body.endsOn,
    createdAt: now().toISOString(),
  };
  await saveDelegation(delegation);
  return reply(201, delegation);
});

/** The officials of the caller's unit and level, by name: whom they may delegate to. */
export const listMyColleagues = apiHandler({ roles: ['official'] }).handler(async ({ auth }) => {
  const caller = auth as Caller;
  return reply(200, { items: caller.level === undefined ? [] : await listColleagues(caller.orgUnit, caller.level, caller.sub) });
});

/** Delegations this official gave and received. */
export const listDelegations = apiHandler({ roles: ['official'] }).handler(async ({ auth }) => {
  const [given, received] = await Promise.all([delegationsFrom(auth.sub), delegationsTo(auth.sub)]);
  return reply(200, { given, received });
});
