import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Benchmark, Figure } from './run.ts';
import { countDynamoRequests, uncounted } from './support/dynamo-requests.ts';
import { mixRate } from './support/dynamo-mix.ts';
import { closeConnections, send } from './support/http.ts';
import { requiredDocuments } from '../functions/domain/documents.ts';
import type { ApprovalRecord } from '../functions/store/types.ts';

/** A reply's JSON, or nothing for a body that is not. */
const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** BENCH_CLIENTS=1,8 (comma-separated) runs some of the client counts only. */
const CLIENT_COUNTS = process.env.BENCH_CLIENTS?.split(',').map(Number) ?? [1, 8, 32];
/** BENCH_PROGRAMS=mutual-claim (comma-separated) runs some of them only. */
type Program = 'autumn-aid' | 'hardship-relief' | 'mutual-claim';
const PROGRAMS = (process.env.BENCH_PROGRAMS?.split(',') ?? ['autumn-aid', 'hardship-relief', 'mutual-claim']) as Program[];
const TARGET = 0.7;
/**
 * Applications per round: twelve at one client, two per client above that. With one per client a
 * round was mostly its ramps — clients starting, clients done and the batch of the last ones —
 * where fewer requests are in flight than the bound's loops keep going the whole time.
 */
const applicationsFor = (clients: number) => Math.max(12, 2 * clients);
/** Clients of the round each program runs first, unmeasured. */
const WARM_UP_CLIENTS = 8;
/**
 * Rounds per program and client count, each followed by its own bound; the median ratio is the
 * figure. The machine is shared: one round and the bound measured after it can fall at different
 * loads (DynamoDB Local's rate for the same mix moved from 86 to 222 requests/s between two runs),
 * which made a single pair's ratio swing by half either way.
 */
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};

/**
 * Whole lifecycles per second, per program, from 1, 8 and 32 clients: each client submits an
 * application as its own worker, waits for the eligibility decision, and has each level's
 * official approve it; then the clock is moved past the public notices, finance prepares,
 * releases and sends one batch and imports the bank's result, and the round ends when every
 * application is PAID. The bound, measured in the same run right after each round: DynamoDB
 * Local's own rate for the round's mix of requests (the same operations in the same proportions,
 * each like the platform's in entries, size, index keys and conditions, against tables with the
 * platform's indexes, from as many clients: support/dynamo-mix.ts) ÷ the round's requests per
 * application. A mix of bare three-item transactions on an unindexed table ran 1.5–2× as fast as
 * requests like the platform's (five items, conditioned, indexed) and held the platform to a rate
 * its own requests could not reach. The scripted officials and finance learn what the platform
 * recorded from its answered writes, as they would from its notices, and read the store only when
 * nothing has come for two seconds.
 */
