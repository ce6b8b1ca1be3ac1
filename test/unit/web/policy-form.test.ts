import { describe, expect, it } from 'vitest';
import { demoRegion } from '../../../infra/local/demo-region.ts';
import { testDay } from '../../support/calendar.ts';
import { getProgram } from '../../../functions/domain/programs/index.ts';
import type { ProgramId } from '../../../functions/domain/programs/types.ts';
import { coveredPaths, formValues, parametersFrom } from '../../../web/src/pages/official/policy-form.ts';

/** Every leaf of a parameter version (a list of strings or levels is one leaf; a list of numbers, each item). */
function leaves(value: unknown, path: string[] = []): string[] {
  if (Array.isArray(value)) return value.every((item) => typeof item === 'number') && path.at(-1) === 'gradeRatios' ? value.map((_, index) => [...path, String(index)].join('.')) : [path.join('.')];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => leaves(item, [...path, key]));
  return [path.join('.')];
}

/** The demo's policies as seeded on the test day (a campaign's window is written relative to it). */
const policies = demoRegion(testDay()).policies as Record<string, { parameters: Record<string, unknown> }>;

describe('the policy editor’s form', () => {
  it.each(Object.keys(policies))('has a labelled field for every figure of %s, and gives back the same parameters', (program) => {
    const parameters = getProgram(program as ProgramId).parametersSchema.parse(policies[program]!.parameters) as Record<string, unknown>;
    // What defines a plan or a campaign rather than its figures, which the form keeps as they are.
    const defining = /\.(kind|illness)$|^(campaign|window|fundingSources|goods|holidays|workingWeekends)(\.|$)/;
    expect(leaves(parameters).filter((path) => !defining.test(path)).filter((path) => !coveredPaths(program).includes(path))).toEqual([]);
    expect(parametersFrom(program, parameters, formValues(program, parameters))).toEqual({ parameters });
    // As stored too, where figures with a default may be absent: the form leaves them absent.
    const stored = policies[program]!.parameters;
    expect(parametersFrom(program, stored, formValues(program, stored))).toEqual({ parameters: stored });
  });

  it('reads yuan, percents and counts as people type them, and names each field it cannot read', () => {
    const base = getProgram("mutual-claim").parametersSchema.parse(policies['mutual-claim']!.parameters) as Record<string, unknown>;
    const values = formValues('mutual-claim', base);
    expect(values['plans.hospital-allowance.perDayFen']).toBe('40.00');
    expect(values.reducedRatio).toBe('50');
    const changed = parametersFrom('mutual-claim', base, { ...values, 'plans.hospital-allowance.perDayFen': '45.5', reducedRatio: '60', exclusionDays: '３０', 'plans.hospital-allowance.premiumFen': '' });
    expect(changed).toHaveProperty('parameters');
    const parameters = (changed as { parameters: any }).parameters;
    expect(parameters.plans['hospital-allowance']).toMatchObject({ perDayFen: 4550, kind: 'per-day' });
    expect(parameters.plans['hospital-allowance']).not.toHaveProperty('premiumFen');
    expect(parameters.reducedRatio).toBe(0.6);
    expect(parameters.exclusionDays).toBe(30);
    const wrong = parametersFrom('mutual-claim', base, { ...values, 'plans.hospital-allowance.perDayFen': 'abc', exclusionDays: '', reducedRatio: '五十' });
    expect(Object.keys((wrong as { problems: object }).problems).sort()).toEqual(['exclusionDays', 'plans.hospital-allowance.perDayFen', 'reducedRatio']);
  });
});
