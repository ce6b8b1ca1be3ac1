import type { Message } from '../message.ts';
import type { BankResult, MalformedLine } from './bank-results.ts';

export const lineClasses = ['PAID', 'FAILED', 'CONFLICT', 'AMOUNT_MISMATCH', 'UNKNOWN', 'DUPLICATE', 'MALFORMED', 'MISSING'] as const;
export type LineClass = (typeof lineClasses)[number];

export interface BatchInstruction {
  instructionId: string;
  amountFen: number;
  /** Already settled by an earlier import: its line changes nothing now. */
  settled?: 'PAID' | 'FAILED';
}

export interface ReconciledLine {
  lineNo: number | null;
  instructionId: string | null;
  class: LineClass;
  amountFen: number;
  expectedFen?: number;
  /** The bank's reason for a failure, in its own words. */
  reason?: string;
  /** Why a line could not be read, in both languages: shown in the reader's. */
  problem?: Message;
  reference?: string;
  /** For a CONFLICT: what an earlier import settled the instruction as (the line says the opposite). */
  settledAs?: 'PAID' | 'FAILED';
  /** A line of no row of this file: the instruction was settled by an earlier import. */
  fromEarlierImport?: true;
  /** What to do about it: only for instructions not settled before (a re-import changes nothing). */
  effect?: 'MARK_PAID' | 'MARK_FAILED';
}

export type Totals = Record<LineClass, { count: number; fen: number }>;

const UNSETTLED = 0;
const SEEN = 1;

/**
 * Matches the bank's result lines with a batch's instructions, one line at a time, in O(instructions)
 * memory (an index map and typed arrays), so a million of each fit comfortably:
 * PAID and FAILED as the bank says; AMOUNT_MISMATCH when the amount differs (not paid); UNKNOWN for
 * an instruction not in the batch; DUPLICATE for a second line of one instruction; MALFORMED for a
 * line that could not be read; CONFLICT when the line contradicts what an earlier import settled
 * (FAILED for an instruction already PAID, or the reverse): it changes nothing and waits for finance.
 * At the end, MISSING for every unsettled instruction without a line, and the earlier outcome for a
 * settled one, so a partial later file does not make settled payments look missing.
 */
export function createReconciler(instructions: Iterable<BatchInstruction>) {
  const ids: string[] = [];
  const index = new Map<string, number>();
  const expected: number[] = [];
  const settledBefore: (BatchInstruction['settled'] | undefined)[] = [];
  for (const instruction of instructions) {
    index.set(instruction.instructionId, ids.length);
    ids.push(instruction.instructionId);
    expected.push(instruction.amountFen);
    settledBefore.push(instruction.settled);
  }
  const seen = new Uint8Array(ids.length);
  const totals: Totals = {
    PAID: { count: 0, fen: 0 },
    FAILED: { count: 0, fen: 0 },
    CONFLICT: { count: 0, fen: 0 },
    AMOUNT_MISMATCH: { count: 0, fen: 0 },
    UNKNOWN: { count: 0, fen: 0 },
    DUPLICATE: { count: 0, fen: 0 },
    MALFORMED: { count: 0, fen: 0 },
    MISSING: { count: 0, fen: 0 },
  };
  const count = (line: ReconciledLine): ReconciledLine => {
    totals[line.class].count += 1;
    totals[line.class].fen += line.amountFen;
    return line;
  };

  return {
    accept(result: BankResult | MalformedLine): ReconciledLine {
      if (result.kind === 'malformed') return count({ lineNo: result.lineNo, instructionId: null, class: 'MALFORMED', amountFen: 0, problem: result.problem });
      const at = index.get(result.instructionId);
      const base = { lineNo: result.lineNo, instructionId: result.instructionId, amountFen: result.amountFen, ...(result.reference ? { reference: result.reference } : {}) };
      if (at === undefined) return count({ ...base, class: 'UNKNOWN' });
      if (seen[at] !== UNSETTLED) return count({ ...base, class: 'DUPLICATE' });
      seen[at] = SEEN;
      const expectedFen = expected[at] as number;
      if (result.amountFen !== expectedFen) return count({ ...base, class: 'AMOUNT_MISMATCH', expectedFen });
      const before = settledBefore[at];
      const reported = result.outcome === 'SUCCESS' ? 'PAID' : 'FAILED';
      if (before !== undefined && before !== reported) return count({ ...base, class: 'CONFLICT', settledAs: before, ...(result.reason ? { reason: result.reason } : {}) });
      const fresh = before === undefined;
      if (result.outcome === 'SUCCESS') return count({ ...base, class: 'PAID', ...(fresh ? { effect: 'MARK_PAID' as const } : {}) });
      return count({ ...base, class: 'FAILED', reason: result.reason, ...(fresh ? { effect: 'MARK_FAILED' as const } : {}) });
    },
    /** The instructions no line spoke of (missing, or settled earlier), and the totals of every class. */
    finish(): { missing: ReconciledLine[]; totals: Totals } {
      const missing: ReconciledLine[] = [];
      for (let at = 0; at < ids.length; at++) {
        if (seen[at] !== UNSETTLED) continue;
        const before = settledBefore[at];
        const line = { lineNo: null, instructionId: ids[at] as string, amountFen: expected[at] as number };
        missing.push(count(before ? { ...line, class: before, fromEarlierImport: true } : { ...line, class: 'MISSING' }));
      }
      return { missing, totals };
    },
  };
}
