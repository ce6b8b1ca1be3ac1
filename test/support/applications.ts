import { residentId } from './id-numbers.ts';
import { eventually, type TestRuntime } from './runtime.ts';

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
      admissionYear: 2026,
      otherFunding: false,
    },
    bankAccount: { holder: overrides.holder ?? '张伟', bank: '中国工商银行', number: '6222021234567890123' },
    attachments: [{ kind: 'admission-letter', name: '录取通知书.jpg' }],
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
