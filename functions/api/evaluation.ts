import * as z from 'zod';
import { callBackResultNames } from '../domain/finance/evaluation.ts';
import { BOM, csvRow } from '../domain/finance/csv.ts';
import { fenToYuanString } from '../domain/finance/yuan.ts';
import { formatBasisPoints } from '../domain/money.ts';
import { getProgram } from '../domain/programs/index.ts';
import { getSample, listOpenCases, listSamples, type CallBackItem } from '../store/call-backs.ts';
import { loadOrgTree, type OrgTree } from '../store/directory.ts';
import { nowIso } from '../shared/clock.ts';
import { shanghaiYear } from '../shared/dates.ts';
import { NotFoundError } from '../shared/errors.ts';
import { say, type Lang } from '../shared/i18n.ts';
import { apiHandler, csvReply, reply } from '../shared/http.ts';
import { closeApplicationCase } from '../use-cases/close-application-case.ts';
import { drawCallBackSample } from '../use-cases/draw-call-back-sample.ts';
import { evaluatePrograms } from '../use-cases/evaluate-programs.ts';
import { recordCallBack } from '../use-cases/record-call-back.ts';
import type { Caller } from '../use-cases/access.ts';
import { evaluationQuery, drawSampleBody, samplesQuery, callBackBody, closeCaseBody } from './evaluation-schemas.ts';

/** The part of the tree the caller may look at: finance all of it; an official their unit and below. */
function scopeOf(caller: Caller, tree: OrgTree, orgUnit: string | undefined): string | undefined {
  if (caller.groups.includes('finance')) return orgUnit;
  if (orgUnit && tree.contains(caller.orgUnit, orgUnit)) return orgUnit;
  return caller.orgUnit;
}

/**
 * 绩效评价 per program for a year and a part of the tree (see use-cases/evaluate-programs.ts):
 * workers and filed households helped, amounts (total, average, median), days from application
 * to payment (median, p90), refusals and why, appeals, recoveries and call-backs, against the
 * 二上 targets. `?format=csv` downloads it.
 */
export const evaluationReport = apiHandler({ roles: ['finance', 'official'], query: evaluationQuery }).handler(async ({ auth, query, lang }) => {
  const y = query.year ?? shanghaiYear(nowIso());
  const tree = await loadOrgTree();
  const orgUnit = scopeOf(auth as Caller, tree, query.orgUnit);
  if (orgUnit && !tree.get(orgUnit)) throw new NotFoundError({ zh: `没有组织 ${orgUnit}`, en: `No org unit ${orgUnit}` });
  const items = (await evaluatePrograms(y, orgUnit, query.program)).map((item) => ({ ...item, refused: { ...item.refused, reasons: item.refused.reasons.map((reason) => ({ ...reason, name: say(reason.name, lang) })) } }));
  if (query.format === 'json') return reply(200, { year: y, orgUnit: orgUnit ?? null, items });
  const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '' : fenToYuanString(fen));
  const unit = orgUnit ? say(tree.get(orgUnit)!.name, lang) : say({ zh: '全部组织', en: 'every unit' }, lang);
  let text = BOM + csvRow([`${y} 绩效评价 performance evaluation`, unit]);
  text += csvRow(['项目 program', '申请 applications', '受助职工 workers helped', '目标 target', '受助建档家庭 filed households helped', '已付笔数 payments', '已付金额(元) paid', '平均(元) average', '目标平均(元) target average', '中位数(元) median', '支付天数中位数 median days to pay', '目标天数 target days', '支付天数P90 p90 days', '未通过 refused', '未通过占比 refused share', '申诉 appeals', '申诉获批 appeals granted', '申诉驳回 appeals refused', '追回笔数 recoveries', '追回金额(元) to recover', '已追回(元) recovered', '回访抽样 sampled', '已回访 called', '确认收到 received', '未收到 not received', '金额不符 wrong amount', '联系不上 not reachable', '核实率 verified share', '未结案件 open cases']);
  for (const item of items) {
    text += csvRow([
      getProgram(item.program).name.zh,
      item.applications,
      item.workersHelped,
      item.targets?.workersHelped ?? '',
      item.householdsOnFileHelped,
      item.paidCount,
      yuan(item.paidFen),
      yuan(item.averageFen),
      yuan(item.targets?.averageFen),
      yuan(item.medianFen),
      item.daysToPay.median ?? '',
      item.targets?.daysToPay ?? '',
      item.daysToPay.p90 ?? '',
      item.refused.count,
      formatBasisPoints(item.refused.shareBp),
      item.appeals.count,
      item.appeals.granted,
      item.appeals.refused,
      item.recoveries.count,
      yuan(item.recoveries.amountFen),
      yuan(item.recoveries.recoveredFen),
      item.callBacks.sampled,
      item.callBacks.recorded,
      item.callBacks.received,
      item.callBacks.notReceived,
      item.callBacks.wrongAmount,
      item.callBacks.notReachable,
      formatBasisPoints(item.callBacks.verifiedShareBp),
      item.callBacks.openCases,
    ]);
  }
  text += '\r\n' + csvRow(['项目 program', '未通过原因 reason refused', '件数 count']);
  for (const item of items) for (const reason of item.refused.reasons) text += csvRow([getProgram(item.program).name.zh, reason.name, reason.count]);
  return csvReply(text, `evaluation-${y}${query.program ? `-${query.program}` : ''}.csv`);
});

