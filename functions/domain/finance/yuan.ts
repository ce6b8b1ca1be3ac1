import type { Message } from '../message.ts';
import { assertFen } from '../money.ts';

/** Fen as a plain yuan figure for bank files: "1234.56", "-0.05". Integer arithmetic only. */
export function fenToYuanString(fen: number): string {
  assertFen(fen);
  const digits = String(Math.abs(fen)).padStart(3, '0');
  return `${fen < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

export type YuanParse = { fen: number } | { problem: Message };

/**
 * A yuan amount as banks write it — "1,234.5", "¥1234.50", "1234元", " 12 " — to integer fen, by
 * reading the digits (never parseFloat). More than two decimals, letters or an empty cell are problems.
 */
export function parseYuan(text: string): YuanParse {
  const cleaned = text.trim().replace(/^[¥￥]/, '').replace(/元$/, '').trim();
  const match = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return { problem: { zh: `金额“${text.trim()}”不是有效的元金额`, en: `"${text.trim()}" is not an amount in yuan` } };
  const whole = (match[2] as string).replaceAll(',', '');
  const fen = BigInt(whole) * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) return { problem: { zh: '金额过大', en: 'The amount is too large' } };
  return { fen: (match[1] ? -1 : 1) * Number(fen) };
}
