import * as z from 'zod';
import { programIds, getProgram } from '../domain/programs/index.ts';
import type { ProgramId } from '../domain/programs/types.ts';
import { getApplications, listApplicationsOfOrgUnits, type Application } from '../store/applications.ts';
import { priorBenefits } from '../store/benefits.ts';
import { getProfiles, loadOrgTree } from '../store/directory.ts';
import { publishPolicyVersion, resolvePolicy } from '../store/policies.ts';
import { now } from '../shared/clock.ts';
import { shanghaiDate } from '../shared/dates.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.ts';
import { say } from '../shared/i18n.ts';
import { apiHandler, reply } from '../shared/http.ts';
import { zodIssuesToFields } from '../shared/zod-messages.ts';
import { policyVersionName } from '../shared/code-names.ts';
import type { Caller } from '../use-cases/access.ts';
import { policyQuery, publishBody, simulateBody } from './policies-schemas.ts';

const programParams = z.object({ program: z.string().min(1).max(40) });

function programOf(id: string) {
  if (!programIds.includes(id as ProgramId)) throw new NotFoundError({ zh: `没有项目 ${id}`, en: `No program ${id}` });
  return getProgram(id as ProgramId);
}

function parseParameters(program: ReturnType<typeof programOf>, parameters: unknown) {
  const parsed = program.parametersSchema.safeParse(parameters);
  if (!parsed.success) throw new ValidationError(zodIssuesToFields(parsed.error, 'parameters'));
  return parsed.data as Record<string, unknown>;
}

async function unitInScope(caller: Caller, orgUnit: string) {
  const tree = await loadOrgTree();
  if (!tree.get(orgUnit)) throw new ValidationError([{ path: 'orgUnit', message: { zh: `没有组织 ${orgUnit}`, en: `No org unit ${orgUnit}` } }]);
  if (!tree.contains(caller.orgUnit, orgUnit)) throw new ForbiddenError({ zh: '该组织不在您的管辖范围内', en: 'That org unit is outside your part of the org tree' });
  return tree;
}

/** The parameter version in force for an org unit on a date (its own, or the nearest ancestor's). */
export const getPolicy = apiHandler({ roles: ['worker', 'official', 'finance', 'admin'], params: programParams, query: policyQuery }).handler(async ({ auth, params, query, lang }) => {
  const program = programOf(params.program);
  const tree = await loadOrgTree();
  const orgUnit = query.orgUnit ?? auth.orgUnit;
  if (!tree.get(orgUnit)) throw new ValidationError([{ path: 'orgUnit', message: { zh: `没有组织 ${orgUnit}`, en: `No org unit ${orgUnit}` } }]);
  const policy = await resolvePolicy(program.id, tree.lineage(orgUnit).map((unit) => unit.id), query.at ?? shanghaiDate(now().toISOString()));
  if (!policy) throw new NotFoundError({ zh: '该日期没有生效的政策参数', en: 'No parameters are in force on that date' });
  return reply(200, { ...policy, name: say(policyVersionName(policy.effectiveFrom, policy.version), lang), summary: say(program.summary(program.parametersSchema.parse(policy.parameters)), lang) });
});

/**
 * An admin publishes a new parameter version. It never changes once written and applies from its
 * effective date (today or later: decisions already made keep the version they recorded).
 */
export const publishPolicy = apiHandler({ roles: ['admin'], params: programParams, body: publishBody }).handler(async ({ auth, params, body, lang }) => {
  const program = programOf(params.program);
  const parameters = parseParameters(program, body.parameters);
  await unitInScope(auth as Caller, body.orgUnit);
  if (body.effectiveFrom < shanghaiDate(now().toISOString())) {
    throw new ValidationError([{ path: 'effectiveFrom', message: { zh: '生效日期不能早于今天', en: 'The effective date cannot be in the past' } }]);
  }
  const version = await publishPolicyVersion({
    program: program.id,
    orgUnit: body.orgUnit,
    effectiveFrom: body.effectiveFrom,
    parameters,
    publishedAt: now().toISOString(),
    publishedBy: { sub: auth.sub, name: auth.name, role: 'admin' },
  });
  return reply(201, { ...version, name: say(policyVersionName(version.effectiveFrom, version.version), lang) });
});

const outcome = (application: Pick<Application, 'decision'>) => ({
  eligible: application.decision?.eligible ?? false,
  tier: application.decision?.tier ?? null,
  amountFen: application.decision?.eligible ? application.decision.amountFen : 0,
});

/**
 * What a draft would change: every decided application of the program in the unit's subtree
 * submitted in [from, to] is decided again under the draft, with the same details, member record
 * and earlier benefits; the reply lists who would change (eligibility, tier, amount) and the cost.
 * Nothing is written.
 */
export const simulatePolicy = apiHandler({ roles: ['admin', 'official'], params: programParams, body: simulateBody }).handler(async ({ auth, params, body }) => {
  const program = programOf(params.program);
  const parameters = parseParameters(program, body.parameters);
  const tree = await unitInScope(auth as Caller, body.orgUnit);
  const listed: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await listApplicationsOfOrgUnits(tree.subtree(body.orgUnit), { program: program.id }, 200, nextToken);
    listed.push(...page.items.filter((application) => application.decision && body.from <= shanghaiDate(application.submittedAt) && shanghaiDate(application.submittedAt) <= body.to).map((application) => application.id));
    nextToken = page.nextToken;
  } while (nextToken);
  // Deciding again takes the whole details, which the listings do not hold: read by key, in the listing's order.
  const found = await getApplications(listed);
  const applications = listed.flatMap((id) => found.get(id) ?? []);
  const members = await getProfiles(applications.map((application) => application.applicant.sub));
  let costBeforeFen = 0;
  let costAfterFen = 0;
  const changed = [];
  for (const application of applications) {
    const member = members.get(application.applicant.sub)?.member;
    if (!member) continue;
    const redecided = program.decide({ details: application.details, member, parameters, policyVersion: 'draft', submittedAt: application.submittedAt, prior: await priorBenefits(application) });
    const before = outcome(application);
    const after = outcome({ decision: redecided });
    costBeforeFen += before.amountFen;
    costAfterFen += after.amountFen;
    const changes = [before.eligible !== after.eligible && 'eligibility', before.tier !== after.tier && 'tier', before.amountFen !== after.amountFen && 'amount'].filter((change): change is string => Boolean(change));
    if (changes.length) changed.push({ id: application.id, applicant: application.applicant.name, orgUnit: application.applicant.orgUnit, status: application.status, changes, before, after });
  }
  return reply(200, { evaluated: applications.length, changedCount: changed.length, changed, costBeforeFen, costAfterFen, costDifferenceFen: costAfterFen - costBeforeFen });
});
