import { openStates } from '../domain/households/file.ts';
import { drawSpotCheck, reviewWindow } from '../domain/households/review.ts';
import { getProgram } from '../domain/programs/index.ts';
import { createFileReview, flagFileReview, listFileReviews } from '../store/file-reviews.ts';
import { loadOrgTree, type OrgTree } from '../store/directory.ts';
import { listHouseholdFiles, type HouseholdFileListing } from '../store/household-files.ts';
import { nowIso } from '../shared/clock.ts';
import { shanghaiDate, shanghaiYear } from '../shared/dates.ts';
import { policyInForce } from './look-up-policy-in-force.ts';

/**
 * 年度复核, run by `npm run yearly-review` (any day; it does what the day calls for, once):
 * 1. Every open file whose unit's review has started this year (the hardship-relief policy in force
 *    there says from which day) gets its review task, due after the policy's deadline days.
 * 2. The unit above each unit draws its share (the policy's spot-check share, at least 30% by
 *    default) of those files for a spot check, the same files however often this runs.
 * 3. A task still pending after its deadline is flagged overdue and escalated to the unit above.
 * Returns what it did.
 */
export async function runYearlyReview(at = nowIso()): Promise<{ created: number; flagged: number }> {
  const tree = await loadOrgTree();
  const today = shanghaiDate(at);
  const year = shanghaiYear(at);
  const units = tree.all().map((unit) => unit.id);
  const files = (await listHouseholdFiles(units)).filter((file) => openStates.includes(file.state));
  const program = getProgram('hardship-relief');
  const settings = new Map<string, { startsOn: string; dueOn: string; share: number }>();
  const settingsOf = async (orgUnit: string) => {
    if (!settings.has(orgUnit)) {
      const policy = await policyInForce(program, orgUnit, today, tree);
      const review = policy?.parameters.yearlyReview;
      if (review) settings.set(orgUnit, { ...reviewWindow(year, review.startsOn, review.deadlineDays), share: review.spotCheckShare });
    }
    return settings.get(orgUnit);
  };

  const due: HouseholdFileListing[] = [];
  for (const file of files) {
    const window = await settingsOf(file.orgUnit);
    if (window && window.startsOn <= today) due.push(file);
  }
  const drawn = new Map<string, string>();
  for (const [above, group] of groupByUnitAbove(due, tree)) {
    const share = (await settingsOf(above))?.share ?? 0;
    for (const id of drawSpotCheck(group.map((file) => file.id), share, year)) drawn.set(id, above);
  }
  let created = 0;
  for (const file of due) {
    const window = (await settingsOf(file.orgUnit))!;
    const spotCheckBy = drawn.get(file.id);
    const made = await createFileReview({ fileId: file.id, year, orgUnit: file.orgUnit, head: { name: file.head.name, memberNumber: file.head.memberNumber }, state: 'PENDING', createdAt: at, dueOn: window.dueOn, ...(spotCheckBy ? { spotCheckBy } : {}) });
    if (made) created += 1;
  }

  let flagged = 0;
  const { reviews } = await listFileReviews(units, year);
  for (const review of reviews.filter((candidate) => candidate.state === 'PENDING' && candidate.dueOn < today)) {
    const above = tree.get(review.orgUnit)?.parent ?? review.orgUnit;
    if (await flagFileReview({ ...review, state: 'OVERDUE', flaggedAt: at, escalatedTo: above })) flagged += 1;
  }
  return { created, flagged };
}

/** Files by the unit above the unit that keeps them (the root keeps its own). */
function groupByUnitAbove(files: HouseholdFileListing[], tree: OrgTree): Map<string, HouseholdFileListing[]> {
  const groups = new Map<string, HouseholdFileListing[]>();
  for (const file of files) {
    const above = tree.get(file.orgUnit)?.parent ?? file.orgUnit;
    groups.set(above, [...(groups.get(above) ?? []), file]);
  }
  return groups;
}
