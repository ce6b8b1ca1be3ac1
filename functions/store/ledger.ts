import type { AmountsByPurpose, ProgramId } from '../domain/programs/types.ts';
import { queryAll } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { tableName } from './table.ts';

/**
 * The entitlement ledger: every benefit reserved or paid, any program and unit, one entry per
 * application under its household and year, with its amount split by purpose. Entries are written
 * in the transactions that reserve and pay, so the ledger never disagrees with the budgets.
 */
export interface LedgerEntry {
  memberNumber: string;
  year: number;
  applicationId: string;
  program: ProgramId;
  orgUnit: string;
  amountFen: number;
  purposes: AmountsByPurpose;
  state: 'RESERVED' | 'PAID';
  reservedAt?: string;
  paidAt?: string;
}

type Grant = Pick<LedgerEntry, 'memberNumber' | 'year' | 'applicationId' | 'program' | 'orgUnit' | 'amountFen' | 'purposes'>;

/** Transaction item: the grant is reserved (with the budget's reservation). */
export function ledgerReservedItem(grant: Grant, at: string) {
  const entry: LedgerEntry = { ...grant, state: 'RESERVED', reservedAt: at };
  return { Put: { TableName: tableName(), Item: { ...keys.ledgerEntry(grant.memberNumber, grant.year, grant.applicationId), ...entry } } };
}

/** Transaction item: the grant is paid (with the budget's settlement); written whole, so a grant reserved before the ledger existed is recorded too. */
export function ledgerPaidItem(grant: Grant, at: string) {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.ledgerEntry(grant.memberNumber, grant.year, grant.applicationId),
      UpdateExpression: 'SET memberNumber = :member, #year = :year, applicationId = :id, program = :program, orgUnit = :unit, amountFen = :amount, purposes = :purposes, #state = :paid, paidAt = :at',
      ExpressionAttributeNames: { '#year': 'year', '#state': 'state' },
      ExpressionAttributeValues: { ':member': grant.memberNumber, ':year': grant.year, ':id': grant.applicationId, ':program': grant.program, ':unit': grant.orgUnit, ':amount': grant.amountFen, ':purposes': grant.purposes, ':paid': 'PAID', ':at': at },
    },
  };
}

/** The household's entries, of one year or of all years, oldest first. */
export async function ledgerOfHousehold(memberNumber: string, year?: number): Promise<LedgerEntry[]> {
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: year === undefined ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :year)',
    ExpressionAttributeValues: { ':pk': keys.ledgerPartition(memberNumber), ...(year === undefined ? {} : { ':year': keys.ledgerYearPrefix(year) }) },
    ConsistentRead: true,
  });
  return items.map((item) => withoutKeys<LedgerEntry>(item));
}

/** What the entries add up to, by purpose. */
export function totalsByPurpose(entries: Pick<LedgerEntry, 'purposes'>[]): AmountsByPurpose {
  const totals: AmountsByPurpose = {};
  for (const entry of entries) {
    for (const [purpose, fen] of Object.entries(entry.purposes) as [keyof AmountsByPurpose, number][]) totals[purpose] = (totals[purpose] ?? 0) + fen;
  }
  return totals;
}
