import { z } from 'zod';
import { verifyChain } from '../domain/audit-chain.ts';
import { getApplication } from '../store/applications.ts';
import { listAuditEvents } from '../store/audit.ts';
import { loadOrgTree } from '../store/directory.ts';
import { NotFoundError } from '../shared/errors.ts';
import { apiHandler, reply } from '../shared/http.ts';
import { maySee, type Caller } from './access.ts';

const params = z.object({ applicationId: z.string().min(1).max(80) });

/** Officials see the trail of applications in their subtree; finance and admins all. */
async function visibleTrail(applicationId: string, caller: Caller) {
  const application = await getApplication(applicationId);
  if (!application || !maySee(caller, application, await loadOrgTree())) throw new NotFoundError({ zh: '未找到该申请', en: 'No such application' });
  return listAuditEvents(applicationId);
}

/** Every audit event of one application, in order: who, role, when, what (before → after), why. */
export const getAuditTrail = apiHandler({ roles: ['official', 'finance', 'admin'], params }).handler(async ({ auth, params }) => {
  return reply(200, { items: await visibleTrail(params.applicationId, auth as Caller) });
});

/** Recomputes the hash chain: `{ valid: true }`, or the first broken link. */
export const verifyAuditTrail = apiHandler({ roles: ['official', 'finance', 'admin'], params }).handler(async ({ auth, params }) => {
  return reply(200, verifyChain(params.applicationId, await visibleTrail(params.applicationId, auth as Caller)));
});
