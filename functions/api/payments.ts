import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { programIds, getProgram } from '../domain/programs/index.ts';
import type { ProgramId } from '../domain/programs/types.ts';
import { maskBankAccount } from '../domain/id-number.ts';
import { bankTransferFile } from '../domain/finance/bank-file.ts';
import { parseBankResultText } from '../domain/finance/bank-results.ts';
import { createReconciler, lineClasses, type ReconciledLine } from '../domain/finance/reconcile.ts';
import { loadOrgTree } from '../store/directory.ts';
import { getBatch, getReconciliation, listBatches, listPaymentInstructions, listUnbatched, saveBatch, saveReconciliation, takeIntoBatch, type BatchItem } from '../store/payments.ts';
import { now } from '../shared/clock.ts';
import { referenceDay, shanghaiYear } from '../shared/dates.ts';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.ts';
import { say, type Lang } from '../shared/i18n.ts';
import { apiHandler, csvReply, reply } from '../shared/http.ts';
import { settlePayment } from '../use-cases/settle-payment.ts';

const notFound = () => new NotFoundError({ zh: '未找到该付款批次', en: 'No such payment batch' });

export const createBatchBody = z.object({ program: z.enum(programIds as [ProgramId, ...ProgramId[]]).optional(), orgUnit: z.string().min(1).max(64).optional() });

const itemView = (item: BatchItem) => ({ ...item, accountNumber: maskBankAccount(item.accountNumber) });

/**
 * Finance gathers approved, unpaid instructions (optionally of one program and org subtree) into a
 * batch. Each instruction is taken with a conditional write, so it belongs to one batch only.
 */
export const createPaymentBatch = apiHandler({ roles: ['finance'], body: createBatchBody }).handler(async ({ auth, body }) => {
  const tree = await loadOrgTree();
  if (body.orgUnit && !tree.get(body.orgUnit)) throw new ValidationError([{ path: 'orgUnit', message: { zh: `没有组织 ${body.orgUnit}`, en: `No org unit ${body.orgUnit}` } }]);
  const scope = body.orgUnit ? new Set(tree.subtree(body.orgUnit)) : undefined;
  const candidates = (await listUnbatched(body.program)).filter((instruction) => !scope || scope.has(instruction.orgUnit));
  const createdAt = now().toISOString();
  const batchId = `B-${referenceDay(createdAt)}-${randomBytes(3).toString('hex').toUpperCase()}`;
  const items: BatchItem[] = [];
  for (const instruction of candidates) {
    if (!(await takeIntoBatch(instruction, batchId))) continue;
    items.push({
      batchId,
      instructionId: instruction.instructionId,
      applicationId: instruction.applicationId,
      attempt: instruction.attempt,
      program: instruction.program,
      orgUnit: instruction.orgUnit,
      payeeName: instruction.payeeName,
      bank: instruction.bank,
      accountNumber: instruction.accountNumber,
      amountFen: instruction.amountFen,
      year: shanghaiYear(instruction.createdAt),
    });
  }
  if (items.length === 0) throw new ConflictError('NOTHING_TO_PAY', { zh: '没有待发放的付款指令', en: 'No approved payment is waiting for a batch' });
  const batch = {
    batchId,
    createdAt,
    createdBy: { sub: auth.sub, name: auth.name },
    ...(body.program ? { program: body.program } : {}),
    ...(body.orgUnit ? { orgUnit: body.orgUnit } : {}),
    count: items.length,
    totalFen: items.reduce((sum, item) => sum + item.amountFen, 0),
  };
  await saveBatch(batch, items);
  return reply(201, { ...batch, instructions: items.map(itemView) });
});

const batchParams = z.object({ id: z.string().min(1).max(40) });

export const listPaymentBatches = apiHandler({ roles: ['finance'] }).handler(async () => reply(200, { items: await listBatches(100) }));

export const getPaymentBatch = apiHandler({ roles: ['finance'], params: batchParams }).handler(async ({ params }) => {
  const found = await getBatch(params.id);
  if (!found) throw notFound();
  return reply(200, { ...found.batch, instructions: found.items.map(itemView) });
});

