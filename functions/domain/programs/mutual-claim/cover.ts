import type { Message } from '../../message.ts';
import { dayNumber } from '../common.ts';
import type { MutualEnrolment } from '../types.ts';
import type { MutualClaimParameters } from './parameters.ts';

export type CoverState = 'NOT_STARTED' | 'WAITING' | 'REDUCED' | 'COVERED' | 'LAPSED';

export interface CoverStanding {
  state: CoverState;
  /** Day of continuous membership on `today` (day 1 is `firstEnrolledOn`), while the cover runs. */
  day?: number;
  message: Message;
}

/**
 * Where one enrolment stands on a day, by the same rules as a claim's COVERED and WAITING_PERIOD
 * checks: outside its cover period it does not pay; an illness plan pays nothing up to
 * `exclusionDays` and `reducedRatio` up to `reducedUntilDay`.
 */
export function coverStanding(enrolment: MutualEnrolment, today: string, parameters: MutualClaimParameters): CoverStanding {
  if (today < enrolment.coverFrom) return { state: 'NOT_STARTED', message: { zh: `保障期自 ${enrolment.coverFrom} 开始`, en: `Cover starts on ${enrolment.coverFrom}` } };
  if (today > enrolment.coverTo) return { state: 'LAPSED', message: { zh: `保障期已于 ${enrolment.coverTo} 结束，续保后才可申请新的互助金`, en: `Cover ended on ${enrolment.coverTo}; renew it to claim for new incidents` } };
  const illness = parameters.plans[enrolment.plan as keyof MutualClaimParameters['plans']]?.illness ?? true;
  const day = dayNumber(enrolment.firstEnrolledOn, today);
  if (illness && day <= parameters.exclusionDays) {
    return { state: 'WAITING', day, message: { zh: `参保第 ${day} 天，处于 ${parameters.exclusionDays} 天免责期内：此期间患病不给付`, en: `Day ${day} of membership, within the ${parameters.exclusionDays}-day exclusion period: illnesses beginning now are not paid` } };
  }
  if (illness && day <= parameters.reducedUntilDay) {
    const percent = Math.round(parameters.reducedRatio * 100);
    return { state: 'REDUCED', day, message: { zh: `参保第 ${day} 天，至第 ${parameters.reducedUntilDay} 天患病按 ${percent}% 给付`, en: `Day ${day} of membership: illnesses beginning by day ${parameters.reducedUntilDay} are paid at ${percent}%` } };
  }
  return { state: 'COVERED', day, message: { zh: `保障中，至 ${enrolment.coverTo}`, en: `Covered until ${enrolment.coverTo}` } };
}

/**
 * A claim the member record rules out: a plan the member does not hold, or an incident outside
 * every cover period of it. (Waiting periods and the rest are the eligibility check's.)
 */
export function claimOutsideCover(plan: string, incidentDate: string, enrolments: readonly MutualEnrolment[]): { field: 'plan' | 'incident.date'; message: Message } | undefined {
  const held = enrolments.filter((enrolment) => enrolment.plan === plan);
  if (held.length === 0) return { field: 'plan', message: { zh: '您没有参加这项保障计划，不能按它申请', en: 'You are not enrolled in this plan, so you cannot claim under it' } };
  if (held.some((enrolment) => enrolment.coverFrom <= incidentDate && incidentDate <= enrolment.coverTo)) return undefined;
  const periods = held.map((enrolment) => ({ zh: `${enrolment.coverFrom} 至 ${enrolment.coverTo}`, en: `${enrolment.coverFrom} to ${enrolment.coverTo}` }));
  return {
    field: 'incident.date',
    message: { zh: `${incidentDate} 不在您这项保障的保障期内（${periods.map((period) => period.zh).join('、')}）`, en: `${incidentDate} is outside your cover under this plan (${periods.map((period) => period.en).join(', ')})` },
  };
}
