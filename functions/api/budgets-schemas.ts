import * as z from 'zod';

// The budgets routes' request schemas, apart from their handlers so that /openapi.json
// describes them without bundling the handlers (and their clients) into its function.

export const budgetsQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

export const allocationBody = z.object({ allocatedFen: z.int().min(0).max(100_000_000_000), reason: z.string().trim().max(500).optional() });
