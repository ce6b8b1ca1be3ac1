import * as z from 'zod';

// The recoveries routes' request schemas, apart from their handlers so that /openapi.json
// describes them without bundling the handlers (and their clients) into its function.

export const openRecoveryBody = z.object({ amountFen: z.int().min(1).max(100_000_000_000), reason: z.string().trim().min(2).max(1000) });

export const closeRecoveryBody = z.object({ outcome: z.enum(['RECOVERED', 'WRITTEN_OFF']), note: z.string().trim().min(2).max(1000) });

export const recoveriesQuery = z.object({ status: z.enum(['OPEN', 'RECOVERED', 'WRITTEN_OFF']).default('OPEN') });
