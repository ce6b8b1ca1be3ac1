import type { Message } from './i18n.ts';

/**
 * Numbers as people type them on a phone: full-width digits (３５０００), thousands separators
 * (35,000 or 35，000), a 万 or 千 (3.5万), a ¥ or 元, spaces. Read digit by digit, never through
 * floating point, so 3.5万 is exactly 35000 yuan.
 */

export const onlyDigits: Message = { zh: '请只填数字，如 35000', en: 'Numbers only, such as 35000' };

/** Full-width digits and punctuation to their ASCII forms, spaces removed. */
function normalized(text: string): string {
  return text
    .replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[，、]/g, ',')
    .replace(/\s+/g, '');
}

const multipliers: Record<string, bigint> = { 万: 10_000n, 千: 1_000n };

/** An amount in yuan, as typed, to integer fen; a problem that says what to type otherwise. */
export function typedYuanToFen(text: string): { fen: number } | { problem: Message } {
  const cleaned = normalized(text).replace(/^[¥￥]/, '').replace(/元$/, '');
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?([万千])?$/.exec(cleaned);
  if (!match) return { problem: onlyDigits };
  const whole = BigInt((match[1] as string).replaceAll(',', ''));
  const decimals = match[2] ?? '';
  const multiplier = match[3] ? (multipliers[match[3]] as bigint) : 1n;
  // fen = (whole + decimals / 10^n) × multiplier × 100, exact only when it comes out whole.
  const scale = 10n ** BigInt(decimals.length);
  const numerator = (whole * scale + BigInt(decimals || '0')) * multiplier * 100n;
  if (numerator % scale !== 0n) return { problem: { zh: '金额最多精确到分', en: 'Amounts go to the fen (two decimals) at most' } };
  const fen = numerator / scale;
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) return { problem: { zh: '金额过大', en: 'The amount is too large' } };
  return { fen: Number(fen) };
}

/** A count or whole number as typed (３, 3人, 1,200); undefined when it is not one. */
export function typedWholeNumber(text: string): number | undefined {
  const cleaned = normalized(text).replace(/[人口天岁年级份套]$/, '');
  if (!/^(\d{1,3}(?:,\d{3})+|\d+)$/.test(cleaned)) return undefined;
  const value = Number(cleaned.replaceAll(',', ''));
  return Number.isSafeInteger(value) ? value : undefined;
}
