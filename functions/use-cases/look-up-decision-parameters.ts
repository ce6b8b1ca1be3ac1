import { getProgram } from '../domain/programs/index.ts';
import type { Application } from '../store/applications.ts';
import { getPolicyVersion } from '../store/policies.ts';

/**
 * The parameters an application was decided under: the version recorded on its decision, never a
 * newer one, so approval days, notice days and the approval chain stay those of its decision.
 * 1. Take the program's module and the policy version named on the decision.
 * 2. Read that version from the store; an application without one is a fault, not an input error.
 * 3. Parse its parameters with the program's schema.
 */
export async function parametersOf(application: Application) {
  const program = getProgram(application.program);
  const versionId = application.decision?.policyVersion;
  const policy = versionId ? await getPolicyVersion(versionId) : undefined;
  if (!policy) throw new Error(`application ${application.id} has no recorded policy version`);
  return { program, parameters: program.parametersSchema.parse(policy.parameters) };
}

/**
 * The days each approval level of the application has: kept on it with its chain when it was
 * decided; for one decided before that, read from its decision's parameters.
 */
export async function approvalDaysOf(application: Application): Promise<number> {
  if (application.approvalDays !== undefined) return application.approvalDays;
  const { program, parameters } = await parametersOf(application);
  return program.approvalDays(parameters);
}
