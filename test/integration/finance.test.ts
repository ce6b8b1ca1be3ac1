import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { claimReadyToPay, untilStatus } from '../support/applications.ts';
import { sentBatch } from '../support/batches.ts';
import { testDay, testYear } from '../support/calendar.ts';

describe('payment batches, bank files and reconciliation', () => {
  let runtime: TestRuntime;
  const finance = () => runtime.tokenOf('f-city');
  const csv = async (path: string) => {
    const response = await fetch(`${runtime.url}${path}`, { headers: { authorization: `Bearer ${await finance()}` } });
    // Decode by hand: TextDecoder (and so response.text()) would drop the BOM we want to see.
    const bytes = Buffer.from(await response.arrayBuffer());
    return { status: response.status, type: response.headers.get('content-type'), text: bytes.toString('utf8'), bom: bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) };
  };
  const upload = async (batchId: string, text: string) =>
    runtime.request('POST', `/payment-batches/${batchId}/bank-results`, { token: await finance(), rawBody: text, headers: { 'content-type': 'text/csv' } });

  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('pays one claim, fails another, reconciles every kind of line once, and re-issues the failed one to the corrected account', async () => {
    const paid = await claimReadyToPay(runtime, testDay(-40), testDay(-31));
    const failed = await claimReadyToPay(runtime, testDay(-70), testDay(-66));

    const batch = await runtime.request('POST', '/payment-batches', { token: await finance(), body: { program: 'mutual-claim' } });
    expect(batch.status).toBe(201);
    expect((await runtime.request('POST', `/payment-batches/${batch.body.batchId}/release`, { token: await runtime.tokenOf('f-city-2'), body: { comment: '名单与金额已核对' } })).status).toBe(200);
    expect(batch.body.count).toBe(2);
    expect(batch.body.totalFen).toBe(7 * 4_000 + 2 * 4_000);
    expect(batch.body.instructions[0].accountNumber).toMatch(/^\*+7890$/);
    expect((await runtime.request('POST', '/payment-batches', { token: await finance(), body: { program: 'mutual-claim' } })).status).toBe(409);

    const file = await csv(`/payment-batches/${batch.body.batchId}/bank-file`);
    expect(file.type).toContain('text/csv');
    expect(file.bom).toBe(true);
    expect(file.text).toContain(`${paid}-P1,王芳,"=""6216601234567890""",中国银行,280.00,职工互助保障 ${paid}\r\n`);
    expect(file.text.split('\r\n').filter(Boolean)).toHaveLength(3);
    expect((await csv(`/payment-batches/${batch.body.batchId}/bank-file`)).text).toBe(file.text);

    const results = [
      '\uFEFF指令编号,账号,金额,状态,失败原因,流水号',
      `${paid}-P1,6216601234567890,"280.00",成功,,BK-0001`,
      `${failed}-P1,6216601234567890,80.00,失败,账户已销户,`,
      `${paid}-P1,6216601234567890,280.00,成功,,BK-0001`,
      'APP-NOBODY-P1,6200000000000000,10.00,成功,,BK-0009',
      'broken line without enough,cells',
      '',
      '',
    ].join('\r\n');
    const reconciled = await upload(batch.body.batchId, results);
    expect(reconciled.status).toBe(200);
    expect(reconciled.body.applied).toBe(2);
    const classes = reconciled.body.lines.map((line: { class: string }) => line.class);
    expect(classes).toEqual(['PAID', 'FAILED', 'DUPLICATE', 'UNKNOWN', 'MALFORMED']);
    expect(reconciled.body.lines[4].lineNo).toBe(6);
    expect(reconciled.body.lines[4].reason).toMatch(/金额/);
    expect(reconciled.body.totals.PAID).toEqual({ count: 1, fen: 28_000 });
    expect(reconciled.body.totals.FAILED).toEqual({ count: 1, fen: 8_000 });

    await untilStatus(runtime, 'w-wang-fang', paid, 'PAID');
    const failing = await untilStatus(runtime, 'w-wang-fang', failed, 'PAYMENT_FAILED');
    expect(failing.history.at(-1).note).toContain('账户已销户');

    const again = await upload(batch.body.batchId, results);
    expect(again.body.applied).toBe(0);
    expect((await runtime.request('GET', `/reconciliations/${batch.body.batchId}?class=FAILED`, { token: await finance() })).body.lines).toHaveLength(1);

    const fixed = await runtime.request('PUT', `/applications/${failed}/bank-account`, { token: await runtime.tokenOf('w-wang-fang'), body: { holder: '王芳', bank: '中国工商银行', number: '6222020000111122223' } });
    expect(fixed.status).toBe(200);
    await untilStatus(runtime, 'w-wang-fang', failed, 'DISBURSING');
    const { batch: reissue, bankFile } = await sentBatch(runtime, {});
    expect(reissue.instructions.map((i: { instructionId: string }) => i.instructionId)).toEqual([`${failed}-P2`]);
    expect(bankFile).toContain('6222020000111122223');
    const paidNow = await upload(reissue.batchId, `instruction id,amount,status,reference\n${failed}-P2,80.00,SUCCESS,BK-0002\n`);
    expect(paidNow.body.totals.PAID.count).toBe(1);
    const done = await untilStatus(runtime, 'w-wang-fang', failed, 'PAID');
    expect(done.payment.map((p: { attempt: number; status: string }) => `${p.attempt}:${p.status}`)).toEqual(['1:FAILED', '2:PAID']);

    const report = await runtime.request('GET', `/reports/disbursements?year=${testYear}&program=mutual-claim`, { token: await finance() });
    expect(report.body.total.paidFen).toBe(36_000);
    expect(report.body.byMonth.reduce((sum: number, m: { paidFen: number }) => sum + m.paidFen, 0)).toBe(36_000);
    expect(report.body.byMonth.reduce((sum: number, m: { failedFen: number }) => sum + m.failedFen, 0)).toBe(8_000);
    expect(report.body.lines.reduce((sum: number, l: { paidFen: number }) => sum + l.paidFen, 0)).toBe(report.body.total.paidFen);
    const reportCsv = await csv(`/reports/disbursements?year=${testYear}&format=csv`);
    expect(reportCsv.bom).toBe(true);
    expect(reportCsv.text).toContain('mutual-claim,city,示范市总工会,300000.00,0.00,360.00,80.00,0.12%');
    const byProgram = await csv(`/reports/disbursements?year=${testYear}&format=csv&by=program`);
    expect(byProgram.text.split('\r\n').filter(Boolean).map((row) => row.split(',')[0])).toEqual(['\uFEFF项目 program', 'autumn-aid', 'hardship-relief', 'mutual-claim', 'warmth-visits', '合计 total']);
    const byMonth = await csv(`/reports/disbursements?year=${testYear}&format=csv&by=month`);
    const monthRows = byMonth.text.split('\r\n').filter(Boolean).slice(1).map((row) => row.split(','));
    const paidCells = monthRows.slice(0, -1).map((row) => Math.round(Number(row[1]) * 100));
    expect(monthRows.at(-1)?.[1]).toBe((paidCells.reduce((a, b) => a + b, 0) / 100).toFixed(2));
    const tooMuch = await runtime.request('POST', `/applications/${paid}/recoveries`, { token: await finance(), body: { amountFen: 28_001, reason: '住院天数核减' } });
    expect(tooMuch.status).toBe(400);
    const recovery = await runtime.request('POST', `/applications/${paid}/recoveries`, { token: await finance(), body: { amountFen: 8_000, reason: '住院天数核减 2 天' } });
    expect(recovery.status).toBe(201);
    expect((await runtime.request('GET', '/recoveries', { token: await finance() })).body.items.map((r: { applicationId: string }) => r.applicationId)).toContain(paid);
    const closed = await runtime.request('PUT', `/applications/${paid}/recoveries/1`, { token: await finance(), body: { outcome: 'RECOVERED', note: '职工已退回' } });
    expect(closed.body.status).toBe('RECOVERED');
    expect((await runtime.request('PUT', `/applications/${paid}/recoveries/1`, { token: await finance(), body: { outcome: 'WRITTEN_OFF', note: '再次' } })).status).toBe(409);
    const trail = await runtime.request('GET', `/audit/${paid}`, { token: await finance() });
    expect(trail.body.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['PAYMENT_PAID', 'OPEN_RECOVERY', 'RECOVERY_RECOVERED']));

    const budgets = await runtime.request('GET', `/budgets?year=${testYear}`, { token: await finance() });
    const mutual = budgets.body.items.find((b: { program: string }) => b.program === 'mutual-claim');
    expect(mutual.paidFen).toBe(36_000);
    expect(mutual.reservedFen).toBe(0);
  }, 60_000);

  it('reports MISSING for instructions the bank file does not mention, and AMOUNT_MISMATCH without paying', async () => {
    const first = await claimReadyToPay(runtime, testDay(-100), testDay(-93));
    // A day shorter than the first: the same payee, account and amount twice in one batch would be blocked as a duplicate.
    const second = await claimReadyToPay(runtime, testDay(-130), testDay(-124));
    const { batch } = await sentBatch(runtime, { program: 'mutual-claim', orgUnit: 'west' });
    expect(batch.count).toBe(2);
    const reconciled = await upload(batch.batchId, `instruction id,amount,status\n${first}-P1,"1,000.00",SUCCESS\n`);
    expect(reconciled.body.lines.map((line: { class: string }) => line.class)).toEqual(['AMOUNT_MISMATCH', 'MISSING']);
    expect(reconciled.body.lines[1].instructionId).toBe(`${second}-P1`);
    expect(reconciled.body.applied).toBe(0);
    expect((await runtime.request('GET', `/applications/${first}`, { token: await runtime.tokenOf('w-wang-fang') })).body.status).toBe('DISBURSING');
  }, 60_000);

  it('takes the first of two payments to the same payee, account and amount into a batch and blocks the second as its duplicate', async () => {
    const first = await claimReadyToPay(runtime, testDay(-160), testDay(-153));
    const second = await claimReadyToPay(runtime, testDay(-150), testDay(-143));

    const prepared = await runtime.request('POST', '/payment-batches', { token: await finance(), body: { program: 'mutual-claim', orgUnit: 'west' } });

    expect(prepared.status).toBe(201);
    expect(prepared.body.instructions.map((item: { instructionId: string }) => item.instructionId)).toEqual([`${first}-P1`]);
    expect(prepared.body.blockedCount).toBe(1);
    const blocked = await runtime.request('GET', '/payment-instructions?state=blocked', { token: await finance() });
    expect(blocked.body.items.map((item: { instructionId: string }) => item.instructionId)).toContain(`${second}-P1`);
  }, 60_000);

  it('judges a duplicate after the payment it repeats while the others are taken at once, and lists the batch oldest first', async () => {
    // Stays of lengths no other test pays, so that none of theirs is a duplicate of these.
    const first = await claimReadyToPay(runtime, testDay(-60), testDay(-48));
    const other = await claimReadyToPay(runtime, testDay(-15), testDay(-4));
    const repeat = await claimReadyToPay(runtime, testDay(-28), testDay(-16));
    const ours = new Set([first, other, repeat].map((id) => `${id}-P1`));

    const prepared = await runtime.request('POST', '/payment-batches', { token: await finance(), body: { program: 'mutual-claim', orgUnit: 'west' } });

    expect(prepared.status).toBe(201);
    // Another test's blocked payment may be judged again here: only this test's are looked at.
    expect(prepared.body.instructions.map((item: { instructionId: string }) => item.instructionId).filter((id: string) => ours.has(id))).toEqual([`${first}-P1`, `${other}-P1`]);
    const blocked = await runtime.request('GET', '/payment-instructions?state=blocked', { token: await finance() });
    expect(blocked.body.items.map((item: { instructionId: string }) => item.instructionId)).toContain(`${repeat}-P1`);
  }, 60_000);
});
