import { listApplicationsOfOrgUnits } from '../store/applications.ts';
import { loadOrgTree } from '../store/directory.ts';
import { apiHandler, reply } from '../shared/http.ts';
import { visibleOrgUnits, type Caller } from '../use-cases/access.ts';
import { publicNoticesQuery } from './public-notices-schemas.ts';

/**
 * What is on public notice (公示) where the caller may object: a worker sees their own unit's, as
 * on the union's notice board; officials their subtree's; finance and admins all. Only what a
 * notice board shows: who, which program, how much, and until when.
 */
export const listPublicNotices = apiHandler({ roles: ['worker', 'official', 'finance', 'admin'], query: publicNoticesQuery }).handler(async ({ auth, query }) => {
  const caller = auth as Caller;
  const tree = await loadOrgTree();
  const units = caller.groups.some((group) => group !== 'worker') ? visibleOrgUnits(caller, tree) : [caller.orgUnit];
  const page = await listApplicationsOfOrgUnits(units, { status: 'PUBLIC_NOTICE' }, query.limit, query.nextToken);
  const items = page.items.map((application) => ({
    id: application.id,
    program: application.program,
    applicant: { name: application.applicant.name, orgUnit: application.applicant.orgUnit },
    amountFen: application.decision?.amountFen ?? 0,
    noticeEndsAt: application.noticeEndsAt ?? null,
    /** The caller's own application: shown, but not theirs to object to. */
    mine: application.applicant.sub === caller.sub,
  }));
  return reply(200, { items, nextToken: page.nextToken });
});
