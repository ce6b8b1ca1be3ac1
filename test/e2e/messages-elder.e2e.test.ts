import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { autumnAidDetails, claimReadyToPay, untilStatus, withDocuments } from '../support/applications.ts';
import { sentBatch } from '../support/batches.ts';
import { residentId } from '../support/id-numbers.ts';
import { pngOf } from '../support/documents.ts';
import { eventually } from '../support/runtime.ts';
import { localDay, testDay } from '../support/calendar.ts';
import { desktopPage, expectAccessible, overflowing, phonePage, screenshot, signIn, webAppUnderTest } from './browser.ts';

/** Header items whose text broke over more than one line (the zoomed header once broke a character a line). */
function brokenHeaderItems(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.top .brand, .top nav > *')].flatMap((element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      // A new line starts below the bottom of the one before (a badge's own box sits within its line).
      let lines = 0;
      let bottom = -Infinity;
      for (const rect of [...range.getClientRects()].filter((box) => box.width > 0).sort((a, b) => a.top - b.top)) {
        if (rect.top >= bottom - 1) lines += 1;
        bottom = Math.max(bottom === -Infinity ? rect.bottom : bottom, rect.bottom);
      }
      return lines > 1 ? [`${element.textContent} on ${lines} lines`] : [];
    }),
  );
}

/** A phone at 200% zoom: 390 device pixels wide shown at twice the size is a 195 px-wide CSS viewport. */
async function zoomedPhone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 195, height: 422 }, deviceScaleFactor: 4, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  context.setDefaultTimeout(12_000);
  return context.newPage();
}

/** A browser with a Chinese voice, whose speech is recorded instead of heard. */
const withChineseVoice = () => {
  const spoken: { text: string; lang: string }[] = [];
  (window as unknown as { spoken: typeof spoken }).spoken = spoken;
  const voice = { lang: 'zh-CN', name: 'Tingting', default: true, localService: true, voiceURI: 'zh' };
  class Utterance {
    text: string;
    lang = '';
    voice: unknown = null;
    rate = 1;
    onend: (() => void) | null = null;
    constructor(text: string) {
      this.text = text;
    }
  }
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance });
  Object.defineProperty(window, 'speechSynthesis', {
    value: { getVoices: () => [voice], speak: (utterance: Utterance) => spoken.push({ text: utterance.text, lang: utterance.lang }), cancel: () => undefined, addEventListener: () => undefined, removeEventListener: () => undefined },
  });
};

