import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Benchmark } from './run.ts';
import { countDynamoRequests } from './support/dynamo-requests.ts';

const TARGET = 70;

/**
 * DynamoDB requests of one autumn-aid application through its whole life — submit → three
 * approvals → public notice → reservation → batch → bank result → PAID — counted on the SDK
 * clients, the platform's and the local Step Functions service's apart, per operation.
 */
const bench: Benchmark = {
  name: 'lifecycle-requests',
  title: 'DynamoDB requests per autumn-aid application, submit to PAID',
  async run() {
    const counts = countDynamoRequests();
    const { startLocalRuntime } = await import('../infra/local/runtime.ts');
    const { residentId } = await import('../test/support/id-numbers.ts');
    const dataDir = mkdtempSync(join(tmpdir(), 'warmth-bench-'));
    const runtime = await startLocalRuntime({ port: 0, dataDir });
    try {
      const call = async (method: string, path: string, sub?: string, body?: unknown, text?: string) => {
        const token = sub ? ((await (await fetch(`${runtime.url}/local/token`, { method: 'POST', body: JSON.stringify({ sub }) })).json()) as { token: string }).token : undefined;
        const response = await fetch(`${runtime.url}${path}`, {
          method,
          headers: { 'content-type': text !== undefined ? 'text/csv' : 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: text ?? (body === undefined ? undefined : JSON.stringify(body)),
        });
        return { status: response.status, body: (await response.json().catch(() => undefined)) as any };
      };
      const until = async (probe: () => Promise<boolean>) => {
        for (let i = 0; i < 600 && !(await probe()); i++) await new Promise((r) => setTimeout(r, 100));
      };
      const statusOf = async (id: string) => (await call('GET', `/applications/${id}`, 'w-zhang-wei')).body?.status as string;
      const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
      // Requests of the reads the test makes are counted too; they are few and the same each run.
      counts.reset();
      const submitted = await call('POST', '/applications', 'w-zhang-wei', {
        program: 'autumn-aid',
        details: {
          category: 'filed-hardship',
          household: { size: 3, annualIncomeFen: 3_000_000 },
          child: { name: '张小明', idNumber: residentId('420106', `${year - 18}-03-15`, '123'), school: '武汉大学', schoolKind: 'public', level: 'undergraduate', admissionYear: year, otherFunding: false },
          bankAccount: { holder: '张伟', bank: '中国工商银行', number: '6222021234567890123' },
          attachments: [{ kind: 'admission-letter', name: '录取通知书.jpg' }],
        },
      });
      const id = submitted.body.id as string;
      for (const official of ['o-east-machinery', 'o-east', 'o-city']) {
        await until(async () => ((await call('GET', '/approvals', official)).body?.items ?? []).some((item: { applicationId: string }) => item.applicationId === id));
        await call('POST', `/approvals/${id}/decision`, official, { decision: 'approve', comment: '同意' });
      }
      await until(async () => (await statusOf(id)) === 'PUBLIC_NOTICE');
      await call('POST', '/local/clock/advance', undefined, { seconds: 5 * 86_400 + 60 });
      await until(async () => (await statusOf(id)) === 'DISBURSING');
      const batch = await call('POST', '/payment-batches', 'f-city', { program: 'autumn-aid' });
      await call('GET', `/payment-batches/${batch.body.batchId}/bank-file`, 'f-city');
      const lines = (batch.body.instructions as { instructionId: string; amountFen: number }[]).map((item) => `${item.instructionId},${(item.amountFen / 100).toFixed(2)},SUCCESS,BK-1`);
      await call('POST', `/payment-batches/${batch.body.batchId}/bank-results`, 'f-city', undefined, `instruction id,amount,status,reference\n${lines.join('\n')}\n`);
      await until(async () => (await statusOf(id)) === 'PAID');
      // Let the execution finish writing its last records.
      await new Promise((r) => setTimeout(r, 2_000));
      const platform = counts.total('platform');
      const service = counts.total('sfn-service');
      const rows = Object.entries(counts.snapshot()).map(([kind, n]) => `| ${kind} | ${n} |`);
      return {
        markdown: [
          `**${platform + service} DynamoDB requests** for one application (target: at most ${TARGET}): **${platform}** by the platform's handlers and steps, **${service}** by the local Step Functions service's own records. The test's own reads (polling the application and the queues) are included in the platform's count.`,
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
