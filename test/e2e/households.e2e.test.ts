import { describe, expect, it } from 'vitest';
import { runYearlyReview } from '../../functions/use-cases/run-yearly-review.ts';
import { autumnAidDetails, decide, untilStatus, withDocuments } from '../support/applications.ts';
import { residentId } from '../support/id-numbers.ts';
import { expectAccessible, phonePage, screenshot, signIn, webAppUnderTest } from './browser.ts';

/** Codes that must never reach a reader of these pages. */
const CODES = /\b(DEEP|RELATIVE|ACCIDENT|OPEN|TEMPORARY|CLOSED|CANCELLED|income-above-line|moved-away|FILE_[A-Z_]+|HF-\d+)/;

describe('household hardship files in Chromium, on a phone', () => {
  const app = webAppUnderTest();
  const signedIn = async (name: string, locale = 'zh-CN') => signIn(await phonePage(app.browser, locale), app.runtime.url, name);

  it('shows the worker their household’s file: tier and why, members, what it received', async () => {
    const zhang = await signedIn('张伟');
    await zhang.getByRole('link', { name: '我家的困难职工档案' }).click();
    await zhang.getByRole('heading', { name: '困难类别及核定依据' }).waitFor();
    const text = await zhang.locator('main').innerText();
    expect(text).toContain('深度困难');
    expect(text).toContain('在档');
    expect(text).toContain('东城机械厂工会');
    expect(text).not.toMatch(CODES);
    await screenshot(zhang, 'household-worker');
    await expectAccessible(zhang);

    const li = await signedIn('李娜');
    await li.goto(`${app.runtime.url}/#/household`);
    await li.getByText('您家没有困难职工档案').waitFor();
  });

  it('lets an official open, visit, re-tier and close a file, in words only', async () => {
    const zhou = await signedIn('周静');
    await zhou.goto(`${app.runtime.url}/#/official/files`);
    await zhou.getByText('没有这种状态的档案').waitFor();
    await expectAccessible(zhou);
    await zhou.getByRole('link', { name: '建档', exact: true }).click();

    await zhou.getByLabel('户主会员号').fill('M-0003');
    await zhou.getByLabel('姓名').fill('王芳');
    await zhou.getByLabel('年龄').fill('41');
    await zhou.getByLabel('年收入（元）').fill('1.2万');
    await zhou.getByRole('button', { name: '添加成员' }).click();
    await zhou.locator('#m1-relation').selectOption('spouse');
    await zhou.locator('#m1-name').fill('钱进');
    await zhou.locator('#m1-age').fill('43');
    await zhou.locator('#m1-condition').selectOption('serious-illness');
    await screenshot(zhou, 'household-open');
    await expectAccessible(zhou);
    await zhou.getByRole('button', { name: '核定并建档' }).click();

    await zhou.getByRole('heading', { name: '困难职工档案：王芳' }).waitFor();
    await expect(zhou.locator('main').innerText()).resolves.toContain('深度困难');
    await zhou.getByLabel('内容').fill('上门走访，了解治疗情况');
    await zhou.getByRole('button', { name: '保存' }).click();
    await zhou.locator('.list.plain').getByText('上门走访，了解治疗情况').waitFor();

    await expect(zhou.locator('#m1-name').inputValue()).resolves.toBe('钱进');
    await zhou.locator('#m0-income').fill('36000');
    await zhou.getByLabel('调档原因').fill('本人复工，收入增加');
    await zhou.getByRole('button', { name: '重新核定' }).click();
    await zhou.getByRole('heading', { name: '此前的核定' }).waitFor();
    await expect(zhou.locator('main').innerText()).resolves.toContain('相对困难');
    await screenshot(zhou, 'household-file');
    await expectAccessible(zhou);

    // Asking for a tier the facts no longer support says why, in words, and changes nothing.
    await zhou.locator('#m0-income').fill('90000');
    await zhou.getByLabel('调档原因').fill('收入继续增加');
    await zhou.getByRole('button', { name: '重新核定' }).click();
    await zhou.getByText(/请办理退档/).waitFor();

    await zhou.getByLabel('原因', { exact: true }).selectOption('income-above-line');
    await zhou.getByLabel('说明', { exact: true }).fill('家庭收入已超过相对困难标准');
    await zhou.getByRole('button', { name: '退档', exact: true }).click();
    await zhou.getByText('已退档（收入已超过困难标准（脱困））').waitFor();
    const text = await zhou.locator('main').innerText();
    expect(text).toContain('调档');
    expect(text).toContain('记录走访');
    expect(text).not.toMatch(CODES);

    await zhou.goto(`${app.runtime.url}/#/official/files`);
    await zhou.getByLabel('档案状态').selectOption('');
    await zhou.locator('tbody tr').getByText('王芳').waitFor();
    await screenshot(zhou, 'household-list');

    await zhou.getByRole('link', { name: '关注名单' }).click();
    await zhou.getByRole('heading', { name: '近两年脱困家庭（防返困）（1）' }).waitFor();
    await screenshot(zhou, 'household-watch-lists');
    await expectAccessible(zhou);
  });

  it('lists the yearly review with its overdue flags, and takes a review to its outcome', async () => {
    // The demo's review starts on 1 March with 60 days to do it: by the test's day it is overdue.
    expect((await runYearlyReview()).flagged).toBeGreaterThan(0);
    const zhao = await signedIn('赵敏');
    await zhao.goto(`${app.runtime.url}/#/official/files/reviews`);
    await zhao.locator('tbody tr').getByText('逾期未复核（已上报东城区总工会）').waitFor();
    await screenshot(zhao, 'household-reviews');
    await expectAccessible(zhao);
    await zhao.locator('tbody tr').getByRole('link', { name: '张伟' }).click();
    await zhao.getByRole('button', { name: '完成复核' }).waitFor();
    await zhao.locator('#r0-name').fill('张伟');
    await zhao.locator('#r0-age').fill('50');
    await zhao.locator('#r0-income').fill('6000');
    await zhao.getByLabel('复核意见').fill('入户核实，家庭情况未变');
    await zhao.getByRole('button', { name: '完成复核' }).click();
    await zhao.getByText('年度复核：困难类别不变').waitFor();
    expect(await zhao.locator('main').innerText()).not.toMatch(CODES);
    await screenshot(zhao, 'household-reviewed');
    await expectAccessible(zhao);
  });

  it('shows an appeal what the policy in force would decide: side by side to the official, in plain words to the worker', async () => {
    const submitted = await app.runtime.request('POST', '/applications', { token: await app.runtime.tokenOf('w-zhang-wei'), body: { program: 'autumn-aid', details: await withDocuments(app.runtime, 'w-zhang-wei', 'autumn-aid', autumnAidDetails({ childId: residentId('420106', '2008-06-06', '606') })) } });
    const id = submitted.body.id as string;
    await untilStatus(app.runtime, 'w-zhang-wei', id, 'PENDING_APPROVAL');
    await decide(app.runtime, 'o-east-machinery', id, 'reject', '材料不全');
    await untilStatus(app.runtime, 'w-zhang-wei', id, 'REJECTED');
    await app.runtime.request('POST', `/applications/${id}/appeal`, { token: await app.runtime.tokenOf('w-zhang-wei'), body: { reason: '材料已补齐' } });

    const zhang = await signedIn('张伟');
    await zhang.goto(`${app.runtime.url}/#/applications/${id}`);
    await zhang.getByRole('heading', { name: '按现行政策重新审核' }).waitFor();
    await zhang.getByText('按现行政策重新审核，结果与原决定相同。').waitFor();
    await expectAccessible(zhang);

    const zheng = await signedIn('郑华');
    await zheng.goto(`${app.runtime.url}/#/applications/${id}`);
    await zheng.getByRole('heading', { name: '政策对比（申诉复核用）' }).waitFor();
    await expect(zheng.locator('section[aria-labelledby="comparison"] tbody tr').count()).resolves.toBeGreaterThan(3);
    expect(await zheng.locator('section[aria-labelledby="comparison"]').innerText()).not.toMatch(/\b[A-Z_]{4,}\b/);
    await screenshot(zheng, 'appeal-comparison');
    await expectAccessible(zheng);
  });

  it('reads in English too', async () => {
    const zhang = await signedIn('张伟', 'en');
    await zhang.getByRole('button', { name: 'English' }).click();
    await zhang.goto(`${app.runtime.url}/#/household`);
    await zhang.getByRole('heading', { name: 'Tier and the decision that set it' }).waitFor();
    const text = await zhang.locator('main').innerText();
    expect(text).toContain('Deep hardship');
    // The review of the test before decided it again.
    expect(text).toContain('The yearly review');
    expect(text).not.toMatch(CODES);
    await screenshot(zhang, 'household-worker-en');
  });
});
