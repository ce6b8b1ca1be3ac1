import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { getProgram, programIds } from '../../../functions/domain/programs/index.ts';
import { selfCheckAnswers } from '../../../functions/domain/self-check.ts';
import { enumNames, namesOfChoices, policyVersionName } from '../../../functions/shared/code-names.ts';
import { zodIssuesToFields } from '../../../functions/shared/zod-messages.ts';

/** Every enum a JSON Schema holds, wherever it is nested. */
function enumsOf(schema: unknown): string[][] {
  if (!schema || typeof schema !== 'object') return [];
  const own = Array.isArray((schema as { enum?: unknown }).enum) ? [(schema as { enum: string[] }).enum] : [];
  return [...own, ...Object.values(schema).flatMap(enumsOf)];
}

describe('the names of coded values', () => {
  const formEnums = [...programIds.map((id) => getProgram(id).detailsSchema), selfCheckAnswers].flatMap((schema) => enumsOf(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })));

  it('has a table that names every code of each enum in the forms and the self-check', () => {
    expect(formEnums.length).toBeGreaterThan(10);
    for (const values of formEnums) {
      const table = enumNames.find((names) => values.every((value) => value in names));
      expect(table, `no table names ${values.join(', ')}`).toBeDefined();
    }
  });

  it('names a choice from the table of that choice (accident is 意外伤害 as a plan, 意外 as a cause)', () => {
    expect(namesOfChoices(['hospital-allowance', 'critical-illness', 'women-special', 'accident'])?.zh).toEqual(['住院津贴', '重大疾病', '女职工特殊疾病', '意外伤害']);
    expect(namesOfChoices(['illness', 'disability', 'unemployment', 'accident', 'disaster', 'schooling', 'low-income', 'other'])?.zh[3]).toBe('意外');
    expect(namesOfChoices(['no-such-code'])).toBeUndefined();
  });

  it('says which choices are allowed by their names, not their codes', () => {
    const result = getProgram('autumn-aid').detailsSchema.safeParse({ category: 'rich' });
    const category = result.success ? undefined : zodIssuesToFields(result.error).find((field) => field.path === 'category');
    expect(category?.message.zh).toBe('应为以下之一：建档困难职工家庭、困难农民工家庭、困难新就业形态劳动者（快递员、网约车司机、外卖骑手等）、因病、意外或低收入临时困难（未建档）、工亡或工伤致残职工家庭');
    expect(category?.message.en).toMatch(/^Must be one of: Filed hardship worker family, /);
    expect(category?.message.zh).not.toMatch(/filed-hardship/);
  });

  it('asks for digits only where a form could not read a number', () => {
    const result = z.object({ size: z.int() }).safeParse({ size: Number.NaN });
    expect(result.success ? [] : zodIssuesToFields(result.error)).toEqual([{ path: 'size', message: { zh: '请只填数字，如 35000', en: 'Numbers only, such as 35000' } }]);
  });

  it('says a policy version as people do', () => {
    expect(policyVersionName('2026-01-01', 1)).toEqual({ zh: '2026年1月1日起施行的第1版', en: 'version 1, in force from 1 January 2026' });
  });
});
