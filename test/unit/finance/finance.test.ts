import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bankFormats, transferPurpose } from '../../../functions/domain/finance/bank-formats/index.ts';
import { parseBankResultText, ResultHeaderError } from '../../../functions/domain/finance/bank-results.ts';
import { splitCsvLine, unwrapTextCell } from '../../../functions/domain/finance/csv.ts';
import { auditPayment, blockedBy, defaultRuleSettings, luhnValid, ruleClasses, warnedBy, type PaymentFacts } from '../../../functions/domain/finance/payment-rules.ts';
import { mayDownloadBankFile, mayImportResults, nextSignOff, signOffRefusal, type SignOffState } from '../../../functions/domain/finance/sign-off.ts';
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

describe('the bank transfer files', () => {
  const lines = [
    { instructionId: 'APP-1-P1', payeeName: '张伟', accountNumber: '6222021234567890123', bank: '中国工商银行', amountFen: 500_000, purpose: transferPurpose('金秋助学', 'APP-1') },
    { instructionId: 'APP-2-P1', payeeName: '=cmd', accountNumber: '6216601234567890', bank: 'Bank, "Quoted"', amountFen: 7, purpose: 'x' },
  ];
  const payer = { accountNumber: '3202000109000012345', accountName: '示范市总工会', bank: '中国工商银行示范市分行' };
  const generic = bankFormats.generic;

  it('is the same bytes for the same batch, with totals equal to the sum of its lines', () => {
    const file = generic.file(lines, undefined);
    expect(generic.file(lines, undefined).text).toBe(file.text);
    expect(file.totalFen).toBe(500_007);
    expect(file.text.startsWith('\uFEFF')).toBe(true);
    expect(file.text).toContain('APP-1-P1,张伟,"=""6222021234567890123""",中国工商银行,5000.00,金秋助学 APP-1\r\n');
  });

  it('keeps account numbers as text for Excel, and reads them back as digits', () => {
    const row = generic.file(lines, undefined).text.split('\r\n')[1] as string;
    const cells = splitCsvLine(row) as string[];
    expect(cells[2]).toBe('="6222021234567890123"');
    expect(unwrapTextCell(cells[2] as string)).toBe('6222021234567890123');
    expect(unwrapTextCell('=HYPERLINK("x")')).toBe('=HYPERLINK("x")');
  });

  it('quotes commas and quotes, and defuses spreadsheet formulas', () => {
    const text = generic.file(lines, undefined).text;
    expect(text).toContain(`APP-2-P1,'=cmd,"=""6216601234567890""","Bank, ""Quoted""",0.07,x\r\n`);
  });

  it('names the purpose by the program in Chinese and the reference, with no internal code', () => {
    expect(transferPurpose('职工互助保障', 'APP-20261101-ABCDE12345')).toBe('职工互助保障 APP-20261101-ABCDE12345');
  });

  it('writes ICBC’s batch-payment columns with the paying account on every line and the instruction in 备注', () => {
    const text = bankFormats['icbc-batch-payment'].file(lines, payer).text;
    const rows = text.slice(1).split('\r\n').filter(Boolean).map((row) => splitCsvLine(row) as string[]);
    expect(rows[0]).toEqual(['付款账号开户行', '付款账号', '付款账号名称', '收款账号开户行', '省份名', '城市名', '收款账号', '收款账号名称', '金额', '汇款用途', '备注']);
    expect(rows[1]).toEqual(['中国工商银行示范市分行', '="3202000109000012345"', '示范市总工会', '中国工商银行', '', '', '="6222021234567890123"', '张伟', '5000.00', '金秋助学 APP-1', 'APP-1-P1']);
    expect(rows).toHaveLength(3);
  });
});