describe('messages, 长辈模式 and pages at 200% zoom', () => {
  const app = webAppUnderTest();

  async function settled(page: Page, hash: string): Promise<void> {
    await page.evaluate((target) => (location.hash = target), hash);
    await page.waitForFunction(() => document.querySelector('main') !== null && !document.body.innerText.includes('加载中…'));
  }

  async function failedPayment(): Promise<string> {
    const claim = await claimReadyToPay(app.runtime, testDay(-70), testDay(-66));
    const { batch } = await sentBatch(app.runtime, { program: 'mutual-claim' });
    const results = ['指令编号,金额,状态,失败原因', `${claim}-P1,80.00,失败,账户已销户`].join('\r\n');
    expect((await app.runtime.request('POST', `/payment-batches/${batch.batchId}/bank-results`, { token: await app.runtime.tokenOf('f-city'), rawBody: results, headers: { 'content-type': 'text/csv' } })).status).toBe(200);
    await untilStatus(app.runtime, 'w-wang-fang', claim, 'PAYMENT_FAILED');
    return claim;
  }

  it('heads home with a failed payment, counts unread messages in the header, and updates the page when the card is corrected', async () => {
    const claim = await failedPayment();
    for (const [width, height] of [[390, 844], [360, 640]] as const) {
      const page = await signIn(await phonePage(app.browser), app.runtime.url, '王芳');
      await page.setViewportSize({ width, height });
      await settled(page, '#/worker');
      const banner = page.getByRole('alert').filter({ hasText: '发放失败' });
      await banner.waitFor();
      // At the top of home, before anything else the page says.
      expect(await page.evaluate(() => document.querySelector('main')?.firstElementChild?.className)).toBe('banners');
      await expect(banner.innerText()).resolves.toContain('请打开申请，更正收款银行卡');
      await expect.poll(() => page.getByRole('link', { name: /^消息，\d+ 条未读$/ }).count()).toBe(1);
      await expectAccessible(page);
      await screenshot(page, `worker-home-banner-${width}`);
    }

    const page = await signIn(await phonePage(app.browser), app.runtime.url, '王芳');
    await settled(page, '#/messages');
    const unreadBefore = Number((await page.getByRole('link', { name: /^消息/ }).getAttribute('aria-label'))?.match(/(\d+) 条未读/)?.[1]);
    expect(unreadBefore).toBeGreaterThanOrEqual(2);
    const failedMessage = page.locator('.messages li').filter({ hasText: '发放失败' });
    await expect(failedMessage.innerText()).resolves.toContain('账户已销户');
    await expectAccessible(page);
    await screenshot(page, 'worker-messages');
    await failedMessage.getByRole('button', { name: '标为已读' }).click();
    await expect.poll(() => page.getByRole('link', { name: /^消息/ }).getAttribute('aria-label')).toBe(`消息，${unreadBefore - 1} 条未读`);
    await page.getByRole('button', { name: /全部标为已读/ }).click();
    await expect.poll(() => page.getByRole('link', { name: /^消息/ }).getAttribute('aria-label')).toBe('消息');

    // Correcting the card: the page follows the payment being issued again, with no reload.
    await failedMessage.getByRole('link', { name: '查看申请' }).click();
    await page.getByLabel('开户银行').fill('中国工商银行');
    await page.getByLabel('银行卡号').fill('6222020000111122223');
    const reloads: string[] = [];
    page.on('framenavigated', (frame) => reloads.push(frame.url()));
    await page.getByRole('button', { name: '提交并重新发放' }).click();
    await expect.poll(() => page.locator('.status').first().textContent(), { timeout: 15_000 }).toBe('发放中');
    expect(reloads.filter((url) => !url.includes('#'))).toEqual([]);
    await settled(page, '#/worker');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '发放失败' }).count()).toBe(0);
    expect(await untilStatus(app.runtime, 'w-wang-fang', claim, 'DISBURSING')).toBeTruthy();
  });

  it('tells officials in the header what is new in their queue, and the review page follows a decision without a reload', async () => {
    const submitted = await app.runtime.request('POST', '/applications', { token: await app.runtime.tokenOf('w-zhang-wei'), body: { program: 'autumn-aid', details: await withDocuments(app.runtime, 'w-zhang-wei', 'autumn-aid', autumnAidDetails({ childId: residentId('420106', '2008-04-04', '841') })) } });
    const id = submitted.body.id as string;
    await untilStatus(app.runtime, 'w-zhang-wei', id, 'PENDING_APPROVAL');
    const page = await signIn(await desktopPage(app.browser), app.runtime.url, '赵敏');
    await settled(page, '#/official');
    const inbox = page.getByRole('link', { name: /^通知/ });
    await expect.poll(() => inbox.getAttribute('aria-label')).toMatch(/^通知，\d+ 条未读$/);
    await inbox.click();
    await page.getByText('新的待审批申请：张伟的金秋助学申请（第 1 级）').first().waitFor();
    await expect.poll(() => inbox.getAttribute('aria-label')).toBe('通知');
    await expectAccessible(page);
    await screenshot(page, 'official-notifications');

    await page.locator('.messages li').filter({ hasText: '张伟的金秋助学' }).first().getByRole('link', { name: '打开申请' }).click();
    await page.getByRole('button', { name: '批准', exact: true }).click();
    // The workflow opens level 2 a moment later: the page shows it by itself.
    await expect.poll(() => page.locator('body').innerText(), { timeout: 15_000 }).toMatch(/等待[^\n]*第 2 级审批/);
  });

  it('offers a member only the mutual-aid plans they hold, with the cover, refuses a date outside it before sending, and sends a death claim to the union', async () => {
    const page = await signIn(await phonePage(app.browser), app.runtime.url, '刘洋');
    await settled(page, '#/apply/mutual-claim');
    await page.getByText(/保障期：/).first().waitFor();
    await expect(page.locator('input[name="plan"]').count()).resolves.toBe(1);
    await expect(page.getByText('意外伤害').count()).resolves.toBeGreaterThan(0);
    await expectAccessible(page);
    await screenshot(page, 'worker-claim-plans-held');
    await page.locator('input[name="plan"]').check();
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel('事故日期').fill(localDay(-3));
    await page.getByRole('button', { name: '下一步' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('不在您这项保障的保障期内');
    await expect(page.getByText('由家属带上材料到所在工会').count()).resolves.toBe(1);
    await expect(page.getByLabel(/身故/).count()).resolves.toBe(0);
    await screenshot(page, 'worker-claim-outside-cover');

    const held = await signIn(await phonePage(app.browser), app.runtime.url, '李娜');
    await settled(held, '#/apply/mutual-claim');
    await held.getByText(/保障期：/).first().waitFor();
    await expect(held.locator('input[name="plan"]').count()).resolves.toBe(1);
  });

  it('offers an official filing a claim for a member the member’s own plans, and the death of an accident for the family', async () => {
    const page = await signIn(await desktopPage(app.browser), app.runtime.url, '周静');
    await settled(page, '#/official/assisted');
    await page.getByLabel('会员').selectOption({ label: '王芳 · 西城医院工会' });
    await page.getByLabel('申请项目').selectOption('mutual-claim');
    await page.locator('#consent-consent-form-file').setInputFiles({ name: '委托申请书.png', mimeType: 'image/png', buffer: pngOf(600, 800) });
    await page.getByRole('link', { name: '下一步：填写申请' }).click();
    await page.getByText('为会员王芳代为申请').waitFor();
    await page.getByText(/保障期：/).first().waitFor();
    await expect(page.locator('input[name="plan"]').count()).resolves.toBe(4);
    await screenshot(page, 'official-assisted-claim-plans');
    await page.getByRole('radio', { name: /意外伤害/ }).check();
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByLabel(/会员因此次事故身故/).check();
    await expect(page.getByText('由家属带上材料到所在工会').count()).resolves.toBe(0);
    await expectAccessible(page);
  });

  it('starts the self-check from the member record', async () => {
    const page = await signIn(await phonePage(app.browser), app.runtime.url, '张伟');
    await settled(page, '#/self-check');
    await page.getByText(/已按您的会员档案预先填好：家庭类别：建档困难职工家庭/).waitFor();
    await page.getByText(/孩子今年/).click();
    await expect(page.locator('#sc-category').inputValue()).resolves.toBe('filed-hardship');
    await expectAccessible(page);
    await screenshot(page, 'worker-self-check-from-record');
  });

  it('has 长辈模式: remembered on the device, 20 px type, 28 px amounts, 48 px targets, one question a screen and reading aloud', async () => {
    const id = (await app.runtime.request('POST', '/applications', { token: await app.runtime.tokenOf('w-zhang-wei'), body: { program: 'autumn-aid', details: await withDocuments(app.runtime, 'w-zhang-wei', 'autumn-aid', autumnAidDetails({ childId: residentId('420106', '2008-05-05', '852') })) } })).body.id as string;
    await untilStatus(app.runtime, 'w-zhang-wei', id, 'PENDING_APPROVAL');
    const plain = await signIn(await phonePage(app.browser), app.runtime.url, '张伟');
    await settled(plain, '#/worker');
    const hasZhVoice = await plain.evaluate(() => typeof speechSynthesis !== 'undefined' && speechSynthesis.getVoices().some((voice) => voice.lang.startsWith('zh')));
    await settled(plain, `#/applications/${id}`);
    if (!hasZhVoice) await expect(plain.getByRole('button', { name: /朗读/ }).count()).resolves.toBe(0);

    const context = (await phonePage(app.browser)).context();
    await context.addInitScript(withChineseVoice);
    const page = await signIn(await context.newPage(), app.runtime.url, '张伟');
    await settled(page, '#/worker');
    await page.getByRole('button', { name: '长辈模式' }).click();
    await expect(page.getByRole('button', { name: '长辈模式' }).getAttribute('aria-pressed')).resolves.toBe('true');
    await page.reload();
    await page.getByRole('heading', { name: '我要申请' }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.classList.contains('elder'), parseFloat(getComputedStyle(document.body).fontSize)])).toEqual([true, 20]);
    const small = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('main button, main .button, main input, main select, header button, header a')]
        .filter((element) => element.getBoundingClientRect().height > 0 && element.getBoundingClientRect().height < 48)
        .map((element) => `${element.tagName} ${element.textContent}`),
    );
    expect(small).toEqual([]);
    await expectAccessible(page);
    await screenshot(page, 'elder-home');

    await settled(page, `#/applications/${id}`);
    expect(await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.amount') as Element).fontSize))).toBeGreaterThanOrEqual(28);
    await page.getByRole('button', { name: '朗读这份申请' }).click();
    const spoken = await page.evaluate(() => (window as unknown as { spoken: { text: string; lang: string }[] }).spoken);
    expect(spoken).toHaveLength(1);
    expect(spoken[0]!.lang).toBe('zh-CN');
    expect(spoken[0]!.text).toContain('金秋助学');
    await expect(page.getByRole('button', { name: '停止朗读' }).count()).resolves.toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'elder-application');

    await settled(page, '#/apply/autumn-aid');
    await page.getByRole('radio', { name: '建档困难职工家庭' }).check();
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByText('（第 1 题，共 2 题）').waitFor();
    await expect(page.getByLabel('家庭人口（人）').isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('家庭上年总收入（元）').isVisible()).resolves.toBe(false);
    await page.getByLabel('家庭人口（人）').fill('3');
    await page.getByRole('button', { name: '下一题' }).click();
    await expect(page.getByLabel('家庭人口（人）').isVisible()).resolves.toBe(false);
    await expect(page.getByLabel('家庭上年总收入（元）').isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: '朗读这一步' }).click();
    const step = await page.evaluate(() => (window as unknown as { spoken: { text: string }[] }).spoken.at(-1)?.text);
    expect(step).toContain('家庭上年总收入');
    await expectAccessible(page);
    await screenshot(page, 'elder-form-one-question');
    expect(await overflowing(page)).toEqual([]);
    await page.getByRole('button', { name: '长辈模式' }).click();
    expect(await page.evaluate(() => localStorage.getItem('warmth.elder'))).toBeNull();
  });

  it('uses no abbreviation or code in 长辈模式: file types, sizes and references in words', async () => {
    const submit = async (serial: string) => (await app.runtime.request('POST', '/applications', { token: await app.runtime.tokenOf('w-zhang-wei'), body: { program: 'autumn-aid', details: await withDocuments(app.runtime, 'w-zhang-wei', 'autumn-aid', autumnAidDetails({ childId: residentId('420106', '2008-07-07', serial) })) } })).body.id as string;
    const [pending, requested] = await Promise.all([submit('871'), submit('872')]);
    await untilStatus(app.runtime, 'w-zhang-wei', requested, 'PENDING_APPROVAL');
    await eventually(async () => ((await app.runtime.request('GET', '/approvals', { token: await app.runtime.tokenOf('o-east-machinery') })).body.items.some((item: { applicationId: string }) => item.applicationId === requested) ? true : undefined), 30_000);
    const asked = await app.runtime.request('POST', `/applications/${requested}/document-review`, { token: await app.runtime.tokenOf('o-east-machinery'), body: { reviews: [{ kind: 'hardship-proof', verdict: 'missing' }] } });
    expect(asked.status).toBe(200);
    await untilStatus(app.runtime, 'w-zhang-wei', requested, 'DOCUMENTS_REQUESTED');
    await untilStatus(app.runtime, 'w-zhang-wei', pending, 'PENDING_APPROVAL');

    const page = await signIn(await phonePage(app.browser), app.runtime.url, '张伟');
    await page.getByRole('button', { name: '长辈模式' }).click();
    // An application's reference (APP-…) and the member's card number (M-…) are what the union asks for on the phone: they stay.
    const latin = (text: string) => (text.match(/[A-Za-z][A-Za-z0-9_:.-]*[A-Za-z0-9]/g) ?? []).filter((token) => !/^(APP|M)-\d/.test(token));
    // The language switch names the other language in its own words (English).
    const pageText = () => page.evaluate(() => {
      const copy = document.body.cloneNode(true) as HTMLElement;
      for (const other of copy.querySelectorAll('[lang]')) other.remove();
      document.body.append(copy);
      copy.hidden = false;
      const text = copy.innerText;
      copy.remove();
      return text;
    });
    const found: Record<string, string[]> = {};
    for (const hash of ['#/worker', '#/messages', '#/self-check', '#/apply/autumn-aid', '#/apply/hardship-relief', '#/notices', '#/household', `#/applications/${pending}`, `#/applications/${requested}`, `#/receipt/${pending}`]) {
      await settled(page, hash);
      const tokens = latin(await pageText());
      if (tokens.length > 0) found[hash] = [...new Set(tokens)];
    }
    expect(found).toEqual({});
    await settled(page, `#/applications/${requested}`);
    await page.getByText(/每个不超过 10 兆/).first().waitFor();
    await screenshot(page, 'elder-documents-requested');
  }, 120_000);

  it('keeps every worker page whole at 200% zoom and with the browser’s larger font, in elder mode too', async () => {
    const id = (await app.runtime.request('POST', '/applications', { token: await app.runtime.tokenOf('w-zhang-wei'), body: { program: 'autumn-aid', details: await withDocuments(app.runtime, 'w-zhang-wei', 'autumn-aid', autumnAidDetails({ childId: residentId('420106', '2008-06-06', '863') })) } })).body.id as string;
    await untilStatus(app.runtime, 'w-zhang-wei', id, 'PENDING_APPROVAL');
    const pages = ['#/worker', '#/messages', '#/self-check', '#/apply/autumn-aid', '#/apply/hardship-relief', '#/apply/mutual-claim', '#/notices', `#/applications/${id}`, `#/receipt/${id}`];
    const found: Record<string, string[]> = {};
    for (const elderMode of [false, true]) {
      const page = await signIn(await zoomedPhone(app.browser), app.runtime.url, '张伟');
      if (elderMode) await page.getByRole('button', { name: '长辈模式' }).click();
      for (const hash of pages) {
        await settled(page, hash);
        const problems = [...(await overflowing(page)), ...(await brokenHeaderItems(page))];
        if (problems.length) found[`${elderMode ? 'elder ' : ''}${hash}`] = problems;
      }
      await settled(page, `#/applications/${id}`);
      await screenshot(page, `zoom-200-application${elderMode ? '-elder' : ''}`);
      await settled(page, '#/worker');
      await screenshot(page, `zoom-200-home${elderMode ? '-elder' : ''}`);
    }
    // The browser's own font-size setting (here 24 px instead of 16) scales the type.
    const larger = await signIn(await phonePage(app.browser), app.runtime.url, '张伟');
    const client = await larger.context().newCDPSession(larger);
    await client.send('Page.setFontSizes' as never, { fontSizes: { standard: 24, fixed: 20 } } as never);
    await settled(larger, `#/applications/${id}`);
    expect(await larger.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))).toBeGreaterThan(20);
    expect(await overflowing(larger)).toEqual([]);
    expect(found).toEqual({});
  }, 120_000);
});
