import type { Check, Tier } from '../programs/types.ts';
import type { Message } from '../message.ts';

/**
 * 年度复核: every open file gets a review task of its unit each year, from the policy's start day;
 * the unit above draws a share of its units' files for a spot check; a task not done by its
 * deadline is flagged overdue and escalated to the unit above.
 */
export type ReviewState = 'PENDING' | 'DONE' | 'OVERDUE';
export type ReviewOutcome = 'confirmed' | 'retiered' | 'closed';

export interface FileReview {
  fileId: string;
  year: number;
  orgUnit: string;
  head: { name: string; memberNumber: string };
  state: ReviewState;
  createdAt: string;
  dueOn: string;
  /** The unit above that drew this file for its spot check. */
  spotCheckBy?: string;
  /** Overdue: flagged when, and the unit it was escalated to. */
  flaggedAt?: string;
  escalatedTo?: string;
  reviewedAt?: string;
  reviewedBy?: { sub: string; name: string };
  outcome?: ReviewOutcome;
  tierBefore?: Tier;
  tierAfter?: Tier;
  policyVersion?: string;
  checks?: Check[];
  explanation?: Message;
}

/** The day the year's review starts, and the deadline, for a policy's `startsOn` (MM-DD) and `deadlineDays`. */
export function reviewWindow(year: number, startsOn: string, deadlineDays: number): { startsOn: string; dueOn: string } {
  const start = `${year}-${startsOn}`;
  const due = new Date(Date.parse(`${start}T00:00:00Z`) + deadlineDays * 86_400_000).toISOString().slice(0, 10);
  return { startsOn: start, dueOn: due };
}

/** FNV-1a: a stable draw from ids, so the same year's spot check picks the same files however often it runs. */
function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The files the unit above spot-checks: at least `share` of them (rounded up), the same ones for the same year. */
export function drawSpotCheck(fileIds: string[], share: number, year: number): string[] {
  const count = Math.ceil(fileIds.length * share);
  return [...fileIds].sort((a, b) => stableHash(`${year}:${a}`) - stableHash(`${year}:${b}`) || (a < b ? -1 : 1)).slice(0, count);
}

/** What a review found, in words, for the file's record and the household. */
export function reviewOutcome(tierBefore: Tier, tierAfter: Tier | undefined): { outcome: ReviewOutcome; message: Message } {
  if (!tierAfter) return { outcome: 'closed', message: { zh: '年度复核：已不符合建档条件，予以退档（脱困）', en: 'Yearly review: the household no longer qualifies; the file is closed (out of hardship)' } };
  if (tierAfter === tierBefore) return { outcome: 'confirmed', message: { zh: '年度复核：困难类别不变', en: 'Yearly review: the tier stands' } };
  return { outcome: 'retiered', message: { zh: '年度复核：困难类别已调整', en: 'Yearly review: the tier was changed' } };
}
