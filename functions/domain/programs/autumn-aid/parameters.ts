import * as z from 'zod';
import { fen, levelList, patterned } from '../common.ts';
import { schoolKinds, schoolLevels } from './details.ts';

const monthDay = patterned(/^\d{2}-\d{2}$/, { zh: '日期应为 MM-DD', en: 'Write it MM-DD' });
const amountsByLevel = z.partialRecord(z.enum(schoolLevels), fen());

/** autumn-aid policy parameters (shared/programs/autumn-aid.md); every figure of the rules is here. */
export const autumnAidParameters = z.object({
  opensOn: monthDay,
  closesOn: monthDay,
  dibaoAnnualFen: fen(),
  incomeMultiplierOfDibao: z.number().positive().max(20),
  eligibleLevels: z.array(z.enum(schoolLevels)).min(1),
  excludedSchoolKinds: z.array(z.enum(schoolKinds)),
  amounts: z.object({ filed: amountsByLevel, 'not-filed': amountsByLevel }),
  approvalLevels: levelList,
  publicNoticeDays: z.int().min(0).max(60),
  approvalDays: z.int().min(1).max(90).default(7),
  appealDays: z.int().min(0).max(365).default(30),
  /** 免申即享 from the admissions list: days to confirm a proposed grant, and the levels whose grants officials confirm as a list for the workers (zero-touch). */
  proactive: z.object({ confirmDays: z.int().min(1).max(365).default(30), zeroTouchLevels: z.array(z.enum(schoolLevels)).default([]) }).default({ confirmDays: 30, zeroTouchLevels: [] }),
});

export type AutumnAidParameters = z.infer<typeof autumnAidParameters>;
