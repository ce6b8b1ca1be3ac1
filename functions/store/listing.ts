import { maskBankAccount, maskIdNumber } from '../domain/id-number.ts';
import { markOf } from '../domain/sealed.ts';
import { withoutKeys } from './keys.ts';
import { queriesFormerIndexes } from './table.ts';

/*
 * An item that a listing shows carries `listing`: what its listings show of it, written with its
 * index keys (and removed with them) from the item as that write leaves it. It is all the indexes
 * copy beside the keys (table.ts), so a listing reads no item again, and no index holds a sealed
 * number, an application's details or a task token. Each store module defines its items' listing.
 */

/**
 * What an index entry lists: its listing. A former index (TABLE_INDEXES=former, during a stage's
 * rollout) copies whole items, some written before listings: their listing is made from the item.
 */
export function listed<T>(entry: Record<string, unknown>, fromItem: (item: never) => T): T {
  if (entry.listing !== undefined) return entry.listing as T;
  if (queriesFormerIndexes()) return fromItem(withoutKeys<never>(entry));
  throw new Error(`${String(entry.pk)} ${String(entry.sk)} is listed without its listing: run npm run backfill-listings`);
}

/** A resident-ID number as a listing may hold it: its mark when sealed, else (legacy, not sealed yet) masked. */
export const listedIdNumber = (value: string): string => markOf(value) ?? maskIdNumber(value);

/** A bank-card number as a listing may hold it: its mark when sealed, else (legacy) masked. */
export const listedCardNumber = (value: string): string => markOf(value) ?? maskBankAccount(value);
