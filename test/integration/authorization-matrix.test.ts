import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/api/routes.ts';
import { startTestRuntime, eventually, type TestRuntime } from '../support/runtime.ts';
import { autumnAidDetails, untilStatus, withDocuments } from '../support/applications.ts';
import { residentId } from '../support/id-numbers.ts';
import { testDay, testYear } from '../support/calendar.ts';

/**
 * Who gets what, for every route: the applicant and another worker; officials of the applicant's
 * own unit, of an ancestor unit and of another subtree; finance; an admin; no token at all.
 * Each route that names an application gets a fresh one, pending level-1 approval, so cells that
 * change it (a withdrawal, a decision) do not leak into other routes.
 */
const callers = {
  anonymous: undefined,
  owner: 'w-zhang-wei',
  otherWorker: 'w-li-na',
  ownOfficial: 'o-east-machinery',
  ancestorOfficial: 'o-city',
  otherOfficial: 'o-west',
  finance: 'f-city',
  admin: 'a-city',
} as const;
type Caller = keyof typeof callers;
type Expected = Record<Caller, number>;

const everyone = (status: number): Expected => ({ anonymous: status, owner: status, otherWorker: status, ownOfficial: status, ancestorOfficial: status, otherOfficial: status, finance: status, admin: status });
const signedIn = (status: number, overrides: Partial<Expected> = {}): Expected => ({ ...everyone(status), anonymous: 401, ...overrides });
const workersOnly = (owner: number, otherWorker: number): Expected => signedIn(403, { owner, otherWorker });
const officialsOnly = (own: number, ancestor = own, other = own): Expected => signedIn(403, { ownOfficial: own, ancestorOfficial: ancestor, otherOfficial: other });

const today = testDay();

