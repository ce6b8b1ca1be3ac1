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

    // Budgets: an execution bar per budget; raising one saves and says so.
    await page.getByRole('heading', { level: 1, name: '预算执行' }).waitFor();
    const mutual = page.getByRole('row', { name: /职工互助保障/ });
    await expect.poll(() => mutual.textContent()).toContain('¥300,000.00');
    await expect(mutual.textContent()).resolves.toContain('执行率');
    await expect(page.locator('.usage .bar').count()).resolves.toBe(3);
    await expectAccessible(page);
    await screenshot(page, 'finance-budgets');
    await mutual.getByRole('button', { name: /调整/ }).click();
    await page.getByLabel('分配额（元）').fill('abc');
    await page.getByRole('button', { name: '保存分配额' }).click();
    await expect.poll(() => page.locator('#edit-allocatedFen-error').textContent()).toContain('不是有效的元金额');
    await page.getByLabel('分配额（元）').fill('350,000');
    await page.getByLabel('调整原因（可选）').fill('年中追加');
    await page.getByRole('button', { name: '保存分配额' }).click();
    await page.getByText('分配额已保存').waitFor();
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
    await expectAccessible(page);
    await screenshot(page, 'finance-batch');

    const bankFile = await downloaded(page, () => page.getByRole('button', { name: '下载转账文件' }).click());
    expect(bankFile.name).toBe(`${batchId}.csv`);
    expect(bankFile.bytes.subarray(0, 3).equals(BOM)).toBe(true);
    expect(bankFile.bytes.toString('utf8')).toContain(`${paid}-P1,王芳,6216601234567890,中国银行,280.00,`);
    expect(bankFile.bytes.toString('utf8')).toContain(`${failed}-P1,王芳,6216601234567890,中国银行,80.00,`);

    // The bank's result file: one paid, one failed, one line of another batch.
    const results = ['\uFEFF指令编号,账号,金额,状态,失败原因,流水号', `${paid}-P1,6216601234567890,280.00,成功,,BK-0001`, `${failed}-P1,6216601234567890,80.00,失败,账户已销户,`, 'APP-NOBODY-P1,6200000000000000,10.00,成功,,BK-0009', ''].join('\r\n');
    await page.getByRole('button', { name: '上传并对账' }).click();
    await expect.poll(() => page.locator('#bank-results-error').textContent()).toContain('请先选择银行回单文件');
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
    const reportCsv = await downloaded(page, () => page.getByRole('button', { name: '下载明细 CSV' }).click());
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
    await page.getByRole('button', { name: '调整 职工互助保障 西城区总工会' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('edit-allocatedFen');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('1,000');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('1 份等待预算的申请已恢复办理');
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
});
