import { describe, expect, it } from 'vitest';
import { bannerStatuses, textMessage, workerMessageRule, workerMessageRules, type StatusChange } from '../../../functions/domain/worker-messages.ts';
import { regionSchema } from '../../../functions/domain/region.ts';
import { demoRegion } from '../../../infra/local/demo-region.ts';
import { TEST_NOW } from '../../support/calendar.ts';

const change = (overrides: Partial<StatusChange>): StatusChange => ({ action: 'X', from: 'A', to: 'B', programName: { zh: '金秋助学', en: 'Autumn education aid' }, appealed: false, ...overrides });

describe('messages to workers', () => {
  it('answers each status change that matters, and none of those that do not', () => {
    expect(workerMessageRule(change({ action: 'DECIDE_ELIGIBILITY', from: 'CHECKING', to: 'PENDING_APPROVAL' }))?.kind).toBe('checked');
    expect(workerMessageRule(change({ action: 'REJECT', from: 'PENDING_APPROVAL', to: 'REJECTED', appealed: true }))?.kind).toBe('appeal-rejected');
    expect(workerMessageRule(change({ action: 'REJECT', from: 'PENDING_APPROVAL', to: 'REJECTED' }))?.kind).toBe('rejected');
    expect(workerMessageRule(change({ action: 'PAYMENT_FAILED', from: 'DISBURSING', to: 'PAYMENT_FAILED' }))?.kind).toBe('payment-failed');
    expect(workerMessageRule(change({ action: 'REQUEST_APPROVAL', from: 'PENDING_APPROVAL', to: 'PENDING_APPROVAL' }))).toBeUndefined();
    expect(workerMessageRule(change({ action: 'REMIND_APPROVAL', from: 'PENDING_APPROVAL', to: 'PENDING_APPROVAL' }))).toBeUndefined();
    expect(workerMessageRule(change({ action: 'START_CHECK', from: 'SUBMITTED', to: 'CHECKING' }))).toBeUndefined();
  });

  it('heads home with what asks something of the worker', () => {
    expect(bannerStatuses).toEqual(['PROPOSED', 'PAYMENT_FAILED', 'DOCUMENTS_REQUESTED']);
  });

  it('words every message in both languages, and its SMS names no ID or card number', () => {
    const facts = change({ amountFen: 500_000, appealUntilDate: '2026-12-31', noticeEndsDate: '2026-12-10' });
    for (const rule of workerMessageRules) {
      const title = rule.title(facts);
      const next = rule.next(facts);
      for (const text of [title.zh, title.en, next.zh, next.en]) expect(text.length).toBeGreaterThan(5);
      expect(title.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(title.en).not.toMatch(/[\u4e00-\u9fff]/);
      for (const language of ['zh', 'en'] as const) expect(textMessage(title, next, language)).not.toMatch(/\d{12,}|APP-/);
    }
  });

  it('takes a phone number on the member record in international form only', () => {
    const region = demoRegion(TEST_NOW.slice(0, 10)) as { users: { member?: { phone?: string } }[] };
    expect(regionSchema.safeParse(region).success).toBe(true);
    region.users.find((user) => user.member)!.member!.phone = '138 0000 0000';
    const parsed = regionSchema.safeParse(region);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['users', 0, 'member', 'phone']);
  });
});