describe('batch sign-off', () => {
  const prepared = (signOffs: 2 | 3): SignOffState => ({ status: 'PREPARED', signOffs, createdBy: { sub: 'maker', name: '林涛' } });

  it('lets another finance user than the preparer release a two-person batch, never the preparer', () => {
    expect(nextSignOff(prepared(2))).toBe('release');
    expect(signOffRefusal(prepared(2), 'release', 'maker')?.kind).toBe('same-person');
    expect(signOffRefusal(prepared(2), 'release', 'checker')).toBeUndefined();
    expect(signOffRefusal(prepared(2), 'review', 'checker')?.kind).toBe('state');
  });

  it('needs three distinct people when three sign: review before release, and the reviewer does not release', () => {
    const batch = prepared(3);
    expect(signOffRefusal(batch, 'release', 'checker')?.kind).toBe('state');
    expect(signOffRefusal(batch, 'review', 'maker')?.kind).toBe('same-person');
    expect(signOffRefusal(batch, 'review', 'reviewer')).toBeUndefined();
    const reviewed: SignOffState = { ...batch, status: 'REVIEWED', reviewedBy: { sub: 'reviewer', name: '孙悦', at: '' } };
    expect(signOffRefusal(reviewed, 'release', 'reviewer')?.kind).toBe('same-person');
    expect(signOffRefusal(reviewed, 'release', 'maker')?.kind).toBe('same-person');
    expect(signOffRefusal(reviewed, 'release', 'releaser')).toBeUndefined();
    expect(signOffRefusal({ ...reviewed, status: 'RELEASED' }, 'release', 'other')?.kind).toBe('state');
  });

  it('has a bank file only after release, and results only once it was sent', () => {
    const statuses = ['PREPARED', 'REVIEWED', 'RELEASED', 'SENT', 'RECONCILED'] as const;
    expect(statuses.map(mayDownloadBankFile)).toEqual([false, false, true, true, true]);
    expect(statuses.map(mayImportResults)).toEqual([false, false, false, true, true]);
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

  it('refuses a header without the needed columns whole, naming them', async () => {
    const read = async (text: string) => {
      for await (const _ of parseBankResultText(text));
    };
    const refused = await read('\uFEFF指令编号,账号,金额\r\nI-1,6222,1.00\r\n').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ResultHeaderError);
    expect((refused as ResultHeaderError).missing).toEqual(['状态 status']);
    expect((refused as ResultHeaderError).problem.zh).toContain('状态 status');
    expect(((await read('name,value\nI-1,1').catch((error: unknown) => error)) as ResultHeaderError).missing).toEqual(['指令编号 instruction id', '金额 amount', '状态 status']);
  });

  it('finds the instruction in 备注 when no column names it (ICBC’s result file), and reads account numbers Excel kept as text', async () => {
    const results = [];
    for await (const result of parseBankResultText('收款账号,金额,处理结果,备注\n"=""6222021234567890123""",100.00,成功,I-1\n')) results.push(result);
    expect(results[0]).toMatchObject({ kind: 'result', instructionId: 'I-1', accountNumber: '6222021234567890123', outcome: 'SUCCESS' });
  });

  it('flags a line that contradicts an earlier result as a conflict that changes nothing, and keeps settled lines the later file omits', async () => {
    const { lines, missing, totals } = await reconcile({ 'I-1': 'FAILED', 'I-2': 'FAILED', 'I-4': 'PAID' });
    expect(lines[0]).toMatchObject({ instructionId: 'I-1', class: 'CONFLICT', settledAs: 'FAILED' });
    expect(lines[0]?.effect).toBeUndefined();
    expect(lines[1]).toMatchObject({ instructionId: 'I-2', class: 'FAILED' });
    expect(totals.CONFLICT).toEqual({ count: 1, fen: 10_000 });
    expect(missing).toEqual([{ lineNo: null, instructionId: 'I-4', amountFen: 40_000, class: 'PAID', fromEarlierImport: true }]);
    expect(totals.MISSING.count).toBe(0);
  });
});

describe('payment audit rules', () => {
  const facts: PaymentFacts = {
    program: 'autumn-aid',
    amountFen: 500_000,
    decision: { eligible: true, amountFen: 500_000, policyVersion: 'v1' },
    reservation: { amountFen: 500_000 },
    budgetReservedFen: 500_000,
    attachmentKinds: ['admission-letter'],
    acceptedKinds: ['admission-letter'],
    duplicateBenefits: [],
    sameInBatch: [],
    applicant: { sub: 'w-1', name: '张伟' },
    approvalLevels: [1, 2, 3],
    approvals: [
      { level: 1, sub: 'o-1', decidedAt: '2027-01-01T01:00:00.000Z' },
      { level: 2, sub: 'o-2', decidedAt: '2027-01-02T01:00:00.000Z' },
      { level: 3, sub: 'o-3', decidedAt: '2027-01-03T01:00:00.000Z' },
    ],
    payeeHousehold: ['李秀英', '张小明'],
    preparerSub: 'f-1',
    account: { holder: '张伟', number: '4111111111111111', bank: '中国工商银行示范市分行' },
  };
  const failed = (changes: Partial<PaymentFacts>) => auditPayment({ ...facts, ...changes }, defaultRuleSettings).filter((result) => !result.passed).map((result) => result.class);

  it('passes all six classes for a clean payment', () => {
    expect(auditPayment(facts, defaultRuleSettings).map((result) => [result.class, result.passed])).toEqual(ruleClasses.map((ruleClass) => [ruleClass, true]));
  });

  it('fails each class on what it reads', () => {
    expect(failed({ budgetReservedFen: 100 })).toEqual(['budget']);
    expect(failed({ decision: { eligible: true, amountFen: 400_000, policyVersion: 'v1' } })).toEqual(['standard']);
    expect(failed({ attachmentKinds: [] })).toEqual(['documents']);
    expect(failed({ acceptedKinds: [] })).toEqual(['documents']);
    expect(auditPayment({ ...facts, acceptedKinds: ['other'] }, defaultRuleSettings).find((result) => result.class === 'documents')?.message.zh).toBe('单据未经审核人员确认：录取通知书');
    expect(failed({ duplicateBenefits: [{ applicationId: 'APP-2', program: 'hardship-relief', programName: { zh: '困难职工帮扶', en: 'Hardship relief' }, purpose: 'schooling', purposeName: { zh: '助学', en: 'Schooling' }, amountFen: 300_000 }] })).toEqual(['duplicates']);
    expect(failed({ sameInBatch: ['APP-3-P1'] })).toEqual(['duplicates']);
    expect(failed({ approvals: facts.approvals.slice(0, 2) })).toEqual(['authority']);
    expect(failed({ approvals: facts.approvals.map((approval) => ({ ...approval, sub: approval.level === 3 ? 'o-1' : approval.sub })) })).toEqual(['authority']);
    expect(failed({ preparerSub: 'o-2' })).toEqual(['authority']);
    // A shared household: the approver is named in the payee's household, or the payee in the approver's.
    expect(failed({ approvals: facts.approvals.map((approval) => ({ ...approval, name: approval.level === 2 ? '李秀英' : '某干部' })) })).toEqual(['authority']);
    expect(auditPayment({ ...facts, approvals: facts.approvals.map((approval) => ({ ...approval, name: approval.level === 2 ? '李秀英' : '某干部' })) }, defaultRuleSettings).find((result) => result.class === 'authority')?.message.zh).toContain('同属一户：李秀英');
    expect(failed({ approvals: facts.approvals.map((approval) => ({ ...approval, household: approval.level === 1 ? ['张伟'] : [] })) })).toEqual(['authority']);
    expect(failed({ approvals: facts.approvals.map((approval) => ({ ...approval, name: '王干部', household: ['王小明'] })) })).toEqual([]);
    expect(failed({ account: { ...facts.account, number: '4111111111111112' } })).toEqual(['account']);
    expect(failed({ account: { ...facts.account, holder: '李娜' } })).toEqual(['account']);
    expect(failed({ account: { ...facts.account, bank: '某某钱庄' } })).toEqual(['account']);
    expect(failed({ account: { ...facts.account, changedAt: '2027-01-04T00:00:00.000Z' } })).toEqual(['account']);
  });

  it('grades failures by the program’s settings: blocks keep it out, warnings need a comment', () => {
    const results = auditPayment({ ...facts, attachmentKinds: [], budgetReservedFen: 0 }, defaultRuleSettings);
    expect(blockedBy(results).map((result) => result.class)).toEqual(['budget']);
    expect(warnedBy(results).map((result) => result.class)).toEqual(['documents']);
    expect(warnedBy(results)[0]?.message.zh).toContain('录取通知书');
    expect(blockedBy(auditPayment({ ...facts, budgetReservedFen: 0 }, { ...defaultRuleSettings, budget: 'warn' }))).toEqual([]);
  });

  it('checks card numbers by Luhn (12–19 digits)', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('79927398713')).toBe(false);
    expect(luhnValid('4111111111111112')).toBe(false);
  });
});
