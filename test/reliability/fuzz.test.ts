import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, type Route } from '../../functions/api/routes.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { autumnAidDetails } from '../support/applications.ts';
import { testDay, testYear } from '../support/calendar.ts';
import { residentId } from '../support/id-numbers.ts';
import { loadApplication } from '../support/load.ts';
import { scale } from './scale.ts';

/**
 * Every write route, fed valid bodies (shaped as their zod schemas accept them) with one field made
 * wrong in a way the schema or the rules must catch, whole bodies of the wrong shape, bodies over
 * the function's limit and the gateway's (11 MiB), and paths with broken percent-encoding: each answer is a 4xx with a message, and the
 * table is exactly as it was.
 */

const APP = 'APP-20270512-0000000000';
const worker = 'w-zhang-wei';

/** Who calls each write route, with which path and a valid body. */
function seedOf(route: Route): { sub: string; path: string; body: unknown } {
  const path = route.path
    .replace('{program}', 'autumn-aid')
    .replace('{year}', String(testYear))
    .replace('{orgUnit}', 'city')
    .replace('{seq}', '1')
    .replace(/\{(id|applicationId|batchId)\}/, APP);
  const seeds: Record<string, { sub: string; body: unknown }> = {
    'POST /programs/{program}/policy': { sub: 'a-city', body: { orgUnit: 'city', effectiveFrom: testDay(30), parameters: { publicNoticeDays: 5 } } },
    'POST /programs/{program}/policy/simulate': { sub: 'a-city', body: { orgUnit: 'city', parameters: { publicNoticeDays: 5 }, from: testDay(-300), to: testDay() } },
    'POST /self-check': { sub: worker, body: { household: { size: 3, annualIncomeFen: 3_000_000 }, incident: { plan: 'hospital-allowance', date: testDay(-5) } } },
    'POST /applications': { sub: worker, body: { program: 'autumn-aid', details: autumnAidDetails({ childId: residentId('420106', '2008-09-09', '777') }) } },
    'POST /applications/{id}/appeal': { sub: worker, body: { reason: '家庭困难情况属实' } },
    'POST /applications/{id}/objections': { sub: worker, body: { reason: '申请人情况不实' } },
    'PUT /applications/{id}/bank-account': { sub: worker, body: { holder: '张伟', bank: '中国工商银行', number: '6222021234567890123' } },
    'POST /approvals/{applicationId}/decision': { sub: 'o-east-machinery', body: { decision: 'approve', comment: '同意' } },
    'POST /approvals/batch': { sub: 'o-east-machinery', body: { applicationIds: [APP], decision: 'approve', comment: '同意' } },
    'POST /delegations': { sub: 'o-east', body: { to: 'o-east-2', startsOn: testDay(1), endsOn: testDay(10) } },
    'PUT /budgets/{program}/{year}/{orgUnit}': { sub: 'f-city', body: { allocatedFen: 90_000_000 } },
    'POST /payment-batches': { sub: 'f-city', body: { program: 'autumn-aid', orgUnit: 'east' } },
    'POST /payment-batches/{id}/bank-results': { sub: 'f-city', body: `instruction id,amount,status\n${APP}-P1,100.00,SUCCESS\n` },
    'POST /applications/{id}/recoveries': { sub: 'f-city', body: { amountFen: 100, reason: '多付' } },
    'PUT /applications/{id}/recoveries/{seq}': { sub: 'f-city', body: { outcome: 'RECOVERED', note: '已追回' } },
    // Routes that take no body: only their size and their path can be wrong.
    'POST /messages/read': { sub: worker, body: undefined },
    'POST /notifications/seen': { sub: 'o-east-machinery', body: undefined },
  };
  const seed = seeds[`${route.method} ${route.path}`] ?? { sub: worker, body: {} };
  return { ...seed, path };
}

/** Every leaf of a JSON value with its path. */
function leaves(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; value: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leaves(item, [...path, index]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => leaves(item, [...path, key]));
  return [{ path, value }];
}

function setAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[head] = setAt(copy[head], rest, replacement);
  return copy;
}

