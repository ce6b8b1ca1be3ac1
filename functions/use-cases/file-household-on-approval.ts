import { fileChangeForApproval, stateForTier, tierFromApprovedDecision, type HouseholdFile, type TierDecision } from '../domain/households/file.ts';
import type { Application } from '../store/applications.ts';
import { changeFileItems, newFileId, openFileItems, openFileOf } from '../store/household-files.ts';
import { workflowActor } from '../store/types.ts';
import { shanghaiDate } from '../shared/dates.ts';

/**
 * The household-file writes that go with a hardship-relief application's approval, for the
 * approval's own transaction: 建档 when the household has no open file (deep or relative hardship
 * as a regular file, accident-caused as a temporary one), 调档 when the open file's tier differs,
 * nothing otherwise. Steps: read the household's open file → decide the change (pure) → items.
 */
export async function householdFileItemsForApproval(application: Application, at: string) {
  const tier = application.program === 'hardship-relief' ? tierFromApprovedDecision(application.decision) : undefined;
  if (!tier || !application.decision) return [];
  const current = await openFileOf(application.applicant.memberNumber);
  const change = fileChangeForApproval(current, tier);
  const decision: TierDecision = {
    tier,
    decidedAt: at,
    decidedBy: { sub: workflowActor.sub, name: workflowActor.name },
    source: 'application',
    applicationId: application.id,
    policyVersion: application.decision.policyVersion,
    checks: application.decision.checks.filter((check) => check.code === 'MEMBER' || check.code === 'TIER'),
  };
  // A hardship-relief application's details hold the household and its causes, which the file keeps.
  const details = application.details as Pick<HouseholdFile, 'household' | 'causes'>;
  if (change === 'open') {
    const head = { sub: application.applicant.sub, name: application.applicant.name, memberNumber: application.applicant.memberNumber };
    return openFileItems(
      { id: newFileId(at), memberNumber: head.memberNumber, head, orgUnit: application.applicant.orgUnit, state: stateForTier(tier), tier, tierDecision: decision, tierHistory: [], household: details.household, causes: details.causes, entries: [], openedAt: at, filedOn: shanghaiDate(at), updatedAt: at },
      workflowActor,
      'FILE_OPEN_BY_APPLICATION',
    ).items;
  }
  if (change === 'retier' && current) {
    return changeFileItems(
      current,
      { ...current, state: stateForTier(tier), tier, tierDecision: decision, tierHistory: [...current.tierHistory, current.tierDecision], household: details.household ?? current.household, updatedAt: at },
      workflowActor,
      'FILE_RETIER_BY_APPLICATION',
    ).items;
  }
  return [];
}
