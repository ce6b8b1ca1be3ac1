import type { Page } from 'playwright-core';
import { pngOf, pdfBytes } from '../support/documents.ts';
import { describe, expect, it } from 'vitest';
import { autumnAidDetails, decide, untilStatus, withDocuments } from '../support/applications.ts';
import { sentBatch } from '../support/batches.ts';
import { residentId } from '../support/id-numbers.ts';
import { expectAccessible, phonePage, screenshot, signIn, webAppUnderTest } from './browser.ts';
import { localDay } from '../support/calendar.ts';

describe('workers on their phones', () => {
  const app = webAppUnderTest();

  async function signedIn(name: string): Promise<Page> {
    const page = await signIn(await phonePage(app.browser), app.runtime.url, name);
    await page.getByRole('heading', { name: '我要申请' }).waitFor();
    return page;
  }

  it('checks first what is likely, without storing anything', async () => {
    const page = await signedIn('张伟');
    await expectAccessible(page);
    await screenshot(page, 'worker-home');
    await page.getByRole('link', { name: '先做个自测' }).click();
    await page.getByLabel('家庭人口（人）').fill('4');
    await page.getByLabel('家庭上年总收入（元）').fill('40,000');
    await page.getByRole('button', { name: '开始自测' }).click();
    await page.getByRole('heading', { name: '自测结果' }).waitFor();
    await expect(page.getByRole('heading', { name: /困难职工帮扶：可能符合条件/ }).count()).resolves.toBe(1);
    await expect(page.getByRole('heading', { name: /金秋助学：不适用/ }).count()).resolves.toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'worker-self-check');
    const mine = await app.runtime.request('GET', '/applications', { token: await app.runtime.tokenOf('w-zhang-wei') });
    expect(mine.body.items).toHaveLength(0);

    // Out of signal: the page says so in the worker's language, not the browser's "Failed to fetch".
    await page.context().setOffline(true);
    await page.getByRole('button', { name: '开始自测' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('网络不通，请稍后重试。');
    await page.getByRole('link', { name: '首页' }).click();
    // The self-check page's alert stays on screen until the home page replaces it, so wait for the home page first.
    await page.getByRole('heading', { name: '我要申请' }).waitFor();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('网络不通，请稍后重试。');
    await expect.poll(() => page.getByText('加载中…').count()).toBe(0);
    await page.context().setOffline(false);
  });

  it('applies for hardship relief with the household, is told the tier and why, and the draft survives a reload', async () => {
    const page = await signedIn('李娜');
    await page.getByRole('link', { name: '开始申请：困难职工帮扶' }).click();
    await page.getByLabel('年龄').fill('38');
    await page.getByLabel('上年收入（元）').fill('20000');
    await page.getByRole('button', { name: '＋ 添加家庭成员' }).click();
    await page.locator('#member-1-relation').selectOption('child');
    await page.locator('#member-1-name').fill('李小雨');
    await page.locator('#member-1-age').fill('12');
    await page.locator('#member-1-income').fill('0');
    await expect(page.getByText('全家上年收入合计 ¥20,000.00，共 2 人。').count()).resolves.toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'worker-hardship-household');
    await page.getByRole('button', { name: '下一步' }).click();

    await page.getByLabel('上年刚性支出（元）').fill('abc');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('请只填数字，如 35000');
    await page.getByLabel('上年刚性支出（元）').fill('0');
    await page.reload();
    await expect(page.getByLabel('上年刚性支出（元）').inputValue()).resolves.toBe('0');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('button', { name: '下一步' }).click();

    await page.getByRole('button', { name: '下一步' }).click();
    await expect.poll(() => page.getByRole('alert').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/.+/)]));
    await page.getByLabel('主要致困原因').selectOption('low-income');
    await page.getByLabel('生活救助').check();
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('开户银行').fill('中国农业银行');
    await page.getByLabel('银行卡号').fill('6228 4801 2345 6789');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.locator('#document-income-proof-file').setInputFiles({ name: '社区收入证明.pdf', mimeType: 'application/pdf', buffer: pdfBytes() });
    await page.getByText('PDF · 社区收入证明.pdf').waitFor();
    await page.getByRole('button', { name: '下一步' }).click();
    await expect.poll(() => page.getByText('子女 李小雨（¥0.00）', { exact: false }).count()).toBe(1);
    await screenshot(page, 'worker-hardship-summary');
    await page.getByRole('button', { name: '提交申请' }).click();

    await page.getByText('申请已提交').waitFor();
    await page.getByRole('link', { name: '查看进度' }).click();
    await expect.poll(async () => (await page.reload(), await page.locator('.status').first().textContent()), { timeout: 15_000 }).toBe('审批中');
    await expect(page.getByText(/家庭人均月收入 ¥833\.33 低于本地低保标准/).count()).resolves.toBe(1);
    await expect(page.locator('.progress li.current').first().textContent()).resolves.toContain('基层工会审批');
    await expectAccessible(page);
    await screenshot(page, 'worker-hardship-application');
  });

  it('claims a hospital allowance, and after a failed transfer corrects the bank account', async () => {
    const page = await signedIn('王芳');
    await page.getByRole('link', { name: '开始申请：职工互助保障' }).click();
    await page.getByText('住院津贴').click();
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('button', { name: '下一步' }).click();
    await expect.poll(() => page.getByRole('alert').count()).toBeGreaterThan(0);
    await page.getByLabel('确诊或发病日期').fill(localDay(-12));
    await page.getByLabel('入院日期').fill(localDay(-12));
    await page.getByLabel('出院日期').fill(localDay(-5));
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('医疗费用总额（元）').fill('8,200.50');
    await page.getByLabel('其中个人自付（元）').fill('2,100');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('开户银行').fill('中国银行');
    await page.getByLabel('银行卡号').fill('6216601234567890');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.locator('#document-diagnosis-file').setInputFiles({ name: '诊断证明.png', mimeType: 'image/png', buffer: pngOf() });
    await page.getByRole('img', { name: '诊断证明.png' }).waitFor();
    await page.getByLabel('住院费用票据').fill('住院发票.jpg');
    await page.getByRole('button', { name: '下一步' }).click();
    await expect.poll(() => page.getByText('诊断证明.jpg、住院发票.jpg').count()).toBe(1);
    await screenshot(page, 'worker-mutual-summary');
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.getByText('申请已提交').waitFor();
    const id = (await page.locator('.reference').textContent()) ?? '';

    await untilStatus(app.runtime, 'w-wang-fang', id, 'PENDING_APPROVAL');
    expect((await decide(app.runtime, 'o-west-hospital', id, 'approve')).status).toBe(200);
    await untilStatus(app.runtime, 'w-wang-fang', id, 'DISBURSING');
    const finance = await app.runtime.tokenOf('f-city');
    const { batch } = await sentBatch(app.runtime, { program: 'mutual-claim' });
    const instructionId = batch.instructions[0].instructionId;
    const results = `instruction id,amount,status,reason\r\n${instructionId},${(batch.totalFen / 100).toFixed(2)},FAILED,账户已销户\r\n`;
    await app.runtime.request('POST', `/payment-batches/${batch.batchId}/bank-results`, { token: finance, rawBody: results, headers: { 'content-type': 'text/csv' } });
    await untilStatus(app.runtime, 'w-wang-fang', id, 'PAYMENT_FAILED');

    await page.getByRole('link', { name: '查看进度' }).click();
    await page.getByRole('heading', { name: '更正收款账户' }).waitFor();
    await expect(page.getByText('银行转账失败，请核对并更正您的银行卡信息。').count()).resolves.toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'worker-payment-failed');
    await page.getByLabel('开户银行').fill('中国建设银行');
    await page.getByLabel('银行卡号').fill('12');
    await page.getByRole('button', { name: '提交并重新发放' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('12–30 位数字');
    await page.getByLabel('银行卡号').fill('6217001234567890123');
    await page.getByRole('button', { name: '提交并重新发放' }).click();
    await page.getByText('已更正，款项将重新发放').waitFor();
    await untilStatus(app.runtime, 'w-wang-fang', id, 'DISBURSING');
  });

  it('sees what is on public notice in the union and objects to it', async () => {
    const submitted = await app.runtime.request('POST', '/applications', {
      token: await app.runtime.tokenOf('w-zhang-wei'),
      body: { program: 'autumn-aid', details: await withDocuments(app.runtime, 'w-zhang-wei', 'autumn-aid', autumnAidDetails({ childId: residentId('420106', '2008-05-05', '515') })) },
    });
    const id = submitted.body.id as string;
    await untilStatus(app.runtime, 'w-zhang-wei', id, 'PENDING_APPROVAL');
    for (const official of ['o-east-machinery', 'o-east', 'o-city']) expect((await decide(app.runtime, official, id, 'approve')).status).toBe(200);
    await untilStatus(app.runtime, 'w-zhang-wei', id, 'PUBLIC_NOTICE');

    const page = await signedIn('陈杰');
    await page.getByRole('link', { name: '本单位公示' }).click();
    await page.getByRole('heading', { name: /张伟 · 金秋助学/ }).waitFor();
    await expect(page.getByText('¥5,000.00').count()).resolves.toBe(1);
    await page.getByRole('button', { name: /^提出异议\s*：张伟$/ }).click();
    await page.getByRole('button', { name: '提交异议' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/.+/);
    await page.getByLabel('异议理由').fill('据我所知其子女已获其他全额资助');
    await expectAccessible(page);
    await screenshot(page, 'worker-public-notice');
    await page.getByRole('button', { name: '提交异议' }).click();
    await page.getByText('异议已提交').waitFor();
    const audit = await app.runtime.request('GET', `/audit/${id}`, { token: await app.runtime.tokenOf('o-east-machinery') });
    expect(audit.body.items.some((event: { action: string }) => event.action === 'OBJECT')).toBe(true);
  });
});
