import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskBankAccount, maskIdNumber, residentIdProblem } from '../../../functions/domain/id-number.ts';
import { fenTimesRatio, formatYuan } from '../../../functions/domain/money.ts';
import { residentId } from '../../support/id-numbers.ts';

describe('resident ID numbers (GB 11643)', () => {
  it('accepts a number with the right check character, including X', () => {
    expect(residentIdProblem('11010519491231002X')).toBeUndefined();
    expect(residentIdProblem(residentId('420106', '2008-03-15', '123'))).toBeUndefined();
  });

  it.each([
    ['11010519491231002', 'too short'],
    ['110105194912310021', 'wrong check character'],
    ['110105194902300021', 'no 30 February'],
    ['1101051949123100AX', 'letters inside'],
  ])('refuses %s (%s) with a message in both languages', (id) => {
    const problem = residentIdProblem(id);
    expect(problem?.zh).toBeTruthy();
    expect(problem?.en).toBeTruthy();
  });

  it('refuses a birth date after today', () => {
    expect(residentIdProblem(residentId('110105', '2030-01-01', '001'), '2026-11-24')).toBeDefined();
  });

  it('masks the birth date and sequence, keeping the region and the last four', () => {
    expect(maskIdNumber('110105194912310021')).toBe('110105********0021');
    expect(maskBankAccount('6222021234567890123')).toBe('***************0123');
  });

  it('finds the checksum error in any single changed digit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (position, delta) => {
        const id = residentId('420106', '1990-05-17', '321');
        const changed = id.slice(0, position) + String((Number(id[position]) + delta) % 10) + id.slice(position + 1);
        return residentIdProblem(changed) !== undefined;
      }),
    );
  });
});

describe('money in fen', () => {
  it('formats yuan with separators and two decimals', () => {
    expect(formatYuan(0)).toBe('¥0.00');
    expect(formatYuan(7)).toBe('¥0.07');
    expect(formatYuan(123_456)).toBe('¥1,234.56');
    expect(formatYuan(-500)).toBe('-¥5.00');
  });

  it('formats any safe integer exactly: the digits read back give the same fen', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (fen) => {
        const text = formatYuan(fen).replace('¥', '').replaceAll(',', '').replace('.', '');
        return BigInt(text) === BigInt(fen);
      }),
    );
  });

  it('multiplies by a ratio rounding down to whole fen, never above the exact product', () => {
    expect(fenTimesRatio(1_200_000, 0.5)).toBe(600_000);
    expect(fenTimesRatio(333, 0.1)).toBe(33);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 11 }), fc.integer({ min: 0, max: 1_000_000 }), (fen, millionths) => {
        const result = fenTimesRatio(fen, millionths / 1_000_000);
        return Number.isSafeInteger(result) && result >= 0 && BigInt(result) * 1_000_000n <= BigInt(fen) * BigInt(millionths);
      }),
    );
  });

  it('refuses amounts that are not whole fen', () => {
    expect(() => formatYuan(1.5)).toThrow(RangeError);
  });
});