const deep = (depth: number): unknown => (depth === 0 ? 'bottom' : { nested: deep(depth - 1) });
/** JSON nested deeper than a stack can stringify, written out as text. */
const DEEP_PREFIX = '{"nested":';
const deepText = (depth: number): string => `${DEEP_PREFIX.repeat(depth)}"bottom"${'}'.repeat(depth)}`;
const unicodeEdges = ['\u0000', '\uFFFF', '\uD800', '🧧'.repeat(3), '\u202E反转', 'Ａ１２３', '\u200B', 'é', '\r\n'];

/** A value of another type than the leaf it replaces, or one the rules refuse for that kind of field. */
function wrongFor(leaf: { path: (string | number)[]; value: unknown }): fc.Arbitrary<unknown> {
  const name = String(leaf.path.at(-1));
  const wrongType: fc.Arbitrary<unknown>[] = [
    fc.constant(null),
    fc.constant([]),
    fc.constant({}),
    fc.constant(deep(200)),
    fc.constant(true),
    typeof leaf.value === 'string' ? fc.oneof(fc.integer(), fc.double()) : fc.string(),
  ];
  const special: fc.Arbitrary<unknown>[] = [];
  if (name === 'idNumber') {
    special.push(
      fc.constantFrom(
        '420106200803151230', // wrong check character
        residentId('420106', '2100-01-01', '123'), // born in 2100
        residentId('000000', '2008-03-15', '123'), // no such area
        '42010620080230123X',
        ...unicodeEdges,
      ),
    );
  }
  if (/On$|^date$|^from$|^to$|effectiveFrom/.test(name)) special.push(fc.constantFrom('2026-02-30', '0000-01-01', '2027-13-01', '9999-12-31', '2027-5-1', ...unicodeEdges));
  if (/Fen$/.test(name)) special.push(fc.constantFrom(-1, 0.5, -0.01, 1e300, Number.MAX_SAFE_INTEGER + 2));
  if (typeof leaf.value === 'string' && !/name|reason|comment|note|school|holder|bank$/.test(name)) special.push(fc.constantFrom(...unicodeEdges));
  return fc.oneof(...wrongType, ...special);
}

/** A request made wrong: one field of a valid body, the whole body, its size, or the path. */
function badRequest(seed: { path: string; body: unknown }): fc.Arbitrary<{ path: string; text: string; type: string }> {
  const json = (body: unknown) => ({ path: seed.path, text: typeof body === 'string' && body.startsWith(DEEP_PREFIX) ? body : JSON.stringify(body), type: 'application/json' });
  if (seed.body === undefined) {
    return fc.oneof(
      fc.constant({ path: seed.path, text: JSON.stringify({ pad: 'x'.repeat(300 * 1024) }), type: 'application/json' }),
      ...(seed.path.includes(APP) ? [fc.constantFrom('%E4%B8', '%zz', '%').map((broken) => ({ path: seed.path.replace(APP, broken), text: '', type: 'application/json' }))] : []),
    );
  }
  if (typeof seed.body === 'string') {
    return fc.oneof(
      fc.constantFrom('', '   ', '\uFEFF'.repeat(10)).map((text) => ({ path: seed.path, text, type: 'text/csv' })),
      fc.constant({ path: seed.path, text: 'x'.repeat(300 * 1024), type: 'text/csv' }),
      fc.constantFrom('%E4%B8', '%zz', '%').map((broken) => ({ path: seed.path.replace(APP, broken), text: seed.body as string, type: 'text/csv' })),
    );
  }
  const fields = leaves(seed.body);
  const oneFieldWrong = fields.length
    ? fc.nat({ max: fields.length - 1 }).chain((index) => {
        const leaf = fields[index] as { path: (string | number)[]; value: unknown };
        return wrongFor(leaf).map((wrong) => json(setAt(seed.body, leaf.path, wrong)));
      })
    : fc.constant(json(null));
  return fc.oneof(
    { weight: 6, arbitrary: oneFieldWrong },
    { weight: 1, arbitrary: fc.oneof(fc.constant(deepText(5000)), fc.constant([seed.body]), fc.string(), fc.integer(), fc.constant(null)).map(json) },
    { weight: 1, arbitrary: fc.constant(json({ ...(seed.body as object), pad: 'x'.repeat(300 * 1024) })) },
    // Only where the path has an ID to break: a filter that never passes would make fast-check spin forever.
    ...(seed.path.includes(APP) ? [{ weight: 1, arbitrary: fc.constantFrom('%E4%B8', '%zz', '%').map((broken) => ({ ...json(seed.body), path: seed.path.replace(APP, broken) })) }] : []),
  );
}

