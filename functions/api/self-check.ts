import { getProgram } from '../domain/programs/index.ts';
import { selfCheckAnswers, selfCheckHypotheses } from '../domain/self-check.ts';
import { priorBenefitsOfWorker } from '../store/benefits.ts';
import { getProfile, loadOrgTree } from '../store/directory.ts';
import { nowIso } from '../shared/clock.ts';
import { shanghaiDate, shanghaiYear } from '../shared/dates.ts';
import { ForbiddenError } from '../shared/errors.ts';
import { policyInForce } from '../use-cases/look-up-policy-in-force.ts';
import { say } from '../shared/i18n.ts';
import { apiHandler, reply } from '../shared/http.ts';

/**
 * Before applying: which programs the worker is likely eligible for, decided by each program's own
 * rules under the policy in force for them today, with their member record and earlier benefits.
 * Nothing is stored.
 */
export const selfCheck = apiHandler({ roles: ['worker'], body: selfCheckAnswers }).handler(async ({ auth, body, lang }) => {
  const profile = await getProfile(auth.sub);
  if (!profile?.member) throw new ForbiddenError({ zh: '未找到您的工会会员记录', en: 'No union member record was found for you' });
  const at = nowIso();
  const today = shanghaiDate(at);
  const [tree, prior] = await Promise.all([loadOrgTree(), priorBenefitsOfWorker(auth.sub, profile.member.number, shanghaiYear(at))]);
  const items = await Promise.all(
    selfCheckHypotheses(body, today).map(async (hypothesis) => {
      const program = getProgram(hypothesis.program);
      const name = say(program.name, lang);
      if ('reason' in hypothesis) return { program: program.id, name, applicable: false, reason: say(hypothesis.reason, lang) };
      const policy = await policyInForce(program, profile.orgUnit, today, tree);
      if (!policy) return { program: program.id, name, applicable: false, reason: say({ zh: '您所在单位尚未开放该项目', en: 'Your union has not opened this program' }, lang) };
      const decision = program.decide({ details: hypothesis.details, member: profile.member!, parameters: policy.parameters, policyVersion: policy.id, submittedAt: at, prior });
      const checks = decision.checks.filter((check) => !hypothesis.unknownChecks.includes(check.code));
      const likely = checks.every((check) => check.passed);
      return {
        program: program.id,
        name,
        applicable: true,
        likely,
        checks: checks.map((check) => ({ code: check.code, passed: check.passed, message: say(check.message, lang) })),
        ...(likely && hypothesis.amountKnown ? { amountFen: decision.amountFen } : {}),
        assumes: say(hypothesis.assumes, lang),
      };
    }),
  );
  return reply(200, { items, stored: false });
});
