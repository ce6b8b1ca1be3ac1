import type { Page } from 'playwright-core';
import { pngOf } from '../support/documents.ts';
import { describe, expect, it } from 'vitest';
import demoRegion from '../../functions/domain/demo-region.json' with { type: 'json' };
import { enumNames } from '../../functions/shared/code-names.ts';
import { workerMessageRules } from '../../functions/domain/worker-messages.ts';
import { mutualPlans } from '../../functions/domain/programs/mutual-claim/details.ts';
import { autumnAidDetails, decide, untilStatus, withDocuments } from '../support/applications.ts';
import { residentId } from '../support/id-numbers.ts';
import { desktopPage, expectAccessible, phonePage, screenshot, signIn, webAppUnderTest } from './browser.ts';

/**
 * The codes of the code: every enum value the pages name, the programs', org units' and people's
 * ids, and the shapes codes take (SCREAMING_SNAKE, kebab-case, policy version ids). One of them in
 * a zh-CN page's text is an internal code that reached a reader.
 */
const codes = new Set<string>([
  ...enumNames.flatMap((names) => Object.keys(names)).filter((code) => code.length > 1),
  ...demoRegion.orgUnits.map((unit) => unit.id),
  ...demoRegion.users.map((user) => user.sub),
  'PENDING', 'CANCELLED', 'APPROVE_LEVEL', 'REJECT_LEVEL', 'SUBMIT', 'OBJECT', 'APPEAL', 'WITHDRAW', 'REJECT', 'undefined', 'null', 'NaN',
  // 免申即享: the proposal's actions and the partner files' kinds.
  'PROPOSE', 'CONFIRM_PROPOSAL', 'CONFIRM_PROPOSAL_LIST', 'DECLINE_PROPOSAL', 'EXPIRE_PROPOSAL', 'hospital-stays', 'dibao-list', 'admissions',
  // The messages' kinds and the changes they answer, the officials' notification kinds, the plans and cover states.
  ...workerMessageRules.flatMap((rule) => [rule.kind, rule.action, rule.to].filter((code): code is string => code !== undefined)),
  'APPROVAL_REQUESTED', 'APPROVAL_DUE_TOMORROW', 'APPROVAL_OVERDUE', 'APPROVAL_ESCALATED',
  ...mutualPlans, 'NOT_STARTED', 'WAITING', 'REDUCED', 'COVERED', 'LAPSED',
]);

/** The Latin tokens of a text that are codes. */
export function codesIn(text: string, checkCodes: readonly string[] = []): string[] {
  const tokens = text.match(/[A-Za-z][A-Za-z0-9_:.-]*[A-Za-z0-9]/g) ?? [];
  return tokens.filter((token) => codes.has(token) || checkCodes.includes(token) || /^[A-Z]+(?:_[A-Z]+)+$/.test(token) || /^[a-z]+(?:-[a-z0-9]+)+$/.test(token) || /:v\d+$/.test(token));
}

