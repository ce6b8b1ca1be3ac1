import { describe, expect, it } from 'vitest';
import { duplicateBenefits } from '../../../functions/domain/finance/payment-rules.ts';
import { noPriorBenefits, type Member, type PriorBenefits } from '../../../functions/domain/programs/types.ts';
import { warmthVisits } from '../../../functions/domain/programs/warmth-visits/index.ts';
import type { WarmthVisitsDetails } from '../../../functions/domain/programs/warmth-visits/details.ts';
import { campaignKey, type WarmthVisitsParameters } from '../../../functions/domain/programs/warmth-visits/parameters.ts';
import { isWorkingDay, noticeEndsAt, nthWorkingDayAfter } from '../../../functions/domain/working-days.ts';

/** 2027 春节送温暖: ¥1,000 for deep hardship, ¥500 relative, none accident-caused; the 2027 Spring Festival holiday and its 调休 weekends. */
const parameters: WarmthVisitsParameters = warmthVisits.parametersSchema.parse({
  campaign: { id: 'spring-festival', name: { zh: '2027 春节送温暖', en: '2027 Spring Festival warmth visits' } },
  window: { opensOn: '2027-01-04', closesOn: '2027-02-05' },
  standardsFen: { DEEP: 100_000, RELATIVE: 50_000, ACCIDENT: 0 },
  fundingSources: [{ name: { zh: '市总工会送温暖专项资金', en: 'City warmth-visits fund' }, amountFen: 30_000_000 }],
  deliveries: ['bank-transfer', 'cash'],
  approvalLevels: [2, 1],
  publicNoticeWorkingDays: 5,
  holidays: ['2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12', '2027-02-13'],
  workingWeekends: ['2027-01-31', '2027-02-20'],
});
const noPrior = noPriorBenefits();
const filed = (tier: 'DEEP' | 'RELATIVE' | 'ACCIDENT'): Member => ({ number: 'M-0001', since: '2012-03-01', active: true, gender: 'male', birthDate: '1975-06-12', hardshipFile: { tier, filedOn: '2024-05-10' }, category: 'filed-hardship' });
const onFile: WarmthVisitsDetails = { campaignId: '2027-spring-festival', householdFileId: 'HF-20240510-0123456789', delivery: 'bank-transfer', bankAccount: { holder: '张伟', bank: '中国工商银行', number: '6222021234567890123' }, attachments: [] };

function decide(details: WarmthVisitsDetails, options: { member?: Member; on?: string; prior?: PriorBenefits } = {}) {
  return warmthVisits.decide({ details, member: options.member ?? filed('DEEP'), parameters, policyVersion: 'warmth-visits:city:2027-01-01:v1', submittedAt: options.on ?? '2027-01-11T02:00:00.000Z', prior: options.prior ?? noPrior });
}
const failing = (decision: ReturnType<typeof decide>) => decision.checks.filter((check) => !check.passed).map((check) => check.code);