/** The transfer file for the bank, with full account numbers; the same batch gives the same file. */
export const getBankFile = apiHandler({ roles: ['finance'], params: batchParams }).handler(async ({ params }) => {
  const found = await getBatch(params.id);
  if (!found) throw notFound();
  const file = bankTransferFile(
    found.items.map((item) => {
      const program = getProgram(item.program as ProgramId).name;
      return { ...item, purpose: `${program.zh} ${item.year} ${item.program} ${item.applicationId}` };
    }),
  );
  return csvReply(file.text, `${params.id}.csv`);
});

/**
 * The bank's result file: every line classified (PAID, FAILED, AMOUNT_MISMATCH, UNKNOWN, DUPLICATE,
 * MALFORMED, and MISSING for instructions without a line); PAID and FAILED are applied to their
 * applications once — importing the same file again changes nothing.
 */
export const bankResultsBody = z.string().trim().min(1);

export const importBankResults = apiHandler({ roles: ['finance'], params: batchParams, body: bankResultsBody, textBody: true }).handler(async ({ auth, params, body, requestId, lang }) => {
  const found = await getBatch(params.id);
  if (!found) throw notFound();
  const settled = new Map<string, 'PAID' | 'FAILED'>();
  for (const item of found.items) {
    const instruction = (await listPaymentInstructions(item.applicationId)).find((candidate) => candidate.attempt === item.attempt);
    if (instruction?.status === 'PAID' || instruction?.status === 'FAILED') settled.set(item.instructionId, instruction.status);
  }
  const reconciler = createReconciler(found.items.map((item) => ({ instructionId: item.instructionId, amountFen: item.amountFen, ...(settled.has(item.instructionId) ? { settled: settled.get(item.instructionId) } : {}) })));
  const lines: ReconciledLine[] = [];
  for await (const result of parseBankResultText(body)) lines.push(reconciler.accept(result));
  const { missing, totals } = reconciler.finish();
  const byId = new Map(found.items.map((item) => [item.instructionId, item]));
  const actor = { sub: auth.sub, name: auth.name, role: 'finance' as const, orgUnit: auth.orgUnit };
  let applied = 0;
  for (const line of lines) {
    const item = line.instructionId ? byId.get(line.instructionId) : undefined;
    if (!item || !line.effect) continue;
    if (await settlePayment(item, line.effect === 'MARK_PAID' ? 'PAID' : 'FAILED', { ...(line.reference ? { reference: line.reference } : {}), ...(line.reason ? { reason: line.reason } : {}) }, actor, requestId)) applied += 1;
  }
  const all = [...lines, ...missing];
  await saveReconciliation({ batchId: params.id, importedAt: now().toISOString(), importedBy: { sub: auth.sub, name: auth.name }, totals, lineCount: all.length }, all);
  return reply(200, { batchId: params.id, applied, totals, lines: all.map((line) => shownLine(line, lang)), message: say({ zh: '已按银行回单对账', en: 'Reconciled against the bank’s results' }, lang) });
});

/** A reconciled line as the reader sees it: why a line could not be read, in their language. */
function shownLine({ problem, ...line }: ReconciledLine, lang: Lang): Omit<ReconciledLine, 'problem'> {
  return problem ? { ...line, reason: say(problem, lang) } : line;
}

const reconciliationParams = z.object({ batchId: z.string().min(1).max(40) });
export const reconciliationQuery = z.object({ class: z.enum(lineClasses).optional() });

/** Every line of a batch's latest reconciliation, with totals; `?class=` filters the lines. */
export const getReconciliationRoute = apiHandler({ roles: ['finance'], params: reconciliationParams, query: reconciliationQuery }).handler(async ({ params, query, lang }) => {
  const found = await getReconciliation(params.batchId);
  if (!found) throw new NotFoundError({ zh: '该批次尚未对账', en: 'This batch has not been reconciled yet' });
  const lines = query.class ? found.lines.filter((line) => line.class === query.class) : found.lines;
  return reply(200, { ...found.reconciliation, lines: lines.map((line) => shownLine(line, lang)) });
});
