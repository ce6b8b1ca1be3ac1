import type { Message } from '../message.ts';
import { formatYuan } from '../money.ts';

/**
 * 二上二下: a year's budget of one program and org unit goes up and down twice —
 * 一上 the unit proposes from demand, 一下 the unit above returns a control figure with a reason,
 * 二上 the unit details its budget within the control figure with performance targets, 二下 the unit
 * above approves; the approved figure becomes the allocation approvals reserve against.
 * Steps happen in this order only, each once: a figure moves forward, never back.
 */
export const roundSteps = ['proposal', 'control', 'detailed', 'approval'] as const;
export type RoundStep = (typeof roundSteps)[number];

/** Who holds each step: the unit's own officials propose and detail; finance of the unit above decides. */
export const stepOwner: Record<RoundStep, 'official' | 'finance'> = { proposal: 'official', control: 'finance', detailed: 'official', approval: 'finance' };

export const stepNames: Record<RoundStep, Message> = {
  proposal: { zh: '一上·提出预算建议', en: 'First up: the unit’s proposal' },
  control: { zh: '一下·下达控制数', en: 'First down: the control figure' },
  detailed: { zh: '二上·编报细化预算', en: 'Second up: the detailed budget' },
  approval: { zh: '二下·批复预算', en: 'Second down: the approved budget' },
};

/** What the unit commits to achieve with the money (ACFTU's 2016 rules on performance evaluation). */
export interface PerformanceTargets {
  workersHelped: number;
  averageFen: number;
  daysToPay: number;
}

export interface StepRecord {
  amountFen: number;
  comment: string;
  by: { sub: string; name: string };
  at: string;
  /** Recorded after the step's deadline (Asia/Shanghai day). */
  late: boolean;
  targets?: PerformanceTargets;
}

export interface RoundState {
  deadlines: Record<RoundStep, string>;
  steps: Partial<Record<RoundStep, StepRecord>>;
}

/** The step the round waits for, or undefined once approved. */
export const nextStep = (round: Pick<RoundState, 'steps'>): RoundStep | undefined => roundSteps.find((step) => !round.steps[step]);

export interface StepInput {
  amountFen: number;
  comment: string;
  targets?: PerformanceTargets;
}

export interface Problem {
  path: string;
  message: Message;
}

/** Deadlines in step order, each on or after the one before. */
export function deadlineProblems(deadlines: Record<RoundStep, string>): Problem[] {
  const problems: Problem[] = [];
  roundSteps.forEach((step, index) => {
    const before = index > 0 ? deadlines[roundSteps[index - 1] as RoundStep] : undefined;
    if (before && deadlines[step] < before) problems.push({ path: `deadlines.${step}`, message: { zh: `${stepNames[step].zh}的截止日期不能早于上一步`, en: `${stepNames[step].en}: the deadline cannot be before the previous step’s` } });
  });
  return problems;
}

/**
 * Whether `step` may be recorded now with `input`: it must be the next step; the detailed budget
 * stays within the control figure and carries its targets; the approval does not exceed the
 * detailed budget.
 */
export function stepProblems(round: Pick<RoundState, 'steps'>, step: RoundStep, input: StepInput): Problem[] {
  const next = nextStep(round);
  if (next !== step) {
    const where = next ? { zh: `本轮正等待“${stepNames[next].zh}”`, en: `this round waits for “${stepNames[next].en}”` } : { zh: '本轮预算已批复', en: 'this round is approved already' };
    return [{ path: 'step', message: { zh: `现在不能办理“${stepNames[step].zh}”：${where.zh}`, en: `“${stepNames[step].en}” cannot be recorded now: ${where.en}` } }];
  }
  const problems: Problem[] = [];
  const control = round.steps.control?.amountFen;
  if (step === 'detailed' && control !== undefined && input.amountFen > control) {
    problems.push({ path: 'amountFen', message: { zh: `细化预算不能超过控制数 ${formatYuan(control)}`, en: `The detailed budget cannot exceed the control figure, ${formatYuan(control)}` } });
  }
  if (step === 'detailed' && !input.targets) problems.push({ path: 'targets', message: { zh: '请填写绩效目标', en: 'Give the performance targets' } });
  const detailed = round.steps.detailed?.amountFen;
  if (step === 'approval' && detailed !== undefined && input.amountFen > detailed) {
    problems.push({ path: 'amountFen', message: { zh: `批复数不能超过细化预算 ${formatYuan(detailed)}`, en: `The approved figure cannot exceed the detailed budget, ${formatYuan(detailed)}` } });
  }
  if ((step === 'control' || step === 'approval') && input.comment.trim().length < 2) {
    problems.push({ path: 'comment', message: step === 'control' ? { zh: '请说明下达控制数的理由', en: 'Give the reason for the control figure' } : { zh: '请填写批复意见', en: 'Give the approval’s comment' } });
  }
  if (step === 'proposal' && input.comment.trim().length < 2) problems.push({ path: 'comment', message: { zh: '请写明需求（依据与测算）', en: 'Write the need (its grounds and how it was estimated)' } });
  return problems;
}

/** 执行率 = paid ÷ allocated, in basis points. */
export const executionRateBp = (paidFen: number, allocatedFen: number): number => (allocatedFen === 0 ? 0 : Math.floor((paidFen * 10_000) / allocatedFen));

/** 追加 raises an allocation, 调减 lowers it. */
export type AdjustmentKind = 'increase' | 'decrease';

export const adjustmentNames: Record<AdjustmentKind, Message> = { increase: { zh: '追加', en: 'Increase' }, decrease: { zh: '调减', en: 'Decrease' } };

/**
 * The allocation after an in-year adjustment, or why it cannot be: a decrease never takes it
 * below what is reserved and paid.
 */
export function adjustedAllocation(budget: { allocatedFen: number; reservedFen: number; paidFen: number }, kind: AdjustmentKind, amountFen: number): { allocatedFen: number } | { problem: Message } {
  const allocatedFen = kind === 'increase' ? budget.allocatedFen + amountFen : budget.allocatedFen - amountFen;
  const committed = budget.reservedFen + budget.paidFen;
  if (allocatedFen < committed) {
    return { problem: { zh: `调减后分配额 ${formatYuan(Math.max(0, allocatedFen))} 将低于已预留与已支付之和 ${formatYuan(committed)}`, en: `After the decrease the allocation, ${formatYuan(Math.max(0, allocatedFen))}, would be below what is reserved and paid, ${formatYuan(committed)}` } };
  }
  return { allocatedFen };
}

/** One earlier year of a unit's program, from warmth's own records. */
export interface YearDemand {
  year: number;
  applications: number;
  workers: number;
  paidCount: number;
  paidFen: number;
  allocatedFen: number;
  /** 执行率 of the unit's own budget that year (paid on it ÷ allocated), in basis points. */
  executionRateBp: number;
}
