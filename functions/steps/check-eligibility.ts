import { getProgram } from '../domain/programs/index.ts';
import { getApplication, transitionApplication, unstartedMarkerDelete } from '../store/applications.ts';
import { getApplicationRecords } from '../store/application-records.ts';
import { getProfile, loadOrgTree } from '../store/directory.ts';
import { priorBenefits } from '../store/benefits.ts';
import { workflowActor } from '../store/types.ts';
import { shanghaiDate } from '../shared/dates.ts';
import { policyInForce } from '../use-cases/look-up-policy-in-force.ts';
import { NO_APPROVAL, planApprovalLevel, type ApprovalPlan } from '../use-cases/plan-approval-level.ts';
import { ApplicationMissingError, PolicyMissingError } from './errors.ts';
import { countEvent } from '../shared/metrics.ts';

export interface CheckResult {
  eligible: boolean;
  approvalLevels: number[];
  /** The first level to approve (the workflow waits on it without a PlanApproval step). */
  plan: ApprovalPlan;
}

/**
 * Decides eligibility and the amount under the policy version in force where and when the
 * application was submitted. Steps: mark CHECKING → read member, policy and prior benefits →
 * decide (pure) → record the decision with INELIGIBLE or PENDING_APPROVAL, with the chain and the
 * days each of its levels has → plan its first level. A decision already recorded is returned as
 * it is, with the level its recorded approvals leave next, so a re-driven execution does not
 * decide twice.
 */
export const handler = async (event: { applicationId: string }): Promise<CheckResult> => {
  const application = await getApplication(event.applicationId);
  if (!application) throw new ApplicationMissingError(event.applicationId);
  if (application.decision) {
    if (!application.decision.eligible) return { eligible: false, approvalLevels: [], plan: NO_APPROVAL };
    const records = await getApplicationRecords(application.id);
    if (!records) throw new ApplicationMissingError(event.applicationId);
    return { eligible: true, approvalLevels: application.approvalLevels ?? [], plan: await planApprovalLevel(records.application, records.approvals) };
  }
  if (application.status === 'WITHDRAWN') return { eligible: false, approvalLevels: [], plan: NO_APPROVAL };

  const program = getProgram(application.program);
  // What the decision reads does not depend on the CHECKING mark, so it is read while the mark is
  // written: one after the other, they were five round trips in a row before anything was decided.
  const [checking, profile, policy, prior] = await Promise.all([
    // Its workflow has taken it up: off the sweep's list of unstarted applications, in the same write.
    transitionApplication(application.id, { from: ['SUBMITTED'], to: 'CHECKING', actor: workflowActor, action: 'START_CHECK', with: [unstartedMarkerDelete(application)] }, application),
    getProfile(application.applicant.sub),
    loadOrgTree().then((tree) => policyInForce(program, application.applicant.orgUnit, shanghaiDate(application.submittedAt), tree)),
    priorBenefits(application),
  ]);
  if (!profile?.member) throw new ApplicationMissingError(event.applicationId);
  if (!policy) throw new PolicyMissingError(application.program, application.applicant.orgUnit);

  const decision = program.decide({
    details: application.details,
    member: profile.member,
    parameters: policy.parameters,
    policyVersion: policy.id,
    submittedAt: application.submittedAt,
    prior,
  });
  const approvalLevels = decision.eligible ? program.approvalLevels(decision, policy.parameters) : [];
  const recorded = await transitionApplication(application.id, {
    from: ['CHECKING'],
    to: decision.eligible ? 'PENDING_APPROVAL' : 'INELIGIBLE',
    actor: workflowActor,
    action: 'DECIDE_ELIGIBILITY',
    set: { decision, approvalLevels, ...(decision.eligible ? { approvalDays: program.approvalDays(policy.parameters) } : {}) },
    ...(decision.eligible ? {} : { releaseClaims: 'all' as const }),
  }, checking);
  if (!recorded) {
    // Withdrawn while we were deciding: nothing left to approve.
    return { eligible: false, approvalLevels: [], plan: NO_APPROVAL };
  }
  countEvent('decided', application.program);
  // Just decided, it has no approvals yet: its first level, with the whole of its days.
  return { eligible: decision.eligible, approvalLevels, plan: decision.eligible ? await planApprovalLevel(recorded, []) : NO_APPROVAL };
};
