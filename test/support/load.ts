import { demoRegionTemplate } from '../../infra/local/demo-region.ts';
import { requiredDocuments } from '../../functions/domain/documents.ts';
import { residentId } from './id-numbers.ts';
import { shanghaiYear } from '../../functions/shared/dates.ts';

/**
 * The reliability suite's load: many workers applying to the three programs at once, scripted
 * officials approving what reaches them, scripted finance paying in batches, and the local clock
 * moved past each public notice. It speaks only HTTP, so it drives an in-process runtime or an
 * `npm start` that is killed and restarted under it alike. No vitest here: the benchmarks use it too.
 */

export const loadWorkerSub = (index: number): string => `w-load-${String(index).padStart(5, '0')}`;
const loadWorkerName = (index: number): string => `职工${String(index).padStart(5, '0')}`;
const LEAF_UNITS = ['east-machinery', 'east-couriers', 'west-hospital', 'west-street'];
const OFFICIALS = ['o-east-machinery', 'o-east-couriers', 'o-west-hospital', 'o-west-street', 'o-east', 'o-east-2', 'o-west', 'o-city', 'o-city-2'];
const FINAL = new Set(['PAID', 'INELIGIBLE', 'WITHDRAWN', 'REJECTED']);
const OPEN_STATUSES = ['SUBMITTED', 'CHECKING', 'PENDING_APPROVAL', 'PUBLIC_NOTICE', 'APPROVED', 'AWAITING_BUDGET', 'DISBURSING', 'PAYMENT_FAILED'];
export const finalStatuses = FINAL;

/**
 * The demo region (same format, dates relative to the seed day) with `workers` more members spread
 * over the grassroots unions: each a filed hardship worker enrolled in the hospital allowance, so
 * any of them may apply to any program. Budgets are the demo's, which the load runs through: the
 * scripted finance raises them when applications wait for budget.
 */
export function loadRegionTemplate(workers: number): { users: unknown[] } {
  const template = demoRegionTemplate() as unknown as { users: unknown[] };
  for (let index = 0; index < workers; index++) {
    template.users.push({
      sub: loadWorkerSub(index),
      name: loadWorkerName(index),
      groups: ['worker'],
      orgUnit: LEAF_UNITS[index % LEAF_UNITS.length] as string,
      member: {
        number: `M-L${String(index).padStart(5, '0')}`,
        since: 'seed-9y',
        active: true,
        gender: 'female',
        birthDate: 'seed-45y',
        hardshipFile: { tier: 'DEEP', filedOn: 'seed-2y' },
        category: 'filed-hardship',
        mutualPlans: [{ plan: 'hospital-allowance', units: 1, firstEnrolledOn: 'seed-3y', coverFrom: 'seed-6m', coverTo: 'seed+6m-1d' }],
      },
    });
  }
  return template;
}

const PROGRAMS = ['autumn-aid', 'hardship-relief', 'mutual-claim'] as const;
export type LoadProgram = (typeof PROGRAMS)[number];
export const programOf = (index: number): LoadProgram => PROGRAMS[index % PROGRAMS.length] as LoadProgram;

const plusDays = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Application `index` of the load, for its own worker, on the platform's day `today` (YYYY-MM-DD, Shanghai). */
export function loadApplication(index: number, today: string): { program: LoadProgram; details: Record<string, unknown> } {
  const name = loadWorkerName(index);
  const bankAccount = { holder: name, bank: '中国工商银行', number: `62220200${String(index).padStart(8, '0')}` };
  const program = programOf(index);
  if (program === 'autumn-aid') {
    const year = Number(today.slice(0, 4));
    return {
      program,
      details: {
        category: 'filed-hardship',
        household: { size: 3, annualIncomeFen: 3_000_000 },
        child: {
          name: `${name}之子`,
          idNumber: residentId('420106', plusDays(`${year - 18}-01-01`, index % 360), String(Math.floor(index / 360) % 1000).padStart(3, '0')),
          school: '武汉大学',
          schoolKind: 'public',
          level: 'undergraduate',
          admissionYear: year,
          otherFunding: false,
        },
        bankAccount,
      },
    };
  }
  if (program === 'hardship-relief') {
    return {
      program,
      details: {
        household: {
          members: [
            { relation: 'self', name, age: 44, annualIncomeFen: 1_200_000, condition: 'none' },
            { relation: 'spouse', name: `${name}之配偶`, age: 46, annualIncomeFen: 0, condition: 'serious-illness' },
            { relation: 'child', name: `${name}之女`, age: 12, annualIncomeFen: 0, condition: 'none' },
          ],
          rigidExpenditureFen: 600_000,
          accidentCostFen: 0,
          compensationFen: 0,
        },
        assets: { homes: 1, ownsBusiness: false, employsStaff: false, vehicleInRegularUse: false, driverByTrade: false, childAtHighFeePrivateSchool: false, childSelfFundedAbroad: false },
        causes: { main: 'illness', secondary: ['low-income'] },
        aidKinds: ['living'],
        bankAccount,
      },
    };
  }
  const admittedOn = plusDays(today, -20);
  return { program, details: { plan: 'hospital-allowance', incident: { kind: 'illness', date: admittedOn, admittedOn, dischargedOn: plusDays(today, -12) }, bankAccount } };
}

