import { describe, expect, it } from 'vitest';
import region from '../../../functions/domain/demo-region.json' with { type: 'json' };
import { closeFileBody, decideFile, fileChangeForApproval, memberFileOf, openFileBody, stateForTier, tierFromApprovedDecision } from '../../../functions/domain/households/file.ts';
import { hardshipRelief } from '../../../functions/domain/programs/hardship-relief/index.ts';
import type { HardshipReliefParameters } from '../../../functions/domain/programs/hardship-relief/parameters.ts';
import type { Decision, Member } from '../../../functions/domain/programs/types.ts';

const p = hardshipRelief.parametersSchema.parse(region.policies['hardship-relief'].parameters) as HardshipReliefParameters;
const member: Member = { number: 'M-0003', since: '2014-01-01', active: true, gender: 'female', birthDate: '1985-01-01', hardshipFile: null, category: 'employee' };
/** A household of three whose monthly income per head is `perHead` (no rigid expenditure), with `accident` costs. */
const household = (perHead: number, accident = 0) => ({
  members: [
    { relation: 'self' as const, name: '王芳', age: 41, annualIncomeFen: perHead * 36, condition: 'none' as const },
    { relation: 'spouse' as const, name: '钱进', age: 43, annualIncomeFen: 0, condition: 'serious-illness' as const },
    { relation: 'child' as const, name: '钱小月', age: 12, annualIncomeFen: 0, condition: 'none' as const },
  ],
  rigidExpenditureFen: 0,
  accidentCostFen: accident,
  compensationFen: 0,
});

describe('the hardship file rules', () => {
  it('files deep and relative hardship by the same tier rules as an application, accident-caused hardship as temporary', () => {
    expect(decideFile({ member, household: household(p.dibaoMonthlyFen - 1), parameters: p }).tier).toBe('DEEP');
    expect(decideFile({ member, household: household(p.dibaoMonthlyFen), parameters: p }).tier).toBe('RELATIVE');
    expect(decideFile({ member, household: household(2 * p.dibaoMonthlyFen - 1), parameters: p }).tier).toBe('RELATIVE');
    const above = decideFile({ member, household: household(2 * p.dibaoMonthlyFen), parameters: p });
    expect(above.tier).toBeUndefined();
    expect(above.explanation.zh).toContain('不低于低保标准的 2 倍');
    const accident = decideFile({ member, household: household(2 * p.dibaoMonthlyFen, 2 * p.dibaoMonthlyFen * 36), parameters: p });
    expect(accident.tier).toBe('ACCIDENT');
    expect(stateForTier('ACCIDENT')).toBe('TEMPORARY');
    expect(stateForTier('DEEP')).toBe('OPEN');
  });

  it('refuses a member whose membership is not active, saying so', () => {
    const decided = decideFile({ member: { ...member, active: false }, household: household(100), parameters: p });
    expect(decided.tier).toBeUndefined();
    expect(decided.explanation.en).toBe('Union membership is not active, so no file can be opened');
  });

  it('opens on an approval when nothing is open, re-tiers a different tier, and never makes a regular file temporary', () => {
    expect(fileChangeForApproval(undefined, 'RELATIVE')).toBe('open');
    expect(fileChangeForApproval({ state: 'CLOSED', tier: 'DEEP' }, 'DEEP')).toBe('open');
    expect(fileChangeForApproval({ state: 'OPEN', tier: 'DEEP' }, 'DEEP')).toBe('none');
    expect(fileChangeForApproval({ state: 'OPEN', tier: 'DEEP' }, 'RELATIVE')).toBe('retier');
    expect(fileChangeForApproval({ state: 'OPEN', tier: 'DEEP' }, 'ACCIDENT')).toBe('none');
    expect(fileChangeForApproval({ state: 'TEMPORARY', tier: 'ACCIDENT' }, 'DEEP')).toBe('retier');
    const decision = (eligible: boolean, tier?: Decision['tier']): Decision => ({ eligible, ...(tier ? { tier } : {}), amountFen: 0, policyVersion: 'v', checks: [], computation: [] });
    expect(tierFromApprovedDecision(decision(true, 'ACCIDENT'))).toBe('ACCIDENT');
    expect(tierFromApprovedDecision(decision(false, 'DEEP'))).toBeUndefined();
  });

  it('gives the rules a filed household only while its file is open', () => {
    expect(memberFileOf({ state: 'OPEN', tier: 'DEEP', filedOn: '2025-03-01' })).toEqual({ tier: 'DEEP', filedOn: '2025-03-01' });
    expect(memberFileOf({ state: 'TEMPORARY', tier: 'ACCIDENT', filedOn: '2025-03-01' })).toEqual({ tier: 'ACCIDENT', filedOn: '2025-03-01' });
    expect(memberFileOf({ state: 'CLOSED', tier: 'DEEP', filedOn: '2025-03-01' })).toBeNull();
    expect(memberFileOf(undefined)).toBeNull();
  });

  it('checks what officials send', () => {
    expect(openFileBody.safeParse({ memberNumber: 'M-1', household: household(1), causes: { main: 'illness' } }).success).toBe(true);
    expect(closeFileBody.safeParse({ reason: 'bored', note: 'x' }).success).toBe(false);
    expect(closeFileBody.safeParse({ reason: 'deceased', note: ' ' }).success).toBe(false);
  });
});
