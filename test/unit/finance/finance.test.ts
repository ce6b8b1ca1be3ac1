import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bankTransferFile } from '../../../functions/domain/finance/bank-file.ts';
import { parseBankResultText } from '../../../functions/domain/finance/bank-results.ts';
import { createReconciler } from '../../../functions/domain/finance/reconcile.ts';
import { fenToYuanString, parseYuan } from '../../../functions/domain/finance/yuan.ts';

describe('yuan in bank files', () => {
  it('formats fen as yuan with two decimals', () => {
    expect(fenToYuanString(0)).toBe('0.00');
    expect(fenToYuanString(5)).toBe('0.05');
    expect(fenToYuanString(-5)).toBe('-0.05');
    expect(fenToYuanString(123_456)).toBe('1234.56');
  });

  it.each([
    ['1,234.50', 123_450],
    ['¥1234.5', 123_450],
    [' 12 ', 1_200],
    ['1234元', 123_400],
    ['-0.05', -5],
  ])('reads %s as %i fen', (text, fen) => {
    expect(parseYuan(text)).toEqual({ fen });
  });

  it.each(['', 'abc', '1.234', '12,34.00', '1e5'])('refuses %s', (text) => {
    expect('problem' in parseYuan(text)).toBe(true);
  });

  it('round-trips any safe-integer amount, with or without separators', () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (fen) => {
        const plain = fenToYuanString(fen);
        const grouped = plain.replace(/^(-?)(\d+)/, (_, sign: string, whole: string) => sign + whole.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
        return (parseYuan(plain) as { fen: number }).fen === fen && (parseYuan(grouped) as { fen: number }).fen === fen;
      }),
    );
  });
});

describe('the bank transfer file', () => {
  const lines = [
    { instructionId: 'APP-1-P1', payeeName: '张伟', accountNumber: '6222021234567890123', bank: '中国工商银行', amountFen: 500_000, purpose: '金秋助学 2026' },
    { instructionId: 'APP-2-P1', payeeName: '=cmd', accountNumber: '6216601234567890', bank: 'Bank, "Quoted"', amountFen: 7, purpose: 'x' },
  ];

  it('is the same bytes for the same batch, with totals equal to the sum of its lines', () => {
    const file = bankTransferFile(lines);
    expect(bankTransferFile(lines).text).toBe(file.text);
    expect(file.totalFen).toBe(500_007);
    expect(file.text.startsWith('\uFEFF')).toBe(true);
    expect(file.text).toContain('APP-1-P1,张伟,6222021234567890123,中国工商银行,5000.00,金秋助学 2026\r\n');
  });

  it('quotes commas and quotes, and defuses spreadsheet formulas', () => {
    const text = bankTransferFile(lines).text;
    expect(text).toContain(`APP-2-P1,'=cmd,6216601234567890,"Bank, ""Quoted""",0.07,x\r\n`);
  });
});

describe('reconciliation', () => {
  const instructions = [
    { instructionId: 'I-1', amountFen: 10_000 },
    { instructionId: 'I-2', amountFen: 20_000 },
    { instructionId: 'I-3', amountFen: 30_000 },
    { instructionId: 'I-4', amountFen: 40_000 },
  ];
  const file = ['\uFEFFinstruction id,amount,status,reason', 'I-1,100.00,SUCCESS,', 'I-2,200.00,FAILED,account closed', 'I-3,"3,000.00",SUCCESS,', 'I-1,100.00,SUCCESS,', 'I-9,5.00,SUCCESS,', 'I-4,not money,SUCCESS,', '', ''].join('\r\n');

  async function reconcile(settled: Record<string, 'PAID' | 'FAILED'> = {}) {
    const reconciler = createReconciler(instructions.map((i) => ({ ...i, ...(settled[i.instructionId] ? { settled: settled[i.instructionId] } : {}) })));
    const lines = [];
    for await (const result of parseBankResultText(file)) lines.push(reconciler.accept(result));
    return { lines, ...reconciler.finish() };
  }

  it('classes every line: paid, failed, mismatch, duplicate, unknown, malformed with its line number, and missing', async () => {
    const { lines, missing, totals } = await reconcile();
    expect(lines.map((line) => [line.instructionId, line.class])).toEqual([
      ['I-1', 'PAID'],
      ['I-2', 'FAILED'],
      ['I-3', 'AMOUNT_MISMATCH'],
      ['I-1', 'DUPLICATE'],
      ['I-9', 'UNKNOWN'],
      [null, 'MALFORMED'],
    ]);
    expect(lines[5]?.lineNo).toBe(7);
    expect(lines[1]?.reason).toBe('account closed');
    expect(missing.map((line) => line.instructionId)).toEqual(['I-4']);
    expect(totals.PAID).toEqual({ count: 1, fen: 10_000 });
    expect(totals.MISSING).toEqual({ count: 1, fen: 40_000 });
    const batchFen = instructions.reduce((sum, i) => sum + i.amountFen, 0);
    expect(totals.PAID.fen + totals.FAILED.fen + totals.MISSING.fen + lines.filter((l) => l.class === 'AMOUNT_MISMATCH').reduce((sum, l) => sum + (l.expectedFen ?? 0), 0)).toBe(batchFen);
  });

  it('asks for effects only for instructions not settled before: a re-import changes nothing', async () => {
    expect((await reconcile()).lines.filter((line) => line.effect).map((line) => line.effect)).toEqual(['MARK_PAID', 'MARK_FAILED']);
    expect((await reconcile({ 'I-1': 'PAID', 'I-2': 'FAILED' })).lines.filter((line) => line.effect)).toEqual([]);
  });

  it('reports a header without the needed columns', async () => {
    const results = [];
    for await (const result of parseBankResultText('name,value\nI-1,1')) results.push(result);
    expect(results[0]).toMatchObject({ kind: 'malformed', lineNo: 1 });
  });
});
