import { expect } from 'vitest';
import { residentId } from './id-numbers.ts';
import { eventually, type TestRuntime } from './runtime.ts';
import { testYear } from './calendar.ts';
import { requiredDocuments } from '../../functions/domain/documents.ts';
import { readyDocument } from './documents.ts';

/**
 * The details with a freshly uploaded photo of each document kind the program requires, as the
 * web app sends them (uploaded by `sub`, who submits). Details that are no object (bad input) pass as they are.
 */
export async function withDocuments<T>(runtime: TestRuntime, sub: string, program: string, details: T): Promise<T> {
  if (!details || typeof details !== 'object' || Array.isArray(details)) return details;
  const attachments = [];
  for (const kind of requiredDocuments[program] ?? []) attachments.push({ kind, documentId: await readyDocument(runtime, sub, program, kind) });
  return { ...details, attachments };
}

/** An autumn-aid application of 张伟 (filed DEEP hardship worker) for his child admitted to university this year. */
export function autumnAidDetails(overrides: { childId?: string; holder?: string; level?: string; schoolKind?: string } = {}) {
  return {
    category: 'filed-hardship',
    household: { size: 3, annualIncomeFen: 3_000_000 },
    child: {
      name: '张小明',
      idNumber: overrides.childId ?? residentId('420106', '2008-03-15', '123'),
      school: '武汉大学',
      schoolKind: overrides.schoolKind ?? 'public',
      level: overrides.level ?? 'undergraduate',
      admissionYear: testYear,
      otherFunding: false,
    },
    bankAccount: { holder: overrides.holder ?? '张伟', bank: '中国工商银行', number: '6222021234567890123' },
  };
}

/** A hardship-relief application of 李娜 (a courier): a household of three, her husband seriously ill. */
export function hardshipDetails() {
  return {
    household: {
      members: [
        { relation: 'self', name: '李娜', age: 44, annualIncomeFen: 3_600_000, condition: 'none' },
        { relation: 'spouse', name: '赵强', age: 46, annualIncomeFen: 1_200_000, condition: 'serious-illness' },
        { relation: 'child', name: '赵小雨', age: 17, annualIncomeFen: 0, condition: 'none' },
      ],
      rigidExpenditureFen: 600_000,
      accidentCostFen: 0,
      compensationFen: 0,
    },
    assets: { homes: 1, ownsBusiness: false, employsStaff: false, vehicleInRegularUse: false, driverByTrade: false, childAtHighFeePrivateSchool: false, childSelfFundedAbroad: false },
    causes: { main: 'illness', secondary: ['low-income'] },
    aidKinds: ['living'],
    bankAccount: { holder: '李娜', bank: '中国建设银行', number: '6217001234567890' },
  };
}

/** Waits until the application reaches `status` (as seen by user `sub`) and returns it. */
export function untilStatus(runtime: TestRuntime, sub: string, id: string, status: string, timeoutMs = 15_000) {
  return eventually(async () => {
    const response = await runtime.request('GET', `/applications/${id}`, { token: await runtime.tokenOf(sub) });
    return response.body?.status === status ? response.body : undefined;
  }, timeoutMs);
}

/** Waits until the application is in official `sub`'s queue, then decides it as them. */
export async function decide(runtime: TestRuntime, sub: string, id: string, decision: 'approve' | 'reject', comment?: string) {
  await eventually(async () => {
    const queue = await runtime.request('GET', '/approvals', { token: await runtime.tokenOf(sub) });
    return queue.body?.items?.some((item: { applicationId: string }) => item.applicationId === id) ? true : undefined;
  });
  return runtime.request('POST', `/approvals/${id}/decision`, { token: await runtime.tokenOf(sub), body: { decision, ...(comment ? { comment } : {}) } });
}

/** A hospital-allowance claim of 王芳: one reviewer, no public notice, so it reaches DISBURSING (or waits for budget) quickly. */
export async function claimReadyToPay(runtime: TestRuntime, admittedOn: string, dischargedOn: string, until = 'DISBURSING'): Promise<string> {
  const submitted = await runtime.request('POST', '/applications', {
    token: await runtime.tokenOf('w-wang-fang'),
    body: { program: 'mutual-claim', details: await withDocuments(runtime, 'w-wang-fang', 'mutual-claim', { plan: 'hospital-allowance', incident: { kind: 'illness', date: admittedOn, admittedOn, dischargedOn }, bankAccount: { holder: '王芳', bank: '中国银行', number: '6216601234567890' } }) },
  });
  expect(submitted.status).toBe(202);
  await untilStatus(runtime, 'w-wang-fang', submitted.body.id, 'PENDING_APPROVAL');
  expect((await decide(runtime, 'o-west-hospital', submitted.body.id, 'approve')).status).toBe(200);
  await untilStatus(runtime, 'w-wang-fang', submitted.body.id, until);
  return submitted.body.id;
}