describe('pages say where things stand in words, with no internal code', () => {
  const app = webAppUnderTest();

  async function submitAutumnAid(sub: string, overrides: Parameters<typeof autumnAidDetails>[0], serial: string): Promise<string> {
    const submitted = await app.runtime.request('POST', '/applications', {
      token: await app.runtime.tokenOf(sub),
      body: { program: 'autumn-aid', details: await withDocuments(app.runtime, sub, 'autumn-aid', autumnAidDetails({ childId: residentId('420106', '2008-06-01', serial), ...overrides })) },
    });
    expect(submitted.status).toBe(202);
    return submitted.body.id as string;
  }

  /** What the page says once it has loaded (no 加载中…). */
  async function settledText(page: Page, hash: string): Promise<string> {
    await page.evaluate((target) => (location.hash = target), hash);
    await page.waitForFunction(() => document.querySelector('main') !== null && !document.body.innerText.includes('加载中…'));
    return page.locator('body').innerText();
  }

  it('walks every worker and official page in zh-CN and finds no code in any of them', async () => {
    const pending = await submitAutumnAid('w-zhang-wei', {}, '301');
    const rejected = await submitAutumnAid('w-zhang-wei', { level: 'postgraduate' }, '302');
    await untilStatus(app.runtime, 'w-zhang-wei', rejected, 'PENDING_APPROVAL');
    expect((await decide(app.runtime, 'o-east-machinery', rejected, 'reject', '录取通知书与身份证姓名不一致')).status).toBe(200);
    await untilStatus(app.runtime, 'w-zhang-wei', rejected, 'REJECTED');
    const ineligible = await app.runtime.request('POST', '/applications', {
      token: await app.runtime.tokenOf('w-chen-jie'),
      body: { program: 'autumn-aid', details: await withDocuments(app.runtime, 'w-chen-jie', 'autumn-aid', { ...autumnAidDetails({ childId: residentId('420106', '2008-06-01', '303'), holder: '陈杰' }), category: 'temporary-hardship' }) },
    });
    await untilStatus(app.runtime, 'w-chen-jie', ineligible.body.id, 'INELIGIBLE');
    await untilStatus(app.runtime, 'w-zhang-wei', pending, 'PENDING_APPROVAL');
    const decisions = await Promise.all(
      [[pending, 'w-zhang-wei'], [rejected, 'w-zhang-wei'], [ineligible.body.id as string, 'w-chen-jie']].map(async ([id, sub]) => (await app.runtime.request('GET', `/applications/${id}`, { token: await app.runtime.tokenOf(sub as string) })).body.decision),
    );
    const checkCodes = decisions.flatMap((decision: { checks: { code: string }[] }) => decision.checks.map((check) => check.code));
    expect(checkCodes).toContain('MEMBER');

    const found: Record<string, string[]> = {};
    const walk = async (page: Page, hashes: string[]) => {
      for (const hash of hashes) {
        const inPage = codesIn(await settledText(page, hash), checkCodes);
        if (inPage.length > 0) found[hash] = inPage;
      }
    };

    const worker = await signIn(await phonePage(app.browser), app.runtime.url, '张伟');
    await walk(worker, ['#/worker', '#/messages', '#/self-check', '#/apply/autumn-aid', '#/apply/hardship-relief', '#/apply/mutual-claim', '#/notices', `#/applications/${pending}`, `#/applications/${rejected}`, `#/receipt/${pending}`]);
    // The same pages in 长辈模式, and a member holding every mutual-aid plan (their cover in words).
    await worker.getByRole('button', { name: '长辈模式' }).click();
    await walk(worker, ['#/worker', '#/messages', `#/applications/${rejected}`]);
    const insured = await signIn(await phonePage(app.browser), app.runtime.url, '王芳');
    await walk(insured, ['#/apply/mutual-claim', '#/self-check', '#/messages']);
    // A refused form answer, and a self-check result, are pages too.
    await settledText(worker, '#/self-check');
    await worker.getByLabel('家庭人口（人）').fill('3');
    await worker.getByLabel('家庭上年总收入（元）').fill('3万');
    await worker.getByRole('button', { name: '开始自测' }).click();
    await worker.getByRole('heading', { name: '自测结果' }).waitFor();
    const selfCheck = codesIn(await worker.locator('body').innerText(), checkCodes);
    if (selfCheck.length > 0) found['#/self-check (result)'] = selfCheck;

    const refused = await signIn(await phonePage(app.browser), app.runtime.url, '陈杰');
    await walk(refused, ['#/worker', '#/messages', `#/applications/${ineligible.body.id}`]);

    const official = await signIn(await desktopPage(app.browser), app.runtime.url, '赵敏');
    await walk(official, ['#/official', '#/official/notifications', '#/official/attention', `#/applications/${pending}`, `#/applications/${rejected}`, '#/official/notices', '#/official/delegations', '#/official/budget', '#/official/call-backs', '#/official/policies', '#/official/policies/autumn-aid']);
    const admin = await signIn(await desktopPage(app.browser), app.runtime.url, '何平');
    await walk(admin, ['#/official/policies', '#/official/policies/hardship-relief', '#/official/policies/mutual-claim']);

    expect(found).toEqual({});
  }, 120_000);

  it('shows a rejection as 未通过 with the reason, the appeal deadline and a button, and no amount in large type', async () => {
    const id = await submitAutumnAid('w-zhang-wei', {}, '311');
    await untilStatus(app.runtime, 'w-zhang-wei', id, 'PENDING_APPROVAL');
    expect((await decide(app.runtime, 'o-east-machinery', id, 'reject', '缺少困难证明原件')).status).toBe(200);
    await untilStatus(app.runtime, 'w-zhang-wei', id, 'REJECTED');
    for (const [width, height] of [[390, 844], [360, 640]] as const) {
      const page = await signIn(await phonePage(app.browser), app.runtime.url, '张伟');
      await page.setViewportSize({ width, height });
      await settledText(page, `#/applications/${id}`);
      const outcome = page.getByRole('region', { name: '未通过' });
      await expect(outcome.innerText()).resolves.toContain('原因：缺少困难证明原件');
      await expect(outcome.innerText()).resolves.toMatch(/前申诉一次/);
      await expect(page.locator('.amount').count()).resolves.toBe(0);
      await expect(page.locator('.muted.small').filter({ hasText: /起施行的第\d+版/ }).count()).resolves.toBe(1);
      await expectAccessible(page);
      await screenshot(page, `worker-rejected-${width}`);
      await outcome.getByRole('link', { name: '我要申诉' }).click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('reason');
    }
  });

  it('takes numbers as people type them, and says what to type otherwise', async () => {
    const page = await signIn(await phonePage(app.browser), app.runtime.url, '李娜');
    await settledText(page, '#/self-check');
    await page.getByLabel('家庭人口（人）').fill('３');
    await page.getByLabel('家庭上年总收入（元）').fill('三万');
    await page.getByRole('button', { name: '开始自测' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toBe('请只填数字，如 35000');
    await page.getByLabel('家庭上年总收入（元）').fill('3.5万');
    await page.getByRole('button', { name: '开始自测' }).click();
    await page.getByRole('heading', { name: '自测结果' }).waitFor();
    await screenshot(page, 'worker-self-check-typed-numbers');
    // The result answered the old question: a changed answer clears it.
    await page.getByLabel('家庭上年总收入（元）').fill('35,000');
    await expect.poll(() => page.getByRole('heading', { name: '自测结果' }).count()).toBe(0);
  });

  it('lets no worker object to their own application on the notice board', async () => {
    const id = await submitAutumnAid('w-zhang-wei', {}, '321');
    await untilStatus(app.runtime, 'w-zhang-wei', id, 'PENDING_APPROVAL');
    for (const official of ['o-east-machinery', 'o-east', 'o-city']) expect((await decide(app.runtime, official, id, 'approve')).status).toBe(200);
    await untilStatus(app.runtime, 'w-zhang-wei', id, 'PUBLIC_NOTICE');
    const page = await signIn(await phonePage(app.browser), app.runtime.url, '张伟');
    await settledText(page, '#/notices');
    const own = page.locator('li.card').filter({ hasText: '张伟 · 金秋助学' }).first();
    await expect(own.innerText()).resolves.toContain('这是您本人的申请');
    await expect(own.getByRole('button', { name: /提出异议/ }).count()).resolves.toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'worker-notices-own');
  });

  it('sends a form once: a second tab of the same draft says it has been sent, with the reference', async () => {
    const first = await signIn(await phonePage(app.browser), app.runtime.url, '刘洋');
    await settledText(first, '#/apply/autumn-aid');
    await first.getByText('困难农民工家庭').click();
    await first.getByRole('button', { name: '下一步' }).click();
    await first.getByLabel('家庭人口（人）').fill('３人');
    await first.getByLabel('家庭上年总收入（元）').fill('3万');
    await first.getByRole('button', { name: '下一步' }).click();
    await first.getByLabel('子女姓名').fill('刘小北');
    await first.getByLabel('子女身份证号').fill(residentId('420106', '2008-07-07', '331'));
    await first.getByLabel('录取院校').fill('华中科技大学');
    await first.getByRole('button', { name: '下一步' }).click();
    await first.getByLabel('开户银行').fill('中国建设银行');
    await first.getByLabel('银行卡号').fill('6217001234567890123');
    await first.getByRole('button', { name: '下一步' }).click();
    await first.locator('#document-admission-letter-file').setInputFiles({ name: '录取通知书.png', mimeType: 'image/png', buffer: pngOf() });
    await first.getByRole('img', { name: '录取通知书.png' }).waitFor();
    await first.getByRole('button', { name: '下一步' }).click();
    // The same draft open in a second tab of the same phone.
    const second = await signIn(await first.context().newPage(), app.runtime.url, '刘洋');
    await settledText(second, '#/apply/autumn-aid');
    await second.getByRole('button', { name: '提交申请' }).waitFor();
    await first.getByRole('button', { name: '提交申请' }).click();
    await first.getByText('申请已提交').waitFor();
    const reference = (await first.locator('.reference').textContent()) ?? '';
    await second.getByRole('button', { name: '提交申请' }).click().catch(() => undefined);
    await expect.poll(() => second.getByRole('status').first().textContent()).toContain(`这份申请已经提交（受理编号 ${reference}）`);
    await expectAccessible(second);
    await screenshot(second, 'worker-sent-twice');
    const mine = await app.runtime.request('GET', '/applications', { token: await app.runtime.tokenOf('w-liu-yang') });
    expect(mine.body.items).toHaveLength(1);
  });

  it('says 登录已过期，请重新登录 when the sign-in runs out, and goes back to the form with the draft', async () => {
    const page = await signIn(await phonePage(app.browser), app.runtime.url, '王芳');
    await settledText(page, '#/apply/hardship-relief');
    await page.getByLabel('年龄').fill('41');
    await page.getByLabel('上年收入（元）').fill('2.4万');
    const form = page.url();
    await app.runtime.advanceClock(2 * 3600);
    await settledText(page, '#/worker');
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('登录已过期，请重新登录');
    await expectAccessible(page);
    await screenshot(page, 'worker-session-expired');
    await page.getByRole('button', { name: /王芳/ }).click();
    await page.waitForFunction(() => location.hash !== '#/signin');
    expect(page.url()).toBe(form.replace('#/apply/hardship-relief', '#/worker'));
    await settledText(page, '#/apply/hardship-relief');
    await expect(page.getByLabel('上年收入（元）').inputValue()).resolves.toBe('2.4万');
  });
});
