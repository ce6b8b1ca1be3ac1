import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../functions/domain/audit-chain.ts';
import { claimReadyToPay, untilStatus } from '../support/applications.ts';
import { sentBatch } from '../support/batches.ts';
import { testDay, testYear } from '../support/calendar.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

describe('batch sign-off, bank files and conflicting results', () => {
  let runtime: TestRuntime;
  const as = (sub: string) => runtime.tokenOf(sub);
  const post = async (sub: string, path: string, body: unknown = {}) => runtime.request('POST', path, { token: await as(sub), body });
  const upload = async (batchId: string, text: string) => runtime.request('POST', `/payment-batches/${batchId}/bank-results`, { token: await as('f-city'), rawBody: text, headers: { 'content-type': 'text/csv' } });
  const bankFile = async (sub: string, batchId: string) => {
    const response = await fetch(`${runtime.url}/payment-batches/${batchId}/bank-file`, { headers: { authorization: `Bearer ${await as(sub)}` } });
    return { status: response.status, text: Buffer.from(await response.arrayBuffer()).toString('utf8') };
  };
  const batchOf = async (batchId: string) => (await runtime.request('GET', `/payment-batches/${batchId}`, { token: await as('f-city') })).body;

  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(async () => {
    await runtime?.stop();
  });
  afterEach(() => {
    delete process.env.BATCH_SIGN_OFFS;
  });

  it('is prepared by one finance user and released by another; the bank file exists only after release, and every step is on the batch’s audit chain', async () => {
    await claimReadyToPay(runtime, testDay(-60), testDay(-57));
    const prepared = await post('f-city', '/payment-batches', { program: 'mutual-claim' });
    expect(prepared.status).toBe(201);
    const id = prepared.body.batchId as string;
    expect(prepared.body).toMatchObject({ status: 'PREPARED', signOffs: 2, awaiting: 'release', bankFormat: 'generic' });

    expect((await bankFile('f-city', id)).status).toBe(409);
    expect((await upload(id, 'instruction id,amount,status\n')).status).toBe(409);
    const own = await post('f-city', `/payment-batches/${id}/release`);
    expect(own.status).toBe(403);
    expect(own.body.error.message).toContain('另一位财务人员');
    expect((await post('f-city-2', `/payment-batches/${id}/review`)).status).toBe(409);

    const released = await post('f-city-2', `/payment-batches/${id}/release`, { comment: '已核对金额与名单' });
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ status: 'RELEASED', releasedBy: { sub: 'f-city-2', name: '孙悦', comment: '已核对金额与名单' } });
    expect((await post('f-city-3', `/payment-batches/${id}/release`)).status).toBe(409);

    expect((await bankFile('f-city', id)).status).toBe(200);
    expect((await bankFile('f-city', id)).status).toBe(200);
    const batch = await batchOf(id);
    expect(batch.status).toBe('SENT');
    expect(batch.sentBy.sub).toBe('f-city');
    expect(batch.trail.map((event: { action: string }) => event.action)).toEqual(['PREPARE_BATCH', 'RELEASE_BATCH', 'DOWNLOAD_BANK_FILE', 'DOWNLOAD_BANK_FILE']);
    expect(batch.trail[1]).toMatchObject({ actor: { sub: 'f-city-2', role: 'finance' }, reason: '已核对金额与名单' });
    expect(verifyChain(`batch:${id}`, batch.trail)).toEqual({ valid: true, events: 4 });
    expect(batch.actorNames).toEqual({ 'f-city': '林涛', 'f-city-2': '孙悦' });
    const listed = (await runtime.request('GET', '/payment-batches', { token: await as('f-city') })).body.items.find((item: { batchId: string }) => item.batchId === id);
    expect(listed.status).toBe('SENT');
  }, 60_000);

  it('needs three distinct people when BATCH_SIGN_OFFS is 3: a review by a second, the release by a third', async () => {
    process.env.BATCH_SIGN_OFFS = '3';
    await claimReadyToPay(runtime, testDay(-90), testDay(-88));
    const prepared = await post('f-city', '/payment-batches', { program: 'mutual-claim' });
    const id = prepared.body.batchId as string;
    expect(prepared.body).toMatchObject({ signOffs: 3, awaiting: 'review' });
    expect((await post('f-city-2', `/payment-batches/${id}/release`)).status).toBe(409);
    expect((await post('f-city', `/payment-batches/${id}/review`)).status).toBe(403);
    expect((await post('f-city-2', `/payment-batches/${id}/review`)).body).toMatchObject({ status: 'REVIEWED', awaiting: 'release' });
    expect((await post('f-city-2', `/payment-batches/${id}/release`)).status).toBe(403);
    expect((await post('f-city', `/payment-batches/${id}/release`)).status).toBe(403);
    expect((await bankFile('f-city', id)).status).toBe(409);
    expect((await post('f-city-3', `/payment-batches/${id}/release`, { comment: '复核无误，放行' })).body.status).toBe('RELEASED');
    expect((await bankFile('f-city-3', id)).status).toBe(200);
  }, 60_000);

  it('refuses a result file whose header lacks required columns, naming them and storing nothing; flags a later result that contradicts a settled one', async () => {
    const paid = await claimReadyToPay(runtime, testDay(-120), testDay(-117));
    const { batch } = await sentBatch(runtime, { program: 'mutual-claim' });
    const line = `${paid}-P1,${(batch.totalFen / 100).toFixed(2)}`;

    const refused = await upload(batch.batchId, `指令编号,金额,失败原因\r\n${line},\r\n`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields).toEqual([{ path: 'header', message: expect.stringContaining('状态 status') }]);
    expect(refused.body.error.message).toContain('未导入');
    const refusedEn = await runtime.request('POST', `/payment-batches/${batch.batchId}/bank-results`, { token: await as('f-city'), rawBody: `instruction id,amount\n${line}\n`, headers: { 'content-type': 'text/csv', 'accept-language': 'en' } });
    expect(refusedEn.body.error.fields[0].message).toContain('status');
    expect((await runtime.request('GET', `/reconciliations/${batch.batchId}`, { token: await as('f-city') })).status).toBe(404);
    expect((await batchOf(batch.batchId)).status).toBe('SENT');

    expect((await upload(batch.batchId, `指令编号,金额,状态,流水号\r\n${line},成功,BK-1\r\n`)).body.applied).toBe(1);
    await untilStatus(runtime, 'w-wang-fang', paid, 'PAID');
    const later = await upload(batch.batchId, `指令编号,金额,状态,失败原因\r\n${line},失败,账户冻结\r\n`);
    expect(later.status).toBe(200);
    expect(later.body.applied).toBe(0);
    expect(later.body.lines[0]).toMatchObject({ class: 'CONFLICT', settledAs: 'PAID', reason: '账户冻结' });
    expect((await runtime.request('GET', `/applications/${paid}`, { token: await as('w-wang-fang') })).body.status).toBe('PAID');
    const flagged = await batchOf(batch.batchId);
    expect(flagged).toMatchObject({ status: 'RECONCILED', openConflicts: 1 });
    expect(flagged.conflicts).toEqual([expect.objectContaining({ instructionId: `${paid}-P1`, settledAs: 'PAID', reportedAs: 'FAILED' })]);

    const path = `/payment-batches/${batch.batchId}/conflicts/${paid}-P1/resolution`;
    expect((await post('f-city', path, { confirmed: 'earlier' })).status).toBe(400);
    expect((await post('f-city', path, { confirmed: 'earlier', comment: '银行确认已入账，第二份回单有误' })).status).toBe(200);
    expect((await post('f-city', path, { confirmed: 'later', comment: '再次' })).status).toBe(409);
    const resolved = await batchOf(batch.batchId);
    expect(resolved.openConflicts).toBe(0);
    expect(resolved.conflicts[0].resolution).toMatchObject({ confirmed: 'earlier', name: '林涛' });
    expect(resolved.trail.map((event: { action: string }) => event.action).slice(-3)).toEqual(['IMPORT_BANK_RESULTS', 'IMPORT_BANK_RESULTS', 'RESOLVE_PAYMENT_CONFLICT']);
  }, 60_000);

  it('exports ICBC’s batch-payment format when chosen, with the paying account, and lists every payment in the detail CSV', async () => {
    const claim = await claimReadyToPay(runtime, testDay(-150), testDay(-146));
    const noPayer = await post('f-city', '/payment-batches', { program: 'mutual-claim', bankFormat: 'icbc-batch-payment' });
    expect(noPayer.status).toBe(400);
    expect(noPayer.body.error.fields[0].path).toBe('payer');
    const payer = { accountNumber: '3202000109000012345', accountName: '示范市总工会', bank: '中国工商银行示范市分行' };
    const { batch, bankFile: text } = await sentBatch(runtime, { program: 'mutual-claim', bankFormat: 'icbc-batch-payment', payer });
    expect(batch.payer).toEqual(payer);
    expect(text.split('\r\n')[0]).toBe('\uFEFF付款账号开户行,付款账号,付款账号名称,收款账号开户行,省份名,城市名,收款账号,收款账号名称,金额,汇款用途,备注');
    expect(text).toContain(`中国工商银行示范市分行,"=""3202000109000012345""",示范市总工会,中国银行,,,"=""6216601234567890""",王芳,`);
    expect(text).toContain(`,职工互助保障 ${claim},${claim}-P1\r\n`);

    const detail = await fetch(`${runtime.url}/reports/payments?format=csv&program=mutual-claim&year=${testYear}`, { headers: { authorization: `Bearer ${await as('f-city')}` } });
    const rows = Buffer.from(await detail.arrayBuffer()).toString('utf8').split('\r\n').filter(Boolean);
    expect(rows[0]).toContain('指令编号 instruction id,申请编号 application,项目 program,组织 org unit,收款职工 worker');
    const row = rows.find((candidate) => candidate.startsWith(`${claim}-P1,`));
    expect(row).toContain(`${claim}-P1,${claim},职工互助保障,`);
    expect(row).toContain(`王芳,中国银行,************7890,`);
    expect(row).toContain(`,${batch.batchId},已编入批次，待银行结果,`);
    // The applicant by name and member number, and the day they applied; a hospital claim names no resident ID.
    expect(row?.endsWith(`,王芳,M-0003,,${testDay()}`)).toBe(true);
    expect(rows.at(-1)).toMatch(/^合计 total,\d+,/);
    const json = await runtime.request('GET', '/reports/payments?program=mutual-claim', { token: await as('f-city') });
    expect(json.body.items.find((item: { instructionId: string }) => item.instructionId === `${claim}-P1`)).toMatchObject({ status: 'BATCHED', batchId: batch.batchId });
  }, 60_000);
});
