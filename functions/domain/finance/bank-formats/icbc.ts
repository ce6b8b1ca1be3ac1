import { asText, BOM, csvRow } from '../csv.ts';
import { fenToYuanString } from '../yuan.ts';
import type { BankFormat } from './types.ts';

/**
 * 中国工商银行 企业网银 “批量支付” (the columns of the bank's 批量支付.xls template, filled in with
 * its 企业网银客户端工具): the paying account on every line, then the payee's bank, province and
 * city (left empty: warmth does not hold them, the bank fills them from the account for ICBC cards
 * and asks for them for other banks), account, name, amount, 汇款用途 and 备注. The 备注 carries the
 * instruction id so the bank's result file can be reconciled.
 */
export const icbcBatchPayment: BankFormat = {
  name: { zh: '中国工商银行 批量支付', en: 'ICBC batch payment' },
  description: {
    zh: '工商银行企业网银“批量支付”模板的列；用 Excel 打开后另存为 .xls，再以工行客户端工具导入',
    en: 'The columns of ICBC’s corporate banking “batch payment” template; open in Excel, save as .xls and import with ICBC’s client tool',
  },
  needsPayer: true,
  file(lines, payer) {
    if (!payer) throw new Error('the ICBC batch payment format needs the paying account');
    let text = BOM + csvRow(['付款账号开户行', '付款账号', '付款账号名称', '收款账号开户行', '省份名', '城市名', '收款账号', '收款账号名称', '金额', '汇款用途', '备注']);
    let totalFen = 0;
    for (const line of lines) {
      text += csvRow([payer.bank, asText(payer.accountNumber), payer.accountName, line.bank, '', '', asText(line.accountNumber), line.payeeName, fenToYuanString(line.amountFen), line.purpose, line.instructionId]);
      totalFen += line.amountFen;
    }
    return { text, count: lines.length, totalFen };
  },
};
