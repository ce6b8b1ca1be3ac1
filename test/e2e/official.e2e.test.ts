import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { autumnAidDetails, untilStatus, withDocuments } from '../support/applications.ts';
import { residentId } from '../support/id-numbers.ts';
import { eventually } from '../support/runtime.ts';
import { descriptionOf, desktopPage, expectAccessible, screenshot, signIn, webAppUnderTest } from './browser.ts';
import { localDay } from '../support/calendar.ts';

describe('the officials’ console in Chromium', () => {
  const app = webAppUnderTest();
  /** 张伟's applications, all PENDING_APPROVAL at level 1: three levels, a rejection, a batch of two, one decided meanwhile. */
  let threeLevel: string;
  let rejected: string;
  let batch: [string, string];
  let decidedMeanwhile: string;

  const apply = async (sequence: string) => {
    const submitted = await app.runtime.request('POST', '/applications', {
      token: await app.runtime.tokenOf('w-zhang-wei'),
      body: { program: 'autumn-aid', details: await withDocuments(app.runtime, 'w-zhang-wei', 'autumn-aid', autumnAidDetails({ childId: residentId('420106', '2008-04-01', sequence) })) },
    });
    expect(submitted.status).toBe(202);
    await untilStatus(app.runtime, 'w-zhang-wei', submitted.body.id, 'PENDING_APPROVAL');
    return submitted.body.id as string;
  };

  /** A desktop page signed in as the demo user whose card shows `name`. */
  const signedIn = async (name: string) => signIn(await desktopPage(app.browser), app.runtime.url, name);

  /** Waits until the application is in `sub`'s queue (the workflow asks each level in turn), then opens it to decide. */
  const openToDecide = async (page: Page, sub: string, id: string) => {
    const token = await app.runtime.tokenOf(sub);
    await eventually(async () => ((await app.runtime.request('GET', '/approvals', { token })).body.items.some((item: { applicationId: string }) => item.applicationId === id) ? true : undefined), 30_000);
    await page.goto(`${app.runtime.url}/#/applications/${id}`);
    await page.getByRole('button', { name: '批准', exact: true }).waitFor();
  };

  beforeAll(async () => {
    const [a, b, c, d, e] = await Promise.all(['301', '302', '303', '304', '305'].map(apply));
    [threeLevel, rejected, batch, decidedMeanwhile] = [a as string, b as string, [c as string, d as string], e as string];
    // PENDING_APPROVAL comes a step before the approval that puts it in the queue: wait for all five there.
    const token = await app.runtime.tokenOf('o-east-machinery');
    await eventually(async () => ((await app.runtime.request('GET', '/approvals', { token })).body.items.length >= 5 ? true : undefined), 30_000);
  });

  it('takes an autumn-aid application through three levels to the public-notice list', async () => {
    const zhao = await signedIn('赵敏');
    await zhao.locator(`.queue a[href="#/applications/${threeLevel}"]`).waitFor();
    await expect(zhao.locator('.queue li').count()).resolves.toBe(5);
    await screenshot(zhao, 'official-queue');
    await expectAccessible(zhao);

    await zhao.getByLabel('项目').selectOption('hardship-relief');
    await zhao.getByText('没有符合筛选条件的待审批申请').waitFor();
    await zhao.getByLabel('项目').selectOption('autumn-aid');
    await zhao.locator(`.queue a[href="#/applications/${threeLevel}"]`).click();

    await zhao.getByRole('heading', { name: '审计记录' }).waitFor();
    await zhao.getByRole('img', { name: 'admission-letter.png' }).waitFor();
    await expect(zhao.locator('.facts').first().textContent()).resolves.toContain(residentId('420106', '2008-04-01', '301'));
    await zhao.getByRole('button', { name: '校验审计链' }).click();
    await zhao.getByText(/审计链完整/).waitFor();
    await screenshot(zhao, 'official-application');
    await expectAccessible(zhao);
    await zhao.getByLabel('审批意见').fill('材料齐全，同意');
    await zhao.getByRole('button', { name: '批准', exact: true }).click();
    await zhao.locator('.notice').getByText('已批准').waitFor();

    const zheng = await signedIn('郑华');
    await openToDecide(zheng, 'o-east', threeLevel);
    await expect(zheng.locator('.levels').textContent()).resolves.toContain('材料齐全，同意');
    await zheng.getByRole('button', { name: '批准', exact: true }).click();
    await zheng.locator('.notice').getByText('已批准').waitFor();

    const yang = await signedIn('杨帆');
    await openToDecide(yang, 'o-city', threeLevel);
    await yang.getByLabel('审批意见').fill('同意，进入公示');
    await yang.getByRole('button', { name: '批准', exact: true }).click();
    await expect.poll(async () => (await yang.reload(), await yang.locator('.status').first().textContent()), { timeout: 15_000 }).toBe('公示中');

    await yang.goto(`${app.runtime.url}/#/official/notice`);
    await yang.locator('table').getByText(threeLevel).waitFor();
    await expect.poll(() => yang.locator('main p.muted').first().textContent()).toContain('示范市总工会 及下属工会');
    await expect(yang.locator('tbody tr').first().textContent()).resolves.toContain('¥5,000.00');
    await screenshot(yang, 'official-public-notice');
    await expectAccessible(yang);
  });

  it('rejects with the reason the applicant will read', async () => {
    const zhao = await signedIn('赵敏');
    await openToDecide(zhao, 'o-east-machinery', rejected);
    await zhao.getByRole('button', { name: '驳回' }).click();
    await expect.poll(() => zhao.locator('#comment-error').textContent()).toContain('驳回须填写理由');
    await zhao.getByLabel('审批意见').fill('家庭收入证明不全，请补交后申诉');
    await zhao.getByRole('button', { name: '驳回' }).click();
    await expect.poll(async () => (await zhao.reload(), await zhao.locator('.status').first().textContent()), { timeout: 15_000 }).toBe('未通过');
    await expect(zhao.locator('.levels').textContent()).resolves.toContain('家庭收入证明不全');
  });

  it('approves two applications at once and says how each went, naming the one decided meanwhile', async () => {
    const zhao = await signedIn('赵敏');
    for (const id of [...batch, decidedMeanwhile]) await zhao.getByRole('checkbox', { name: new RegExp(id) }).check();
    // Rejected in another tab meanwhile (the same approval sent again would be a retry, and succeed).
    const meanwhile = await app.runtime.request('POST', `/approvals/${decidedMeanwhile}/decision`, { token: await app.runtime.tokenOf('o-east-machinery'), body: { decision: 'reject', comment: '材料不全' } });
    expect(meanwhile.status).toBe(200);
    await zhao.getByLabel('统一审批意见').fill('批量通过');
    await zhao.getByRole('button', { name: /批准所选（3 份）/ }).click();
    await zhao.getByRole('heading', { name: /2 份成功，1 份未成功/ }).waitFor();
    await expect(zhao.locator('.batch-results li.ok').count()).resolves.toBe(2);
    await expect(zhao.locator('.batch-results li.failed').textContent()).resolves.toContain(decidedMeanwhile);
    await screenshot(zhao, 'official-batch');
    await expectAccessible(zhao);
  });

  it('delegates the queue to a colleague of the same unit and level, chosen by name', async () => {
    const zheng = await signedIn('郑华');
    await zheng.goto(`${app.runtime.url}/#/official/delegations`);
    await zheng.getByText('您还没有委托过。').waitFor();
    await zheng.getByRole('button', { name: '委托', exact: true }).click();
    await expect.poll(() => zheng.locator('#to-error').textContent()).toContain('必填');
    await expect(zheng.getByLabel('受托同事').locator('option').allTextContents()).resolves.toEqual(['请选择…', '冯洁']);
    await zheng.getByLabel('受托同事').selectOption({ label: '冯洁' });
    await zheng.getByLabel('结束日期').fill(localDay(-1));
    await zheng.getByRole('button', { name: '委托', exact: true }).click();
    await expect.poll(() => descriptionOf(zheng.getByLabel('结束日期'))).toContain('结束日期不能早于开始日期');
    await zheng.getByLabel('结束日期').fill(localDay(7));
    await zheng.getByRole('button', { name: '委托', exact: true }).click();
    await zheng.locator('.notice').getByText(/已委托 冯洁/).waitFor();
    await expect.poll(() => zheng.locator('section', { has: zheng.getByRole('heading', { name: '我委托给' }) }).textContent()).toContain('冯洁');
    await screenshot(zheng, 'official-delegation');
    await expectAccessible(zheng);
  });

  it('shows an official the parameters in force and simulates a draft', async () => {
    const zheng = await signedIn('郑华');
    await zheng.goto(`${app.runtime.url}/#/official/policies`);
    await zheng.getByRole('link', { name: '金秋助学' }).waitFor();
    await screenshot(zheng, 'official-policies');
    await expectAccessible(zheng);
    await zheng.getByRole('link', { name: '金秋助学' }).click();
    // Labelled fields in yuan, grouped as the rules read; no JSON to edit.
    const undergraduate = zheng.getByLabel('建档困难家庭 · 本科', { exact: true });
    await expect.poll(() => undergraduate.inputValue()).toBe('5000.00');
    await expect(zheng.getByRole('group', { name: '资助标准（元）' }).count()).resolves.toBe(1);
    await expect(zheng.getByRole('button', { name: '发布' }).count()).resolves.toBe(0);
    const notice = zheng.getByLabel('公示天数', { exact: true });
    const noticeDays = await notice.inputValue();

    await notice.fill('-1');
    await zheng.getByRole('button', { name: '模拟' }).click();
    await expect.poll(() => zheng.locator('#p-publicNoticeDays-error').textContent()).toContain('整数');

    await notice.fill(noticeDays);
    await undergraduate.fill('8,000');
    await zheng.getByRole('button', { name: '模拟' }).click();
    await zheng.getByRole('heading', { name: '模拟结果' }).waitFor();
    // The five applications of this file, each ¥5,000.00 → ¥8,000.00.
    await expect(zheng.locator('.simulation tbody tr').count()).resolves.toBe(5);
    await expect(zheng.locator('.cost-difference').textContent()).resolves.toBe('+¥15,000.00');
    await screenshot(zheng, 'official-policy-simulation');
    await expectAccessible(zheng);

    await zheng.getByRole('button', { name: 'English' }).click();
    await zheng.getByRole('heading', { name: 'Simulate a draft' }).waitFor();
    await expect(zheng.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Autumn education aid');
    await screenshot(zheng, 'official-policy-en');
  });

  it('lands an administrator on the policies and lets them publish a new version', async () => {
    const he = await signedIn('何平');
    await expect.poll(() => he.evaluate(() => location.hash)).toBe('#/official/policies');
    await he.getByRole('link', { name: '金秋助学' }).click();
    const undergraduate = he.getByLabel('建档困难家庭 · 本科', { exact: true });
    await expect.poll(() => undergraduate.inputValue()).toBe('5000.00');
    await undergraduate.fill('6000');
    he.once('dialog', (dialog) => void dialog.accept());
    await he.getByRole('button', { name: '发布' }).click();
    const [year, month, day] = localDay().split('-').map(Number);
    const name = `${year}年${month}月${day}日起施行的第2版`;
    await he.locator('.notice').getByText(`已发布：${name}。`).waitFor();
    await expect.poll(() => he.locator('.facts dd').first().textContent()).toBe(name);
    await screenshot(he, 'official-policy-publish');
    await expectAccessible(he);
  });

  it('opens the console when its code arrives between a navigation and the new page’s first effects', async () => {
    // Preact runs effects after the next frame; the page's fake clock holds them back, so the
    // console's code can be made to arrive exactly between the navigation and those effects.
    const official = ((await app.runtime.request('GET', '/local/users')).body.items as { sub: string; name: string }[]).find((user) => user.name === '郑华');
    const token = await app.runtime.tokenOf(official?.sub ?? '');
    const page = await desktopPage(app.browser);
    await page.context().addInitScript(({ token, user }) => {
      sessionStorage.setItem('warmth.token', token);
      sessionStorage.setItem('warmth.user', JSON.stringify(user));
    }, { token, user: official });
    let requested!: (url: string) => void;
    const consoleRequested = new Promise<string>((resolve) => (requested = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/assets/console-*.js', async (route) => {
      requested(route.request().url());
      await released;
      await route.continue();
    });
    await page.clock.install();
    await page.clock.pauseAt(Date.now() + 1000);

    await page.goto(`${app.runtime.url}/#/official`);
    await page.clock.runFor(500);
    const consoleUrl = await consoleRequested;
    await page.evaluate(
      () =>
        new Promise<void>((rendered) => {
          // Listeners run in order: the app's re-render is queued before this one's microtasks.
          addEventListener('hashchange', () => queueMicrotask(() => queueMicrotask(rendered)), { once: true });
          location.hash = '#/official/delegations';
        }),
    );
    release();
    // Once the module the app asked for is evaluated (a string, so the test runner leaves `import` be).
    await page.evaluate(`import(${JSON.stringify(consoleUrl)}).then(() => undefined)`);
    await page.clock.runFor(500);

    await page.getByRole('heading', { level: 1, name: '委托审批' }).waitFor({ timeout: 5_000 });
    await page.context().close();
  });
});
