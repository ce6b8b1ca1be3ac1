import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import region from '../../../functions/domain/demo-region.json' with { type: 'json' };
import { mutualClaim } from '../../../functions/domain/programs/mutual-claim/index.ts';
import type { MutualClaimDetails } from '../../../functions/domain/programs/mutual-claim/details.ts';
import type { MutualClaimParameters } from '../../../functions/domain/programs/mutual-claim/parameters.ts';
import { noPriorBenefits, type Member, type PriorBenefits } from '../../../functions/domain/programs/types.ts';

const p = mutualClaim.parametersSchema.parse(region.policies['mutual-claim'].parameters) as MutualClaimParameters;
const noPrior = noPriorBenefits();
/** 王芳 as the demo told her story on 2026-11-24: every plan, critical illness first enrolled 2026-10-01. */
const wangFang: Member = {
  number: 'M-0003',
  since: '2015-01-20',
  active: true,
  gender: 'female',
  birthDate: '1980-04-18',
  hardshipFile: null,
  category: 'employee',
  mutualPlans: [
    { plan: 'hospital-allowance', units: 1, firstEnrolledOn: '2025-01-01', coverFrom: '2026-01-01', coverTo: '2026-12-31' },
    { plan: 'critical-illness', units: 2, firstEnrolledOn: '2026-10-01', coverFrom: '2026-10-01', coverTo: '2027-09-30' },
    { plan: 'women-special', units: 1, firstEnrolledOn: '2025-01-01', coverFrom: '2025-01-01', coverTo: '2026-12-31' },
    { plan: 'accident', units: 1, firstEnrolledOn: '2026-01-01', coverFrom: '2026-01-01', coverTo: '2026-12-31' },
  ],
};
const account = { holder: '王芳', bank: '中国银行', number: '6216601234567890' };

const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const claim = (details: unknown) => mutualClaim.detailsSchema.parse(details) as MutualClaimDetails;
const decide = (details: MutualClaimDetails, options: { submittedOn?: string; prior?: PriorBenefits; member?: Member } = {}) =>
  mutualClaim.decide({ details, member: options.member ?? wangFang, parameters: p, policyVersion: 'v1', submittedAt: `${options.submittedOn ?? '2026-11-24'}T02:00:00.000Z`, prior: options.prior ?? noPrior });
const critical = (date: string) => claim({ plan: 'critical-illness', incident: { kind: 'illness', date, disease: 'coma' }, bankAccount: account });
const checkOf = (decision: ReturnType<typeof decide>, code: string) => decision.checks.find((c) => c.code === code);

describe('mutual-claim waiting period (critical illness, first enrolled 2026-10-01)', () => {
  it.each([
    [30, false, 0],
    [31, true, 1_200_000],
    [90, true, 1_200_000],
    [91, true, 2_400_000],
  ])('an illness on day %i: passes %s, pays %i fen', (day, passes, amount) => {
    const decision = decide(critical(plusDays('2026-10-01', day - 1)), { submittedOn: '2027-01-15' });
    expect(checkOf(decision, 'WAITING_PERIOD')?.passed).toBe(passes);
    expect(checkOf(decision, 'WAITING_PERIOD')?.facts.incidentDay).toBe(day);
    expect(decision.amountFen).toBe(amount);
  });
});

describe('mutual-claim deadline: 730 days from discharge', () => {
  const stay = claim({ plan: 'hospital-allowance', incident: { kind: 'illness', date: '2026-01-05', admittedOn: '2026-01-05', dischargedOn: '2026-01-14' }, bankAccount: account });
  it.each([
    [730, true],
    [731, false],
  ])('claimed on the %ith day after discharge: passes %s', (days, passes) => {
    const member = { ...wangFang, mutualPlans: [{ plan: 'hospital-allowance', units: 1, firstEnrolledOn: '2025-01-01', coverFrom: '2026-01-01', coverTo: '2026-12-31' }] };
    expect(checkOf(decide(stay, { submittedOn: plusDays('2026-01-14', days), member }), 'DEADLINE')?.passed).toBe(passes);
  });
});

