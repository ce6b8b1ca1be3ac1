import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../functions/store/client.ts';
import { markExistingStandIns } from '../../functions/store/delegations.ts';
import { keys } from '../../functions/store/keys.ts';
import { startTestRuntime, eventually, type TestRuntime } from '../support/runtime.ts';
import { autumnAidDetails, decide, untilStatus, withDocuments } from '../support/applications.ts';
import { residentId } from '../support/id-numbers.ts';
import { readyDocument } from '../support/documents.ts';
import { localDay } from '../support/calendar.ts';

const DAY = 86_400;

describe('tiered approval by officials', () => {
  let runtime: TestRuntime;
  let serial = 100;

  /** 王芳 has no hardship file: she applies in temporary hardship. */
  const apply = async (worker = 'w-zhang-wei', holder = '张伟', category = 'filed-hardship') => {
    serial += 1;
    const submitted = await runtime.request('POST', '/applications', {
      token: await runtime.tokenOf(worker),
      body: { program: 'autumn-aid', details: await withDocuments(runtime, worker, 'autumn-aid', { ...autumnAidDetails({ childId: residentId('420106', '2008-02-02', String(serial)), holder }), category }) },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    await untilStatus(runtime, worker, submitted.body.id, 'PENDING_APPROVAL');
    return submitted.body.id as string;
  };
  const queueOf = async (sub: string) => (await runtime.request('GET', '/approvals', { token: await runtime.tokenOf(sub) })).body.items as { applicationId: string; level: number; overdue: boolean }[];
  const inQueue = (sub: string, id: string) => eventually(async () => ((await queueOf(sub)).find((item) => item.applicationId === id)));
  const application = async (id: string) => (await runtime.request('GET', `/applications/${id}`, { token: await runtime.tokenOf('w-zhang-wei') })).body;

  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('lets a rejection at level 2 be appealed once, reviewed one level up', async () => {
    const id = await apply();
    expect((await decide(runtime, 'o-east-machinery', id, 'approve', '材料齐全')).status).toBe(200);
    expect((await decide(runtime, 'o-east', id, 'reject', '家庭收入证明不全')).status).toBe(200);
    const rejected = await untilStatus(runtime, 'w-zhang-wei', id, 'REJECTED');
    expect(rejected.history.at(-1).note).toContain('家庭收入证明不全');
    expect(rejected.history.some((entry: { note?: string }) => entry.note?.endsWith('第 1 级审批通过（赵敏）：材料齐全'))).toBe(true);

    const appeal = await runtime.request('POST', `/applications/${id}/appeal`, { token: await runtime.tokenOf('w-zhang-wei'), body: { reason: '已补交收入证明' } });
    expect(appeal.status).toBe(200);
    expect((await inQueue('o-city', id)).level).toBe(3);
    expect((await queueOf('o-east')).some((item) => item.applicationId === id)).toBe(false);

    expect((await decide(runtime, 'o-city', id, 'reject', '复核维持原决定')).status).toBe(200);
    await untilStatus(runtime, 'w-zhang-wei', id, 'REJECTED');
    const again = await runtime.request('POST', `/applications/${id}/appeal`, { token: await runtime.tokenOf('w-zhang-wei'), body: { reason: '再次申诉' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_APPEALED');
  });

  it('records both names when a colleague decides under a delegation', async () => {
    const today = localDay();
    const later = localDay(3);
    const colleagues = await runtime.request('GET', '/colleagues', { token: await runtime.tokenOf('o-east') });
    expect(colleagues.body.items).toEqual([{ sub: 'o-east-2', name: '冯洁' }]);
    expect((await runtime.request('GET', '/colleagues', { token: await runtime.tokenOf('o-east-machinery') })).body.items).toEqual([]);
    const refused = await runtime.request('POST', '/delegations', { token: await runtime.tokenOf('o-east'), body: { to: 'o-city', startsOn: today, endsOn: later } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields[0].path).toBe('to');
    const delegated = await runtime.request('POST', '/delegations', { token: await runtime.tokenOf('o-east'), body: { to: 'o-east-2', startsOn: today, endsOn: later } });
    expect(delegated.status).toBe(201);

    const id = await apply();
    expect((await decide(runtime, 'o-east-machinery', id, 'approve')).status).toBe(200);
    expect((await decide(runtime, 'o-east-2', id, 'approve', '代为审批')).status).toBe(200);
    await eventually(async () => ((await application(id)).approvals.some((a: { level: number; status: string }) => a.level === 2 && a.status === 'APPROVED') ? true : undefined));
    const level2 = (await application(id)).approvals.find((a: { level: number }) => a.level === 2);
    expect(level2.decidedBy.name).toBe('冯洁');
    expect(level2.onBehalfOf.name).toBe('郑华');
    expect((await application(id)).history.some((entry: { note?: string }) => entry.note?.includes('冯洁（代 郑华）'))).toBe(true);
  });

  it('names the colleague under a delegation saved before decisions checked for one, once `npm run mark-stand-ins` has run', async () => {
    const today = localDay();
    const later = localDay(3);
    // As a delegation was saved before: its item alone, without the mark the decision's write checks.
    const delegation = { from: { sub: 'o-city-2', name: '黄丽' }, to: { sub: 'o-city', name: '杨帆' }, orgUnit: 'city', level: 3, startsOn: today, endsOn: later, createdAt: new Date(0).toISOString() };
    await db.send(new PutCommand({ TableName: runtime.tableName, Item: { ...keys.delegation('o-city', 'o-city-2', today), ...keys.delegationsByIndex('o-city-2', today, 'o-city'), ...delegation } }));
    expect(await markExistingStandIns()).toBeGreaterThan(0);

    const id = await apply();
    expect((await decide(runtime, 'o-east-machinery', id, 'approve')).status).toBe(200);
    await inQueue('o-east', id);
    expect((await decide(runtime, 'o-east', id, 'approve')).status).toBe(200);
    await inQueue('o-city', id);
    expect((await decide(runtime, 'o-city', id, 'approve')).status).toBe(200);
    const level3 = (await application(id)).approvals.find((a: { level: number }) => a.level === 3);
    expect(level3.onBehalfOf.name).toBe('黄丽');
    expect((await application(id)).history.some((entry: { note?: string }) => entry.note?.includes('杨帆（代 黄丽）'))).toBe(true);
  });

  it('decides several applications at once; one failure does not undo the others', async () => {
    const [first, second] = [await apply(), await apply()];
    await inQueue('o-east-machinery', first);
    await inQueue('o-east-machinery', second);
    const batch = await runtime.request('POST', '/approvals/batch', {
      token: await runtime.tokenOf('o-east-machinery'),
      body: { applicationIds: [first, 'APP-NOPE', second], decision: 'approve', comment: '批量通过' },
    });
    expect(batch.status).toBe(200);
    expect(batch.body.decided).toBe(2);
    expect(batch.body.results.map((result: { status: number }) => result.status)).toEqual([200, 404, 200]);
    await inQueue('o-east', first);
    await inQueue('o-east', second);
  });

  it('reminds an overdue level, then hands it to the unit above, where four-eyes still holds', async () => {
    const id = await apply();
    await inQueue('o-east-machinery', id);
    await runtime.advanceClock(7 * DAY + 60);
    const overdue = await eventually(async () => (await queueOf('o-east-machinery')).find((item) => item.applicationId === id && item.overdue));
    expect(overdue.level).toBe(1);
    const reminders = await eventually(async () => {
      const items = (await runtime.request('GET', '/notifications', { token: await runtime.tokenOf('o-east-machinery') })).body.items as { applicationId: string; kind: string }[];
      return items.some((item) => item.applicationId === id && item.kind === 'APPROVAL_OVERDUE') ? items : undefined;
    });
    expect(reminders.length).toBeGreaterThan(0);

    await runtime.advanceClock(7 * DAY + 60);
    const escalated = await inQueue('o-east', id);
    expect(escalated.level).toBe(1);
    expect((await queueOf('o-east-machinery')).some((item) => item.applicationId === id)).toBe(false);
    expect((await decide(runtime, 'o-east', id, 'approve', '逾期上收审批')).status).toBe(200);

    await eventually(async () => ((await application(id)).approvals.some((a: { level: number; status: string }) => a.level === 2 && a.status === 'PENDING') ? true : undefined));
    const sameOfficial = await runtime.request('POST', `/approvals/${id}/decision`, { token: await runtime.tokenOf('o-east'), body: { decision: 'approve' } });
    expect(sameOfficial.status).toBe(403);
    expect((await queueOf('o-east')).some((item) => item.applicationId === id)).toBe(false);
    expect((await decide(runtime, 'o-east-2', id, 'approve')).status).toBe(200);
  });

  it('opens a level with the unit above at once when four-eyes rules out everyone who would decide it', async () => {
    // 王芳's hospital union hands level 1 up to the West District once it is overdue; the district's
    // only official decides it, and may not decide level 2 as well.
    const id = await apply('w-wang-fang', '王芳', 'temporary-hardship');
    await inQueue('o-west-hospital', id);
    await runtime.advanceClock(7 * DAY + 60);
    await eventually(async () => ((await queueOf('o-west-hospital')).some((item) => item.applicationId === id && item.overdue) ? true : undefined));
    await runtime.advanceClock(7 * DAY + 60);
    expect((await inQueue('o-west', id)).level).toBe(1);
    expect((await decide(runtime, 'o-west', id, 'approve')).status).toBe(200);

    const atCity = await inQueue('o-city', id);
    expect(atCity.level).toBe(2);
    expect((await queueOf('o-west')).some((item) => item.applicationId === id)).toBe(false);
    const seen = await runtime.request('GET', `/applications/${id}`, { token: await runtime.tokenOf('w-wang-fang') });
    expect(JSON.stringify(seen.body)).toContain('西城区总工会无人可审');
    const english = await runtime.request('GET', `/applications/${id}`, { token: await runtime.tokenOf('w-wang-fang'), headers: { 'accept-language': 'en' } });
    expect(JSON.stringify(english.body)).toContain('nobody at West District Federation may decide it');

    expect((await decide(runtime, 'o-city', id, 'approve')).status).toBe(200);
    // Level 3 is the city's own: the official who decided level 2 may not, the other city official decides it.
    expect((await inQueue('o-city-2', id)).level).toBe(3);
    expect((await runtime.request('POST', `/approvals/${id}/decision`, { token: await runtime.tokenOf('o-city'), body: { decision: 'approve' } })).status).toBe(403);
    expect((await decide(runtime, 'o-city-2', id, 'approve')).status).toBe(200);
    await untilStatus(runtime, 'w-wang-fang', id, 'PUBLIC_NOTICE');
  });

  it('opens level 1 with the unit above when the only official there filed the application', async () => {
    const official = 'o-west-hospital';
    const details = await withDocuments(runtime, official, 'autumn-aid', autumnAidDetails({ childId: residentId('420106', '2008-02-02', String((serial += 1))) }));
    const consent = await readyDocument(runtime, official, 'autumn-aid', 'consent-form');
    const filed = await runtime.request('POST', '/applications/assisted', {
      token: await runtime.tokenOf(official),
      body: { program: 'autumn-aid', member: 'w-wang-fang', consentDocumentId: consent, details: { ...details, category: 'temporary-hardship', bankAccount: { ...details.bankAccount, holder: '王芳' } } },
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(202);
    await untilStatus(runtime, 'w-wang-fang', filed.body.id, 'PENDING_APPROVAL');
    expect((await inQueue('o-west', filed.body.id)).level).toBe(1);
    expect((await queueOf(official)).some((item) => item.applicationId === filed.body.id)).toBe(false);
    expect((await decide(runtime, 'o-west', filed.body.id, 'approve')).status).toBe(200);
    expect((await inQueue('o-city', filed.body.id)).level).toBe(2);
  });
});
