import * as z from 'zod';
import { attachmentsOf, bankAccount, fen, isoDate, issue } from '../common.ts';

export const mutualPlans = ['hospital-allowance', 'critical-illness', 'women-special', 'accident'] as const;
export const claimDocuments = ['diagnosis', 'hospital-bills', 'discharge-summary', 'accident-report', 'other'] as const;
export const accidentCauses = ['ordinary', 'self-harm', 'crime', 'drunk-driving', 'unlicensed-driving', 'war', 'earthquake'] as const;

/** The mutual-claim form (API.md): which incident fields are required depends on the plan. */
export const mutualClaimDetails = z
  .object({
    plan: z.enum(mutualPlans),
    incident: z.object({
      kind: z.enum(['illness', 'accident']),
      date: isoDate,
      admittedOn: isoDate.optional(),
      dischargedOn: isoDate.optional(),
      disease: z.string().trim().min(1).max(60).optional(),
      womenCategory: z.enum(['A', 'B', 'C', 'D']).optional(),
      disabilityGrade: z.int().min(1).max(10).optional(),
      death: z.boolean().optional(),
      allowanceDays: z.int().min(0).max(3650).optional(),
      cause: z.enum(accidentCauses).optional(),
    }),
    billedFen: fen().default(0),
    selfPaidFen: fen().default(0),
    bankAccount,
    attachments: attachmentsOf(claimDocuments),
  })
  .superRefine((details, ctx) => {
    const incident = details.incident;
    const expectedKind = details.plan === 'accident' ? 'accident' : 'illness';
    if (incident.kind !== expectedKind) {
      const covers = expectedKind === 'accident' ? { zh: '意外', en: 'accidents' } : { zh: '疾病', en: 'illness' };
      issue(ctx, { zh: `该保障计划只保障${covers.zh}`, en: `This plan covers ${covers.en} only` }, ['incident', 'kind']);
    }
    if (details.plan === 'hospital-allowance') {
      if (!incident.admittedOn) issue(ctx, { zh: '请填写入院日期', en: 'Give the date of admission' }, ['incident', 'admittedOn']);
      if (!incident.dischargedOn) issue(ctx, { zh: '请填写出院日期', en: 'Give the date of discharge' }, ['incident', 'dischargedOn']);
      if (incident.admittedOn && incident.dischargedOn && incident.dischargedOn < incident.admittedOn) issue(ctx, { zh: '出院日期不能早于入院日期', en: 'Discharge cannot be before admission' }, ['incident', 'dischargedOn']);
    }
    if (details.plan === 'critical-illness' && !incident.disease) issue(ctx, { zh: '请选择所患的重大疾病', en: 'Choose the listed critical illness' }, ['incident', 'disease']);
    if (details.plan === 'women-special' && !incident.womenCategory) issue(ctx, { zh: '请选择疾病类别', en: 'Choose the disease category' }, ['incident', 'womenCategory']);
    if (details.plan === 'accident') {
      if (!incident.cause) issue(ctx, { zh: '请选择意外原因', en: 'Give the cause of the accident' }, ['incident', 'cause']);
      if (!incident.death && !incident.disabilityGrade && !incident.allowanceDays) issue(ctx, { zh: '请填写伤残等级、身故或住院津贴天数', en: 'Give a disability grade, death, or allowance days' }, ['incident', 'disabilityGrade']);
    }
  });

export type MutualClaimDetails = z.infer<typeof mutualClaimDetails>;
