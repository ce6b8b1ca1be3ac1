import { getApplication } from '../store/applications.ts';
import { listApprovalsOf, markApprovalOverdue } from '../store/approvals.ts';
import { loadOrgTree } from '../store/directory.ts';
import { nowIso } from '../shared/clock.ts';
import { ApplicationMissingError } from './errors.ts';
import { countEvent } from '../shared/metrics.ts';

/**
 * A waiting approval timed out (its TimeoutSeconds on the local or AWS clock, not a table scan).
 * The first time its deciders are reminded; the next time it goes to the unit above. At the top of
 * the tree there is no one above, so they are reminded again.
 */
export const handler = async (event: { applicationId: string; level: number }): Promise<void> => {
  const application = await getApplication(event.applicationId);
  if (!application) throw new ApplicationMissingError(event.applicationId);
  const approval = (await listApprovalsOf(application.id)).find(
    (candidate) => candidate.round === application.round && candidate.level === event.level && candidate.status === 'PENDING',
  );
  if (!approval) return;
  const tree = await loadOrgTree();
  const parentId = tree.get(approval.orgUnit)?.parent;
  const parent = parentId ? tree.get(parentId) : undefined;
  try {
    await markApprovalOverdue(approval, parent ? { orgUnit: parent.id, level: parent.level, name: parent.name } : undefined, nowIso());
  } catch (error) {
    // The official decided in the same moment the deadline passed: nothing is overdue any more.
    if (!(await stillPending(application.id, approval.round, approval.level))) return;
    throw error;
  }
  countEvent('approvalsOverdue', application.program);
};

async function stillPending(applicationId: string, round: number, level: number): Promise<boolean> {
  const application = await getApplication(applicationId);
  if (application?.status !== 'PENDING_APPROVAL' || application.round !== round) return false;
  return (await listApprovalsOf(applicationId)).some((candidate) => candidate.round === round && candidate.level === level && candidate.status === 'PENDING');
}
