import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { auditWrite } from './audit.ts';
import type { Actor } from './types.ts';
import { db, queryAll } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { tableName } from './table.ts';

/**
 * A program's money for one year and org unit. `availableFen` = allocated − reserved − paid is kept
 * in the item so that a reservation is one conditional update (`availableFen >= amount`): however
 * many approvals race, reserved + paid never passes allocated.
 */
export interface Budget {
  program: string;
  year: number;
  orgUnit: string;
  allocatedFen: number;
  reservedFen: number;
  paidFen: number;
  availableFen: number;
  updatedAt: string;
  /** Head of the budget's own audit chain (subject `budget:<program>:<year>:<orgUnit>`). */
  auditSeq?: number;
  auditHash?: string;
}

export const budgetSubject = (program: string, year: number, orgUnit: string): string => `budget:${program}:${year}:${orgUnit}`;

export function toBudget(item: Record<string, unknown>): Budget {
  return withoutKeys<Budget>(item);
}

export async function getBudget(program: string, year: number, orgUnit: string): Promise<Budget | undefined> {
  const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.budget(program, year, orgUnit), ConsistentRead: true }));
  return out.Item ? toBudget(out.Item) : undefined;
}

export async function listBudgets(year: number): Promise<Budget[]> {
  const out = await db.send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.budgetPartition(year) }, ConsistentRead: true }),
  );
  return (out.Items ?? []).map(toBudget);
}

/** The budget an application draws on: the nearest unit of its lineage that has one for the program and year. */
export async function budgetFor(program: string, year: number, lineage: string[]): Promise<Budget | undefined> {
  if (lineage.length === 0) return undefined;
  // Every unit of the lineage in one request (a lineage is at most a handful of units), the nearest that has one wins.
  let request: { Keys: Record<string, unknown>[]; ConsistentRead: boolean } | undefined = { Keys: lineage.map((orgUnit) => keys.budget(program, year, orgUnit)), ConsistentRead: true };
  const found: Budget[] = [];
  while (request) {
    const out: BatchGetCommandOutput = await db.send(new BatchGetCommand({ RequestItems: { [tableName()]: request } }));
    found.push(...(out.Responses?.[tableName()] ?? []).map(toBudget));
    const rest = out.UnprocessedKeys?.[tableName()];
    request = rest?.Keys?.length ? { Keys: rest.Keys, ConsistentRead: true } : undefined;
  }
  for (const orgUnit of lineage) {
    const budget = found.find((candidate) => candidate.orgUnit === orgUnit);
    if (budget) return budget;
  }
  return undefined;
}

/** Transaction item: reserve `amountFen`, failing the transaction when not enough is available. */
export function reserveBudgetItem(budget: Pick<Budget, 'program' | 'year' | 'orgUnit'>, amountFen: number, at: string) {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.budget(budget.program, budget.year, budget.orgUnit),
      UpdateExpression: 'SET availableFen = availableFen - :amount, reservedFen = reservedFen + :amount, updatedAt = :at',
      ConditionExpression: 'availableFen >= :amount',
      ExpressionAttributeValues: { ':amount': amountFen, ':at': at },
    },
  };
}

/** Transaction item: a reserved amount was paid. */
export function settleBudgetItem(budget: Pick<Budget, 'program' | 'year' | 'orgUnit'>, amountFen: number, at: string) {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.budget(budget.program, budget.year, budget.orgUnit),
      UpdateExpression: 'SET reservedFen = reservedFen - :amount, paidFen = paidFen + :amount, updatedAt = :at',
      ConditionExpression: 'reservedFen >= :amount',
      ExpressionAttributeValues: { ':amount': amountFen, ':at': at },
    },
  };
}

export class AllocationBelowCommittedError extends Error {
  constructor(readonly committedFen: number) {
    super(`allocation cannot go below reserved + paid (${committedFen} fen)`);
    this.name = 'AllocationBelowCommittedError';
  }
}

