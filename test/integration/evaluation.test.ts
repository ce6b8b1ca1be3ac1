import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autumnAidDetails, claimReadyToPay, untilStatus, withDocuments } from '../support/applications.ts';
import { sentBatch } from '../support/batches.ts';
import { testDay, testYear } from '../support/calendar.ts';
import { residentId } from '../support/id-numbers.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

describe('performance evaluation (绩效评价) and call-back verification', () => {
  let runtime: TestRuntime;
  const call = async (sub: string, method: string, path: string, body?: unknown) => runtime.request(method, path, { token: await runtime.tokenOf(sub), ...(body !== undefined ? { body } : {}) });

  beforeAll(async () => {
    process.env.CALLBACK_SAMPLE_SIZE = '1';
    runtime = await startTestRuntime();
  });
  afterAll(async () => {
    delete process.env.CALLBACK_SAMPLE_SIZE;
    await runtime?.stop();
  });

  it('measures a year against the 二上 targets, samples paid applications for call-backs, and opens a case when the money did not arrive', async () => {
    const deadlines = { proposal: testDay(1), control: testDay(2), detailed: testDay(3), approval: testDay(4) };
    const round = `/budget-rounds/${testYear}/mutual-claim/west`;
    expect((await call('f-city', 'POST', '/budget-rounds', { year: testYear, program: 'mutual-claim', orgUnits: ['west'], deadlines })).status).toBe(201);
    await call('o-west', 'POST', `${round}/proposal`, { amountFen: 500_000, comment: '住院津贴需求' });
    await call('f-city', 'POST', `${round}/control`, { amountFen: 500_000, comment: '同意建议数' });
    await call('o-west', 'POST', `${round}/detailed`, { amountFen: 500_000, targets: { workersHelped: 2, averageFen: 40_000, daysToPay: 10 } });
    expect((await call('f-city', 'POST', `${round}/approval`, { amountFen: 500_000, comment: '同意' })).status).toBe(200);

    const first = await claimReadyToPay(runtime, testDay(-40), testDay(-36));
    const second = await claimReadyToPay(runtime, testDay(-70), testDay(-65));
    const refused = await call('w-chen-jie', 'POST', '/applications', { program: 'autumn-aid', details: await withDocuments(runtime, 'w-chen-jie', 'autumn-aid', { ...autumnAidDetails({ childId: residentId('420106', '2008-05-05', '321'), holder: '陈杰' }) }) });
    await untilStatus(runtime, 'w-chen-jie', refused.body.id, 'INELIGIBLE');

    const { batch } = await sentBatch(runtime, { program: 'mutual-claim' });
    const lines = batch.instructions.map((i: { instructionId: string; amountFen: number }) => `${i.instructionId},${(i.amountFen / 100).toFixed(2)},SUCCESS`).join('\n');
    expect((await runtime.request('POST', `/payment-batches/${batch.batchId}/bank-results`, { token: await runtime.tokenOf('f-city'), rawBody: `instruction id,amount,status\n${lines}\n`, headers: { 'content-type': 'text/csv' } })).status).toBe(200);
    await untilStatus(runtime, 'w-wang-fang', first, 'PAID');
    await untilStatus(runtime, 'w-wang-fang', second, 'PAID');
    const amounts = batch.instructions.map((i: { amountFen: number }) => i.amountFen).sort((a: number, b: number) => a - b);

    const draw = await call('f-city', 'POST', '/call-back-samples', { year: testYear, program: 'mutual-claim' });
    expect(draw.status).toBe(201);
    expect(draw.body.items).toHaveLength(1);
    const again = await call('f-city', 'POST', '/call-back-samples', { year: testYear, program: 'mutual-claim' });
    expect(again.body.items).toHaveLength(1);
    expect(again.body.items[0].applicationId).not.toBe(draw.body.items[0].applicationId);
    expect((await call('f-city', 'POST', '/call-back-samples', { year: testYear, program: 'mutual-claim' })).body.error.code).toBe('NOTHING_TO_SAMPLE');
    expect((await call('o-east', 'GET', `/call-back-samples/${draw.body.sampleId}`)).status).toBe(404);
    expect((await call('o-west-hospital', 'GET', '/call-back-samples')).body.items).toHaveLength(2);

    const record = (sample: { sampleId: string; items: { applicationId: string }[] }, sub: string, body: unknown) => call(sub, 'POST', `/call-back-samples/${sample.sampleId}/items/${sample.items[0]!.applicationId}`, body);
    expect((await record(draw.body, 'o-east', { result: 'received' })).status).toBe(404);
    expect((await record(draw.body, 'o-west-hospital', { result: 'maybe' })).status).toBe(400);
    expect((await record(draw.body, 'o-west-hospital', { result: 'received', note: '本人确认' })).body).toMatchObject({ result: 'received', resultName: '已收到', recordedBy: { name: '周静' } });
    expect((await record(draw.body, 'o-west-hospital', { result: 'received' })).status).toBe(409);
    expect((await record(again.body, 'o-west', { result: 'not-received', note: '职工称未到账' })).status).toBe(200);
    const cases = (await call('f-city', 'GET', '/cases')).body.items;
    expect(cases).toEqual([expect.objectContaining({ applicationId: again.body.items[0].applicationId, kind: 'payment-not-received', status: 'OPEN', note: '职工称未到账' })]);
    const history = (await call('w-wang-fang', 'GET', `/applications/${again.body.items[0].applicationId}`)).body.history;
    expect(JSON.stringify(history)).toContain('已立案核查');

    const report = await call('f-city', 'GET', `/reports/evaluation?year=${testYear}&orgUnit=west&program=mutual-claim`);
    expect(report.status).toBe(200);
    const mutual = report.body.items[0];
    expect(mutual).toMatchObject({ program: 'mutual-claim', applications: 2, workersHelped: 1, householdsOnFileHelped: 0, paidCount: 2, paidFen: amounts[0] + amounts[1], medianFen: amounts[0], daysToPay: { median: 0, p90: 0 } });
    expect(mutual.averageFen).toBe(Math.round((amounts[0] + amounts[1]) / 2));
    expect(mutual.targets).toEqual({ workersHelped: 2, averageFen: 40_000, daysToPay: 10 });
    expect(mutual.attainment.workersHelpedBp).toBe(5000);
    expect(mutual.callBacks).toMatchObject({ sampled: 2, recorded: 2, received: 1, notReceived: 1, verifiedShareBp: 5000, openCases: 1 });

    const whole = (await call('f-city', 'GET', `/reports/evaluation?year=${testYear}&program=autumn-aid`)).body.items[0];
    expect(whole.refused).toMatchObject({ count: 1, shareBp: 10_000, reasons: [{ code: 'MEMBER', name: '会员资格不符', count: 1 }] });
    expect((await call('o-west', 'GET', `/reports/evaluation?year=${testYear}&orgUnit=east`)).body.orgUnit).toBe('west');

    const csv = await fetch(`${runtime.url}/reports/evaluation?year=${testYear}&format=csv`, { headers: { authorization: `Bearer ${await runtime.tokenOf('f-city')}` } });
    const text = await csv.text();
    expect(text).toContain('核实率 verified share');
    expect(text).toContain('职工互助保障');
    expect(text).toContain('会员资格不符');
    expect(text).not.toMatch(/mutual-claim|MEMBER|not-received/);

    const caseOf = cases[0];
    expect((await call('f-city', 'POST', `/applications/${caseOf.applicationId}/cases/${caseOf.seq}/close`, { note: '银行查询已到账' })).body.status).toBe('CLOSED');
    expect((await call('f-city', 'GET', '/cases')).body.items).toEqual([]);
  }, 90_000);
});
