import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { db } from './client.ts';
import { keys } from './keys.ts';
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
}

function toBudget(item: Record<string, unknown>): Budget {
  const { pk: _pk, sk: _sk, ...budget } = item;
  return budget as unknown as Budget;
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
  for (const orgUnit of lineage) {
    const budget = await getBudget(program, year, orgUnit);
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
 * Sets the allocation. Conditioned on the allocation we read, and on the new one covering what is
 * reserved and paid; retried when a reservation slipped in between.
 */
export async function setAllocation(program: string, year: number, orgUnit: string, allocatedFen: number, at: string): Promise<Budget> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = await getBudget(program, year, orgUnit);
    if (!current) {
      const budget: Budget = { program, year, orgUnit, allocatedFen, reservedFen: 0, paidFen: 0, availableFen: allocatedFen, updatedAt: at };
      try {
        await db.send(new PutCommand({ TableName: tableName(), Item: { ...keys.budget(program, year, orgUnit), ...budget }, ConditionExpression: 'attribute_not_exists(pk)' }));
        return budget;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) continue;
        throw error;
      }
    }
    const committed = current.reservedFen + current.paidFen;
    if (allocatedFen < committed) throw new AllocationBelowCommittedError(committed);
    const delta = allocatedFen - current.allocatedFen;
    try {
      await db.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.budget(program, year, orgUnit),
          UpdateExpression: 'SET allocatedFen = :allocated, availableFen = availableFen + :delta, updatedAt = :at',
          ConditionExpression: 'allocatedFen = :previous AND availableFen >= :needed',
          ExpressionAttributeValues: { ':allocated': allocatedFen, ':delta': delta, ':at': at, ':previous': current.allocatedFen, ':needed': Math.max(0, -delta) },
        }),
      );
      return { ...current, allocatedFen, availableFen: current.availableFen + delta, updatedAt: at };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) continue;
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
  const ids: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.parkedPartition(program, year) },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    ids.push(...(out.Items ?? []).map((item) => String(item.applicationId)));
    start = out.LastEvaluatedKey;
  } while (start);
  return ids;
}
