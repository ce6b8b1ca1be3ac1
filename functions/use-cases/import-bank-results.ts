import { parseBankResultText, ResultHeaderError } from '../domain/finance/bank-results.ts';
import { createReconciler, type ReconciledLine, type Totals } from '../domain/finance/reconcile.ts';
import { mayImportResults } from '../domain/finance/sign-off.ts';
import { getInstructionsWithApplications } from '../store/application-records.ts';
import type { Application } from '../store/applications.ts';
import { getBatch, recordConflicts, saveReconciliation, type BatchItem } from '../store/payments.ts';
import type { PaymentInstructionItem } from '../store/types.ts';
import { mapBounded } from '../shared/bounded.ts';
import { now } from '../shared/clock.ts';
import { ConflictError, ValidationError } from '../shared/errors.ts';
import { settlePayment } from './settle-payment.ts';
import { batchOrNotFound, financeActor, type FinanceUser } from './payment-batch-access.ts';

/** What an earlier import settled each instruction of the batch as. */
function settledBefore(instructions: Iterable<PaymentInstructionItem>): Map<string, 'PAID' | 'FAILED'> {
  const settled = new Map<string, 'PAID' | 'FAILED'>();
  for (const instruction of instructions) {
    if (instruction.status === 'PAID' || instruction.status === 'FAILED') settled.set(instruction.instructionId, instruction.status);
  }
  return settled;
}

/** Settlements in flight at once: each is one transaction on its own application, so they do not contend. */
const SETTLE_CONCURRENCY = 8;

/**
 * The bank's result file for a sent batch:
 * 1. refuse (409) a batch whose bank file was never sent, and (400, storing nothing) a file whose
 *    header lacks the instruction id, amount or status column, naming the columns it needs;
 * 2. classify every line (reconcile.ts) against the batch and what earlier imports settled;
 * 3. apply PAID and FAILED lines of unsettled instructions, once each (settlePayment);
 * 4. keep each line that contradicts an earlier result as a conflict for finance to resolve — it
 *    changes nothing by itself;
 * 5. store the reconciliation and mark the batch RECONCILED with its failures and open conflicts,
 *    audited.
 */
export async function importBankResults(batchId: string, text: string, user: FinanceUser, requestId?: string): Promise<{ applied: number; totals: Totals; lines: ReconciledLine[] }> {
  const { batch, items, conflicts } = await batchOrNotFound(batchId);
  if (!mayImportResults(batch.status)) {
    throw new ConflictError('BATCH_NOT_SENT', { zh: '该批次的银行文件尚未下载发送，不能导入回单', en: 'This batch’s bank file has not been sent yet, so there are no results to import' });
  }
  // The batch's instructions as stored, and the applications they pay: what earlier imports settled,
  // what a settlement lists anew, and where each settlement starts from.
  const read = await getInstructionsWithApplications(items);
  const instructions = new Map(read.instructions.map((instruction) => [instruction.instructionId, instruction]));
  const applications: Map<string, Application> = read.applications;
  const settled = settledBefore(instructions.values());
  const reconciler = createReconciler(items.map((item) => ({ instructionId: item.instructionId, amountFen: item.amountFen, ...(settled.has(item.instructionId) ? { settled: settled.get(item.instructionId) } : {}) })));
  const lines: ReconciledLine[] = [];
  try {
    for await (const result of parseBankResultText(text)) lines.push(reconciler.accept(result));
  } catch (error) {
    if (error instanceof ResultHeaderError) throw new ValidationError([{ path: 'header', message: error.problem }], { zh: '银行回单的表头不完整，文件未导入', en: 'The bank result file’s header is incomplete; nothing was imported' });
    throw error;
  }
  const { missing, totals } = reconciler.finish();
  const byId = new Map(items.map((item) => [item.instructionId, item]));
  const actor = financeActor(user);
  // The reconciler lets through at most one effect per instruction, so the settlements are independent.
  const effects = lines.flatMap((line) => {
    const item = line.instructionId ? byId.get(line.instructionId) : undefined;
    const instruction = line.instructionId ? instructions.get(line.instructionId) : undefined;
    return item && instruction && line.effect ? [{ item, instruction, line, effect: line.effect }] : [];
  });
  const settledNow = await mapBounded(effects, SETTLE_CONCURRENCY, ({ item, instruction, line, effect }) =>
    settlePayment(instruction, item.year, effect === 'MARK_PAID' ? 'PAID' : 'FAILED', { ...(line.reference ? { reference: line.reference } : {}), ...(line.reason ? { reason: line.reason } : {}) }, actor, requestId, undefined, applications.get(item.applicationId)),
  );
  const applied = settledNow.filter(Boolean).length;
  const importedAt = now().toISOString();
  const newConflicts = await recordConflicts(
    lines
      .filter((line) => line.class === 'CONFLICT' && line.instructionId && line.settledAs)
      .map((line) => ({
        batchId,
        instructionId: line.instructionId as string,
        applicationId: (byId.get(line.instructionId as string) as BatchItem).applicationId,
        settledAs: line.settledAs as 'PAID' | 'FAILED',
        reportedAs: line.settledAs === 'PAID' ? 'FAILED' : 'PAID',
        reportedAt: importedAt,
        reportedBy: { sub: user.sub, name: user.name },
        lineNo: line.lineNo,
        ...(line.reason ? { reason: line.reason } : {}),
        ...(line.reference ? { reference: line.reference } : {}),
      })),
  );
  const all = [...lines, ...missing];
  const reconciliation = { batchId, importedAt, importedBy: { sub: user.sub, name: user.name }, totals, lineCount: all.length };
  // Open conflicts: those read with the batch and still unresolved, and those this import recorded.
  let open = conflicts.filter((conflict) => !conflict.resolution).length + newConflicts;
  for (let fresh = batch; ; ) {
    const saved = await saveReconciliation(fresh, reconciliation, all, {
      actor,
      at: importedAt,
      action: 'IMPORT_BANK_RESULTS',
      before: { status: fresh.status },
      after: { status: 'RECONCILED', applied, lines: all.length, paid: totals.PAID.count, failed: totals.FAILED.count, conflicts: totals.CONFLICT.count },
      ...(requestId ? { requestId } : {}),
    }, open);
    if (saved) break;
    const reread = await getBatch(batchId);
    if (!reread) break;
    // Read again, the conflicts include this import's own.
    fresh = reread.batch;
    open = reread.conflicts.filter((conflict) => !conflict.resolution).length;
  }
  return { applied, totals, lines: all };
}
