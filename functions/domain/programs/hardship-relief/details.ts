import * as z from 'zod';
import { attachmentsOf, bankAccount, fen, issue } from '../common.ts';

export const relations = ['self', 'spouse', 'child', 'parent', 'other'] as const;
export const conditions = ['none', 'disability', 'serious-illness'] as const;
export const causes = ['illness', 'disability', 'unemployment', 'accident', 'disaster', 'schooling', 'low-income', 'other'] as const;
export const aidKinds = ['living', 'medical', 'schooling'] as const;
export const studentLevels = ['higher-education', 'high-school'] as const;
export const hardshipDocuments = ['income-proof', 'hardship-proof', 'medical-bills', 'other'] as const;

/** A household's members with income and health, its rigid expenditure and accident costs: what its tier is decided on (the form's and the hardship file's). */
export const householdFacts = z.object({
  members: z
    .array(z.object({ relation: z.enum(relations), name: z.string().trim().min(1).max(50), age: z.int().min(0).max(120), annualIncomeFen: fen(), condition: z.enum(conditions) }))
    .min(1)
    .max(20),
  rigidExpenditureFen: fen(),
  accidentCostFen: fen(),
  compensationFen: fen(),
});

export type HouseholdFacts = z.infer<typeof householdFacts>;

/** The hardship-relief form (API.md): the household, its assets, the causes and the kinds of aid asked. */
export const hardshipReliefDetails = z
  .object({
    household: householdFacts,
    assets: z.object({
      homes: z.int().min(0).max(20),
      ownsBusiness: z.boolean(),
      employsStaff: z.boolean(),
      vehicleInRegularUse: z.boolean(),
      driverByTrade: z.boolean(),
      childAtHighFeePrivateSchool: z.boolean(),
      childSelfFundedAbroad: z.boolean(),
    }),
    causes: z.object({ main: z.enum(causes), secondary: z.array(z.enum(causes)).max(7).default([]) }),
    aidKinds: z.array(z.enum(aidKinds)).min(1).max(3),
    medicalSelfPaidFen: fen().default(0),
    students: z.array(z.object({ level: z.enum(studentLevels) })).max(10).default([]),
    bankAccount,
    attachments: attachmentsOf(hardshipDocuments),
  })
  .superRefine((details, ctx) => {
    const selves = details.household.members.filter((member) => member.relation === 'self').length;
    if (selves !== 1) issue(ctx, { zh: '家庭成员中须有且只有一位“本人”', en: 'The household must list exactly one member as "self"' }, ['household', 'members']);
    if (new Set(details.aidKinds).size !== details.aidKinds.length) issue(ctx, { zh: '救助类别不能重复', en: 'List each kind of aid once' }, ['aidKinds']);
    if (details.aidKinds.includes('schooling') && details.students.length === 0) issue(ctx, { zh: '申请助学救助须填写在读学生', en: 'Schooling aid needs the students in the household' }, ['students']);
    if (details.aidKinds.includes('medical') && details.medicalSelfPaidFen === 0) issue(ctx, { zh: '申请医疗救助须填写自付医疗费用', en: 'Medical aid needs the self-paid medical costs' }, ['medicalSelfPaidFen']);
  });

export type HardshipReliefDetails = z.infer<typeof hardshipReliefDetails>;
