import * as z from 'zod';
import type { Message } from '../message.ts';
import { isoDate } from '../programs/common.ts';
import { causes, householdFacts, type HouseholdFacts } from '../programs/hardship-relief/details.ts';
import { tierCheck } from '../programs/hardship-relief/decide.ts';
import type { HardshipReliefParameters } from '../programs/hardship-relief/parameters.ts';
import type { Check, Decision, Member, Tier } from '../programs/types.ts';

/**
 * 困难职工档案: one file per household. OPEN (建档, a deep or relative hardship household) and
 * TEMPORARY (临时, accident-caused hardship) are open files, at most one per household; CLOSED
 * (退档/脱困, with a reason) and CANCELLED (a temporary file that ended) are kept for the record.
 */
export const fileStates = ['OPEN', 'TEMPORARY', 'CLOSED', 'CANCELLED'] as const;
export type FileState = (typeof fileStates)[number];
export const openStates: readonly FileState[] = ['OPEN', 'TEMPORARY'];

/** Why a file is closed (退档/脱困). */
export const closeReasons = ['income-above-line', 'moved-away', 'deceased', 'found-ineligible'] as const;
export type CloseReason = (typeof closeReasons)[number];

/** What an official records on a file besides its decisions. */
export const entryKinds = ['visit', 'note'] as const;
export type EntryKind = (typeof entryKinds)[number];

const comment = z.string().trim().min(1).max(1000);
const fileCauses = z.object({ main: z.enum(causes), secondary: z.array(z.enum(causes)).max(7).default([]) });

/** An official opens a file (建档): the household's facts go through the same tier rules as an application. */
export const openFileBody = z.object({
  memberNumber: z.string().trim().min(1).max(40),
  household: householdFacts,
  causes: fileCauses,
  note: z.string().trim().max(1000).optional(),
});
export type OpenFileBody = z.infer<typeof openFileBody>;

/** 调档: new facts, decided again (a temporary file that now shows deep or relative hardship becomes a regular one). */
export const retierFileBody = z.object({ household: householdFacts, causes: fileCauses.optional(), reason: comment });
export type RetierFileBody = z.infer<typeof retierFileBody>;

/** 退档/脱困 (or, for a temporary file, cancelled). */
export const closeFileBody = z.object({ reason: z.enum(closeReasons), note: comment });
export type CloseFileBody = z.infer<typeof closeFileBody>;

export const fileEntryBody = z.object({ kind: z.enum(entryKinds), on: isoDate, text: comment });
export type FileEntryBody = z.infer<typeof fileEntryBody>;

export interface Person {
  sub: string;
  name: string;
}

/** The decision that set a file's tier: where it came from, under which policy, with its checks. */
export interface TierDecision {
  tier: Tier;
  decidedAt: string;
  decidedBy: Person;
  /** `application`: an approved hardship-relief application; `official`: opened or re-tiered by hand; `review`: the yearly review; `region`: loaded with the region. */
  source: 'application' | 'official' | 'region' | 'review';
  applicationId?: string;
  policyVersion?: string;
  checks: Check[];
  reason?: string;
}

export interface FileEntry {
  kind: EntryKind;
  on: string;
  text: string;
  at: string;
  by: Person;
}

export interface HouseholdFile {
  id: string;
  /** The household's key: the head's member number, the same in every org unit. */
  memberNumber: string;
  head: Person & { memberNumber: string };
  orgUnit: string;
  state: FileState;
  tier: Tier;
  tierDecision: TierDecision;
  /** Earlier tier decisions, oldest first (调档 keeps the one it replaces). */
  tierHistory: TierDecision[];
  household?: HouseholdFacts;
  causes?: z.infer<typeof fileCauses>;
  entries: FileEntry[];
  openedAt: string;
  /** The Shanghai date it was opened (建档日期). */
  filedOn: string;
  updatedAt: string;
  closedAt?: string;
  closeReason?: CloseReason;
  closeNote?: string;
  auditSeq: number;
  auditHash: string;
}

