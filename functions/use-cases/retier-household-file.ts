import { decideFile, openStates, stateForTier, type HouseholdFile, type RetierFileBody } from '../domain/households/file.ts';
import { getProgram } from '../domain/programs/index.ts';
import { getProfile, loadOrgTree } from '../store/directory.ts';
import { changeHouseholdFile } from '../store/household-files.ts';
import { nowIso } from '../shared/clock.ts';
import { shanghaiDate } from '../shared/dates.ts';
import { ConflictError } from '../shared/errors.ts';
import type { Caller } from './access.ts';
import { mustKeep, officialActor, withFreshFile } from './household-file-access.ts';
import { policyInForce } from './look-up-policy-in-force.ts';
import { noPolicy } from './open-household-file.ts';

/**
 * 调档: an official records the household's new facts and the tier is decided again.
 * 1. The file, kept by the official's unit or one below (404 / 403); open or temporary (409).
 * 2. Decide (pure) under the hardship-relief parameters in force today for the file's unit; no
 *    tier any more → 409: the file is closed instead (退档), with its reason.
 * 3. One write: the new decision (the old one kept in the history), a temporary file that now
 *    shows deep or relative hardship made regular, the member record, the audit event.
 */
export async function retierHouseholdFile(caller: Caller, id: string, body: RetierFileBody): Promise<HouseholdFile> {
  const tree = await loadOrgTree();
  return withFreshFile(id, caller, tree, async (file) => {
    mustKeep(caller, file, tree);
    if (!openStates.includes(file.state)) throw new ConflictError('FILE_CLOSED', { zh: '档案已退档，不能调档', en: 'The file is closed, so it cannot be re-tiered' });
    const profile = await getProfile(file.head.sub);
    if (!profile?.member) throw new ConflictError('NO_MEMBER_RECORD', { zh: '未找到户主的会员记录', en: 'The head of household has no member record' });
    const at = nowIso();
    const policy = await policyInForce(getProgram('hardship-relief'), file.orgUnit, shanghaiDate(at), tree);
    if (!policy) throw noPolicy();
    const decided = decideFile({ member: profile.member, household: body.household, parameters: policy.parameters });
    if (!decided.tier) {
      throw new ConflictError('FILE_NOT_WARRANTED', { zh: `按新情况已不符合建档条件（${decided.explanation.zh}），请办理退档`, en: `By the new facts the household no longer qualifies (${decided.explanation.en}); close the file instead` }, [{ path: 'household', message: decided.explanation }]);
    }
    return changeHouseholdFile(
      file,
      {
        ...file,
        state: stateForTier(decided.tier),
        tier: decided.tier,
        tierDecision: { tier: decided.tier, decidedAt: at, decidedBy: { sub: caller.sub, name: caller.name }, source: 'official', policyVersion: policy.id, checks: decided.checks, reason: body.reason },
        tierHistory: [...file.tierHistory, file.tierDecision],
        household: body.household,
        causes: body.causes ?? file.causes,
        updatedAt: at,
      },
      officialActor(caller),
      file.state === 'TEMPORARY' && decided.tier !== 'ACCIDENT' ? 'FILE_CONVERT' : 'FILE_RETIER',
      body.reason,
    );
  });
}