describe(`fuzzing every write route (${scale.fuzzRequests} requests)`, () => {
  let runtime: TestRuntime;
  let db: DynamoDBDocumentClient;

  /** The whole table as a hash: any write at all changes it. */
  async function tableFingerprint(): Promise<string> {
    const hash = createHash('sha256');
    const items: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db.send(new ScanCommand({ TableName: runtime.tableName, ExclusiveStartKey: start, ConsistentRead: true }));
      items.push(...(page.Items ?? []).map((item) => JSON.stringify(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))));
      start = page.LastEvaluatedKey;
    } while (start);
    for (const item of items.sort()) hash.update(item);
    return hash.digest('hex');
  }

  beforeAll(async () => {
    runtime = await startTestRuntime();
    db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: runtime.dynamoEndpoint }));
  });
  afterAll(async () => {
    db?.destroy();
    await runtime?.stop();
  });

  const writeRoutes = routes.filter((route) => route.method !== 'GET' && !route.public);
  const runsPerRoute = Math.ceil(scale.fuzzRequests / writeRoutes.length);

  it.each(writeRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))('%s answers only 4xx with a message and writes nothing', async (_name, route) => {
    const seed = seedOf(route);
    const token = await runtime.tokenOf(seed.sub);
    const before = await tableFingerprint();
    await fc.assert(
      fc.asyncProperty(badRequest(seed), async (request) => {
        const response = await runtime.request(route.method, request.path, { token, rawBody: request.text, headers: { 'content-type': request.type } });
        const sent = `${route.method} ${request.path} ${request.text.slice(0, 200)}`;
        // The batch answers 200 with one status per application (each decided on its own): then every one must be refused.
        const answers: { status: number; message?: string }[] =
          route.path === '/approvals/batch' && response.status === 200
            ? response.body.results.map((result: { status: number; error?: { message?: string } }) => ({ status: result.status, message: result.error?.message }))
            : [{ status: response.status, message: response.body?.error?.message ?? response.body?.message }];
        if (route.path === '/approvals/batch' && response.status === 200) expect(response.body.decided, sent).toBe(0);
        for (const answer of answers) {
          expect(answer.status, sent).toBeGreaterThanOrEqual(400);
          expect(answer.status, sent).toBeLessThan(500);
          expect(typeof answer.message === 'string' && answer.message.length > 0, sent).toBe(true);
        }
      }),
      { numRuns: runsPerRoute, endOnFailure: true },
    );
    expect(await tableFingerprint()).toBe(before);
  }, 120_000 + runsPerRoute * 2_000);

  it('answers an 11 MiB body on every write route with a 413 and a message, not a reset connection, and writes nothing', async () => {
    const before = await tableFingerprint();
    const huge = JSON.stringify({ pad: 'x'.repeat(11 * 1024 * 1024) });
    for (const route of writeRoutes.filter((_, index) => index % 4 === 0)) {
      const seed = seedOf(route);
      const response = await runtime.request(route.method, seed.path, { token: await runtime.tokenOf(seed.sub), rawBody: huge, headers: { 'content-type': 'application/json' } });
      expect(response.status, `${route.method} ${seed.path}`).toBe(413);
      expect(response.body?.message).toBeTruthy();
    }
    expect(await tableFingerprint()).toBe(before);
  });

  it('mutates valid applications of all three programs the same way', async () => {
    const token = await runtime.tokenOf('w-zhang-wei');
    const before = await tableFingerprint();
    const seeds = [0, 1, 2].map((index) => ({ path: '/applications', body: loadApplication(index, testDay()) }));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...seeds).chain(badRequest), async (request) => {
        const response = await runtime.request('POST', request.path, { token, rawBody: request.text, headers: { 'content-type': request.type } });
        expect(response.status, request.text.slice(0, 200)).toBeGreaterThanOrEqual(400);
        expect(response.status, request.text.slice(0, 200)).toBeLessThan(500);
      }),
      { numRuns: runsPerRoute, endOnFailure: true },
    );
    expect(await tableFingerprint()).toBe(before);
  }, 120_000 + runsPerRoute * 2_000);
});
