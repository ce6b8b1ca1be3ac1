import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRuleSettings } from '../../functions/domain/finance/payment-rules.ts';
import { claimReadyToPay } from '../support/applications.ts';
import { testDay } from '../support/calendar.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

describe('payment audit rules before a batch is released', () => {
  let runtime: TestRuntime;
  const call = async (method: string, path: string, body?: unknown, sub = 'f-city') => runtime.request(method, path, { token: await runtime.tokenOf(sub), ...(body !== undefined ? { body } : {}) });

  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('keeps a payment that fails a blocking rule out of the batch with its reasons, lets finance hold it with a comment, and needs a comment to release warnings', async () => {
    const rules = await call('GET', '/payment-rules');
    expect(rules.body.items.find((item: { program: string }) => item.program === 'mutual-claim').settings).toEqual(defaultRuleSettings);
    expect((await call('PUT', '/payment-rules/mutual-claim', { ...defaultRuleSettings, account: 'sometimes' })).status).toBe(400);
    expect((await call('PUT', '/payment-rules/mutual-claim', { ...defaultRuleSettings, account: 'block' })).status).toBe(200);

    const claim = await claimReadyToPay(runtime, testDay(-40), testDay(-36));
    const refused = await call('POST', '/payment-batches', { program: 'mutual-claim' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('ALL_BLOCKED');
    const blocked = (await call('GET', '/payment-instructions?state=blocked')).body.items;
    expect(blocked.map((item: { instructionId: string }) => item.instructionId)).toEqual([`${claim}-P1`]);
    const results = blocked[0].blocked.results as { class: string; passed: boolean; severity: string; message: string }[];
    expect(results.map((result) => result.class)).toEqual(['budget', 'standard', 'documents', 'duplicates', 'authority', 'account']);
    expect(results.find((result) => result.class === 'account')).toMatchObject({ passed: false, severity: 'block', message: expect.stringContaining('校验位') });
    expect(results.find((result) => result.class === 'documents')).toMatchObject({ passed: false, severity: 'warn', message: expect.stringContaining('诊断证明') });
    expect(results.filter((result) => ['budget', 'standard', 'duplicates', 'authority'].includes(result.class)).every((result) => result.passed)).toBe(true);
    expect(blocked[0].accountNumber).toMatch(/^\*+7890$/);

    expect((await call('POST', `/payment-instructions/${claim}-P1/hold`, { comment: '' })).status).toBe(400);
    expect((await call('POST', `/payment-instructions/${claim}-P1/hold`, { comment: '待职工提供正确卡号' })).body).toMatchObject({ status: 'HELD', hold: { name: '林涛', comment: '待职工提供正确卡号' } });
    expect((await call('POST', `/payment-instructions/${claim}-P1/hold`, { comment: '再次' })).status).toBe(409);
    expect((await call('GET', '/payment-instructions?state=held')).body.items.map((item: { instructionId: string }) => item.instructionId)).toEqual([`${claim}-P1`]);
    expect((await call('GET', '/payment-instructions?state=blocked')).body.items).toEqual([]);
    expect((await call('POST', '/payment-batches', { program: 'mutual-claim' })).body.error.code).toBe('NOTHING_TO_PAY');
    expect((await call('GET', '/payment-instructions?state=held')).body.items[0].trail).toMatchObject([{ action: 'HOLD_PAYMENT', actionName: '暂缓支付', actor: { name: '林涛' }, reason: '待职工提供正确卡号' }]);
    expect((await call('POST', `/payment-instructions/${claim}-P1/release-hold`, undefined, 'f-city-2')).body.status).toBe('PENDING');
    // Both on the instruction's own audit chain, by name, in order.
    const trail = (await call('GET', '/payment-instructions?state=blocked')).body.items.find((item: { instructionId: string }) => item.instructionId === `${claim}-P1`).trail;
    expect(trail.map((event: { action: string; actor: { name: string } }) => [event.action, event.actor.name])).toEqual([['HOLD_PAYMENT', '林涛'], ['RELEASE_HOLD', '孙悦']]);

    expect((await call('PUT', '/payment-rules/mutual-claim', defaultRuleSettings)).status).toBe(200);
    const prepared = await call('POST', '/payment-batches', { program: 'mutual-claim' });
    expect(prepared.status).toBe(201);
    expect(prepared.body.warnedCount).toBe(1);
    expect(prepared.body.instructions[0].checks.find((check: { class: string }) => check.class === 'account')).toMatchObject({ passed: false, severity: 'warn' });
    expect((await call('GET', '/payment-instructions?state=blocked')).body.items).toEqual([]);
    const noComment = await call('POST', `/payment-batches/${prepared.body.batchId}/release`, {}, 'f-city-2');
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.fields[0].path).toBe('comment');
    expect((await call('POST', `/payment-batches/${prepared.body.batchId}/release`, { comment: '卡号已电话核实' }, 'f-city-2')).body.status).toBe('RELEASED');
  }, 60_000);
});
