import { stepNames, stepOwner, stepProblems, type RoundStep, type StepInput } from '../domain/finance/budget-rounds.ts';
import type { ProgramId } from '../domain/programs/types.ts';
import { getRound, recordRoundStep, type BudgetRound } from '../store/budget-rounds.ts';
import { AllocationBelowCommittedError, allocationWrites, getBudget } from '../store/budgets.ts';
import { loadOrgTree } from '../store/directory.ts';
import type { Actor } from '../store/types.ts';
import { formatYuan } from '../domain/money.ts';
import { nowIso } from '../shared/clock.ts';
import { shanghaiDate } from '../shared/dates.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.ts';
import { releaseApplicationsAwaitingBudget } from './release-applications-awaiting-budget.ts';

export interface RoundCaller {
  sub: string;
  name: string;
  groups: string[];
  orgUnit: string;
}

export async function roundOrNotFound(year: number, program: string, orgUnit: string): Promise<BudgetRound> {
  const round = await getRound(year, program, orgUnit);
  if (!round) throw new NotFoundError({ zh: '未找到该预算编制轮次', en: 'No such budget round' });
  return round;
}

/**
 * Whether the caller holds `step` of the round: the unit's own officials propose and detail it;
 * finance of the unit or a unit above it sets the control figure and approves.
 */
export async function holdsStep(round: BudgetRound, step: RoundStep, caller: RoundCaller): Promise<boolean> {
  if (stepOwner[step] === 'official') return caller.groups.includes('official') && caller.orgUnit === round.orgUnit;
  return caller.groups.includes('finance') && (await loadOrgTree()).contains(caller.orgUnit, round.orgUnit);
}

/**
 * One step of a 二上二下 round (一上 proposal, 一下 control figure, 二上 detailed budget, 二下 approval):
 * 1. read the round (404); the caller must hold the step (403);
 * 2. the step must be the next one, within the figures before it (409 out of turn, 400 for figures);
 * 3. record it with its audit event (late when after its deadline); at approval, the approved
 *    figure becomes the budget's allocation in the same transaction (409 below reserved + paid);
 *    retried when the round or the budget changed meanwhile;
 * 4. after approval, applications parked for want of budget resume in order.
 */
export async function recordBudgetRoundStep(year: number, program: ProgramId, orgUnit: string, step: RoundStep, input: StepInput, caller: RoundCaller): Promise<BudgetRound> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const round = await roundOrNotFound(year, program, orgUnit);
    if (!(await holdsStep(round, step, caller))) {
      throw new ForbiddenError(stepOwner[step] === 'official' ? { zh: `“${stepNames[step].zh}”由本单位的工会干部办理`, en: `“${stepNames[step].en}” is for the unit’s own officials` } : { zh: `“${stepNames[step].zh}”由上级单位财务办理`, en: `“${stepNames[step].en}” is for finance of the unit above` });
    }
    const problems = stepProblems(round, step, input);
    const outOfTurn = problems.find((problem) => problem.path === 'step');
    if (outOfTurn) throw new ConflictError('WRONG_STEP', outOfTurn.message);
    if (problems.length) throw new ValidationError(problems);
    const at = nowIso();
    const actor: Actor = { sub: caller.sub, name: caller.name, role: stepOwner[step], orgUnit: caller.orgUnit };
    const record = { amountFen: input.amountFen, comment: input.comment.trim(), by: { sub: caller.sub, name: caller.name }, at, late: shanghaiDate(at) > round.deadlines[step], ...(input.targets ? { targets: input.targets } : {}) };
    let allocation: unknown[] = [];
    if (step === 'approval') {
      try {
        allocation = allocationWrites(program, year, orgUnit, await getBudget(program, year, orgUnit), input.amountFen, at, actor, `二下批复 / approved in the second round down: ${record.comment}`, 'APPROVE_BUDGET').items;
      } catch (error) {
        if (!(error instanceof AllocationBelowCommittedError)) throw error;
        const floor = { zh: `批复数不能低于已预留与已支付之和 ${formatYuan(error.committedFen)}`, en: `The approved figure cannot be below what is reserved and paid, ${formatYuan(error.committedFen)}` };
        throw new ConflictError('BELOW_COMMITTED', floor, [{ path: 'amountFen', message: floor }]);
      }
    }
    const recorded = await recordRoundStep(round, step, record, actor, allocation);
    if (!recorded) continue;
    if (step === 'approval') await releaseApplicationsAwaitingBudget(program, year);
    return recorded;
  }
  throw new ConflictError('CHANGED_MEANWHILE', { zh: '该预算刚被他人修改，请刷新后再试', en: 'Someone changed this budget meanwhile; reload and try again' });
}
