import * as z from 'zod';
import { fen, levelList } from '../common.ts';
import { accidentCauses } from './details.ts';

const plan = {
  premiumFen: fen().optional(),
  illness: z.boolean(),
};

/** mutual-claim policy parameters (shared/programs/mutual-claim.md): each plan its own formula. */
export const mutualClaimParameters = z.object({
  plans: z.object({
    'hospital-allowance': z.object({ ...plan, kind: z.literal('per-day'), perDayFen: fen(), fromDay: z.int().min(1).max(365), capPerPeriodFen: fen() }),
    'critical-illness': z.object({ ...plan, kind: z.literal('fixed-per-disease'), maxUnits: z.int().min(1).max(20), perUnitFen: fen(), diseases: z.array(z.string().min(1)).min(1) }),
    'women-special': z.object({ ...plan, kind: z.literal('by-category'), categoryFen: z.object({ A: fen(), B: fen(), C: fen(), D: fen() }) }),
    accident: z.object({ ...plan, kind: z.literal('accident'), sumInsuredFen: fen(), gradeRatios: z.array(z.number().min(0).max(1)).length(10), dailyAllowanceFen: fen(), maxAllowanceDays: z.int().min(0).max(3650) }),
  }),
  enrollAgeLimit: z.object({ male: z.int().min(16).max(100), female: z.int().min(16).max(100) }),
  exclusionDays: z.int().min(0).max(365),
  reducedUntilDay: z.int().min(0).max(730),
  reducedRatio: z.number().min(0).max(1),
  renewalGraceDays: z.int().min(0).max(365),
  claimDeadlineDays: z.int().min(1).max(3650),
  excludedAccidentCauses: z.array(z.enum(accidentCauses)),
  approvalLevels: levelList,
  secondReviewAboveFen: fen(),
  publicNoticeDays: z.int().min(0).max(60),
  approvalDays: z.int().min(1).max(90).default(7),
  appealDays: z.int().min(0).max(365).default(30),
  /**
   * 免申即享 from medical-insurance stays: how many days the worker has to confirm a proposed
   * hospital allowance before it expires, and up to how many days in hospital a stay is paid
   * zero-touch (officials confirm the list; the worker is told). 0: never zero-touch.
   */
  proactive: z.object({ confirmDays: z.int().min(1).max(365).default(30), zeroTouchUpToDays: z.int().min(0).max(365).default(0) }).default({ confirmDays: 30, zeroTouchUpToDays: 0 }),
});

export type MutualClaimParameters = z.infer<typeof mutualClaimParameters>;
