import { listApplicationsOfApplicant } from '../store/applications.ts';
import { getProfile, loadOrgTree } from '../store/directory.ts';
import { NotFoundError } from '../shared/errors.ts';
import { say } from '../shared/i18n.ts';
import { apiHandler, reply } from '../shared/http.ts';
import { memberRecordView } from '../use-cases/read-member-record.ts';

interface DeclaredMember {
  relation: string;
  name: string;
  age: number;
}

/**
 * The caller's own record: who they are, their unit and, for members, the member record — since
 * when, the category, the hardship file, each mutual-aid plan with its cover period and where it
 * stands today (by the mutual-aid rules in force for them) — and the household as they last
 * declared it in a hardship-relief application (the member records hold no household).
 */
export const getMyRecord = apiHandler({ roles: ['worker', 'official', 'finance', 'admin'] }).handler(async ({ auth, lang }) => {
  const profile = await getProfile(auth.sub);
  if (!profile) throw new NotFoundError({ zh: '未找到您的记录', en: 'No record was found for you' });
  const tree = await loadOrgTree();
  const unit = tree.get(profile.orgUnit);
  const base = { sub: profile.sub, name: profile.name, roles: profile.groups, orgUnit: { id: profile.orgUnit, name: unit ? say(unit.name, lang) : profile.orgUnit }, ...(profile.level ? { level: profile.level } : {}) };
  const member = profile.member;
  if (!member) return reply(200, { ...base, member: null, household: null });

  const [record, hardship] = await Promise.all([memberRecordView(member, profile.orgUnit, tree, lang), listApplicationsOfApplicant(auth.sub, { program: 'hardship-relief' }, 1)]);
  const latest = hardship.items[0];
  const declared = (latest?.details.household as { members?: DeclaredMember[] } | undefined)?.members;
  return reply(200, {
    ...base,
    member: record,
    household: declared ? { declaredIn: latest!.id, declaredAt: latest!.submittedAt, members: declared.map(({ relation, name, age }) => ({ relation, name, age })) } : null,
  });
});
