import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';
import { installMeters, itemBytes, unmetered, type Reading } from './meters.ts';
import { inlineHistoryExtraUnits, type PerApplication } from './model.ts';

/** Lambda's own lines per invocation (START, END, REPORT), bytes: a typical REPORT line with its two companions. */
export const PLATFORM_LOG_BYTES_PER_INVOCATION = 420;
/** An uploaded document's size in S3 (a phone photo): an assumption, the lifecycles upload 64-byte stand-ins. */
export const DOCUMENT_BYTES = 1_500_000;

export interface ProgramMeasure {
  program: string;
  lifecycles: number;
  /** Final status of each lifecycle. */
  statuses: string[];
  perApplication: PerApplication;
  /** Split of the DynamoDB units, per application. */
  dynamo: { writeTable: number; writeIndexes: number; readTable: number; readIndexes: number; requests: Record<string, number> };
  /** Write units per application a whole-item design (history inside the application item) would have added. */
  inlineHistoryExtraWriteUnits: number;
  /** The application item's own size at the end (bytes), and the history entries' (bytes, per application). */
  applicationItemBytes: number;
  historyEntriesPerApplication: number;
  invocationsByHandler: Record<string, number>;
  smsPerApplication: number;
  documentsPerApplication: number;
  /** Budget top-ups the driver had to make (counted in the figures; 0 expected). */
  budgetRaises: number;
}

