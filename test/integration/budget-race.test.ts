import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { testYear } from '../support/calendar.ts';

const AMOUNT = 10_000;
/** A year the demo seeds no budget for, so this test's east budget is the only one listed. */
const YEAR = testYear + 1;

/**
 * Final approvals racing for one budget, at the store level (200 full workflows would take
 * minutes): applications waiting on their public notice reserve concurrently through the same
 * code the workflow's ReserveBudget step runs.
 */
describe('budget reservations under concurrency', () => {
  let runtime: TestRuntime;

  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('reserves exactly what fits (150 of 200), parks the rest, and releases them in order when finance raises the allocation', async () => {
    const { createApplication, getApplication } = await import('../../functions/store/applications.ts');
    const { getBudget, listParked } = await import('../../functions/store/budgets.ts');
    const { tryReserve } = await import('../../functions/use-cases/reserve-budget-for-application.ts');
    const { park } = await import('../../functions/use-cases/park-application-awaiting-budget.ts');
    const finance = await runtime.tokenOf('f-city');
    expect((await runtime.request('PUT', `/budgets/autumn-aid/${YEAR}/east`, { token: finance, body: { allocatedFen: 150 * AMOUNT } })).status).toBe(200);

    const ids = Array.from({ length: 200 }, (_, index) => `RACE-${String(index).padStart(3, '0')}`);
    for (const id of ids) {
      await createApplication(
        {
          id,
          program: 'autumn-aid',
          status: 'PUBLIC_NOTICE',
          submittedAt: `${YEAR}-07-01T00:00:00.000Z`,
          year: YEAR,
          applicant: { sub: 'w-zhang-wei', name: '张伟', orgUnit: 'east-machinery', memberNumber: 'M-0001' },
          details: {},
          decision: { eligible: true, amountFen: AMOUNT, policyVersion: 'test', checks: [], computation: [] },
          round: 1,
          claims: [],
        },
        { sub: 'w-zhang-wei', name: '张伟', role: 'worker', orgUnit: 'east-machinery' },
      );
    }

    const outcomes = await Promise.all(
      ids.map(async (id) => {
        const application = await getApplication(id);
        const reserved = await tryReserve(application!);
        if (!reserved) await park((await getApplication(id))!);
        return reserved;
      }),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(150);
    const budget = await getBudget('autumn-aid', YEAR, 'east');
    expect(budget?.reservedFen).toBe(150 * AMOUNT);
    expect(budget!.reservedFen + budget!.paidFen).toBeLessThanOrEqual(budget!.allocatedFen);
    expect(budget?.availableFen).toBe(0);
    const parked = await listParked('autumn-aid', YEAR);
    expect(parked).toHaveLength(50);
    for (const id of parked) expect((await getApplication(id))?.status).toBe('AWAITING_BUDGET');

    const below = await runtime.request('PUT', `/budgets/autumn-aid/${YEAR}/east`, { token: finance, body: { allocatedFen: 100 * AMOUNT } });
    expect(below.status).toBe(409);
    expect(below.body.error.fields[0].path).toBe('allocatedFen');

    const raised = await runtime.request('PUT', `/budgets/autumn-aid/${YEAR}/east`, { token: finance, body: { allocatedFen: 180 * AMOUNT, reason: '追加预算' } });
    expect(raised.status).toBe(200);
    expect(raised.body.released).toEqual(parked.slice(0, 30));
    for (const id of parked.slice(0, 30)) expect((await getApplication(id))?.status).toBe('APPROVED');
    for (const id of parked.slice(30)) expect((await getApplication(id))?.status).toBe('AWAITING_BUDGET');
    expect(await listParked('autumn-aid', YEAR)).toEqual(parked.slice(30));
    expect((await getBudget('autumn-aid', YEAR, 'east'))?.reservedFen).toBe(180 * AMOUNT);

    const budgets = await runtime.request('GET', `/budgets?year=${YEAR}`, { token: await runtime.tokenOf('o-east') });
    expect(budgets.body.items).toEqual([expect.objectContaining({ orgUnit: 'east', allocatedFen: 180 * AMOUNT, reservedFen: 180 * AMOUNT, paidFen: 0, executionRateBp: 0 })]);
  }, 120_000);
});
