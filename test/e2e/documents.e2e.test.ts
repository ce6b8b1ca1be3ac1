import { describe, expect, it } from 'vitest';
import { pdfBytes, pngOf } from '../support/documents.ts';
import { residentId } from '../support/id-numbers.ts';
import { expectAccessible, phonePage, screenshot, signIn, webAppUnderTest } from './browser.ts';

describe('documents as photos and files, on a phone', () => {
  const app = webAppUnderTest();

  it('takes photos and PDFs in the form, lets an official ask for a clearer one, and the worker add it', async () => {
    const page = await phonePage(app.browser);
    await signIn(page, app.runtime.url, '张伟');
    await page.getByRole('link', { name: '开始申请：金秋助学' }).click();
    await page.getByLabel('建档困难职工家庭').check();
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('家庭人口（人）').fill('3');
    await page.getByLabel('家庭上年总收入（元）').fill('30000');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('子女姓名').fill('张小红');
    await page.getByLabel('子女身份证号').fill(residentId('420106', '2008-08-08', '482'));
    await page.getByLabel('录取院校').fill('华中科技大学');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('开户银行').fill('中国工商银行');
    await page.getByLabel('银行卡号').fill('6222021234567890123');
    await page.getByRole('button', { name: '下一步' }).click();

    // The documents step: a required kind keeps the worker here until a photo of it is in.
    await expect(page.locator('.required').count()).resolves.toBe(1);
    await expect(page.locator('#document-admission-letter-camera').getAttribute('capture')).resolves.toBe('environment');
    await page.getByRole('button', { name: '下一步' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('请上传录取通知书');

    // A file that is no photo nor PDF is refused in the browser, saying what is accepted.
    await page.locator('#document-other-file').setInputFiles({ name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') });
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('JPEG、PNG、HEIC、WebP');

    // Two photos of the letter (one large, downscaled before upload) and a PDF; one photo removed again.
    await page.locator('#document-admission-letter-file').setInputFiles([
      { name: '录取通知书-正面.png', mimeType: 'image/png', buffer: pngOf(2400, 3200) },
      { name: '录取通知书-背面.png', mimeType: 'image/png', buffer: pngOf(600, 800, [240, 230, 200]) },
    ]);
    await page.getByRole('img', { name: '录取通知书-正面.png' }).waitFor();
    await page.getByRole('img', { name: '录取通知书-背面.png' }).waitFor();
    await page.locator('#document-hardship-proof-file').setInputFiles({ name: '困难证明.pdf', mimeType: 'application/pdf', buffer: pdfBytes() });
    await page.getByText('PDF · 困难证明.pdf').waitFor();
    await page.getByRole('button', { name: '删除录取通知书：录取通知书-背面.png' }).click();
    await expect.poll(() => page.getByRole('img', { name: '录取通知书-背面.png' }).count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'documents-step');

    // Kept with the draft: a reload still shows the photo.
    await page.reload();
    await page.getByRole('img', { name: '录取通知书-正面.png' }).waitFor();
    await page.getByRole('button', { name: '下一步' }).click();
    await expect.poll(() => page.locator('.summary').textContent()).toContain('录取通知书 1 份');
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.getByText('申请已提交').waitFor();
    const reference = ((await page.locator('.reference').textContent()) ?? '').trim();

    // The official who decides level 1 sees the thumbnails, opens one full size, and asks for a clearer photo.
    const official = await phonePage(app.browser);
    await signIn(official, app.runtime.url, '赵敏');
    await official.goto(`${app.runtime.url}/#/applications/${reference}`);
    await expect.poll(async () => (await official.reload(), await official.locator('.status').first().textContent()), { timeout: 15_000 }).toBe('审批中');
    await official.getByRole('button', { name: '查看大图：录取通知书-正面.png' }).waitFor();
    await official.getByRole('link', { name: 'PDF · 困难证明.pdf' }).waitFor();
    await expectAccessible(official);
    await screenshot(official, 'documents-official-review');
    await official.getByRole('button', { name: '查看大图：录取通知书-正面.png' }).click();
    await official.getByRole('dialog').waitFor();
    await screenshot(official, 'documents-official-full-view');
    await official.getByRole('button', { name: '关闭' }).click();
    await official.getByLabel('录取通知书审核结果').selectOption('unreadable');
    await official.getByLabel('请申请人补充什么').fill('照片反光，请在自然光下重拍');
    await official.getByRole('button', { name: '保存材料审核' }).click();
    await expect.poll(() => official.locator('.status').first().textContent(), { timeout: 10_000 }).toBe('待补充材料');

    // The worker's page opens with the request; they add a new photo and send it.
    await page.goto(`${app.runtime.url}/#/applications/${reference}`);
    await page.getByRole('heading', { name: '请补充材料' }).waitFor();
    await expect(page.locator('.banner').first().textContent()).resolves.toContain('照片反光，请在自然光下重拍');
    await page.locator('#requested-admission-letter-file').setInputFiles({ name: '录取通知书-重拍.png', mimeType: 'image/png', buffer: pngOf(900, 1200, [250, 250, 250]) });
    await page.getByRole('img', { name: '录取通知书-重拍.png' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'documents-requested');
    await page.getByRole('button', { name: '提交补充材料' }).click();
    await expect.poll(() => page.locator('.status').first().textContent(), { timeout: 10_000 }).toBe('审批中');
    await page.getByRole('button', { name: '查看材料' }).click();
    await page.getByRole('button', { name: '查看大图：录取通知书-重拍.png' }).waitFor();
    await screenshot(page, 'documents-worker-application');
  }, 150_000);
});
