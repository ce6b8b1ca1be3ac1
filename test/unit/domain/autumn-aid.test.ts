import { describe, expect, it } from 'vitest';
import region from '../../../functions/domain/demo-region.json' with { type: 'json' };
import { autumnAid } from '../../../functions/domain/programs/autumn-aid/index.ts';
import type { AutumnAidDetails } from '../../../functions/domain/programs/autumn-aid/details.ts';
import type { AutumnAidParameters } from '../../../functions/domain/programs/autumn-aid/parameters.ts';
import { noPriorBenefits, type Member, type PriorBenefits } from '../../../functions/domain/programs/types.ts';
import { residentId } from '../../support/id-numbers.ts';

const parameters = autumnAid.parametersSchema.parse(region.policies['autumn-aid'].parameters) as AutumnAidParameters;
const noPrior = noPriorBenefits();
const filedMember: Member = { number: 'M-0001', since: '2012-03-01', active: true, gender: 'male', birthDate: '1975-06-12', hardshipFile: { tier: 'DEEP', filedOn: '2024-05-10' }, category: 'filed-hardship' };
const unfiledMember: Member = { ...filedMember, hardshipFile: null, category: 'employee' };
const childId = residentId('420106', '2008-03-15', '123');

function details(overrides: Partial<Omit<AutumnAidDetails, 'child'>> & { child?: Partial<AutumnAidDetails['child']> } = {}): AutumnAidDetails {
  return {
    category: 'filed-hardship',
    household: { size: 3, annualIncomeFen: 3_000_000 },
    bankAccount: { holder: '张伟', bank: '中国工商银行', number: '6222021234567890123' },
    attachments: [],
    ...overrides,
    child: { name: '张小明', idNumber: childId, school: '武汉大学', schoolKind: 'public', level: 'undergraduate', admissionYear: 2026, otherFunding: false, ...overrides.child },
  };
}

function decide(d: AutumnAidDetails, options: { member?: Member; submittedAt?: string; prior?: PriorBenefits; parameters?: AutumnAidParameters } = {}) {
  return autumnAid.decide({
    details: d,
    member: options.member ?? filedMember,
    parameters: options.parameters ?? parameters,
    policyVersion: 'autumn-aid:city:2026-01-01:v1',
    submittedAt: options.submittedAt ?? '2026-08-01T02:00:00.000Z',
    prior: options.prior ?? noPrior,
  });
}

const checkOf = (decision: ReturnType<typeof decide>, code: string) => decision.checks.find((check) => check.code === code);

