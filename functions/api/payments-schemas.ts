import * as z from 'zod';
import { programIds } from '../domain/programs/index.ts';
import type { ProgramId } from '../domain/programs/types.ts';
import { patterned } from '../domain/programs/common.ts';
import { bankFormatIds } from '../domain/finance/bank-formats/index.ts';
import { lineClasses } from '../domain/finance/reconcile.ts';

// The payments routes' request schemas, apart from their handlers so that /openapi.json
// describes them without bundling the handlers (and their clients) into its function.

export const accountDigits = patterned(/^\d{8,32}$/, { zh: '账号应为 8–32 位数字', en: 'The account number must be 8–32 digits' });

export const createBatchBody = z.object({
  program: z.enum(programIds as [ProgramId, ...ProgramId[]]).optional(),
  orgUnit: z.string().min(1).max(64).optional(),
  /** The bank's import format of its transfer file (see functions/domain/finance/bank-formats/). */
  bankFormat: z.enum(bankFormatIds).default('generic'),
  /** The union's paying account, for formats that name it on every line. */
  payer: z.object({ accountNumber: accountDigits, accountName: z.string().trim().min(1).max(60), bank: z.string().trim().min(1).max(60) }).optional(),
});

export const signOffBody = z.object({ comment: z.string().trim().max(500).optional() });

/**
 * The bank's result file: every line classified (PAID, FAILED, CONFLICT, AMOUNT_MISMATCH, UNKNOWN,
 * DUPLICATE, MALFORMED, and MISSING for instructions without a line); PAID and FAILED are applied
 * to their applications once — importing the same file again changes nothing. A header without
 * the required columns is refused whole.
 */
export const bankResultsBody = z.string().trim().min(1);

export const resolveConflictBody = z.object({
  /** Which result the bank confirmed: the one settled first, or the later file's. */
  confirmed: z.enum(['earlier', 'later']),
  comment: z.string().trim().min(2).max(500),
});

export const reconciliationQuery = z.object({ class: z.enum(lineClasses).optional() });
