import * as z from 'zod';
import { attachmentsOf, bankAccount, issue, patterned } from '../common.ts';

/** How a campaign's grant reaches the household: a bank transfer (through finance's payment batches), or cash or goods handed over against a signed receipt. */
export const deliveries = ['bank-transfer', 'cash', 'goods'] as const;
export type Delivery = (typeof deliveries)[number];

/** The photo of the receipt the recipient signed (cash and goods), and anything else kept with it. */
export const warmthVisitDocuments = ['signed-receipt', 'other'] as const;

/** A campaign's id in its policy (`spring-festival`), and on each application the campaign's key (`2027-spring-festival`). */
export const campaignId = patterned(/^[a-z0-9][a-z0-9-]{1,48}$/, { zh: '活动编号只能用小写字母、数字和连字符，如 2027-spring', en: 'A campaign id is lower-case letters, digits and hyphens, such as 2027-spring' });

/**
 * One household on a campaign's target list (送温暖), as the list's submission files it: drawn from
 * its open hardship file, or added by an official with the reason and the tier they assessed.
 * Browser-safe, shared by the API and the web app.
 */
export const warmthVisitsDetails = z
  .object({
    campaignId,
    /** The open file it was drawn from; absent for a household an official added. */
    householdFileId: z.string().trim().min(1).max(40).optional(),
    /** Why an official added a household that is not on file (from the 低保 list, a visit, …). */
    addedReason: z.string().trim().min(2).max(500).optional(),
    /** The tier an official assessed for an added household; a filed household's tier is its file's. */
    tier: z.enum(['DEEP', 'RELATIVE', 'ACCIDENT']).optional(),
    delivery: z.enum(deliveries),
    bankAccount: bankAccount.optional(),
    attachments: attachmentsOf(warmthVisitDocuments),
  })
  .superRefine((details, ctx) => {
    if (details.delivery === 'bank-transfer' && !details.bankAccount) issue(ctx, { zh: '银行转账发放须有收款账户', en: 'A bank transfer needs the bank account' }, ['bankAccount']);
    if (!details.householdFileId && !details.addedReason) issue(ctx, { zh: '不在档的家庭须写明增补理由', en: 'A household not on file needs the reason it was added' }, ['addedReason']);
    if (!details.householdFileId && !details.tier) issue(ctx, { zh: '不在档的家庭须核定困难类别', en: 'A household not on file needs the tier assessed for it' }, ['tier']);
  });

export type WarmthVisitsDetails = z.infer<typeof warmthVisitsDetails>;
