import { describe, expect, it } from 'vitest';
import { untilStatus } from '../support/applications.ts';
import { desktopPage, expectAccessible, screenshot, signIn, webAppUnderTest } from './browser.ts';

/** Codes that must never reach a reader of these pages. */
const CODES = /\b(DEEP|RELATIVE|ACCIDENT|bank-transfer|cash|goods|PENDING_APPROVAL|HF-\d+)\b/;

describe('送温暖 in Chromium, on a desktop', () => {
  const app = webAppUnderTest();
  const signedIn = async (name: string) => signIn(await desktopPage(app.browser), app.runtime.url, name);

  it('lets an official draw the east district’s list from the files, add a household with a reason, submit it, and another approve it in one batch', async () => {
    // Draw: 郑华 opens the campaign for 东城区总工会; 张伟's file is on the list, with the deep-hardship standard.
    const zheng = await signedIn('郑华');
    await zheng.getByRole('link', { name: '送温暖' }).click();
    await zheng.getByRole('heading', { name: '春节送温暖' }).waitFor();
    const row = zheng.getByRole('row', { name: /张伟/ });
    await expect(row.innerText()).resolves.toContain('深度困难');
    await expect(row.innerText()).resolves.toContain('¥1,000.00');

    // Review: 李娜 is added (not on file), as relative hardship, with the reason; goods are handed over.
    await zheng.getByText('增补不在档的家庭').click();
    await zheng.getByLabel('会员', { exact: true }).selectOption({ label: '李娜（M-0002）' });
    await zheng.getByLabel('核定困难类别').selectOption({ label: '相对困难（¥500.00）' });
    await zheng.getByLabel('增补理由').fill('丈夫重病，民政低保边缘户');
    await zheng.getByRole('button', { name: '增补到名单' }).click();
    await zheng.getByLabel('李娜的发放方式').selectOption({ label: '慰问物资（签收）' });
    await zheng.getByText('共 2 户，合计 ¥1,500.00').waitFor();
    expect(await zheng.locator('main').innerText()).not.toMatch(CODES);
    await screenshot(zheng, 'campaign-draw');
    await expectAccessible(zheng);
    await zheng.getByRole('button', { name: '提交名单审批' }).click();
    await zheng.getByRole('heading', { name: '东城区总工会的慰问名单', exact: true }).waitFor();
    await expect(zheng.getByRole('row', { name: /李娜/ }).innerText()).resolves.toContain('增补：丈夫重病，民政低保边缘户');

    // Approve: 赵敏 (东城机械厂工会) approves her level of the list from her queue in one batch.
    const list = await app.runtime.request('GET', '/campaign-lists/east', { token: await app.runtime.tokenOf('o-east') });
    const zhangWei = list.body.submitted.targets.find((target: { name: string }) => target.name === '张伟').applicationId as string;
    await untilStatus(app.runtime, 'o-east', zhangWei, 'PENDING_APPROVAL');
    const zhao = await signedIn('赵敏');
    await zhao.getByLabel('项目').selectOption({ label: '送温暖' });
    await zhao.getByRole('checkbox', { name: new RegExp(zhangWei) }).check();
    await zhao.getByLabel('统一审批意见').fill('名单经单位复核无误');
    await zhao.getByRole('button', { name: /批准所选（1 份）/ }).click();
    await zhao.getByRole('heading', { name: /1 份成功/ }).waitFor();
    await screenshot(zhao, 'campaign-batch-approval');

    // The list shows where each household stands.
    await zheng.reload();
    await expect.poll(async () => (await zheng.reload(), await zheng.getByRole('row', { name: /张伟/ }).innerText()), { timeout: 15_000 }).toContain('审批中');
    await screenshot(zheng, 'campaign-submitted');
    await expectAccessible(zheng);
  });
});