describe('autumn-aid decisions', () => {
  it('grants a filed family with a child admitted to university this year the filed undergraduate amount', () => {
    const decision = decide(details());
    expect(decision.eligible).toBe(true);
    expect(decision.amountFen).toBe(500_000);
    expect(decision.checks.map((check) => check.code)).toEqual(['MEMBER', 'CATEGORY', 'INCOME', 'ADMISSION', 'EXCLUDED_SCHOOL', 'NO_DUPLICATE', 'WINDOW']);
    expect(decision.policyVersion).toBe('autumn-aid:city:2026-01-01:v1');
  });

  it.each([
    ['high-school', 300_000],
    ['secondary-vocational', 300_000],
    ['postgraduate', 500_000],
    ['vocational-college', 500_000],
  ] as const)('pays the filed amount for %s: %i fen', (level, amountFen) => {
    expect(decide(details({ child: { level } })).amountFen).toBe(amountFen);
  });

  it('fails MEMBER for an inactive member, with a message in both languages', () => {
    const check = checkOf(decide(details(), { member: { ...filedMember, active: false } }), 'MEMBER');
    expect(check?.passed).toBe(false);
    expect(check?.message.zh).toContain('会员资格');
    expect(check?.message.en).toContain('membership');
  });

  it('fails CATEGORY when a worker claims to be filed but has no hardship file', () => {
    const decision = decide(details(), { member: unfiledMember });
    expect(checkOf(decision, 'CATEGORY')?.passed).toBe(false);
    expect(decision.eligible).toBe(false);
    expect(decision.amountFen).toBe(0);
  });

  it('pays the not-filed amount to other categories', () => {
    const decision = decide(details({ category: 'temporary-hardship', household: { size: 4, annualIncomeFen: 4_000_000 } }), { member: unfiledMember });
    expect(decision.eligible).toBe(true);
    expect(decision.amountFen).toBe(400_000);
  });

  describe('INCOME: per-head income below 3 × the annual dibao (¥11,280 → ¥33,840)', () => {
    const limit = 1_128_000 * 3;
    it.each([
      [limit - 1, true],
      [limit, false],
      [limit + 1, false],
    ])('per head %i fen passes: %s', (perHead, passes) => {
      const decision = decide(details({ category: 'temporary-hardship', household: { size: 2, annualIncomeFen: perHead * 2 } }), { member: unfiledMember });
      expect(checkOf(decision, 'INCOME')?.passed).toBe(passes);
      expect(checkOf(decision, 'INCOME')?.facts.perHeadAnnualFen).toBe(perHead);
    });

    it('lets a filed family pass by its file whatever the income', () => {
      const decision = decide(details({ household: { size: 1, annualIncomeFen: 100_000_000 } }));
      expect(checkOf(decision, 'INCOME')?.passed).toBe(true);
      expect(checkOf(decision, 'INCOME')?.facts.passedByFile).toBe(true);
    });
  });

  it('fails ADMISSION for a child admitted last year', () => {
    expect(checkOf(decide(details({ child: { admissionYear: 2025 } })), 'ADMISSION')?.passed).toBe(false);
  });

  it('fails ADMISSION for a level the region does not fund', () => {
    const universityOnly = { ...parameters, eligibleLevels: ['undergraduate', 'postgraduate'] as AutumnAidParameters['eligibleLevels'] };
    expect(checkOf(decide(details({ child: { level: 'high-school' } }), { parameters: universityOnly }), 'ADMISSION')?.passed).toBe(false);
  });

  it.each(['military', 'free-normal', 'commissioned', 'high-fee-private', 'self-funded-abroad', 'sino-foreign'] as const)('fails EXCLUDED_SCHOOL for %s', (schoolKind) => {
    expect(checkOf(decide(details({ child: { schoolKind } })), 'EXCLUDED_SCHOOL')?.passed).toBe(false);
  });

  it('fails NO_DUPLICATE when the child was aided this year, or is funded by another body', () => {
    expect(checkOf(decide(details(), { prior: { ...noPrior, autumnAidChildIdsThisYear: [childId] } }), 'NO_DUPLICATE')?.passed).toBe(false);
    expect(checkOf(decide(details({ child: { otherFunding: true } })), 'NO_DUPLICATE')?.passed).toBe(false);
    expect(checkOf(decide(details(), { prior: { ...noPrior, autumnAidChildIdsThisYear: [residentId('420106', '2009-01-01', '001')] } }), 'NO_DUPLICATE')?.passed).toBe(true);
  });

  describe('WINDOW: the dates of the program year in Asia/Shanghai', () => {
    const summer = { ...parameters, opensOn: '07-01', closesOn: '08-27' };
    it.each([
      ['2026-06-30T15:59:59.000Z', false, 'the last second of 30 June in Shanghai'],
      ['2026-06-30T16:00:00.000Z', true, 'midnight of 1 July in Shanghai'],
      ['2026-08-27T15:59:59.000Z', true, 'the last second of 27 August in Shanghai'],
      ['2026-08-27T16:00:00.000Z', false, 'midnight of 28 August in Shanghai'],
    ])('%s is inside: %s (%s)', (submittedAt, inside) => {
      expect(checkOf(decide(details(), { submittedAt, parameters: summer }), 'WINDOW')?.passed).toBe(inside);
    });
  });

  it('claims the child once per year, keyed by the ID number', () => {
    const claims = autumnAid.exclusiveClaims(details(), '2026-08-01T00:00:00.000Z', { sub: 'w-zhang-wei', memberNumber: 'M-0001' });
    expect(claims).toEqual([expect.objectContaining({ key: `autumn-aid:2026:child:${childId}`, field: 'child.idNumber' })]);
  });

  it('asks for the approval levels and notice of its parameters', () => {
    expect(autumnAid.approvalLevels(decide(details()), parameters)).toEqual([1, 2, 3]);
    expect(autumnAid.publicNoticeDays(parameters)).toBe(5);
    expect(autumnAid.approvalDays(parameters)).toBe(7);
  });
});
