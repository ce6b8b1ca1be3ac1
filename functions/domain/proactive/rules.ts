import type { Message } from '../message.ts';
import { formatYuan } from '../money.ts';
import { dayNumber, shanghaiDateOf } from '../programs/common.ts';
import { decideAutumnAid, levelNames } from '../programs/autumn-aid/decide.ts';
import type { AutumnAidDetails } from '../programs/autumn-aid/details.ts';
import type { AutumnAidParameters } from '../programs/autumn-aid/parameters.ts';
import type { HouseholdFacts } from '../programs/hardship-relief/details.ts';
import { decideMutualClaim } from '../programs/mutual-claim/decide.ts';
import type { MutualClaimDetails } from '../programs/mutual-claim/details.ts';
import type { MutualClaimParameters } from '../programs/mutual-claim/parameters.ts';
import type { Decision, Member, PriorBenefits, ProgramId } from '../programs/types.ts';
import type { AdmissionRecord, HospitalStayRecord } from './partner-files.ts';

/**
 * 免申即享: what a partner agency's record proposes, by each program's own rules. A proposal is
 * an application the worker has not made: its details (all but the bank card, which the worker
 * confirms), the decision the program's rules reach on it today (the amount it would pay), and
 * the explanation in plain words. A record the rules would not pay proposes nothing, with why.
 */
export interface Proposal {
  program: ProgramId;
  /** The same record in another file, or the same file again, has the same key: proposed once. */
  sourceKey: string;
  details: Record<string, unknown>;
  estimate: Decision;
  explanation: Message;
  /** Officials may confirm it for the worker, with the list (the worker is told). */
  zeroTouch: boolean;
  /** Days the worker has to confirm before it expires. */
  confirmDays: number;
}

export type ProposalOutcome = { proposal: Proposal } | { notProposed: Message };

/** A stay is one per member and admission day, whichever file it comes in (and a hand claim names the same). */
export const hospitalStaySourceKey = (memberNumber: string, admittedOn: string): string => `hospital-stay:${memberNumber}:${admittedOn}`;

/** 11月1日 / 1 Nov, as the explanation says a date. */
export function spokenDate(date: string): Message {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  return { zh: `${month}月${day}日`, en: `${day} ${months[month - 1]}` };
}

const firstFailed = (decision: Decision): Message => decision.checks.find((check) => !check.passed)?.message ?? { zh: '按规则不予给付', en: 'The rules grant nothing' };

export interface HospitalStayInput {
  stay: HospitalStayRecord;
  member: Member;
  parameters: MutualClaimParameters;
  policyVersion: string;
  /** When it is proposed (ISO): the claim date, as a hand claim's submission. */
  proposedAt: string;
  prior: PriorBenefits;
}

/**
 * A hospital stay of a member who holds the hospital-allowance plan proposes the allowance the
 * plan's formula pays for it (cover, waiting period, claim deadline, days from `fromDay`, cap).
 * Zero-touch when the stay is no longer than the policy's `zeroTouchUpToDays`.
 */
export function proposeHospitalAllowance(input: HospitalStayInput): ProposalOutcome {
  const { stay, member, parameters: p } = input;
  const held = (member.mutualPlans ?? []).some((plan) => plan.plan === 'hospital-allowance');
  if (!held) return { notProposed: { zh: '该会员未参加住院津贴互助保障', en: 'The member does not hold the hospital-allowance plan' } };
  const details: Omit<MutualClaimDetails, 'bankAccount'> = {
    plan: 'hospital-allowance',
    incident: { kind: 'illness', date: stay.admittedOn, admittedOn: stay.admittedOn, dischargedOn: stay.dischargedOn },
    billedFen: 0,
    selfPaidFen: stay.selfPaidFen,
    attachments: [],
  };
  const estimate = decideMutualClaim({ details: details as MutualClaimDetails, member, parameters: p, policyVersion: input.policyVersion, submittedAt: input.proposedAt, prior: input.prior });
  if (!estimate.eligible || estimate.amountFen === 0) return { notProposed: estimate.eligible ? { zh: '按住院津贴规则，这次住院没有可给付的天数', en: 'By the allowance rules this stay has no days to pay' } : firstFailed(estimate) };
  const days = dayNumber(stay.admittedOn, stay.dischargedOn);
  const from = spokenDate(stay.admittedOn);
  const to = spokenDate(stay.dischargedOn);
  const how = estimate.computation.map((line) => line.label);
  const proactive = p.proactive ?? { confirmDays: 30, zeroTouchUpToDays: 0 };
  return {
    proposal: {
      program: 'mutual-claim',
      sourceKey: hospitalStaySourceKey(member.number, stay.admittedOn),
      details,
      estimate,
      explanation: {
        zh: `根据医保住院记录，您 ${from.zh}至${to.zh}在${stay.hospital}住院 ${days} 天。按职工互助保障住院津贴规则（${how.map((label) => label.zh).join('；')}），可领 ${formatYuan(estimate.amountFen)}，无需另交材料。`,
        en: `Medical-insurance records show you were in ${stay.hospital} from ${from.en} to ${to.en}, ${days} days. By the mutual-aid hospital-allowance rules (${how.map((label) => label.en).join('; ')}) you may receive ${formatYuan(estimate.amountFen)}, with no documents to hand in.`,
      },
      zeroTouch: proactive.zeroTouchUpToDays > 0 && days <= proactive.zeroTouchUpToDays,
      confirmDays: proactive.confirmDays,
    },
  };
}

