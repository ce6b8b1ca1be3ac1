import { genericCsv } from './generic.ts';
import { icbcBatchPayment } from './icbc.ts';
import type { BankFormat } from './types.ts';

/** The bank file formats a batch may be exported in (chosen when the batch is prepared). */
export const bankFormats = {
  generic: genericCsv,
  'icbc-batch-payment': icbcBatchPayment,
} satisfies Record<string, BankFormat>;

export type BankFormatId = keyof typeof bankFormats;
export const bankFormatIds = Object.keys(bankFormats) as [BankFormatId, ...BankFormatId[]];

export type { BankFormat, PayerAccount, TransferFile, TransferLine } from './types.ts';
export { transferPurpose } from './purpose.ts';
