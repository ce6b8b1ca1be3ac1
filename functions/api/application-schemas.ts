import * as z from 'zod';
import { getProgram, programIds } from '../domain/programs/index.ts';
import { bankAccount, documentId } from '../domain/programs/common.ts';
import type { ProgramId } from '../domain/programs/types.ts';
import type { ApplicationStatus } from '../store/types.ts';

// The applications routes' request schemas, apart from their handlers so that /openapi.json
// describes them without bundling the handlers (and their clients) into its function.

const programSchema = z.enum(programIds as [ProgramId, ...ProgramId[]]);

/** One body schema per program, so a bad field is reported under `details.…` of that program's form. */
export const submitApplicationBody = z.discriminatedUnion(
  'program',
  programIds.map((id) => z.object({ program: z.literal(id), details: getProgram(id).detailsSchema })) as unknown as [
    z.ZodObject<{ program: z.ZodLiteral<ProgramId>; details: z.ZodType }>,
    ...z.ZodObject<{ program: z.ZodLiteral<ProgramId>; details: z.ZodType }>[],
  ],
);

export const assistedApplicationBody = submitApplicationBody.and(z.object({ member: z.string().min(1).max(64), consentDocumentId: documentId }));

const statuses = [
  'SUBMITTED', 'CHECKING', 'INELIGIBLE', 'PENDING_APPROVAL', 'REJECTED', 'PUBLIC_NOTICE', 'APPROVED',
  'AWAITING_BUDGET', 'DISBURSING', 'PAID', 'PAYMENT_FAILED', 'WITHDRAWN', 'NEEDS_ATTENTION', 'DOCUMENTS_REQUESTED', 'PROPOSED', 'DECLINED', 'EXPIRED',
] as const satisfies readonly ApplicationStatus[];

export const listApplicationsQuery = z.object({
  status: z.enum(statuses).optional(),
  program: programSchema.optional(),
  orgUnit: z.string().min(1).max(64).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  nextToken: z.string().max(2000).optional(),
});

export const reasonBody = z.object({ reason: z.string().trim().min(2).max(1000) });

export const bankAccountBody = bankAccount;
