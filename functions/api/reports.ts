import { getProgram } from '../domain/programs/index.ts';
import { maskIdNumber } from '../domain/id-number.ts';
import type { ProgramId } from '../domain/programs/types.ts';
import { BOM, csvRow } from '../domain/finance/csv.ts';
import { fenToYuanString } from '../domain/finance/yuan.ts';
import { formatBasisPoints } from '../domain/money.ts';
import { getApplications } from '../store/applications.ts';
import { listBudgets } from '../store/budgets.ts';
import { loadOrgTree } from '../store/directory.ts';
import { listInstructionsOfYear, listSettled } from '../store/payments.ts';
import type { PaymentInstructionItem } from '../store/types.ts';
import { now } from '../shared/clock.ts';
import { shanghaiDate, shanghaiYear } from '../shared/dates.ts';
import { say, type Message } from '../shared/i18n.ts';
import { apiHandler, csvReply, reply } from '../shared/http.ts';
import type { Caller } from '../use-cases/access.ts';
import { reportQuery, paymentDetailQuery } from './reports-schemas.ts';

interface Totals {
  allocatedFen: number;
  reservedFen: number;
  paidFen: number;
  failedFen: number;
}

const AMOUNTS = ['allocatedFen', 'reservedFen', 'paidFen', 'failedFen'] as const;
const empty = (): Totals => ({ allocatedFen: 0, reservedFen: 0, paidFen: 0, failedFen: 0 });
const add = (into: Totals, from: Partial<Totals>) => {
  for (const key of AMOUNTS) into[key] += from[key] ?? 0;
};
/** 执行率 = paid ÷ allocated, in basis points (integers add up exactly). */
const rate = (t: Totals) => (t.allocatedFen === 0 ? 0 : Math.floor((t.paidFen * 10_000) / t.allocatedFen));
const withRate = (t: Totals) => ({ ...t, executionRateBp: rate(t) });

type GroupRow = Totals & { executionRateBp: number; program?: string; orgUnit?: string };

type Report = {
  lines: (Totals & { program: string; orgUnit: string; executionRateBp: number })[];
  byProgram: GroupRow[];
  byOrgUnit: GroupRow[];
  byMonth: { month: string; paidFen: number; failedFen: number; paidCount: number; failedCount: number }[];
  total: Totals & { executionRateBp: number };
};

const yuan = fenToYuanString;
const AMOUNT_HEADERS = ['分配(元) allocated', '预留(元) reserved', '已付(元) paid', '失败(元) failed', '执行率 execution rate'];
const amountCells = (t: Totals & { executionRateBp: number }) => [yuan(t.allocatedFen), yuan(t.reservedFen), yuan(t.paidFen), yuan(t.failedFen), formatBasisPoints(t.executionRateBp)];

/** The report, or one of its views, as CSV rows; every total row is the sum of the rows above it. */
function reportCsv(report: Report, by: 'line' | 'program' | 'orgUnit' | 'month', unitName: (id: string) => string): string {
  let months = csvRow(['月份 month', '已付(元) paid', '笔数 count', '失败(元) failed', '笔数 count']);
  for (const m of report.byMonth) months += csvRow([m.month, yuan(m.paidFen), m.paidCount, yuan(m.failedFen), m.failedCount]);
  const sum = (key: 'paidFen' | 'failedFen' | 'paidCount' | 'failedCount') => report.byMonth.reduce((total, m) => total + m[key], 0);
  months += csvRow(['合计 total', yuan(sum('paidFen')), sum('paidCount'), yuan(sum('failedFen')), sum('failedCount')]);
  if (by === 'month') return months;

  // A line names its program and org unit; the grouped views name only the one they group by.
  const showsProgram = by !== 'orgUnit';
  const showsUnit = by !== 'program';
  const names = [...(showsProgram ? ['项目 program'] : []), ...(showsUnit ? ['组织 org unit', '名称 name'] : [])];
  const nameCells = (row: GroupRow) => [...(showsProgram ? [row.program!] : []), ...(showsUnit ? [row.orgUnit!, unitName(row.orgUnit!)] : [])];
  const rows = { line: report.lines, program: report.byProgram, orgUnit: report.byOrgUnit }[by];
  let text = csvRow([...names, ...AMOUNT_HEADERS]);
  for (const row of rows) text += csvRow([...nameCells(row), ...amountCells(row)]);
  text += csvRow(['合计 total', ...names.slice(1).map(() => ''), ...amountCells(report.total)]);
  return by === 'line' ? `${text}\r\n${months}` : text;
}