export interface Measurement {
  measuredAt: string;
  node: string;
  lifecyclesPerProgram: number;
  programs: ProgramMeasure[];
  /** One scheduled run with nothing to do, in ms: the workflow sweep's and the SMS sender's. */
  idleRunMs: { sweep: number; texts: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Drives `lifecycles` applications of each program, one at a time, through the local runtime from
 * submit to a final state — the worker uploading the documents and submitting, each level's
 * official opening the queue and the application and deciding, the clock moved past the public
 * notice, finance preparing, releasing, sending and reconciling a payment batch, the SMS sender
 * sending what the steps queued — and meters everything it costs (meters.ts). The driver's own
 * waiting reads the store unmetered.
 */
export async function measure(lifecycles: number, log: (line: string) => void = console.log): Promise<Measurement> {
  const meters = installMeters();
  const { startLocalRuntime } = await import('../../infra/local/runtime.ts');
  const { loadRegionTemplate, loadApplication, loadWorkerSub, programOf } = await import('../../test/support/load.ts');
  const { regionFromTemplate, demoRegionTemplate } = await import('../../infra/local/demo-region.ts');
  const { TEST_NOW } = await import('../../test/support/calendar.ts');
  const { requiredDocuments } = await import('../../functions/domain/documents.ts');
  const { workflowPrograms } = await import('../../workflows/index.ts');
  const programs = workflowPrograms.filter((program) => ['autumn-aid', 'hardship-relief', 'mutual-claim'].includes(program));
  const workers = lifecycles * 3;
  const template = loadRegionTemplate(workers);
  const officials = (demoRegionTemplate() as unknown as { users: { sub: string; groups: string[]; orgUnit: string; level?: number }[] }).users.filter((user) => user.groups.includes('official'));
  const dataDir = mkdtempSync(join(tmpdir(), 'warmth-cost-'));
  const runtime = await startLocalRuntime({ port: 0, dataDir, sweepIntervalSeconds: 0, textIntervalSeconds: 0, clockStartsAt: TEST_NOW, region: (seedDay) => regionFromTemplate(template, seedDay) });
  // Metrics print their EMF lines as on AWS, so their bytes are counted with the logs.
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  const { getApplication } = await import('../../functions/store/applications.ts');
  const { listApprovalsOf } = await import('../../functions/store/approvals.ts');
  const { db } = await import('../../functions/store/client.ts');
  const { GetCommand, ScanCommand } = await import('@aws-sdk/lib-dynamodb');
  const { shanghaiDate } = await import('../../functions/shared/dates.ts');
  const { nowIso } = await import('../../functions/shared/clock.ts');
  const sfn = new SFNClient({ endpoint: runtime.sfnEndpoint });
  const tokens = new Map<string, string>();
  const token = async (sub: string) => {
    const known = tokens.get(sub);
    if (known) return known;
    const signed = (await (await fetch(`${runtime.url}/local/token`, { method: 'POST', body: JSON.stringify({ sub }) })).json()) as { token: string };
    tokens.set(sub, signed.token);
    return signed.token;
  };
  let apiRequests = 0;
  const call = async (sub: string, method: string, path: string, body?: unknown, csv?: string) => {
    apiRequests += 1;
    const response = await fetch(`${runtime.url}${path}`, {
      method,
      headers: { 'content-type': csv !== undefined ? 'text/csv' : 'application/json', authorization: `Bearer ${await token(sub)}` },
      body: csv ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  };
  const tableBytes = () =>
    unmetered(async () => {
      let bytes = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const page = await db.send(new ScanCommand({ TableName: runtime.tableName, ExclusiveStartKey: start }));
        for (const item of page.Items ?? []) bytes += itemBytes(item);
        start = page.LastEvaluatedKey;
      } while (start);
      return bytes;
    });
  const until = async <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => {
    for (let i = 0; i < 1_200; i++) {
      const value = await unmetered(probe);
      if (value !== undefined) return value;
      await sleep(50);
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  try {
    await runtime.sweep();
    meters.take();
    const results: ProgramMeasure[] = [];
    for (const program of programs) {
      const indexes = Array.from({ length: workers }, (_, index) => index).filter((index) => programOf(index) === program).slice(0, lifecycles);
      const before = await tableBytes();
      meters.take();
      apiRequests = 0;
      let s3Puts = 0;
      let transitions = 0;
      let stateLogBytes = 0;
      let sms = 0;
      let documents = 0;
      let budgetRaises = 0;
      const statuses: string[] = [];
      const ids: string[] = [];
      const smsBefore = runtime.outbox().length;
      for (const index of indexes) {
        const sub = loadWorkerSub(index);
        const application = loadApplication(index, shanghaiDate(nowIso()));
        const attachments = [];
        for (const kind of requiredDocuments[program] ?? []) {
          const photo = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(56).fill(0)]);
          const ticket = await call(sub, 'POST', '/documents', { program, kind, name: `${kind}.png`, contentType: 'image/png', size: photo.length });
          await fetch(ticket.uploadUrl, { method: 'PUT', headers: ticket.headers, body: photo });
          s3Puts += 1;
          documents += 1;
          await call(sub, 'POST', `/documents/${ticket.id}/check`);
          attachments.push({ kind, documentId: ticket.id });
        }
        const submitted = await call(sub, 'POST', '/applications', { program, details: { ...application.details, attachments } });
        const id = submitted.id as string;
        ids.push(id);
        await call(sub, 'GET', `/applications/${id}`);
        for (;;) {
          const state = await until(`a next step of ${id}`, async () => {
            const current = await getApplication(id);
            if (!current) return undefined;
            if (['PAID', 'INELIGIBLE', 'REJECTED', 'WITHDRAWN', 'PUBLIC_NOTICE', 'DISBURSING', 'AWAITING_BUDGET'].includes(current.status)) return { status: current.status as string };
            if (current.status === 'PENDING_APPROVAL') {
              const pending = (await listApprovalsOf(id)).find((approval) => approval.status === 'PENDING');
              if (pending) return { status: current.status as string, orgUnit: pending.orgUnit, level: pending.level };
            }
            return undefined;
          });
          if (state.status === 'PENDING_APPROVAL') {
            const official = officials.find((user) => user.orgUnit === state.orgUnit && user.level === state.level);
            if (!official) throw new Error(`no official of ${state.orgUnit} at level ${state.level}`);
            // The official opens the queue and the application, then decides.
            await call(official.sub, 'GET', '/approvals');
            await call(official.sub, 'GET', `/applications/${id}`);
            await call(official.sub, 'POST', `/approvals/${id}/decision`, { decision: 'approve', comment: '同意' });
            await until(`the decision on ${id}`, async () => ((await listApprovalsOf(id)).some((approval) => approval.orgUnit === state.orgUnit && approval.level === state.level && approval.status === 'PENDING') ? undefined : true));
          } else if (state.status === 'PUBLIC_NOTICE') {
            await runtime.advanceClock(5 * 86_400 + 60);
            tokens.clear();
            await until(`the end of ${id}'s notice`, async () => ((await getApplication(id))?.status === 'PUBLIC_NOTICE' ? undefined : true));
          } else if (state.status === 'AWAITING_BUDGET') {
            budgetRaises += 1;
            const year = Number(shanghaiDate(nowIso()).slice(0, 4));
            for (const budget of (await call('f-city', 'GET', `/budgets?year=${year}`)).items as { program: string; year: number; orgUnit: string; allocatedFen: number }[]) {
              await call('f-city', 'PUT', `/budgets/${budget.program}/${budget.year}/${budget.orgUnit}`, { allocatedFen: budget.allocatedFen * 2 });
            }
            await until(`budget for ${id}`, async () => ((await getApplication(id))?.status === 'AWAITING_BUDGET' ? undefined : true));
          } else if (state.status === 'DISBURSING') {
            const batch = await call('f-city', 'POST', '/payment-batches', { program });
            await call('f-city-2', 'POST', `/payment-batches/${batch.batchId}/release`, { comment: '名单与金额已核对' });
            await call('f-city', 'GET', `/payment-batches/${batch.batchId}/bank-file`);
            const lines = (batch.instructions as { instructionId: string; amountFen: number }[]).map((item) => `${item.instructionId},${(item.amountFen / 100).toFixed(2)},SUCCESS,BK-${item.instructionId}`);
            await call('f-city', 'POST', `/payment-batches/${batch.batchId}/bank-results`, undefined, `instruction id,amount,status,reference\n${lines.join('\n')}\n`);
            await until(`${id} paid`, async () => ((await getApplication(id))?.status === 'DISBURSING' ? undefined : true));
          } else {
            statuses.push(state.status);
            break;
          }
        }
        // The worker reads the outcome; the execution writes its last records; the SMS sender sends what the steps queued.
        await call(sub, 'GET', `/applications/${id}`);
        const executionArn = `${runtime.workflowArns[program]?.replace(':stateMachine:', ':execution:')}:${id}`;
        await until(`${id}'s execution to end`, async () => ((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status === 'RUNNING' ? undefined : true));
        await runtime.sendTexts();
        let nextToken: string | undefined;
        const events: HistoryEvent[] = [];
        do {
          const page = await unmetered(() => sfn.send(new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false, maxResults: 1000, nextToken })));
          events.push(...(page.events ?? []));
          nextToken = page.nextToken;
        } while (nextToken);
        transitions += events.filter((event) => event.type?.endsWith('StateEntered')).length;
        // The state machine's log (level ALL, without execution data): a line per history event.
        for (const event of events) stateLogBytes += itemBytes({ id: String(event.id), type: event.type, details: Object.fromEntries(Object.entries(event).filter(([key]) => key.endsWith('EventDetails'))), previous_event_id: String(event.previousEventId ?? 0), event_timestamp: String(event.timestamp?.getTime() ?? 0), execution_arn: executionArn, redrive_count: '0' });
        log(`${program} ${id}: ${statuses.at(-1)}`);
      }
      sms = runtime.outbox().length - smsBefore;
      const reading: Reading = meters.take();
      const after = await tableBytes();
      const n = indexes.length;
      const applicationItems = await unmetered(async () => Promise.all(ids.map(async (id) => (await db.send(new GetCommand({ TableName: runtime.tableName, Key: { pk: `APP#${id}`, sk: 'APP' } }))).Item)));
      const applicationItemBytes = applicationItems.reduce((sum, item) => sum + itemBytes(item ?? {}), 0) / n;
      const historyExtra = ids.reduce((sum, id, at) => sum + inlineHistoryExtraUnits(reading.historyBytes[id] ?? [], itemBytes(applicationItems[at] ?? {})), 0) / n;
      const s3Gets = reading.s3Requests.GetObject ?? 0;
      const s3Heads = reading.s3Requests.HeadObject ?? 0;
      results.push({
        program,
        lifecycles: n,
        statuses,
        perApplication: {
          transitions: transitions / n,
          invocations: reading.invocations / n,
          durationMs: reading.durationMs / n,
          apiRequests: apiRequests / n,
          writeUnits: (reading.writeUnits.table + reading.writeUnits.indexes) / n,
          readUnits: (reading.readUnits.table + reading.readUnits.indexes) / n,
          logBytes: (reading.functionLogBytes + reading.invocations * PLATFORM_LOG_BYTES_PER_INVOCATION + stateLogBytes) / n,
          s3Puts: (s3Puts + (reading.s3Requests.PutObject ?? 0)) / n,
          s3Gets: (s3Gets + s3Heads) / n,
          storedBytes: (after - before) / n,
          documentBytes: (documents * DOCUMENT_BYTES) / n,
          traces: (apiRequests + n) / n,
        },
        dynamo: {
          writeTable: reading.writeUnits.table / n,
          writeIndexes: reading.writeUnits.indexes / n,
          readTable: reading.readUnits.table / n,
          readIndexes: reading.readUnits.indexes / n,
          requests: Object.fromEntries(Object.entries(reading.requests).map(([operation, count]) => [operation, count / n])),
        },
        inlineHistoryExtraWriteUnits: historyExtra,
        applicationItemBytes,
        historyEntriesPerApplication: Object.values(reading.historyBytes).reduce((sum, entries) => sum + entries.length, 0) / n,
        invocationsByHandler: Object.fromEntries(Object.entries(reading.byHandler).map(([handler, count]) => [handler, count / n])),
        smsPerApplication: sms / n,
        documentsPerApplication: documents / n,
        budgetRaises,
      });
    }
    meters.take();
    await runtime.sweep();
    const sweep = meters.take().durationMs;
    await runtime.sendTexts();
    const texts = meters.take().durationMs;
    return { measuredAt: new Date().toISOString(), node: process.version, lifecyclesPerProgram: lifecycles, programs: results, idleRunMs: { sweep, texts } };
  } finally {
    sfn.destroy();
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
