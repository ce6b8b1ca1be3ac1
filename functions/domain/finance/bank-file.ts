import { BOM, csvRow } from './csv.ts';
import { fenToYuanString } from './yuan.ts';

export interface PaymentLine {
  instructionId: string;
  payeeName: string;
  accountNumber: string;
  bank: string;
  amountFen: number;
  purpose: string;
}

/**
 * The bank transfer file of a payment batch (documented in functions/domain/finance/bank-files.md):
 * UTF-8 with BOM, CRLF, a bilingual header, one line per instruction in the given order, amounts in
 * yuan with two decimals formatted from fen. The same batch always gives the same bytes.
 */
export function bankTransferFile(lines: PaymentLine[]): { text: string; count: number; totalFen: number } {
  let text = BOM + csvRow(['指令编号 instruction id', '收款人 payee', '账号 account number', '开户行 bank', '金额(元) amount (yuan)', '用途 purpose']);
  let totalFen = 0;
  for (const line of lines) {
    text += csvRow([line.instructionId, line.payeeName, line.accountNumber, line.bank, fenToYuanString(line.amountFen), line.purpose]);
    totalFen += line.amountFen;
  }
  return { text, count: lines.length, totalFen };
}
