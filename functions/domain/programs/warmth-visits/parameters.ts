import * as z from 'zod';
import { fen, isoDate, levelList } from '../common.ts';
import { campaignId, deliveries } from './details.ts';

const message = z.object({ zh: z.string().trim().min(1).max(100), en: z.string().trim().min(1).max(200) });

/**
 * warmth-visits (送温暖) policy parameters: one campaign, such as 2027 春节送温暖. Its window, the
 * standard per household by tier (0: that tier is not visited), where the money comes from, how it
 * is handed over, the approval chain, and the public notice in working days with the calendar's
 * holidays and the weekends worked in their place (调休), as the State Council announces them.
 */
export const warmthVisitsParameters = z
  .object({
    campaign: z.object({ id: campaignId, name: message }),
    window: z.object({ opensOn: isoDate, closesOn: isoDate }),
    standardsFen: z.object({ DEEP: fen(10_000_000), RELATIVE: fen(10_000_000), ACCIDENT: fen(10_000_000) }),
    fundingSources: z.array(z.object({ name: message, amountFen: fen() })).min(1).max(10),
    deliveries: z.array(z.enum(deliveries)).min(1),
    /** What goods are handed over, when goods are (米、面、油 …). */
    goods: message.optional(),
    approvalLevels: levelList,
    publicNoticeWorkingDays: z.int().min(5).max(30),
    holidays: z.array(isoDate).max(60).default([]),
    workingWeekends: z.array(isoDate).max(20).default([]),
    approvalDays: z.int().min(1).max(90).default(7),
    appealDays: z.int().min(0).max(365).default(30),
  })
  .refine((p) => p.window.opensOn <= p.window.closesOn, { path: ['window', 'closesOn'], message: 'The window closes before it opens', params: { zh: '活动结束日期早于开始日期', en: 'The window closes before it opens' } });

export type WarmthVisitsParameters = z.infer<typeof warmthVisitsParameters>;

/** A campaign's key, unique across years (a region may run `spring-festival` every year): the year its window opens, and its id. */
export const campaignKey = (p: Pick<WarmthVisitsParameters, 'campaign' | 'window'>): string => `${p.window.opensOn.slice(0, 4)}-${p.campaign.id}`;
