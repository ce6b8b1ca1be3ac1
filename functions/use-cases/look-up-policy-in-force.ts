import type { ProgramModule } from '../domain/programs/types.ts';
import type { OrgTree } from '../store/directory.ts';
import { resolvePolicy } from '../store/policies.ts';

/**
 * The parameter version in force for an org unit on a date: its id and parsed parameters;
 * undefined when none is.
 * 1. Take the unit's lineage, itself first, then each ancestor up to the city.
 * 2. The store finds the version effective on that date of the nearest unit that has one.
 * 3. Parse its parameters with the program's schema.
 */
export async function policyInForce<P>(program: ProgramModule<unknown, P>, orgUnit: string, date: string, tree: OrgTree) {
  const policy = await resolvePolicy(program.id, tree.lineage(orgUnit).map((unit) => unit.id), date);
  return policy ? { id: policy.id, parameters: program.parametersSchema.parse(policy.parameters) } : undefined;
}
