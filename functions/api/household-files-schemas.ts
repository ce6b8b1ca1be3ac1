import * as z from 'zod';
import { fileStates } from '../domain/households/file.ts';

// The household-files routes' request schemas, apart from their handlers so that /openapi.json
// describes them without bundling the handlers (and their clients) into its function.

export const householdFilesQuery = z.object({ state: z.enum(fileStates).optional(), orgUnit: z.string().min(1).max(64).optional() });

export const householdReviewsQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