/**
 * The writes that set an allocation, with its audit event: conditioned on the allocation and chain
 * head in `current`, and on the new one covering what is reserved and paid. A caller may add them
 * to its own transaction (a budget round's approval) and retry when they fail.
 */
export function allocationWrites(program: string, year: number, orgUnit: string, current: Budget | undefined, allocatedFen: number, at: string, actor: Actor, reason?: string, action?: string) {
  const committed = (current?.reservedFen ?? 0) + (current?.paidFen ?? 0);
  if (allocatedFen < committed) throw new AllocationBelowCommittedError(committed);
  const audit = auditWrite({
    subject: budgetSubject(program, year, orgUnit),
    previous: current?.auditSeq ? { seq: current.auditSeq, hash: current.auditHash ?? '' } : undefined,
    actor,
    at,
    action: action ?? (current ? 'SET_ALLOCATION' : 'CREATE_BUDGET'),
    before: current ? { allocatedFen: current.allocatedFen } : null,
    after: { allocatedFen },
    ...(reason ? { reason } : {}),
  });
  const budget: Budget = current
    ? { ...current, allocatedFen, availableFen: current.availableFen + (allocatedFen - current.allocatedFen), updatedAt: at, auditSeq: audit.seq, auditHash: audit.hash }
    : { program, year, orgUnit, allocatedFen, reservedFen: 0, paidFen: 0, availableFen: allocatedFen, updatedAt: at, auditSeq: audit.seq, auditHash: audit.hash };
  const write = current
    ? {
        Update: {
          TableName: tableName(),
          Key: keys.budget(program, year, orgUnit),
          UpdateExpression: 'SET allocatedFen = :allocated, availableFen = availableFen + :delta, updatedAt = :at, auditSeq = :seq, auditHash = :hash',
          ConditionExpression: 'allocatedFen = :previous AND availableFen >= :needed AND auditSeq = :previousSeq',
          ExpressionAttributeValues: {
            ':allocated': allocatedFen,
            ':delta': allocatedFen - current.allocatedFen,
            ':at': at,
            ':seq': audit.seq,
            ':hash': audit.hash,
            ':previous': current.allocatedFen,
            ':needed': Math.max(0, current.allocatedFen - allocatedFen),
            ':previousSeq': current.auditSeq ?? 0,
          },
        },
      }
    : { Put: { TableName: tableName(), Item: { ...keys.budget(program, year, orgUnit), ...budget }, ConditionExpression: 'attribute_not_exists(pk)' } };
  return { budget, items: [write, audit.put] };
}

/**
 * Sets the allocation, with its audit event in the same transaction; retried when a reservation
 * slipped in between.
 */
export async function setAllocation(program: string, year: number, orgUnit: string, allocatedFen: number, at: string, actor: Actor, reason?: string): Promise<Budget> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = await getBudget(program, year, orgUnit);
    const { budget, items } = allocationWrites(program, year, orgUnit, current, allocatedFen, at, actor, reason);
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items as never }));
      return budget;
    } catch (error) {
      if (error instanceof TransactionCanceledException) continue;
      throw error;
    }
  }
  throw new Error(`budget ${program}/${year}/${orgUnit} is too contended to update`);
}

/** Transaction item: the application joins the queue of those waiting for this program's budget. */
export function parkItem(program: string, year: number, parkedAt: string, applicationId: string) {
  return { Put: { TableName: tableName(), Item: { ...keys.parked(program, year, parkedAt, applicationId), applicationId, parkedAt } } };
}

/** Transaction item: the application leaves the queue (it got its reservation). */
export function unparkItem(program: string, year: number, parkedAt: string, applicationId: string) {
  return { Delete: { TableName: tableName(), Key: keys.parked(program, year, parkedAt, applicationId) } };
}

/** Applications waiting for a program's budget of a year, in the order they were parked. */
export async function listParked(program: string, year: number): Promise<string[]> {
  const parked = await queryAll({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.parkedPartition(program, year) }, ConsistentRead: true });
  return parked.map((item) => String(item.applicationId));
}
