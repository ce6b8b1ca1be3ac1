import { getProgram } from '../domain/programs/index.ts';
import type { Application } from '../store/applications.ts';
import { getPolicyVersion } from '../store/policies.ts';

/** The parameters an application was decided under: the version recorded on its decision, never a newer one. */
export async function parametersOf(application: Application) {
  const program = getProgram(application.program);
  const versionId = application.decision?.policyVersion;
  const policy = versionId ? await getPolicyVersion(versionId) : undefined;
  if (!policy) throw new Error(`application ${application.id} has no recorded policy version`);
  return { program, parameters: program.parametersSchema.parse(policy.parameters) };
}
