import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import region from '../../../functions/domain/demo-region.json' with { type: 'json' };
import { parsePartnerFile, type AdmissionRecord, type HospitalStayRecord } from '../../../functions/domain/proactive/partner-files.ts';
import { dibaoChange, dibaoReviewNote, medicalCostWarning, proposalExpiresAt, proposeAutumnAid, proposeHospitalAllowance, spokenDate } from '../../../functions/domain/proactive/rules.ts';
import { autumnAid } from '../../../functions/domain/programs/autumn-aid/index.ts';
import type { AutumnAidParameters } from '../../../functions/domain/programs/autumn-aid/parameters.ts';
import { mutualClaim } from '../../../functions/domain/programs/mutual-claim/index.ts';
import type { MutualClaimParameters } from '../../../functions/domain/programs/mutual-claim/parameters.ts';
import { noPriorBenefits, type Member } from '../../../functions/domain/programs/types.ts';
import { residentId } from '../../support/id-numbers.ts';

const mutual = mutualClaim.parametersSchema.parse(region.policies['mutual-claim'].parameters) as MutualClaimParameters;
const autumn = autumnAid.parametersSchema.parse(region.policies['autumn-aid'].parameters) as AutumnAidParameters;
const noPrior = noPriorBenefits();
const wangFang: Member = {
  number: 'M-0003',
  since: '2015-01-20',
  active: true,
  gender: 'female',
  birthDate: '1980-04-18',
  hardshipFile: null,
  category: 'employee',
  mutualPlans: [{ plan: 'hospital-allowance', units: 1, firstEnrolledOn: '2025-01-01', coverFrom: '2026-01-01', coverTo: '2026-12-31' }],
};
const stay = (admittedOn: string, dischargedOn: string): HospitalStayRecord => ({ line: 2, person: { memberNumber: 'M-0003' }, admittedOn, dischargedOn, hospital: '上海市第六人民医院', selfPaidFen: 350_000 });
const proposedAt = '2026-11-20T02:00:00.000Z';

describe('partner files are read whole', () => {
  const header = 'idNumber,memberNumber,admittedOn,dischargedOn,hospital,selfPaid';
  it('reads a hospital-stay file with Chinese headers, quoted yuan and a BOM into records', () => {
    const parsed = parsePartnerFile('hospital-stays', `\uFEFF身份证号,入院日期,出院日期,医院,个人自付(元)\r\n${residentId('310104', '1980-05-17', '022')},2026-11-01,2026-11-11,市六医院,"1,234.50"\r\n\r\n`, '2026-11-20');
    expect(parsed).toEqual({ records: { kind: 'hospital-stays', records: [{ line: 2, person: { idNumber: '310104198005170229' }, admittedOn: '2026-11-01', dischargedOn: '2026-11-11', hospital: '市六医院', selfPaidFen: 123_450 }] } });
  });

  it('names every problem with its line and column, and gives no records then', () => {
    const parsed = parsePartnerFile('hospital-stays', [header, ',M-1,2026-11-05,2026-11-01,市六医院,10', '123,,2026-11-01,2026-11-02,市六医院,10', ',M-2,2026-11-01,2026-12-30,,x'].join('\n'), '2026-11-20');
    expect('problems' in parsed && parsed.problems.map((p) => `${p.line}:${p.column}`)).toEqual(['2:dischargedOn', '3:idNumber', '4:dischargedOn', '4:hospital', '4:selfPaid']);
  });

  it('refuses a header without the required columns or a way to name the person', () => {
    const parsed = parsePartnerFile('admissions', 'childName,school\n', '2026-11-20');
    expect('problems' in parsed && parsed.problems.map((p) => p.column)).toEqual(['childIdNumber', 'level', 'admissionYear', 'idNumber']);
  });

  it('never throws, whatever the text', () => {
    fc.assert(fc.property(fc.string(), (text) => {
      const parsed = parsePartnerFile('dibao-list', `idNumber\n${text}`, '2026-11-20');
      expect('records' in parsed || parsed.problems.length > 0).toBe(true);
    }));
  });
});

