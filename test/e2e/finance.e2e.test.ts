import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { claimReadyToPay, untilStatus } from '../support/applications.ts';
import { testDay, testYear } from '../support/calendar.ts';
import { desktopPage, expectAccessible, screenshot, signIn, webAppUnderTest } from './browser.ts';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** Payments are made on the test runtime's clock, which starts at TEST_NOW. */
const paidMonth = testDay().slice(0, 7);

/** Clicks what starts a download and returns the file's bytes. */
async function downloaded(page: Page, start: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = (await Promise.all([page.waitForEvent('download'), start()])) as [Download, void];
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

describe('the finance console in Chromium', () => {
  const app = webAppUnderTest();

  it('takes finance from budgets through a batch, its bank files and reconciliation, to failed payments and the report', async () => {
    const paid = await claimReadyToPay(app.runtime, testDay(-40), testDay(-31));
    const failed = await claimReadyToPay(app.runtime, testDay(-70), testDay(-66));

    const page = await signIn(await desktopPage(app.browser), app.runtime.url, '林涛');

    // Budgets: an execution bar per budget (the three programs and the 送温暖 campaign); no typed allocation, but 追加/调减 decided by another finance user.
    await page.getByRole('heading', { level: 1, name: '预算执行' }).waitFor();
    const mutual = page.getByRole('row', { name: /职工互助保障/ });
    await expect.poll(() => mutual.textContent()).toContain('¥300,000.00');
    await expect(mutual.textContent()).resolves.toContain('执行率');
    await expect(page.locator('.usage .bar').count()).resolves.toBe(4);
    await expect(page.getByRole('table').first().getByRole('button').count()).resolves.toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'finance-budgets');
    const adjustments = page.getByRole('region', { name: '预算调整（追加/调减）' });
    await adjustments.getByLabel('预算', { exact: true }).selectOption({ label: '职工互助保障 · 示范市总工会 · ¥300,000.00' });
    await adjustments.getByLabel('调整金额（元）').fill('abc');
    await adjustments.getByLabel('调整原因').fill('年中追加');
    await adjustments.getByRole('button', { name: '提交调整申请' }).click();
    await expect.poll(() => page.locator('#adjust-amount-error').textContent()).toContain('不是有效的元金额');
    await adjustments.getByLabel('调整金额（元）').fill('50,000');
    await adjustments.getByRole('button', { name: '提交调整申请' }).click();
    await page.getByText('调整申请已提交').waitFor();
    await expect.poll(() => adjustments.textContent()).toContain('追加 ¥50,000.00');
    // 林涛 asked, so he cannot decide it.
    await expect(adjustments.getByRole('button', { name: '批准', exact: true }).count()).resolves.toBe(0);
    const approver = await signIn(await desktopPage(app.browser), app.runtime.url, '孙悦');
    const theirs = approver.getByRole('region', { name: '预算调整（追加/调减）' });
    await theirs.getByLabel('审批意见').fill('同意追加');
    await theirs.getByRole('button', { name: '批准', exact: true }).click();
    await expect.poll(() => theirs.textContent()).toContain('¥300,000.00 → ¥350,000.00');
    await expect.poll(() => approver.getByRole('row', { name: /职工互助保障/ }).textContent()).toContain('¥350,000.00');
    await screenshot(approver, 'finance-budgets-adjusted');
    await approver.context().close();
    await page.reload();
    await expect.poll(() => mutual.textContent()).toContain('¥350,000.00');

    // A batch of both claims; its bank file is the bank's CSV with a BOM and full account numbers.
    await page.getByRole('link', { name: '付款批次' }).click();
    await page.getByLabel('项目').selectOption({ label: '职工互助保障' });
    await expectAccessible(page);
    await screenshot(page, 'finance-batches');
    await page.getByRole('button', { name: '生成批次' }).click();
    await page.waitForURL(/#\/finance\/batches\/B-/);
    const batchId = decodeURIComponent(page.url().split('/').at(-1) ?? '');
    await page.getByRole('heading', { level: 1, name: `付款批次 ${batchId}` }).waitFor();
    await expect.poll(() => page.locator('.figures').textContent()).toContain('¥360.00');
    await page.getByText('尚未对账').waitFor();
    // 林涛 prepared it: he cannot release it, and there is no bank file before release.
    await page.getByText('本批次由您生成，须由另一位财务人员签批。').waitFor();
    await expect(page.getByRole('button', { name: '放行批次' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: '下载转账文件' }).count()).resolves.toBe(0);
    await expect(page.getByText('批次放行后才能下载银行文件。').count()).resolves.toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'finance-batch');

    // 孙悦 releases it with a comment; the list then shows it released.
    const checker = await signIn(await desktopPage(app.browser), app.runtime.url, '孙悦');
    await checker.goto(`${app.runtime.url}/#/finance/batches/${encodeURIComponent(batchId)}`);
    await checker.getByLabel(/放行意见（2 笔付款有审核警示，必填）/).fill('名单与金额已核对');
    await checker.getByRole('button', { name: '放行批次' }).click();
    await expect.poll(() => checker.locator('.figures').textContent()).toContain('已放行，待发送');
    await expect(checker.locator('.sign-off').first().textContent()).resolves.toContain('孙悦');
    await expectAccessible(checker);
    await screenshot(checker, 'finance-batch-released');
    await checker.getByRole('link', { name: '返回付款批次' }).click();
    await expect.poll(() => checker.getByRole('row', { name: new RegExp(batchId) }).textContent()).toContain('已放行，待发送');
    await screenshot(checker, 'finance-batches-statuses');
    await checker.context().close();
    await page.reload();

    const bankFile = await downloaded(page, () => page.getByRole('button', { name: '下载转账文件' }).click());
    expect(bankFile.name).toBe(`${batchId}.csv`);
    expect(bankFile.bytes.subarray(0, 3).equals(BOM)).toBe(true);
    expect(bankFile.bytes.toString('utf8')).toContain(`${paid}-P1,王芳,"=""6216601234567890""",中国银行,280.00,职工互助保障 ${paid}\r\n`);
    expect(bankFile.bytes.toString('utf8')).toContain(`${failed}-P1,王芳,"=""6216601234567890""",中国银行,80.00,职工互助保障 ${failed}\r\n`);
    await expect.poll(() => page.locator('.figures').textContent()).toContain('已发送银行');

    // The bank's result file: one paid, one failed, one line of another batch.
    const results = ['\uFEFF指令编号,账号,金额,状态,失败原因,流水号', `${paid}-P1,6216601234567890,280.00,成功,,BK-0001`, `${failed}-P1,6216601234567890,80.00,失败,账户已销户,`, 'APP-NOBODY-P1,6200000000000000,10.00,成功,,BK-0009', ''].join('\r\n');
    await page.getByRole('button', { name: '上传并对账' }).click();
    await expect.poll(() => page.locator('#bank-results-error').textContent()).toContain('请先选择银行回单文件');
    // A file without a status column is refused whole, naming what it needs.
    await page.getByLabel('银行回单文件（CSV）').setInputFiles({ name: '缺列.csv', mimeType: 'text/csv', buffer: Buffer.from(`指令编号,金额\r\n${paid}-P1,280.00\r\n`, 'utf8') });
    await page.getByRole('button', { name: '上传并对账' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('回单表头缺少必需的列：状态 status');
    await expect(page.getByText('尚未对账').count()).resolves.toBe(1);
    await screenshot(page, 'finance-results-refused');
    await page.getByLabel('银行回单文件（CSV）').setInputFiles({ name: '回单.csv', mimeType: 'text/csv', buffer: Buffer.from(results, 'utf8') });
    await page.getByRole('button', { name: '上传并对账' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('2 笔付款状态已更新');
    await expect(page.getByRole('status').textContent()).resolves.toContain('有 1 行需要核对');
    const lines = page.getByRole('table', { name: '对账明细' }).locator('tbody tr');
    await expect.poll(() => lines.count()).toBe(3);
    await expect(lines.nth(2).textContent()).resolves.toContain('不属本批次');
    await expectAccessible(page);
    await screenshot(page, 'finance-reconciliation');
    await page.getByLabel('只看').selectOption('FAILED');
    await expect.poll(() => lines.count()).toBe(1);
    await expect(lines.first().textContent()).resolves.toContain('账户已销户');
    await expect(page.getByText('显示“付款失败” 1 行').count()).resolves.toBe(1);
    await screenshot(page, 'finance-reconciliation-failed');

    // A later file says the paid claim failed: flagged, nothing changed, resolved with a comment.
    await page.getByLabel('银行回单文件（CSV）').setInputFiles({ name: '回单2.csv', mimeType: 'text/csv', buffer: Buffer.from(`指令编号,金额,状态,失败原因\r\n${paid}-P1,280.00,失败,账户冻结\r\n`, 'utf8') });
    await page.getByRole('button', { name: '上传并对账' }).click();
    const conflicts = page.getByRole('region', { name: '结果冲突' });
    await expect.poll(() => conflicts.textContent()).toContain('先前：已付款；后来的回单（第 2 行）：付款失败');
    await expect.poll(() => page.locator('.figures').textContent()).toContain('1 处结果冲突待处理');
    await page.getByRole('button', { name: '登记处理结果' }).click();
    await expect.poll(() => conflicts.textContent()).toContain('至少 2 个字符');
    await conflicts.getByLabel('处理说明').fill('银行确认已入账，第二份回单有误');
    await page.getByRole('button', { name: '登记处理结果' }).click();
    await expect.poll(() => conflicts.textContent()).toContain('已处理：银行确认先前的结果');
    await expect.poll(() => page.getByRole('region', { name: '审计记录' }).textContent()).toContain('处理结果冲突');
    await expectAccessible(page);
    await screenshot(page, 'finance-batch-conflict');

    // The failed claim waits for 王芳's corrected account, with the bank's reason.
    await untilStatus(app.runtime, 'w-wang-fang', paid, 'PAID');
    await untilStatus(app.runtime, 'w-wang-fang', failed, 'PAYMENT_FAILED');
    await page.getByRole('link', { name: '发放失败' }).click();
    const failedRow = page.getByRole('row', { name: /王芳/ });
    await expect.poll(() => failedRow.textContent()).toContain('账户已销户');
    await expect(failedRow.textContent()).resolves.toContain('¥80.00');
    await expect(page.getByRole('row').count()).resolves.toBe(2);
    await expectAccessible(page);
    await screenshot(page, 'finance-failed');

    // An overpayment on the paid claim, recorded and then recovered.
    await page.getByRole('link', { name: '多付追回' }).click();
    await page.getByText('没有待追回的记录').waitFor();
    await page.getByLabel('申请编号').fill(paid);
    await page.getByLabel('多付金额（元）').fill('80');
    await page.getByLabel('原因').fill('住院天数核减 2 天');
    await page.getByRole('button', { name: '登记' }).click();
    await page.getByText('已登记多付').waitFor();
    await expect.poll(() => page.locator('.cards .card').textContent()).toContain('¥80.00');
    await expectAccessible(page);
    await screenshot(page, 'finance-recoveries');

    // The report: charts by program, org unit and month, and its CSV.
    await page.getByRole('link', { name: '发放报表' }).click();
    await page.getByRole('figure', { name: '按项目' }).waitFor();
    await expect.poll(() => page.getByRole('figure', { name: '按项目' }).textContent()).toContain('¥280.00');
    await expect.poll(() => page.getByRole('figure', { name: '按组织' }).textContent()).toContain('示范市总工会');
    await expect(page.getByRole('figure', { name: '按月发放' }).textContent()).resolves.toContain(paidMonth);
    await expectAccessible(page);
    await screenshot(page, 'finance-report');
    const detailCsv = await downloaded(page, () => page.getByRole('button', { name: '下载逐笔明细 CSV' }).click());
    expect(detailCsv.bytes.subarray(0, 3).equals(BOM)).toBe(true);
    expect(detailCsv.bytes.toString('utf8')).toMatch(new RegExp(`${paid}-P1,${paid},职工互助保障,[^,]+,王芳,中国银行,\\*+7890,280\\.00,${batchId},已付款,`));
    const reportCsv = await downloaded(page, () => page.getByRole('button', { name: '下载汇总 CSV' }).click());
    expect(reportCsv.bytes.subarray(0, 3).equals(BOM)).toBe(true);
    // The failed claim stays reserved until its re-issued payment goes through.
    expect(reportCsv.bytes.toString('utf8')).toContain('mutual-claim,city,示范市总工会,350000.00,80.00,280.00,80.00,0.08%');
    const monthCsv = await downloaded(page, () => page.getByRole('button', { name: /下载 CSV\s*：按月/ }).click());
    expect(monthCsv.bytes.toString('utf8')).toContain(`${paidMonth},280.00,1,80.00,1`);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Disbursement report' }).waitFor();
    await expect.poll(() => page.getByRole('figure', { name: 'By program' }).textContent()).toContain('Mutual insurance claim');
    await screenshot(page, 'finance-report-en');
    await page.getByRole('button', { name: '中文' }).click();
    await page.context().close();
  }, 90_000);

  it('resumes a claim waiting for budget when finance raises the allocation, and says what to do when nothing is left to pay', async () => {
    // West gets its own, empty, mutual-claim budget: 王芳's next claim is approved but parked.
    expect((await app.runtime.request('PUT', `/budgets/mutual-claim/${testYear}/west`, { token: await app.runtime.tokenOf('f-city'), body: { allocatedFen: 0 } })).status).toBe(200);
    const parked = await claimReadyToPay(app.runtime, testDay(-100), testDay(-97), 'AWAITING_BUDGET');

    const page = await signIn(await desktopPage(app.browser), app.runtime.url, '林涛');
    await expect.poll(() => page.getByRole('region', { name: '等待预算的申请' }).textContent()).toContain('王芳');
    const adjustments = page.getByRole('region', { name: '预算调整（追加/调减）' });
    await adjustments.getByLabel('预算', { exact: true }).selectOption({ label: '职工互助保障 · 西城区总工会 · ¥0.00' });
    await adjustments.getByLabel('调整金额（元）').fill('1,000');
    await adjustments.getByLabel('调整原因').fill('西城住院津贴');
    await adjustments.getByRole('button', { name: '提交调整申请' }).click();
    await page.getByText('调整申请已提交').waitFor();
    const approver = await signIn(await desktopPage(app.browser), app.runtime.url, '孙悦');
    const theirs = approver.getByRole('region', { name: '预算调整（追加/调减）' });
    const card = theirs.getByRole('listitem').filter({ hasText: '西城住院津贴' });
    await card.getByLabel('审批意见').fill('同意');
    await card.getByRole('button', { name: '批准', exact: true }).click();
    await expect.poll(() => approver.getByRole('region', { name: '等待预算的申请' }).textContent()).toContain('没有因预算不足而暂停的申请');
    await approver.context().close();
    await page.reload();
    await expect.poll(() => page.getByRole('region', { name: '等待预算的申请' }).textContent()).toContain('没有因预算不足而暂停的申请');
    await screenshot(page, 'finance-budgets-resumed');
    await untilStatus(app.runtime, 'w-wang-fang', parked, 'DISBURSING');

    await page.getByRole('link', { name: '付款批次' }).click();
    await page.getByLabel('项目').selectOption({ label: '金秋助学' });
    await page.getByRole('button', { name: '生成批次' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('没有待发放的付款指令');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('审批通过');
    await expectAccessible(page);
    await screenshot(page, 'finance-batches-nothing-to-pay');
    await page.context().close();
  }, 60_000);

  it('keeps a payment a blocking rule fails out of the batch, lets finance hold it, and needs a comment to release warnings', async () => {
    const claim = await claimReadyToPay(app.runtime, testDay(-140), testDay(-136));
    const page = await signIn(await desktopPage(app.browser), app.runtime.url, '林涛');

    // The account rule blocks for mutual claims: the demo card fails its check digit.
    await page.getByRole('link', { name: '付款审核' }).click();
    await page.getByRole('heading', { level: 1, name: '付款审核' }).waitFor();
    await page.getByLabel('职工互助保障 收款账户').selectOption('block');
    await page.getByRole('button', { name: '保存 职工互助保障' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('已保存职工互助保障的规则设置');
    await page.getByRole('link', { name: '付款批次' }).click();
    await page.getByLabel('项目').selectOption({ label: '职工互助保障' });
    await page.getByRole('button', { name: '生成批次' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('被付款审核规则拦截');

    await page.getByRole('link', { name: '付款审核' }).click();
    const blocked = page.getByRole('region', { name: '被拦截的付款' });
    await expect.poll(() => blocked.textContent()).toContain(`${claim}-P1`);
    await expect(blocked.textContent()).resolves.toContain('收款账户·拦截');
    await expect(blocked.textContent()).resolves.toContain('卡号未通过校验位检查');
    await expectAccessible(page);
    await screenshot(page, 'finance-payment-audit-blocked');
    // Other waiting claims (of the tests before) may be blocked too: act on this one.
    const card = blocked.getByRole('listitem').filter({ hasText: `${claim}-P1` });
    await card.getByLabel('暂缓原因').fill('待职工提供正确卡号');
    await card.getByRole('button', { name: '暂缓支付' }).click();
    const held = page.getByRole('region', { name: '暂缓的付款' });
    await expect.poll(() => held.textContent()).toContain('待职工提供正确卡号');
    await expect.poll(() => blocked.textContent()).not.toContain(`${claim}-P1`);
    await screenshot(page, 'finance-payment-audit-held');
    await held.getByRole('button', { name: /恢复/ }).click();
    await expect.poll(() => held.textContent()).toContain('没有暂缓的付款');

    // Back to a warning: the batch takes it, and its release needs a comment.
    await page.getByLabel('职工互助保障 收款账户').selectOption('warn');
    await page.getByRole('button', { name: '保存 职工互助保障' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('已保存');
    await page.getByRole('link', { name: '付款批次' }).click();
    await page.getByLabel('项目').selectOption({ label: '职工互助保障' });
    await page.getByRole('button', { name: '生成批次' }).click();
    await page.waitForURL(/#\/finance\/batches\/B-/);
    await expect.poll(() => page.getByRole('table', { name: '本批次的付款指令' }).textContent()).toContain('收款账户·警示');
    const batchUrl = page.url();
    await page.context().close();

    const checker = await signIn(await desktopPage(app.browser), app.runtime.url, '孙悦');
    await checker.goto(batchUrl);
    await checker.getByRole('button', { name: '放行批次' }).click();
    await expect.poll(() => checker.locator('#sign-off-comment-error').textContent()).toContain('放行须填写意见');
    await checker.getByLabel(/放行意见/).fill('卡号已电话核实');
    await checker.getByRole('button', { name: '放行批次' }).click();
    await expect.poll(() => checker.locator('.figures').textContent()).toContain('已放行，待发送');
    await expectAccessible(checker);
    await screenshot(checker, 'finance-batch-warnings-released');
    await checker.context().close();
  }, 90_000);
});
