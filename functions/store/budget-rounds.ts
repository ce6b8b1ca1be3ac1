import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { AdjustmentKind, RoundState, RoundStep, StepRecord } from '../domain/finance/budget-rounds.ts';
import { auditWrite } from './audit.ts';
import { db, queryAll } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { indexOn, tableName } from './table.ts';
import { listed } from './listing.ts';
import type { Actor } from './types.ts';

/** A 二上二下 round of one year, program and org unit, with each step as it was recorded. */
export interface BudgetRound extends RoundState {
  year: number;
  program: string;
  orgUnit: string;
  openedAt: string;
  openedBy: { sub: string; name: string };
  updatedAt: string;
  auditSeq: number;
  auditHash: string;
}

export const roundSubject = (year: number, program: string, orgUnit: string): string => `budget-round:${year}:${program}:${orgUnit}`;

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

export async function getRound(year: number, program: string, orgUnit: string): Promise<BudgetRound | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.budgetRound(year, program, orgUnit), ConsistentRead: true }));
  return out.Item ? withoutKeys<BudgetRound>(out.Item) : undefined;
}

export async function listRounds(year: number): Promise<BudgetRound[]> {
  const items = await queryAll({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.budgetRoundPartition(year) }, ConsistentRead: true });
  return items.map((item) => withoutKeys<BudgetRound>(item));
}

/** Opens rounds (one per unit) with their first audit events, all or none; false when one is open already. */
export async function openRounds(rounds: Omit<BudgetRound, 'auditSeq' | 'auditHash'>[], actor: Actor, comment: string | undefined): Promise<boolean> {
  const items: TransactItem[] = [];
  for (const round of rounds) {
    const audit = auditWrite({ subject: roundSubject(round.year, round.program, round.orgUnit), previous: undefined, actor, at: round.openedAt, action: 'OPEN_BUDGET_ROUND', before: null, after: { deadlines: round.deadlines }, ...(comment ? { reason: comment } : {}) });
    items.push({ Put: { TableName: tableName(), Item: { ...keys.budgetRound(round.year, round.program, round.orgUnit), ...round, auditSeq: audit.seq, auditHash: audit.hash }, ConditionExpression: 'attribute_not_exists(pk)' } }, audit.put as TransactItem);
  }
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException) return false;
    throw error;
  }
}

const auditActions: Record<RoundStep, string> = { proposal: 'BUDGET_PROPOSAL', control: 'BUDGET_CONTROL_FIGURE', detailed: 'BUDGET_DETAILED', approval: 'BUDGET_APPROVAL' };

/**
 * Records one step of a round with its audit event, and `with` (the allocation, at approval) in the
 * same transaction; conditioned on the chain head read and on the step not being recorded yet, so
 * a figure is set once. False when someone else moved the round meanwhile.
 */
export async function recordRoundStep(round: BudgetRound, step: RoundStep, record: StepRecord, actor: Actor, withItems: unknown[] = []): Promise<BudgetRound | undefined> {
  const audit = auditWrite({
    subject: roundSubject(round.year, round.program, round.orgUnit),
    previous: { seq: round.auditSeq, hash: round.auditHash },
    actor,
    at: record.at,
    action: auditActions[step],
    before: null,
    after: { amountFen: record.amountFen, ...(record.targets ? { targets: { ...record.targets } } : {}), late: record.late },
    reason: record.comment,
  });
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: keys.budgetRound(round.year, round.program, round.orgUnit),
              UpdateExpression: 'SET steps.#step = :record, updatedAt = :at, auditSeq = :seq, auditHash = :hash',
              ConditionExpression: 'auditSeq = :previous AND attribute_not_exists(steps.#step)',
              ExpressionAttributeNames: { '#step': step },
              ExpressionAttributeValues: { ':record': record, ':at': record.at, ':seq': audit.seq, ':hash': audit.hash, ':previous': round.auditSeq },
            },
          },
          audit.put as TransactItem,
          ...(withItems as TransactItem[]),
        ],
      }),
    );
    return { ...round, steps: { ...round.steps, [step]: record }, updatedAt: record.at, auditSeq: audit.seq, auditHash: audit.hash };
  } catch (error) {
    if (error instanceof TransactionCanceledException) return undefined;
    throw error;
  }
}

