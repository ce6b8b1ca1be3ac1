import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { claimReadyToPay, decide, untilStatus, withDocuments } from '../support/applications.ts';
import { sentBatch } from '../support/batches.ts';
import { testDay } from '../support/calendar.ts';

/** 王芳's household of three in deep hardship, asking for medical aid on ¥25,000 of self-paid costs. */
const medicalRelief = () => ({
  household: {
    members: [
      { relation: 'self', name: '王芳', age: 41, annualIncomeFen: 1_800_000, condition: 'serious-illness' },
      { relation: 'spouse', name: '钱进', age: 43, annualIncomeFen: 0, condition: 'none' },
      { relation: 'child', name: '钱小月', age: 12, annualIncomeFen: 0, condition: 'none' },
    ],
    rigidExpenditureFen: 0,
    accidentCostFen: 0,
    compensationFen: 0,
  },
  assets: { homes: 1, ownsBusiness: false, employsStaff: false, vehicleInRegularUse: false, driverByTrade: false, childAtHighFeePrivateSchool: false, childSelfFundedAbroad: false },
  causes: { main: 'illness', secondary: [] },
  aidKinds: ['medical'],
  medicalSelfPaidFen: 2_500_000,
  bankAccount: { holder: '王芳', bank: '中国银行', number: '6216601234567890' },
});

describe('one entitlement ledger', () => {
  let runtime: TestRuntime;
  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('records every grant reserved and paid by purpose, and a cross-program medical cap reads it', async () => {
    const claim = await claimReadyToPay(runtime, testDay(-40), testDay(-31));
    const { batch, bankFile } = await sentBatch(runtime, { program: 'mutual-claim' });
    expect(bankFile).toContain(claim);
    const results = ['指令编号,金额,状态,流水号', `${claim}-P1,280.00,成功,BK-1`].join('\r\n');
    const imported = await runtime.request('POST', `/payment-batches/${batch.batchId}/bank-results`, { token: await runtime.tokenOf('f-city'), rawBody: results, headers: { 'content-type': 'text/csv' } });
    expect(imported.status).toBe(200);
    await untilStatus(runtime, 'w-wang-fang', claim, 'PAID');

    // The city caps medical benefits at ¥20,100 per household and year, across programs.
    const policy = await runtime.request('GET', '/programs/hardship-relief/policy?orgUnit=city', { token: await runtime.tokenOf('a-city') });
    const published = await runtime.request('POST', '/programs/hardship-relief/policy', {
      token: await runtime.tokenOf('a-city'),
      body: { orgUnit: 'city', effectiveFrom: testDay(), parameters: { ...policy.body.parameters, householdMedicalCapFen: 2_010_000 } },
    });
    expect(published.status).toBe(201);

    const relief = await runtime.request('POST', '/applications', { token: await runtime.tokenOf('w-wang-fang'), body: { program: 'hardship-relief', details: await withDocuments(runtime, 'w-wang-fang', 'hardship-relief', medicalRelief()) } });
    const decided = await untilStatus(runtime, 'w-wang-fang', relief.body.id, 'PENDING_APPROVAL');
    // ¥20,000 by the program's own cap, but only ¥20,100 − ¥280 (the hospital allowance) = ¥19,820 is left of the household's.
    expect(decided.decision.amountsByKindFen.medical).toBe(2_010_000 - 28_000);
    expect(decided.decision.computation.map((line: { label: string }) => line.label).join('\n')).toContain('本户本年各项目已获医疗类帮扶 ¥280.00');

    for (const official of ['o-west-hospital', 'o-west', 'o-city']) expect((await decide(runtime, official, relief.body.id, 'approve')).status).toBe(200);
    await untilStatus(runtime, 'w-wang-fang', relief.body.id, 'PUBLIC_NOTICE');
    await runtime.advanceClock(5 * 86_400);
    await untilStatus(runtime, 'w-wang-fang', relief.body.id, 'DISBURSING');

    const file = (await runtime.request('GET', '/me/household-file', { token: await runtime.tokenOf('w-wang-fang') })).body.file;
    expect(file.tierName).toBe('深度困难');
    expect(file.assistance.items.map((item: { programName: string; statusName: string; amountFen: number }) => [item.programName, item.statusName, item.amountFen])).toEqual([
      ['困难职工帮扶', '已批准待发放', 2_010_000 - 28_000],
      ['职工互助保障', '已发放', 28_000],
    ]);
    expect(file.assistance.thisYearFen).toBe(2_010_000);
    expect(file.assistance.thisYearByPurpose).toEqual([{ purpose: 'medical', purposeName: '医疗', amountFen: 2_010_000 }]);
  });
});
