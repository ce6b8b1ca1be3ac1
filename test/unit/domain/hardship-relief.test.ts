import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import region from '../../../functions/domain/demo-region.json' with { type: 'json' };
import { hardshipRelief } from '../../../functions/domain/programs/hardship-relief/index.ts';
import { tierFromApprovedDecision } from '../../../functions/domain/households/file.ts';
import type { HardshipReliefDetails } from '../../../functions/domain/programs/hardship-relief/details.ts';
import type { HardshipReliefParameters } from '../../../functions/domain/programs/hardship-relief/parameters.ts';
import { noPriorBenefits, type Member, type PriorBenefits } from '../../../functions/domain/programs/types.ts';

const p = hardshipRelief.parametersSchema.parse(region.policies['hardship-relief'].parameters) as HardshipReliefParameters;
const noPrior = noPriorBenefits();
const member: Member = { number: 'M-0002', since: '2023-09-15', active: true, gender: 'female', birthDate: '1982-11-02', hardshipFile: null, category: 'new-employment-form', labourMonths: 30 };

/** A household of `size` whose monthly income per head (after rigid expenditure) is exactly `perHeadMonthlyFen`. */
function household(perHeadMonthlyFen: number, size = 2, overrides: Partial<HardshipReliefDetails> = {}): HardshipReliefDetails {
  const annual = perHeadMonthlyFen * 12 * size;
  return hardshipRelief.detailsSchema.parse({
    household: {
      members: Array.from({ length: size }, (_, index) => ({ relation: index === 0 ? 'self' : 'child', name: `成员${index}`, age: 30, annualIncomeFen: index === 0 ? annual : 0, condition: 'none' })),
      rigidExpenditureFen: 0,
      accidentCostFen: 0,
      compensationFen: 0,
    },
    assets: { homes: 1, ownsBusiness: false, employsStaff: false, vehicleInRegularUse: false, driverByTrade: false, childAtHighFeePrivateSchool: false, childSelfFundedAbroad: false },
    causes: { main: 'low-income', secondary: [] },
    aidKinds: ['living'],
    bankAccount: { holder: '李娜', bank: '中国银行', number: '6216601234567890' },
    ...overrides,
  }) as HardshipReliefDetails;
}

const decide = (details: HardshipReliefDetails, options: { m?: Member; prior?: PriorBenefits } = {}) =>
  hardshipRelief.decide({ details, member: options.m ?? member, parameters: p, policyVersion: 'v1', submittedAt: '2026-11-24T02:00:00.000Z', prior: options.prior ?? noPrior });

describe('hardship-relief tiers: per-head monthly income against the dibao of ¥940', () => {
  it.each([
    [93_999, 'DEEP'],
    [94_000, 'RELATIVE'],
    [187_999, 'RELATIVE'],
    [188_000, undefined],
  ])('per head %i fen a month is %s', (perHead, tier) => {
    const decision = decide(household(perHead));
    expect(decision.tier).toBe(tier);
    expect(decision.eligible).toBe(tier !== undefined);
  });

  it('is ACCIDENT when this year’s costs after compensation exceed 80% of the income', () => {
    const base = household(200_000);
    const income = 200_000 * 24;
    const at = (cost: number) => ({ ...base, household: { ...base.household, accidentCostFen: cost + 100_000, compensationFen: 100_000 } });
    expect(decide(at(income * 0.8)).tier).toBeUndefined();
    expect(decide(at(income * 0.8 + 1)).tier).toBe('ACCIDENT');
  });

  it('subtracts rigid expenditure before dividing', () => {
    const base = household(100_000);
    expect(decide({ ...base, household: { ...base.household, rigidExpenditureFen: 12 * 2 * 10_000 } }).tier).toBe('DEEP');
  });
});

describe('hardship-relief checks', () => {
  it.each([
    ['two homes', { homes: 2 }],
    ['a business', { ownsBusiness: true }],
    ['staff employed', { employsStaff: true }],
    ['a high-fee private school', { childAtHighFeePrivateSchool: true }],
    ['study abroad', { childSelfFundedAbroad: true }],
    ['a car not for a living', { vehicleInRegularUse: true }],
  ])('excludes a household with %s', (_, asset) => {
    const base = household(50_000);
    expect(decide({ ...base, assets: { ...base.assets, ...asset } }).checks.find((c) => c.code === 'ASSETS')?.passed).toBe(false);
  });

  it('keeps a driver by trade with a vehicle', () => {
    const base = household(50_000);
    expect(decide({ ...base, assets: { ...base.assets, vehicleInRegularUse: true, driverByTrade: true } }).checks.find((c) => c.code === 'ASSETS')?.passed).toBe(true);
  });

  it.each([
    [11, false],
    [12, true],
  ])('needs 12 months of labour relation from a migrant worker: %i months passes %s', (months, passes) => {
    expect(decide(household(50_000), { m: { ...member, category: 'migrant', labourMonths: months } }).checks.find((c) => c.code === 'MIGRANT_TENURE')?.passed).toBe(passes);
  });

  it('refuses a second open application for the same kind of aid', () => {
    expect(decide(household(50_000), { prior: { ...noPrior, hardshipOpenAidKinds: ['living'] } }).checks.find((c) => c.code === 'NO_DUPLICATE')?.passed).toBe(false);
  });
});

