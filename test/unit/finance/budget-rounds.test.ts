import { describe, expect, it } from 'vitest';
import { adjustedAllocation, deadlineProblems, executionRateBp, nextStep, stepProblems, type StepRecord } from '../../../functions/domain/finance/budget-rounds.ts';

const record = (amountFen: number): StepRecord => ({ amountFen, comment: '理由', by: { sub: 'x', name: 'X' }, at: '2027-01-01T00:00:00Z', late: false });

describe('二上二下 rules', () => {
  it('takes the steps in order, once each', () => {
    expect(nextStep({ steps: {} })).toBe('proposal');
    expect(nextStep({ steps: { proposal: record(1) } })).toBe('control');
    expect(nextStep({ steps: { proposal: record(1), control: record(1), detailed: record(1), approval: record(1) } })).toBeUndefined();
    expect(stepProblems({ steps: {} }, 'control', { amountFen: 1, comment: '理由' })).toEqual([{ path: 'step', message: expect.objectContaining({ zh: expect.stringContaining('一上') }) }]);
    expect(stepProblems({ steps: { proposal: record(1) } }, 'proposal', { amountFen: 1, comment: '再提' })[0]!.path).toBe('step');
  });

  it('keeps the detailed budget within the control figure with targets, and the approval within the detailed budget', () => {
    const controlled = { steps: { proposal: record(100), control: record(80) } };
    expect(stepProblems(controlled, 'detailed', { amountFen: 81, comment: '', targets: { workersHelped: 1, averageFen: 1, daysToPay: 1 } }).map((p) => p.path)).toEqual(['amountFen']);
    expect(stepProblems(controlled, 'detailed', { amountFen: 80, comment: '' }).map((p) => p.path)).toEqual(['targets']);
    expect(stepProblems(controlled, 'detailed', { amountFen: 80, comment: '', targets: { workersHelped: 1, averageFen: 1, daysToPay: 1 } })).toEqual([]);
    const detailed = { steps: { ...controlled.steps, detailed: record(70) } };
    expect(stepProblems(detailed, 'approval', { amountFen: 71, comment: '同意' }).map((p) => p.path)).toEqual(['amountFen']);
    expect(stepProblems(detailed, 'approval', { amountFen: 70, comment: '' }).map((p) => p.path)).toEqual(['comment']);
    expect(stepProblems(detailed, 'approval', { amountFen: 70, comment: '同意' })).toEqual([]);
  });

  it('wants the deadlines in step order', () => {
    expect(deadlineProblems({ proposal: '2027-01-10', control: '2027-01-20', detailed: '2027-01-20', approval: '2027-01-30' })).toEqual([]);
    expect(deadlineProblems({ proposal: '2027-01-10', control: '2027-01-05', detailed: '2027-01-20', approval: '2027-01-30' }).map((p) => p.path)).toEqual(['deadlines.control']);
  });

  it('never adjusts an allocation below reserved + paid', () => {
    const budget = { allocatedFen: 1000, reservedFen: 300, paidFen: 200 };
    expect(adjustedAllocation(budget, 'increase', 500)).toEqual({ allocatedFen: 1500 });
    expect(adjustedAllocation(budget, 'decrease', 500)).toEqual({ allocatedFen: 500 });
    expect(adjustedAllocation(budget, 'decrease', 501)).toHaveProperty('problem');
    expect(executionRateBp(1, 3)).toBe(3333);
    expect(executionRateBp(5, 0)).toBe(0);
  });
});
