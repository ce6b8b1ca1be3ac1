import * as z from 'zod';
import type { Message } from './message.ts';
import { fen, isoDate } from './programs/common.ts';
import { autumnAidCategories, schoolKinds, schoolLevels, type AutumnAidDetails } from './programs/autumn-aid/details.ts';
import type { HardshipReliefDetails } from './programs/hardship-relief/details.ts';
import { mutualPlans, type MutualClaimDetails } from './programs/mutual-claim/details.ts';
import type { ProgramId } from './programs/types.ts';

/** The few questions of the self-check: enough for each program's rules to say "likely" or "not". */
export const selfCheckAnswers = z.object({
  household: z.object({ size: z.int().min(1).max(20), annualIncomeFen: fen() }),
  child: z
    .object({ category: z.enum(autumnAidCategories), level: z.enum(schoolLevels), schoolKind: z.enum(schoolKinds), admissionYear: z.int().min(2000).max(2100) })
    .optional(),
  incident: z.object({ plan: z.enum(mutualPlans), date: isoDate }).optional(),
});

export type SelfCheckAnswers = z.infer<typeof selfCheckAnswers>;

/** A program's details as its form would carry them, built from the answers; what cannot be known yet is left out of the verdict. */
export interface Hypothesis {
  program: ProgramId;
  details: unknown;
  /** Checks that depend on what the self-check does not ask (the child's ID, the disease): not shown. */
  unknownChecks: string[];
  /** Whether the computed amount means anything with what was asked. */
  amountKnown: boolean;
  /** What the verdict assumes, said to the worker. */
  assumes: Message;
}

export interface NotApplicable {
  program: ProgramId;
  reason: Message;
}

const placeholderBank = { holder: '—', bank: '—', number: '000000000000' };

/**
 * The hypothetical applications of a worker who answered the self-check, one per program they
 * could apply to. The platform decides them with each program's own `decide`, and stores nothing.
 */
export function selfCheckHypotheses(answers: SelfCheckAnswers, today: string): (Hypothesis | NotApplicable)[] {
  const { household, child, incident } = answers;

  const autumnAid: Hypothesis | NotApplicable = child
    ? {
        program: 'autumn-aid',
        details: {
          category: child.category,
          household,
          child: { name: '…', idNumber: '—', school: '…', schoolKind: child.schoolKind, level: child.level, admissionYear: child.admissionYear, otherFunding: false },
          bankAccount: placeholderBank,
          attachments: [],
        } satisfies AutumnAidDetails,
        unknownChecks: ['NO_DUPLICATE'],
        amountKnown: true,
        assumes: { zh: '假设子女本年度未获其他资助、此前未领过金秋助学。', en: 'Assumes the child has no other funding this year and has not received autumn aid before.' },
      }
    : { program: 'autumn-aid', reason: { zh: '金秋助学资助本年度考入大学或高中的职工子女；您没有填写子女入学情况。', en: 'Autumn aid is for a child admitted to school this year; you did not describe one.' } };

  // The per-head formula only needs the household's total: it is carried by the worker, the others at zero.
  const members: HardshipReliefDetails['household']['members'] = Array.from({ length: household.size }, (_, index) =>
    index === 0
      ? { relation: 'self' as const, name: '—', age: 40, annualIncomeFen: household.annualIncomeFen, condition: 'none' as const }
      : { relation: 'other' as const, name: '—', age: 40, annualIncomeFen: 0, condition: 'none' as const },
  );
  const hardship: Hypothesis = {
    program: 'hardship-relief',
    details: {
      household: { members, rigidExpenditureFen: 0, accidentCostFen: 0, compensationFen: 0 },
      assets: { homes: 1, ownsBusiness: false, employsStaff: false, vehicleInRegularUse: false, driverByTrade: false, childAtHighFeePrivateSchool: false, childSelfFundedAbroad: false },
      causes: { main: 'low-income', secondary: [] },
      aidKinds: ['living'],
      medicalSelfPaidFen: 0,
      students: [],
      bankAccount: placeholderBank,
      attachments: [],
    } satisfies HardshipReliefDetails,
    unknownChecks: [],
    amountKnown: true,
    assumes: { zh: '按生活救助估算；假设无刚性支出、无排除性财产（如两套以上住房、经营企业）。', en: 'Estimated for living aid; assumes no unavoidable costs and no excluded assets (two or more homes, a business).' },
  };

  const mutual: Hypothesis | NotApplicable = incident
    ? {
        program: 'mutual-claim',
        details: {
          plan: incident.plan,
          incident: {
            kind: incident.plan === 'accident' ? 'accident' : 'illness',
            date: incident.date,
            ...(incident.plan === 'hospital-allowance' ? { admittedOn: incident.date, dischargedOn: incident.date } : {}),
            ...(incident.plan === 'women-special' ? { womenCategory: 'D' as const } : {}),
            ...(incident.plan === 'accident' ? { cause: 'ordinary' as const, allowanceDays: 1 } : {}),
          },
          billedFen: 0,
          selfPaidFen: 0,
          bankAccount: placeholderBank,
          attachments: [],
        } satisfies MutualClaimDetails,
        unknownChecks: ['NOT_PAID_BEFORE', 'EXCLUSIONS'],
        amountKnown: false,
        assumes: {
          zh: `只核对保障期、观察期和申请时限（截至 ${today}）；金额取决于诊断、住院天数或伤残等级。`,
          en: `Checks cover, the waiting period and the claim deadline only (as of ${today}); the amount depends on the diagnosis, days in hospital or disability grade.`,
        },
      }
    : { program: 'mutual-claim', reason: { zh: '互助保障理赔须有住院、确诊疾病或意外事故；您没有填写。', en: 'A mutual claim needs a hospital stay, a diagnosis or an accident; you did not describe one.' } };

  return [autumnAid, hardship, mutual];
}
