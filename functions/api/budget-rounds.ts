import * as z from 'zod';
import { adjustmentNames, executionRateBp, nextStep, roundSteps, stepNames, stepOwner } from '../domain/finance/budget-rounds.ts';
import { BOM, csvRow } from '../domain/finance/csv.ts';
import { fenToYuanString } from '../domain/finance/yuan.ts';
import { formatBasisPoints } from '../domain/money.ts';
import { getProgram } from '../domain/programs/index.ts';
import type { ProgramId } from '../domain/programs/types.ts';
import { getAdjustment, listAdjustments, listRounds, roundSubject, adjustmentSubject, type BudgetAdjustment, type BudgetRound } from '../store/budget-rounds.ts';
import { listBudgets } from '../store/budgets.ts';
import { loadOrgTree, type OrgTree } from '../store/directory.ts';
import { listSettled } from '../store/payments.ts';
import { nowIso } from '../shared/clock.ts';
import { shanghaiDate, shanghaiYear } from '../shared/dates.ts';
import { NotFoundError } from '../shared/errors.ts';
import { say, type Lang } from '../shared/i18n.ts';
import { apiHandler, csvReply, reply } from '../shared/http.ts';
import { decideBudgetAdjustment } from '../use-cases/decide-budget-adjustment.ts';
import { openBudgetRoundsFor } from '../use-cases/open-budget-rounds.ts';
import { requestBudgetAdjustmentFor } from '../use-cases/request-budget-adjustment.ts';
import { readAuditTrail } from '../use-cases/read-audit-trail.ts';
import { readBudgetDemand } from '../use-cases/read-budget-demand.ts';
import { holdsStep, recordBudgetRoundStep, roundOrNotFound, type RoundCaller } from '../use-cases/record-budget-round-step.ts';
import type { Caller } from '../use-cases/access.ts';
import { year, program, roundsQuery, openRoundsBody, stepBody, adjustmentsQuery, adjustmentBody, adjustmentDecisionBody } from './budget-rounds-schemas.ts';

/** Finance sees every unit's rounds; an official those of their unit, above and below it. */
async function visibleUnits(caller: Caller, tree: OrgTree): Promise<Set<string> | undefined> {
  if (caller.groups.includes('finance')) return undefined;
  return new Set([...tree.lineage(caller.orgUnit).map((unit) => unit.id), ...tree.subtree(caller.orgUnit)]);
}

const unitName = (tree: OrgTree, id: string, lang: Lang) => say(tree.get(id)?.name ?? { zh: id, en: id }, lang);

/** A round with its figures side by side, what it waits for and who holds that, in the reader's language. */
async function roundView(round: BudgetRound, caller: RoundCaller, lang: Lang, lastYear: { actualFen: number; allocatedFen: number; executionRateBp: number } | undefined) {
  const next = nextStep(round);
  return {
    year: round.year,
    program: round.program,
    orgUnit: round.orgUnit,
    deadlines: round.deadlines,
    steps: Object.fromEntries(roundSteps.filter((step) => round.steps[step]).map((step) => [step, round.steps[step]])),
    figures: {
      proposedFen: round.steps.proposal?.amountFen ?? null,
      controlFen: round.steps.control?.amountFen ?? null,
      detailedFen: round.steps.detailed?.amountFen ?? null,
      approvedFen: round.steps.approval?.amountFen ?? null,
      lastYearActualFen: lastYear?.actualFen ?? 0,
      lastYearExecutionRateBp: lastYear?.executionRateBp ?? 0,
    },
    targets: round.steps.detailed?.targets ?? null,
    ...(next ? { next: { step: next, name: say(stepNames[next], lang), owner: stepOwner[next], deadline: round.deadlines[next], overdue: shanghaiDate(nowIso()) > round.deadlines[next], mine: await holdsStep(round, next, caller) } } : { next: null }),
    openedAt: round.openedAt,
    openedBy: round.openedBy,
    updatedAt: round.updatedAt,
  };
}

