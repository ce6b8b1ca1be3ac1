import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, eventually, type TestRuntime } from '../support/runtime.ts';
import { autumnAidDetails, decide, hardshipDetails, untilStatus, withDocuments } from '../support/applications.ts';
import { residentId } from '../support/id-numbers.ts';
import { testDay } from '../support/calendar.ts';
import { now } from '../../functions/shared/clock.ts';

const DAY = 86_400;

describe('hardship relief and mutual claims through the workflows', () => {
  let runtime: TestRuntime;
  const get = async (sub: string, id: string) => (await runtime.request('GET', `/applications/${id}`, { token: await runtime.tokenOf(sub) })).body;

  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('grants relative hardship by the per-head formula, files the household, and autumn aid then reads the file', async () => {
    const submitted = await runtime.request('POST', '/applications', { token: await runtime.tokenOf('w-li-na'), body: { program: 'hardship-relief', details: await withDocuments(runtime, 'w-li-na', 'hardship-relief', hardshipDetails()) } });
    expect(submitted.status).toBe(202);
    const id = submitted.body.id as string;
    const pending = await untilStatus(runtime, 'w-li-na', id, 'PENDING_APPROVAL');
    expect(pending.decision.tier).toBe('RELATIVE');
    expect(pending.decision.amountFen).toBe(940_000);
    expect(pending.approvalLevels).toEqual([1, 2]);
    expect(pending.decision.checks.find((check: { code: string }) => check.code === 'TIER').message).toContain('¥1,166.66');

    const second = await runtime.request('POST', '/applications', { token: await runtime.tokenOf('w-li-na'), body: { program: 'hardship-relief', details: await withDocuments(runtime, 'w-li-na', 'hardship-relief', hardshipDetails()) } });
    expect(second.status).toBe(409);
    expect(second.body.error.fields[0].path).toBe('details.aidKinds');

    expect((await decide(runtime, 'o-east-couriers', id, 'approve')).status).toBe(200);
    expect((await decide(runtime, 'o-east', id, 'approve')).status).toBe(200);
    await untilStatus(runtime, 'w-li-na', id, 'PUBLIC_NOTICE');
    await runtime.advanceClock(5 * DAY);
    await untilStatus(runtime, 'w-li-na', id, 'DISBURSING');

    const autumn = await runtime.request('POST', '/applications', {
      token: await runtime.tokenOf('w-li-na'),
      body: { program: 'autumn-aid', details: await withDocuments(runtime, 'w-li-na', 'autumn-aid', autumnAidDetails({ holder: '李娜', childId: residentId('420106', '2008-09-09', '321') })) },
    });
    const decided = await untilStatus(runtime, 'w-li-na', autumn.body.id, 'PENDING_APPROVAL');
    expect(decided.decision.checks.find((check: { code: string }) => check.code === 'CATEGORY').facts.hardshipFile).toBe('RELATIVE');
    expect(decided.decision.amountFen).toBe(500_000);
  });

  it('pays a hospital allowance from the fourth day, with one reviewer and no public notice', async () => {
    const submitted = await runtime.request('POST', '/applications', {
      token: await runtime.tokenOf('w-wang-fang'),
      body: {
        program: 'mutual-claim',
        details: await withDocuments(runtime, 'w-wang-fang', 'mutual-claim', { plan: 'hospital-allowance', incident: { kind: 'illness', date: testDay(-20), admittedOn: testDay(-20), dischargedOn: testDay(-11) }, billedFen: 1_500_000, selfPaidFen: 400_000, bankAccount: { holder: '王芳', bank: '中国银行', number: '6216601234567890' } }),
      },
    });
    expect(submitted.status).toBe(202);
    const pending = await untilStatus(runtime, 'w-wang-fang', submitted.body.id, 'PENDING_APPROVAL');
    expect(pending.decision.amountFen).toBe(7 * 4_000);
    expect(pending.approvalLevels).toEqual([1]);
    expect((await decide(runtime, 'o-west-hospital', submitted.body.id, 'approve')).status).toBe(200);
    const paying = await untilStatus(runtime, 'w-wang-fang', submitted.body.id, 'DISBURSING');
    expect(paying.history.some((entry: { status: string }) => entry.status === 'PUBLIC_NOTICE')).toBe(false);
  });

  it('halves a critical-illness payout in the waiting window, needs a second reviewer above the threshold, and pays a disease once', async () => {
    const details = { plan: 'critical-illness', incident: { kind: 'illness', date: testDay(-5), disease: 'malignant-tumour' }, bankAccount: { holder: '王芳', bank: '中国银行', number: '6216601234567890' } };
    const submitted = await runtime.request('POST', '/applications', { token: await runtime.tokenOf('w-wang-fang'), body: { program: 'mutual-claim', details: await withDocuments(runtime, 'w-wang-fang', 'mutual-claim', details) } });
    const pending = await untilStatus(runtime, 'w-wang-fang', submitted.body.id, 'PENDING_APPROVAL');
    expect(pending.decision.checks.find((check: { code: string }) => check.code === 'WAITING_PERIOD').facts.incidentDay).toBe(51);
    expect(pending.decision.amountFen).toBe(1_200_000);
    expect(pending.approvalLevels).toEqual([1, 2]);
    const again = await runtime.request('POST', '/applications', { token: await runtime.tokenOf('w-wang-fang'), body: { program: 'mutual-claim', details: await withDocuments(runtime, 'w-wang-fang', 'mutual-claim', details) } });
    expect(again.status).toBe(409);
    expect(again.body.error.fields[0].path).toBe('details.incident.disease');
  });

  it('sends an application that drew an objection during its public notice back to review when the notice ends', async () => {
    const submitted = await runtime.request('POST', '/applications', {
      token: await runtime.tokenOf('w-zhang-wei'),
      body: { program: 'autumn-aid', details: await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', autumnAidDetails({ childId: residentId('420106', '2008-03-03', '777') })) },
    });
    const id = submitted.body.id as string;
    await untilStatus(runtime, 'w-zhang-wei', id, 'PENDING_APPROVAL');
    for (const official of ['o-east-machinery', 'o-east', 'o-city']) expect((await decide(runtime, official, id, 'approve')).status).toBe(200);
    await untilStatus(runtime, 'w-zhang-wei', id, 'PUBLIC_NOTICE');

    const board = await runtime.request('GET', '/public-notices', { token: await runtime.tokenOf('w-chen-jie') });
    const posted = board.body.items.find((item: { id: string }) => item.id === id);
    expect(posted).toMatchObject({ program: 'autumn-aid', applicant: { name: '张伟', orgUnit: 'east-machinery' }, amountFen: 500_000 });
    expect(Date.parse(posted.noticeEndsAt)).toBeGreaterThan(now().getTime());
    expect(Object.keys(posted)).not.toContain('details');
    const elsewhere = await runtime.request('GET', '/public-notices', { token: await runtime.tokenOf('w-li-na') });
    expect(elsewhere.body.items.map((item: { id: string }) => item.id)).not.toContain(id);
    const own = (await runtime.request('GET', '/public-notices', { token: await runtime.tokenOf('w-zhang-wei') })).body.items.find((item: { id: string }) => item.id === id);
    expect([own.mine, posted.mine]).toEqual([true, false]);
    const selfObjection = await runtime.request('POST', `/applications/${id}/objections`, { token: await runtime.tokenOf('w-zhang-wei'), body: { reason: '我对自己的申请有异议' } });
    expect(selfObjection.status).toBe(403);
    expect(selfObjection.body.error.message).toBe('不能对自己的申请提出异议');
    const objection = await runtime.request('POST', `/applications/${id}/objections`, { token: await runtime.tokenOf('w-chen-jie'), body: { reason: '该职工家庭收入情况与公示不符' } });
    expect(objection.status).toBe(201);
    await runtime.advanceClock(5 * DAY);
    const back = await untilStatus(runtime, 'w-zhang-wei', id, 'PENDING_APPROVAL');
    expect(back.round).toBe(2);
    expect(back.history.some((entry: { note?: string }) => entry.note?.includes('异议'))).toBe(true);
    await eventually(async () => ((await runtime.request('GET', '/approvals', { token: await runtime.tokenOf('o-east-machinery') })).body.items.some((item: { applicationId: string }) => item.applicationId === id) ? true : undefined));
    expect((await get('w-zhang-wei', id)).payment).toHaveLength(0);
  });
});
