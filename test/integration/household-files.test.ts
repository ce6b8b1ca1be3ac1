import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { autumnAidDetails, decide, hardshipDetails, untilStatus, withDocuments } from '../support/applications.ts';
import { residentId } from '../support/id-numbers.ts';
import { testDay } from '../support/calendar.ts';

const DAY = 86_400;

/** 王芳's household of three with `annualIncomeFen` between them. */
const household = (annualIncomeFen: number, accidentCostFen = 0) => ({
  members: [
    { relation: 'self', name: '王芳', age: 41, annualIncomeFen, condition: 'none' },
    { relation: 'spouse', name: '钱进', age: 43, annualIncomeFen: 0, condition: 'serious-illness' },
    { relation: 'child', name: '钱小月', age: 12, annualIncomeFen: 0, condition: 'none' },
  ],
  rigidExpenditureFen: 0,
  accidentCostFen,
  compensationFen: 0,
});

describe('household hardship files (困难职工档案)', () => {
  let runtime: TestRuntime;
  const as = async (sub: string, method: string, path: string, body?: unknown, lang = 'zh-CN') =>
    runtime.request(method, path, { token: await runtime.tokenOf(sub), ...(body !== undefined ? { body } : {}), headers: { 'accept-language': lang } });

  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('opens the region’s filed household as a file the worker and the officials above it see', async () => {
    const mine = await as('w-zhang-wei', 'GET', '/me/household-file');
    expect(mine.status).toBe(200);
    expect(mine.body.file).toMatchObject({ state: 'OPEN', stateName: '在档', tier: 'DEEP', tierName: '深度困难', head: { name: '张伟', memberNumber: 'M-0001' } });
    expect(mine.body.file.tierDecision.sourceName).toBe('平台上线前的原有档案');
    expect(mine.body.file).not.toHaveProperty('entries');

    const east = await as('o-east', 'GET', '/household-files?state=OPEN');
    expect(east.body.items.map((file: { head: { name: string } }) => file.head.name)).toEqual(['张伟']);
    expect((await as('o-west', 'GET', '/household-files')).body.items).toEqual([]);
    expect((await as('o-west', 'GET', `/household-files/${mine.body.file.id}`)).status).toBe(404);
    expect((await as('o-city', 'GET', `/household-files/${mine.body.file.id}`)).status).toBe(200);
    expect((await as('w-li-na', 'GET', '/me/household-file')).body.file).toBeNull();
  });

  it('files a household when its hardship-relief application is approved, and autumn aid reads the file', async () => {
    const submitted = await as('w-li-na', 'POST', '/applications', { program: 'hardship-relief', details: await withDocuments(runtime, 'w-li-na', 'hardship-relief', hardshipDetails()) });
    const id = submitted.body.id as string;
    await untilStatus(runtime, 'w-li-na', id, 'PENDING_APPROVAL');
    await decide(runtime, 'o-east-couriers', id, 'approve');
    await decide(runtime, 'o-east', id, 'approve');
    await untilStatus(runtime, 'w-li-na', id, 'PUBLIC_NOTICE');
    await runtime.advanceClock(5 * DAY);
    await untilStatus(runtime, 'w-li-na', id, 'DISBURSING');

    const mine = (await as('w-li-na', 'GET', '/me/household-file')).body.file;
    expect(mine).toMatchObject({ state: 'OPEN', tier: 'RELATIVE', tierDecision: { source: 'application', applicationId: id } });
    expect(mine.members.map((member: { name: string; relationName: string }) => `${member.relationName}${member.name}`)).toEqual(['本人李娜', '配偶赵强', '子女赵小雨']);
    expect(mine.causes).toEqual(['因病', '收入低']);
    expect(mine.assistance.items).toEqual([expect.objectContaining({ applicationId: id, programName: '困难职工帮扶', amountFen: 940_000 })]);
    expect(mine.tierDecision.checks.find((check: { code: string }) => check.code === 'TIER').message).toContain('相对困难');

    const official = await as('o-east-couriers', 'GET', `/household-files/${mine.id}`);
    expect(official.body.audit.map((event: { action: string }) => event.action)).toEqual(['FILE_OPEN_BY_APPLICATION']);

    const autumn = await as('w-li-na', 'POST', '/applications', { program: 'autumn-aid', details: await withDocuments(runtime, 'w-li-na', 'autumn-aid', autumnAidDetails({ holder: '李娜', childId: residentId('420106', '2008-09-09', '321') })) });
    const decided = await untilStatus(runtime, 'w-li-na', autumn.body.id, 'PENDING_APPROVAL');
    expect(decided.decision.checks.find((check: { code: string }) => check.code === 'CATEGORY').facts.hardshipFile).toBe('RELATIVE');
  });

  it('lets an official open a file with the same checks, once per household even when two try at once', async () => {
    const tooRich = await as('o-west-hospital', 'POST', '/household-files', { memberNumber: 'M-0003', household: household(9_000_000), causes: { main: 'illness' } });
    expect(tooRich.status).toBe(409);
    expect(tooRich.body.error.code).toBe('FILE_NOT_WARRANTED');
    expect(tooRich.body.error.message).toContain('不低于低保标准的 2 倍');

    expect((await as('o-east', 'POST', '/household-files', { memberNumber: 'M-0003', household: household(2_400_000), causes: { main: 'illness' } })).status).toBe(404);

    const [first, second] = await Promise.all([
      as('o-west-hospital', 'POST', '/household-files', { memberNumber: 'M-0003', household: household(2_400_000), causes: { main: 'illness', secondary: ['low-income'] }, note: '丈夫重病' }),
      as('o-west', 'POST', '/household-files', { memberNumber: 'M-0003', household: household(2_400_000), causes: { main: 'illness' } }),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    const opened = first.status === 201 ? first.body : second.body;
    const refused = first.status === 201 ? second.body : first.body;
    expect(refused.error.code).toBe('FILE_ALREADY_OPEN');
    expect(opened).toMatchObject({ state: 'OPEN', tier: 'DEEP', tierDecision: { source: 'official', policyName: expect.stringContaining('起施行的第1版') } });
    expect((await as('w-wang-fang', 'GET', '/me')).body.member.hardshipFile.tier).toBe('DEEP');

    const again = await as('o-city', 'POST', '/household-files', { memberNumber: 'M-0003', household: household(2_400_000), causes: { main: 'illness' } });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('西城医院工会');
  });

  it('re-tiers (调档), records visits, and closes (退档) a file, every change in its audit trail', async () => {
    const list = await as('o-west-hospital', 'GET', '/household-files?state=OPEN');
    const id = list.body.items.find((file: { head: { name: string } }) => file.head.name === '王芳').id as string;

    const retiered = await as('o-west-hospital', 'POST', `/household-files/${id}/retier`, { household: household(5_400_000), reason: '本人复工，收入增加' });
    expect(retiered.status).toBe(200);
    expect(retiered.body).toMatchObject({ tier: 'RELATIVE', tierDecision: { reason: '本人复工，收入增加' } });
    expect(retiered.body.tierHistory.map((decision: { tier: string }) => decision.tier)).toEqual(['DEEP']);
    expect((await as('w-wang-fang', 'GET', '/me')).body.member.hardshipFile.tier).toBe('RELATIVE');

    const outOfHardship = await as('o-west-hospital', 'POST', `/household-files/${id}/retier`, { household: household(9_000_000), reason: '收入继续增加' });
    expect(outOfHardship.status).toBe(409);
    expect(outOfHardship.body.error.message).toContain('请办理退档');

    const visit = await as('o-west-hospital', 'POST', `/household-files/${id}/entries`, { kind: 'visit', on: testDay(-1), text: '上门走访，了解治疗情况' });
    expect(visit.status).toBe(201);
    expect(visit.body.entries).toEqual([expect.objectContaining({ kindName: '走访', on: testDay(-1), by: '周静' })]);
    expect((await as('o-west-street', 'POST', `/household-files/${id}/entries`, { kind: 'note', on: testDay(), text: '备注' })).status).toBe(404);

    const closed = await as('o-west-hospital', 'POST', `/household-files/${id}/close`, { reason: 'income-above-line', note: '家庭收入已超过相对困难标准' }, 'en');
    expect(closed.body).toMatchObject({ state: 'CLOSED', stateName: 'Closed', closeReasonName: 'Income above the hardship line (out of hardship)' });
    expect(closed.body.audit.map((event: { action: string }) => event.action)).toEqual(['FILE_OPEN', 'FILE_RETIER', 'FILE_VISIT', 'FILE_CLOSE']);
    expect(closed.body.audit[1].actor).toEqual({ name: '周静', roleName: 'union official' });
    expect((await as('o-west-hospital', 'POST', `/household-files/${id}/close`, { reason: 'moved-away', note: '再次' })).status).toBe(409);
    expect((await as('w-wang-fang', 'GET', '/me')).body.member.hardshipFile).toBeNull();

    // Closed, the file no longer makes the household a filed one: autumn aid's category check says so.
    const autumn = await as('w-wang-fang', 'POST', '/applications', { program: 'autumn-aid', details: await withDocuments(runtime, 'w-wang-fang', 'autumn-aid', autumnAidDetails({ holder: '王芳', childId: residentId('420106', '2008-10-10', '654') })) });
    const decided = await untilStatus(runtime, 'w-wang-fang', autumn.body.id, 'INELIGIBLE');
    expect(decided.decision.checks.find((check: { code: string }) => check.code === 'CATEGORY').passed).toBe(false);

    // A closed household may be filed again later: the open-file item was released.
    const reopened = await as('o-west-hospital', 'POST', '/household-files', { memberNumber: 'M-0003', household: household(2_400_000), causes: { main: 'illness' } });
    expect(reopened.status).toBe(201);
    expect((await as('w-wang-fang', 'GET', '/me/household-file')).body.file.id).toBe(reopened.body.id);
  });

  it('keeps accident-caused hardship as a temporary file, converted by a new decision or cancelled', async () => {
    const temporary = await as('o-west-street', 'POST', '/household-files', { memberNumber: 'M-0004', household: { ...household(9_000_000, 8_000_000), members: [{ relation: 'self', name: '刘洋', age: 35, annualIncomeFen: 9_000_000, condition: 'none' }] }, causes: { main: 'accident' } });
    expect(temporary.status).toBe(201);
    expect(temporary.body).toMatchObject({ state: 'TEMPORARY', stateName: '临时救助', tier: 'ACCIDENT' });

    const converted = await as('o-west-street', 'POST', `/household-files/${temporary.body.id}/retier`, { household: { ...household(600_000), members: [{ relation: 'self', name: '刘洋', age: 35, annualIncomeFen: 600_000, condition: 'disability' }] }, reason: '伤残后失去工作' });
    expect(converted.body).toMatchObject({ state: 'OPEN', tier: 'DEEP' });
    expect(converted.body.audit.at(-1).action).toBe('FILE_CONVERT');

    const other = await as('o-east-machinery', 'POST', '/household-files', { memberNumber: 'M-0005', household: household(600_000), causes: { main: 'illness' } });
    expect(other.status).toBe(409);
    expect(other.body.error.message).toContain('会员资格已停止');
  });

  it('keeps watch-lists: unchanged for a year, not helped this year, out of hardship in the last two years', async () => {
    const lists = async (sub: string) => {
      const reply = await as(sub, 'GET', '/household-files/watch-lists');
      expect(reply.status).toBe(200);
      return Object.fromEntries(reply.body.lists.map((list: { list: string; name: string; items: { head: { name: string } }[] }) => [list.name, list.items.map((item) => item.head.name).sort()]));
    };
    const west = await lists('o-west');
    // 王芳 left hardship (then was filed again), 刘洋's converted file has had no grant this year.
    expect(west['近两年脱困家庭（防返困）']).toEqual(['王芳']);
    expect(west['今年尚未获得帮扶的在档家庭']).toEqual(['刘洋', '王芳']);
    expect(west['一年未更新的档案']).toEqual([]);
    const east = await lists('o-east');
    // 张伟's region file was opened today; 李娜 was helped this year.
    expect(east['今年尚未获得帮扶的在档家庭']).toEqual(['张伟']);

    await runtime.advanceClock(370 * DAY);
    const later = await lists('o-east');
    expect(later['一年未更新的档案']).toEqual(['张伟', '李娜']);
  });

  it('checks the whole body and names the field', async () => {
    const bad = await as('o-west-hospital', 'POST', '/household-files', { memberNumber: '', household: { members: [] }, causes: { main: 'luck' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((field: { path: string }) => field.path)).toEqual(expect.arrayContaining(['memberNumber', 'household.members', 'causes.main']));
    const close = await as('o-west-hospital', 'POST', '/household-files/HF-NONE/close', { reason: 'bored', note: '' });
    expect(close.status).toBe(400);
    expect(JSON.stringify(close.body)).not.toContain('income-above-line');
  });
});
