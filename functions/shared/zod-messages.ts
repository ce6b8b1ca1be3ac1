import type * as z from 'zod';
import type { FieldProblem } from './errors.ts';
import type { Message } from './i18n.ts';
import { namesOfChoices } from './code-names.ts';
import { onlyDigits } from './typed-number.ts';

type Issue = z.core.$ZodIssue;

/** The allowed choices by their names (a code reaches no reader); values no table names, as they are. */
function choices(values: readonly unknown[]): Message {
  const names = namesOfChoices(values);
  if (names) return { zh: names.zh.join('、'), en: names.en.join(', ') };
  const plain = values.map((value) => String(value)).join(' / ');
  return { zh: plain, en: plain };
}

const formatNames: Record<string, Message> = {
  date: { zh: '日期，如 2025-03-01', en: 'a date such as 2025-03-01' },
  datetime: { zh: '日期和时间', en: 'a date and time' },
  email: { zh: '电子邮箱地址', en: 'an email address' },
  uuid: { zh: '编号', en: 'an identifier' },
};

const typeNames: Record<string, Message> = {
  string: { zh: '文本', en: 'text' },
  number: { zh: '数字', en: 'a number' },
  int: { zh: '整数', en: 'a whole number' },
  boolean: { zh: '是/否', en: 'true or false' },
  array: { zh: '列表', en: 'a list' },
  object: { zh: '对象', en: 'an object' },
};

/** A plain zh/en sentence for one zod issue; custom refinements bring their own in `params`. */
export function issueMessage(issue: Issue): Message {
  const params = (issue as { params?: { zh?: string; en?: string } }).params;
  if (params?.zh && params.en) return { zh: params.zh, en: params.en };
  switch (issue.code) {
    case 'invalid_type': {
      // zod reports the input only on request; its own message still says what was received.
      const missing = 'input' in issue ? issue.input === undefined : /received undefined$/.test(issue.message);
      if (missing) return { zh: '此项为必填', en: 'This field is required' };
      // A form sends NaN for what it could not read as a number (see typed-number.ts).
      const notANumber = 'input' in issue ? Number.isNaN(issue.input) : /received NaN$/.test(issue.message);
      if (notANumber) return onlyDigits;
      const expected = typeNames[issue.expected] ?? { zh: issue.expected, en: issue.expected };
      return { zh: `应为${expected.zh}`, en: `Must be ${expected.en}` };
    }
    case 'too_small': {
      const min = String(issue.minimum);
      if (issue.origin === 'string') return { zh: `至少 ${min} 个字符`, en: `Must be at least ${min} characters` };
      if (issue.origin === 'array' || issue.origin === 'set') return { zh: `至少 ${min} 项`, en: `Must have at least ${min} items` };
      return { zh: `不能小于 ${min}`, en: `Must be at least ${min}` };
    }
    case 'too_big': {
      const max = String(issue.maximum);
      if (issue.origin === 'string') return { zh: `最多 ${max} 个字符`, en: `Must be at most ${max} characters` };
      if (issue.origin === 'array' || issue.origin === 'set') return { zh: `最多 ${max} 项`, en: `Must have at most ${max} items` };
      return { zh: `不能大于 ${max}`, en: `Must be at most ${max}` };
    }
    case 'invalid_value': {
      const allowed = choices(issue.values);
      return { zh: `应为以下之一：${allowed.zh}`, en: `Must be one of: ${allowed.en}` };
    }
    case 'invalid_format': {
      const format = formatNames[issue.format];
      return format ? { zh: `格式不正确，应为${format.zh}`, en: `Has the wrong format; expected ${format.en}` } : { zh: '格式不正确', en: 'Has the wrong format' };
    }
    case 'not_multiple_of':
      return { zh: `应为 ${String(issue.divisor)} 的整数倍`, en: `Must be a multiple of ${String(issue.divisor)}` };
    case 'unrecognized_keys':
      return { zh: `不认识的字段：${issue.keys.join(', ')}`, en: `Unknown fields: ${issue.keys.join(', ')}` };
    case 'invalid_union': {
      const discriminator = (issue as { note?: string }).note;
      return discriminator ? { zh: '取值不在允许范围内', en: 'Not one of the allowed values' } : { zh: '不符合任何允许的形式', en: 'Matches none of the allowed forms' };
    }
    default:
      return { zh: '取值无效', en: 'Not a valid value' };
  }
}

/** Every zod issue as a field problem with a dotted path (`details.child.name`, `members.0.age`). */
export function zodIssuesToFields(error: z.ZodError, prefix = ''): FieldProblem[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map((part) => String(part))].filter((part) => part !== '').join('.');
    return { path: path || '(body)', message: issueMessage(issue) };
  });
}
