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
  schoolingMonths: z.object(Object.fromEntries(studentLevels.map((level) => [level, z.int().min(0).max(24)])) as Record<(typeof studentLevels)[number], z.ZodInt>),
  approvalLevels: levelList,
  cityApprovalAboveFen: fen(),
  cityApprovalTiers: z.array(z.enum(['DEEP', 'RELATIVE', 'ACCIDENT'])),
  publicNoticeDays: z.int().min(0).max(60),
  approvalDays: z.int().min(1).max(90).default(7),
  appealDays: z.int().min(0).max(365).default(30),
});

export type HardshipReliefParameters = z.infer<typeof hardshipReliefParameters>;
