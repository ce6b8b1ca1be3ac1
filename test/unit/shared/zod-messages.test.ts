import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { zodIssuesToFields } from '../../../functions/shared/zod-messages.ts';

describe('field problems from zod issues', () => {
  const schema = z.object({ size: z.int().min(1), name: z.string(), household: z.object({ incomeFen: z.int() }) });
  const problems = (input: unknown) => {
    const result = schema.safeParse(input);
    return result.success ? [] : zodIssuesToFields(result.error);
  };

  it('says "required" only for what is missing, and what was expected for what is of the wrong kind', () => {
    expect(problems({ size: 'many', name: 3, household: {} })).toEqual([
      { path: 'size', message: { zh: '应为数字', en: 'Must be a number' } },
      { path: 'name', message: { zh: '应为文本', en: 'Must be text' } },
      { path: 'household.incomeFen', message: { zh: '此项为必填', en: 'This field is required' } },
    ]);
  });

  it('names the bound that was crossed', () => {
    expect(problems({ size: 0, name: 'a', household: { incomeFen: 1 } })).toEqual([{ path: 'size', message: { zh: '不能小于 1', en: 'Must be at least 1' } }]);
  });
});
