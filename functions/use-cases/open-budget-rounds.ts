import { deadlineProblems, type RoundStep } from '../domain/finance/budget-rounds.ts';
import { openRounds } from '../store/budget-rounds.ts';
import { loadOrgTree } from '../store/directory.ts';
import { nowIso } from '../shared/clock.ts';
import { ConflictError, ValidationError, type FieldProblem } from '../shared/errors.ts';
import type { Caller } from './access.ts';

/**
 * Finance of the unit above opens a year's 二上二下 rounds of a program:
 * 1. the deadlines in step order; each unit exists, lies under the caller's unit, and is named once (400);
 * 2. one round per unit with its first audit event, all in one transaction; 409 when one of them
 *    has a round of that program and year already.
 */
export async function openBudgetRoundsFor(caller: Caller, input: { year: number; program: string; orgUnits: string[]; deadlines: Record<RoundStep, string>; comment?: string | undefined }): Promise<{ year: number; program: string; orgUnits: string[] }> {
  const tree = await loadOrgTree();
  const problems: FieldProblem[] = deadlineProblems(input.deadlines);
  input.orgUnits.forEach((id, index) => {
    const unit = tree.get(id);
    if (!unit) problems.push({ path: `orgUnits.${index}`, message: { zh: `没有组织 ${id}`, en: `No org unit ${id}` } });
    else if (!tree.contains(caller.orgUnit, id)) problems.push({ path: `orgUnits.${index}`, message: { zh: `${unit.name.zh}不在您的单位之下`, en: `${unit.name.en} is not under your unit` } });
  });
  if (new Set(input.orgUnits).size !== input.orgUnits.length) problems.push({ path: 'orgUnits', message: { zh: '组织重复', en: 'An org unit is listed twice' } });
  if (problems.length) throw new ValidationError(problems);
  const at = nowIso();
  const rounds = input.orgUnits.map((orgUnit) => ({ year: input.year, program: input.program, orgUnit, deadlines: input.deadlines, steps: {}, openedAt: at, openedBy: { sub: caller.sub, name: caller.name }, updatedAt: at }));
  if (!(await openRounds(rounds, { sub: caller.sub, name: caller.name, role: 'finance', orgUnit: caller.orgUnit }, input.comment))) {
    throw new ConflictError('ROUND_EXISTS', { zh: '其中有组织本年度的该项目预算编制已开始', en: 'A round of this program and year is already open for one of these units' });
  }
  return { year: input.year, program: input.program, orgUnits: input.orgUnits };
}
