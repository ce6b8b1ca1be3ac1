import * as z from 'zod';
import { maskBankAccount } from '../domain/id-number.ts';
import { type ReconciledLine } from '../domain/finance/reconcile.ts';
import { nextSignOff } from '../domain/finance/sign-off.ts';
import { batchListing, getReconciliation, listBatchEvents, listBatches, listConflicts, type BatchItem, type BatchListing } from '../store/payments.ts';
import { getProfiles } from '../store/directory.ts';
import { NotFoundError } from '../shared/errors.ts';
import { say, type Lang } from '../shared/i18n.ts';
import { apiHandler, csvReply, reply } from '../shared/http.ts';
import { exportBankFile } from '../use-cases/export-bank-file.ts';
import { importBankResults as importResults } from '../use-cases/import-bank-results.ts';
import { batchOrNotFound } from '../use-cases/payment-batch-access.ts';
import { preparePaymentBatch } from '../use-cases/prepare-payment-batch.ts';
import { resolvePaymentConflict } from '../use-cases/resolve-payment-conflict.ts';
import { signOffPaymentBatch } from '../use-cases/sign-off-payment-batch.ts';
import { createBatchBody, signOffBody, bankResultsBody, resolveConflictBody, reconciliationQuery } from './payments-schemas.ts';

const itemView = (item: BatchItem, lang: Lang) => ({ ...item, accountNumber: maskBankAccount(item.accountNumber), ...(item.checks ? { checks: item.checks.map((check) => ({ ...check, message: say(check.message, lang) })) } : {}) });
/**
 * A batch as finance reads it, with the signature it waits for. The paying account is the union's
 * own (on every transfer it makes), not a person's: it is shown in full, so the next batch can reuse it.
 */
/** A batch as finance sees it: its listing (the list's entry, or the batch read whole made into one) and whose sign-off is next. */
const batchView = (batch: BatchListing) => {
  const next = nextSignOff(batch);
  return { ...batch, ...(next ? { awaiting: next } : {}) };
};

const financeUser = (auth: { sub: string; name: string; orgUnit: string }) => ({ sub: auth.sub, name: auth.name, orgUnit: auth.orgUnit });

/** Finance prepares a batch of approved, unpaid instructions: the maker's step (see the use case). */
export const createPaymentBatch = apiHandler({ roles: ['finance'], body: createBatchBody }).handler(async ({ auth, body, requestId, lang }) => {
  const { batch, items } = await preparePaymentBatch(
    { ...(body.program ? { program: body.program } : {}), ...(body.orgUnit ? { orgUnit: body.orgUnit } : {}), bankFormat: body.bankFormat, ...(body.payer ? { payer: body.payer } : {}) },
    financeUser(auth),
    requestId,
  );
  return reply(201, { ...batchView(batchListing(batch)), instructions: items.map((item) => itemView(item, lang)) });
});

const batchParams = z.object({ id: z.string().min(1).max(40) });

export const listPaymentBatches = apiHandler({ roles: ['finance'] }).handler(async () => reply(200, { items: (await listBatches(100)).map(batchView) }));

/** The batch, its instructions, its audit trail (with the actors' names) and any conflicts between the bank's results. */
export const getPaymentBatch = apiHandler({ roles: ['finance'], params: batchParams }).handler(async ({ params, lang }) => {
  const { batch, items } = await batchOrNotFound(params.id);
  const [trail, conflicts] = await Promise.all([listBatchEvents(params.id), listConflicts(params.id)]);
  // The chain records who by id (and is returned as stored, so it can be verified); the names are beside it.
  const names = await getProfiles([...new Set(trail.map((event) => event.actor.sub))]);
  return reply(200, { ...batchView(batchListing(batch)), instructions: items.map((item) => itemView(item, lang)), trail, actorNames: Object.fromEntries([...names].map(([sub, profile]) => [sub, profile.name])), conflicts });
});

/** A second finance user reviews the batch (when three people sign it off). */
export const reviewPaymentBatch = apiHandler({ roles: ['finance'], params: batchParams, body: signOffBody }).handler(async ({ auth, params, body, requestId }) =>
  reply(200, batchView(batchListing(await signOffPaymentBatch(params.id, 'review', financeUser(auth), body.comment || undefined, requestId)))),
);

/** Another finance user than the preparer (and the reviewer) releases the batch: only then does its bank file exist. */
export const releasePaymentBatch = apiHandler({ roles: ['finance'], params: batchParams, body: signOffBody }).handler(async ({ auth, params, body, requestId }) =>
  reply(200, batchView(batchListing(await signOffPaymentBatch(params.id, 'release', financeUser(auth), body.comment || undefined, requestId)))),
);

/** The transfer file for the bank, with full account numbers, once the batch is released; every download is audited. */
export const getBankFile = apiHandler({ roles: ['finance'], params: batchParams }).handler(async ({ auth, params, requestId }) => {
  const file = await exportBankFile(params.id, financeUser(auth), requestId);
  return csvReply(file.text, `${params.id}.csv`);
});

export const importBankResults = apiHandler({ roles: ['finance'], params: batchParams, body: bankResultsBody, textBody: true }).handler(async ({ auth, params, body, requestId, lang }) => {
  const { applied, totals, lines } = await importResults(params.id, body, financeUser(auth), requestId);
  return reply(200, { batchId: params.id, applied, totals, lines: lines.map((line) => shownLine(line, lang)), message: say({ zh: '已按银行回单对账', en: 'Reconciled against the bank’s results' }, lang) });
});

const conflictParams = z.object({ id: z.string().min(1).max(40), instructionId: z.string().min(1).max(80) });

/** Finance records what the bank confirmed about a conflicting result, with a comment. */
export const resolvePaymentConflictRoute = apiHandler({ roles: ['finance'], params: conflictParams, body: resolveConflictBody }).handler(async ({ auth, params, body, requestId }) =>
  reply(200, await resolvePaymentConflict(params.id, params.instructionId, body.confirmed, body.comment, financeUser(auth), requestId)),
);

/** A reconciled line as the reader sees it: why a line could not be read, in their language. */
function shownLine({ problem, ...line }: ReconciledLine, lang: Lang): Omit<ReconciledLine, 'problem'> {
  return problem ? { ...line, reason: say(problem, lang) } : line;
}

const reconciliationParams = z.object({ batchId: z.string().min(1).max(40) });

/** Every line of a batch's latest reconciliation, with totals; `?class=` filters the lines. */
export const getReconciliationRoute = apiHandler({ roles: ['finance'], params: reconciliationParams, query: reconciliationQuery }).handler(async ({ params, query, lang }) => {
  const found = await getReconciliation(params.batchId);
  if (!found) throw new NotFoundError({ zh: '该批次尚未对账', en: 'This batch has not been reconciled yet' });
  const lines = query.class ? found.lines.filter((line) => line.class === query.class) : found.lines;
  return reply(200, { ...found.reconciliation, lines: lines.map((line) => shownLine(line, lang)) });
});
