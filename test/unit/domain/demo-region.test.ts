import { describe, expect, it } from 'vitest';
import { demoRegion, resolveSeedDate } from '../../../infra/local/demo-region.ts';
import { coverStanding } from '../../../functions/domain/programs/mutual-claim/cover.ts';
import { mutualClaim } from '../../../functions/domain/programs/mutual-claim/index.ts';
import type { Member } from '../../../functions/domain/programs/types.ts';

const seedDays = ['2026-12-01', '2027-01-01', '2027-09-01', '2028-02-29', '2030-06-15', '2027-12-31'];

const memberOf = (seedDay: string, sub: string): Member => demoRegion(seedDay).users.find((user) => user.sub === sub)!.member as Member;
const standing = (seedDay: string, sub: string, plan: string) => {
  const region = demoRegion(seedDay);
  const parameters = mutualClaim.parametersSchema.parse(region.policies['mutual-claim']!.parameters);
  const enrolment = memberOf(seedDay, sub).mutualPlans!.find((candidate) => candidate.plan === plan)!;
  return coverStanding(enrolment, seedDay, parameters).state;
};

describe('the demo region on the day it is seeded', () => {
  it('resolves dates relative to the seed day, keeping the day of the month or the month’s last day', () => {
    expect(resolveSeedDate('seed', '2028-02-29')).toBe('2028-02-29');
    expect(resolveSeedDate('seed-55d', '2027-01-01')).toBe('2026-11-07');
    expect(resolveSeedDate('seed+1y-1d', '2028-02-29')).toBe('2029-02-27');
    expect(resolveSeedDate('seed-6m', '2027-08-31')).toBe('2027-02-28');
    expect(resolveSeedDate('seed-year', '2027-01-01')).toBe(2027);
    expect(resolveSeedDate('seed-year-01-01', '2030-06-15')).toBe('2030-01-01');
    expect(resolveSeedDate('2015-01-20', '2030-06-15')).toBe('2015-01-20');
  });

  it.each(seedDays)('tells the same mutual-aid stories when seeded on %s', (seedDay) => {
    expect(standing(seedDay, 'w-wang-fang', 'hospital-allowance')).toBe('COVERED');
    expect(standing(seedDay, 'w-wang-fang', 'critical-illness')).toBe('REDUCED');
    expect(standing(seedDay, 'w-wang-fang', 'accident')).toBe('COVERED');
    expect(standing(seedDay, 'w-li-na', 'hospital-allowance')).toBe('WAITING');
    expect(standing(seedDay, 'w-liu-yang', 'accident')).toBe('LAPSED');
  });

  it.each(seedDays)('has policies in force and budgets for the year when seeded on %s', (seedDay) => {
    const region = demoRegion(seedDay);
    for (const policy of Object.values(region.policies)) expect(policy.effectiveFrom <= seedDay).toBe(true);
    expect(region.budgets.map((budget) => budget.year)).toEqual([1, 2, 3, 4].map(() => Number(seedDay.slice(0, 4))));
    for (const user of region.users.filter((person) => person.member)) {
      expect(user.member!.since < seedDay).toBe(true);
      expect(user.member!.birthDate < seedDay).toBe(true);
    }
  });
});
