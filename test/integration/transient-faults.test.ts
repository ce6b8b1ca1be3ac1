import { GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { now } from '../../functions/shared/clock.ts';
import { decide, untilStatus, withDocuments } from '../support/applications.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { sentBatch } from '../support/batches.ts';

const APPLICATIONS = 6;
const SHARE = 0.1;

/** A fixed sequence in [0, 1) (a linear congruential generator), so the run injects the same faults each time. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const day = (days: number) => new Date(now().getTime() + days * 86_400_000).toISOString().slice(0, 10);

describe('transient faults: one task invocation in ten fails as Lambda does', () => {
  let runtime: TestRuntime;
  let sfn: SFNClient;
  let ticking: ReturnType<typeof setInterval> | undefined;

  beforeAll(async () => {
    runtime = await startTestRuntime({ sweepIntervalSeconds: 0, faults: { share: SHARE, random: seeded(20_261_201) } });
    sfn = new SFNClient({ endpoint: runtime.sfnEndpoint });
    // Retry pauses (2 s and up, with full jitter) run on the local clock: moved on a few seconds at a time, nobody waits.
    ticking = setInterval(() => void runtime.advanceClock(3), 100);
  });
  afterAll(async () => {
    clearInterval(ticking);
    sfn?.destroy();
    await runtime?.stop();
  });

  it('still pays every application, and the histories show the retries', async () => {
    const ids: string[] = [];
    for (let i = 0; i < APPLICATIONS; i++) {
      // Stays of different lengths: equal payments to one account in a batch are held as duplicates.
      const admittedOn = day(-20 - i * 12);
      const submitted = await runtime.request('POST', '/applications', {
        token: await runtime.tokenOf('w-wang-fang'),
        body: { program: 'mutual-claim', details: await withDocuments(runtime, 'w-wang-fang', 'mutual-claim', { plan: 'hospital-allowance', incident: { kind: 'illness', date: admittedOn, admittedOn, dischargedOn: day(-20 - i * 12 + 4 + i) }, bankAccount: { holder: '王芳', bank: '中国银行', number: '6216601234567890' } }) },
      });
      expect(submitted.status).toBe(202);
      ids.push(submitted.body.id);
    }
    for (const id of ids) {
      await untilStatus(runtime, 'w-wang-fang', id, 'PENDING_APPROVAL', 30_000);
      expect((await decide(runtime, 'o-west-hospital', id, 'approve')).status).toBe(200);
    }
    for (const id of ids) await untilStatus(runtime, 'w-wang-fang', id, 'DISBURSING', 30_000);

    const finance = await runtime.tokenOf('f-city');
    const batch = { body: (await sentBatch(runtime, { program: 'mutual-claim' })).batch };
    expect(batch.body.count).toBe(APPLICATIONS);
    const lines = (batch.body.instructions as { instructionId: string; amountFen: number }[]).map(
      (instruction, index) => `${instruction.instructionId},6216601234567890,${(instruction.amountFen / 100).toFixed(2)},成功,,BK-${index}`,
    );
    const results = await runtime.request('POST', `/payment-batches/${batch.body.batchId}/bank-results`, { token: finance, rawBody: ['指令编号,账号,金额,状态,失败原因,流水号', ...lines].join('\r\n'), headers: { 'content-type': 'text/csv' } });
    expect(results.status).toBe(200);
    for (const id of ids) await untilStatus(runtime, 'w-wang-fang', id, 'PAID', 30_000);

    const arn = (id: string) => `${runtime.workflowArns['mutual-claim']?.replace(':stateMachine:', ':execution:')}:${id}`;
    const histories = await Promise.all(ids.map(async (id) => (await sfn.send(new GetExecutionHistoryCommand({ executionArn: arn(id), maxResults: 1000 }))).events ?? []));
    const injected = histories.flat().filter((event) => ['Lambda.ServiceException', 'Lambda.ClientExecutionTimeoutException'].includes(event.taskFailedEventDetails?.error ?? ''));
    expect(injected.length).toBeGreaterThan(0);
    for (const events of histories) {
      expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
      expect(events.some((event) => event.stateEnteredEventDetails?.name === 'NeedsAttention')).toBe(false);
      // Every injected failure is followed by another attempt of the same task.
      for (const [index, event] of events.entries()) {
        if (event.type === 'TaskFailed' && event.taskFailedEventDetails?.error?.startsWith('Lambda.')) expect(events[index + 1]?.type).toBe('TaskScheduled');
      }
    }
  });
});
