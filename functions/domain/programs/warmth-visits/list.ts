import * as z from 'zod';
import { deliveries } from './details.ts';

const reason = z.string().trim().min(2).max(500);

/**
 * A unit's reviewed target list as an official submits it: every drawn household either kept (with
 * how it is delivered) or removed with a reason; households not on file added with a reason and the
 * tier assessed for them.
 */
export const campaignListBody = z.object({
  targets: z
    .array(
      z.object({
        memberNumber: z.string().trim().min(1).max(40),
        delivery: z.enum(deliveries),
        householdFileId: z.string().trim().min(1).max(40).optional(),
        added: z.object({ tier: z.enum(['DEEP', 'RELATIVE', 'ACCIDENT']), reason }).optional(),
      }),
    )
    .min(1)
    .max(500),
  removed: z.array(z.object({ householdFileId: z.string().trim().min(1).max(40), reason })).max(500).default([]),
});
export type CampaignListBody = z.infer<typeof campaignListBody>;
