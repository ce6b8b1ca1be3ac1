import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { autumnAidDetails, untilStatus, withDocuments } from '../support/applications.ts';
import { testDay, testYear } from '../support/calendar.ts';

const thisYear = testYear;
const today = testDay();

describe('the self-check', () => {
  let runtime: TestRuntime;

  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  const check = async (sub: string, body: unknown, lang?: string) =>
    runtime.request('POST', '/self-check', { token: await runtime.tokenOf(sub), body, ...(lang ? { headers: { 'accept-language': lang } } : {}) });

  it('says which programs are likely, with the same checks and amount a real application then gets, and stores nothing', async () => {
    const answers = { household: { size: 3, annualIncomeFen: 3_000_000 }, child: { category: 'filed-hardship', level: 'undergraduate', schoolKind: 'public', admissionYear: thisYear } };
    const response = await check('w-zhang-wei', answers);
    expect(response.status).toBe(200);
    expect(response.body.stored).toBe(false);
    const [autumn, hardship, mutual] = response.body.items;
    expect(autumn).toMatchObject({ program: 'autumn-aid', applicable: true, likely: true });
    expect(autumn.checks.map((c: { code: string }) => c.code)).not.toContain('NO_DUPLICATE');
    expect(hardship.program).toBe('hardship-relief');
    expect(hardship.checks.find((c: { code: string }) => c.code === 'TIER').message).toMatch(/人均月收入/);
    expect(mutual).toMatchObject({ program: 'mutual-claim', applicable: false });
    expect(mutual.reason).toMatch(/互助/);
    expect((await runtime.request('GET', '/applications', { token: await runtime.tokenOf('w-zhang-wei') })).body.items).toHaveLength(0);

    const details = autumnAidDetails();
    const submitted = await runtime.request('POST', '/applications', { token: await runtime.tokenOf('w-zhang-wei'), body: { program: 'autumn-aid', details: await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', { ...details, child: { ...details.child, admissionYear: thisYear } }) } });
    const decided = await untilStatus(runtime, 'w-zhang-wei', submitted.body.id, 'PENDING_APPROVAL');
    expect(autumn.amountFen).toBe(decided.decision.amountFen);
    const outcomes = (checks: { code: string; passed: boolean }[]) => checks.map(({ code, passed }) => ({ code, passed }));
    expect(outcomes(decided.decision.checks)).toEqual(expect.arrayContaining(outcomes(autumn.checks)));
  });

  it('says why a program is unlikely, in English on request', async () => {
    const response = await check('w-chen-jie', { household: { size: 2, annualIncomeFen: 20_000_000 }, incident: { plan: 'hospital-allowance', date: today } }, 'en');
    expect(response.status).toBe(200);
    const [autumn, hardship, mutual] = response.body.items;
    expect(autumn.applicable).toBe(false);
    expect(hardship.likely).toBe(false);
    expect(hardship.amountFen).toBeUndefined();
    expect(hardship.checks.filter((c: { passed: boolean }) => !c.passed).length).toBeGreaterThan(0);
    expect(hardship.checks[0].message).toMatch(/^[\x20-\x7e’]+$/);
    expect(mutual.applicable).toBe(true);
    expect(mutual.checks.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(['COVERED']));
    expect(mutual.amountFen).toBeUndefined();
  });

  it('names the field of a bad answer', async () => {
    const response = await check('w-zhang-wei', { household: { size: 0, annualIncomeFen: -1 } });
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['household.size', 'household.annualIncomeFen']);
  });
});
