import type { Message } from '../message.ts';
import type { PerformanceTargets } from './budget-rounds.ts';

/**
 * 绩效评价: what a program's money achieved in a year and a part of the tree, against the targets
 * set in 二上 — after ACFTU's 2016 rules on evaluating union spending by its results.
 */

/** The middle value (the lower of the two middles for an even count, so it is a value that occurred). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
}

/** The nearest-rank percentile: the smallest value with at least `p` % of the values at or below it. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** Whole days between two Shanghai calendar dates (YYYY-MM-DD). */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export type CallBackResult = 'received' | 'not-received' | 'wrong-amount' | 'not-reachable';
export const callBackResults: readonly CallBackResult[] = ['received', 'not-received', 'wrong-amount', 'not-reachable'];
export const callBackResultNames: Record<CallBackResult, Message> = {
  received: { zh: '已收到', en: 'Received' },
  'not-received': { zh: '未收到', en: 'Not received' },
  'wrong-amount': { zh: '金额不符', en: 'Wrong amount' },
  'not-reachable': { zh: '联系不上', en: 'Not reachable' },
};

/** Why applications were refused, by the first rule they did not meet (or an official's rejection). */
const refusalNames: Record<string, Message> = {
  MEMBER: { zh: '会员资格不符', en: 'Membership' },
  CATEGORY: { zh: '申请类别不符', en: 'Category' },
  INCOME: { zh: '收入超过标准', en: 'Income above the limit' },
  ADMISSION: { zh: '入学条件不符', en: 'Admission' },
  EXCLUDED_SCHOOL: { zh: '院校类型不在资助范围', en: 'Kind of school not covered' },
  NO_DUPLICATE: { zh: '重复申请', en: 'Applied twice' },
  WINDOW: { zh: '超出申请期限', en: 'Outside the application period' },
  DEADLINE: { zh: '超出申请期限', en: 'Outside the application period' },
  ASSETS: { zh: '家庭财产不符', en: 'Household assets' },
  TIER: { zh: '困难程度不符', en: 'Level of hardship' },
  MIGRANT_TENURE: { zh: '务工年限不足', en: 'Too short a time in work' },
  COVERED: { zh: '不在保障范围', en: 'Not covered' },
  WAITING_PERIOD: { zh: '处于等待期', en: 'In the waiting period' },
  EXCLUSIONS: { zh: '属于除外责任', en: 'Excluded by the plan' },
  NOT_PAID_BEFORE: { zh: '已获给付', en: 'Paid before' },
  REJECTED: { zh: '审批未通过', en: 'Rejected by an official' },
};
export const refusalName = (code: string): Message => refusalNames[code] ?? { zh: '其他条件不符', en: 'Other conditions' };

export interface EvaluatedApplication {
  id: string;
  applicantSub: string;
  /** The applicant's household is in the hardship file. */
  onFile: boolean;
  status: string;
  submittedOn: string;
  /** For a refusal: the first check not met, or REJECTED. */
  refusal?: string;
  appealed: boolean;
}

export interface EvaluatedPayment {
  applicationId: string;
  amountFen: number;
  paidOn: string;
}

export interface EvaluationInput {
  applications: EvaluatedApplication[];
  payments: EvaluatedPayment[];
  recoveries: { amountFen: number; status: 'OPEN' | 'RECOVERED' | 'WRITTEN_OFF' }[];
  callBacks: { result?: CallBackResult }[];
  openCases: number;
  targets: PerformanceTargets | null;
}

const REFUSED = new Set(['INELIGIBLE', 'REJECTED']);
/** 免申即享 proposals the worker never confirmed (or not yet) are no applications. */
const NEVER_APPLIED = new Set(['PROPOSED', 'DECLINED', 'EXPIRED']);
const GRANTED = new Set(['APPROVED', 'AWAITING_BUDGET', 'DISBURSING', 'PAID', 'PAYMENT_FAILED', 'PUBLIC_NOTICE']);

/** Share in basis points, 0 of nothing. */
const share = (part: number, whole: number): number => (whole === 0 ? 0 : Math.floor((part * 10_000) / whole));

