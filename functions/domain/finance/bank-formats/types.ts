import type { Message } from '../../message.ts';

/** One transfer of a batch as every bank format reads it. */
export interface TransferLine {
  instructionId: string;
  payeeName: string;
  accountNumber: string;
  bank: string;
  amountFen: number;
  /** What the worker's bank statement shows (用途): see purpose.ts. */
  purpose: string;
}

/** The union's own account the batch is paid from, for formats that name it on every line. */
export interface PayerAccount {
  accountNumber: string;
  accountName: string;
  bank: string;
}

export interface TransferFile {
  text: string;
  count: number;
  totalFen: number;
}

/** A bank's import format: one module each, registered in index.ts. */
export interface BankFormat {
  name: Message;
  /** Where finance uploads it, in a sentence. */
  description: Message;
  needsPayer: boolean;
  /** The same lines (and payer) always give the same bytes. */
  file(lines: TransferLine[], payer: PayerAccount | undefined): TransferFile;
}
