import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { autumnAidDetails, decide, untilStatus, withDocuments } from '../support/applications.ts';
import { residentId } from '../support/id-numbers.ts';

describe('autumn-aid through HTTP, the workflow and DynamoDB Local', () => {
  let runtime: TestRuntime;
  const as = (sub: string) => runtime.tokenOf(sub);

  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('carries an eligible application through every approval level and the public notice to a recorded payment instruction', async () => {
    const submitted = await runtime.request('POST', '/applications', {
      token: await as('w-zhang-wei'),
      body: { program: 'autumn-aid', details: await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', autumnAidDetails({ childId: residentId('420106', '2008-01-02', '111') })) },
    });
    expect(submitted.status).toBe(202);
    expect(submitted.body.status).toBe('SUBMITTED');
    const id = submitted.body.id as string;

    await untilStatus(runtime, 'w-zhang-wei', id, 'PENDING_APPROVAL');
    const forDecider = await eventually(async () => {
      const seen = await runtime.request('GET', `/applications/${id}`, { token: await as('o-east-machinery') });
      return seen.body.approvals.length > 0 ? seen : undefined;
    });
    expect(forDecider.body.details.child.idNumber).toBe(residentId('420106', '2008-01-02', '111'));
    expect(forDecider.body.details.bankAccount.number).toMatch(/^\*+0123$/);
    const forAncestor = await runtime.request('GET', `/applications/${id}`, { token: await as('o-city') });
    expect(forAncestor.body.details.child.idNumber).toMatch(/^420106\*{8}/);
    expect((await decide(runtime, 'o-east-machinery', id, 'approve', '材料齐全')).status).toBe(200);
    expect((await decide(runtime, 'o-east', id, 'approve')).status).toBe(200);
    expect((await decide(runtime, 'o-city', id, 'approve')).status).toBe(200);
    const notice = await untilStatus(runtime, 'w-zhang-wei', id, 'PUBLIC_NOTICE');
    expect(notice.payment).toHaveLength(0);

    await runtime.advanceClock(5 * 86_400);
    const done = await untilStatus(runtime, 'w-zhang-wei', id, 'DISBURSING');
    expect(done.decision.eligible).toBe(true);
    expect(done.decision.amountFen).toBe(500_000);
    expect(done.payment).toHaveLength(1);
    expect(done.payment[0].amountFen).toBe(500_000);
    expect(done.payment[0].accountNumber).not.toContain('62220212345678');
    expect(done.approvals.map((a: { level: number; status: string }) => `${a.level}:${a.status}`)).toEqual(['1:APPROVED', '2:APPROVED', '3:APPROVED']);
    expect(done.details.child.idNumber).toMatch(/^420106\*{8}\d{3}[\dX]$/);
  });

  it('records an ineligible application with the failing check and its message in the reader\'s language', async () => {
    const submitted = await runtime.request('POST', '/applications', {
      token: await as('w-chen-jie'),
      body: { program: 'autumn-aid', details: await withDocuments(runtime, 'w-chen-jie', 'autumn-aid', autumnAidDetails({ holder: '陈杰', childId: residentId('420106', '2008-05-06', '222') })) },
    });
    expect(submitted.status).toBe(202);

    const zh = await untilStatus(runtime, 'w-chen-jie', submitted.body.id, 'INELIGIBLE');
    const member = zh.decision.checks.find((check: { code: string }) => check.code === 'MEMBER');
    expect(member.passed).toBe(false);
    expect(member.message).toMatch(/会员/);
    const en = await runtime.request('GET', `/applications/${submitted.body.id}`, { token: await as('w-chen-jie'), headers: { 'accept-language': 'en' } });
    expect(en.body.decision.checks.find((check: { code: string }) => check.code === 'MEMBER').message).toMatch(/member/i);
  });

  it('ends a rejected application as REJECTED with the official\'s reason', async () => {
    const submitted = await runtime.request('POST', '/applications', {
      token: await as('w-zhang-wei'),
      body: { program: 'autumn-aid', details: await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', autumnAidDetails({ childId: residentId('420106', '2009-07-08', '333'), level: 'high-school' })) },
    });
    const id = submitted.body.id as string;
    await untilStatus(runtime, 'w-zhang-wei', id, 'PENDING_APPROVAL');

    const rejectWithoutComment = await decide(runtime, 'o-east-machinery', id, 'reject');
    expect(rejectWithoutComment.status).toBe(400);
    expect(rejectWithoutComment.body.error.fields[0].path).toBe('comment');

    expect((await decide(runtime, 'o-east-machinery', id, 'reject', '录取通知书与学籍信息不符')).status).toBe(200);
    const rejected = await untilStatus(runtime, 'w-zhang-wei', id, 'REJECTED');
    expect(rejected.history.at(-1).note).toContain('录取通知书与学籍信息不符');
    expect(rejected.payment).toHaveLength(0);
  });

  it('gives one application for the same Idempotency-Key sent twice, and 409 for that key with another body', async () => {
    const body = { program: 'autumn-aid', details: await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', autumnAidDetails({ childId: residentId('420106', '2008-09-10', '444') })) };
    const headers = { 'idempotency-key': 'key-of-one-submission' };
    const first = await runtime.request('POST', '/applications', { token: await as('w-zhang-wei'), body, headers });
    const second = await runtime.request('POST', '/applications', { token: await as('w-zhang-wei'), body, headers });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.id).toBe(first.body.id);

    const other = await runtime.request('POST', '/applications', {
      token: await as('w-zhang-wei'),
      body: { ...body, details: { ...body.details, household: { size: 4, annualIncomeFen: 3_000_000 } } },
      headers,
    });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_MISMATCH');

    const mine = await runtime.request('GET', '/applications?limit=200', { token: await as('w-zhang-wei') });
    expect(mine.body.items.filter((item: { id: string }) => item.id === first.body.id)).toHaveLength(1);
  });

  it('lets two simultaneous applications for the same child make one application and one 409', async () => {
    // Each with its own photo of the letter, as two phones would send them.
    const details = autumnAidDetails({ childId: residentId('420106', '2008-11-12', '555') });
    const [one, two] = [await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', details), await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', details)];
    const [a, b] = await Promise.all([
      runtime.request('POST', '/applications', { token: await as('w-zhang-wei'), body: { program: 'autumn-aid', details: one } }),
      runtime.request('POST', '/applications', { token: await as('w-zhang-wei'), body: { program: 'autumn-aid', details: two } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    const conflict = a.status === 409 ? a : b;
    expect(conflict.body.error.code).toBe('DUPLICATE_CLAIM');
    expect(conflict.body.error.fields[0].path).toBe('details.child.idNumber');
  });

  it('hides an application from an official outside its subtree (404) and refuses their decision', async () => {
    const submitted = await runtime.request('POST', '/applications', {
      token: await as('w-zhang-wei'),
      body: { program: 'autumn-aid', details: await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', autumnAidDetails({ childId: residentId('420106', '2008-02-03', '666') })) },
    });
    const id = submitted.body.id as string;
    await untilStatus(runtime, 'w-zhang-wei', id, 'PENDING_APPROVAL');
    expect((await runtime.request('GET', `/applications/${id}`, { token: await as('o-west') })).status).toBe(404);
    expect((await runtime.request('POST', `/approvals/${id}/decision`, { token: await as('o-west'), body: { decision: 'approve' } })).status).toBe(404);
    expect((await runtime.request('POST', `/approvals/${id}/decision`, { token: await as('o-east'), body: { decision: 'approve' } })).status).toBe(403);
  });

  it('lets the worker withdraw before approval, which ends the execution and frees the child for a new application', async () => {
    const details = autumnAidDetails({ childId: residentId('420106', '2008-04-05', '777') });
    const submitted = await runtime.request('POST', '/applications', { token: await as('w-zhang-wei'), body: { program: 'autumn-aid', details: await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', details) } });
    const id = submitted.body.id as string;
    await untilStatus(runtime, 'w-zhang-wei', id, 'PENDING_APPROVAL');

    const withdrawn = await runtime.request('POST', `/applications/${id}/withdraw`, { token: await as('w-zhang-wei') });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('WITHDRAWN');
    const queue = await runtime.request('GET', '/approvals', { token: await as('o-east-machinery') });
    expect(queue.body.items.some((item: { applicationId: string }) => item.applicationId === id)).toBe(false);
    const again = await runtime.request('POST', '/applications', { token: await as('w-zhang-wei'), body: { program: 'autumn-aid', details: await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', details) } });
    expect(again.status).toBe(202);
  });
});