/**
 * Disbursements of a year: budgets (allocated, reserved, paid) by program and org unit, and what
 * the bank paid or refused by month. Every total is the sum of its lines. Officials see their
 * own part of the tree; finance sees all. `?format=csv` downloads it.
 */
export const disbursementReport = apiHandler({ roles: ['finance', 'official'], query: reportQuery }).handler(async ({ auth, query, lang }) => {
  const year = query.year ?? shanghaiYear(now().toISOString());
  const caller = auth as Caller;
  const tree = await loadOrgTree();
  const visible = caller.groups.includes('finance') ? undefined : new Set([...tree.subtree(caller.orgUnit), ...tree.lineage(caller.orgUnit).map((unit) => unit.id)]);
  const scope = query.orgUnit ? new Set(tree.subtree(query.orgUnit)) : undefined;
  const inScope = (program: string, orgUnit: string) => (!query.program || program === query.program) && (!visible || visible.has(orgUnit)) && (!scope || scope.has(orgUnit));

  const lines = new Map<string, Totals & { program: string; orgUnit: string }>();
  const line = (program: string, orgUnit: string) => {
    const key = `${program}|${orgUnit}`;
    if (!lines.has(key)) lines.set(key, { program, orgUnit, ...empty() });
    return lines.get(key)!;
  };
  for (const budget of await listBudgets(year)) {
    if (inScope(budget.program, budget.orgUnit)) add(line(budget.program, budget.orgUnit), { allocatedFen: budget.allocatedFen, reservedFen: budget.reservedFen, paidFen: budget.paidFen });
  }
  const months = new Map<string, { month: string; paidFen: number; failedFen: number; paidCount: number; failedCount: number }>();
  const month = (key: string) => {
    if (!months.has(key)) months.set(key, { month: key, paidFen: 0, failedFen: 0, paidCount: 0, failedCount: 0 });
    return months.get(key)!;
  };
  for (const outcome of ['PAID', 'FAILED'] as const) {
    for (const instruction of await listSettled(outcome, year)) {
      if (!inScope(instruction.program, instruction.orgUnit)) continue;
      const at = outcome === 'PAID' ? instruction.paidAt : instruction.failedAt;
      const bucket = month(shanghaiDate(at ?? instruction.createdAt).slice(0, 7));
      if (outcome === 'PAID') {
        bucket.paidFen += instruction.amountFen;
        bucket.paidCount += 1;
      } else {
        bucket.failedFen += instruction.amountFen;
        bucket.failedCount += 1;
        add(line(instruction.program, tree.lineage(instruction.orgUnit).find((unit) => lines.has(`${instruction.program}|${unit.id}`))?.id ?? instruction.orgUnit), { failedFen: instruction.amountFen });
      }
    }
  }
  const sorted = [...lines.values()].sort((a, b) => (a.program + a.orgUnit < b.program + b.orgUnit ? -1 : 1));
  const group = (by: 'program' | 'orgUnit') => {
    const groups = new Map<string, Totals>();
    for (const l of sorted) {
      if (!groups.has(l[by])) groups.set(l[by], empty());
      add(groups.get(l[by])!, l);
    }
    return [...groups].map(([key, totals]): GroupRow => ({ [by]: key, ...withRate(totals) }));
  };
  const total = empty();
  for (const l of sorted) add(total, l);
  const report = {
    year,
    lines: sorted.map((l) => ({ ...l, executionRateBp: rate(l) })),
    byProgram: group('program'),
    byOrgUnit: group('orgUnit'),
    byMonth: [...months.values()].sort((a, b) => (a.month < b.month ? -1 : 1)),
    total: withRate(total),
  };
  if (query.format === 'csv') return csvReply(BOM + reportCsv(report, query.by, (id) => say(tree.get(id)?.name ?? { zh: id, en: id }, lang)), `disbursements-${year}${query.by === 'line' ? '' : `-by-${query.by}`}.csv`);
  return reply(200, report);
});

const instructionStatusNames: Record<PaymentInstructionItem['status'], Message> = {
  PENDING: { zh: '待编入批次', en: 'waiting for a batch' },
  HELD: { zh: '财务暂缓支付', en: 'held by finance' },
  BATCHED: { zh: '已编入批次，待银行结果', en: 'in a batch, awaiting the bank' },
  PAID: { zh: '已付款', en: 'paid' },
  FAILED: { zh: '付款失败', en: 'failed' },
};

