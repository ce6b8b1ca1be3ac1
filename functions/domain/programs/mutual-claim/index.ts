import { formatYuan } from '../../money.ts';
import type { ProgramModule } from '../types.ts';
import { claimOutsideCover } from './cover.ts';
import { decideMutualClaim } from './decide.ts';
import { mutualClaimDetails, type MutualClaimDetails } from './details.ts';
import { mutualClaimParameters, type MutualClaimParameters } from './parameters.ts';

export const mutualClaim: ProgramModule<MutualClaimDetails, MutualClaimParameters> = {
  id: 'mutual-claim',
  name: { zh: '职工互助保障', en: 'Mutual insurance claim' },
  detailsSchema: mutualClaimDetails,
  parametersSchema: mutualClaimParameters,
  summary: (p) => ({
    zh: `住院津贴每天 ${formatYuan(p.plans['hospital-allowance'].perDayFen)}（第 ${p.plans['hospital-allowance'].fromDay} 天起），重大疾病每份 ${formatYuan(p.plans['critical-illness'].perUnitFen)}；新参保 ${p.exclusionDays} 天内患病不赔；须在 ${p.claimDeadlineDays} 天内申请。`,
    en: `Hospital allowance ${formatYuan(p.plans['hospital-allowance'].perDayFen)} a day from day ${p.plans['hospital-allowance'].fromDay}, critical illness ${formatYuan(p.plans['critical-illness'].perUnitFen)} per unit; no illness claims in the first ${p.exclusionDays} days of membership; claim within ${p.claimDeadlineDays} days.`,
  }),
  decide: decideMutualClaim,
  approvalLevels: (decision, p) => {
    const levels = new Set(p.approvalLevels);
    // A payout above the threshold needs a second, different reviewer.
    if (decision.amountFen > p.secondReviewAboveFen) levels.add(Math.max(...p.approvalLevels) + 1);
    return [...levels].sort((a, b) => a - b);
  },
  publicNoticeDays: (p) => p.publicNoticeDays,
  approvalDays: (p) => p.approvalDays,
  exclusiveClaims: (details, _submittedAt, applicant) =>
    details.plan === 'critical-illness' && details.incident.disease
      ? [{ key: `mutual-claim:critical-illness:${applicant.memberNumber}:${details.incident.disease}`, field: 'incident.disease', message: { zh: '该重大疾病已有理赔申请，每种疾病只赔付一次', en: 'This illness already has a claim; each listed illness is paid once' } }]
      : [],
  refusedBeforeSubmit: (details, member, filing) => {
    const problem = claimOutsideCover(details.plan, details.incident.date, member.mutualPlans ?? []);
    // A death is claimed by the family, who bring the documents to the union: an official files it for them.
    const death = details.incident.kind === 'accident' && details.incident.death && filing === 'own'
      ? [{ field: 'incident.death', message: { zh: '因事故身故的理赔由家属到所在工会，由工会干部代为办理', en: 'A claim for a death in an accident is made by the family at your union, through an official' } }]
      : [];
    return [...(problem ? [problem] : []), ...death];
  },
  // Every mutual-aid plan pays towards the costs of an illness or injury.
  purposes: (decision) => ({ medical: decision.amountFen }),
};
