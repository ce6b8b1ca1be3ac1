import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Benchmark } from './run.ts';
import { byOrigin, countDynamoRequests, uncounted } from './support/dynamo-requests.ts';

const TARGET = 70;

/**
 * DynamoDB requests of one autumn-aid application through its whole life — submit → three
 * approvals → public notice → reservation → batch (prepared, released, bank file) → bank result →
 * PAID — counted on the SDK clients, the platform's and the local Step Functions service's apart,
 * per operation. The benchmark's own waiting (reading the application until it moves on) goes
 * straight to the store outside the count: only what the lifecycle's calls and steps cost is counted.
 * The SMS sender (a schedule on AWS) runs only when the benchmark calls it, once after the payment
 * is issued and once after it is paid, each time with the worker's text waiting: what sending them
 * costs is counted, the sender's idle runs in between (they depend on the time taken) are not.
 */
const bench: Benchmark = {
  name: 'lifecycle-requests',
  title: 'DynamoDB requests per autumn-aid application, submit to PAID',
  async run() {
    const counts = countDynamoRequests();
    const { startLocalRuntime } = await import('../infra/local/runtime.ts');
    const { residentId } = await import('../test/support/id-numbers.ts');
    const { getApplication } = await import('../functions/store/applications.ts');
    const { listApprovalsOf } = await import('../functions/store/approvals.ts');
    const { shanghaiYear } = await import('../functions/shared/dates.ts');
    const { nowIso } = await import('../functions/shared/clock.ts');
    const dataDir = mkdtempSync(join(tmpdir(), 'warmth-bench-'));
    // No periodic workflow sweep: it costs the same whatever the number of applications, and is no part of one's life.
    const runtime = await startLocalRuntime({ port: 0, dataDir, sweepIntervalSeconds: 0, textIntervalSeconds: 0 });
    try {
      const tokens = new Map<string, string>();
      // Signed in before counting starts, and again after the clock has moved past the tokens' expiry.
      const signIn = async () => {
        for (const sub of ['w-zhang-wei', 'o-east-machinery', 'o-east', 'o-city', 'f-city', 'f-city-2']) {
          tokens.set(sub, ((await (await fetch(`${runtime.url}/local/token`, { method: 'POST', body: JSON.stringify({ sub }) })).json()) as { token: string }).token);
        }
      };
      await signIn();
      const call = async (method: string, path: string, sub: string, body?: unknown, text?: string) => {
        const response = await fetch(`${runtime.url}${path}`, {
          method,
          headers: { 'content-type': text !== undefined ? 'text/csv' : 'application/json', authorization: `Bearer ${tokens.get(sub)}` },
          body: text ?? (body === undefined ? undefined : JSON.stringify(body)),
        });
        const reply = { status: response.status, body: (await response.json().catch(() => undefined)) as any };
        if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
        return reply;
      };
      const until = async (what: string, probe: () => Promise<boolean>) => {
        for (let i = 0; i < 1_200; i++) {
          if (await uncounted(probe)) return;
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error(`timed out waiting for ${what}`);
      };
      const statusIs = (id: string, status: string) => until(status, async () => (await getApplication(id))?.status === status);
      const year = shanghaiYear(nowIso());
      // The start-up sweep finishes before counting starts.
      await runtime.sweep();
      counts.reset();
      // The admission letter's photo: a URL for it, the PUT to the bucket (not an API request), its check.
      const letter = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(56).fill(0)]);
      const ticket = await call('POST', '/documents', 'w-zhang-wei', { program: 'autumn-aid', kind: 'admission-letter', name: '录取通知书.png', contentType: 'image/png', size: letter.length });
      await fetch(ticket.body.uploadUrl, { method: 'PUT', headers: ticket.body.headers, body: letter });
      await call('POST', `/documents/${ticket.body.id}/check`, 'w-zhang-wei');
      const submitted = await call('POST', '/applications', 'w-zhang-wei', {
        program: 'autumn-aid',
        details: {
          category: 'filed-hardship',
          household: { size: 3, annualIncomeFen: 3_000_000 },
          child: { name: '张小明', idNumber: residentId('420106', `${year - 18}-03-15`, '123'), school: '武汉大学', schoolKind: 'public', level: 'undergraduate', admissionYear: year, otherFunding: false },
          bankAccount: { holder: '张伟', bank: '中国工商银行', number: '6222021234567890123' },
          attachments: [{ kind: 'admission-letter', documentId: ticket.body.id }],
        },
      });
      const id = submitted.body.id as string;
      for (const [level, official] of ['o-east-machinery', 'o-east', 'o-city'].entries()) {
        await until(`approval at level ${level + 1}`, async () => (await listApprovalsOf(id)).some((approval) => approval.level === level + 1 && approval.status === 'PENDING'));
        await call('POST', `/approvals/${id}/decision`, official, { decision: 'approve', comment: '同意' });
      }
      await statusIs(id, 'PUBLIC_NOTICE');
      await uncounted(() => runtime.advanceClock(5 * 86_400 + 60));
      await statusIs(id, 'DISBURSING');
      if ((await runtime.sendTexts()) !== 1) throw new Error('expected one text when the payment was issued');
      await uncounted(signIn);
      const batch = await call('POST', '/payment-batches', 'f-city', { program: 'autumn-aid' });
      await call('POST', `/payment-batches/${batch.body.batchId}/release`, 'f-city-2', { comment: '名单与金额已核对' });
      await fetch(`${runtime.url}/payment-batches/${batch.body.batchId}/bank-file`, { headers: { authorization: `Bearer ${tokens.get('f-city')}` } }).then((r) => r.arrayBuffer());
      const lines = (batch.body.instructions as { instructionId: string; amountFen: number }[]).map((item) => `${item.instructionId},${(item.amountFen / 100).toFixed(2)},SUCCESS,BK-1`);
      await call('POST', `/payment-batches/${batch.body.batchId}/bank-results`, 'f-city', undefined, `instruction id,amount,status,reference\n${lines.join('\n')}\n`);
      await statusIs(id, 'PAID');
      if ((await runtime.sendTexts()) !== 1) throw new Error('expected one text when the payment was made');
      // Let the execution finish writing its last records.
      await new Promise((r) => setTimeout(r, 2_000));
      const platform = counts.total('platform');
      const service = counts.total('sfn-service');
      const total = platform + service;
      if (process.env.BENCH_TRACE) for (const [origin, n] of [...byOrigin].sort()) console.log(n, origin);
      const rows = Object.entries(counts.snapshot()).map(([kind, n]) => `| ${kind} | ${n} |`);
      return {
        figures: [{ id: 'lifecycle-requests', label: 'DynamoDB requests per autumn-aid application', value: total, unit: 'requests', bound: TARGET, better: 'lower' }],
        markdown: [
          `**${total} DynamoDB requests** for one application (target: at most ${TARGET}) — ${total <= TARGET ? 'met' : 'not met'}: **${platform}** by the platform's handlers and steps, **${service}** by the local Step Functions service's own records. Counted: the worker's submit, the three officials' decisions, the workflow's steps, finance preparing and releasing the batch, downloading the bank file and importing the result, and the SMS sender's two runs that send the worker's texts (payment issued, paid); not counted: the benchmark's own waiting and the sender's idle runs.`,
          '',
          '| part and operation | requests |',
          '|---|---|',
          ...rows,
        ].join('\n'),
      };
    } finally {
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

export default bench;
