import type { Member } from '../domain/programs/types.ts';
import { getProgram } from '../domain/programs/index.ts';
import { coverStanding } from '../domain/programs/mutual-claim/cover.ts';
import type { MutualClaimParameters } from '../domain/programs/mutual-claim/parameters.ts';
import { getProfile, type OrgTree, type Profile } from '../store/directory.ts';
import { nowIso } from '../shared/clock.ts';
import { shanghaiDate } from '../shared/dates.ts';
import { NotFoundError } from '../shared/errors.ts';
import { say, type Lang } from '../shared/i18n.ts';
import { visibleOrgUnits, type Caller } from './access.ts';
import { policyInForce } from './look-up-policy-in-force.ts';

/**
 * A member record as the member (or an official filing for them) reads it: since when, the
 * category, the hardship file, and each mutual-aid plan with its cover period and where it stands
 * today, by the mutual-aid rules in force for the member's unit.
 */
export async function memberRecordView(member: Member, orgUnit: string, tree: OrgTree, lang: Lang) {
  const today = shanghaiDate(nowIso());
  const policy = member.mutualPlans?.length ? await policyInForce(getProgram('mutual-claim'), orgUnit, today, tree) : undefined;
  return {
    number: member.number,
    since: member.since,
    active: member.active,
    category: member.category,
    ...(member.labourMonths !== undefined ? { labourMonths: member.labourMonths } : {}),
    hardshipFile: member.hardshipFile,
    mutualPlans: (member.mutualPlans ?? []).map((enrolment) => {
      const standing = policy ? coverStanding(enrolment, today, policy.parameters as MutualClaimParameters) : undefined;
      return { ...enrolment, ...(standing ? { standing: { state: standing.state, ...(standing.day ? { day: standing.day } : {}), message: say(standing.message, lang) } } : {}) };
    }),
  };
}

/** A member of the official's part of the union, for an application filed on their behalf; others are not found. */
export async function readMemberForOfficial(caller: Caller, sub: string, tree: OrgTree, lang: Lang) {
  const profile: Profile | undefined = await getProfile(sub);
  if (!profile?.member || !visibleOrgUnits(caller, tree).includes(profile.orgUnit)) throw new NotFoundError({ zh: '未找到该会员', en: 'No such member' });
  return { sub: profile.sub, name: profile.name, orgUnit: profile.orgUnit, orgUnitName: tree.get(profile.orgUnit)?.name, member: await memberRecordView(profile.member, profile.orgUnit, tree, lang) };
}
