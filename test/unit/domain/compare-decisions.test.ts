import { describe, expect, it } from 'vitest';
import { compareDecisions } from '../../../functions/domain/compare-decisions.ts';
import type { Decision } from '../../../functions/domain/programs/types.ts';

const decision = (eligible: boolean, amountFen: number, income: { passed: boolean; zh: string }): Decision => ({
  eligible,
  amountFen,
  policyVersion: 'v',
  computation: [],
  checks: [
    { code: 'MEMBER', passed: true, facts: {}, message: { zh: '会员资格有效', en: 'A member' } },
    { code: 'INCOME', passed: income.passed, facts: {}, message: { zh: income.zh, en: income.zh } },
  ],
});

describe('comparing a decision under two policy versions', () => {
  it('says nothing changed when nothing did', () => {
    const same = decision(true, 500_000, { passed: true, zh: '收入低于标准' });
    const compared = compareDecisions(same, same);
    expect(compared.changed).toBe(false);
    expect(compared.summary.zh).toBe('按现行政策重新审核，结果与原决定相同。');
  });

  it('names the check now met, the eligibility and the new amount', () => {
    const compared = compareDecisions(decision(false, 0, { passed: false, zh: '收入高于标准' }), decision(true, 500_000, { passed: true, zh: '收入低于新标准' }));
    expect(compared.checks.map((check) => [check.code, check.changed])).toEqual([['MEMBER', false], ['INCOME', true]]);
    expect(compared.summary.zh).toBe('按现行政策，您符合条件；金额由 ¥0.00 变为 ¥5,000.00；现在满足：收入低于新标准。');
  });

  it('names a check no longer met', () => {
    const compared = compareDecisions(decision(true, 500_000, { passed: true, zh: '收入低于标准' }), decision(false, 0, { passed: false, zh: '收入高于新标准' }));
    expect(compared.summary.en).toBe('Under the policy now in force you do not qualify; no longer met: 收入高于新标准.');
  });
});
