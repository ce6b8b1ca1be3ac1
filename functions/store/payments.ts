import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { chunksOf, mapBounded } from '../shared/bounded.ts';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { auditWrite, listAuditEvents, type AuditInput } from './audit.ts';
import { db, queryAll } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { indexOn, tableName } from './table.ts';
import { listed } from './listing.ts';
import { maskBankAccount } from '../domain/id-number.ts';
import type { PaymentInstructionItem } from './types.ts';
import type { BankFormatId, PayerAccount } from '../domain/finance/bank-formats/index.ts';
import type { ReconciledLine, Totals } from '../domain/finance/reconcile.ts';
import type { BatchStatus, Signature, SignOffCount } from '../domain/finance/sign-off.ts';
import type { AuditEvent } from '../domain/audit-chain.ts';
import type { RuleResult } from '../domain/finance/payment-rules.ts';
import { shanghaiYear } from '../shared/dates.ts';

export const instructionId = (applicationId: string, attempt: number): string => `${applicationId}-P${attempt}`;

/**
 * A payment instruction as its lists show it (waiting, blocked, held, in a batch, paid or failed):
 * all of it but the card number, which it shows masked. What needs the number — the batch item,
 * the audit rules' check digit and duplicate account — reads the instruction itself.
 */
export type InstructionListing = Omit<PaymentInstructionItem, 'accountNumber'> & { accountMasked: string };

export const instructionListing = ({ accountNumber, ...instruction }: PaymentInstructionItem): InstructionListing => ({ ...instruction, accountMasked: maskBankAccount(accountNumber) });