describe('hardship-relief amounts', () => {
  it('gives living aid by tier in months of dibao: DEEP 12, RELATIVE 10', () => {
    expect(decide(household(50_000)).amountFen).toBe(12 * 94_000);
    expect(decide(household(100_000)).amountFen).toBe(10 * 94_000);
  });

  it('caps medical aid at ¥20,000 and pays schooling per student by level, less this year’s grants', () => {
    const details = household(50_000, 3, { aidKinds: ['medical', 'schooling'], medicalSelfPaidFen: 2_500_000, students: [{ level: 'higher-education' }, { level: 'high-school' }] });
    const decision = decide(details, { prior: { ...noPrior, hardshipGrantedThisYearFen: { medical: 500_000 } } });
    expect(decision.amountsByKindFen).toEqual({ medical: 2_000_000 - 500_000, schooling: 10 * 94_000 + 6 * 94_000 });
    expect(decision.amountFen).toBe(1_500_000 + 16 * 94_000);
  });

  it('limits medical aid to what the household’s yearly medical cap leaves after every program’s grants (the ledger)', () => {
    const details = household(50_000, 3, { aidKinds: ['medical', 'living'], medicalSelfPaidFen: 2_500_000 });
    const capped = { ...p, householdMedicalCapFen: 3_000_000 };
    const decision = hardshipRelief.decide({ details, member, parameters: capped, policyVersion: 'v', submittedAt: '2026-11-01T02:00:00Z', prior: { ...noPrior, receivedThisYearByPurposeFen: { medical: 1_800_000, schooling: 500_000 } } });
    expect(decision.amountsByKindFen?.medical).toBe(1_200_000);
    expect(decision.amountsByKindFen?.living).toBe(12 * 94_000);
    expect(decision.computation.map((line) => line.label.zh).join('\n')).toContain('每户每年上限 ¥30,000.00');
    expect(decision.computation.reduce((sum, line) => sum + line.amountFen, 0)).toBe(decision.amountFen);
    const exhausted = hardshipRelief.decide({ details, member, parameters: capped, policyVersion: 'v', submittedAt: '2026-11-01T02:00:00Z', prior: { ...noPrior, receivedThisYearByPurposeFen: { medical: 3_500_000 } } });
    expect(exhausted.amountsByKindFen?.medical).toBe(0);
    const uncapped = hardshipRelief.decide({ details, member, parameters: p, policyVersion: 'v', submittedAt: '2026-11-01T02:00:00Z', prior: { ...noPrior, receivedThisYearByPurposeFen: { medical: 3_500_000 } } });
    expect(uncapped.amountsByKindFen?.medical).toBe(2_000_000);
  });

  it('splits a grant by purpose for the ledger, adding up to its amount', () => {
    const decision = decide(household(50_000, 3, { aidKinds: ['medical', 'living'], medicalSelfPaidFen: 500_000 }));
    const purposes = hardshipRelief.purposes(decision, household(50_000));
    expect(purposes).toEqual({ medical: 500_000, living: 12 * 94_000 });
    expect(Object.values(purposes).reduce((sum, fen) => sum + (fen ?? 0), 0)).toBe(decision.amountFen);
  });

  it('goes to the city for DEEP or a total above ¥10,000', () => {
    expect(hardshipRelief.approvalLevels(decide(household(50_000)), p)).toEqual([1, 2, 3]);
    expect(hardshipRelief.approvalLevels(decide(household(100_000)), p)).toEqual([1, 2]);
    expect(tierFromApprovedDecision(decide(household(100_000)))).toBe('RELATIVE');
  });

  it('never pays a negative amount, a fraction of a fen, or more than the rules allow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400_000 }), fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 0, max: 5_000_000 }), (perHead, medical, granted) => {
        const details = household(perHead, 2, { aidKinds: ['living', 'medical'], medicalSelfPaidFen: Math.max(1, medical) });
        const decision = decide(details, { prior: { ...noPrior, hardshipGrantedThisYearFen: { living: granted, medical: granted } } });
        const kinds = Object.values(decision.amountsByKindFen ?? {});
        return (
          Number.isSafeInteger(decision.amountFen) &&
          decision.amountFen >= 0 &&
          kinds.every((fen) => Number.isSafeInteger(fen) && (fen ?? 0) >= 0) &&
          (decision.amountsByKindFen?.medical ?? 0) <= p.medicalCapFen &&
          (decision.amountsByKindFen?.living ?? 0) <= 12 * p.dibaoMonthlyFen
        );
      }),
    );
  });
});