describe('mutual-claim plans', () => {
  it('pays a hospital allowance from the 4th day, within what remains of the period’s cap', () => {
    const stay = claim({ plan: 'hospital-allowance', incident: { kind: 'illness', date: '2026-11-01', admittedOn: '2026-11-01', dischargedOn: '2026-11-10' }, bankAccount: account });
    expect(decide(stay).amountFen).toBe(7 * 4_000);
    expect(decide(stay, { prior: { ...noPrior, mutualPaidThisPeriodFen: { 'hospital-allowance': 720_000 - 10_000 } } }).amountFen).toBe(10_000);
    expect(decide(stay, { prior: { ...noPrior, mutualPaidThisPeriodFen: { 'hospital-allowance': 720_000 } } }).eligible).toBe(false);
  });

  it('pays a listed disease once, and nothing for an unlisted one', () => {
    expect(checkOf(decide(critical('2026-11-20'), { prior: { ...noPrior, mutualPaidDiseases: ['coma'] } }), 'NOT_PAID_BEFORE')?.passed).toBe(false);
    const unlisted = claim({ plan: 'critical-illness', incident: { kind: 'illness', date: '2026-11-20', disease: 'common-cold' }, bankAccount: account });
    expect(decide(unlisted).eligible).toBe(false);
  });

  it('pays women’s special diseases by category', () => {
    expect(decide(claim({ plan: 'women-special', incident: { kind: 'illness', date: '2026-06-01', womenCategory: 'B' }, bankAccount: account })).amountFen).toBe(300_000);
  });

  it.each(['self-harm', 'crime', 'drunk-driving', 'unlicensed-driving', 'war', 'earthquake'])('excludes an accident caused by %s', (cause) => {
    const accident = claim({ plan: 'accident', incident: { kind: 'accident', date: '2026-06-01', disabilityGrade: 5, cause }, bankAccount: account });
    expect(checkOf(decide(accident), 'EXCLUSIONS')?.passed).toBe(false);
  });

  it('pays accidents by disability grade plus daily allowance, with no waiting period', () => {
    const accident = claim({ plan: 'accident', incident: { kind: 'accident', date: '2026-01-02', disabilityGrade: 3, allowanceDays: 200, cause: 'ordinary' }, bankAccount: account });
    const decision = decide(accident);
    expect(checkOf(decision, 'WAITING_PERIOD')?.facts.applicable).toBe(false);
    expect(decision.amountFen).toBe(5_000_000 * 0.8 + 180 * 3_000);
  });

  it('refuses a claim outside every cover period', () => {
    expect(checkOf(decide(claim({ plan: 'women-special', incident: { kind: 'illness', date: '2024-06-01', womenCategory: 'A' }, bankAccount: account })), 'COVERED')?.passed).toBe(false);
  });

  it('asks for the incident fields of the plan', () => {
    const missing = mutualClaim.detailsSchema.safeParse({ plan: 'hospital-allowance', incident: { kind: 'illness', date: '2026-11-01' }, bankAccount: account });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['incident.admittedOn', 'incident.dischargedOn']));
  });

  it('never pays a negative amount, a fraction of a fen, or beyond the hospital cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 1_000_000 }), (days, paid) => {
        const stay = claim({ plan: 'hospital-allowance', incident: { kind: 'illness', date: '2026-01-01', admittedOn: '2026-01-01', dischargedOn: plusDays('2026-01-01', days) }, bankAccount: account });
        const decision = decide(stay, { submittedOn: '2027-03-01', prior: { ...noPrior, mutualPaidThisPeriodFen: { 'hospital-allowance': paid } } });
        return Number.isSafeInteger(decision.amountFen) && decision.amountFen >= 0 && decision.amountFen + paid <= Math.max(paid, 720_000);
      }),
    );
  });
});
