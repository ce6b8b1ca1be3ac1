import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { claimReadyToPay, untilStatus } from '../support/applications.ts';
import { sentBatch } from '../support/batches.ts';
import { testDay, testYear } from '../support/calendar.ts';
import { desktopPage, expectAccessible, overflowing, phonePage, screenshot, signIn, webAppUnderTest } from './browser.ts';

async function downloaded(page: Page, start: () => Promise<void>): Promise<string> {
  const [download] = (await Promise.all([page.waitForEvent('download'), start()])) as [Download, void];
  return readFileSync(await download.path()).toString('utf8');
}

describe('budget rounds, performance evaluation and call-backs in Chromium', () => {
  const app = webAppUnderTest();

  it('takes a budget two up and two down between finance (desktop) and the unit (phone), figures side by side', async () => {
    const next = testYear + 1;
    const finance = await signIn(await desktopPage(app.browser), app.runtime.url, '林涛');
    await finance.goto(`${app.runtime.url}/#/finance/rounds`);
    await finance.getByRole('heading', { level: 1, name: '预算编制（二上二下）' }).waitFor();
    await finance.getByRole('button', { name: '开始预算编制' }).click();
    await finance.getByLabel('东城区总工会').check();
    await finance.getByLabel('西城区总工会').check();
    await finance.getByRole('button', { name: '开始编制' }).click();
    const east = finance.getByRole('row', { name: /东城区总工会/ });
    await expect.poll(() => east.textContent()).toContain('一上·提出预算建议');
    await expectAccessible(finance);
    await screenshot(finance, 'finance-rounds');

    // The unit proposes on a phone, seeing its demand of the last three years.
    const unit = await signIn(await phonePage(app.browser), app.runtime.url, '郑华');
    await unit.goto(`${app.runtime.url}/#/official/budget`);
    await unit.getByRole('link', { name: /金秋助学 · 东城区总工会/ }).click();
    await unit.getByRole('heading', { name: '一上·提出预算建议' }).waitFor();
    await expect(unit.getByRole('region', { name: /需求依据/ }).textContent()).resolves.toContain(String(testYear));
    await unit.getByLabel('建议数（元）').fill('600,000');
    await unit.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => unit.locator('#step-comment-error').textContent()).toContain('需求');
    await unit.getByLabel('需求说明（依据与测算）').fill('申请人数逐年增加，预计 120 名学生');
    await unit.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => unit.locator('.figures').textContent()).toContain('¥600,000.00');
    await expect(unit.getByRole('button', { name: '提交' }).count()).resolves.toBe(0);
    await expectAccessible(unit);
    await screenshot(unit, 'official-budget-proposed-phone');

    await finance.goto(`${app.runtime.url}/#/finance/rounds/${next}/autumn-aid/east`);
    await finance.getByLabel('控制数（元）').fill('500000');
    await finance.getByLabel('下达理由').fill('按上年执行率下达');
    await finance.getByRole('button', { name: '提交' }).click();
    await finance.getByRole('status').getByText('已提交').waitFor();

    await unit.reload();
    await unit.getByRole('heading', { name: '二上·编报细化预算' }).waitFor();
    await expect(unit.getByLabel('细化预算（元）').inputValue()).resolves.toBe('500000.00');
    await unit.getByLabel('细化预算（元）').fill('480,000');
    await unit.getByLabel('受助职工（人）').fill('96');
    await unit.getByLabel('人均金额（元）').fill('5000');
    await unit.getByLabel('申请到付款（天）').fill('20');
    await unit.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => unit.locator('.figures').textContent()).toContain('¥480,000.00');
    await screenshot(unit, 'official-budget-detailed-phone');

    const releaser = await signIn(await desktopPage(app.browser), app.runtime.url, '孙悦');
    await releaser.goto(`${app.runtime.url}/#/finance/rounds/${next}/autumn-aid/east`);
    await releaser.getByLabel('批复意见').fill('同意');
    await releaser.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => releaser.getByRole('region', { name: '审计记录' }).textContent()).toContain('二下·批复预算');
    await expect(releaser.getByText('已批复').first().isVisible()).resolves.toBe(true);
    await expectAccessible(releaser);
    await screenshot(releaser, 'finance-round-approved');
    await releaser.context().close();

    await finance.goto(`${app.runtime.url}/#/finance/rounds`);
    await expect.poll(() => east.textContent()).toContain('已批复');
    await expect(east.textContent()).resolves.toMatch(/¥600,000\.00.*¥500,000\.00.*¥480,000\.00.*¥480,000\.00/);
    const csv = await downloaded(finance, () => finance.getByRole('button', { name: '下载 CSV' }).click());
    expect(csv).toContain('东城区总工会,600000.00,500000.00,480000.00,480000.00');
    const phone = await signIn(await phonePage(app.browser), app.runtime.url, '林涛');
    await phone.goto(`${app.runtime.url}/#/finance/rounds`);
    await phone.getByRole('row', { name: /东城区总工会/ }).waitFor();
    await screenshot(phone, 'finance-rounds-phone');
    // Every finance section on a phone: wide tables scroll in their own box; the page never sideways.
    for (const section of ['budgets', 'rounds', 'batches', 'checks', 'failed', 'recoveries', 'report', 'evaluation']) {
      await phone.goto(`${app.runtime.url}/#/finance/${section}`);
      await phone.locator(`.tabs a[href="#/finance/${section}"][aria-current="page"]`).waitFor();
      await expect.poll(() => phone.getByText('加载中…').count()).toBe(0);
      expect(await overflowing(phone), section).toEqual([]);
    }
    await screenshot(phone, 'finance-evaluation-phone');
    for (const page of [finance, unit, phone]) await page.context().close();
  }, 120_000);

  it('shows the year’s results as charts, draws a call-back sample, lets an official record it on a phone, and prints', async () => {
    const claim = await claimReadyToPay(app.runtime, testDay(-40), testDay(-36));
    const { batch } = await sentBatch(app.runtime, { program: 'mutual-claim' });
    const lines = batch.instructions.map((i: { instructionId: string; amountFen: number }) => `${i.instructionId},${(i.amountFen / 100).toFixed(2)},SUCCESS`).join('\n');
    await app.runtime.request('POST', `/payment-batches/${batch.batchId}/bank-results`, { token: await app.runtime.tokenOf('f-city'), rawBody: `instruction id,amount,status\n${lines}\n`, headers: { 'content-type': 'text/csv' } });
    await untilStatus(app.runtime, 'w-wang-fang', claim, 'PAID');

    const finance = await signIn(await desktopPage(app.browser), app.runtime.url, '林涛');
    await finance.goto(`${app.runtime.url}/#/finance/evaluation`);
    const mutual = finance.getByRole('region', { name: '职工互助保障' });
    await expect.poll(() => mutual.textContent()).toContain('受助职工');
    await expect(mutual.locator('svg').count()).resolves.toBeGreaterThan(2);
    await finance.getByRole('button', { name: '随机抽取回访样本' }).click();
    await finance.getByText(/已随机抽取 \d+ 份已付款申请/).waitFor();
    await expectAccessible(finance);
    await screenshot(finance, 'finance-evaluation');

    const official = await signIn(await phonePage(app.browser), app.runtime.url, '周静');
    await official.goto(`${app.runtime.url}/#/official/call-backs`);
    const card = official.getByRole('listitem').filter({ hasText: claim });
    await card.getByLabel('未收到').check();
    await card.getByLabel('备注（可选）').fill('职工称未到账');
    await card.getByRole('button', { name: '登记回访结果' }).click();
    await expect.poll(() => card.textContent()).toContain('未收到 · 周静');
    await expectAccessible(official);
    await screenshot(official, 'official-call-backs-phone');
    await official.context().close();

    await finance.reload();
    const cases = finance.getByRole('region', { name: '回访核查' });
    await expect.poll(() => cases.textContent()).toContain(claim);
    await expect.poll(() => mutual.textContent()).toContain('未结案件 1');
    await cases.getByLabel('核查结果').fill('银行查询已到账');
    await cases.getByRole('button', { name: '结案' }).click();
    await expect.poll(() => cases.textContent()).toContain('没有未结案件');

    await finance.getByRole('link', { name: '打印版' }).click();
    await finance.getByRole('heading', { level: 1, name: `${testYear} 年度绩效评价报告` }).waitFor();
    await finance.getByRole('region', { name: '职工互助保障' }).waitFor();
    await screenshot(finance, 'finance-evaluation-print');
    await finance.emulateMedia({ media: 'print' });
    await expect(finance.locator('.top').isVisible()).resolves.toBe(false);
    await finance.emulateMedia({ media: 'screen' });

    await finance.goto(`${app.runtime.url}/#/finance/report`);
    const detail = await downloaded(finance, () => finance.getByRole('button', { name: '下载逐笔明细 CSV' }).click());
    expect(detail).toContain('会员号 member number');
    expect(detail).toContain(`${claim}-P1,${claim},职工互助保障,`);
    const phone = await signIn(await phonePage(app.browser), app.runtime.url, '林涛');
    await phone.goto(`${app.runtime.url}/#/finance/evaluation`);
    await phone.getByRole('region', { name: '职工互助保障' }).waitFor();
    await screenshot(phone, 'finance-evaluation-phone');
    await phone.context().close();
    await finance.context().close();
  }, 120_000);
});
