import { pngOf } from '../support/documents.ts';
import { describe, expect, it } from 'vitest';
import { residentId } from '../support/id-numbers.ts';
import { descriptionOf, phonePage, screenshot, signIn, webAppUnderTest } from './browser.ts';

describe('the web app in Chromium', () => {
  const app = webAppUnderTest();

  it('lets a worker apply for autumn aid on a phone, see the reasons, and an official approve it', async () => {
    const page = await phonePage(app.browser);
    await signIn(page, app.runtime.url, '张伟');
    await page.getByRole('link', { name: '开始申请：金秋助学' }).click();

    await page.getByLabel('建档困难职工家庭').check();
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('家庭人口（人）').fill('3');
    await page.getByLabel('家庭上年总收入（元）').fill('30,000');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('子女姓名').fill('张小明');
    await page.getByLabel('子女身份证号').fill('420106200803151230');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('校验位');
    await page.getByLabel('子女身份证号').fill(residentId('420106', '2008-06-01', '246'));
    await page.getByLabel('录取院校').fill('武汉大学');
    await expect(descriptionOf(page.getByLabel('院校类型'))).resolves.toContain('军校、免费师范生');
    await screenshot(page, 'worker-form-child');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('开户银行').fill('中国工商银行');
    await page.getByLabel('银行卡号').fill('6222 0212 3456 7890 123');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.locator('#document-admission-letter-file').setInputFiles({ name: '录取通知书.png', mimeType: 'image/png', buffer: pngOf() });
    await page.getByRole('img', { name: '录取通知书.png' }).waitFor();
    await page.getByRole('button', { name: '下一步' }).click();
    await screenshot(page, 'worker-form-summary');
    await page.getByRole('button', { name: '提交申请' }).click();

    await page.getByText('申请已提交').waitFor();
    const reference = (await page.locator('.reference').textContent()) ?? '';
    expect(reference).toMatch(/^APP-/);
    await page.getByRole('link', { name: '查看进度' }).click();
    await expect.poll(async () => (await page.reload(), await page.locator('.status').first().textContent()), { timeout: 15_000 }).toBe('审批中');
    await expect(page.getByText('家庭已建档为困难职工').count()).resolves.toBe(1);
    await expect(page.getByText('¥5,000.00').first().isVisible()).resolves.toBe(true);
    await screenshot(page, 'worker-application');

    const official = await phonePage(app.browser);
    await signIn(official, app.runtime.url, '赵敏');
    await official.getByText('张伟').first().click();
    await official.getByRole('button', { name: '驳回' }).click();
    await expect.poll(() => official.locator('#comment-error').textContent()).toContain('驳回须填写理由');
    await official.getByLabel('审批意见').fill('材料齐全，同意');
    await screenshot(official, 'official-decide');
    await official.getByRole('button', { name: '批准' }).click();
    await official.getByText('已批准').first().waitFor();
    await expect.poll(async () => (await official.reload(), await official.locator('.timeline').textContent()), { timeout: 10_000 }).toContain('第 1 级审批通过');
  });

  it('switches to English and back, and remembers the choice', async () => {
    const page = await phonePage(app.browser);
    await page.goto(`${app.runtime.url}/#/signin`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('登录');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    await screenshot(page, 'sign-in-en');
    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('登录');
  });
});