export interface LoadOptions {
  /** The platform's URL (it may be killed and restarted under the load: calls wait and retry). */
  url: string;
  applications: number;
  clients: number;
  /** The platform's Shanghai date when the load starts. */
  today: string;
  /** Give up after this long. */
  timeoutMs: number;
  /** Called every second while the load runs (invariants sampled during the run, faults injected). */
  tick?: () => Promise<void>;
  log?: (line: string) => void;
}

export interface LoadReport {
  ids: string[];
  /** Replies other than 202 to submissions, by status (after retries of 503 and lost connections). */
  refused: Record<number, number>;
  /** Replies with a status of 500 or above seen by any call, by route and status. */
  serverErrors: Record<string, number>;
  /** 503 replies that came with Retry-After, and without. */
  unavailable: { withRetryAfter: number; without: number };
  /** Milliseconds from submit (202) to a final state, per application. */
  submitToFinalMs: number[];
  elapsedMs: number;
}

type Reply = { status: number; body: any; headers: Headers };
type Budget = { program: string; orgUnit: string; allocatedFen: number };

/** The platform's Shanghai year when it answered: the local server dates its replies by the local clock. */
const platformYear = (reply: Reply): number => shanghaiYear(new Date(reply.headers.get('date') ?? Date.now()).toISOString());

