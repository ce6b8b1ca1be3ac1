import { describe, expect, it } from 'vitest';
import { combineTargets, daysBetween, drawSample, evaluate, median, percentile } from '../../../functions/domain/finance/evaluation.ts';

describe('绩效评价 figures', () => {
  it('takes medians and nearest-rank percentiles of values that occurred', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([7], 90)).toBe(7);
    expect(daysBetween('2027-02-27', '2027-03-01')).toBe(2);
  });

  it('counts workers, filed households, refusals by reason, appeals, recoveries and call-backs, against targets', () => {
    const result = evaluate({
      applications: [
        { id: 'a', applicantSub: 'w1', onFile: true, status: 'PAID', submittedOn: '2027-03-01', appealed: false },
        { id: 'b', applicantSub: 'w1', onFile: true, status: 'PAID', submittedOn: '2027-03-01', appealed: true },
        { id: 'c', applicantSub: 'w2', onFile: false, status: 'PAID', submittedOn: '2027-03-01', appealed: false },
        { id: 'd', applicantSub: 'w3', onFile: false, status: 'INELIGIBLE', submittedOn: '2027-03-01', refusal: 'INCOME', appealed: false },
        { id: 'e', applicantSub: 'w4', onFile: false, status: 'REJECTED', submittedOn: '2027-03-01', refusal: 'REJECTED', appealed: true },
        { id: 'f', applicantSub: 'w5', onFile: false, status: 'PENDING_APPROVAL', submittedOn: '2027-03-01', appealed: false },
      ],
      payments: [
        { applicationId: 'a', amountFen: 100, paidOn: '2027-03-11' },
        { applicationId: 'b', amountFen: 300, paidOn: '2027-03-21' },
        { applicationId: 'c', amountFen: 200, paidOn: '2027-03-04' },
      ],
      recoveries: [{ amountFen: 50, status: 'RECOVERED' }],
      callBacks: [{ result: 'received' }, { result: 'not-received' }, {}, { result: 'received' }],
      openCases: 1,
      targets: { workersHelped: 4, averageFen: 200, daysToPay: 5 },
    });
    expect(result).toMatchObject({ workersHelped: 2, householdsOnFileHelped: 1, paidCount: 3, paidFen: 600, averageFen: 200, medianFen: 200, daysToPay: { median: 10, p90: 20 } });
    expect(result.refused).toMatchObject({ count: 2, shareBp: 4000 });
    expect(result.refused.reasons.map((reason) => reason.name.zh).sort()).toEqual(['审批未通过', '收入超过标准'].sort());
    expect(result.appeals).toEqual({ count: 2, granted: 1, refused: 1, pending: 0 });
    expect(result.recoveries).toMatchObject({ count: 1, recoveredFen: 50 });
    expect(result.callBacks).toMatchObject({ sampled: 4, recorded: 3, received: 2, notReceived: 1, verifiedShareBp: 5000, openCases: 1 });
    expect(result.attainment).toEqual({ workersHelpedBp: 5000, averageBp: 10_000, daysToPayBp: 5000 });
  });

  it('adds targets of several units and draws fair samples without repeats', () => {
    expect(combineTargets([{ workersHelped: 10, averageFen: 100, daysToPay: 5 }, { workersHelped: 30, averageFen: 200, daysToPay: 9 }])).toEqual({ workersHelped: 40, averageFen: 175, daysToPay: 9 });
    expect(combineTargets([])).toBeNull();
    const ids = Array.from({ length: 20 }, (_, i) => i);
    let seed = 1;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const sample = drawSample(ids, 5, random);
    expect(new Set(sample).size).toBe(5);
    expect(drawSample(ids.slice(0, 3), 5, random).sort()).toEqual([0, 1, 2]);
    const counts = new Array(20).fill(0);
    for (let i = 0; i < 4000; i++) for (const id of drawSample(ids, 2, Math.random)) counts[id] += 1;
    expect(Math.min(...counts)).toBeGreaterThan(250);
  });
});
