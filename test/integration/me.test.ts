import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { hardshipDetails, untilStatus, withDocuments } from '../support/applications.ts';
import { testDay } from '../support/calendar.ts';

describe('GET /me: the caller’s own record', () => {
  let runtime: TestRuntime;
  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('gives a worker their member record with each mutual plan’s cover period and where it stands today', async () => {
    const me = await runtime.request('GET', '/me', { token: await runtime.tokenOf('w-wang-fang') });
    expect(me.status).toBe(200);
    expect(me.body.orgUnit.name).toBe('西城医院工会');
    expect(me.body.member.number).toBe('M-0003');
    const critical = me.body.member.mutualPlans.find((plan: { plan: string }) => plan.plan === 'critical-illness');
    expect(critical.firstEnrolledOn).toBe(testDay(-55));
    expect(critical.standing).toEqual({ state: 'REDUCED', day: 56, message: expect.stringContaining('50%') });
    expect(me.body.household).toBeNull();

    const lapsed = await runtime.request('GET', '/me', { token: await runtime.tokenOf('w-liu-yang'), headers: { 'accept-language': 'en' } });
    expect(lapsed.body.member.mutualPlans[0].standing.state).toBe('LAPSED');
    expect(lapsed.body.member.mutualPlans[0].standing.message).toBe(`Cover ended on ${testDay(-21)}; renew it to claim for new incidents`);
  });

  it('shows the hardship file and the household as last declared in a hardship-relief application', async () => {
    const zhang = await runtime.request('GET', '/me', { token: await runtime.tokenOf('w-zhang-wei') });
    expect(zhang.body.member.hardshipFile.tier).toBe('DEEP');

    const submitted = await runtime.request('POST', '/applications', { token: await runtime.tokenOf('w-li-na'), body: { program: 'hardship-relief', details: await withDocuments(runtime, 'w-li-na', 'hardship-relief', hardshipDetails()) } });
    await untilStatus(runtime, 'w-li-na', submitted.body.id, 'PENDING_APPROVAL');
    const me = await runtime.request('GET', '/me', { token: await runtime.tokenOf('w-li-na') });
    expect(me.body.household).toEqual({
      declaredIn: submitted.body.id,
      declaredAt: expect.any(String),
      members: [
        { relation: 'self', name: '李娜', age: 44 },
        { relation: 'spouse', name: '赵强', age: 46 },
        { relation: 'child', name: '赵小雨', age: 17 },
      ],
    });
    expect(me.body.member.mutualPlans[0].standing.state).toBe('WAITING');
  });

  it('gives an official their unit and level, and no member record', async () => {
    const me = await runtime.request('GET', '/me', { token: await runtime.tokenOf('o-east') });
    expect(me.body).toMatchObject({ name: '郑华', level: 2, member: null, household: null });
  });

  it('refuses a mutual-aid claim under a plan the member does not hold, or outside its cover, before recording anything', async () => {
    const send = async (sub: string, holder: string, plan: string, date: string) => {
      return runtime.request('POST', '/applications', {
        token: await runtime.tokenOf(sub),
        body: { program: 'mutual-claim', details: await withDocuments(runtime, sub, 'mutual-claim', { plan, incident: { kind: plan === 'accident' ? 'accident' : 'illness', date, ...(plan === 'accident' ? { cause: 'ordinary', death: false, allowanceDays: 3 } : {}) }, bankAccount: { holder, bank: '中国银行', number: '6216601234567890' } }) },
      });
    };
    const lapsed = await send('w-liu-yang', '刘洋', 'accident', testDay(-2));
    expect(lapsed.status).toBe(400);
    expect(lapsed.body.error.fields).toEqual([{ path: 'details.incident.date', message: expect.stringContaining('不在您这项保障的保障期内') }]);
    expect(lapsed.body.error.message).toContain(testDay(-21));
    const notHeld = await send('w-li-na', '李娜', 'accident', testDay(-2));
    expect(notHeld.status).toBe(400);
    expect(notHeld.body.error.fields[0].path).toBe('details.plan');
    const mine = await runtime.request('GET', '/applications', { token: await runtime.tokenOf('w-liu-yang') });
    expect(mine.body.items.filter((item: { program: string }) => item.program === 'mutual-claim')).toEqual([]);
  });
});
