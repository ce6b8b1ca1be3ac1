import * as z from 'zod';
import { verifyChain } from '../domain/audit-chain.ts';
import { getApplication } from '../store/applications.ts';
import { listAuditEvents } from '../store/audit.ts';
import { getProfiles, loadOrgTree } from '../store/directory.ts';
import { nameIn, roleNames } from '../shared/code-names.ts';
import { say } from '../shared/i18n.ts';
import { NotFoundError } from '../shared/errors.ts';
import { apiHandler, reply } from '../shared/http.ts';
import { maySee, type Caller } from '../use-cases/access.ts';

const params = z.object({ applicationId: z.string().min(1).max(80) });

/** Officials see the trail of applications in their subtree; finance and admins all. */
async function visibleTrail(applicationId: string, caller: Caller) {
  const application = await getApplication(applicationId);
  if (!application || !maySee(caller, application, await loadOrgTree())) throw new NotFoundError({ zh: '未找到该申请', en: 'No such application' });
  return listAuditEvents(applicationId);
}

/** Every audit event of one application, in order: who, role, when, what (before → after), why. */
export const getAuditTrail = apiHandler({ roles: ['official', 'finance', 'admin'], params }).handler(async ({ auth, params, lang }) => {
  const events = await visibleTrail(params.applicationId, auth as Caller);
  // The chain records who by sign-in id; readers see the person's name (the platform's own steps as 系统).
  const people = await getProfiles([...new Set(events.filter((event) => event.actor.role !== 'system').map((event) => event.actor.sub))]);
  const items = events.map((event) => ({
    ...event,
    actor: { ...event.actor, name: event.actor.role === 'system' ? say(nameIn(roleNames, 'system'), lang) : (people.get(event.actor.sub)?.name ?? event.actor.sub) },
  }));
  return reply(200, { items });
});

/** Recomputes the hash chain: `{ valid: true }`, or the first broken link. */
export const verifyAuditTrail = apiHandler({ roles: ['official', 'finance', 'admin'], params }).handler(async ({ auth, params }) => {
  return reply(200, verifyChain(params.applicationId, await visibleTrail(params.applicationId, auth as Caller)));
});
