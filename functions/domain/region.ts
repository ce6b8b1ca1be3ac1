import * as z from 'zod';
import { fen, isoDate, residentId } from './programs/common.ts';
import { getProgram, programIds } from './programs/index.ts';
import type { ProgramId } from './programs/types.ts';

const message = z.object({ zh: z.string().min(1), en: z.string().min(1) });
const tier = z.enum(['DEEP', 'RELATIVE', 'ACCIDENT']);

/** A union member's facts as the member records hold them (never taken from an application). */
const member = z.object({
  number: z.string().min(1),
  since: isoDate,
  active: z.boolean(),
  gender: z.enum(['male', 'female']),
  birthDate: isoDate,
  hardshipFile: z.object({ tier, filedOn: isoDate }).nullable(),
  category: z.string().min(1),
  labourMonths: z.int().min(0).optional(),
  mutualPlans: z.array(z.object({ plan: z.string().min(1), units: z.int().min(1), firstEnrolledOn: isoDate, coverFrom: isoDate, coverTo: isoDate })).optional(),
  phone: z.string().refine((phone) => /^\+\d{8,15}$/.test(phone), { message: 'phone in E.164 form', params: { zh: '手机号应写成国际格式，如 +8613800000000', en: 'Write the phone number in international form, e.g. +8613800000000' } }).optional(),
  language: z.enum(['zh-CN', 'en']).optional(),
  /** The member's resident ID number: loaded as its keyed hash only (partner files name people by it), never kept. */
  idNumber: residentId.optional(),
});

/**
 * A region to load into a fresh table: its org tree (市 → 区/县 → 基层), its people by the `sub` of
 * their sign-in, the first parameter version of each program and the budgets. The demo region and
 * an operator's own file are read with the same schema.
 */
export const regionSchema = z
  .object({
    orgUnits: z.array(z.object({ id: z.string().min(1).max(64), name: message, parent: z.string().nullable(), level: z.int().min(1).max(9) })).min(1),
    users: z.array(
      z.object({
        sub: z.string().min(1),
        name: z.string().min(1),
        groups: z.array(z.enum(['worker', 'official', 'finance', 'admin'])).min(1),
        orgUnit: z.string().min(1),
        level: z.int().min(1).max(9).optional(),
        member: member.optional(),
      }),
    ),
    policies: z.record(z.string(), z.object({ orgUnit: z.string().min(1), effectiveFrom: isoDate, parameters: z.record(z.string(), z.unknown()) })),
    budgets: z.array(z.object({ program: z.enum(programIds as [ProgramId, ...ProgramId[]]), year: z.int().min(2000).max(2100), orgUnit: z.string().min(1), allocatedFen: fen() })),
  })
  .superRefine((region, ctx) => {
    const units = new Set(region.orgUnits.map((unit) => unit.id));
    const unknownUnit = (id: string, path: (string | number)[]) => {
      if (!units.has(id)) ctx.addIssue({ code: 'custom', path, message: `No org unit ${id}`, params: { zh: `没有组织 ${id}`, en: `No org unit ${id}` } });
    };
    region.orgUnits.forEach((unit, index) => unit.parent !== null && unknownUnit(unit.parent, ['orgUnits', index, 'parent']));
    region.users.forEach((user, index) => unknownUnit(user.orgUnit, ['users', index, 'orgUnit']));
    region.budgets.forEach((budget, index) => unknownUnit(budget.orgUnit, ['budgets', index, 'orgUnit']));
    for (const [program, policy] of Object.entries(region.policies)) {
      if (!programIds.includes(program as ProgramId)) {
        ctx.addIssue({ code: 'custom', path: ['policies', program], message: `No program ${program}`, params: { zh: `没有项目 ${program}`, en: `No program ${program}` } });
        continue;
      }
      unknownUnit(policy.orgUnit, ['policies', program, 'orgUnit']);
      const parameters = getProgram(program as ProgramId).parametersSchema.safeParse(policy.parameters);
      if (!parameters.success) {
        for (const problem of parameters.error.issues) {
          // Passed on whole, so whoever reports the region's problems words this one as any other.
          ctx.addIssue({ ...problem, path: ['policies', program, 'parameters', ...problem.path] });
        }
      }
    }
  });

export type Region = z.infer<typeof regionSchema>;