describe('warmth-visits (送温暖) decisions', () => {
  it('grants a filed household in deep hardship the campaign’s deep standard, festival in the ledger, explained in both languages', () => {
    const decision = decide(onFile);
    expect(decision.eligible).toBe(true);
    expect(decision.amountFen).toBe(100_000);
    expect(decision.tier).toBe('DEEP');
    expect(decision.checks.map((check) => check.code)).toEqual(['MEMBER', 'TARGET', 'WINDOW', 'STANDARD', 'DELIVERY', 'NO_DUPLICATE']);
    expect(decision.checks.find((check) => check.code === 'STANDARD')?.message).toEqual({ zh: '深度困难家庭的慰问标准为每户 ¥1,000.00', en: 'The standard for a household in deep hardship is ¥1,000.00' });
    expect(decision.computation).toEqual([{ label: { zh: '2027 春节送温暖 · 深度困难家庭慰问标准', en: '2027 Spring Festival warmth visits: the standard for deep hardship' }, amountFen: 100_000 }]);
    expect(warmthVisits.purposes(decision, onFile)).toEqual({ festival: 100_000 });
  });

  it('gives a relative-hardship household the relative standard, and none to a tier the campaign does not visit', () => {
    expect(decide(onFile, { member: filed('RELATIVE') }).amountFen).toBe(50_000);
    const accident = decide(onFile, { member: filed('ACCIDENT') });
    expect(failing(accident)).toEqual(['STANDARD']);
    expect(accident.amountFen).toBe(0);
    expect(accident.checks.find((check) => check.code === 'STANDARD')?.message.zh).toBe('本次活动不慰问意外致困家庭');
  });

  it('refuses a household whose file closed after it was drawn', () => {
    const decision = decide(onFile, { member: { ...filed('DEEP'), hardshipFile: null } });
    expect(failing(decision)).toEqual(['TARGET', 'STANDARD']);
    expect(decision.checks.find((check) => check.code === 'TARGET')?.message.en).toContain('no longer open');
  });

  it('takes a household an official added at the tier they assessed, naming the reason', () => {
    const added: WarmthVisitsDetails = { campaignId: '2027-spring-festival', addedReason: '民政低保名单新增户', tier: 'RELATIVE', delivery: 'cash', attachments: [] };
    const decision = decide(added, { member: { ...filed('DEEP'), hardshipFile: null } });
    expect(decision.eligible).toBe(true);
    expect(decision.amountFen).toBe(50_000);
    expect(decision.checks.find((check) => check.code === 'TARGET')?.message.zh).toBe('由工会工作人员增补（按相对困难）：民政低保名单新增户');
  });

  it('refuses outside the campaign’s window and by a delivery it does not use', () => {
    expect(failing(decide(onFile, { on: '2027-02-06T02:00:00.000Z' }))).toEqual(['WINDOW']);
    // 16:30 UTC on the 3rd is 00:30 on the 4th in Shanghai: the window's first day.
    expect(failing(decide(onFile, { on: '2027-01-03T16:30:00.000Z' }))).toEqual([]);
    expect(failing(decide({ ...onFile, delivery: 'goods', bankAccount: undefined }))).toEqual(['DELIVERY']);
  });

  it('refuses a household the ledger shows already had a festival benefit this year, in any program or unit', () => {
    const decision = decide(onFile, { prior: { ...noPrior, receivedThisYearByPurposeFen: { festival: 80_000, medical: 500_000 } } });
    expect(failing(decision)).toEqual(['NO_DUPLICATE']);
    expect(decision.checks.find((check) => check.code === 'NO_DUPLICATE')?.message.zh).toBe('本户本年度已获得节日慰问 ¥800.00（各项目、各单位合计），不重复慰问');
    expect(decide(onFile, { prior: { ...noPrior, receivedThisYearByPurposeFen: { medical: 500_000 } } }).eligible).toBe(true);
  });

  it('refuses a form without what its delivery needs, and an added household without its reason and tier', () => {
    const problems = (details: unknown) => {
      const result = warmthVisits.detailsSchema.safeParse(details);
      return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
    };
    expect(problems({ ...onFile, bankAccount: undefined })).toEqual(['bankAccount']);
    expect(problems({ campaignId: '2027-spring-festival', delivery: 'cash' })).toEqual(['addedReason', 'tier']);
  });

  it('keys one list entry per household and campaign, and approval levels in order', () => {
    expect(campaignKey(parameters)).toBe('2027-spring-festival');
    expect(warmthVisits.exclusiveClaims(onFile, '2027-01-11T02:00:00.000Z', { sub: 'w-zhang-wei', memberNumber: 'M-0001' }).map((claim) => claim.key)).toEqual(['warmth-visits:2027-spring-festival:household:M-0001']);
    expect(warmthVisits.approvalLevels(decide(onFile), parameters)).toEqual([1, 2]);
  });

  it('refuses a notice shorter than five working days and a window that closes before it opens', () => {
    const raw = warmthVisits.parametersSchema.safeParse({ ...parameters, publicNoticeWorkingDays: 4 });
    expect(raw.success ? [] : raw.error.issues.map((issue) => issue.path.join('.'))).toEqual(['publicNoticeWorkingDays']);
    const window = warmthVisits.parametersSchema.safeParse({ ...parameters, window: { opensOn: '2027-02-05', closesOn: '2027-01-04' } });
    expect(window.success ? [] : window.error.issues.map((issue) => issue.path.join('.'))).toEqual(['window.closesOn']);
  });
});

