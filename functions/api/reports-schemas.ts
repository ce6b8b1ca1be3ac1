import * as z from 'zod';
import { programIds } from '../domain/programs/index.ts';
import type { ProgramId } from '../domain/programs/types.ts';

// The reports routes' request schemas, apart from their handlers so that /openapi.json
// describes them without bundling the handlers (and their clients) into its function.

export const reportQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  program: z.enum(programIds as [ProgramId, ...ProgramId[]]).optional(),
  orgUnit: z.string().min(1).max(64).optional(),
  format: z.enum(['json', 'csv']).default('json'),
  /** For the CSV: every program × org unit line with the months (default), or one of the report's views. */
  by: z.enum(['line', 'program', 'orgUnit', 'month']).default('line'),
});

export const paymentDetailQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  program: z.enum(programIds as [ProgramId, ...ProgramId[]]).optional(),
  orgUnit: z.string().min(1).max(64).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
