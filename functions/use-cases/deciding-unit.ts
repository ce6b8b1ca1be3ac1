import type { Application } from '../store/applications.ts';
import { listColleagues, type OrgTree } from '../store/directory.ts';
import type { ApprovalRecord, OrgUnit } from '../store/types.ts';
import { fourEyesProblem } from './decide-application.ts';

/** Where a level's approval opens: the unit, the level its officials hold, and the units passed over on the way up. */
export interface DecidingUnit {
  unit: OrgUnit;
  deciderLevel: number;
  passedOver: OrgUnit[];
}

/**
 * The unit of the applicant's chain at that level (where the tree has none there, the nearest
 * higher one) — unless four-eyes rules out every official it has at that level: each decided
 * another level of this application, or filed it. Then the level opens with the nearest unit above
 * that has an official who may decide, as an overdue level's escalation would hand it there only
 * days later, after waiting on someone who may never decide it. With nobody anywhere, it stays
 * where it belongs. A unit's staff are read only when someone ruled out belongs to it.
 */
export async function decidingUnitFor(application: Application, approvals: readonly ApprovalRecord[], level: number, tree: OrgTree): Promise<DecidingUnit | undefined> {
  const lineage = tree.lineage(application.applicant.orgUnit);
  const natural = tree.atLevel(application.applicant.orgUnit, level) ?? lineage.find((unit) => unit.level > level) ?? lineage.at(-1);
  if (!natural) return undefined;
  const ruledOutIn = new Set([application.filedBy?.orgUnit, ...approvals.filter((approval) => approval.level !== level).map((approval) => approval.decidedBy?.orgUnit)]);
  const candidates = [{ unit: natural, deciderLevel: level }, ...tree.lineage(natural.id).slice(1).map((unit) => ({ unit, deciderLevel: unit.level }))];
  const passedOver: OrgUnit[] = [];
  for (const candidate of candidates) {
    if (!ruledOutIn.has(candidate.unit.id) || (await someoneMayDecide(application, approvals, level, candidate))) return { ...candidate, passedOver };
    passedOver.push(candidate.unit);
  }
  return { unit: natural, deciderLevel: level, passedOver: [] };
}

async function someoneMayDecide(application: Application, approvals: readonly ApprovalRecord[], level: number, candidate: { unit: OrgUnit; deciderLevel: number }): Promise<boolean> {
  const officials = await listColleagues(candidate.unit.id, candidate.deciderLevel, '');
  return officials.some((official) => fourEyesProblem(official, application, approvals, level) === undefined);
}
