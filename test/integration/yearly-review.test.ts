import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { testDay } from '../support/calendar.ts';
import { runYearlyReview } from '../../functions/use-cases/run-yearly-review.ts';

/** A household of three whose head earns `annualIncomeFen`. */
const household = (head: string, annualIncomeFen: number) => ({
  members: [
    { relation: 'self', name: head, age: 41, annualIncomeFen, condition: 'none' },
    { relation: 'spouse', name: '家属', age: 43, annualIncomeFen: 0, condition: 'serious-illness' },
    { relation: 'child', name: '孩子', age: 12, annualIncomeFen: 0, condition: 'none' },
  ],
  rigidExpenditureFen: 0,
  accidentCostFen: 0,
  compensationFen: 0,
});

describe('the yearly review of hardship files (年度复核)', () => {
  let runtime: TestRuntime;
  const as = async (sub: string, method: string, path: string, body?: unknown) => runtime.request(method, path, { token: await runtime.tokenOf(sub), ...(body !== undefined ? { body } : {}) });

  beforeAll(async () => {
    runtime = await startTestRuntime();
    // The review starts today this year, 30 days to do it, a third spot-checked by the unit above.
    const policy = await as('a-city', 'GET', '/programs/hardship-relief/policy?orgUnit=city');
    const published = await as('a-city', 'POST', '/programs/hardship-relief/policy', { orgUnit: 'city', effectiveFrom: testDay(), parameters: { ...policy.body.parameters, yearlyReview: { startsOn: testDay().slice(5), deadlineDays: 30, spotCheckShare: 0.3 } } });
    expect(published.status).toBe(201);
    for (const [official, memberNumber, head] of [['o-west-hospital', 'M-0003', '王芳'], ['o-west-street', 'M-0004', '刘洋'], ['o-east-couriers', 'M-0002', '李娜']] as const) {
      expect((await as(official, 'POST', '/household-files', { memberNumber, household: household(head, 1_200_000), causes: { main: 'illness' } })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('gives every open file a task of its unit, with the spot checks the units above drew, once', async () => {
    expect(await runYearlyReview()).toEqual({ created: 4, flagged: 0 });
    expect(await runYearlyReview()).toEqual({ created: 0, flagged: 0 });

    const east = (await as('o-east', 'GET', '/household-reviews')).body;
    expect(east.items.map((item: { head: { name: string } }) => item.head.name).sort()).toEqual(['张伟', '李娜']);
    expect(east.items[0]).toMatchObject({ state: 'PENDING', stateName: '待复核', dueOn: testDay(30) });
    // Two files below 东城区总工会: at least 30% of them is one.
    expect(east.spotChecks).toHaveLength(1);
    expect(east.spotChecks[0].spotCheckBy).toBe('东城区总工会');
    expect((await as('o-west', 'GET', '/household-reviews')).body.spotChecks).toHaveLength(1);
    expect((await as('o-city', 'GET', '/household-reviews')).body.items).toHaveLength(4);
    expect((await as('o-west-hospital', 'GET', '/household-reviews')).body.items.map((item: { head: { name: string } }) => item.head.name)).toEqual(['王芳']);
  });

  it('re-decides the tier under the policy in force, with its explanation, and closes a file that no longer qualifies', async () => {
    const wang = (await as('o-west-hospital', 'GET', '/household-files?state=OPEN')).body.items[0];
    const reviewed = await as('o-west-hospital', 'POST', `/household-files/${wang.id}/review`, { household: household('王芳', 5_400_000), note: '复工后收入增加' });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body).toMatchObject({ tier: 'RELATIVE', tierDecision: { source: 'review', sourceName: '年度复核', reason: '复工后收入增加' } });
    expect(reviewed.body.review).toMatchObject({ state: 'DONE', outcome: 'retiered', outcomeSentence: '年度复核：困难类别已调整', reviewedBy: '周静' });
    expect(reviewed.body.review.checks.find((check: { code: string }) => check.code === 'TIER').message).toContain('相对困难');
    expect((await as('o-west-hospital', 'POST', `/household-files/${wang.id}/review`, { household: household('王芳', 5_400_000), note: '再复核' })).body.error.code).toBe('NO_REVIEW_DUE');

    const liu = (await as('o-west-street', 'GET', '/household-files?state=OPEN')).body.items[0];
    const closed = await as('o-west-street', 'POST', `/household-files/${liu.id}/review`, { household: household('刘洋', 9_000_000), note: '已稳定就业' });
    expect(closed.body).toMatchObject({ state: 'CLOSED', closeReasonName: '收入已超过困难标准（脱困）', review: { outcome: 'closed', outcomeName: '已退档' } });
    expect(closed.body.audit.at(-1).action).toBe('FILE_REVIEW_CLOSE');
    expect((await as('w-liu-yang', 'GET', '/me')).body.member.hardshipFile).toBeNull();
  });

  it('flags a review not done by its deadline and escalates it to the unit above', async () => {
    await runtime.advanceClock(31 * 86_400);
    expect(await runYearlyReview()).toEqual({ created: 0, flagged: 2 });
    const east = (await as('o-east', 'GET', '/household-reviews')).body;
    expect(east.items.map((item: { state: string; escalatedTo?: string }) => [item.state, item.escalatedTo])).toEqual([
      ['OVERDUE', '东城区总工会'],
      ['OVERDUE', '东城区总工会'],
    ]);
    const west = (await as('o-west', 'GET', '/household-reviews')).body;
    expect(west.items.map((item: { stateName: string }) => item.stateName).sort()).toEqual(['已复核', '已复核']);
    // Overdue is still to be done: the review goes on, late.
    const zhang = (await as('o-east-machinery', 'GET', '/household-files?state=OPEN')).body.items[0];
    const late = await as('o-east-machinery', 'POST', `/household-files/${zhang.id}/review`, { household: household('张伟', 600_000), note: '逾期补做复核' });
    expect(late.body.review).toMatchObject({ state: 'DONE', outcome: 'confirmed' });
  });
});