export function evaluate(input: EvaluationInput) {
  const paidByApplication = new Map<string, { amountFen: number; paidOn: string }>();
  for (const payment of input.payments) {
    const seen = paidByApplication.get(payment.applicationId);
    paidByApplication.set(payment.applicationId, { amountFen: (seen?.amountFen ?? 0) + payment.amountFen, paidOn: seen && seen.paidOn > payment.paidOn ? seen.paidOn : payment.paidOn });
  }
  const byId = new Map(input.applications.map((application) => [application.id, application]));
  const paidApplications = [...paidByApplication.keys()].map((id) => byId.get(id)).filter((application): application is EvaluatedApplication => application !== undefined);
  const amounts = [...paidByApplication.values()].map((paid) => paid.amountFen);
  const days = paidApplications.map((application) => daysBetween(application.submittedOn, paidByApplication.get(application.id)!.paidOn));
  const decided = input.applications.filter((application) => REFUSED.has(application.status) || GRANTED.has(application.status));
  const refused = input.applications.filter((application) => REFUSED.has(application.status));
  const reasons = new Map<string, number>();
  for (const application of refused) reasons.set(application.refusal ?? 'REJECTED', (reasons.get(application.refusal ?? 'REJECTED') ?? 0) + 1);
  const appealed = input.applications.filter((application) => application.appealed);
  const paidFen = amounts.reduce((sum, amount) => sum + amount, 0);
  const workers = new Set(paidApplications.map((application) => application.applicantSub));
  const households = new Set(paidApplications.filter((application) => application.onFile).map((application) => application.applicantSub));
  const recorded = input.callBacks.filter((callBack) => callBack.result);
  const count = (result: CallBackResult) => recorded.filter((callBack) => callBack.result === result).length;
  const averageFen = amounts.length ? Math.round(paidFen / amounts.length) : null;
  const medianDays = median(days);
  return {
    applications: input.applications.filter((application) => !NEVER_APPLIED.has(application.status)).length,
    workersHelped: workers.size,
    householdsOnFileHelped: households.size,
    paidCount: amounts.length,
    paidFen,
    averageFen,
    medianFen: median(amounts),
    daysToPay: { median: medianDays, p90: percentile(days, 90) },
    refused: { count: refused.length, shareBp: share(refused.length, decided.length), reasons: [...reasons].sort((a, b) => b[1] - a[1]).map(([code, n]) => ({ code, name: refusalName(code), count: n })) },
    appeals: {
      count: appealed.length,
      granted: appealed.filter((application) => GRANTED.has(application.status)).length,
      refused: appealed.filter((application) => REFUSED.has(application.status)).length,
      pending: appealed.filter((application) => !GRANTED.has(application.status) && !REFUSED.has(application.status)).length,
    },
    recoveries: {
      count: input.recoveries.length,
      amountFen: input.recoveries.reduce((sum, recovery) => sum + recovery.amountFen, 0),
      recoveredFen: input.recoveries.filter((recovery) => recovery.status === 'RECOVERED').reduce((sum, recovery) => sum + recovery.amountFen, 0),
      writtenOffFen: input.recoveries.filter((recovery) => recovery.status === 'WRITTEN_OFF').reduce((sum, recovery) => sum + recovery.amountFen, 0),
    },
    callBacks: {
      sampled: input.callBacks.length,
      recorded: recorded.length,
      received: count('received'),
      notReceived: count('not-received'),
      wrongAmount: count('wrong-amount'),
      notReachable: count('not-reachable'),
      /** Verified = the worker confirmed receipt, of those sampled. */
      verifiedShareBp: share(count('received'), input.callBacks.length),
      openCases: input.openCases,
    },
    targets: input.targets,
    /** Actual against target, in basis points (10,000 = on target); days: target ÷ actual, so faster is above. */
    attainment: input.targets
      ? {
          workersHelpedBp: share(workers.size, input.targets.workersHelped),
          averageBp: averageFen === null ? 0 : share(averageFen, input.targets.averageFen),
          daysToPayBp: medianDays === null ? 0 : medianDays === 0 ? 10_000 : share(input.targets.daysToPay, medianDays),
        }
      : null,
  };
}

export type Evaluation = ReturnType<typeof evaluate>;

/** The targets of several units' rounds taken together: workers add up, the average is weighted by them, the days are the slowest. */
export function combineTargets(targets: readonly PerformanceTargets[]): PerformanceTargets | null {
  if (targets.length === 0) return null;
  const workersHelped = targets.reduce((sum, target) => sum + target.workersHelped, 0);
  return {
    workersHelped,
    averageFen: Math.round(targets.reduce((sum, target) => sum + target.averageFen * target.workersHelped, 0) / Math.max(1, workersHelped)),
    daysToPay: Math.max(...targets.map((target) => target.daysToPay)),
  };
}

/**
 * A fair sample of `size` from `ids` (all of them when fewer): a partial Fisher–Yates shuffle
 * driven by `random` (0 ≤ r < 1), which the caller takes from a cryptographic source.
 */
export function drawSample<T>(ids: readonly T[], size: number, random: () => number): T[] {
  const pool = [...ids];
  const take = Math.min(size, pool.length);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, take);
}