/**
 * One line per payment instruction of a year (made that year, Asia/Shanghai): program, org unit,
 * the worker (payee) with the account masked, amount, batch, status and dates — what an auditor
 * ticks off line by line. Finance sees every unit; officials their part of the tree.
 */
export const paymentDetailReport = apiHandler({ roles: ['finance', 'official'], query: paymentDetailQuery }).handler(async ({ auth, query, lang }) => {
  const year = query.year ?? shanghaiYear(now().toISOString());
  const caller = auth as Caller;
  const tree = await loadOrgTree();
  const visible = caller.groups.includes('finance') ? undefined : new Set(tree.subtree(caller.orgUnit));
  const scope = query.orgUnit ? new Set(tree.subtree(query.orgUnit)) : undefined;
  const instructions = (await listInstructionsOfYear(year))
    .filter((i) => (!query.program || i.program === query.program) && (!visible || visible.has(i.orgUnit)) && (!scope || scope.has(i.orgUnit)))
    .sort((a, b) => (a.createdAt + a.instructionId < b.createdAt + b.instructionId ? -1 : 1));
  const applications = await getApplications(instructions.map((i) => i.applicationId));
  const items = instructions.map((i) => {
    const application = applications.get(i.applicationId);
    // The resident ID an application names (autumn aid: the child's); warmth keeps no other.
    const idNumber = (application?.details as { child?: { idNumber?: string } } | undefined)?.child?.idNumber;
    return {
      instructionId: i.instructionId,
      applicationId: i.applicationId,
      attempt: i.attempt,
      program: i.program,
      orgUnit: i.orgUnit,
      payeeName: i.payeeName,
      bank: i.bank,
      accountNumber: i.accountMasked,
      amountFen: i.amountFen,
      status: i.status,
      createdAt: i.createdAt,
      ...(i.batchId ? { batchId: i.batchId } : {}),
      ...(i.paidAt ? { paidAt: i.paidAt } : {}),
      ...(i.failedAt ? { failedAt: i.failedAt } : {}),
      ...(i.failureReason ? { failureReason: i.failureReason } : {}),
      ...(i.bankReference ? { bankReference: i.bankReference } : {}),
      ...(application ? { applicant: { name: application.applicant.name, memberNumber: application.applicant.memberNumber }, submittedAt: application.submittedAt } : {}),
      ...(idNumber ? { idNumberMasked: maskIdNumber(idNumber) } : {}),
    };
  });
  if (query.format === 'json') return reply(200, { year, items, totalFen: items.reduce((sum, i) => sum + i.amountFen, 0) });
  const day = (iso?: string) => (iso ? shanghaiDate(iso) : '');
  let text =
    BOM +
    csvRow(['指令编号 instruction id', '申请编号 application', '项目 program', '组织 org unit', '收款职工 worker', '开户行 bank', '账号(脱敏) account (masked)', '金额(元) amount', '批次 batch', '状态 status', '生成日期 created', '付款日期 paid', '失败日期 failed', '失败原因 reason', '银行流水号 reference', '申请职工 applicant', '会员号 member number', '申请所涉身份证号(脱敏) ID number on the application (masked)', '申请日期 applied']);
  for (const i of items) {
    text += csvRow([
      i.instructionId,
      i.applicationId,
      getProgram(i.program as ProgramId).name.zh,
      say(tree.get(i.orgUnit)?.name ?? { zh: i.orgUnit, en: i.orgUnit }, 'zh-CN'),
      i.payeeName,
      i.bank,
      i.accountNumber,
      fenToYuanString(i.amountFen),
      i.batchId ?? '',
      say(instructionStatusNames[i.status], lang),
      day(i.createdAt),
      day(i.paidAt),
      day(i.failedAt),
      i.failureReason ?? '',
      i.bankReference ?? '',
      i.applicant?.name ?? '',
      i.applicant?.memberNumber ?? '',
      i.idNumberMasked ?? '',
      day(i.submittedAt),
    ]);
  }
  text += csvRow(['合计 total', `${items.length}`, '', '', '', '', '', fenToYuanString(items.reduce((sum, i) => sum + i.amountFen, 0)), '', '', '', '', '', '', '', '', '', '', '']);
  return csvReply(text, `payments-${year}${query.program ? `-${query.program}` : ''}.csv`);
});
