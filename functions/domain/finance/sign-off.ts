import type { Message } from '../message.ts';

/**
 * A payment batch's life: prepared by one finance user, reviewed by a second when three people must
 * sign, released by another, sent (its bank file downloaded, which only a released batch allows),
 * then reconciled against the bank's results.
 */
export const batchStatuses = ['PREPARED', 'REVIEWED', 'RELEASED', 'SENT', 'RECONCILED'] as const;
export type BatchStatus = (typeof batchStatuses)[number];

/** How many distinct people sign a batch off: preparer and releaser, or preparer, reviewer and releaser. */
export type SignOffCount = 2 | 3;
export type SignOffStep = 'review' | 'release';

export interface Signature {
  sub: string;
  name: string;
  at: string;
  comment?: string;
}

export interface SignOffState {
  status: BatchStatus;
  signOffs: SignOffCount;
  createdBy: { sub: string; name: string };
  reviewedBy?: Signature;
  releasedBy?: Signature;
}

export const statusAfter: Record<SignOffStep, BatchStatus> = { review: 'REVIEWED', release: 'RELEASED' };

/** The step a batch waits for next, if it waits for a signature. */
export function nextSignOff(batch: Pick<SignOffState, 'status' | 'signOffs'>): SignOffStep | undefined {
  if (batch.status === 'PREPARED') return batch.signOffs === 3 ? 'review' : 'release';
  if (batch.status === 'REVIEWED') return 'release';
  return undefined;
}

export type SignOffRefusal = { kind: 'state'; message: Message } | { kind: 'same-person'; message: Message };

/**
 * Why `sub` may not sign `step` of the batch now, or undefined when they may: the step must be the
 * one the batch waits for, and whoever signs must not have signed it before (the preparer never
 * reviews or releases their own batch; the reviewer does not release it).
 */
export function signOffRefusal(batch: SignOffState, step: SignOffStep, sub: string): SignOffRefusal | undefined {
  const next = nextSignOff(batch);
  if (next !== step) {
    if (step === 'review' && batch.signOffs === 2) return { kind: 'state', message: { zh: '本批次只需两人签批，无需复核，请直接放行', en: 'This batch is signed off by two people: it needs no review, release it' } };
    if (next === 'review') return { kind: 'state', message: { zh: '本批次须先由第二人复核，才能放行', en: 'This batch must be reviewed by a second person before it is released' } };
    return { kind: 'state', message: { zh: '本批次已放行，无需再签批', en: 'This batch has been released already' } };
  }
  if (batch.createdBy.sub === sub) return { kind: 'same-person', message: { zh: '批次由您生成，须由另一位财务人员复核和放行', en: 'You prepared this batch: another finance user must review and release it' } };
  if (batch.reviewedBy?.sub === sub) return { kind: 'same-person', message: { zh: '您已复核本批次，须由第三位财务人员放行', en: 'You reviewed this batch: a third finance user must release it' } };
  return undefined;
}

/** The bank file exists for the bank only once the batch is released. */
export const mayDownloadBankFile = (status: BatchStatus): boolean => status === 'RELEASED' || status === 'SENT' || status === 'RECONCILED';

/** The bank's results can only be of a file that was sent. */
export const mayImportResults = (status: BatchStatus): boolean => status === 'SENT' || status === 'RECONCILED';
