import type { Message } from '../message.ts';
import { splitCsvLine, unwrapTextCell } from './csv.ts';
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
/** Used only when no column above names the instruction: ICBC's result file carries it in 备注. */
const INSTRUCTION_ID_FALLBACK = ['备注', 'remark'];
const REQUIRED: Column[] = ['instructionId', 'amount', 'status'];
const REQUIRED_NAMES: Record<Column, string> = {
  instructionId: '指令编号 instruction id',
  accountNumber: '账号 account number',
  amount: '金额 amount',
  status: '状态 status',
  reason: '失败原因 reason',
  reference: '流水号 reference',
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
  if (columns.instructionId === undefined) {
    const fallback = header.findIndex((name) => INSTRUCTION_ID_FALLBACK.includes(normalise(name)));
    if (fallback >= 0) columns.instructionId = fallback;
  }
  return columns;
}

/**
 * A header without the required columns refuses the whole file, naming what it needs: reconciling
 * it would only report every line as unreadable, so none of it is used or stored.
 */
export class ResultHeaderError extends Error {
  readonly problem: Message;
  constructor(readonly missing: string[]) {
    const needed = REQUIRED.map((column) => REQUIRED_NAMES[column]);
    super(`result file header lacks ${missing.join(', ')}`);
    this.name = 'ResultHeaderError';
    this.problem = {
      zh: `回单表头缺少必需的列：${missing.join('、')}。表头须包含 ${needed.join('、')}（中英文列名均可，顺序不限）`,
      en: `The result file's header lacks the required column(s): ${missing.join(', ')}. The header needs ${needed.join(', ')} (Chinese or English names, in any order)`,
    };
  }
}

/**
 * Reads the bank's result file line by line (documented in bank-files.md): a header naming the
 * columns in any order, in Chinese or English; a BOM, CRLF, quoted fields, thousands separators and
 * trailing blank lines are fine. A bad line is reported with its number; the others still count.
 * A header without the instruction id, amount and status columns throws a ResultHeaderError naming them.
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
    if (!columns) {
      columns = columnsOf(fields ?? []);
      const missing = REQUIRED.filter((column) => columns?.[column] === undefined);
      if (missing.length) throw new ResultHeaderError(missing.map((column) => REQUIRED_NAMES[column]));
      continue;
    }
    if (!fields) {
      yield malformed({ zh: '引号未闭合', en: 'A quoted field is not closed' });
      continue;
    }
    const cell = (column: Column) => (columns?.[column] === undefined ? '' : unwrapTextCell((fields[columns[column] as number] ?? '').trim()));
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