const itemView = (item: CallBackItem, lang: Lang) => ({ ...item, ...(item.result ? { resultName: say(callBackResultNames[item.result], lang) } : {}) });

/** Finance draws a random sample of the year's paid applications for call-backs (size from CALLBACK_SAMPLE_SIZE). */
export const drawCallBackSampleRoute = apiHandler({ roles: ['finance'], body: drawSampleBody }).handler(async ({ auth, body, lang }) => {
  if (body.orgUnit && !(await loadOrgTree()).get(body.orgUnit)) throw new NotFoundError({ zh: `没有组织 ${body.orgUnit}`, en: `No org unit ${body.orgUnit}` });
  const { sample, items } = await drawCallBackSample(body, { sub: auth.sub, name: auth.name });
  return reply(201, { ...sample, items: items.map((item) => itemView(item, lang)) });
});

/** The year's samples with how far the call-backs have got; an official counts only the items of their part of the tree. */
export const listCallBackSamples = apiHandler({ roles: ['finance', 'official'], query: samplesQuery }).handler(async ({ auth, query }) => {
  const y = query.year ?? shanghaiYear(nowIso());
  const caller = auth as Caller;
  const tree = await loadOrgTree();
  const mine = (item: CallBackItem) => caller.groups.includes('finance') || tree.contains(caller.orgUnit, item.orgUnit);
  const items = [];
  for (const sample of (await listSamples(y)).reverse()) {
    const own = ((await getSample(sample.sampleId))?.items ?? []).filter(mine);
    if (own.length === 0 && !caller.groups.includes('finance')) continue;
    items.push({ ...sample, items: own.length, recorded: own.filter((item) => item.result).length, received: own.filter((item) => item.result === 'received').length });
  }
  return reply(200, { year: y, items });
});

const sampleParams = z.object({ id: z.string().min(1).max(40) });

/** One sample's items (an official's: those of their part of the tree), each with its result once recorded. */
export const getCallBackSample = apiHandler({ roles: ['finance', 'official'], params: sampleParams }).handler(async ({ auth, params, lang }) => {
  const caller = auth as Caller;
  const tree = await loadOrgTree();
  const found = await getSample(params.id);
  const items = (found?.items ?? []).filter((item) => caller.groups.includes('finance') || tree.contains(caller.orgUnit, item.orgUnit));
  if (!found || (items.length === 0 && !caller.groups.includes('finance'))) throw new NotFoundError({ zh: '未找到该回访样本', en: 'No such call-back sample' });
  return reply(200, { ...found.sample, items: items.map((item) => itemView(item, lang)) });
});

const itemParams = z.object({ id: z.string().min(1).max(40), applicationId: z.string().min(1).max(80) });

/** An official of the worker's part of the tree records the call-back; "not received" opens a case on the application. */
export const recordCallBackRoute = apiHandler({ roles: ['official'], params: itemParams, body: callBackBody }).handler(async ({ auth, params, body, lang }) =>
  reply(200, itemView(await recordCallBack(params.id, params.applicationId, body.result, body.note, { sub: auth.sub, name: auth.name, orgUnit: auth.orgUnit }), lang)),
);

/** Open cases (a payment the worker says never came): finance all, officials their part of the tree. */
export const listOpenCasesRoute = apiHandler({ roles: ['finance', 'official'] }).handler(async ({ auth }) => {
  const caller = auth as Caller;
  const tree = await loadOrgTree();
  const items = (await listOpenCases()).filter((item) => caller.groups.includes('finance') || tree.contains(caller.orgUnit, item.orgUnit));
  return reply(200, { items });
});

const caseParams = z.object({ id: z.string().min(1).max(80), seq: z.coerce.number().int().min(1).max(999) });

/** Finance closes a case with what was found (the bank's trace, a re-issued payment), in the application's audit trail. */
export const closeCase = apiHandler({ roles: ['finance'], params: caseParams, body: closeCaseBody }).handler(async ({ auth, params, body }) =>
  reply(200, await closeApplicationCase(params.id, params.seq, body.note, { sub: auth.sub, name: auth.name, orgUnit: auth.orgUnit })),
);
