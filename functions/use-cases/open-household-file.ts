import { decideFile, stateForTier, type HouseholdFile, type OpenFileBody } from '../domain/households/file.ts';
import { getProgram } from '../domain/programs/index.ts';
import { findMemberByNumber, loadOrgTree } from '../store/directory.ts';
import { FileAlreadyOpenError, newFileId, openFileOf, openHouseholdFile } from '../store/household-files.ts';
import { nowIso } from '../shared/clock.ts';
import { shanghaiDate } from '../shared/dates.ts';
import { ConflictError, NotFoundError } from '../shared/errors.ts';
import type { Caller } from './access.ts';
import { officialActor } from './household-file-access.ts';
import { policyInForce } from './look-up-policy-in-force.ts';

/**
 * An official opens a household's file (建档) with the checks an application's household passes.
 * 1. Find the member by number, in the official's part of the tree (404 otherwise).
 * 2. Refuse when the household has an open file already (in any unit), naming where.
 * 3. Decide (pure) under the hardship-relief parameters in force for the member's unit today:
 *    an active member and a tier; none → 409 with the rules' sentence.
 * 4. One transaction: the file (regular for deep or relative hardship, temporary for
 *    accident-caused), the household's open-file item, the member record and the audit event.
 */
export async function openHouseholdFileByOfficial(caller: Caller, body: OpenFileBody): Promise<HouseholdFile> {
  const tree = await loadOrgTree();
  const profile = await findMemberByNumber(body.memberNumber);
  if (!profile?.member || !tree.contains(caller.orgUnit, profile.orgUnit)) {
    throw new NotFoundError({ zh: `您的工会及下级工会没有会员号为 ${body.memberNumber} 的会员`, en: `No member numbered ${body.memberNumber} in your union or below it` });
  }
  const already = await openFileOf(profile.member.number);
  if (already) throw alreadyOpen(tree.get(already.orgUnit)?.name ?? { zh: already.orgUnit, en: already.orgUnit });
  const at = nowIso();
  const program = getProgram('hardship-relief');
  const policy = await policyInForce(program, profile.orgUnit, shanghaiDate(at), tree);
  if (!policy) throw noPolicy();
  const decided = decideFile({ member: profile.member, household: body.household, parameters: policy.parameters });
  if (!decided.tier) throw new ConflictError('FILE_NOT_WARRANTED', { zh: `不符合建档条件：${decided.explanation.zh}`, en: `The household does not qualify for a file: ${decided.explanation.en}` }, [{ path: 'household', message: decided.explanation }]);
  const head = { sub: profile.sub, name: profile.name, memberNumber: profile.member.number };
  const actor = officialActor(caller);
  try {
    return await openHouseholdFile(
      {
        id: newFileId(at),
        memberNumber: head.memberNumber,
        head,
        orgUnit: profile.orgUnit,
        state: stateForTier(decided.tier),
        tier: decided.tier,
        tierDecision: { tier: decided.tier, decidedAt: at, decidedBy: { sub: caller.sub, name: caller.name }, source: 'official', policyVersion: policy.id, checks: decided.checks, ...(body.note ? { reason: body.note } : {}) },
        tierHistory: [],
        household: body.household,
        causes: body.causes,
        entries: [],
        openedAt: at,
        filedOn: shanghaiDate(at),
        updatedAt: at,
      },
      actor,
    );
  } catch (error) {
    // Another official opened one a moment earlier: the database's open-file item refused this one.
    if (error instanceof FileAlreadyOpenError) throw alreadyOpen({ zh: '另一工会', en: 'another union' });
    throw error;
  }
}

function alreadyOpen(unit: { zh: string; en: string }) {
  return new ConflictError('FILE_ALREADY_OPEN', { zh: `该家庭已在${unit.zh}建档，一户只能有一份在档档案`, en: `The household already has an open file at ${unit.en}; a household has one open file at most` }, [{ path: 'memberNumber', message: { zh: '该家庭已有在档档案', en: 'The household already has an open file' } }]);
}

export const noPolicy = () => new ConflictError('NO_POLICY', { zh: '该工会尚无困难职工帮扶的政策参数，暂不能建档或调档', en: 'The union has no hardship-relief parameters yet, so files cannot be opened or re-tiered' });
