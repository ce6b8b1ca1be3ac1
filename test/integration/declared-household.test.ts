import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { hardshipDetails, withDocuments } from '../support/applications.ts';

describe('the household a worker declared, as a payment audit reads it', () => {
  let runtime: TestRuntime;

  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('is kept on the profile by the submit that declares it, and read for several people in one go, seeded people having declared none', async () => {
    const submitted = await runtime.request('POST', '/applications', {
      token: await runtime.tokenOf('w-li-na'),
      body: { program: 'hardship-relief', details: await withDocuments(runtime, 'w-li-na', 'hardship-relief', hardshipDetails()) },
    });
    expect(submitted.status).toBe(202);
    const { getProfile } = await import('../../functions/store/directory.ts');
    const { declaredHouseholds } = await import('../../functions/use-cases/declared-household.ts');

    const profile = await getProfile('w-li-na');
    const households = await declaredHouseholds(['w-li-na', 'o-east-machinery']);

    expect(profile?.declaredHousehold).toMatchObject({ names: ['赵强', '赵小雨'], applicationId: submitted.body.id });
    expect(households.get('w-li-na')).toEqual(['赵强', '赵小雨']);
    expect(households.get('o-east-machinery')).toEqual([]);
  });
});
