import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { onlyDigits, typedWholeNumber, typedYuanToFen } from '../../../functions/shared/typed-number.ts';

describe('amounts as people type them', () => {
  it.each([
    ['35000', 3_500_000],
    ['35,000', 3_500_000],
    ['35，000', 3_500_000],
    ['３５０００', 3_500_000],
    ['3.5万', 3_500_000],
    ['３．５万', 3_500_000],
    ['2千', 200_000],
    ['¥1,234.56', 123_456],
    [' 120 元 ', 12_000],
    ['0.01万', 10_000],
  ])('reads %s as %i fen', (text, fen) => {
    expect(typedYuanToFen(text)).toEqual({ fen });
  });

  it.each(['abc', '3.5.1', '-200', '1,23', '万', '', '35000块钱'])('asks for digits only when given %j', (text) => {
    expect(typedYuanToFen(text)).toEqual({ problem: onlyDigits });
  });

  it('refuses fractions of a fen instead of rounding them', () => {
    expect(typedYuanToFen('1.005')).toHaveProperty('problem.zh', '金额最多精确到分');
    expect(typedYuanToFen('0.0000001万')).toHaveProperty('problem');
  });

  it('reads any whole yuan in full-width digits and with 万 the same as in plain digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (yuan) => {
        const fullWidth = String(yuan).replace(/\d/g, (digit) => String.fromCharCode(digit.charCodeAt(0) + 0xfee0));
        expect(typedYuanToFen(fullWidth)).toEqual({ fen: yuan * 100 });
        expect(typedYuanToFen(`${yuan}万`)).toEqual({ fen: yuan * 1_000_000 });
        expect(typedYuanToFen(yuan.toLocaleString('en-US'))).toEqual({ fen: yuan * 100 });
      }),
    );
  });
});

describe('whole numbers as people type them', () => {
  it.each([
    ['3', 3],
    ['３', 3],
    ['3人', 3],
    ['1,200', 1200],
    [' 45 岁', 45],
  ])('reads %s as %i', (text, value) => {
    expect(typedWholeNumber(text)).toBe(value);
  });

  it.each(['三', '3.5', '-1', 'x'])('is not a whole number: %s', (text) => {
    expect(typedWholeNumber(text)).toBeUndefined();
  });
});