/** `path` fixes path parameters other than an application id. */
const matrix: Record<string, { path?: string; body?: unknown; expect: Expected }> = {
  'GET /health': { expect: everyone(200) },
  'GET /openapi.json': { expect: everyone(200) },
  'GET /me': { expect: signedIn(200) },
  'GET /org-units': { expect: signedIn(200) },
  'GET /programs': { expect: signedIn(200) },
  'GET /programs/{program}/policy': { path: '/programs/autumn-aid/policy', expect: signedIn(200) },
  'POST /programs/{program}/policy': { path: '/programs/autumn-aid/policy', body: { orgUnit: 'east', effectiveFrom: testDay(-1), parameters: {} }, expect: signedIn(403, { admin: 400 }) },
  'POST /programs/{program}/policy/simulate': { path: '/programs/autumn-aid/policy/simulate', body: { orgUnit: 'east', from: `${testYear}-01-01`, to: `${testYear}-12-31`, parameters: {} }, expect: signedIn(403, { ownOfficial: 400, ancestorOfficial: 400, otherOfficial: 400, admin: 400 }) },
  'POST /self-check': { body: { household: { size: 3, annualIncomeFen: 3_000_000 } }, expect: workersOnly(200, 200) },
  'POST /applications': { body: {}, expect: workersOnly(400, 400) },
  'GET /applications': { expect: signedIn(200) },
  'POST /applications/assisted': { body: {}, expect: officialsOnly(400) },
  'GET /members': { expect: officialsOnly(200) },
  'GET /members/{sub}': { path: '/members/w-zhang-wei', expect: officialsOnly(200, 200, 404) },
  'POST /documents': { body: {}, expect: signedIn(403, { owner: 400, otherWorker: 400, ownOfficial: 400, ancestorOfficial: 400, otherOfficial: 400 }) },
  'POST /documents/{id}/check': { path: '/documents/DOC-00000000000000000000/check', expect: signedIn(403, { owner: 404, otherWorker: 404, ownOfficial: 404, ancestorOfficial: 404, otherOfficial: 404 }) },
  'DELETE /documents/{id}': { path: '/documents/DOC-00000000000000000000', expect: signedIn(403, { owner: 404, otherWorker: 404, ownOfficial: 404, ancestorOfficial: 404, otherOfficial: 404 }) },
  'GET /applications/{id}/documents': { expect: signedIn(403, { owner: 200, otherWorker: 404, ownOfficial: 200, ancestorOfficial: 200, otherOfficial: 404 }) },
  'POST /applications/{id}/documents': { body: {}, expect: workersOnly(400, 400) },
  'POST /applications/{id}/document-review': { body: { reviews: [{ kind: 'admission-letter', verdict: 'accepted' }] }, expect: officialsOnly(200, 403, 404) },
  'GET /applications/{id}': { expect: signedIn(200, { otherWorker: 404, otherOfficial: 404 }) },
  'POST /applications/{id}/withdraw': { expect: workersOnly(200, 404) },
  'GET /applications/{id}/policy-comparison': { expect: signedIn(200, { otherWorker: 404, otherOfficial: 404 }) },
  'POST /applications/{id}/appeal': { body: { reason: '理由充分' }, expect: workersOnly(409, 404) },
  'GET /public-notices': { expect: signedIn(200) },
  'POST /applications/{id}/objections': { body: { reason: '情况不实' }, expect: signedIn(409, { owner: 403, otherWorker: 404, otherOfficial: 404 }) },
  'PUT /applications/{id}/bank-account': { body: { holder: '张伟', bank: '中国银行', number: '6217000011112222333' }, expect: workersOnly(409, 404) },
  'GET /approvals': { expect: officialsOnly(200) },
  'POST /approvals/{id}/decision': { body: { decision: 'approve' }, expect: officialsOnly(200, 403, 404) },
  'POST /approvals/batch': { body: { applicationIds: ['{id}'], decision: 'approve' }, expect: officialsOnly(200) },
  'GET /notifications': { expect: officialsOnly(200) },
  'POST /notifications/seen': { expect: officialsOnly(200) },
  'GET /messages': { expect: workersOnly(200, 200) },
  'POST /messages/read': { expect: workersOnly(200, 200) },
  'POST /messages/{id}/read': { path: '/messages/no-such-message/read', expect: workersOnly(404, 404) },
  'GET /colleagues': { expect: officialsOnly(200) },
  'POST /delegations': { body: { to: 'nobody', startsOn: today, endsOn: today }, expect: officialsOnly(400) },
  'GET /delegations': { expect: officialsOnly(200) },
  'GET /budgets': { expect: signedIn(403, { ownOfficial: 200, ancestorOfficial: 200, otherOfficial: 200, finance: 200 }) },
  'PUT /budgets/{program}/{year}/{orgUnit}': { path: `/budgets/autumn-aid/${testYear}/nowhere`, body: { allocatedFen: 1 }, expect: signedIn(403, { finance: 400 }) },
  'GET /budget-rounds': { expect: signedIn(403, { ownOfficial: 200, ancestorOfficial: 200, otherOfficial: 200, finance: 200 }) },
  'POST /budget-rounds': { body: { year: testYear + 1, program: 'autumn-aid', orgUnits: [], deadlines: {} }, expect: signedIn(403, { finance: 400 }) },
  'GET /budget-rounds/{year}/{program}/{orgUnit}': { path: `/budget-rounds/${testYear + 1}/autumn-aid/east`, expect: signedIn(403, { ownOfficial: 404, ancestorOfficial: 404, otherOfficial: 404, finance: 404 }) },
  'POST /budget-rounds/{year}/{program}/{orgUnit}/{step}': { path: `/budget-rounds/${testYear + 1}/autumn-aid/east/proposal`, body: { amountFen: 1, comment: '需求' }, expect: signedIn(403, { ownOfficial: 404, ancestorOfficial: 404, otherOfficial: 404, finance: 404 }) },
  'GET /budget-adjustments': { expect: signedIn(403, { ownOfficial: 200, ancestorOfficial: 200, otherOfficial: 200, finance: 200 }) },
  'POST /budget-adjustments': { body: { year: testYear, program: 'autumn-aid', orgUnit: 'nowhere', kind: 'increase', amountFen: 1, reason: '追加', decideBy: today }, expect: signedIn(403, { ownOfficial: 400, ancestorOfficial: 400, otherOfficial: 400, finance: 400 }) },
  'GET /budget-adjustments/{id}': { path: '/budget-adjustments/BA-NONE', expect: signedIn(403, { ownOfficial: 404, ancestorOfficial: 404, otherOfficial: 404, finance: 404 }) },
  'POST /budget-adjustments/{id}/decision': { path: '/budget-adjustments/BA-NONE/decision', body: { decision: 'approve', comment: '同意' }, expect: signedIn(403, { finance: 404 }) },
  'POST /payment-batches': { body: { program: 'free-lunch' }, expect: signedIn(403, { finance: 400 }) },
  'GET /payment-batches': { expect: signedIn(403, { finance: 200 }) },
  'GET /payment-batches/{id}': { path: '/payment-batches/B-NONE', expect: signedIn(403, { finance: 404 }) },
  'POST /payment-batches/{id}/review': { path: '/payment-batches/B-NONE/review', body: {}, expect: signedIn(403, { finance: 404 }) },
  'POST /payment-batches/{id}/release': { path: '/payment-batches/B-NONE/release', body: {}, expect: signedIn(403, { finance: 404 }) },
  'POST /payment-batches/{id}/conflicts/{instructionId}/resolution': { path: '/payment-batches/B-NONE/conflicts/APP-NONE-P1/resolution', body: { confirmed: 'earlier', comment: '已与银行核实' }, expect: signedIn(403, { finance: 404 }) },
  'GET /payment-batches/{id}/bank-file': { path: '/payment-batches/B-NONE/bank-file', expect: signedIn(403, { finance: 404 }) },
  'POST /payment-batches/{id}/bank-results': { path: '/payment-batches/B-NONE/bank-results', body: 'instruction id,amount,status', expect: signedIn(403, { finance: 404 }) },
  'GET /payment-rules': { expect: signedIn(403, { finance: 200 }) },
  'PUT /payment-rules/{program}': { path: '/payment-rules/free-lunch', body: { budget: 'warn' }, expect: signedIn(403, { finance: 400 }) },
  'GET /payment-instructions': { path: '/payment-instructions?state=held', expect: signedIn(403, { finance: 200 }) },
  'POST /payment-instructions/{instructionId}/hold': { path: '/payment-instructions/APP-NONE-P1/hold', body: { comment: '待核实' }, expect: signedIn(403, { finance: 404 }) },
  'POST /payment-instructions/{instructionId}/release-hold': { path: '/payment-instructions/APP-NONE-P1/release-hold', expect: signedIn(403, { finance: 404 }) },
  'GET /reconciliations/{batchId}': { path: '/reconciliations/B-NONE', expect: signedIn(403, { finance: 404 }) },
  'GET /reports/payments': { expect: signedIn(403, { ownOfficial: 200, ancestorOfficial: 200, otherOfficial: 200, finance: 200 }) },
  'GET /reports/disbursements': { expect: signedIn(403, { ownOfficial: 200, ancestorOfficial: 200, otherOfficial: 200, finance: 200 }) },
  'GET /reports/evaluation': { expect: signedIn(403, { ownOfficial: 200, ancestorOfficial: 200, otherOfficial: 200, finance: 200 }) },
  'POST /call-back-samples': { body: { year: testYear, orgUnit: 'nowhere' }, expect: signedIn(403, { finance: 404 }) },
  'GET /call-back-samples': { expect: signedIn(403, { ownOfficial: 200, ancestorOfficial: 200, otherOfficial: 200, finance: 200 }) },
  'GET /call-back-samples/{id}': { path: '/call-back-samples/CB-NONE', expect: signedIn(403, { ownOfficial: 404, ancestorOfficial: 404, otherOfficial: 404, finance: 404 }) },
  'POST /call-back-samples/{id}/items/{id}': { path: '/call-back-samples/CB-NONE/items/APP-NONE', body: { result: 'received' }, expect: signedIn(403, { ownOfficial: 404, ancestorOfficial: 404, otherOfficial: 404 }) },
  'GET /cases': { expect: signedIn(403, { ownOfficial: 200, ancestorOfficial: 200, otherOfficial: 200, finance: 200 }) },
  'POST /applications/{id}/cases/{seq}/close': { path: '/applications/APP-NONE/cases/1/close', body: { note: '已核实' }, expect: signedIn(403, { finance: 404 }) },
  'POST /applications/{id}/recoveries': { body: { amountFen: 100, reason: '多付' }, expect: signedIn(403, { finance: 409 }) },
  'PUT /applications/{id}/recoveries/{seq}': { path: '/applications/APP-NONE/recoveries/1', body: { outcome: 'RECOVERED', note: '已退回' }, expect: signedIn(403, { finance: 404 }) },
  'GET /recoveries': { expect: signedIn(403, { finance: 200 }) },
  'GET /household-files': { expect: signedIn(403, { ownOfficial: 200, ancestorOfficial: 200, otherOfficial: 200, admin: 200 }) },
  'GET /household-files/watch-lists': { expect: signedIn(403, { ownOfficial: 200, ancestorOfficial: 200, otherOfficial: 200, admin: 200 }) },
  'POST /household-files': { body: {}, expect: officialsOnly(400) },
  'GET /household-files/{id}': { path: '/household-files/HF-NONE', expect: signedIn(403, { ownOfficial: 404, ancestorOfficial: 404, otherOfficial: 404, finance: 404, admin: 404 }) },
  'POST /household-files/{id}/retier': { path: '/household-files/HF-NONE/retier', body: {}, expect: officialsOnly(400) },
  'POST /household-files/{id}/close': { path: '/household-files/HF-NONE/close', body: { reason: 'moved-away', note: '已迁往外省' }, expect: officialsOnly(404) },
  'POST /household-files/{id}/entries': { path: '/household-files/HF-NONE/entries', body: { kind: 'visit', on: today, text: '上门走访' }, expect: officialsOnly(404) },
  'POST /household-files/{id}/review': { path: '/household-files/HF-NONE/review', body: {}, expect: officialsOnly(400) },
  'GET /household-reviews': { expect: signedIn(403, { ownOfficial: 200, ancestorOfficial: 200, otherOfficial: 200, admin: 200 }) },
  'GET /me/household-file': { expect: workersOnly(200, 200) },
  'POST /proposals': { body: { action: 'confirm', applicationIds: ['{id}'] }, expect: signedIn(403, { owner: 409, otherWorker: 404, ownOfficial: 200, ancestorOfficial: 200, otherOfficial: 200 }) },
  'GET /audit/{id}': { expect: signedIn(200, { owner: 403, otherWorker: 403, otherOfficial: 404 }) },
  'GET /audit/{id}/verify': { expect: signedIn(200, { owner: 403, otherWorker: 403, otherOfficial: 404 }) },
};

