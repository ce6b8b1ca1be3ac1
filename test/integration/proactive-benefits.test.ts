import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import region from '../../functions/domain/demo-region.json' with { type: 'json' };
import { eventually, startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { untilStatus, withDocuments } from '../support/applications.ts';
import { residentId } from '../support/id-numbers.ts';
import { testDay, testYear } from '../support/calendar.ts';

const DAY = 86_400;
/** 王芳's resident ID number, as the demo region loads it (as its keyed hash only). */
const WANG_FANG_ID = '310104198005170229';
const card = { holder: '王芳', bank: '中国银行', number: '6216601234567890' };
const stays = (lines: string[]) => ['idNumber,memberNumber,admittedOn,dischargedOn,hospital,selfPaid', ...lines].join('\n');

/** 王芳's household of three, filed (相对困难) with an annual income of ¥24,000 between them. */
const household = {
  members: [
    { relation: 'self', name: '王芳', age: 41, annualIncomeFen: 2_400_000, condition: 'none' },
    { relation: 'spouse', name: '钱进', age: 43, annualIncomeFen: 0, condition: 'serious-illness' },
    { relation: 'child', name: '钱小月', age: 18, annualIncomeFen: 0, condition: 'none' },
  ],
  rigidExpenditureFen: 0,
  accidentCostFen: 0,
  compensationFen: 0,
};

describe('免申即享: partner files propose benefits the worker confirms in one tap', () => {
  let runtime: TestRuntime;
  const as = async (sub: string, method: string, path: string, body?: unknown) => runtime.request(method, path, { token: await runtime.tokenOf(sub), ...(body !== undefined ? { body } : {}) });
  const upload = async (kind: string, csv: string, origin = '市医保局') =>
    runtime.request('POST', '/proposals', { token: await runtime.tokenOf('o-city'), body: { action: 'import', kind, origin, csv } });
  const proposedIn = (file: { outcomes: { outcome: string; applicationId?: string }[] }) => file.outcomes.filter((o) => o.outcome === 'proposed').map((o) => o.applicationId as string);

  beforeAll(async () => {
    runtime = await startTestRuntime({ sweepIntervalSeconds: 0 });
    const filed = await as('o-west-hospital', 'POST', '/household-files', { memberNumber: 'M-0003', household, causes: { main: 'illness' } });
    expect(filed.status).toBe(201);
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('refuses a file with problems whole, naming every problem with its line, and writes nothing', async () => {
    expect((await as('w-wang-fang', 'POST', '/proposals', { action: 'import', kind: 'dibao-list', origin: '区民政局', csv: 'memberNumber\nM-0003' })).status).toBe(403);
    const bad = await upload('hospital-stays', stays([`${WANG_FANG_ID},,${testDay(-20)},${testDay(-25)},市六医院,100.00`, `310104198005170220,,2026-13-01,${testDay(-2)},市六医院,1`, `,,${testDay(-3)},${testDay(-2)},,abc`]));
    expect(bad.status).toBe(400);
    const paths = bad.body.error.fields.map((field: { path: string }) => field.path);
    expect(paths).toEqual(['line 2 dischargedOn', 'line 3 idNumber', 'line 3 admittedOn', 'line 4 idNumber', 'line 4 hospital', 'line 4 selfPaid']);
    expect(bad.body.error.fields[0].message).toContain('第 2 行');
    expect((await as('o-city', 'GET', '/applications?status=PROPOSED')).body.items).toEqual([]);
  });

  const firstFile = () => stays([`${WANG_FANG_ID},,${testDay(-20)},${testDay(-10)},上海市第六人民医院,"12,000.00"`, `,M-0002,${testDay(-5)},${testDay(-2)},市一医院,500`, `110105197001010011,,${testDay(-9)},${testDay(-8)},市一医院,10`]);

  it('proposes an enrolled member’s stay with its explanation, warns of large costs on the file, and confirmed it runs the workflow', async () => {
    const imported = await upload('hospital-stays', firstFile());
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ kind: 'hospital-stays', origin: '市医保局', records: 3, matched: 2 });
    expect(imported.body.outcomes.map((o: { line: number; outcome: string }) => `${o.line}:${o.outcome}`)).toEqual(['2:proposed', '2:warning', '3:not-proposed']);
    expect(imported.body.counts).toContainEqual({ outcome: 'not-a-member', outcomeName: '不是本单位会员', count: 1 });
    expect(JSON.stringify(imported.body)).not.toContain(WANG_FANG_ID);
    const [id] = proposedIn(imported.body) as [string];

    expect(imported.body).toMatchObject({ importedBy: { name: expect.any(String) }, auditSeq: 1 });
    const trail = await as('o-city', 'GET', `/audit/${id}`);
    expect(trail.body.items[0]).toMatchObject({ action: 'PROPOSE', at: imported.body.importedAt, after: { status: 'PROPOSED', partnerFile: { id: imported.body.id, kind: 'hospital-stays', origin: '市医保局', line: 2 } } });

    const file = (await as('w-wang-fang', 'GET', '/me/household-file')).body.file;
    const officialView = await as('o-west-hospital', 'GET', `/household-files/${file.id}`);
    expect(officialView.body.entries.map((entry: { text: string }) => entry.text).join('\n')).toContain('防返困预警');

    const proposed = (await as('w-wang-fang', 'GET', `/applications/${id}`)).body;
    expect(proposed).toMatchObject({ status: 'PROPOSED', statusName: '待确认（免申即享）', program: 'mutual-claim', proposal: { estimateFen: 32_000, zeroTouch: false } });
    expect(proposed.proposal.explanation).toMatch(/^根据医保住院记录，您 \d+月\d+日至\d+月\d+日在上海市第六人民医院住院 11 天/);
    const messages = (await as('w-wang-fang', 'GET', '/messages')).body;
    expect(messages.banners.map((banner: { applicationId: string }) => banner.applicationId)).toContain(id);

    const notHers = await as('w-wang-fang', 'POST', '/proposals', { applicationIds: [id], action: 'confirm', bankAccount: { ...card, holder: '钱进' } });
    expect(notHers.status).toBe(400);
    expect(notHers.body.error.fields[0].path).toBe('bankAccount.holder');
    expect((await as('w-li-na', 'POST', '/proposals', { applicationIds: [id], action: 'confirm', bankAccount: card })).status).toBe(404);
    expect((await as('w-wang-fang', 'POST', '/proposals', { applicationIds: [id], action: 'confirm', bankAccount: card })).status).toBe(202);
    const running = await untilStatus(runtime, 'w-wang-fang', id, 'PENDING_APPROVAL');
    expect(running.decision).toMatchObject({ eligible: true, amountFen: 32_000 });
    expect(running.proposal.confirmedBy).toBe('worker');
  });

  it('proposes nothing twice when the same file comes again, and refuses a hand claim of a proposed stay', async () => {
    const again = await upload('hospital-stays', firstFile());
    expect(again.status).toBe(201);
    expect(again.body.sameAs).toMatch(/^PF-/);
    expect(again.body.outcomes.map((o: { outcome: string }) => o.outcome)).toEqual(['already-proposed', 'not-proposed']);
    // The same stay in another agency's file (by member number) is the same stay.
    const elsewhere = await upload('hospital-stays', stays([`,M-0003,${testDay(-20)},${testDay(-10)},上海市第六人民医院,"12,000.00"`]), '区医保中心');
    expect(elsewhere.body.outcomes.map((o: { outcome: string }) => o.outcome)).toEqual(['already-proposed']);

    const byHand = await as('w-wang-fang', 'POST', '/applications', {
      program: 'mutual-claim',
      details: await withDocuments(runtime, 'w-wang-fang', 'mutual-claim', { plan: 'hospital-allowance', incident: { kind: 'illness', date: testDay(-20), admittedOn: testDay(-20), dischargedOn: testDay(-10) }, bankAccount: card }),
    });
    expect(byHand.status).toBe(409);
    expect(byHand.body.error.code).toBe('ALREADY_PROPOSED');
  });

  it('does not propose a stay claimed by hand; a declined proposal stays declined on re-import and leaves the hand claim open', async () => {
    const claimed = await as('w-wang-fang', 'POST', '/applications', {
      program: 'mutual-claim',
      details: await withDocuments(runtime, 'w-wang-fang', 'mutual-claim', { plan: 'hospital-allowance', incident: { kind: 'illness', date: testDay(-60), admittedOn: testDay(-60), dischargedOn: testDay(-52) }, bankAccount: card }),
    });
    expect(claimed.status).toBe(202);
    const csv = stays([`${WANG_FANG_ID},,${testDay(-60)},${testDay(-52)},市六医院,300`, `${WANG_FANG_ID},,${testDay(-90)},${testDay(-80)},市六医院,300`]);
    const imported = await upload('hospital-stays', csv);
    expect(imported.body.outcomes.map((o: { outcome: string; applicationId?: string }) => o.outcome)).toEqual(['claimed-by-hand', 'proposed']);
    expect(imported.body.outcomes[0].applicationId).toBe(claimed.body.id);
    const [declined] = proposedIn(imported.body) as [string];

    expect((await as('w-wang-fang', 'POST', '/proposals', { applicationIds: [declined], action: 'decline' })).status).toBe(200);
    expect((await as('w-wang-fang', 'GET', `/applications/${declined}`)).body).toMatchObject({ status: 'DECLINED', statusName: '已谢绝' });
    expect((await as('w-wang-fang', 'POST', '/proposals', { applicationIds: [declined], action: 'confirm', bankAccount: card })).status).toBe(409);
    expect((await upload('hospital-stays', csv)).body.outcomes.map((o: { outcome: string }) => o.outcome)).toEqual(['claimed-by-hand', 'already-proposed']);
    const handClaim = await as('w-wang-fang', 'POST', '/applications', {
      program: 'mutual-claim',
      details: await withDocuments(runtime, 'w-wang-fang', 'mutual-claim', { plan: 'hospital-allowance', incident: { kind: 'illness', date: testDay(-90), admittedOn: testDay(-90), dischargedOn: testDay(-80) }, bankAccount: card }),
    });
    expect(handClaim.status).toBe(202);
  });

  it('zero-touch: officials confirm the list as a whole, the stay goes on to the card used before, and the worker is told', async () => {
    const published = await as('a-city', 'POST', '/programs/mutual-claim/policy', {
      orgUnit: 'city',
      effectiveFrom: testDay(),
      parameters: { ...region.policies['mutual-claim'].parameters, proactive: { confirmDays: 30, zeroTouchUpToDays: 7 } },
    });
    expect(published.status).toBe(201);
    const imported = await upload('hospital-stays', stays([`${WANG_FANG_ID},,${testDay(-30)},${testDay(-26)},市六医院,200`]));
    const [id] = proposedIn(imported.body) as [string];
    const list = (await as('o-west-hospital', 'GET', '/applications?status=PROPOSED')).body.items;
    expect(list.find((item: { id: string }) => item.id === id)).toMatchObject({ program: 'mutual-claim', applicant: { name: '王芳' }, proposal: { zeroTouch: true, knownBankAccount: { holder: '王芳', number: '************7890' } } });
    expect((await as('o-west', 'GET', '/applications?status=PROPOSED')).body.items.map((item: { id: string }) => item.id)).toContain(id);
    expect((await as('o-east', 'GET', '/applications?status=PROPOSED')).body.items).toEqual([]);
    expect((await as('o-east', 'POST', '/proposals', { applicationIds: [id], action: 'confirm' })).body).toMatchObject({ confirmed: [], skipped: [id] });

    const confirmed = await as('o-west-hospital', 'POST', '/proposals', { applicationIds: [id, 'APP-20260101-0000000000'], action: 'confirm' });
    expect(confirmed.body).toMatchObject({ confirmed: [id], waitingForWorker: [], skipped: ['APP-20260101-0000000000'] });
    const running = await untilStatus(runtime, 'w-wang-fang', id, 'PENDING_APPROVAL');
    expect(running).toMatchObject({ details: { bankAccount: { holder: '王芳', number: '************7890' } }, proposal: { confirmedBy: 'officials' } });
    const messages = (await as('w-wang-fang', 'GET', '/messages')).body.items;
    expect(messages.find((message: { applicationId: string; kind: string }) => message.applicationId === id && message.kind === 'proposal-confirmed-for-you')).toBeDefined();
  });

  it('proposes autumn aid for a filed household’s child admitted this year, confirmed with the card offered', async () => {
    const child = residentId('310104', '2008-09-01', '041');
    const imported = await upload('admissions', ['memberNumber,childName,childIdNumber,school,level,admissionYear', `M-0003,钱小月,${child},复旦大学,undergraduate,${testYear}`, `M-0001,张小明,${residentId('420106', '2008-06-01', '051')},武汉大学,undergraduate,${testYear - 1}`].join('\n'), '市教育考试院');
    expect(imported.status).toBe(201);
    expect(imported.body.outcomes.map((o: { outcome: string }) => o.outcome)).toEqual(['proposed', 'not-proposed']);
    const [id] = proposedIn(imported.body) as [string];
    const proposed = (await as('w-wang-fang', 'GET', `/applications/${id}`)).body;
    expect(proposed.proposal.explanation).toContain('根据新生录取名单，您的子女钱小月今年被复旦大学录取（本科）');
    expect(proposed.details.child.idNumber).not.toBe(child);
    expect((await as('w-wang-fang', 'POST', '/proposals', { applicationIds: [id], action: 'confirm' })).status).toBe(202);
    const running = await untilStatus(runtime, 'w-wang-fang', id, 'PENDING_APPROVAL');
    expect(running.decision.eligible).toBe(true);
    expect(running.decision.amountFen).toBe(proposed.proposal.estimateFen);
  });

  it('puts a review note on a filed household’s file when it appears on the 低保 list and when it drops off', async () => {
    const list = (ids: string[]) => ['idNumber,name', ...ids.map((id) => `${id},某某`)].join('\n');
    const appeared = await upload('dibao-list', list([WANG_FANG_ID, '110105197001010011']), '区民政局');
    expect(appeared.body.outcomes.map((o: { outcome: string; line: number }) => `${o.line}:${o.outcome}`)).toEqual(['2:file-review']);
    expect(appeared.body.onListCount).toBe(1);
    expect((await upload('dibao-list', list([WANG_FANG_ID]), '区民政局')).body.outcomes).toEqual([]);
    const dropped = await upload('dibao-list', list(['110105197001010011']), '区民政局');
    expect(dropped.body.outcomes.map((o: { outcome: string }) => o.outcome)).toEqual(['file-review']);
    const file = (await as('w-wang-fang', 'GET', '/me/household-file')).body.file;
    const notes = (await as('o-west-hospital', 'GET', `/household-files/${file.id}`)).body.entries.map((entry: { text: string }) => entry.text);
    expect(notes.filter((text: string) => text.includes('民政低保名单'))).toHaveLength(2);
  });

  it('expires a proposal nobody confirmed after the policy’s period, by the platform’s clock', async () => {
    const imported = await upload('hospital-stays', stays([`,M-0003,${testDay(-120)},${testDay(-100)},市六医院,100`]));
    const [id] = proposedIn(imported.body) as [string];
    const proposed = (await as('w-wang-fang', 'GET', `/applications/${id}`)).body;
    expect(proposed.proposal.expiresAt).toBe(`${testDay(30)}T15:59:59.999Z`);
    await runtime.advanceClock(29 * DAY);
    await runtime.sweep();
    expect((await as('w-wang-fang', 'GET', `/applications/${id}`)).body.status).toBe('PROPOSED');
    await runtime.advanceClock(2 * DAY);
    await runtime.sweep();
    const expired = await eventually(async () => {
      const read = (await as('w-wang-fang', 'GET', `/applications/${id}`)).body;
      return read.status === 'EXPIRED' ? read : undefined;
    });
    expect(expired.statusName).toBe('已过期');
    const messages = (await as('w-wang-fang', 'GET', '/messages')).body;
    expect(messages.items.find((message: { applicationId: string; kind: string }) => message.applicationId === id && message.kind === 'proposal-expired')).toBeDefined();
    expect(messages.banners.map((banner: { applicationId: string }) => banner.applicationId)).not.toContain(id);
  });
});
