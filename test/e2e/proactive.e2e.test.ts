import { describe, expect, it } from 'vitest';
import { testDay } from '../support/calendar.ts';
import { untilStatus } from '../support/applications.ts';
import { desktopPage, expectAccessible, phonePage, screenshot, signIn, webAppUnderTest } from './browser.ts';

/** Codes that must never reach a reader of these pages. */
const CODES = /\b(PROPOSED|DECLINED|EXPIRED|PROPOSE|CONFIRM_PROPOSAL|hospital-stays|already-proposed|claimed-by-hand|not-a-member|PF-\d+)\b/;

describe('免申即享 in Chromium: an official imports a hospital-stay file, the worker confirms on a phone in one tap', () => {
  const app = webAppUnderTest();

  it('refuses a file with a bad line whole, imports the corrected one, and the worker confirms the proposal from the banner', async () => {
    const zhou = await signIn(await desktopPage(app.browser), app.runtime.url, '周静');
    await zhou.goto(`${app.runtime.url}/#/official/partner-files`);
    await zhou.getByRole('heading', { name: '免申即享：合作单位数据' }).waitFor();
    await zhou.getByLabel('来源单位').fill('市医保局');
    const header = 'memberNumber,admittedOn,dischargedOn,hospital,selfPaid';
    await zhou.getByLabel('或粘贴内容').fill(`${header}\nM-0003,${testDay(-20)},${testDay(-25)},上海市第六人民医院,800`);
    await zhou.getByRole('button', { name: '检查并导入' }).click();
    await zhou.getByText('第 2 行：出院日期早于入院日期').waitFor();

    await zhou.getByLabel('或粘贴内容').fill(`${header}\nM-0003,${testDay(-20)},${testDay(-10)},上海市第六人民医院,800`);
    await zhou.getByRole('button', { name: '检查并导入' }).click();
    await zhou.getByRole('region', { name: '导入结果' }).getByText('已生成提议').first().waitFor();
    await zhou.getByRole('cell', { name: /根据医保住院记录/ }).first().waitFor();
    expect(await zhou.locator('main').innerText()).not.toMatch(CODES);
    await screenshot(zhou, 'proactive-import');
    await expectAccessible(zhou);

    const wang = await signIn(await phonePage(app.browser), app.runtime.url, '王芳');
    const banner = wang.getByRole('alert').filter({ hasText: '您可以领取职工互助保障，无需申请' });
    await banner.waitFor();
    await banner.getByRole('link', { name: '现在处理' }).click();
    const proposal = wang.getByRole('region', { name: '无需申请，确认即可领取' });
    await proposal.getByText(/根据医保住院记录，您 \d+月\d+日至\d+月\d+日在上海市第六人民医院住院 11 天/).waitFor();
    await proposal.getByText('¥320.00', { exact: true }).waitFor();
    expect(await wang.locator('main').innerText()).not.toMatch(CODES);
    await wang.getByLabel('开户银行').fill('中国银行');
    await wang.getByLabel('银行卡号').fill('6216601234567890');
    await screenshot(wang, 'proactive-confirm-phone');
    await expectAccessible(wang);
    await proposal.getByRole('button', { name: '确认领取' }).click();
    await wang.getByText('已确认，正在办理').waitFor();

    const id = wang.url().split('/').at(-1) as string;
    const running = await untilStatus(app.runtime, 'w-wang-fang', id, 'PENDING_APPROVAL');
    expect(running.decision.amountFen).toBe(32_000);
    await wang.getByText('审批中').first().waitFor();
    await screenshot(wang, 'proactive-confirmed-phone');
  });
});