/** The payment instruction as a transaction item: written once per (application, attempt), waiting for a batch. */
export function paymentInstructionPut(instruction: PaymentInstructionItem) {
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...keys.paymentInstruction(instruction.applicationId, instruction.attempt),
        ...keys.unbatchedIndex(instruction.program, instruction.createdAt, instruction.instructionId),
        listing: instructionListing(instruction),
        ...instruction,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** An instruction delivered by hand against a signed receipt: kept out of the batches' index, settled by the receipt. */
export function receiptInstructionPut(instruction: PaymentInstructionItem) {
  return { Put: { TableName: tableName(), Item: { ...keys.paymentInstruction(instruction.applicationId, instruction.attempt), ...instruction, delivery: 'receipt' }, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** Transaction item: the recipient signed for a hand delivery (the photo of the receipt is `documentId`); listed as paid in `year`. */
export function settleReceiptItem(instruction: PaymentInstructionItem, year: number, at: string, documentId: string) {
  const settled = keys.settledIndex('PAID', year, at, instruction.instructionId);
  const listing = instructionListing({ ...instruction, status: 'PAID', paidAt: at, receiptDocumentId: documentId });
  return {
    Update: {
      TableName: tableName(),
      Key: keys.paymentInstruction(instruction.applicationId, instruction.attempt),
      UpdateExpression: 'SET #status = :paid, paidAt = :at, receiptDocumentId = :doc, gsi1pk = :gpk, gsi1sk = :gsk, listing = :listing',
      ConditionExpression: '#status = :pending AND delivery = :receipt',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':paid': 'PAID', ':at': at, ':doc': documentId, ':pending': 'PENDING', ':receipt': 'receipt', ':gpk': settled.gsi1pk, ':gsk': settled.gsi1sk, ':listing': listing },
    },
  };
}

export async function listPaymentInstructions(applicationId: string): Promise<PaymentInstructionItem[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.applicationPartition(applicationId), ':prefix': keys.paymentPrefix },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((item) => withoutKeys<PaymentInstructionItem>(item));
}

export interface PaymentBatch {
  batchId: string;
  status: BatchStatus;
  /** How many distinct people sign it off, fixed when it is prepared. */
  signOffs: SignOffCount;
  bankFormat: BankFormatId;
  /** The union's paying account, for bank formats that name it. */
  payer?: PayerAccount;
  createdAt: string;
  /** The preparer (maker). */
  createdBy: { sub: string; name: string };
  reviewedBy?: Signature;
  releasedBy?: Signature;
  /** The first download of the bank file after release. */
  sentBy?: Signature;
  program?: string;
  orgUnit?: string;
  count: number;
  totalFen: number;
  /** Instructions the payment audit rules kept out when it was prepared, and those taken in with a warning. */
  blockedCount?: number;
  warnedCount?: number;
  reconciledAt?: string;
  /** From the latest reconciliation: instructions the bank refused, and lines that contradict earlier results and are not resolved yet. */
  failedCount?: number;
  openConflicts?: number;
  /** Head of the batch's own audit chain (subject `batch:<id>`). */
  auditSeq: number;
  auditHash: string;
}

/** A batch as finance's list shows it: all of it but the head of its audit chain's hash. */
export type BatchListing = Omit<PaymentBatch, 'auditHash'>;

export const batchListing = ({ auditHash: _hash, ...batch }: PaymentBatch): BatchListing => batch;

export const batchSubject = (batchId: string): string => `batch:${batchId}`;

/** A change of a batch, as the audit event records it (the chain is the batch's own). */
export type BatchChange = Omit<AuditInput, 'subject' | 'previous'>;

/**
 * The batch update and its audit event, conditioned on the chain head the caller read (so two
 * changes of one batch cannot both apply), and on `condition` when given.
 */
function batchChangeItems(batch: PaymentBatch, change: BatchChange, update: { set: Record<string, unknown>; add?: Record<string, number>; condition?: { expression: string; names: Record<string, string>; values: Record<string, unknown> } }) {
  const audit = auditWrite({ subject: batchSubject(batch.batchId), previous: { seq: batch.auditSeq, hash: batch.auditHash }, ...change });
  // The batch as this change leaves it (the change is conditioned on the chain head it was read at).
  const added = Object.fromEntries(Object.entries(update.add ?? {}).map(([name, value]) => [name, Number((batch as unknown as Record<string, unknown>)[name] ?? 0) + value]));
  const after = { ...batch, ...update.set, ...added, auditSeq: audit.seq, auditHash: audit.hash } as PaymentBatch;
  const names: Record<string, string> = { ...(update.condition?.names ?? {}) };
  const values: Record<string, unknown> = { ':seq': batch.auditSeq, ':newSeq': audit.seq, ':newHash': audit.hash, ':listing': batchListing(after), ...(update.condition?.values ?? {}) };
  const sets = ['auditSeq = :newSeq', 'auditHash = :newHash', 'listing = :listing'];
  Object.entries(update.set).forEach(([name, value], index) => {
    names[`#s${index}`] = name;
    values[`:s${index}`] = value;
    sets.push(`#s${index} = :s${index}`);
  });
  const adds = Object.entries(update.add ?? {}).map(([name, value], index) => {
    names[`#a${index}`] = name;
    values[`:a${index}`] = value;
    return `#a${index} :a${index}`;
  });
  return [
    {
      Update: {
        TableName: tableName(),
        Key: keys.batch(batch.batchId),
        UpdateExpression: `SET ${sets.join(', ')}${adds.length ? ` ADD ${adds.join(', ')}` : ''}`,
        ConditionExpression: `auditSeq = :seq${update.condition ? ` AND ${update.condition.expression}` : ''}`,
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
      },
    },
    audit.put,
  ];
}

/** Runs a batch change; false when the batch moved on since it was read (the caller reads it again). */
async function changeBatch(items: Record<string, unknown>[]): Promise<boolean> {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items as never }));
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException) return false;
    throw error;
  }
}

/** A signature (review or release): moves the batch from `from` to `to`, false if someone else moved it first. */
export function signBatch(batch: PaymentBatch, field: 'reviewedBy' | 'releasedBy', signature: Signature, to: BatchStatus, change: BatchChange): Promise<boolean> {
  return changeBatch(batchChangeItems(batch, change, { set: { status: to, [field]: signature }, condition: { expression: '#st = :from', names: { '#st': 'status' }, values: { ':from': batch.status } } }));
}

/** Every download of the bank file is recorded; the first after release marks the batch SENT. */
export function recordBankFileDownload(batch: PaymentBatch, signature: Signature, change: BatchChange): Promise<boolean> {
  const first = batch.status === 'RELEASED';
  return changeBatch(batchChangeItems(batch, change, { set: first ? { status: 'SENT', sentBy: signature } : {} }));
}

