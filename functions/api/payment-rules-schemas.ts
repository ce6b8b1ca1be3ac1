import * as z from 'zod';
import { ruleClasses } from '../domain/finance/payment-rules.ts';

// The payment-rules routes' request schemas, apart from their handlers so that /openapi.json
// describes them without bundling the handlers (and their clients) into its function.

export const severity = z.enum(['warn', 'block']);

export const ruleSettingsBody = z.object(Object.fromEntries(ruleClasses.map((ruleClass) => [ruleClass, severity])) as Record<(typeof ruleClasses)[number], typeof severity>);

export const instructionsQuery = z.object({ state: z.enum(['blocked', 'held']) });

export const holdBody = z.object({ comment: z.string().trim().min(2).max(500) });