describe('what a record proposes, by the program’s own rules', () => {
  it('proposes a hospital allowance for an enrolled member’s stay, with the amount and why in plain words', () => {
    const outcome = proposeHospitalAllowance({ stay: stay('2026-11-01', '2026-11-10'), member: wangFang, parameters: mutual, policyVersion: 'v1', proposedAt, prior: noPrior });
    expect('proposal' in outcome).toBe(true);
    if (!('proposal' in outcome)) return;
    // 10 days in hospital, paid from day 4: 7 × ¥40.
    expect(outcome.proposal).toMatchObject({ program: 'mutual-claim', sourceKey: 'hospital-stay:M-0003:2026-11-01', estimate: { eligible: true, amountFen: 28_000 }, zeroTouch: false, confirmDays: 30 });
    expect(outcome.proposal.explanation.zh).toMatch(/^根据医保住院记录，您 11月1日至11月10日在上海市第六人民医院住院 10 天。.*可领 ¥280\.00/);
    expect(outcome.proposal.explanation.en).toContain('from 1 Nov to 10 Nov, 10 days');
    expect(outcome.proposal.details).not.toHaveProperty('bankAccount');
  });

  it('is zero-touch for a stay no longer than the policy says', () => {
    const parameters = { ...mutual, proactive: { confirmDays: 14, zeroTouchUpToDays: 10 } };
    const short = proposeHospitalAllowance({ stay: stay('2026-11-01', '2026-11-10'), member: wangFang, parameters, policyVersion: 'v1', proposedAt, prior: noPrior });
    const long = proposeHospitalAllowance({ stay: stay('2026-10-01', '2026-10-11'), member: wangFang, parameters, policyVersion: 'v1', proposedAt, prior: noPrior });
    expect('proposal' in short && short.proposal.zeroTouch).toBe(true);
    expect('proposal' in long && long.proposal.zeroTouch).toBe(false);
  });

  it('proposes nothing for a member without the plan, or a stay the rules would not pay, and says why', () => {
    expect(proposeHospitalAllowance({ stay: stay('2026-11-01', '2026-11-10'), member: { ...wangFang, mutualPlans: [] }, parameters: mutual, policyVersion: 'v1', proposedAt, prior: noPrior })).toEqual({ notProposed: expect.objectContaining({ zh: '该会员未参加住院津贴互助保障' }) });
    const tooShort = proposeHospitalAllowance({ stay: stay('2026-11-01', '2026-11-02'), member: wangFang, parameters: mutual, policyVersion: 'v1', proposedAt, prior: noPrior });
    expect('notProposed' in tooShort && tooShort.notProposed.zh).toContain('没有可给付的天数');
    const outOfCover = proposeHospitalAllowance({ stay: stay('2025-11-01', '2025-11-10'), member: wangFang, parameters: mutual, policyVersion: 'v1', proposedAt, prior: noPrior });
    expect('notProposed' in outOfCover && outOfCover.notProposed.zh).toContain('不在该计划的保障期内');
  });

  const admission = (year: number): AdmissionRecord => ({ line: 2, person: { memberNumber: 'M-0001' }, child: { name: '张小明', idNumber: residentId('420106', '2008-03-15', '123'), school: '武汉大学', schoolKind: 'public', level: 'undergraduate', admissionYear: year } });
  const filed: Member = { ...wangFang, number: 'M-0001', hardshipFile: { tier: 'DEEP', filedOn: '2024-05-10' } };
  const household = { members: [{ relation: 'self' as const, name: '张伟', age: 50, annualIncomeFen: 2_000_000, condition: 'none' as const }, { relation: 'child' as const, name: '张小明', age: 18, annualIncomeFen: 0, condition: 'none' as const }], rigidExpenditureFen: 0, accidentCostFen: 0, compensationFen: 0 };

  it('proposes autumn aid for a filed household’s child admitted this year, from the file’s household', () => {
    const outcome = proposeAutumnAid({ admission: admission(2026), member: filed, household, parameters: autumn, policyVersion: 'v1', proposedAt, prior: noPrior });
    expect('proposal' in outcome && outcome.proposal).toMatchObject({ program: 'autumn-aid', details: { category: 'filed-hardship', household: { size: 2, annualIncomeFen: 2_000_000 }, child: { otherFunding: false } }, estimate: { eligible: true, amountFen: autumn.amounts.filed.undergraduate } });
    expect('proposal' in outcome && outcome.proposal.explanation.zh).toContain('根据新生录取名单，您的子女张小明今年被武汉大学录取（本科）');
  });

  it('proposes no autumn aid for last year’s admission or a household not on file', () => {
    expect(proposeAutumnAid({ admission: admission(2025), member: filed, household, parameters: autumn, policyVersion: 'v1', proposedAt, prior: noPrior })).toHaveProperty('notProposed');
    expect(proposeAutumnAid({ admission: admission(2026), member: wangFang, household, parameters: autumn, policyVersion: 'v1', proposedAt, prior: noPrior })).toHaveProperty('notProposed');
  });

  it('asks for a file review when a filed household appears on the 低保 list or drops off it, and not otherwise', () => {
    expect([dibaoChange(false, true), dibaoChange(true, false), dibaoChange(true, true), dibaoChange(false, false)]).toEqual(['appeared', 'dropped', undefined, undefined]);
    expect(dibaoReviewNote('appeared', '2026-11-20').zh).toContain('已纳入低保');
    expect(dibaoReviewNote('dropped', '2026-11-20').zh).toContain('已不在低保名单');
  });

  it('warns (防返困) when the year’s self-paid medical costs pass the policy’s share of household income', () => {
    expect(medicalCostWarning({ selfPaidThisYearFen: 800_000, householdIncomeFen: 2_000_000, share: 0.4, year: 2026 })).toBeUndefined();
    expect(medicalCostWarning({ selfPaidThisYearFen: 800_001, householdIncomeFen: 2_000_000, share: 0.4, year: 2026 })?.zh).toContain('超过家庭年收入 ¥20,000.00 的 40%');
    expect(medicalCostWarning({ selfPaidThisYearFen: 1, householdIncomeFen: 0, share: 0.4, year: 2026 })).toBeUndefined();
  });

  it('expires a proposal at the end of the Shanghai day its period ends', () => {
    expect(proposalExpiresAt('2026-11-20T17:00:00.000Z', 30)).toBe('2026-12-21T15:59:59.999Z');
    expect(spokenDate('2026-03-09')).toEqual({ zh: '3月9日', en: '9 Mar' });
  });
});
