import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import region from '../../functions/domain/demo-region.json' with { type: 'json' };
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { autumnAidDetails, untilStatus, withDocuments } from '../support/applications.ts';
import { residentId } from '../support/id-numbers.ts';
import { testDay, testYear } from '../support/calendar.ts';

describe('versioned policy parameters', () => {
  let runtime: TestRuntime;
  const v1 = region.policies['autumn-aid'].parameters;
  const today = () => testDay();
  const firstVersion = `autumn-aid:city:${testYear}-01-01:v1`;
  const admin = () => runtime.tokenOf('a-city');
  const apply = async (sequence: string) => {
    const submitted = await runtime.request('POST', '/applications', {
      token: await runtime.tokenOf('w-zhang-wei'),
      body: { program: 'autumn-aid', details: await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', autumnAidDetails({ childId: residentId('420106', '2008-12-01', sequence) })) },
    });
    return untilStatus(runtime, 'w-zhang-wei', submitted.body.id, 'PENDING_APPROVAL');
  };

  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('keeps version 1 on a decision made under it after version 2 is published, and decides new ones under version 2', async () => {
    const before = await apply('901');
    expect(before.decision.policyVersion).toBe(firstVersion);
    expect(before.decision.amountFen).toBe(500_000);

    const published = await runtime.request('POST', '/programs/autumn-aid/policy', {
      token: await admin(),
      body: { orgUnit: 'city', effectiveFrom: today(), parameters: { ...v1, amounts: { ...v1.amounts, filed: { ...v1.amounts.filed, undergraduate: 600_000 } } } },
    });
    expect(published.status).toBe(201);
    expect(published.body.id).toBe(`autumn-aid:city:${today()}:v2`);
    const inForce = await runtime.request('GET', '/programs/autumn-aid/policy?orgUnit=east-machinery', { token: await runtime.tokenOf('w-zhang-wei') });
    expect(inForce.body.id).toBe(published.body.id);
    const earlier = await runtime.request('GET', `/programs/autumn-aid/policy?orgUnit=east-machinery&at=${testDay(-1)}`, { token: await runtime.tokenOf('w-zhang-wei') });
    expect(earlier.body.id).toBe(firstVersion);

    const still = await runtime.request('GET', `/applications/${before.id}`, { token: await runtime.tokenOf('w-zhang-wei') });
    expect(still.body.decision.policyVersion).toBe(firstVersion);
    expect(still.body.decision.amountFen).toBe(500_000);
    const after = await apply('902');
    expect(after.decision.policyVersion).toBe(published.body.id);
    expect(after.decision.amountFen).toBe(600_000);
  });

  it('simulates a draft over past applications: who would change, and the cost difference', async () => {
    const draft = { ...v1, amounts: { ...v1.amounts, filed: { ...v1.amounts.filed, undergraduate: 800_000 } }, excludedSchoolKinds: [...v1.excludedSchoolKinds, 'public'] };
    const simulated = await runtime.request('POST', '/programs/autumn-aid/policy/simulate', {
      token: await runtime.tokenOf('o-east'),
      body: { orgUnit: 'east', from: `${testYear}-01-01`, to: today(), parameters: draft },
    });
    expect(simulated.status).toBe(200);
    expect(simulated.body.evaluated).toBe(2);
    expect(simulated.body.changedCount).toBe(2);
    for (const change of simulated.body.changed) {
      expect(change.changes).toEqual(['eligibility', 'amount']);
      expect(change.after).toEqual({ eligible: false, tier: null, amountFen: 0 });
    }
    expect(simulated.body.costBeforeFen).toBe(1_100_000);
    expect(simulated.body.costDifferenceFen).toBe(-1_100_000);
  });

  it('refuses parameters that do not fit the program, naming the field, and a date in the past', async () => {
    const bad = await runtime.request('POST', '/programs/autumn-aid/policy', { token: await admin(), body: { orgUnit: 'city', effectiveFrom: today(), parameters: { ...v1, publicNoticeDays: -1 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('parameters.publicNoticeDays');
    const past = await runtime.request('POST', '/programs/autumn-aid/policy', { token: await admin(), body: { orgUnit: 'city', effectiveFrom: testDay(-1), parameters: v1 } });
    expect(past.status).toBe(400);
    expect(past.body.error.fields[0].path).toBe('effectiveFrom');
    expect((await runtime.request('GET', '/programs/free-lunch/policy', { token: await admin() })).status).toBe(404);
  });
});
