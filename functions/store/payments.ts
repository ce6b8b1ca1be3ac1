import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { db, queryAll } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { tableName } from './table.ts';
import type { PaymentInstructionItem } from './types.ts';
import type { ReconciledLine, Totals } from '../domain/finance/reconcile.ts';

export const instructionId = (applicationId: string, attempt: number): string => `${applicationId}-P${attempt}`;

/** The payment instruction as a transaction item: written once per (application, attempt), waiting for a batch. */
export function paymentInstructionPut(instruction: PaymentInstructionItem) {
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...keys.paymentInstruction(instruction.applicationId, instruction.attempt),
        ...keys.unbatchedIndex(instruction.program, instruction.createdAt, instruction.instructionId),
        ...instruction,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
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
  createdAt: string;
  createdBy: { sub: string; name: string };
  program?: string;
  orgUnit?: string;
  count: number;
  totalFen: number;
  reconciledAt?: string;
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
}

/** Instructions not in any batch yet, oldest first (optionally of one program). */
export async function listUnbatched(program?: string): Promise<PaymentInstructionItem[]> {
  const items = await queryAll({
    TableName: tableName(),
    IndexName: 'gsi2',
    KeyConditionExpression: program ? 'gsi2pk = :pk AND begins_with(gsi2sk, :program)' : 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.unbatchedPartition, ...(program ? { ':program': `${program}#` } : {}) },
  });
  return items.map((item) => withoutKeys<PaymentInstructionItem>(item));
}

/**
 * Takes an instruction into a batch: a conditional move from PENDING, so an instruction belongs to
 * one batch however many batches are made at once. False when another batch took it first.
 */
export async function takeIntoBatch(instruction: PaymentInstructionItem, batchId: string): Promise<boolean> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.paymentInstruction(instruction.applicationId, instruction.attempt),
        UpdateExpression: 'SET #status = :batched, batchId = :batch REMOVE gsi2pk, gsi2sk',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':batched': 'BATCHED', ':batch': batchId, ':pending': 'PENDING' },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

async function writeAll(items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (requests.length) {
      const out = await db.send(new BatchWriteCommand({ RequestItems: { [tableName()]: requests } }));
      requests = (out.UnprocessedItems?.[tableName()] ?? []) as typeof requests;
    }
  }
}

export async function saveBatch(batch: PaymentBatch, items: BatchItem[]): Promise<void> {
  await writeAll(items.map((item) => ({ ...keys.batchItem(batch.batchId, item.instructionId), ...item })));
  await db.send(new PutCommand({ TableName: tableName(), Item: { ...keys.batch(batch.batchId), ...keys.batchList(batch.createdAt, batch.batchId), ...batch } }));
}

export async function getBatch(batchId: string): Promise<{ batch: PaymentBatch; items: BatchItem[] } | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.batch(batchId), ConsistentRead: true }));
  if (!out.Item) return undefined;
  const items = (await queryAll({ TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': keys.batchPartition(batchId), ':prefix': keys.batchItemPrefix }, ConsistentRead: true })).map(
    (item) => withoutKeys<BatchItem>(item),
  );
  items.sort((a, b) => (a.instructionId < b.instructionId ? -1 : 1));
  return { batch: withoutKeys<PaymentBatch>(out.Item), items };
}

export async function listBatches(limit: number): Promise<PaymentBatch[]> {
  const out = await db.send(
    new QueryCommand({ TableName: tableName(), IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': 'BATCHES' }, ScanIndexForward: false, Limit: limit }),
  );
  return (out.Items ?? []).map((item) => withoutKeys<PaymentBatch>(item));
}

export interface StoredReconciliation {
  batchId: string;
  importedAt: string;
  importedBy: { sub: string; name: string };
  totals: Totals;
  lineCount: number;
}

/** Replaces the batch's reconciliation (the latest import is what finance reads) with its lines. */
export async function saveReconciliation(reconciliation: StoredReconciliation, lines: ReconciledLine[]): Promise<void> {
  await writeAll(lines.map((line, index) => ({ ...keys.reconciliationLine(reconciliation.batchId, index + 1), ...line })));
  await db.send(new PutCommand({ TableName: tableName(), Item: { ...keys.reconciliation(reconciliation.batchId), ...reconciliation } }));
}

export async function getReconciliation(batchId: string): Promise<{ reconciliation: StoredReconciliation; lines: ReconciledLine[] } | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.reconciliation(batchId), ConsistentRead: true }));
  if (!out.Item) return undefined;
  const reconciliation = withoutKeys<StoredReconciliation>(out.Item);
  const lines = await queryAll({ TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': keys.batchPartition(batchId), ':prefix': keys.reconciliationLinePrefix } });
  return { reconciliation, lines: lines.slice(0, reconciliation.lineCount).map((line) => withoutKeys<ReconciledLine>(line)) };
}

/** Transaction item: the bank paid (or refused) an instruction of a batch. */
export function settleInstructionItem(item: Pick<BatchItem, 'applicationId' | 'attempt' | 'instructionId' | 'year'>, outcome: 'PAID' | 'FAILED', at: string, detail: { reference?: string; reason?: string }) {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.paymentInstruction(item.applicationId, item.attempt),
      UpdateExpression:
        outcome === 'PAID'
          ? 'SET #status = :outcome, paidAt = :at, bankReference = :detail, gsi1pk = :gpk, gsi1sk = :gsk'
          : 'SET #status = :outcome, failedAt = :at, failureReason = :detail, gsi1pk = :gpk, gsi1sk = :gsk',
      ConditionExpression: '#status = :batched',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':outcome': outcome,
        ':at': at,
        ':detail': (outcome === 'PAID' ? detail.reference : detail.reason) ?? '',
        ':batched': 'BATCHED',
        ':gpk': keys.settledIndex(outcome, item.year, at, item.instructionId).gsi1pk,
        ':gsk': keys.settledIndex(outcome, item.year, at, item.instructionId).gsi1sk,
      },
    },
  };
}

/** Instructions the bank paid or refused in a year, for the disbursement report. */
export async function listSettled(outcome: 'PAID' | 'FAILED', year: number): Promise<PaymentInstructionItem[]> {
  const items = await queryAll({ TableName: tableName(), IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.settledPartition(outcome, year) } });
  return items.map((item) => withoutKeys<PaymentInstructionItem>(item));
}
