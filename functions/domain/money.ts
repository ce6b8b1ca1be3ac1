/**
 * Money is integer fen. Formatting goes through integer arithmetic on the digits, never through a
 * float, so ¥0.07 stays ¥0.07 and very large sums stay exact.
 */
export function assertFen(fen: number): void {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`an amount in fen must be a safe integer, got ${fen}`);
}

/** ¥1,234.56 */
export function formatYuan(fen: number): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const digits = String(Math.abs(fen)).padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${whole}.${digits.slice(-2)}`;
}

/** fen × ratio, rounded down to whole fen: payouts never exceed the rule. Ratios come from parameters (0.5, 0.8 …). */
export function fenTimesRatio(fen: number, ratio: number): number {
  assertFen(fen);
  if (!Number.isFinite(ratio) || ratio < 0) throw new RangeError(`a ratio must be a finite non-negative number, got ${ratio}`);
  // Ratios are given to at most 6 decimals; scaling them to an integer keeps the product exact.
  const scaled = Math.round(ratio * 1_000_000);
  return Number((BigInt(fen) * BigInt(scaled)) / 1_000_000n);
}

/** A rate held as integer basis points (执行率), written without a float: 1234 → "12.34%". */
export function formatBasisPoints(bp: number): string {
  return `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`;
}

export const clampFen = (fen: number, min: number, max: number): number => Math.min(Math.max(fen, min), max);
