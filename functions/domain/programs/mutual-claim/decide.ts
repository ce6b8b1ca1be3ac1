import { fenTimesRatio, formatYuan } from '../../money.ts';
import { check, dayNumber, shanghaiDateOf } from '../common.ts';
import type { Check, ComputationLine, Decision, DecisionInput, MutualEnrolment } from '../types.ts';
import type { MutualClaimDetails } from './details.ts';
import type { MutualClaimParameters } from './parameters.ts';

/** Whole years from `birth` to `on` (YYYY-MM-DD). */
function ageOn(birth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  return on.slice(5) < birth.slice(5) ? years - 1 : years;
}

/** Whole days from `from` to `to`: the day after `from` is 1. */
const daysBetween = (from: string, to: string): number => dayNumber(from, to) - 1;

/**
 * mutual-claim: COVERED, WAITING_PERIOD, DEADLINE, EXCLUSIONS, NOT_PAID_BEFORE; then the plan's
 * formula × units held × any waiting-period reduction, within what remains of the period's cap.
 * Waiting days count from `firstEnrolledOn`, the start of continuous cover: the member record keeps
 * it across renewals made within `renewalGraceDays`.
 */
export function decideMutualClaim(input: DecisionInput<MutualClaimDetails, MutualClaimParameters>): Decision {
  const { details, member, parameters: p, prior } = input;
  const incident = details.incident;
  const planRules = p.plans[details.plan];
  const checks: Check[] = [];
  const enrolment: MutualEnrolment | undefined = (member.mutualPlans ?? []).find(
    (candidate) => candidate.plan === details.plan && candidate.coverFrom <= incident.date && incident.date <= candidate.coverTo,
  );
  const ageLimit = p.enrollAgeLimit[member.gender];
  const ageAtEnrolment = enrolment ? ageOn(member.birthDate, enrolment.firstEnrolledOn) : null;
  const covered = member.active && enrolment !== undefined && (ageAtEnrolment ?? 0) < ageLimit;
  checks.push(
    covered
      ? check('COVERED', true, { plan: details.plan, coverFrom: enrolment!.coverFrom, coverTo: enrolment!.coverTo, units: enrolment!.units, ageAtEnrolment }, { zh: `事故日 ${incident.date} 在保障期内（${enrolment!.coverFrom} 至 ${enrolment!.coverTo}），持有 ${enrolment!.units} 份`, en: `The incident on ${incident.date} is within the cover period (${enrolment!.coverFrom} to ${enrolment!.coverTo}); ${enrolment!.units} unit(s) held` })
      : !enrolment
        ? check('COVERED', false, { plan: details.plan, incidentDate: incident.date }, { zh: `事故日 ${incident.date} 不在该计划的保障期内`, en: `The incident on ${incident.date} is not within a cover period of this plan` })
        : !member.active
          ? check('COVERED', false, { active: false }, { zh: '会员资格已停止', en: 'Membership is not active' })
          : check('COVERED', false, { ageAtEnrolment, ageLimit }, { zh: `首次参保时 ${ageAtEnrolment} 岁，超过 ${ageLimit} 岁的参保年龄上限`, en: `Aged ${ageAtEnrolment} at first enrolment, above the limit of ${ageLimit}` }),
  );

  let ratio = 1;
  if (!planRules.illness || !enrolment) {
    checks.push(check('WAITING_PERIOD', true, { applicable: false }, { zh: '意外事故不设观察期', en: 'Accidents have no waiting period' }));
  } else {
    const day = dayNumber(enrolment.firstEnrolledOn, incident.date);
    const facts = { firstEnrolledOn: enrolment.firstEnrolledOn, incidentDay: day, exclusionDays: p.exclusionDays, reducedUntilDay: p.reducedUntilDay };
    if (day <= p.exclusionDays) {
      checks.push(check('WAITING_PERIOD', false, facts, { zh: `疾病发生在参保第 ${day} 天，处于 ${p.exclusionDays} 天免责期内`, en: `The illness began on day ${day} of membership, within the ${p.exclusionDays}-day exclusion period` }));
    } else if (day <= p.reducedUntilDay) {
      ratio = p.reducedRatio;
      checks.push(check('WAITING_PERIOD', true, { ...facts, reducedRatio: p.reducedRatio }, { zh: `疾病发生在参保第 ${day} 天（观察期内），按 ${p.reducedRatio * 100}% 给付`, en: `The illness began on day ${day} of membership, in the reduced window: ${p.reducedRatio * 100}% is paid` }));
    } else {
      checks.push(check('WAITING_PERIOD', true, facts, { zh: `疾病发生在参保第 ${day} 天，已过观察期`, en: `The illness began on day ${day} of membership, after the waiting period` }));
    }
  }

  const reference = incident.dischargedOn ?? incident.date;
  const claimedOn = shanghaiDateOf(input.submittedAt);
  const elapsed = daysBetween(reference, claimedOn);
  checks.push(
    elapsed <= p.claimDeadlineDays
      ? check('DEADLINE', true, { reference, claimedOn, daysElapsed: elapsed, claimDeadlineDays: p.claimDeadlineDays }, { zh: `在出院或事故后第 ${elapsed} 天申请，未超过 ${p.claimDeadlineDays} 天时限`, en: `Claimed ${elapsed} days after discharge or the incident, within ${p.claimDeadlineDays} days` })
      : check('DEADLINE', false, { reference, claimedOn, daysElapsed: elapsed, claimDeadlineDays: p.claimDeadlineDays }, { zh: `在出院或事故后第 ${elapsed} 天申请，超过 ${p.claimDeadlineDays} 天时限`, en: `Claimed ${elapsed} days after discharge or the incident, past the ${p.claimDeadlineDays}-day limit` }),
  );

  const excludedCause = details.plan === 'accident' && incident.cause !== undefined && p.excludedAccidentCauses.includes(incident.cause);
  checks.push(
    excludedCause
      ? check('EXCLUSIONS', false, { cause: incident.cause ?? null }, { zh: '该意外原因属于除外责任（自伤、犯罪、酒驾、无证驾驶、战争或地震）', en: 'The cause of the accident is excluded (self-harm, crime, drunk or unlicensed driving, war or earthquake)' })
      : check('EXCLUSIONS', true, { cause: incident.cause ?? null }, { zh: '不属于除外责任', en: 'No exclusion applies' }),
  );

  const units = enrolment?.units ?? 0;
  const paidThisPeriod = prior.mutualPaidThisPeriodFen[details.plan] ?? 0;
  let gross = 0;
  const computation: ComputationLine[] = [];
  let notPaidBefore: Check;
  switch (planRules.kind) {
    case 'per-day': {
      const stay = incident.admittedOn && incident.dischargedOn ? dayNumber(incident.admittedOn, incident.dischargedOn) : 0;
      const paidDays = Math.max(0, stay - (planRules.fromDay - 1));
      gross = paidDays * planRules.perDayFen * units;
      computation.push({ label: { zh: `住院 ${stay} 天，自第 ${planRules.fromDay} 天起 ${paidDays} 天 × ${formatYuan(planRules.perDayFen)} × ${units} 份`, en: `${stay} days in hospital; ${paidDays} days from day ${planRules.fromDay} × ${formatYuan(planRules.perDayFen)} × ${units} unit(s)` }, amountFen: gross });
      const remaining = Math.max(0, planRules.capPerPeriodFen - paidThisPeriod);
      notPaidBefore = remaining > 0
        ? check('NOT_PAID_BEFORE', true, { capPerPeriodFen: planRules.capPerPeriodFen, paidThisPeriodFen: paidThisPeriod }, { zh: `本期已给付 ${formatYuan(paidThisPeriod)}，封顶 ${formatYuan(planRules.capPerPeriodFen)}`, en: `${formatYuan(paidThisPeriod)} paid this period, of a ${formatYuan(planRules.capPerPeriodFen)} cap` })
        : check('NOT_PAID_BEFORE', false, { capPerPeriodFen: planRules.capPerPeriodFen, paidThisPeriodFen: paidThisPeriod }, { zh: `本期已给付满封顶额 ${formatYuan(planRules.capPerPeriodFen)}`, en: `The period's cap of ${formatYuan(planRules.capPerPeriodFen)} is already paid out` });
      break;
    }
    case 'fixed-per-disease': {
      const listed = incident.disease !== undefined && planRules.diseases.includes(incident.disease);
      const paidBefore = incident.disease !== undefined && prior.mutualPaidDiseases.includes(incident.disease);
      const heldUnits = Math.min(units, planRules.maxUnits);
      gross = planRules.perUnitFen * heldUnits;
      computation.push({ label: { zh: `重大疾病 ${formatYuan(planRules.perUnitFen)} × ${heldUnits} 份`, en: `Critical illness ${formatYuan(planRules.perUnitFen)} × ${heldUnits} unit(s)` }, amountFen: gross });
      notPaidBefore = !listed
        ? check('NOT_PAID_BEFORE', false, { disease: incident.disease ?? null, listed: false }, { zh: '所患疾病不在保障的重大疾病目录内', en: 'The illness is not one of the listed critical illnesses' })
        : paidBefore
          ? check('NOT_PAID_BEFORE', false, { disease: incident.disease ?? null, paidBefore: true }, { zh: '该重大疾病已给付过，每种疾病只给付一次', en: 'This illness was paid before; each listed illness is paid once' })
          : check('NOT_PAID_BEFORE', true, { disease: incident.disease ?? null, paidBefore: false }, { zh: '该重大疾病此前未给付', en: 'This illness has not been paid before' });
      break;
    }
    case 'by-category': {
      const category = incident.womenCategory ?? 'D';
      gross = planRules.categoryFen[category] * units;
      computation.push({ label: { zh: `女职工特殊疾病 ${category} 类 ${formatYuan(planRules.categoryFen[category])} × ${units} 份`, en: `Women's special disease, category ${category}: ${formatYuan(planRules.categoryFen[category])} × ${units} unit(s)` }, amountFen: gross });
      notPaidBefore = check('NOT_PAID_BEFORE', true, { category }, { zh: '本期未超过给付限额', en: 'Within this period’s limits' });
      break;
    }
    case 'accident': {
      if (incident.death) {
        gross = planRules.sumInsuredFen;
        computation.push({ label: { zh: '意外身故：保险金额', en: 'Accidental death: the sum insured' }, amountFen: gross });
      } else if (incident.disabilityGrade) {
        const gradeRatio = planRules.gradeRatios[incident.disabilityGrade - 1] ?? 0;
        gross = fenTimesRatio(planRules.sumInsuredFen, gradeRatio);
        computation.push({ label: { zh: `${incident.disabilityGrade} 级伤残：保险金额 × ${gradeRatio * 100}%`, en: `Disability grade ${incident.disabilityGrade}: sum insured × ${gradeRatio * 100}%` }, amountFen: gross });
      }
      const days = Math.min(incident.allowanceDays ?? 0, planRules.maxAllowanceDays);
      if (days > 0) {
        const allowance = days * planRules.dailyAllowanceFen;
        gross += allowance;
        computation.push({ label: { zh: `住院津贴 ${days} 天 × ${formatYuan(planRules.dailyAllowanceFen)}`, en: `Daily allowance ${days} days × ${formatYuan(planRules.dailyAllowanceFen)}` }, amountFen: allowance });
      }
      if (units > 1) {
        computation.push({ label: { zh: `× ${units} 份`, en: `× ${units} units` }, amountFen: gross * (units - 1) });
        gross *= units;
      }
      notPaidBefore = check('NOT_PAID_BEFORE', true, {}, { zh: '本次意外此前未给付', en: 'This accident has not been paid before' });
      break;
    }
  }
  checks.push(notPaidBefore);

  const eligible = checks.every((c) => c.passed);
  let amountFen = 0;
  if (eligible) {
    amountFen = ratio < 1 ? fenTimesRatio(gross, ratio) : gross;
    if (ratio < 1) computation.push({ label: { zh: `观察期内按 ${ratio * 100}% 给付`, en: `${ratio * 100}% in the reduced window` }, amountFen: amountFen - gross });
    if (planRules.kind === 'per-day') {
      const remaining = Math.max(0, planRules.capPerPeriodFen - paidThisPeriod);
      if (amountFen > remaining) {
        computation.push({ label: { zh: `本期封顶余额 ${formatYuan(remaining)}`, en: `Within the period's remaining cap of ${formatYuan(remaining)}` }, amountFen: remaining - amountFen });
        amountFen = remaining;
      }
    }
  }
  return { eligible, amountFen, policyVersion: input.policyVersion, checks, computation: eligible ? computation : [] };
}
