import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, eventually, type TestRuntime } from '../support/runtime.ts';
import { autumnAidDetails, decide, hardshipDetails, untilStatus, withDocuments } from '../support/applications.ts';
import { sentBatch } from '../support/batches.ts';
import { readyDocument } from '../support/documents.ts';
import { localDay } from '../support/calendar.ts';
import { residentId } from '../support/id-numbers.ts';

const DAY = 86_400;

/**
 * 送温暖 as a program: the demo's campaign (春节送温暖: ¥1,000 deep, ¥500 relative, by transfer,
 * cash or goods, approval by levels 1 and 2, five working days of notice) over the files of the
 * east district, 东城区总工会's list drawn and submitted by 郑华 (o-east).
 */
describe('送温暖 campaigns (warmth-visits)', () => {
  let runtime: TestRuntime;
  const as = async (sub: string, method: string, path: string, body?: unknown) => runtime.request(method, path, { token: await runtime.tokenOf(sub), ...(body !== undefined ? { body } : {}) });
  /** Approves the level `sub` holds for all of `ids` in one batch, once they are all in their queue. */
  const approveBatch = async (sub: string, ids: string[]) => {
    await eventually(async () => {
      const queue = await as(sub, 'GET', '/approvals');
      return ids.every((id) => queue.body.items.some((item: { applicationId: string }) => item.applicationId === id)) ? true : undefined;
    });
    return as(sub, 'POST', '/approvals/batch', { applicationIds: ids, decision: 'approve', comment: '名单经单位复核无误' });
  };

  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('draws a unit’s list from the open files, approves it as one batch, puts it on notice for five working days, then pays by transfer and by signed receipt', async () => {
    // Prepare: 张伟 (on file, deep hardship) has an account on record from his autumn-aid application; 李娜's household is filed too.
    expect((await as('w-zhang-wei', 'POST', '/applications', { program: 'autumn-aid', details: await withDocuments(runtime, 'w-zhang-wei', 'autumn-aid', autumnAidDetails()) })).status).toBe(202);
    const liNa = await as('o-east-couriers', 'POST', '/household-files', { memberNumber: 'M-0002', household: hardshipDetails().household, causes: { main: 'illness' } });
    expect(liNa.status).toBe(201);

    // Draw: the campaign in force and the east district's open files.
    const drawn = await as('o-east', 'GET', '/campaign-lists/east');
    expect(drawn.status).toBe(200);
    expect(drawn.body.campaign).toMatchObject({ name: '春节送温暖', publicNoticeWorkingDays: 5, standards: expect.arrayContaining([{ tier: 'DEEP', tierName: '深度困难', amountFen: 100_000 }]) });
    // By unit (东城快递员联合工会, then 东城机械厂工会), then member number.
    expect(drawn.body.drawn.map((h: { name: string; tierName: string; standardFen: number }) => [h.name, h.tierName, h.standardFen])).toEqual([['李娜', '相对困难', 50_000], ['张伟', '深度困难', 100_000]]);
    const [liNaDrawn, zhangWei] = drawn.body.drawn;
    expect(zhangWei.bankAccount.number).toMatch(/^\*+0123$/);
    expect((await as('o-west', 'GET', '/campaign-lists/east')).status).toBe(404);
    // Nobody applies for it: it is given from the list.
    const selfNominated = await as('w-zhang-wei', 'POST', '/applications', { program: 'warmth-visits', details: { campaignId: '2027-spring-festival', householdFileId: zhangWei.householdFileId, delivery: 'cash' } });
    expect(selfNominated.status).toBe(400);
    expect(selfNominated.body.error.fields).toEqual([{ path: 'program', message: '送温暖由工会按名单发放，无需申请' }]);
    expect((await as('w-zhang-wei', 'GET', '/programs')).body.items.find((program: { id: string }) => program.id === 'warmth-visits').selfService).toBe(false);

    // Review: a drawn household may not silently drop off the list; an added one must be of the unit, and a transfer needs an account on record.
    const silent = await as('o-east', 'POST', '/campaign-lists/east', { targets: [{ memberNumber: 'M-0001', householdFileId: zhangWei.householdFileId, delivery: 'bank-transfer' }] });
    expect(silent.status).toBe(400);
    expect(silent.body.error.fields).toEqual([{ path: 'removed', message: expect.stringContaining('李娜（M-0002）在档') }]);
    const wrong = await as('o-east', 'POST', '/campaign-lists/east', {
      targets: [
        { memberNumber: 'M-0003', delivery: 'cash', added: { tier: 'RELATIVE', reason: '外单位会员' } },
        { memberNumber: 'M-0005', delivery: 'bank-transfer', added: { tier: 'RELATIVE', reason: '妻子重病，尚未建档' } },
      ],
      removed: drawn.body.drawn.map((h: { householdFileId: string }) => ({ householdFileId: h.householdFileId, reason: '核实中' })),
    });
    expect(wrong.body.error.fields).toEqual([
      { path: 'targets.0.memberNumber', message: '在本单位范围内找不到这位会员' },
      { path: 'targets.1.delivery', message: expect.stringContaining('没有陈杰的收款账户记录') },
    ]);

    const submitted = await as('o-east', 'POST', '/campaign-lists/east', {
      targets: [
        { memberNumber: 'M-0001', householdFileId: zhangWei.householdFileId, delivery: 'bank-transfer' },
        { memberNumber: 'M-0002', householdFileId: liNaDrawn.householdFileId, delivery: 'goods' },
        { memberNumber: 'M-0005', delivery: 'cash', added: { tier: 'RELATIVE', reason: '妻子重病，尚未建档' } },
      ],
    });
    expect(submitted.status).toBe(201);
    const [transfer, receipt, added] = submitted.body.submitted.targets.map((target: { applicationId: string }) => target.applicationId) as [string, string, string];
    expect((await as('o-east', 'POST', '/campaign-lists/east', { targets: [{ memberNumber: 'M-0001', householdFileId: zhangWei.householdFileId, delivery: 'cash' }], removed: [] })).status).toBe(409);

    // Each household is checked by the program's rules, with the standard of its tier.
    const checked = await untilStatus(runtime, 'o-east', transfer, 'PENDING_APPROVAL');
    expect(checked.decision.amountFen).toBe(100_000);
    expect(checked.decision.checks.map((check: { code: string }) => check.code)).toEqual(['MEMBER', 'TARGET', 'WINDOW', 'STANDARD', 'DELIVERY', 'NO_DUPLICATE']);
    expect((await untilStatus(runtime, 'o-east', receipt, 'PENDING_APPROVAL')).decision.amountFen).toBe(50_000);
    // An added household goes through the same checks: 陈杰's membership has lapsed.
    const refused = await untilStatus(runtime, 'o-east', added, 'INELIGIBLE');
    expect(refused.decision.checks.filter((check: { passed: boolean }) => !check.passed).map((check: { message: string }) => check.message)).toEqual(['工会会员资格已停止，不在送温暖范围内']);
    expect((await as('w-zhang-wei', 'GET', `/applications/${transfer}`)).status).toBe(200);

    // Approval as one batch per level; the official who submitted the list decides none of it (four-eyes).
    const own = await as('o-east', 'POST', '/approvals/batch', { applicationIds: [transfer, receipt], decision: 'approve' });
    expect(own.body.decided).toBe(0);
    expect((await approveBatch('o-east-machinery', [transfer])).body.decided).toBe(1);
    expect((await approveBatch('o-east-couriers', [receipt])).body.decided).toBe(1);
    expect((await approveBatch('o-east-2', [transfer, receipt])).body.decided).toBe(2);

    // The public notice runs five working days from the day after approval, ending at midnight after the fifth.
    const onNotice = await untilStatus(runtime, 'o-east', transfer, 'PUBLIC_NOTICE');
    const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
    let fifth = localDay();
    for (let counted = 0; counted < 5; ) {
      fifth = new Date(Date.parse(`${fifth}T00:00:00Z`) + DAY * 1000).toISOString().slice(0, 10);
      if (weekday(fifth) !== 0 && weekday(fifth) !== 6) counted++;
    }
    expect(onNotice.noticeEndsAt).toBe(new Date(Date.parse(`${fifth}T00:00:00+08:00`) + DAY * 1000).toISOString());
    expect((await as('w-chen-jie', 'GET', '/public-notices')).body.items.map((item: { applicationId?: string; id?: string }) => item.applicationId ?? item.id)).toEqual(expect.arrayContaining([transfer]));
    await runtime.advanceClock(9 * DAY);
    await untilStatus(runtime, 'o-east', transfer, 'DISBURSING');
    await untilStatus(runtime, 'o-east', receipt, 'DISBURSING');

    // Transfer: finance's payment batch carries the transfer only; the bank's result pays it.
    const { batch, bankFile } = await sentBatch(runtime, { program: 'warmth-visits' });
    expect(bankFile).toContain(transfer);
    expect(bankFile).not.toContain(receipt);
    const results = ['指令编号,金额,状态,流水号', `${transfer}-P1,1000.00,成功,BK-WV-1`].join('\r\n');
    expect((await runtime.request('POST', `/payment-batches/${batch.batchId}/bank-results`, { token: await runtime.tokenOf('f-city'), rawBody: results, headers: { 'content-type': 'text/csv' } })).status).toBe(200);
    await untilStatus(runtime, 'o-east', transfer, 'PAID');

    // Receipt: the goods handed over, the photo of 李娜's signed receipt closes it as paid.
    const photo = await readyDocument(runtime, 'o-east-couriers', 'warmth-visits', 'signed-receipt');
    expect((await as('o-west', 'POST', `/applications/${receipt}/delivery-receipt`, { documentId: photo })).status).toBe(404);
    const delivered = await as('o-east-couriers', 'POST', `/applications/${receipt}/delivery-receipt`, { documentId: photo });
    expect(delivered.status).toBe(200);
    const paid = await untilStatus(runtime, 'o-east', receipt, 'PAID');
    expect(paid.history.at(-1).note).toContain('受助人签收单已上传');
    expect((await as('o-east-couriers', 'POST', `/applications/${receipt}/delivery-receipt`, { documentId: photo })).status).toBe(409);
    const documents = await as('o-east-couriers', 'GET', `/applications/${receipt}/documents`);
    expect(documents.body.items.map((document: { kind: string }) => document.kind)).toEqual(['signed-receipt']);

    // The ledger: both grants are festival benefits; 张伟's file shows the total.
    const file = await as('o-east', 'GET', `/household-files/${zhangWei.householdFileId}`);
    expect(file.body.assistance.thisYearByPurpose).toEqual([{ purpose: 'festival', purposeName: '节日慰问', amountFen: 100_000 }]);
    expect(file.body.assistance.items.map((item: { programName: string; statusName: string }) => [item.programName, item.statusName])).toEqual([['送温暖', '已发放']]);
    const list = await as('o-east', 'GET', '/campaign-lists/east');
    expect(list.body.submitted).toMatchObject({ status: 'FILED', totalFen: 150_000 });
    expect(list.body.submitted.targets.map((target: { statusName: string }) => target.statusName)).toEqual(['已发放', '已发放', '不符合条件']);
    expect(list.body.drawn[1].festivalThisYearFen).toBe(100_000);
  });

  it('blocks a second festival benefit of the year in the payment audit, by the ledger, across units and campaigns', async () => {
    // 王芳 (west hospital) is filed, with an account on record; 刘洋 (west street) is filed too.
    expect((await as('w-wang-fang', 'POST', '/applications', { program: 'autumn-aid', details: await withDocuments(runtime, 'w-wang-fang', 'autumn-aid', autumnAidDetails({ holder: '王芳', childId: residentId('420106', '2009-05-20', '456') })) })).status).toBe(202);
    const household = (name: string) => ({ ...hardshipDetails().household, members: hardshipDetails().household.members.map((member) => (member.relation === 'self' ? { ...member, name } : member)) });
    expect((await as('o-west-hospital', 'POST', '/household-files', { memberNumber: 'M-0003', household: household('王芳'), causes: { main: 'illness' } })).status).toBe(201);
    expect((await as('o-west-street', 'POST', '/household-files', { memberNumber: 'M-0004', household: household('刘洋'), causes: { main: 'illness' } })).status).toBe(201);

    // The city's campaign list for the west district (刘洋 removed, with the reason), and the hospital union's own 五一 campaign: both list 王芳 before either grant is reserved.
    const west = await as('o-city', 'GET', '/campaign-lists/west');
    const fileOf = (name: string) => west.body.drawn.find((h: { name: string }) => h.name === name).householdFileId as string;
    const cityList = await as('o-city', 'POST', '/campaign-lists/west', { targets: [{ memberNumber: 'M-0003', householdFileId: fileOf('王芳'), delivery: 'bank-transfer' }], removed: [{ householdFileId: fileOf('刘洋'), reason: '已迁出本市，待退档' }] });
    expect(cityList.status).toBe(201);
    expect(cityList.body.submitted.removed).toEqual([{ memberNumber: 'M-0004', name: '刘洋', reason: '已迁出本市，待退档' }]);
    const policy = await as('a-city', 'GET', '/programs/warmth-visits/policy?orgUnit=city');
    const own = { ...policy.body.parameters, campaign: { id: 'labour-day', name: { zh: '五一送温暖', en: 'Labour Day warmth visits' } }, standardsFen: { DEEP: 30_000, RELATIVE: 30_000, ACCIDENT: 0 }, approvalLevels: [2] };
    expect((await as('a-city', 'POST', '/programs/warmth-visits/policy', { orgUnit: 'west-hospital', effectiveFrom: localDay(), parameters: own })).status).toBe(201);
    const unitList = await as('o-city', 'POST', '/campaign-lists/west-hospital', { targets: [{ memberNumber: 'M-0003', householdFileId: fileOf('王芳'), delivery: 'bank-transfer' }] });
    expect(unitList.status).toBe(201);
    const ids = [cityList.body.submitted.targets[0].applicationId, unitList.body.submitted.targets[0].applicationId] as [string, string];
    for (const id of ids) await untilStatus(runtime, 'o-city', id, 'PENDING_APPROVAL');
    await decide(runtime, 'o-west-hospital', ids[0], 'approve');
    expect((await approveBatch('o-west', ids)).body.decided).toBe(2);
    for (const id of ids) await untilStatus(runtime, 'o-city', id, 'PUBLIC_NOTICE');
    await runtime.advanceClock(9 * DAY);
    for (const id of ids) await untilStatus(runtime, 'o-city', id, 'DISBURSING');

    // The payment audit reads her ledger: each grant finds the other's festival benefit, from another unit's campaign, and is blocked.
    const prepared = await as('f-city', 'POST', '/payment-batches', { program: 'warmth-visits' });
    expect(prepared.status).toBe(409);
    const blocked = (await as('f-city', 'GET', '/payment-instructions?state=blocked')).body.items.filter((item: { applicationId: string }) => ids.includes(item.applicationId));
    expect(blocked).toHaveLength(2);
    const duplicateOf = (id: string) => blocked.find((item: { applicationId: string }) => item.applicationId === id).blocked.results.find((result: { class: string }) => result.class === 'duplicates');
    expect(duplicateOf(ids[0])).toMatchObject({ passed: false, severity: 'block', message: `本户本年度已获同类帮扶：节日慰问 ¥300.00（送温暖，${ids[1]}）` });
    expect(duplicateOf(ids[1]).message).toBe(`本户本年度已获同类帮扶：节日慰问 ¥500.00（送温暖，${ids[0]}）`);

    // A list drawn now shows what the ledger holds for her this year.
    const hospital = await as('o-city', 'GET', '/campaign-lists/west-hospital');
    expect(hospital.body.drawn[0].festivalThisYearFen).toBe(80_000);
  });
});
