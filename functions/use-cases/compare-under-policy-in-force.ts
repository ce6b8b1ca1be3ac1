import { compareDecisions } from '../domain/compare-decisions.ts';
import { getProgram } from '../domain/programs/index.ts';
import type { Application } from '../store/applications.ts';
import { priorBenefits } from '../store/benefits.ts';
import { getProfile, loadOrgTree } from '../store/directory.ts';
import { getPolicyVersion } from '../store/policies.ts';
import { nowIso } from '../shared/clock.ts';
import { shanghaiDate } from '../shared/dates.ts';
import { ConflictError } from '../shared/errors.ts';
import { policyInForce } from './look-up-policy-in-force.ts';

/**
 * What an appeal's reviewer weighs: the application's facts decided again under the policy version
 * its decision recorded and under the version in force today, side by side.
 * 1. The recorded version (409 when the application has no decision yet).
 * 2. The version in force today for the applicant's unit.
 * 3. Decide both (pure) on the same facts — the details, the member record, earlier benefits —
 *    so only the policy differs; compare them check by check and amount by amount.
 */
export async function compareUnderPolicyInForce(application: Application) {
  const recordedId = application.decision?.policyVersion;
  const recordedVersion = recordedId ? await getPolicyVersion(recordedId) : undefined;
  if (!recordedId || !recordedVersion) throw new ConflictError('NOT_DECIDED', { zh: '该申请尚未作出资格决定', en: 'The application has not been decided yet' });
  const program = getProgram(application.program);
  const [tree, profile, prior] = await Promise.all([loadOrgTree(), getProfile(application.applicant.sub), priorBenefits(application)]);
  const inForce = await policyInForce(program, application.applicant.orgUnit, shanghaiDate(nowIso()), tree);
  if (!profile?.member || !inForce) throw new ConflictError('NOT_DECIDED', { zh: '暂无法按现行政策重新审核', en: 'The application cannot be decided again under the policy in force now' });
  const decideUnder = (id: string, parameters: unknown) =>
    program.decide({ details: application.details, member: profile.member!, parameters, policyVersion: id, submittedAt: application.submittedAt, prior });
  const recorded = decideUnder(recordedId, program.parametersSchema.parse(recordedVersion.parameters));
  const current = decideUnder(inForce.id, inForce.parameters);
  return { recorded, inForce: current, comparison: compareDecisions(recorded, current) };
}
