import type { Message } from '../../shared/i18n.ts';
import { splitCsvLine } from './csv.ts';
import { parseYuan } from './yuan.ts';

/** One line of the bank's result file, as the bank reported it. */
export interface BankResult {
  kind: 'result';
  lineNo: number;
  instructionId: string;
  accountNumber: string;
  amountFen: number;
  outcome: 'SUCCESS' | 'FAILED';
  reason: string;
  reference: string;
}

export interface MalformedLine {
  kind: 'malformed';
  lineNo: number;
  text: string;
  problem: Message;
}

type Column = 'instructionId' | 'accountNumber' | 'amount' | 'status' | 'reason' | 'reference';

/** Header names banks use, in Chinese or English (compared without spaces, case or brackets). */
const COLUMN_NAMES: Record<Column, string[]> = {
  instructionId: ['instructionid', '指令编号', '指令编号instructionid', '付款指令编号'],
  accountNumber: ['accountnumber', 'account', '账号', '账号accountnumber', '收款账号'],
  amount: ['amount', 'amountyuan', '金额', '金额元', '金额(元)amount(yuan)', '金额元amountyuan'],
  status: ['status', '状态', '状态status', '处理结果', 'result'],
  reason: ['reason', '原因', '失败原因', '原因reason', 'bankreason'],
  reference: ['reference', 'bankreference', '流水号', '银行流水号', '流水号reference'],
};
const normalise = (name: string) => name.toLowerCase().replace(/[\s()（）_-]/g, '');
const SUCCESS = new Set(['success', 'succeeded', 'paid', '成功']);
const FAILED = new Set(['failed', 'failure', 'fail', '失败']);

function columnsOf(header: string[]): Partial<Record<Column, number>> {
  const columns: Partial<Record<Column, number>> = {};
  header.forEach((name, index) => {
    const key = normalise(name);
    for (const [column, names] of Object.entries(COLUMN_NAMES) as [Column, string[]][]) {
      if (names.some((candidate) => normalise(candidate) === key) && columns[column] === undefined) columns[column] = index;
    }
  });
  return columns;
}

/**
 * Reads the bank's result file line by line (documented in bank-files.md): a header naming the
 * columns in any order, in Chinese or English; a BOM, CRLF, quoted fields, thousands separators and
 * trailing blank lines are fine. A bad line is reported with its number; the others still count.
 */
export async function* parseBankResults(lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<BankResult | MalformedLine> {
  let lineNo = 0;
  let columns: Partial<Record<Column, number>> | undefined;
  for await (const raw of lines) {
    lineNo += 1;
    const line = (lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw).replace(/\r$/, '');
    if (line.trim() === '') continue;
    const fields = splitCsvLine(line);
    const malformed = (problem: Message): MalformedLine => ({ kind: 'malformed', lineNo, text: line, problem });
    if (!fields) {
      yield malformed({ zh: '引号未闭合', en: 'A quoted field is not closed' });
      continue;
    }
    if (!columns) {
      columns = columnsOf(fields);
      const missing = (['instructionId', 'amount', 'status'] as Column[]).filter((column) => columns?.[column] === undefined);
      if (missing.length) {
        yield malformed({ zh: `表头缺少列：${missing.join(', ')}`, en: `The header lacks the columns: ${missing.join(', ')}` });
        columns = undefined;
      }
      continue;
    }
    const cell = (column: Column) => (columns?.[column] === undefined ? '' : (fields[columns[column] as number] ?? '').trim());
    const instructionId = cell('instructionId');
    if (!instructionId) {
      yield malformed({ zh: '缺少指令编号', en: 'The instruction id is missing' });
      continue;
    }
    const amount = parseYuan(cell('amount'));
    if ('problem' in amount) {
      yield malformed(amount.problem);
      continue;
    }
    const status = cell('status').toLowerCase();
    const outcome = SUCCESS.has(status) ? 'SUCCESS' : FAILED.has(status) ? 'FAILED' : undefined;
    if (!outcome) {
      yield malformed({ zh: `无法识别的状态“${cell('status')}”`, en: `Unknown status "${cell('status')}"` });
      continue;
    }
    yield { kind: 'result', lineNo, instructionId, accountNumber: cell('accountNumber'), amountFen: amount.fen, outcome, reason: cell('reason'), reference: cell('reference') };
  }
}

/** The same, for a whole file held in memory. */
export function parseBankResultText(text: string): AsyncGenerator<BankResult | MalformedLine> {
  return parseBankResults(text.split('\n'));
}
