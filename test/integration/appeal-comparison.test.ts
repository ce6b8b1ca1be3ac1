import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { autumnAidDetails, decide, untilStatus, withDocuments } from '../support/applications.ts';
import { residentId } from '../support/id-numbers.ts';
import { testDay } from '../support/calendar.ts';

describe('an appeal shows what the policy in force would change', () => {
  let runtime: TestRuntime;
  const as = async (sub: string, method: string, path: string, body?: unknown, lang = 'zh-CN') =>
    runtime.request(method, path, { token: await runtime.tokenOf(sub), ...(body !== undefined ? { body } : {}), headers: { 'accept-language': lang } });

  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('re-decides under the recorded version and the one in force, side by side, and in plain words to the worker', async () => {
    const submitted = await as('w-zhang-wei', 'POST', '/applications', { program: 'autumn-aid', details: await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', autumnAidDetails({ childId: residentId('420106', '2008-03-03', '777') })) });
    const id = submitted.body.id as string;
    await untilStatus(runtime, 'w-zhang-wei', id, 'PENDING_APPROVAL');
    const same = await as('w-zhang-wei', 'GET', `/applications/${id}/policy-comparison`);
    expect(same.body).toMatchObject({ changed: false, summary: '按现行政策重新审核，结果与原决定相同。' });

    expect((await decide(runtime, 'o-east-machinery', id, 'reject', '材料不全')).status).toBe(200);
    await untilStatus(runtime, 'w-zhang-wei', id, 'REJECTED');

    // The city raises the filed families' undergraduate grant from today.
    const policy = await as('a-city', 'GET', '/programs/autumn-aid/policy?orgUnit=city');
    const parameters = policy.body.parameters;
    const published = await as('a-city', 'POST', '/programs/autumn-aid/policy', { orgUnit: 'city', effectiveFrom: testDay(), parameters: { ...parameters, amounts: { ...parameters.amounts, filed: { ...parameters.amounts.filed, undergraduate: 600_000 } } } });
    expect(published.status).toBe(201);

    expect((await as('w-zhang-wei', 'POST', `/applications/${id}/appeal`, { reason: '材料已补齐' })).status).toBe(200);
    const worker = await as('w-zhang-wei', 'GET', `/applications/${id}/policy-comparison`);
    expect(worker.body.changed).toBe(true);
    expect(worker.body.summary).toBe('金额由 ¥5,000.00 变为 ¥6,000.00。');
    expect(worker.body.recorded.policyName).toMatch(/第1版$/);
    expect(worker.body.inForce.policyName).toMatch(/第2版$/);

    const official = await as('o-east', 'GET', `/applications/${id}/policy-comparison`, undefined, 'en');
    expect(official.body.summary).toBe('the amount changes from ¥5,000.00 to ¥6,000.00.');
    expect(official.body.checks.every((check: { recorded: { passed: boolean }; inForce: { passed: boolean } }) => check.recorded.passed && check.inForce.passed)).toBe(true);
    expect(official.body.inForce.amountFen - official.body.recorded.amountFen).toBe(100_000);
    expect((await as('w-li-na', 'GET', `/applications/${id}/policy-comparison`)).status).toBe(404);
  });
});
