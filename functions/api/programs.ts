import * as z from 'zod';
import { getProgram, programIds } from '../domain/programs/index.ts';
import { loadOrgTree } from '../store/directory.ts';
import { resolvePolicy } from '../store/policies.ts';
import { nowIso } from '../shared/clock.ts';
import { shanghaiDate } from '../shared/dates.ts';
import { policyVersionName } from '../shared/code-names.ts';
import { say } from '../shared/i18n.ts';
import { apiHandler, reply } from '../shared/http.ts';

/** Form schemas are derived once per cold start: they only change with a deploy. */
const formSchemas = Object.fromEntries(programIds.map((id) => [id, z.toJSONSchema(getProgram(id).detailsSchema, { unrepresentable: 'any' })]));

/** The programs with their form schema and the policy in force for the caller's org unit today. */
export const listPrograms = apiHandler({ roles: ['worker', 'official', 'finance', 'admin'] }).handler(async ({ auth, lang }) => {
  const tree = await loadOrgTree();
  const lineage = tree.lineage(auth.orgUnit).map((unit) => unit.id);
  const today = shanghaiDate(nowIso());
  const items = await Promise.all(
    programIds.map(async (id) => {
      const program = getProgram(id);
      const policy = await resolvePolicy(id, lineage, today);
      const parameters = policy ? program.parametersSchema.safeParse(policy.parameters) : undefined;
      return {
        id,
        name: say(program.name, lang),
        /** Workers apply for it themselves (false: it comes from an official's list). */
        selfService: !program.listOnly,
        formSchema: formSchemas[id],
        policy: policy && parameters?.success
          ? { version: policy.id, name: say(policyVersionName(policy.effectiveFrom, policy.version), lang), orgUnit: policy.orgUnit, effectiveFrom: policy.effectiveFrom, summary: say(program.summary(parameters.data), lang) }
          : null,
      };
    }),
  );
  return reply(200, { items });
});