const keyOf = (method: string, path: string) => `${method} ${path.replace(/\{(applicationId)\}/g, '{id}')}`;

describe('the authorization matrix', () => {
  let runtime: TestRuntime;
  let serial = 500;

  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  const pendingApplication = async () => {
    serial += 1;
    const submitted = await runtime.request('POST', '/applications', {
      token: await runtime.tokenOf('w-zhang-wei'),
      body: { program: 'autumn-aid', details: await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', autumnAidDetails({ childId: residentId('420106', '2007-07-07', String(serial)) })) },
    });
    const id = submitted.body.id as string;
    await untilStatus(runtime, 'w-zhang-wei', id, 'PENDING_APPROVAL');
    await eventually(async () => ((await runtime.request('GET', '/approvals', { token: await runtime.tokenOf('o-east-machinery') })).body.items.some((item: { applicationId: string }) => item.applicationId === id) ? true : undefined));
    return id;
  };

  it('has a row for every route in the route table', () => {
    expect(routes.map((route) => keyOf(route.method, route.path)).filter((key) => !matrix[key])).toEqual([]);
  });

  it.each(routes.map((route) => [keyOf(route.method, route.path), route] as const))('%s answers each caller as expected', async (key, route) => {
    const row = matrix[key];
    if (!row) throw new Error(`no row for ${key}`);
    const needsApplication = !row.path && (/\{(id|applicationId)\}/.test(route.path) || JSON.stringify(row.body ?? '').includes('{id}'));
    const id = needsApplication ? await pendingApplication() : '';
    const path = row.path ?? route.path.replace(/\{\w+\}/g, id);
    const body = row.body === undefined ? undefined : JSON.parse(JSON.stringify(row.body).replaceAll('{id}', id));
    const seen: Partial<Expected> = {};
    for (const caller of Object.keys(callers) as Caller[]) {
      const sub = callers[caller];
      const response = await runtime.request(route.method, path, { ...(sub ? { token: await runtime.tokenOf(sub) } : {}), ...(body !== undefined ? { body } : {}) });
      seen[caller] = response.status;
    }
    expect(seen).toEqual(row.expect);
  });
});