/** 追加/调减 during the year: a small round of its own — the request, then finance's decision. */
export interface BudgetAdjustment {
  id: string;
  year: number;
  program: string;
  orgUnit: string;
  kind: AdjustmentKind;
  amountFen: number;
  reason: string;
  /** The day by which finance decides. */
  decideBy: string;
  status: 'REQUESTED' | 'APPROVED' | 'REFUSED';
  requestedAt: string;
  requestedBy: { sub: string; name: string; role: string };
  decidedAt?: string;
  decidedBy?: { sub: string; name: string };
  comment?: string;
  allocatedBeforeFen?: number;
  allocatedAfterFen?: number;
  auditSeq: number;
  auditHash: string;
}

export const adjustmentSubject = (id: string): string => `budget-adjustment:${id}`;

export async function getAdjustment(id: string): Promise<BudgetAdjustment | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.budgetAdjustment(id), ConsistentRead: true }));
  return out.Item ? withoutKeys<BudgetAdjustment>(out.Item) : undefined;
}

/** An adjustment as the year's list shows it: the whole of it. */
export const adjustmentListing = (adjustment: BudgetAdjustment): BudgetAdjustment => adjustment;

export async function listAdjustments(year: number): Promise<BudgetAdjustment[]> {
  const out = await db.send(new QueryCommand({ TableName: tableName(), IndexName: indexOn('gsi1'), KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.adjustmentListPartition(year) } }));
  return (out.Items ?? []).map((entry) => listed(entry, adjustmentListing));
}

export async function requestAdjustment(adjustment: Omit<BudgetAdjustment, 'auditSeq' | 'auditHash'>, actor: Actor): Promise<BudgetAdjustment> {
  const audit = auditWrite({ subject: adjustmentSubject(adjustment.id), previous: undefined, actor, at: adjustment.requestedAt, action: 'REQUEST_BUDGET_ADJUSTMENT', before: null, after: { kind: adjustment.kind, amountFen: adjustment.amountFen }, reason: adjustment.reason });
  const stored = { ...adjustment, auditSeq: audit.seq, auditHash: audit.hash };
  await db.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: tableName(), Item: { ...keys.budgetAdjustment(adjustment.id), ...keys.adjustmentList(adjustment.year, adjustment.requestedAt, adjustment.id), listing: adjustmentListing(stored), ...stored }, ConditionExpression: 'attribute_not_exists(pk)' } },
        audit.put as TransactItem,
      ],
    }),
  );
  return stored;
}

/** Finance's decision on an adjustment with its audit event and `with` (the allocation), all or none. */
export async function decideAdjustment(adjustment: BudgetAdjustment, decision: Required<Pick<BudgetAdjustment, 'status' | 'decidedAt' | 'decidedBy' | 'comment'>> & Pick<BudgetAdjustment, 'allocatedBeforeFen' | 'allocatedAfterFen'>, actor: Actor, withItems: unknown[] = []): Promise<BudgetAdjustment | undefined> {
  const audit = auditWrite({
    subject: adjustmentSubject(adjustment.id),
    previous: { seq: adjustment.auditSeq, hash: adjustment.auditHash },
    actor,
    at: decision.decidedAt,
    action: decision.status === 'APPROVED' ? 'APPROVE_BUDGET_ADJUSTMENT' : 'REFUSE_BUDGET_ADJUSTMENT',
    before: { status: adjustment.status },
    after: { status: decision.status, ...(decision.allocatedAfterFen !== undefined ? { allocatedFen: decision.allocatedAfterFen } : {}) },
    reason: decision.comment,
  });
  const updated = { ...adjustment, ...decision, auditSeq: audit.seq, auditHash: audit.hash };
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: { ...keys.budgetAdjustment(adjustment.id), ...keys.adjustmentList(adjustment.year, adjustment.requestedAt, adjustment.id), listing: adjustmentListing(updated), ...updated },
              ConditionExpression: '#status = :requested AND auditSeq = :previous',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':requested': 'REQUESTED', ':previous': adjustment.auditSeq },
            },
          },
          audit.put as TransactItem,
          ...(withItems as TransactItem[]),
        ],
      }),
    );
    return updated;
  } catch (error) {
    if (error instanceof TransactionCanceledException) return undefined;
    throw error;
  }
}