/**
 * Runs the load to the end: every application submitted and in a final state, or the timeout.
 * Every call retries while the platform is unreachable or answers 503 (as a client told
 * Retry-After would); submissions carry an Idempotency-Key, so a retried submit cannot apply twice.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const log = options.log ?? (() => undefined);
  const report: LoadReport = { ids: [], refused: {}, serverErrors: {}, unavailable: { withRetryAfter: 0, without: 0 }, submitToFinalMs: [], elapsedMs: 0 };
  const tokens = new Map<string, string>();
  const submittedAt = new Map<string, number>();
  let stopped = false;

  async function raw(method: string, path: string, init: { token?: string; body?: string; type?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
    for (;;) {
      if (Date.now() > deadline) throw new Error(`load timed out during ${method} ${path}`);
      try {
        const response = await fetch(`${options.url}${path}`, {
          method,
          headers: { ...(init.type ? { 'content-type': init.type } : {}), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.headers ?? {}) },
          body: init.body,
          signal: AbortSignal.timeout(60_000),
        });
        const text = await response.text();
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = text;
        }
        if (response.status >= 500) {
          const route = `${method} ${path.replace(/APP-[A-Z0-9-]+|B-[A-Z0-9-]+/g, '{id}').split('?')[0]}`;
          report.serverErrors[`${route} ${response.status}`] = (report.serverErrors[`${route} ${response.status}`] ?? 0) + 1;
          if (response.status === 503) {
            const retryAfter = response.headers.get('retry-after');
            if (retryAfter) report.unavailable.withRetryAfter += 1;
            else report.unavailable.without += 1;
            await sleep(Math.min(Number(retryAfter ?? 1), 5) * 1000);
            continue;
          }
        }
        return { status: response.status, body, headers: response.headers };
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('load timed out')) throw error;
        // The platform is down (killed, restarting): wait and ask again.
        await sleep(500);
      }
    }
  }

  async function token(sub: string): Promise<string> {
    const known = tokens.get(sub);
    if (known) return known;
    const signed = await raw('POST', '/local/token', { body: JSON.stringify({ sub }), type: 'application/json' });
    if (signed.status !== 200) throw new Error(`sign-in of ${sub}: ${signed.status}`);
    tokens.set(sub, signed.body.token);
    return signed.body.token;
  }

  /** A call as `sub`, signing in again when the token has expired (the clock moves days at a time). */
  async function as(sub: string, method: string, path: string, init: { body?: unknown; text?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
    for (let attempt = 0; ; attempt++) {
      const reply = await raw(method, path, {
        token: await token(sub),
        ...(init.body !== undefined ? { body: JSON.stringify(init.body), type: 'application/json' } : init.text !== undefined ? { body: init.text, type: 'text/csv' } : {}),
        ...(init.headers ? { headers: init.headers } : {}),
      });
      if (reply.status !== 401 || attempt > 2) return reply;
      tokens.delete(sub);
    }
  }

  /** A photo of a document as the web app uploads it: a URL, the PUT to the bucket, the check. */
  async function uploadPhoto(sub: string, program: string, kind: string): Promise<string> {
    const photo = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(56).fill(0)]);
    const ticket = await as(sub, 'POST', '/documents', { body: { program, kind, name: `${kind}.png`, contentType: 'image/png', size: photo.length } });
    await fetch(ticket.body.uploadUrl, { method: 'PUT', headers: ticket.body.headers, body: photo });
    await as(sub, 'POST', `/documents/${ticket.body.id}/check`);
    return ticket.body.id as string;
  }

  let next = 0;
  async function submitter(): Promise<void> {
    while (next < options.applications) {
      const index = next++;
      const sub = loadWorkerSub(index);
      const application = loadApplication(index, options.today);
      const attachments = [];
      for (const kind of requiredDocuments[application.program] ?? []) attachments.push({ kind, documentId: await uploadPhoto(sub, application.program, kind) });
      const reply = await as(sub, 'POST', '/applications', { body: { ...application, details: { ...application.details, attachments } }, headers: { 'idempotency-key': `load-${index}` } });
      if (reply.status === 202) {
        report.ids.push(reply.body.id);
        submittedAt.set(reply.body.id, Date.now());
      } else report.refused[reply.status] = (report.refused[reply.status] ?? 0) + 1;
    }
  }

  /**
   * Rounds in a row in which no official had anything to decide. An approval can wait where nobody
   * may decide it: a level escalated for being overdue lands on the unit whose only official must
   * then decide the next level too, which four-eyes forbids, until that level's own deadline passes.
   */
  let idleOfficialRounds = 0;
  async function officials(): Promise<void> {
    while (!stopped) {
      let decided = 0;
      for (const sub of OFFICIALS) {
        const queue = await as(sub, 'GET', '/approvals?limit=50');
        const ids = ((queue.body?.items ?? []) as { applicationId: string }[]).map((item) => item.applicationId);
        if (ids.length === 0) continue;
        await as(sub, 'POST', '/approvals/batch', { body: { applicationIds: ids, decision: 'approve', comment: '同意' } });
        decided += ids.length;
      }
      idleOfficialRounds = decided === 0 ? idleOfficialRounds + 1 : 0;
      if (decided === 0) await sleep(300);
    }
  }

  const anyWith = async (status: string): Promise<boolean> => ((await as('f-city', 'GET', `/applications?status=${status}&limit=1`)).body?.items?.length ?? 0) > 0;

  /** Moves the clock past the public notices, and past approval deadlines when approvals wait where nobody may decide them. */
  async function clockKeeper(): Promise<void> {
    while (!stopped) {
      await sleep(1_000);
      if ((await anyWith('PUBLIC_NOTICE')) || (idleOfficialRounds >= 3 && (await anyWith('PENDING_APPROVAL')))) await raw('POST', '/local/clock/advance', { body: JSON.stringify({ seconds: 5 * 86_400 + 60 }), type: 'application/json' });
    }
  }

  async function finance(): Promise<void> {
    while (!stopped) {
      await sleep(1_000);
      if (await anyWith('AWAITING_BUDGET')) {
        // An application's budget is that of the year it was submitted in, and the clock keeper
        // moves the platform days at a time into later years: each year so far gets the start
        // year's budgets (doubled where it has its own already).
        const startYear = Number(options.today.slice(0, 4));
        const listed = await as('f-city', 'GET', `/budgets?year=${startYear}`);
        const starting = (listed.body?.items ?? []) as Budget[];
        for (let year = startYear; year <= Math.max(startYear, platformYear(listed)); year++) {
          const own = year === startYear ? starting : (((await as('f-city', 'GET', `/budgets?year=${year}`)).body?.items ?? []) as Budget[]);
          const allocated = new Map(own.map((budget) => [`${budget.program}/${budget.orgUnit}`, budget.allocatedFen]));
          for (const budget of starting) {
            const current = allocated.get(`${budget.program}/${budget.orgUnit}`) ?? budget.allocatedFen;
            await as('f-city', 'PUT', `/budgets/${budget.program}/${year}/${budget.orgUnit}`, { body: { allocatedFen: current * 2 } });
          }
        }
      }
      await as('f-city', 'POST', '/payment-batches', { body: {} });
      // Every batch not yet reconciled is taken one step further: released by the second finance
      // user, its bank file downloaded (sent), the bank's result imported. A batch left half-way
      // by a crash is finished by the next round.
      const batches = ((await as('f-city', 'GET', '/payment-batches')).body?.items ?? []) as { batchId: string; status: string }[];
      for (const batch of batches) {
        if (batch.status === 'PREPARED') await as('f-city-2', 'POST', `/payment-batches/${batch.batchId}/release`, { body: { comment: '名单与金额已核对' } });
        if (batch.status === 'PREPARED' || batch.status === 'RELEASED') await as('f-city', 'GET', `/payment-batches/${batch.batchId}/bank-file`);
        if (batch.status === 'RECONCILED') continue;
        const detail = await as('f-city', 'GET', `/payment-batches/${batch.batchId}`);
        const lines = ((detail.body?.instructions ?? []) as { instructionId: string; amountFen: number }[]).map((item) => `${item.instructionId},${(item.amountFen / 100).toFixed(2)},SUCCESS,BK-${item.instructionId}`);
        await as('f-city', 'POST', `/payment-batches/${batch.batchId}/bank-results`, { text: `instruction id,amount,status,reference\n${lines.join('\n')}\n` });
      }
    }
  }

  /** Done when everything was submitted and nothing is open any more (then read once more per application). */
  async function watcher(): Promise<void> {
    const finalAt = new Map<string, number>();
    for (;;) {
      await sleep(1_000);
      if (next < options.applications || report.ids.length + Object.values(report.refused).reduce((a, b) => a + b, 0) < options.applications) continue;
      const open: string[] = [];
      for (const status of OPEN_STATUSES) if (await anyWith(status)) open.push(status);
      log(`${Math.round((Date.now() - started) / 1000)} s: ${report.ids.length} submitted; some still ${open.join(', ') || 'none'}`);
      if (open.length) continue;
      const stuck: string[] = [];
      for (const id of report.ids) {
        if (finalAt.has(id)) continue;
        const application = await as('f-city', 'GET', `/applications/${id}`);
        // Wall-clock time when seen final (the platform's own clock is moved days at a time).
        if (FINAL.has(application.body?.status)) finalAt.set(id, Date.now());
        else stuck.push(`${id} ${application.body?.status} ${JSON.stringify(application.body?.attention ?? '')}`);
      }
      if (finalAt.size === report.ids.length) break;
      log(`not final, and in no open state: ${stuck.slice(0, 5).join('; ')}`);
    }
    for (const id of report.ids) report.submitToFinalMs.push((finalAt.get(id) ?? Date.now()) - (submittedAt.get(id) ?? started));
  }

  /** From the first submission on, so a fault can land while applications are still being submitted. */
  async function ticker(): Promise<void> {
    while (!stopped) {
      await sleep(1_000);
      if (!stopped) await options.tick?.();
    }
  }

  // Their failures (a timeout) surface through the watcher's own; kept from going unhandled meanwhile.
  const actors = [officials(), clockKeeper(), finance(), ticker()].map((actor) => actor.catch((error: unknown) => log(`actor stopped: ${String(error)}`)));
  try {
    await Promise.all(Array.from({ length: options.clients }, submitter));
    log(`${report.ids.length} submitted in ${Date.now() - started} ms`);
    await watcher();
  } finally {
    stopped = true;
    await Promise.allSettled(actors);
  }
  report.elapsedMs = Date.now() - started;
  return report;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
