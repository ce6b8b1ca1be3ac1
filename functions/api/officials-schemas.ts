import * as z from 'zod';
import { isoDate } from '../domain/programs/common.ts';

// The officials routes' request schemas, apart from their handlers so that /openapi.json
// describes them without bundling the handlers (and their clients) into its function.

export const delegationBody = z
  .object({ to: z.string().min(1).max(64), startsOn: isoDate, endsOn: isoDate })
  .refine((body) => body.startsOn <= body.endsOn, { path: ['endsOn'], message: 'ends before it starts', params: { zh: '结束日期不能早于开始日期', en: 'The end date cannot be before the start date' } });
