import type * as z from 'zod';
import type { Message } from '../message.ts';

export type ProgramId = 'autumn-aid' | 'hardship-relief' | 'mutual-claim' | 'warmth-visits';
export type Tier = 'DEEP' | 'RELATIVE' | 'ACCIDENT';
export type AidKind = 'living' | 'medical' | 'schooling';
/** What a benefit is for, across programs: the entitlement ledger keeps each grant by purpose. */
export const benefitPurposes = ['living', 'medical', 'schooling', 'festival'] as const;
export type BenefitPurpose = (typeof benefitPurposes)[number];
export type AmountsByPurpose = Partial<Record<BenefitPurpose, number>>;

export interface MutualEnrolment {
  plan: string;
  units: number;
  firstEnrolledOn: string;
  coverFrom: string;
  coverTo: string;
}

/** A worker's membership facts, from the member records (never from the application body). */
export interface Member {
  number: string;
  since: string;
  active: boolean;
  gender: 'male' | 'female';
  birthDate: string;
  hardshipFile: { tier: Tier; filedOn: string } | null;
  category: string;
  labourMonths?: number;
  mutualPlans?: MutualEnrolment[];
  /** The member's mobile number as the union holds it: the only number an SMS goes to. */
  phone?: string;
  /** The language the member reads messages in (zh-CN unless set). */
  language?: 'zh-CN' | 'en';
}

export type FactValue = string | number | boolean | null | string[];

/** One rule applied: its code, the outcome, the facts it used, and a sentence for applicant and official. */
export interface Check {
  code: string;
  passed: boolean;
  facts: Record<string, FactValue>;
  message: Message;
}

export interface ComputationLine {
  label: Message;
  amountFen: number;
}

export interface Decision {
  eligible: boolean;
  tier?: Tier;
  amountFen: number;
  /** The policy version it was decided under: with the inputs, it reproduces the decision. */
  policyVersion: string;
  checks: Check[];
  /** How the amount was reached, line by line. */
  computation: ComputationLine[];
  /** Hardship relief: the amount of each kind of aid, which later applications this year subtract. */
  amountsByKindFen?: Partial<Record<AidKind, number>>;
}

/** What the store knows of earlier benefits, read before deciding. */
export interface PriorBenefits {
  autumnAidChildIdsThisYear: string[];
  hardshipGrantedThisYearFen: Partial<Record<AidKind, number>>;
  hardshipOpenAidKinds: string[];
  mutualPaidDiseases: string[];
  mutualPaidThisPeriodFen: Partial<Record<string, number>>;
  /** The entitlement ledger: what the household has been granted this year by purpose, every program and unit (this application not counted). */
  receivedThisYearByPurposeFen: AmountsByPurpose;
}

/** Nothing received before: the starting point the store adds a worker's history to (and what rules see for a first application). */
export const noPriorBenefits = (): PriorBenefits => ({
  autumnAidChildIdsThisYear: [],
  hardshipGrantedThisYearFen: {},
  hardshipOpenAidKinds: [],
  mutualPaidDiseases: [],
  mutualPaidThisPeriodFen: {},
  receivedThisYearByPurposeFen: {},
});

export interface DecisionInput<D, P> {
  details: D;
  member: Member;
  parameters: P;
  policyVersion: string;
  /** ISO-8601 UTC; dates in rules are read in Asia/Shanghai. */
  submittedAt: string;
  prior: PriorBenefits;
}

/** A key that may be held by one live application only (one grant per child per year, …). */
export interface ExclusiveClaim {
  key: string;
  /** The details field it comes from, for the 409's field path. */
  field: string;
  message: Message;
  /**
   * `refusal` (default): released only when the application ends without a grant (one grant per
   * child per year). `close`: released whenever it ends (one *open* application per household and kind).
   */
  releasedOn?: 'refusal' | 'close';
}

/** Who applies, for claims keyed by the applicant. */
export interface ClaimApplicant {
  sub: string;
  memberNumber: string;
}

/** Everything the platform needs to know about a program: adding a program is adding one of these. */
export interface ProgramModule<D = any, P = any> {
  id: ProgramId;
  name: Message;
  detailsSchema: z.ZodType<D>;
  parametersSchema: z.ZodType<P>;
  summary(parameters: P): Message;
  decide(input: DecisionInput<D, P>): Decision;
  approvalLevels(decision: Decision, parameters: P): number[];
  publicNoticeDays(parameters: P): number;
  /**
   * A notice counted in working days (warmth-visits' list): its last day and when it ends, for a
   * notice put up at `startIso`. Absent, the notice is `publicNoticeDays` calendar days.
   */
  publicNoticeEnd?(parameters: P, startIso: string): { lastDay: string; endsAt: string };
  approvalDays(parameters: P): number;
  exclusiveClaims(details: D, submittedAt: string, applicant: ClaimApplicant): ExclusiveClaim[];
  /**
   * What the member record and who files rule out before anything is recorded (a claim under a
   * plan the member does not hold, or outside its cover; what only an official may file for the
   * family): each problem with the details field it is about.
   */
  refusedBeforeSubmit?(details: D, member: Member, filing: 'own' | 'assisted'): { field: string; message: Message }[];
  /** Applications come only from an official's list (warmth-visits' campaign list), never from the worker's own form. */
  listOnly?: true;
  /** A granted decision's amount split by purpose, as the entitlement ledger records it (the parts add up to the amount). */
  purposes(decision: Decision, details: D): AmountsByPurpose;
}
