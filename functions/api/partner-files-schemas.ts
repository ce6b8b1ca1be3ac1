import * as z from 'zod';
import { partnerFileKinds } from '../domain/proactive/partner-files.ts';
import { bankAccount } from '../domain/programs/common.ts';

// 免申即享's request schema, apart from its handler (as the other routes' are) for /openapi.json.

const applicationIds = z
  .array(z.string().min(1).max(80))
  .min(1)
  .max(200)
  .refine((ids) => new Set(ids).size === ids.length, { message: 'Each application once', params: { zh: '申请编号不能重复', en: 'List each application once' } });

/**
 * One route for 免申即享 (the app stack has no room for more):
 * - `import` (officials): a partner agency's CSV as text, its kind and the agency it came from;
 * - `confirm`: a worker their own proposal (with a card of their own, or the one on record when
 *   none is given); officials the zero-touch proposals of the list they saw, as a whole;
 * - `decline`: a worker their own proposal.
 */
export const proposalsBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('import'), kind: z.enum(partnerFileKinds), origin: z.string().trim().min(1).max(100), csv: z.string().min(1).max(250 * 1024) }),
  z.object({ action: z.literal('confirm'), applicationIds, bankAccount: bankAccount.optional() }),
  z.object({ action: z.literal('decline'), applicationIds }),
]);
export type ProposalsBody = z.infer<typeof proposalsBody>;
