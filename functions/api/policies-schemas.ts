import * as z from 'zod';
import { isoDate } from '../domain/programs/common.ts';

// The policies routes' request schemas, apart from their handlers so that /openapi.json
// describes them without bundling the handlers (and their clients) into its function.

export const policyQuery = z.object({ orgUnit: z.string().min(1).max(64).optional(), at: isoDate.optional() });

export const publishBody = z.object({ orgUnit: z.string().min(1).max(64), effectiveFrom: isoDate, parameters: z.record(z.string(), z.unknown()) });

export const simulateBody = z
  .object({ orgUnit: z.string().min(1).max(64), parameters: z.record(z.string(), z.unknown()), from: isoDate, to: isoDate })
  .refine((body) => body.from <= body.to, { path: ['to'], message: 'before from', params: { zh: '结束日期不能早于开始日期', en: 'The end date cannot be before the start date' } });