/** The audit events of one batch, in order. */
export function listBatchEvents(batchId: string): Promise<AuditEvent[]> {
  return listAuditEvents(batchSubject(batchId));
}

export interface BatchItem {
  batchId: string;
  instructionId: string;
  applicationId: string;
  attempt: number;
  program: string;
  orgUnit: string;
  payeeName: string;
  bank: string;
  accountNumber: string;
  amountFen: number;
  year: number;
  /** The payment audit rules' results when it was taken in (none failed that block). */
  checks?: RuleResult[];
}

const listedInstructions = (entries: Record<string, unknown>[]): InstructionListing[] => entries.map((entry) => listed(entry, instructionListing));

/** Instructions not in any batch yet, oldest first (optionally of one program), as listed. */
export async function listUnbatched(program?: string): Promise<InstructionListing[]> {
  const items = await queryAll({
    TableName: tableName(),
    IndexName: indexOn('gsi2'),
    KeyConditionExpression: program ? 'gsi2pk = :pk AND begins_with(gsi2sk, :program)' : 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.unbatchedPartition, ...(program ? { ':program': `${program}#` } : {}) },
  });
  return listedInstructions(items);
}

/**
 * Takes a waiting instruction into a batch: a conditional move from PENDING, so an instruction
 * belongs to one batch however many batches are made at once. Returns the instruction as taken —
 * whole, with its sealed card number for the batch item — or undefined when another batch took it first.
 */
export async function takeIntoBatch(instruction: InstructionListing, batchId: string): Promise<PaymentInstructionItem | undefined> {
  const batched = keys.batchedIndex(shanghaiYear(instruction.createdAt), batchId, instruction.instructionId);
  // While it waited, its listing showed it as it is (a waiting instruction changes only by leaving the list, or by `blocked`).
  const { blocked: _blocked, ...waiting } = instruction;
  const listing: InstructionListing = { ...waiting, status: 'BATCHED', batchId };
  try {
    const out = await db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.paymentInstruction(instruction.applicationId, instruction.attempt),
        UpdateExpression: 'SET #status = :batched, batchId = :batch, gsi1pk = :gpk, gsi1sk = :gsk, listing = :listing REMOVE gsi2pk, gsi2sk, blocked',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':batched': 'BATCHED', ':batch': batchId, ':pending': 'PENDING', ':gpk': batched.gsi1pk, ':gsk': batched.gsi1sk, ':listing': listing },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return withoutKeys<PaymentInstructionItem>(out.Attributes ?? {});
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** Writes items 25 at a time (BatchWriteItem's limit), a few requests in flight, retrying what DynamoDB leaves unprocessed. */
async function writeAll(items: Record<string, unknown>[]): Promise<void> {
  await mapBounded(chunksOf(items, 25), 4, async (chunk) => {
    let requests = chunk.map((Item) => ({ PutRequest: { Item } }));
    while (requests.length) {
      const out = await db.send(new BatchWriteCommand({ RequestItems: { [tableName()]: requests } }));
      requests = (out.UnprocessedItems?.[tableName()] ?? []) as typeof requests;
    }
  });
}

/** TransactWriteItems takes at most 100 items: fewer rows than that go in the transaction itself. */
const TRANSACTION_ITEMS = 100;

/**
 * Rows to write before (or with) a transaction of `alongside` items: as Puts of the transaction
 * when they fit in it (one request, and all or nothing), else written 25 at a time beforehand.
 */
async function rowsWith(rows: Record<string, unknown>[], alongside: number): Promise<Record<string, unknown>[]> {
  if (rows.length + alongside <= TRANSACTION_ITEMS) return rows.map((Item) => ({ Put: { TableName: tableName(), Item } }));
  await writeAll(rows);
  return [];
}

/** The batch's items, then the batch itself with the first event of its audit chain (PREPARE_BATCH). */
export async function saveBatch(batch: Omit<PaymentBatch, 'auditSeq' | 'auditHash'>, items: BatchItem[], change: BatchChange): Promise<PaymentBatch> {
  const rows = await rowsWith(items.map((item) => ({ ...keys.batchItem(batch.batchId, item.instructionId), ...item })), 2);
  const audit = auditWrite({ subject: batchSubject(batch.batchId), previous: undefined, ...change });
  const stored: PaymentBatch = { ...batch, auditSeq: audit.seq, auditHash: audit.hash };
  await db.send(
    new TransactWriteCommand({
      TransactItems: [...(rows as never[]), { Put: { TableName: tableName(), Item: { ...keys.batch(batch.batchId), ...keys.batchList(batch.createdAt, batch.batchId), listing: batchListing(stored), ...stored }, ConditionExpression: 'attribute_not_exists(pk)' } }, audit.put as never],
    }),
  );
  return stored;
}

/** The batch, its items and its conflicts in one read of its partition: the sort keys from `BATCH` to the last `ITEM#` (conflicts sort between). */
export async function getBatch(batchId: string): Promise<{ batch: PaymentBatch; items: BatchItem[]; conflicts: PaymentConflict[] } | undefined> {
  const found = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :batch AND :lastItem',
    ExpressionAttributeValues: { ':pk': keys.batchPartition(batchId), ':batch': keys.batch(batchId).sk, ':lastItem': `${keys.batchItemPrefix}\uffff` },
    ConsistentRead: true,
  });
  const head = found.find((item) => item.sk === keys.batch(batchId).sk);
  if (!head) return undefined;
  const items = found.filter((item) => String(item.sk).startsWith(keys.batchItemPrefix)).map((item) => withoutKeys<BatchItem>(item));
  items.sort((a, b) => (a.instructionId < b.instructionId ? -1 : 1));
  const conflicts = found.filter((item) => String(item.sk).startsWith(keys.paymentConflictPrefix)).map((item) => withoutKeys<PaymentConflict>(item));
  return { batch: withoutKeys<PaymentBatch>(head), items, conflicts };
}