/** Last year's actual spending (paid in the unit's subtree) and its budget's execution rate, per program × unit. */
async function lastYearOf(year: number, tree: OrgTree) {
  const [paid, budgets] = await Promise.all([listSettled('PAID', year - 1), listBudgets(year - 1)]);
  return (program: string, orgUnit: string) => {
    const units = new Set(tree.subtree(orgUnit));
    const budget = budgets.find((b) => b.program === program && b.orgUnit === orgUnit);
    return {
      actualFen: paid.filter((i) => i.program === program && units.has(i.orgUnit)).reduce((sum, i) => sum + i.amountFen, 0),
      allocatedFen: budget?.allocatedFen ?? 0,
      executionRateBp: budget ? executionRateBp(budget.paidFen, budget.allocatedFen) : 0,
    };
  };
}

/**
 * The year's 二上二下 rounds with the figures side by side — proposed, control, detailed, approved,
 * last year's actual — and the step each waits for; `?format=csv` for Excel.
 */
export const listBudgetRounds = apiHandler({ roles: ['finance', 'official'], query: roundsQuery }).handler(async ({ auth, query, lang }) => {
  const y = query.year ?? shanghaiYear(nowIso()) + 1;
  const caller = auth as Caller;
  const tree = await loadOrgTree();
  const visible = await visibleUnits(caller, tree);
  const lastYear = await lastYearOf(y, tree);
  const rounds = (await listRounds(y)).filter((round) => (!query.program || round.program === query.program) && (!visible || visible.has(round.orgUnit)));
  const items = await Promise.all(rounds.map((round) => roundView(round, caller, lang, lastYear(round.program, round.orgUnit))));
  if (query.format === 'json') return reply(200, { year: y, items });
  const yuan = (value: number | null) => (value === null ? '' : fenToYuanString(value));
  let text = BOM + csvRow(['项目 program', '组织 org unit', '一上建议数(元) proposed', '一下控制数(元) control', '二上细化数(元) detailed', '二下批复数(元) approved', '上年实际(元) last year actual', '上年执行率 last year execution rate', '目标受助职工 target workers', '目标平均金额(元) target average', '目标支付天数 target days to pay', '当前环节 waiting for', '截止日期 deadline']);
  for (const item of items) {
    text += csvRow([
      getProgram(item.program as ProgramId).name.zh,
      unitName(tree, item.orgUnit, 'zh-CN'),
      yuan(item.figures.proposedFen),
      yuan(item.figures.controlFen),
      yuan(item.figures.detailedFen),
      yuan(item.figures.approvedFen),
      yuan(item.figures.lastYearActualFen),
      formatBasisPoints(item.figures.lastYearExecutionRateBp),
      item.targets?.workersHelped ?? '',
      item.targets ? fenToYuanString(item.targets.averageFen) : '',
      item.targets?.daysToPay ?? '',
      item.next ? say(stepNames[item.next.step], lang) : say({ zh: '已批复', en: 'approved' }, lang),
      item.next?.deadline ?? '',
    ]);
  }
  return csvReply(text, `budget-rounds-${y}.csv`);
});

/** Finance of the unit above opens a year's rounds of a program for units below it, with each step's deadline. */
export const openBudgetRounds = apiHandler({ roles: ['finance'], body: openRoundsBody }).handler(async ({ auth, body }) => reply(201, await openBudgetRoundsFor(auth as Caller, body)));

const roundParams = z.object({ year, program, orgUnit: z.string().min(1).max(64) });

/** One round: its figures and steps, the unit's demand of the last years (for 一上 and 一下), and its audit trail. */
export const getBudgetRound = apiHandler({ roles: ['finance', 'official'], params: roundParams }).handler(async ({ auth, params, lang }) => {
  const caller = auth as Caller;
  const tree = await loadOrgTree();
  const visible = await visibleUnits(caller, tree);
  if (visible && !visible.has(params.orgUnit)) throw new NotFoundError({ zh: '未找到该预算编制轮次', en: 'No such budget round' });
  const round = await roundOrNotFound(params.year, params.program, params.orgUnit);
  const lastYear = await lastYearOf(params.year, tree);
  const [view, demand, trail] = await Promise.all([roundView(round, caller, lang, lastYear(round.program, round.orgUnit)), readBudgetDemand(round.program, round.year, round.orgUnit, tree), readAuditTrail(roundSubject(round.year, round.program, round.orgUnit), lang)]);
  return reply(200, { ...view, demand, trail });
});