/** What the file holds for the rules: the member record's `hardshipFile`, from an open file only. */
export function memberFileOf(file: Pick<HouseholdFile, 'state' | 'tier' | 'filedOn'> | undefined): Member['hardshipFile'] {
  if (!file || !openStates.includes(file.state)) return null;
  return { tier: file.tier, filedOn: file.filedOn };
}

/** The state a tier opens a file in: deep and relative hardship are filed, accident-caused hardship is temporary. */
export const stateForTier = (tier: Tier): 'OPEN' | 'TEMPORARY' => (tier === 'ACCIDENT' ? 'TEMPORARY' : 'OPEN');

export interface FileDecision {
  /** The tier, when the household qualifies for a file. */
  tier?: Tier;
  checks: Check[];
  /** One sentence: why it qualifies or not. */
  explanation: Message;
}

/**
 * Decides a file by hand with the same checks an application's household passes: an active member,
 * then the tier from the household's facts under the hardship-relief parameters in force.
 */
export function decideFile(input: { member: Member; household: HouseholdFacts; parameters: HardshipReliefParameters }): FileDecision {
  const memberCheck: Check = input.member.active
    ? { code: 'MEMBER', passed: true, facts: { memberNumber: input.member.number, active: true }, message: { zh: `工会会员资格有效（会员号 ${input.member.number}）`, en: `Union member in good standing (no. ${input.member.number})` } }
    : { code: 'MEMBER', passed: false, facts: { memberNumber: input.member.number, active: false }, message: { zh: '工会会员资格已停止，不能建档', en: 'Union membership is not active, so no file can be opened' } };
  const { tier, check } = tierCheck({ household: input.household }, input.parameters);
  const checks = [memberCheck, check];
  const qualifies = memberCheck.passed && tier !== undefined;
  return {
    ...(qualifies ? { tier } : {}),
    checks,
    explanation: qualifies ? check.message : (checks.find((c) => !c.passed) ?? check).message,
  };
}

/** The tier an approved hardship-relief decision files the household at (every tier: accident-caused hardship as a temporary file). */
export function tierFromApprovedDecision(decision: Decision | undefined): Tier | undefined {
  return decision?.eligible && decision.tier ? decision.tier : undefined;
}

/** What an application's approval does to the household's file: open one, re-tier the open one, or nothing. */
export function fileChangeForApproval(current: Pick<HouseholdFile, 'state' | 'tier'> | undefined, tier: Tier): 'open' | 'retier' | 'none' {
  if (!current || !openStates.includes(current.state)) return 'open';
  if (current.tier === tier) return 'none';
  // A regular file is not made temporary by a later accident: its deep or relative tier stands.
  if (current.state === 'OPEN' && tier === 'ACCIDENT') return 'none';
  return 'retier';
}

/** The three watch-lists officials keep (防返困 monitoring among them). */
export const watchLists = ['unchanged-for-a-year', 'not-helped-this-year', 'left-hardship-recently'] as const;
export type WatchList = (typeof watchLists)[number];

/**
 * Which watch-lists a file is on, on `today` (a Shanghai date): open and unchanged for a year; open
 * and not helped this year (no ledger entry of the year); closed out of hardship (income above the
 * line) within the last two years.
 */
export function watchListsOf(file: Pick<HouseholdFile, 'state' | 'updatedAt' | 'closedAt' | 'closeReason'>, helpedThisYear: boolean, today: string): WatchList[] {
  const yearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
  const twoYearsAgo = `${Number(today.slice(0, 4)) - 2}${today.slice(4)}`;
  const lists: WatchList[] = [];
  if (openStates.includes(file.state) && file.updatedAt.slice(0, 10) <= yearAgo) lists.push('unchanged-for-a-year');
  if (openStates.includes(file.state) && !helpedThisYear) lists.push('not-helped-this-year');
  if (file.state === 'CLOSED' && file.closeReason === 'income-above-line' && file.closedAt && file.closedAt.slice(0, 10) >= twoYearsAgo) lists.push('left-hardship-recently');
  return lists;
}

/** 年度复核 of one file: the household as it is now; the tier is decided again. */
export const reviewFileBody = z.object({ household: householdFacts, causes: fileCauses.optional(), note: comment });
export type ReviewFileBody = z.infer<typeof reviewFileBody>;
