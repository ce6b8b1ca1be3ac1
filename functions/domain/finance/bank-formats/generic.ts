import { asText, BOM, csvRow } from '../csv.ts';
import { fenToYuanString } from '../yuan.ts';
import type { BankFormat } from './types.ts';

/**
 * warmth's own transfer file (bank-files.md): UTF-8 with BOM, CRLF, a bilingual header, one line per
 * instruction, amounts in yuan formatted from fen, account numbers kept as text for Excel.
 */
export const genericCsv: BankFormat = {
  name: { zh: '通用 CSV', en: 'Generic CSV' },
  description: { zh: '通用格式：可在 Excel 中打开核对，账号完整显示', en: 'warmth’s own layout: opens in Excel with account numbers intact' },
  needsPayer: false,
  file(lines) {
    let text = BOM + csvRow(['指令编号 instruction id', '收款人 payee', '账号 account number', '开户行 bank', '金额(元) amount (yuan)', '用途 purpose']);
    let totalFen = 0;
    for (const line of lines) {
      text += csvRow([line.instructionId, line.payeeName, asText(line.accountNumber), line.bank, fenToYuanString(line.amountFen), line.purpose]);
      totalFen += line.amountFen;
    }
    return { text, count: lines.length, totalFen };
  },
};
