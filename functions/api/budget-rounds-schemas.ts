import * as z from 'zod';
import { roundSteps, type RoundStep } from '../domain/finance/budget-rounds.ts';
import { programIds } from '../domain/programs/index.ts';
import { isoDate } from '../domain/programs/common.ts';
import type { ProgramId } from '../domain/programs/types.ts';

// The budget-rounds routes' request schemas, apart from their handlers so that /openapi.json
// describes them without bundling the handlers (and their clients) into its function.

export const year = z.coerce.number().int().min(2000).max(2100);

export const program = z.enum(programIds as [ProgramId, ...ProgramId[]]);

export const fen = z.int().min(0).max(100_000_000_000);

export const roundsQuery = z.object({ year: year.optional(), program: program.optional(), format: z.enum(['json', 'csv']).default('json') });

export const deadlines = z.object(Object.fromEntries(roundSteps.map((step) => [step, isoDate])) as Record<RoundStep, typeof isoDate>);

export const openRoundsBody = z.object({ year, program, orgUnits: z.array(z.string().min(1).max(64)).min(1).max(40), deadlines, comment: z.string().trim().max(1000).optional() });

export const targets = z.object({ workersHelped: z.int().min(1).max(1_000_000), averageFen: z.int().min(1).max(100_000_000_000), daysToPay: z.int().min(1).max(366) });

export const stepBody = z.object({ amountFen: fen, comment: z.string().trim().max(1000).default(''), targets: targets.optional() });

export const adjustmentsQuery = z.object({ year: year.optional() });

export const adjustmentBody = z.object({ year, program, orgUnit: z.string().min(1).max(64), kind: z.enum(['increase', 'decrease']), amountFen: z.int().min(1).max(100_000_000_000), reason: z.string().trim().min(2).max(1000), decideBy: isoDate });

export const adjustmentDecisionBody = z.object({ decision: z.enum(['approve', 'refuse']), comment: z.string().trim().min(2).max(1000) });
