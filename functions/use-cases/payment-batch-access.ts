import { getBatch, type BatchItem, type PaymentBatch, type PaymentConflict } from '../store/payments.ts';
import type { Actor } from '../store/types.ts';
import { NotFoundError } from '../shared/errors.ts';

/** The finance user acting on a batch, as the audit trail records them. */
export interface FinanceUser {
  sub: string;
  name: string;
  orgUnit: string;
}

export const financeActor = (user: FinanceUser): Actor => ({ sub: user.sub, name: user.name, role: 'finance', orgUnit: user.orgUnit });

/** A batch and its items, or the 404 every batch route answers for an unknown id. */
export async function batchOrNotFound(batchId: string): Promise<{ batch: PaymentBatch; items: BatchItem[]; conflicts: PaymentConflict[] }> {
  const found = await getBatch(batchId);
  if (!found) throw new NotFoundError({ zh: '未找到该付款批次', en: 'No such payment batch' });
  return found;
}

/** A batch change conditioned on the audit head read: read again and retry when another change got in first. */
export async function withFreshBatch<T>(batchId: string, attempt: (batch: PaymentBatch, items: BatchItem[]) => Promise<T | undefined>): Promise<T> {
  for (let tries = 0; tries < 5; tries++) {
    const { batch, items } = await batchOrNotFound(batchId);
    const done = await attempt(batch, items);
    if (done !== undefined) return done;
  }
  throw new Error(`batch ${batchId} kept changing while it was being updated`);
}
