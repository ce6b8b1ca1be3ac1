import { delegationsFrom, delegationsTo } from '../store/delegations.ts';
import { listColleagues } from '../store/directory.ts';
import { getProgram } from '../domain/programs/index.ts';
import { getApplication } from '../store/applications.ts';
import { listApprovalQueue } from '../store/approvals.ts';
import { listNotifications, markNotificationsSeen, notificationsSeenUntil } from '../store/notifications.ts';
import { now, nowIso } from '../shared/clock.ts';
import { shanghaiDate } from '../shared/dates.ts';
import { say } from '../shared/i18n.ts';
import { apiHandler, reply } from '../shared/http.ts';
import type { Caller } from '../use-cases/access.ts';
import { delegateApprovalQueue } from '../use-cases/delegate-approval-queue.ts';
import { approvalDaysByPolicy } from './approvals.ts';
import { delegationBody } from './officials-schemas.ts';

const DAY_MS = 86_400_000;

/**
 * This official's notifications, newest first: what came into their unit and level's queue, what
 * is overdue or was escalated to them (stored as it happens), and what in their queue is due
 * tomorrow (worked out from the queue as it stands). `unread`: those since they last looked.
 */
export const listMyNotifications = apiHandler({ roles: ['official'] }).handler(async ({ auth, lang }) => {
  const caller = auth as Caller;
  if (caller.level === undefined) return reply(200, { items: [], unread: 0 });
  const [stored, queue, seenUntil] = await Promise.all([listNotifications(caller.orgUnit, caller.level, 100), listApprovalQueue(caller.orgUnit, caller.level, 200), notificationsSeenUntil(caller.sub)]);
  const tomorrow = shanghaiDate(new Date(now().getTime() + DAY_MS).toISOString());
  const approvalDays = approvalDaysByPolicy();
  const dueTomorrow = [];
  for (const approval of queue) {
    const application = await getApplication(approval.applicationId);
    if (!application || application.status !== 'PENDING_APPROVAL') continue;
    const dueAt = new Date(Date.parse(approval.requestedAt) + (await approvalDays(application)) * DAY_MS).toISOString();
    if (shanghaiDate(dueAt) !== tomorrow) continue;
    const program = getProgram(application.program).name;
    dueTomorrow.push({
      orgUnit: approval.orgUnit,
      level: approval.level,
      at: new Date(Date.parse(dueAt) - DAY_MS).toISOString(),
      applicationId: application.id,
      kind: 'APPROVAL_DUE_TOMORROW' as const,
      message: { zh: `明天到期：${application.applicant.name}的${program.zh}申请（第 ${approval.level} 级）`, en: `Due tomorrow: ${application.applicant.name}'s ${program.en} application (level ${approval.level})` },
    });
  }
  const items = [...dueTomorrow, ...stored].sort((a, b) => b.at.localeCompare(a.at));
  const unread = (item: { at: string }) => seenUntil === undefined || item.at > seenUntil;
  return reply(200, {
    items: items.map((item) => ({ ...item, message: say(item.message, lang), unread: unread(item) })),
    unread: items.filter(unread).length,
  });
});

/** The official has looked at their notifications: those until now are read. */
export const markMyNotificationsSeen = apiHandler({ roles: ['official'] }).handler(async ({ auth }) => {
  const at = nowIso();
  await markNotificationsSeen(auth.sub, at);
  return reply(200, { seenUntil: at });
});

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
