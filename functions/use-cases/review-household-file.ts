import { decideFile, stateForTier, type HouseholdFile, type ReviewFileBody } from '../domain/households/file.ts';
import { reviewOutcome } from '../domain/households/review.ts';
import { getProgram } from '../domain/programs/index.ts';
import { fileReviewPut, getFileReview } from '../store/file-reviews.ts';
import { getProfile, loadOrgTree } from '../store/directory.ts';
import { changeHouseholdFile } from '../store/household-files.ts';
import { nowIso } from '../shared/clock.ts';
import { shanghaiDate, shanghaiYear } from '../shared/dates.ts';
import { ConflictError } from '../shared/errors.ts';
import type { Caller } from './access.ts';
import { mustKeep, officialActor, withFreshFile } from './household-file-access.ts';
import { noPolicy } from './open-household-file.ts';
import { policyInForce } from './look-up-policy-in-force.ts';

/**
 * 年度复核 of one file, by an official of its unit, above it, or of the unit that spot-checks it.
 * 1. This year's review task of the file, pending or overdue (409 otherwise).
 * 2. Decide (pure) the household's new facts under the hardship-relief parameters in force today.
 * 3. One transaction: the task done with the outcome, the checks and the explanation; the file
 *    confirmed, re-tiered, or closed when it no longer qualifies; the audit event.
 */
export async function reviewHouseholdFile(caller: Caller, id: string, body: ReviewFileBody): Promise<HouseholdFile> {
  const tree = await loadOrgTree();
  return withFreshFile(id, caller, tree, async (file) => {
    mustKeep(caller, file, tree);
    const at = nowIso();
    const review = await getFileReview(file.id, shanghaiYear(at));
    if (!review || review.state === 'DONE') throw new ConflictError('NO_REVIEW_DUE', { zh: '该档案今年没有待办的年度复核', en: 'The file has no yearly review to do this year' });
    const profile = await getProfile(file.head.sub);
    if (!profile?.member) throw new ConflictError('NO_MEMBER_RECORD', { zh: '未找到户主的会员记录', en: 'The head of household has no member record' });
    const policy = await policyInForce(getProgram('hardship-relief'), file.orgUnit, shanghaiDate(at), tree);
    if (!policy) throw noPolicy();
    const decided = decideFile({ member: profile.member, household: body.household, parameters: policy.parameters });
    const { outcome } = reviewOutcome(file.tier, decided.tier);
    const person = { sub: caller.sub, name: caller.name };
    const done = { ...review, state: 'DONE' as const, reviewedAt: at, reviewedBy: person, outcome, tierBefore: file.tier, ...(decided.tier ? { tierAfter: decided.tier } : {}), policyVersion: policy.id, checks: decided.checks, explanation: decided.explanation };
    const next: Omit<HouseholdFile, 'auditSeq' | 'auditHash'> = decided.tier
      ? {
          ...file,
          state: stateForTier(decided.tier),
          tier: decided.tier,
          tierDecision: { tier: decided.tier, decidedAt: at, decidedBy: person, source: 'review', policyVersion: policy.id, checks: decided.checks, reason: body.note },
          tierHistory: [...file.tierHistory, file.tierDecision],
          household: body.household,
          causes: body.causes ?? file.causes,
          updatedAt: at,
        }
      : { ...file, state: file.state === 'TEMPORARY' ? 'CANCELLED' : 'CLOSED', closedAt: at, closeReason: profile.member.active ? 'income-above-line' : 'found-ineligible', closeNote: body.note, household: body.household, updatedAt: at };
    return changeHouseholdFile(file, next, officialActor(caller), outcome === 'closed' ? 'FILE_REVIEW_CLOSE' : outcome === 'retiered' ? 'FILE_REVIEW_RETIER' : 'FILE_REVIEW_CONFIRM', body.note, [fileReviewPut(done, review.state)]);
  });
}
