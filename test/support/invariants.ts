import { scanApplications } from '../../functions/store/applications.ts';
import { listAuditEvents } from '../../functions/store/audit.ts';
import { listBudgets } from '../../functions/store/budgets.ts';
import { listPaymentInstructions } from '../../functions/store/payments.ts';
import { verifyChain } from '../../functions/domain/audit-chain.ts';
import { finalStatuses } from './load.ts';

/**
 * What the reliability suite holds the platform to, read from the database itself (the table the
 * process's TABLE_NAME and AWS_ENDPOINT_URL_DYNAMODB point at), not from what the API says.
 */

/** Budgets never committed past their allocation: reserved + paid ≤ allocated, for every budget of the year. */
export async function budgetProblems(year: number): Promise<string[]> {
  return (await listBudgets(year))
    .filter((budget) => budget.reservedFen + budget.paidFen > budget.allocatedFen)
    .map((budget) => `budget ${budget.program}/${budget.year}/${budget.orgUnit}: reserved ${budget.reservedFen} + paid ${budget.paidFen} > allocated ${budget.allocatedFen}`);
}

export interface DatabaseVerdict {
  /** Applications per status, as stored. */
  byStatus: Record<string, number>;
  /** Every broken promise found, in words; empty when all hold. */
  problems: string[];
}

/**
 * Every application of `ids` is stored and final; none was paid twice (one PAID instruction at
 * most, exactly one when PAID); its audit chain verifies; no stored application is missing from
 * `ids` (nothing recorded behind the client's back) and the budgets hold.
 */
export async function verifyDatabase(ids: string[], year: number): Promise<DatabaseVerdict> {
  const problems: string[] = [];
  const stored = await scanApplications();
  const byId = new Map(stored.map((application) => [application.id, application]));
  const byStatus: Record<string, number> = {};
  for (const application of stored) byStatus[application.status] = (byStatus[application.status] ?? 0) + 1;
  const wanted = new Set(ids);
  for (const application of stored) if (!wanted.has(application.id)) problems.push(`${application.id} is stored but no client was told of it (${application.status})`);
  const check = async (id: string) => {
    const application = byId.get(id);
    if (!application) return problems.push(`${id} was accepted (202) but is not stored`);
    if (!finalStatuses.has(application.status)) problems.push(`${id} is ${application.status}, not final`);
    const paid = (await listPaymentInstructions(id)).filter((instruction) => instruction.status === 'PAID');
    if (paid.length > 1) problems.push(`${id} was paid ${paid.length} times`);
    if (application.status === 'PAID' && paid.length !== 1) problems.push(`${id} is PAID with ${paid.length} paid instructions`);
    const verdict = verifyChain(id, await listAuditEvents(id));
    if (!verdict.valid) problems.push(`${id}: audit chain broken at ${verdict.brokenAt.seq ?? verdict.brokenAt.index}: ${verdict.brokenAt.reason}`);
    return undefined;
  };
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < ids.length) await check(ids[next++] as string);
  }));
  problems.push(...(await budgetProblems(year)));
  return { byStatus, problems };
}
