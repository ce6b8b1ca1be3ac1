import * as z from 'zod';
import { MAX_DOCUMENTS } from '../documents.ts';
import { residentIdProblem } from '../id-number.ts';
import type { Message } from '../message.ts';
import type { Check, FactValue } from './types.ts';

/** Custom issues carry their zh/en sentence in `params` (functions/shared/zod-messages reads it). */
export const issue = (ctx: z.RefinementCtx, message: Message, path?: (string | number)[]) =>
  ctx.addIssue({ code: 'custom', message: message.en, params: message, ...(path ? { path } : {}) });

export const residentId = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .superRefine((value, ctx) => {
    const problem = residentIdProblem(value);
    if (problem) issue(ctx, problem);
  });

export const fen = (max = 100_000_000_000) => z.int().min(0).max(max);

/** A string matching `pattern`, with its own zh/en message. */
export const patterned = (pattern: RegExp, message: Message) => z.string().refine((value) => pattern.test(value), { message: message.en, params: message });

/** A calendar date the programs can mean: a real day (no 2026-02-30) from 1900 to 2199 (no 0000-01-01). */
export const isoDate = patterned(/^\d{4}-\d{2}-\d{2}$/, { zh: '日期应写成“年-月-日”，如 2025-03-01', en: 'Write dates as year-month-day, such as 2025-03-01' }).refine(
  (value) => value >= '1900-01-01' && value <= '2199-12-31' && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
  { message: 'Not a real date', params: { zh: '不是有效的日期（1900 至 2199 年间的真实日期）', en: 'Not a real date (a real day from 1900 to 2199)' } },
);

export const bankAccount = z.object({
  holder: z.string().trim().min(1).max(50),
  bank: z.string().trim().min(2).max(100),
  number: patterned(/^\d{12,30}$/, { zh: '银行卡号应为 12–30 位数字', en: 'The account number must be 12–30 digits' }),
});

export type BankAccount = z.infer<typeof bankAccount>;

/** An uploaded document's id, as `POST /documents` gives it. */
export const documentId = patterned(/^DOC-[0-9A-F]{20}$/, { zh: '证明材料的编号无效，请重新上传', en: 'Not a document reference; upload the document again' });

/**
 * The documents an applicant hands in: photos or PDFs uploaded beforehand (`POST /documents`),
 * several per kind, each by its id; which kinds depends on the program. The submit checks that
 * each is the applicant's own and was recognised, and that every required kind is there.
 */
export const attachmentsOf = <K extends string>(kinds: readonly [K, ...K[]]) =>
  z.array(z.object({ kind: z.enum(kinds), documentId, name: z.string().trim().min(1).max(200).optional() })).max(MAX_DOCUMENTS).default([]);

export const levelList = z.array(z.int().min(1).max(9)).min(1);

export function check(code: string, passed: boolean, facts: Record<string, FactValue>, message: Message): Check {
  return { code, passed, facts, message };
}

/** The calendar date in Asia/Shanghai (UTC+8, no daylight saving) of an ISO instant. */
export const shanghaiDateOf = (iso: string): string => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

/** Whole days from `from` to `to` (YYYY-MM-DD), counting `from` as day 1: the 2nd of a month is day 2 from the 1st. */
export function dayNumber(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** A grant is paid only into the member's own account: the holder's name must be theirs (an official filing for a member is told so). */
export function foreignAccountProblem(holder: string | undefined, memberName: string, filing: 'own' | 'assisted' = 'own'): Message | undefined {
  if (holder === memberName) return undefined;
  return filing === 'assisted'
    ? { zh: `收款账户须为会员本人账户，户名应为“${memberName}”`, en: `The bank account must be the member's own, held by "${memberName}"` }
    : { zh: `收款账户须为本人账户，户名应为“${memberName}”`, en: `The bank account must be your own, held by "${memberName}"` };
}
