import type { ProgramModule } from '../domain/programs/types.ts';
import type { OrgTree } from '../store/directory.ts';
import { resolvePolicy } from '../store/policies.ts';

/** The parameter version in force for an org unit on a date (its own or its nearest ancestor's): its id and parsed parameters; undefined when none is. */
export async function policyInForce<P>(program: ProgramModule<unknown, P>, orgUnit: string, date: string, tree: OrgTree) {
  const policy = await resolvePolicy(program.id, tree.lineage(orgUnit).map((unit) => unit.id), date);
  return policy ? { id: policy.id, parameters: program.parametersSchema.parse(policy.parameters) } : undefined;
}
