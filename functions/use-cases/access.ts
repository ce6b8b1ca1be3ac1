import type { Application } from '../store/applications.ts';
import type { OrgTree } from '../store/directory.ts';
import type { Role } from '../store/types.ts';

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
