import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { autumnAidDetails, claimReadyToPay, decide, untilStatus, withDocuments } from '../support/applications.ts';
import { sentBatch } from '../support/batches.ts';
import { residentId } from '../support/id-numbers.ts';
import { testDay } from '../support/calendar.ts';

interface Shown {
  id: string;
  applicationId: string;
  kind: string;
  title: string;
  detail?: string;
  next: string;
  read: boolean;
}

/** An ID number (18 characters), a card number (12 or more digits), or an application reference. */
const IDENTIFYING = /\d{12,}|\d{17}[\dXx]|APP-/;

describe('messages to workers and officials, and their SMS copies', () => {
  let runtime: TestRuntime;
  const as = (sub: string) => runtime.tokenOf(sub);
  const messagesOf = async (sub: string, lang = 'zh-CN') => (await runtime.request('GET', '/messages', { token: await as(sub), headers: { 'accept-language': lang } })).body as { items: Shown[]; unread: number; banners: Shown[] };
  const kindsFor = async (sub: string, applicationId: string) => (await messagesOf(sub)).items.filter((m) => m.applicationId === applicationId).map((m) => m.kind).reverse();

  beforeAll(async () => {
    runtime = await startTestRuntime({ textIntervalSeconds: 0 });
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('tells the worker of each step that matters, in their language, with what to do next; texts the important ones to the number on record only', async () => {
    const childId = residentId('420106', '2008-02-03', '414');
    const submitted = await runtime.request('POST', '/applications', { token: await as('w-zhang-wei'), body: { program: 'autumn-aid', details: await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', autumnAidDetails({ childId })) } });
    const id = submitted.body.id as string;
    await untilStatus(runtime, 'w-zhang-wei', id, 'PENDING_APPROVAL');
    expect(await kindsFor('w-zhang-wei', id)).toEqual(['checked']);

    expect((await decide(runtime, 'o-east-machinery', id, 'approve', '材料齐全')).status).toBe(200);
    expect((await decide(runtime, 'o-east', id, 'approve')).status).toBe(200);
    expect((await decide(runtime, 'o-city', id, 'approve')).status).toBe(200);
    await untilStatus(runtime, 'w-zhang-wei', id, 'PUBLIC_NOTICE');
    await runtime.advanceClock(5 * 86_400);
    await untilStatus(runtime, 'w-zhang-wei', id, 'DISBURSING');
    expect(await kindsFor('w-zhang-wei', id)).toEqual(['checked', 'level-approved', 'level-approved', 'level-approved', 'on-notice', 'approved']);

    const zh = await messagesOf('w-zhang-wei');
    const approved = zh.items.find((m) => m.applicationId === id && m.kind === 'approved')!;
    expect(approved.title).toBe('您的金秋助学申请已批准，金额 ¥5,000.00');
    expect(approved.next).toMatch(/无需操作/);
    expect(zh.items.filter((m) => m.kind === 'level-approved').at(-1)!.detail).toMatch(/第 1 级审批通过.*材料齐全/);
    expect(zh.unread).toBe(6);
    const en = await messagesOf('w-zhang-wei', 'en');
    expect(en.items.find((m) => m.kind === 'approved')!.title).toBe('Your Autumn education aid application is approved: ¥5,000.00');

    expect((await runtime.request('POST', `/messages/${approved.id}/read`, { token: await as('w-zhang-wei') })).status).toBe(200);
    expect((await messagesOf('w-zhang-wei')).unread).toBe(5);
    expect((await runtime.request('POST', `/messages/${approved.id}/read`, { token: await as('w-li-na') })).status).toBe(404);
    expect((await runtime.request('POST', '/messages/read', { token: await as('w-zhang-wei') })).body.read).toBe(5);
    expect((await messagesOf('w-zhang-wei')).unread).toBe(0);
    expect((await messagesOf('w-li-na')).items).toHaveLength(0);

    expect(await runtime.sendTexts()).toBe(1);
    const texts = runtime.outbox();
    expect(texts).toEqual([expect.objectContaining({ to: '+8613800000001', text: '【职工帮扶】您的金秋助学申请已批准，金额 ¥5,000.00。无需操作，工会将把钱转到您填写的银行卡。' })]);
    expect(await runtime.sendTexts()).toBe(0);

    for (const message of [...zh.items, ...en.items]) expect(`${message.title} ${message.detail ?? ''} ${message.next}`).not.toMatch(IDENTIFYING);
    for (const text of texts) expect(text.text).not.toMatch(IDENTIFYING);
    expect(JSON.stringify(zh)).not.toContain(childId);
  });

  it('sends nothing by SMS to a member without a number on record', async () => {
    const submitted = await runtime.request('POST', '/applications', { token: await as('w-chen-jie'), body: { program: 'autumn-aid', details: await withDocuments(runtime, 'w-chen-jie', 'autumn-aid', autumnAidDetails({ holder: '陈杰', childId: residentId('420106', '2008-05-06', '515') })) } });
    await untilStatus(runtime, 'w-chen-jie', submitted.body.id, 'INELIGIBLE');
    const messages = await messagesOf('w-chen-jie');
    expect(messages.items.map((m) => m.kind)).toEqual(['ineligible']);
    expect(messages.items[0]!.next).toMatch(/哪一条不符合/);
    const before = runtime.outbox().length;
    expect(await runtime.sendTexts()).toBe(0);
    expect(runtime.outbox()).toHaveLength(before);
  });

  it('tells of a rejection with the appeal deadline, and of the appeal decided', async () => {
    const submitted = await runtime.request('POST', '/applications', { token: await as('w-zhang-wei'), body: { program: 'autumn-aid', details: await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', autumnAidDetails({ childId: residentId('420106', '2009-07-08', '626'), level: 'high-school' })) } });
    const id = submitted.body.id as string;
    await untilStatus(runtime, 'w-zhang-wei', id, 'PENDING_APPROVAL');
    expect((await decide(runtime, 'o-east-machinery', id, 'reject', '录取通知书与学籍信息不符')).status).toBe(200);
    const rejected = await untilStatus(runtime, 'w-zhang-wei', id, 'REJECTED');
    const message = (await messagesOf('w-zhang-wei')).items.find((m) => m.applicationId === id && m.kind === 'rejected')!;
    expect(message.title).toBe('您的金秋助学申请未通过');
    expect(message.detail).toMatch(/录取通知书与学籍信息不符/);
    expect(message.next).toContain(`${rejected.appealUntil.slice(0, 4)}-`);

    expect((await runtime.request('POST', `/applications/${id}/appeal`, { token: await as('w-zhang-wei'), body: { reason: '学籍信息已更正，附新证明' } })).status).toBe(200);
    await untilStatus(runtime, 'w-zhang-wei', id, 'PENDING_APPROVAL');
    expect((await decide(runtime, 'o-east', id, 'reject', '仍不符合')).status).toBe(200);
    await untilStatus(runtime, 'w-zhang-wei', id, 'REJECTED');
    const kinds = await kindsFor('w-zhang-wei', id);
    expect(kinds).toEqual(['checked', 'rejected', 'appeal-rejected']);
  });

  it('puts a failed payment at the top of home until the card is corrected', async () => {
    const claim = await claimReadyToPay(runtime, testDay(-70), testDay(-66));
    const { batch } = await sentBatch(runtime, { program: 'mutual-claim' });
    const results = ['指令编号,金额,状态,失败原因', `${claim}-P1,80.00,失败,账户已销户`].join('\r\n');
    expect((await runtime.request('POST', `/payment-batches/${batch.batchId}/bank-results`, { token: await as('f-city'), rawBody: results, headers: { 'content-type': 'text/csv' } })).status).toBe(200);
    await untilStatus(runtime, 'w-wang-fang', claim, 'PAYMENT_FAILED');
    const failed = await messagesOf('w-wang-fang');
    expect(failed.banners.map((m) => m.kind)).toEqual(['payment-failed']);
    expect(failed.banners[0]!.next).toMatch(/更正收款银行卡/);
    expect(failed.banners[0]!.detail).toMatch(/账户已销户/);

    await runtime.sendTexts();
    const text = runtime.outbox().find((line) => line.to === '+8613800000003' && line.text.includes('发放失败'));
    expect(text?.text).not.toMatch(IDENTIFYING);

    expect((await runtime.request('PUT', `/applications/${claim}/bank-account`, { token: await as('w-wang-fang'), body: { holder: '王芳', bank: '中国工商银行', number: '6222020000111122223' } })).status).toBe(200);
    await untilStatus(runtime, 'w-wang-fang', claim, 'DISBURSING');
    expect((await messagesOf('w-wang-fang')).banners).toEqual([]);
  });

  it('tells officials what is new in their queue and what is due tomorrow, with the unread count', async () => {
    const seen = await runtime.request('POST', '/notifications/seen', { token: await as('o-east-machinery') });
    expect(seen.status).toBe(200);
    const submitted = await runtime.request('POST', '/applications', { token: await as('w-zhang-wei'), body: { program: 'autumn-aid', details: await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', autumnAidDetails({ childId: residentId('420106', '2008-09-10', '737') })) } });
    const id = submitted.body.id as string;
    const fresh = await eventually(async () => {
      const list = await runtime.request('GET', '/notifications', { token: await as('o-east-machinery') });
      return list.body.items.some((item: { applicationId: string; kind: string }) => item.applicationId === id && item.kind === 'APPROVAL_REQUESTED') ? list.body : undefined;
    });
    expect(fresh.unread).toBe(1);
    expect(fresh.items[0].message).toBe('新的待审批申请：张伟的金秋助学申请（第 1 级）');
    expect(fresh.items[0].unread).toBe(true);

    const queue = await runtime.request('GET', '/approvals', { token: await as('o-east-machinery') });
    const dueAt = queue.body.items.find((item: { applicationId: string }) => item.applicationId === id).dueAt as string;
    await runtime.advanceClock(Math.floor((Date.parse(dueAt) - Date.parse(fresh.items[0].at)) / 1000) - 86_400 + 60);
    const later = await runtime.request('GET', '/notifications', { token: await as('o-east-machinery') });
    expect(later.body.items.find((item: { kind: string; applicationId: string }) => item.kind === 'APPROVAL_DUE_TOMORROW' && item.applicationId === id)?.message).toBe('明天到期：张伟的金秋助学申请（第 1 级）');

    await runtime.request('POST', '/notifications/seen', { token: await as('o-east-machinery') });
    expect((await runtime.request('GET', '/notifications', { token: await as('o-east-machinery') })).body.unread).toBe(0);
  });
});
