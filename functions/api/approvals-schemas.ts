import * as z from 'zod';

// The approvals routes' request schemas, apart from their handlers so that /openapi.json
// describes them without bundling the handlers (and their clients) into its function.

export const listApprovalsQuery = z.object({
  program: z.string().min(1).max(40).optional(),
  tier: z.enum(['DEEP', 'RELATIVE', 'ACCIDENT']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const decisionBody = z
  .object({
    decision: z.enum(['approve', 'reject']),
    comment: z.string().trim().max(1000).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.decision === 'reject' && !body.comment) {
      ctx.addIssue({ code: 'custom', path: ['comment'], message: '驳回须填写理由 / A rejection needs a comment', params: { zh: '驳回须填写理由', en: 'A rejection needs a comment saying why' } });
    }
  });

export const batchDecisionBody = z
  .object({
    applicationIds: z.array(z.string().min(1).max(80)).min(1).max(50),
    decision: z.enum(['approve', 'reject']),
    comment: z.string().trim().max(1000).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.decision === 'reject' && !body.comment) ctx.addIssue({ code: 'custom', path: ['comment'], message: 'A rejection needs a comment', params: { zh: '驳回须填写理由', en: 'A rejection needs a comment saying why' } });
    if (new Set(body.applicationIds).size !== body.applicationIds.length) ctx.addIssue({ code: 'custom', path: ['applicationIds'], message: 'Each application once', params: { zh: '申请编号不能重复', en: 'List each application once' } });
  });
