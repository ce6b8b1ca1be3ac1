import type { Application } from '../store/applications.ts';
import type { OrgTree } from '../store/directory.ts';
import type { ApprovalRecord, Role } from '../store/types.ts';

/** The signed-in caller, from the JWT claims API Gateway passes on. */
export interface Caller {
  sub: string;
  name: string;
  groups: Role[];
  orgUnit: string;
  level?: number;
}

/**
 * Who may read an application: its applicant; an official of an org unit above or at the
 * applicant's; finance and admins (they reconcile and audit all). Everyone else gets 404, so
 * nothing reveals that it exists.
 */
export function maySee(caller: Caller, application: Application, tree: OrgTree): boolean {
  if (application.applicant.sub === caller.sub) return true;
  if (caller.groups.includes('finance') || caller.groups.includes('admin')) return true;
  return caller.groups.includes('official') && tree.contains(caller.orgUnit, application.applicant.orgUnit);
}

/** The org units whose applications a caller may list. */
export function visibleOrgUnits(caller: Caller, tree: OrgTree): string[] {
  if (caller.groups.includes('finance') || caller.groups.includes('admin')) return tree.all().map((unit) => unit.id);
  if (caller.groups.includes('official')) return tree.subtree(caller.orgUnit);
  return [];
}

/**
 * The units whose officials decide an application: for each level of its chain, the unit of the
 * applicant's lineage at that level (the nearest higher one where the tree has none), and any unit
 * an approval of it was escalated to.
 */
export function decidingUnits(application: Application, tree: OrgTree, approvals: Pick<ApprovalRecord, 'orgUnit'>[]): Set<string> {
  const lineage = tree.lineage(application.applicant.orgUnit);
  const units = new Set(approvals.map((approval) => approval.orgUnit));
  for (const level of application.approvalLevels ?? []) {
    const unit = tree.atLevel(application.applicant.orgUnit, level) ?? lineage.find((candidate) => candidate.level > level) ?? lineage.at(-1);
    if (unit) units.add(unit.id);
  }
  return units;
}

/**
 * Who may read an application's documents (photos of ID-bearing papers, diagnoses): its applicant,
 * the official who filed it for them, and officials of the units that decide it. Not finance, nor
 * officials elsewhere up the tree: they see the application, not its papers.
 */
export function mayReadDocuments(caller: Caller, application: Application, tree: OrgTree, approvals: Pick<ApprovalRecord, 'orgUnit'>[]): boolean {
  if (application.applicant.sub === caller.sub || application.filedBy?.sub === caller.sub) return true;
  return caller.groups.includes('official') && decidingUnits(application, tree, approvals).has(caller.orgUnit);
}
