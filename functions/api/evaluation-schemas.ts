import * as z from 'zod';
import { callBackResults, type CallBackResult } from '../domain/finance/evaluation.ts';
import { programIds } from '../domain/programs/index.ts';
import type { ProgramId } from '../domain/programs/types.ts';

// The evaluation routes' request schemas, apart from their handlers so that /openapi.json
// describes them without bundling the handlers (and their clients) into its function.

export const year = z.coerce.number().int().min(2000).max(2100);

export const program = z.enum(programIds as [ProgramId, ...ProgramId[]]);

export const evaluationQuery = z.object({ year: year.optional(), program: program.optional(), orgUnit: z.string().min(1).max(64).optional(), format: z.enum(['json', 'csv']).default('json') });

export const drawSampleBody = z.object({ year, program: program.optional(), orgUnit: z.string().min(1).max(64).optional() });

export const samplesQuery = z.object({ year: year.optional() });

export const callBackBody = z.object({ result: z.enum(callBackResults as [CallBackResult, ...CallBackResult[]]), note: z.string().trim().max(1000).default('') });

export const closeCaseBody = z.object({ note: z.string().trim().min(2).max(1000) });
