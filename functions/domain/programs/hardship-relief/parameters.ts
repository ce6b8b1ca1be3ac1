import * as z from 'zod';
import { fen, levelList } from '../common.ts';
import { studentLevels } from './details.ts';

const tierRecord = <T extends z.ZodType>(value: T) => z.object({ DEEP: value, RELATIVE: value, ACCIDENT: value });

/** hardship-relief policy parameters (shared/programs/hardship-relief.md). */
export const hardshipReliefParameters = z.object({
  dibaoMonthlyFen: fen(),
  relativeMultiplier: z.number().positive().max(10),
  accidentCostShare: z.number().positive().max(10),
  minLabourMonths: z.int().min(0).max(120),
  livingMonths: tierRecord(z.int().min(0).max(24)),
  medicalCapFen: fen(),
  /**
   * A cap on medical benefits per household and year across every program (Hubei's practice),
   * read from the entitlement ledger; absent, only this program's own cap applies.
   */
  householdMedicalCapFen: fen().optional(),
  schoolingMonths: z.object(Object.fromEntries(studentLevels.map((level) => [level, z.int().min(0).max(24)])) as Record<(typeof studentLevels)[number], z.ZodInt>),
  approvalLevels: levelList,
  cityApprovalAboveFen: fen(),
  cityApprovalTiers: z.array(z.enum(['DEEP', 'RELATIVE', 'ACCIDENT'])),
  publicNoticeDays: z.int().min(0).max(60),
  approvalDays: z.int().min(1).max(90).default(7),
  appealDays: z.int().min(0).max(365).default(30),
  /** 年度复核 of the hardship files: from which day of the year (MM-DD), reviewed within how many days, and the share the unit above spot-checks. */
  yearlyReview: z
    .object({
      startsOn: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/),
      deadlineDays: z.int().min(1).max(365),
      spotCheckShare: z.number().min(0).max(1),
    })
    .default({ startsOn: '03-01', deadlineDays: 60, spotCheckShare: 0.3 }),
  /** 防返困: warn when a year's self-paid medical costs (from medical-insurance stays) pass this share of the household's annual income. */
  returnToHardship: z.object({ medicalShareOfIncome: z.number().min(0).max(10).default(0.4) }).default({ medicalShareOfIncome: 0.4 }),
});

export type HardshipReliefParameters = z.infer<typeof hardshipReliefParameters>;