const bench: Benchmark = {
  name: 'lifecycle-throughput',
  title: 'Whole lifecycles per second against DynamoDB Local, by program and clients',
  async run() {
    const counts = countDynamoRequests();
    const { startLocalRuntime } = await import('../infra/local/runtime.ts');
    const { regionFromTemplate } = await import('../infra/local/demo-region.ts');
    const { loadRegionTemplate, loadApplication, loadWorkerSub, programOf } = await import('../test/support/load.ts');
    const { getApplication } = await import('../functions/store/applications.ts');
    const { listApprovalsOf } = await import('../functions/store/approvals.ts');
    const { keys } = await import('../functions/store/keys.ts');
    const { shanghaiDate, shanghaiYear } = await import('../functions/shared/dates.ts');
    const { nowIso } = await import('../functions/shared/clock.ts');
    // Workers of every program for every round (the programs take turns through the load's workers).
    const workers = 3 * (3 * REPEATS * CLIENT_COUNTS.reduce((sum, clients) => sum + applicationsFor(clients), 0) + 3 * applicationsFor(WARM_UP_CLIENTS));
    const template = loadRegionTemplate(workers) as { users: { sub: string; groups: string[]; orgUnit: string; level?: number }[] };
    const officials = new Map<string, string>();
    for (const user of template.users) if (user.groups.includes('official') && !officials.has(`${user.orgUnit}#${user.level}`)) officials.set(`${user.orgUnit}#${user.level}`, user.sub);
    const dataDir = mkdtempSync(join(tmpdir(), 'warmth-bench-'));
    const runtime = await startLocalRuntime({ port: 0, dataDir, sweepIntervalSeconds: 0, region: (seedDay: string) => regionFromTemplate(template, seedDay) });
    const tokens = new Map<string, string>();
    const token = async (sub: string) => {
      const known = tokens.get(sub);
      if (known) return known;
      const signed = (JSON.parse((await send(`${runtime.url}/local/token`, { method: 'POST', body: JSON.stringify({ sub }) })).text) as { token: string }).token;
      tokens.set(sub, signed);
      return signed;
    };
    const call = async (sub: string, method: string, path: string, body?: unknown, text?: string, headers: Record<string, string> = {}) => {
      const response = await send(`${runtime.url}${path}`, {
        method,
        headers: { 'content-type': text !== undefined ? 'text/csv' : 'application/json', authorization: `Bearer ${await token(sub)}`, ...headers },
        body: text ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const reply = { status: response.status, body: parsed(response.text) as any };
      if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
      return reply;
    };
    /**
     * What the platform's carried-out writes say of each application this round: its status and
     * approval levels as of its latest audit record (the transitions' `:to`, `:approvalLevels` and
     * `:seq`), and each level's approval once opened (its record as put). The scripted officials
     * and finance act on these as they are answered, as they would on the platform's notice; the
     * store is read (outside the count) only when nothing waited for has come for two seconds.
     * Reading the store after each write the officials waited on put the benchmark's own reads on
     * the path of every application: at one client a tenth of each lifecycle was time spent on them.
     */
    interface Recorded {
      seq: number;
      status?: string;
      approvalLevels?: number[];
      opened: Map<number, ApprovalRecord>;
      wakes: Set<() => void>;
    }
    const recorded = new Map<string, Recorded>();
    const recordOf = (id: string) => {
      const known = recorded.get(id);
      if (known) return known;
      const fresh: Recorded = { seq: -1, opened: new Map(), wakes: new Set() };
      recorded.set(id, fresh);
      return fresh;
    };
    const partitionPrefix = keys.applicationPartition('');
    const applicationSk = keys.application('').sk;
    /** A transition of the application counts if it is later than what is known: two answers can come in either order. */
    const learnTransition = (record: Recorded, seq: unknown, status: unknown, approvalLevels: unknown) => {
      if (typeof seq !== 'number' || typeof status !== 'string' || seq <= record.seq) return;
      record.seq = seq;
      record.status = status;
      if (Array.isArray(approvalLevels)) record.approvalLevels = approvalLevels as number[];
    };
    const stopRecording = counts.onWrite((part, input, succeeded) => {
      if (part !== 'platform' || !succeeded) return;
      const entries: Record<string, any>[] = Array.isArray(input.TransactItems) ? input.TransactItems : [{ Update: input }];
      const touched = new Set<Recorded>();
      for (const entry of entries) {
        const update = entry.Update as { Key?: { pk?: string; sk?: string }; ExpressionAttributeValues?: Record<string, unknown> } | undefined;
        const put = entry.Put as { Item?: Record<string, any> } | undefined;
        const key = update?.Key ?? put?.Item;
        if (typeof key?.pk !== 'string' || !key.pk.startsWith(partitionPrefix)) continue;
        const record = recordOf(key.pk.slice(partitionPrefix.length));
        touched.add(record);
        const values = update?.ExpressionAttributeValues;
        if (values && key.sk === applicationSk) learnTransition(record, values[':seq'], values[':to'], values[':approvalLevels']);
        const item = put?.Item;
        if (item && typeof item.sk === 'string' && item.sk.startsWith(keys.approvalPrefix) && item.status === 'PENDING') record.opened.set(item.level as number, item as ApprovalRecord);
      }
      for (const record of touched) for (const wake of record.wakes) wake();
    });
    let storeReads = 0;
    /** Folds what the store holds of the application into what is known of it. */
    const readStore = async (id: string) => {
      storeReads += 1;
      const record = recordOf(id);
      const [application, approvals] = await uncounted(() => Promise.all([getApplication(id), listApprovalsOf(id)]));
      if (application) learnTransition(record, application.auditSeq, application.status, application.approvalLevels);
      for (const approval of approvals) if (approval.status === 'PENDING' && approval.round === application?.round) record.opened.set(approval.level, approval);
    };
    /** The first `test(record)` that is not undefined, tried each time the platform writes to the application. */
    const until = async <T>(what: () => string, id: string, test: (record: Recorded) => T | undefined): Promise<T> => {
      const deadline = performance.now() + 120_000;
      const record = recordOf(id);
      while (performance.now() < deadline) {
        const found = test(record);
        if (found !== undefined) return found;
        const quiet = await new Promise<boolean>((resolve) => {
          const settle = (late: boolean) => {
            clearTimeout(timer);
            record.wakes.delete(wake);
            resolve(late);
          };
          const wake = () => settle(false);
          const timer = setTimeout(() => settle(true), 2_000);
          record.wakes.add(wake);
        });
        if (quiet) await readStore(id);
      }
      throw new Error(`timed out waiting for ${what()}`);
    };
    /** The application's status once it is one of `statuses`. */
    const statusIn = (id: string, statuses: string[]) =>
      until(
        () => `${id} to be ${statuses.join('/')} (last seen ${recorded.get(id)?.status ?? 'nothing'})`,
        id,
        (record) => (record.status && statuses.includes(record.status) ? record.status : undefined),
      );

    const rows: string[] = [];
    const figures: Figure[] = [];
    let nextIndex = 0;
    try {
      await uncounted(() => runtime.sweep());
      await runtime.loadAllHandlers();
      const year = shanghaiYear(nowIso());
      const budgets = (await call('f-city', 'GET', `/budgets?year=${year}`)).body.items as { program: string; orgUnit: string; allocatedFen: number }[];
      // Next year's too: each round moves the clock past a public notice (60 days over the run), and
      // a run started in December ends in January, where applications would wait for budget.
      for (const budget of budgets) {
        for (const inYear of [year, year + 1]) await call('f-city', 'PUT', `/budgets/${budget.program}/${inYear}/${budget.orgUnit}`, { allocatedFen: budget.allocatedFen * 100 });
      }
      const round = async (program: Program, clients: number) => {
        const total = applicationsFor(clients);
        const today = shanghaiDate(nowIso());
        const indices: number[] = [];
        while (indices.length < total) {
          if (programOf(nextIndex) === program) indices.push(nextIndex);
          nextIndex += 1;
        }
        // Signing in is the identity provider's work, not the platform's: done before the clock starts.
        await Promise.all([...indices.map(loadWorkerSub), ...officials.values()].map(token));
        counts.reset();
        recorded.clear();
        const started = performance.now();
        const toDecision: number[] = [];
        const ids: string[] = [];
        let taken = 0;
        const client = async () => {
          while (taken < indices.length) {
            const index = indices[taken++] as number;
            const sub = loadWorkerSub(index);
            const submittedAt = performance.now();
            const application = loadApplication(index, today);
            const attachments = [];
            for (const kind of requiredDocuments[application.program] ?? []) {
              const photo = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(56).fill(0)]);
              const ticket = await call(sub, 'POST', '/documents', { program: application.program, kind, name: `${kind}.png`, contentType: 'image/png', size: photo.length });
              await send(ticket.body.uploadUrl, { method: 'PUT', headers: ticket.body.headers, body: photo });
              await call(sub, 'POST', `/documents/${ticket.body.id}/check`);
              attachments.push({ kind, documentId: ticket.body.id as string });
            }
            const submitted = await call(sub, 'POST', '/applications', { ...application, details: { ...application.details, attachments } }, undefined, { 'idempotency-key': `bench-${index}` });
            const id = submitted.body.id as string;
            ids.push(id);
            const decided = await statusIn(id, ['PENDING_APPROVAL', 'INELIGIBLE']);
            toDecision.push(performance.now() - submittedAt);
            if (decided === 'INELIGIBLE') throw new Error(`${id} (${program}) was found ineligible`);
            for (const level of recordOf(id).approvalLevels ?? []) {
              const approval = await until(() => `level ${level} of ${id}`, id, (record) => record.opened.get(level));
              const official = officials.get(`${approval.orgUnit}#${approval.deciderLevel ?? approval.level}`);
              if (!official) throw new Error(`no official of ${approval.orgUnit} at level ${approval.level}`);
              await call(official, 'POST', `/approvals/${id}/decision`, { decision: 'approve', comment: '同意' });
            }
          }
        };
        await Promise.all(Array.from({ length: clients }, client));
        const after = await Promise.all(ids.map((id) => statusIn(id, ['PUBLIC_NOTICE', 'DISBURSING'])));
        if (after.includes('PUBLIC_NOTICE')) {
          await uncounted(() => runtime.advanceClock(5 * 86_400 + 60));
          tokens.clear();
        }
        await Promise.all(ids.map((id) => statusIn(id, ['DISBURSING'])));
        const batch = await call('f-city', 'POST', '/payment-batches', { program });
        await call('f-city-2', 'POST', `/payment-batches/${batch.body.batchId}/release`, { comment: '名单与金额已核对' });
        await send(`${runtime.url}/payment-batches/${batch.body.batchId}/bank-file`, { headers: { authorization: `Bearer ${await token('f-city')}` } });
        const lines = (batch.body.instructions as { instructionId: string; amountFen: number }[]).map((item) => `${item.instructionId},${(item.amountFen / 100).toFixed(2)},SUCCESS,BK-${item.instructionId}`);
        await call('f-city', 'POST', `/payment-batches/${batch.body.batchId}/bank-results`, undefined, `instruction id,amount,status,reference\n${lines.join('\n')}\n`);
        await Promise.all(ids.map((id) => statusIn(id, ['PAID'])));
        const seconds = (performance.now() - started) / 1000;
        const perSecond = total / seconds;
        const requests = counts.total() / total;
        const databaseRate = await mixRate(runtime.dynamoEndpoint, counts.shapes(), clients);
        const bound = databaseRate / requests;
        const ratio = perSecond / bound;
        return { total, perSecond, requests, databaseRate, bound, ratio, toDecision };
      };
      // DynamoDB Local's JIT and ours warm up on a round of each program first, left out: the first
      // round of a cold run measured 0.45-0.5 of its bound, the same round warm 0.6-0.7.
      for (const program of PROGRAMS) await round(program, WARM_UP_CLIENTS);
      for (const program of PROGRAMS) {
        for (const clients of CLIENT_COUNTS) {
          const rounds = [];
          for (let repeat = 0; repeat < REPEATS; repeat++) rounds.push(await round(program, clients));
          const byRatio = [...rounds].sort((a, b) => a.ratio - b.ratio);
          const { total, perSecond, requests, databaseRate, bound, ratio, toDecision } = byRatio[Math.floor((byRatio.length - 1) / 2)] as (typeof rounds)[number];
          const ratios = rounds.map((each) => each.ratio.toFixed(2)).join(', ');
          rows.push(
            `| ${program} | ${clients} | ${total} | ${perSecond.toFixed(2)} | ${requests.toFixed(1)} | ${databaseRate.toFixed(0)} | ${bound.toFixed(2)} | **${ratio.toFixed(2)}** ${ratio >= TARGET ? '' : '(below 0.7)'} | ${ratios} | ${(quantile(toDecision, 0.5) / 1000).toFixed(2)} s | ${(quantile(toDecision, 0.95) / 1000).toFixed(2)} s |`,
          );
          figures.push({ id: `throughput-${program}-${clients}`, label: `${program}, ${clients} client(s): lifecycles/s`, value: perSecond, unit: 'lifecycles/s', bound, better: 'higher' });
          console.log(rows.at(-1));
        }
      }
    } finally {
      stopRecording();
      closeConnections();
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
    return {
      figures,
      markdown: [
        `Each round: N applications of one program from C clients, submit → eligibility decision → every approval level → (public notice, the clock moved past it) → one batch prepared, released, sent → bank result → PAID. **Bound**: DynamoDB Local's own rate, measured right after the round from as many clients, for the round's mix of requests (the same operations in the same proportions, each like the platform's in entries, characters, index keys written and conditions, transactions with as many updates, condition checks and deletes among their items, queries of an index in the same share, against scratch tables with the platform's key schema and listing indexes), ÷ the round's DynamoDB requests per application. A round of each program at ${WARM_UP_CLIENTS} clients runs first, unmeasured, so that neither DynamoDB Local's JIT nor ours is measured cold. Each row is run ${REPEATS} times, each time with its bound measured right after it; the row is the round with the median ratio, and the ratios of all are listed. The scripted officials and finance act on what the platform's carried-out writes record (an application's transition, a level's approval opened), as they would on its notices; they read the store (outside the count) only when nothing they wait for has come for two seconds: ${storeReads} time(s) in this run. Target: ratio at least ${TARGET}. p50/p95: submit (202) to the eligibility decision being recorded.`,
        '',
        '| program | clients | N | lifecycles/s | requests per application | DynamoDB Local, same mix (requests/s) | bound (lifecycles/s) | ratio (median round) | each round | submit→decision p50 | p95 |',
        '|---|---|---|---|---|---|---|---|---|---|---|',
        ...rows,
      ].join('\n'),
    };
  },
};

export default bench;