const stepParams = roundParams.extend({ step: z.enum(roundSteps) });

/** Records the round's next step (see record-budget-round-step.ts): the reply is the round as it is now. */
export const recordBudgetStep = apiHandler({ roles: ['finance', 'official'], params: stepParams, body: stepBody }).handler(async ({ auth, params, body, lang }) => {
  const caller = auth as Caller;
  const round = await recordBudgetRoundStep(params.year, params.program, params.orgUnit, params.step, { amountFen: body.amountFen, comment: body.comment, ...(body.targets ? { targets: body.targets } : {}) }, caller);
  const lastYear = await lastYearOf(params.year, await loadOrgTree());
  return reply(200, await roundView(round, caller, lang, lastYear(round.program, round.orgUnit)));
});

const adjustmentView = (adjustment: BudgetAdjustment, caller: Caller, lang: Lang, financeOver: boolean) => {
  const { auditHash: _hash, auditSeq: _seq, ...rest } = adjustment;
  return { ...rest, kindName: say(adjustmentNames[adjustment.kind], lang), mayDecide: adjustment.status === 'REQUESTED' && financeOver && caller.sub !== adjustment.requestedBy.sub };
};

/** The year's in-year adjustments, newest first. */
export const listBudgetAdjustments = apiHandler({ roles: ['finance', 'official'], query: adjustmentsQuery }).handler(async ({ auth, query, lang }) => {
  const y = query.year ?? shanghaiYear(nowIso());
  const caller = auth as Caller;
  const tree = await loadOrgTree();
  const visible = await visibleUnits(caller, tree);
  const items = (await listAdjustments(y)).filter((adjustment) => !visible || visible.has(adjustment.orgUnit)).reverse();
  return reply(200, { year: y, items: items.map((adjustment) => adjustmentView(adjustment, caller, lang, caller.groups.includes('finance') && tree.contains(caller.orgUnit, adjustment.orgUnit))) });
});

/** 追加/调减 during the year: the unit's officials or finance above ask, with a reason (see the use case). */
export const requestBudgetAdjustment = apiHandler({ roles: ['finance', 'official'], body: adjustmentBody }).handler(async ({ auth, body, lang }) =>
  reply(201, adjustmentView(await requestBudgetAdjustmentFor(auth as Caller, body), auth as Caller, lang, false)),
);

const adjustmentParams = z.object({ id: z.string().min(1).max(40) });

/** Finance of the unit above, not the one who asked, approves (the allocation moves) or refuses an adjustment. */
export const decideBudgetAdjustmentRoute = apiHandler({ roles: ['finance'], params: adjustmentParams, body: adjustmentDecisionBody }).handler(async ({ auth, params, body, lang }) => {
  const caller = auth as Caller;
  const decided = await decideBudgetAdjustment(params.id, body.decision === 'approve', body.comment, caller);
  return reply(200, { ...adjustmentView(decided, caller, lang, false), trail: await readAuditTrail(adjustmentSubject(decided.id), lang) });
});

/** One adjustment with its audit trail. */
export const getBudgetAdjustment = apiHandler({ roles: ['finance', 'official'], params: adjustmentParams }).handler(async ({ auth, params, lang }) => {
  const caller = auth as Caller;
  const tree = await loadOrgTree();
  const adjustment = await getAdjustment(params.id);
  const visible = await visibleUnits(caller, tree);
  if (!adjustment || (visible && !visible.has(adjustment.orgUnit))) throw new NotFoundError({ zh: '未找到该预算调整', en: 'No such budget adjustment' });
  return reply(200, { ...adjustmentView(adjustment, caller, lang, caller.groups.includes('finance') && tree.contains(caller.orgUnit, adjustment.orgUnit)), trail: await readAuditTrail(adjustmentSubject(adjustment.id), lang) });
});
