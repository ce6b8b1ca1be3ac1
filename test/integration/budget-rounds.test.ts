import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autumnAidDetails, claimReadyToPay, untilStatus, withDocuments } from '../support/applications.ts';
import { testDay, testYear } from '../support/calendar.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

describe('二上二下 budget rounds and in-year adjustments', () => {
  let runtime: TestRuntime;
  const call = async (sub: string, method: string, path: string, body?: unknown) => runtime.request(method, path, { token: await runtime.tokenOf(sub), ...(body !== undefined ? { body } : {}) });
  const deadlines = { proposal: testDay(10), control: testDay(20), detailed: testDay(30), approval: testDay(40) };

  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('goes up and down twice, each step by its owner and in order, and the approved figure becomes the allocation', async () => {
    const next = testYear + 1;
    const submitted = await call('w-zhang-wei', 'POST', '/applications', { program: 'autumn-aid', details: await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', autumnAidDetails()) });
    expect(submitted.status).toBe(202);
    await untilStatus(runtime, 'w-zhang-wei', submitted.body.id, 'PENDING_APPROVAL');

    expect((await call('f-city', 'POST', '/budget-rounds', { year: next, program: 'autumn-aid', orgUnits: ['east', 'nowhere'], deadlines })).body.error.fields[0].path).toBe('orgUnits.1');
    expect((await call('f-city', 'POST', '/budget-rounds', { year: next, program: 'autumn-aid', orgUnits: ['east'], deadlines: { ...deadlines, control: testDay(5) } })).body.error.fields[0].path).toBe('deadlines.control');
    expect((await call('o-east', 'POST', '/budget-rounds', { year: next, program: 'autumn-aid', orgUnits: ['east'], deadlines })).status).toBe(403);
    expect((await call('f-city', 'POST', '/budget-rounds', { year: next, program: 'autumn-aid', orgUnits: ['east', 'west'], deadlines, comment: '请按需求测算' })).status).toBe(201);
    expect((await call('f-city', 'POST', '/budget-rounds', { year: next, program: 'autumn-aid', orgUnits: ['west'], deadlines })).status).toBe(409);

    const round = (await call('o-east', 'GET', `/budget-rounds/${next}/autumn-aid/east`)).body;
    expect(round.next).toMatchObject({ step: 'proposal', owner: 'official', deadline: deadlines.proposal, mine: true, name: '一上·提出预算建议' });
    expect(round.demand.years.map((y: { year: number }) => y.year)).toEqual([testYear - 2, testYear - 1, testYear]);
    expect(round.demand.years[2]).toMatchObject({ applications: 1, workers: 1 });
    expect(round.demand.householdsOnFile).toBe(1);
    expect((await call('o-west', 'GET', `/budget-rounds/${next}/autumn-aid/east`)).status).toBe(404);

    const path = `/budget-rounds/${next}/autumn-aid/east`;
    expect((await call('f-city', 'POST', `${path}/proposal`, { amountFen: 1, comment: 'x' })).status).toBe(403);
    expect((await call('o-east', 'POST', `${path}/control`, { amountFen: 1, comment: '理由' })).status).toBe(403);
    expect((await call('o-east', 'POST', `${path}/proposal`, { amountFen: 60_000_000 })).body.error.fields[0].path).toBe('comment');
    const proposed = await call('o-east', 'POST', `${path}/proposal`, { amountFen: 60_000_000, comment: '去年申请人数增加，预计 120 名学生' });
    expect(proposed.status).toBe(200);
    expect(proposed.body.next).toMatchObject({ step: 'control', owner: 'finance', mine: false });
    expect((await call('o-east', 'POST', `${path}/proposal`, { amountFen: 70_000_000, comment: '再提' })).status).toBe(409);
    expect((await call('f-city', 'POST', `${path}/detailed`, { amountFen: 1 })).status).toBe(403);
    expect((await call('f-city', 'POST', `${path}/approval`, { amountFen: 1, comment: '同意' })).status).toBe(409);
    expect((await call('f-city', 'POST', `${path}/control`, { amountFen: 50_000_000, comment: '' })).body.error.fields[0].path).toBe('comment');
    expect((await call('f-city', 'POST', `${path}/control`, { amountFen: 50_000_000, comment: '按上年执行率下达' })).status).toBe(200);
    const over = await call('o-east', 'POST', `${path}/detailed`, { amountFen: 50_000_001, targets: { workersHelped: 100, averageFen: 500_000, daysToPay: 20 } });
    expect(over.status).toBe(400);
    expect(over.body.error.fields[0]).toMatchObject({ path: 'amountFen', message: expect.stringContaining('控制数') });
    expect((await call('o-east', 'POST', `${path}/detailed`, { amountFen: 48_000_000 })).body.error.fields[0].path).toBe('targets');
    expect((await call('o-east', 'POST', `${path}/detailed`, { amountFen: 48_000_000, comment: '细化到各基层工会', targets: { workersHelped: 96, averageFen: 500_000, daysToPay: 20 } })).status).toBe(200);
    expect((await call('f-city', 'POST', `${path}/approval`, { amountFen: 48_000_001, comment: '同意' })).status).toBe(400);
    const approved = await call('f-city-2', 'POST', `${path}/approval`, { amountFen: 48_000_000, comment: '同意批复' });
    expect(approved.status).toBe(200);
    expect(approved.body.next).toBeNull();
    expect(approved.body.figures).toMatchObject({ proposedFen: 60_000_000, controlFen: 50_000_000, detailedFen: 48_000_000, approvedFen: 48_000_000 });
    expect(approved.body.targets).toEqual({ workersHelped: 96, averageFen: 500_000, daysToPay: 20 });

    const budgets = (await call('f-city', 'GET', `/budgets?year=${next}`)).body.items;
    expect(budgets).toEqual([expect.objectContaining({ program: 'autumn-aid', orgUnit: 'east', allocatedFen: 48_000_000, reservedFen: 0 })]);
    const trail = (await call('f-city', 'GET', path)).body.trail;
    expect(trail.map((event: { action: string }) => event.action)).toEqual(['OPEN_BUDGET_ROUND', 'BUDGET_PROPOSAL', 'BUDGET_CONTROL_FIGURE', 'BUDGET_DETAILED', 'BUDGET_APPROVAL']);
    expect(trail[4]).toMatchObject({ actor: { name: '孙悦' }, reason: '同意批复', actionName: '二下·批复预算' });

    expect((await call('o-east', 'GET', `/budget-rounds?year=${next}`)).body.items.map((item: { orgUnit: string }) => item.orgUnit)).toEqual(['east']);
    expect((await call('f-city', 'GET', `/budget-rounds?year=${next}`)).body.items.map((item: { orgUnit: string }) => item.orgUnit).sort()).toEqual(['east', 'west']);
    const csv = await fetch(`${runtime.url}/budget-rounds?year=${next}&format=csv`, { headers: { authorization: `Bearer ${await runtime.tokenOf('f-city')}` } });
    const text = await csv.text();
    expect(text).toContain('一上建议数(元) proposed');
    expect(text).toContain('东城区总工会,600000.00,500000.00,480000.00,480000.00');
    expect(text).not.toMatch(/autumn-aid|proposal|BUDGET_/);
  }, 60_000);

  it('makes the approved figures the budget approvals reserve against, and adjusts them in small rounds of their own, never below reserved + paid', async () => {
    const path = `/budget-rounds/${testYear}/mutual-claim/west`;
    expect((await call('f-city', 'POST', '/budget-rounds', { year: testYear, program: 'mutual-claim', orgUnits: ['west'], deadlines })).status).toBe(201);
    expect((await call('o-west', 'POST', `${path}/proposal`, { amountFen: 200_000, comment: '医院工会住院津贴需求' })).status).toBe(200);
    expect((await call('f-city', 'POST', `${path}/control`, { amountFen: 150_000, comment: '控制在 1500 元' })).status).toBe(200);
    expect((await call('o-west', 'POST', `${path}/detailed`, { amountFen: 150_000, targets: { workersHelped: 3, averageFen: 50_000, daysToPay: 10 } })).status).toBe(200);
    expect((await call('f-city', 'POST', `${path}/approval`, { amountFen: 150_000, comment: '同意' })).status).toBe(200);

    const claim = await claimReadyToPay(runtime, testDay(-40), testDay(-36));
    const application = (await call('f-city', 'GET', `/applications/${claim}`)).body;
    const west = (await call('f-city', 'GET', `/budgets?year=${testYear}`)).body.items.find((b: { orgUnit: string; program: string }) => b.orgUnit === 'west' && b.program === 'mutual-claim');
    expect(west.reservedFen).toBe(application.decision.amountFen);
    expect(west.reservedFen).toBeGreaterThan(0);

    const ask = (sub: string, body: Record<string, unknown>) => call(sub, 'POST', '/budget-adjustments', { year: testYear, program: 'mutual-claim', orgUnit: 'west', decideBy: testDay(7), reason: '住院人数增加', ...body });
    const tooLow = await ask('o-west', { kind: 'decrease', amountFen: 150_000 });
    expect(tooLow.status).toBe(400);
    expect(tooLow.body.error.fields[0]).toMatchObject({ path: 'amountFen', message: expect.stringContaining('已预留与已支付') });
    expect((await ask('o-east', { kind: 'increase', amountFen: 10_000 })).status).toBe(403);
    expect((await ask('o-west', { kind: 'increase', amountFen: 50_000, decideBy: testDay(-1) })).body.error.fields[0].path).toBe('decideBy');
    const increase = await ask('o-west', { kind: 'increase', amountFen: 50_000 });
    expect(increase.status).toBe(201);
    expect(increase.body).toMatchObject({ status: 'REQUESTED', kindName: '追加' });
    expect((await call('o-west', 'POST', `/budget-adjustments/${increase.body.id}/decision`, { decision: 'approve', comment: '同意' })).status).toBe(403);
    const decided = await call('f-city', 'POST', `/budget-adjustments/${increase.body.id}/decision`, { decision: 'approve', comment: '同意追加' });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ status: 'APPROVED', allocatedBeforeFen: 150_000, allocatedAfterFen: 200_000 });
    expect(decided.body.trail.map((event: { action: string }) => event.action)).toEqual(['REQUEST_BUDGET_ADJUSTMENT', 'APPROVE_BUDGET_ADJUSTMENT']);
    expect((await call('f-city', 'POST', `/budget-adjustments/${increase.body.id}/decision`, { decision: 'approve', comment: '再批' })).status).toBe(409);

    const decrease = await ask('f-city', { kind: 'decrease', amountFen: 10_000, reason: '年中调减' });
    expect((await call('f-city', 'POST', `/budget-adjustments/${decrease.body.id}/decision`, { decision: 'approve', comment: '同意' })).status).toBe(403);
    expect((await call('f-city-2', 'POST', `/budget-adjustments/${decrease.body.id}/decision`, { decision: 'refuse', comment: '暂不调减' })).body.status).toBe('REFUSED');
    const after = (await call('f-city', 'GET', `/budgets?year=${testYear}`)).body.items.find((b: { orgUnit: string; program: string }) => b.orgUnit === 'west' && b.program === 'mutual-claim');
    expect(after.allocatedFen).toBe(200_000);
    expect((await call('o-west', 'GET', `/budget-adjustments?year=${testYear}`)).body.items.map((a: { status: string }) => a.status)).toEqual(['REFUSED', 'APPROVED']);
  }, 60_000);
});