export interface AdmissionInput {
  admission: AdmissionRecord;
  member: Member;
  /** The household's open hardship file, with its facts (members and their income); undefined when none. */
  household: HouseholdFacts | undefined;
  parameters: AutumnAidParameters;
  policyVersion: string;
  proposedAt: string;
  prior: PriorBenefits;
}

/**
 * A child admitted this year, of a household with an open hardship file (深度 or 相对), proposes
 * the autumn-aid grant the program's rules give (the file's household: its size and income).
 */
export function proposeAutumnAid(input: AdmissionInput): ProposalOutcome {
  const { admission, member, household, parameters: p } = input;
  const year = Number(shanghaiDateOf(input.proposedAt).slice(0, 4));
  if (admission.child.admissionYear !== year) return { notProposed: { zh: `录取年份 ${admission.child.admissionYear} 不是今年`, en: `Admitted in ${admission.child.admissionYear}, not this year` } };
  if (!member.hardshipFile || member.hardshipFile.tier === 'ACCIDENT') {
    return { notProposed: { zh: '该家庭不在困难职工档案中（深度或相对困难），不主动发起', en: 'The household has no open hardship file (deep or relative): nothing is proposed' } };
  }
  if (!household) return { notProposed: { zh: '档案中没有家庭成员和收入，请先复核档案', en: 'The file holds no household members and income; review the file first' } };
  const details: Omit<AutumnAidDetails, 'bankAccount'> = {
    category: 'filed-hardship',
    household: { size: household.members.length, annualIncomeFen: household.members.reduce((sum, person) => sum + person.annualIncomeFen, 0) },
    child: { ...admission.child, otherFunding: false },
    attachments: [],
  };
  const estimate = decideAutumnAid({ details: details as AutumnAidDetails, member, parameters: p, policyVersion: input.policyVersion, submittedAt: input.proposedAt, prior: input.prior });
  if (!estimate.eligible) return { notProposed: firstFailed(estimate) };
  const level = levelNames[admission.child.level];
  const proactive = p.proactive ?? { confirmDays: 30, zeroTouchLevels: [] };
  return {
    proposal: {
      program: 'autumn-aid',
      sourceKey: `admission:${admission.child.idNumber}:${admission.child.admissionYear}`,
      details,
      estimate,
      explanation: {
        zh: `根据新生录取名单，您的子女${admission.child.name}今年被${admission.child.school}录取（${level.zh}）。您家在困难职工档案中，按金秋助学规则可领 ${formatYuan(estimate.amountFen)}，无需另交材料。`,
        en: `The admissions list shows your child ${admission.child.name} was admitted this year to ${admission.child.school} (${level.en}). Your household is in the hardship files, so by the autumn-aid rules you may receive ${formatYuan(estimate.amountFen)}, with no documents to hand in.`,
      },
      zeroTouch: proactive.zeroTouchLevels.includes(admission.child.level),
      confirmDays: proactive.confirmDays,
    },
  };
}

export type DibaoChange = 'appeared' | 'dropped';

/**
 * A household on file whose head is on this 低保 list and was not on the last one (or the first
 * list), or was and is not now: its file is to be reviewed.
 */
export function dibaoChange(onLastList: boolean, onThisList: boolean): DibaoChange | undefined {
  if (onThisList && !onLastList) return 'appeared';
  if (!onThisList && onLastList) return 'dropped';
  return undefined;
}

/** The note a 低保 change puts on the household's file: what changed, and what to do. */
export function dibaoReviewNote(change: DibaoChange, importedOn: string): Message {
  return change === 'appeared'
    ? { zh: `民政低保名单（${importedOn} 导入）显示该户已纳入低保：请复核档案，必要时调档`, en: `The dibao list imported on ${importedOn} shows the household is now on dibao: review the file and re-tier it if needed` }
    : { zh: `民政低保名单（${importedOn} 导入）显示该户已不在低保名单中：请复核档案，核实是否脱困`, en: `The dibao list imported on ${importedOn} no longer shows the household on dibao: review the file and check whether it left hardship` };
}

/**
 * 防返困: a household whose self-paid medical costs this year pass `share` of its annual income
 * is warned of (once a year); undefined when they do not, or its income is not known.
 */
export function medicalCostWarning(input: { selfPaidThisYearFen: number; householdIncomeFen: number; share: number; year: number }): Message | undefined {
  const limit = Math.floor(input.householdIncomeFen * input.share);
  if (input.householdIncomeFen <= 0 || input.selfPaidThisYearFen <= limit) return undefined;
  const percent = Math.round(input.share * 100);
  return {
    zh: `防返困预警：该户 ${input.year} 年医保记录的个人自付医疗费用 ${formatYuan(input.selfPaidThisYearFen)}，超过家庭年收入 ${formatYuan(input.householdIncomeFen)} 的 ${percent}%（${formatYuan(limit)}）：请走访核实，考虑医疗救助`,
    en: `Return-to-hardship warning: the household's self-paid medical costs in ${input.year} from medical-insurance records are ${formatYuan(input.selfPaidThisYearFen)}, above ${percent}% (${formatYuan(limit)}) of its annual income of ${formatYuan(input.householdIncomeFen)}: visit them and consider medical aid`,
  };
}

/** When a proposal made at `proposedAt` expires: `confirmDays` later, at the end of that Shanghai day. */
export function proposalExpiresAt(proposedAt: string, confirmDays: number): string {
  const day = shanghaiDateOf(new Date(Date.parse(proposedAt) + confirmDays * 86_400_000).toISOString());
  // 23:59:59.999 in Shanghai is 15:59:59.999Z.
  return `${day}T15:59:59.999Z`;
}