/** The batches, newest first, as finance's list shows them. */
export async function listBatches(limit: number): Promise<BatchListing[]> {
  const out = await db.send(
    new QueryCommand({ TableName: tableName(), IndexName: indexOn('gsi1'), KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': 'BATCHES' }, ScanIndexForward: false, Limit: limit }),
  );
  return (out.Items ?? []).map((entry) => listed(entry, batchListing));
}

export interface StoredReconciliation {
  batchId: string;
  importedAt: string;
  importedBy: { sub: string; name: string };
  totals: Totals;
  lineCount: number;
}

/**
 * Replaces the batch's reconciliation (the latest import is what finance reads) with its lines, and
 * marks the batch RECONCILED with its failures and open conflicts, audited. False when the batch
 * changed since it was read (the caller reads it again and retries).
 */
export async function saveReconciliation(batch: PaymentBatch, reconciliation: StoredReconciliation, lines: ReconciledLine[], change: BatchChange, openConflicts: number): Promise<boolean> {
  const rows = await rowsWith(lines.map((line, index) => ({ ...keys.reconciliationLine(reconciliation.batchId, index + 1), ...line })), 3);
  return changeBatch([
    ...rows,
    { Put: { TableName: tableName(), Item: { ...keys.reconciliation(reconciliation.batchId), ...reconciliation } } },
    ...batchChangeItems(batch, change, { set: { status: 'RECONCILED', reconciledAt: reconciliation.importedAt, failedCount: reconciliation.totals.FAILED.count, openConflicts } }),
  ]);
}

/** A bank line that contradicts what an earlier import settled, kept until finance resolves it. */
export interface PaymentConflict {
  batchId: string;
  instructionId: string;
  applicationId: string;
  settledAs: 'PAID' | 'FAILED';
  reportedAs: 'PAID' | 'FAILED';
  reportedAt: string;
  reportedBy: { sub: string; name: string };
  lineNo: number | null;
  reason?: string;
  reference?: string;
  resolution?: Signature & { confirmed: 'earlier' | 'later' };
}

/** Records conflicts found by an import; one already recorded for the instruction is kept as it is. Returns how many were new. */
export async function recordConflicts(conflicts: PaymentConflict[]): Promise<number> {
  const recorded = await mapBounded(conflicts, 4, async (conflict) => {
    try {
      await db.send(new PutCommand({ TableName: tableName(), Item: { ...keys.paymentConflict(conflict.batchId, conflict.instructionId), ...conflict }, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return false;
    }
  });
  return recorded.filter(Boolean).length;
}

export async function listConflicts(batchId: string): Promise<PaymentConflict[]> {
  const items = await queryAll({ TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': keys.batchPartition(batchId), ':prefix': keys.paymentConflictPrefix }, ConsistentRead: true });
  return items.map((item) => withoutKeys<PaymentConflict>(item));
}

/** Finance's resolution of one conflict, with the batch's open count and audit event; false if it was resolved (or the batch changed) meanwhile. */
export function resolveConflict(batch: PaymentBatch, conflict: PaymentConflict, resolution: NonNullable<PaymentConflict['resolution']>, change: BatchChange): Promise<boolean> {
  return changeBatch([
    {
      Update: {
        TableName: tableName(),
        Key: keys.paymentConflict(batch.batchId, conflict.instructionId),
        UpdateExpression: 'SET resolution = :resolution',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(resolution)',
        ExpressionAttributeValues: { ':resolution': resolution },
      },
    },
    ...batchChangeItems(batch, change, { set: {}, add: { openConflicts: -1 } }),
  ]);
}

export async function getReconciliation(batchId: string): Promise<{ reconciliation: StoredReconciliation; lines: ReconciledLine[] } | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.reconciliation(batchId), ConsistentRead: true }));
  if (!out.Item) return undefined;
  const reconciliation = withoutKeys<StoredReconciliation>(out.Item);
  const lines = await queryAll({ TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': keys.batchPartition(batchId), ':prefix': keys.reconciliationLinePrefix } });
  return { reconciliation, lines: lines.slice(0, reconciliation.lineCount).map((line) => withoutKeys<ReconciledLine>(line)) };
}

/** Transaction item: the bank paid (or refused) an instruction of a batch; listed as settled in `year`. */
export function settleInstructionItem(instruction: PaymentInstructionItem, year: number, outcome: 'PAID' | 'FAILED', at: string, detail: { reference?: string; reason?: string }) {
  const said = (outcome === 'PAID' ? detail.reference : detail.reason) ?? '';
  const listing = instructionListing({ ...instruction, status: outcome, ...(outcome === 'PAID' ? { paidAt: at, bankReference: said } : { failedAt: at, failureReason: said }) });
  return {
    Update: {
      TableName: tableName(),
      Key: keys.paymentInstruction(instruction.applicationId, instruction.attempt),
      UpdateExpression:
        outcome === 'PAID'
          ? 'SET #status = :outcome, paidAt = :at, bankReference = :detail, gsi1pk = :gpk, gsi1sk = :gsk, listing = :listing'
          : 'SET #status = :outcome, failedAt = :at, failureReason = :detail, gsi1pk = :gpk, gsi1sk = :gsk, listing = :listing',
      ConditionExpression: '#status = :batched',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':outcome': outcome,
        ':at': at,
        ':detail': said,
        ':batched': 'BATCHED',
        ':gpk': keys.settledIndex(outcome, year, at, instruction.instructionId).gsi1pk,
        ':gsk': keys.settledIndex(outcome, year, at, instruction.instructionId).gsi1sk,
        ':listing': listing,
      },
    },
  };
}

/** Every payment instruction of a year (by when it was made), as listed: waiting for a batch, in one, paid or failed. `unbatched`: the waiting ones, when the caller has just read them all. */
export async function listInstructionsOfYear(year: number, unbatched?: InstructionListing[]): Promise<InstructionListing[]> {
  const [waiting, batched, paid, failed] = await Promise.all([
    unbatched ?? listUnbatched(),
    queryAll({ TableName: tableName(), IndexName: indexOn('gsi1'), KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.batchedPartition(year) } }),
    listSettled('PAID', year),
    listSettled('FAILED', year),
  ]);
  return [...waiting.filter((instruction) => shanghaiYear(instruction.createdAt) === year), ...listedInstructions(batched), ...paid, ...failed];
}

/** Instructions the bank paid or refused in a year, as listed, for the disbursement report. */
export async function listSettled(outcome: 'PAID' | 'FAILED', year: number): Promise<InstructionListing[]> {
  const items = await queryAll({ TableName: tableName(), IndexName: indexOn('gsi1'), KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.settledPartition(outcome, year) } });
  return listedInstructions(items);
}
