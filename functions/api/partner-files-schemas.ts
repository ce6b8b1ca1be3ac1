import * as z from 'zod';
import { partnerFileKinds } from '../domain/proactive/partner-files.ts';
import { bankAccount } from '../domain/programs/common.ts';

// 免申即享's request schemas, apart from their handlers (as the other routes' are) for /openapi.json.

export const importPartnerFileQuery = z.object({ kind: z.enum(partnerFileKinds), origin: z.string().trim().min(1).max(100) });

/** The file as sent (text/csv), at most the API's 256 KiB. */
export const partnerFileText = z.string().min(1).max(256 * 1024);

/**
 * Answers to proposals. A worker confirms (with a card of their own, or the one on record when
 * none is given) or declines their own; officials confirm the zero-touch proposals of the list
 * they saw, as a whole.
 */
export const answerProposalsBody = z
  .object({
    applicationIds: z.array(z.string().min(1).max(80)).min(1).max(200),
    answer: z.enum(['confirm', 'decline']),
    bankAccount: bankAccount.optional(),
  })
  .superRefine((body, ctx) => {
    if (new Set(body.applicationIds).size !== body.applicationIds.length) ctx.addIssue({ code: 'custom', path: ['applicationIds'], message: 'Each application once', params: { zh: '申请编号不能重复', en: 'List each application once' } });
  });
export type AnswerProposalsBody = z.infer<typeof answerProposalsBody>;