describe('the working days of a public notice', () => {
  it('skips weekends and holidays and counts the weekends worked in their place', () => {
    expect(isWorkingDay('2027-01-30', parameters)).toBe(false); // a Saturday
    expect(isWorkingDay('2027-01-31', parameters)).toBe(true); // a Sunday worked (调休)
    expect(isWorkingDay('2027-02-08', parameters)).toBe(false); // a Monday of the Spring Festival holiday
  });

  it('ends a five-working-day notice at midnight after its fifth working day, not counting the day it goes up', () => {
    // Up on Monday 11 January at 10:00: Tue–Fri and Monday 18th are the five; it ends at 00:00 on the 19th, Shanghai time.
    expect(noticeEndsAt('2027-01-11T02:00:00.000Z', 5, parameters)).toEqual({ lastDay: '2027-01-18', endsAt: '2027-01-18T16:00:00.000Z' });
    // Up on Thursday 4 February: Fri 5th, then the holiday to the 13th, then Mon 15th to Thu 18th.
    expect(nthWorkingDayAfter('2027-02-04', 5, parameters)).toBe('2027-02-18');
    expect(warmthVisits.publicNoticeEnd?.(parameters, '2027-01-29T02:00:00.000Z').lastDay).toBe('2027-02-04'); // Sun 31st worked: Mon 1 … Thu 4 with it
  });
});

describe('the duplicate-benefit rule on the entitlement ledger', () => {
  const naming = { program: (program: string) => ({ zh: program, en: program }), purpose: (purpose: string) => ({ zh: purpose, en: purpose }) };
  const grant = { applicationId: 'APP-1', program: 'warmth-visits', purposes: { festival: 100_000 } };

  it('finds a festival grant of another program, unit or campaign this year: once per household', () => {
    const found = duplicateBenefits(grant, [
      { applicationId: 'APP-2', program: 'hardship-relief', purposes: { living: 300_000 }, sharesClaim: false },
      { applicationId: 'APP-3', program: 'other-festival', purposes: { festival: 50_000 }, sharesClaim: false },
      { applicationId: 'APP-4', program: 'warmth-visits', purposes: { festival: 100_000 }, sharesClaim: false },
    ], naming);
    expect(found.map((d) => [d.applicationId, d.purpose, d.amountFen])).toEqual([['APP-3', 'festival', 50_000], ['APP-4', 'festival', 100_000]]);
  });

  it('leaves living and medical aid to the programs’ caps, and a same-program grant to another beneficiary (a second child)', () => {
    expect(duplicateBenefits({ applicationId: 'APP-1', program: 'hardship-relief', purposes: { medical: 100_000 } }, [{ applicationId: 'APP-2', program: 'mutual-claim', purposes: { medical: 28_000 }, sharesClaim: false }], naming)).toEqual([]);
    expect(duplicateBenefits({ applicationId: 'APP-1', program: 'autumn-aid', purposes: { schooling: 500_000 } }, [{ applicationId: 'APP-2', program: 'autumn-aid', purposes: { schooling: 500_000 }, sharesClaim: false }], naming)).toEqual([]);
    expect(duplicateBenefits({ applicationId: 'APP-1', program: 'autumn-aid', purposes: { schooling: 500_000 } }, [{ applicationId: 'APP-2', program: 'hardship-relief', purposes: { schooling: 300_000 } , sharesClaim: false }], naming).map((d) => d.applicationId)).toEqual(['APP-2']);
  });
});
