import { getProgram } from '../domain/programs/index.ts';
import type { Application } from '../store/applications.ts';
import type { ProgramModule } from '../domain/programs/types.ts';
import type { OrgTree } from '../store/directory.ts';
import { getPolicyVersion, resolvePolicy } from '../store/policies.ts';

/** The parameters an application was decided under: the version recorded on its decision, never a newer one. */
export async function parametersOf(application: Application) {
  const program = getProgram(application.program);
  const versionId = application.decision?.policyVersion;
  const policy = versionId ? await getPolicyVersion(versionId) : undefined;
  if (!policy) throw new Error(`application ${application.id} has no recorded policy version`);
  return { program, parameters: program.parametersSchema.parse(policy.parameters) };
}

/** The parameter version in force for an org unit on a date (its own or its nearest ancestor's): its id and parsed parameters; undefined when none is. */
export async function policyInForce<P>(program: ProgramModule<unknown, P>, orgUnit: string, date: string, tree: OrgTree) {
  const policy = await resolvePolicy(program.id, tree.lineage(orgUnit).map((unit) => unit.id), date);
  return policy ? { id: policy.id, parameters: program.parametersSchema.parse(policy.parameters) } : undefined;
}
