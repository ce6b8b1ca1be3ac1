import { formatYuan } from '../../money.ts';
import { noticeEndsAt } from '../../working-days.ts';
import type { ProgramModule } from '../types.ts';
import { decideWarmthVisits, deliveryNames } from './decide.ts';
import { warmthVisitsDetails, type WarmthVisitsDetails } from './details.ts';
import { warmthVisitsParameters, type WarmthVisitsParameters } from './parameters.ts';

/** 送温暖: a campaign over the hardship files. Its policy is the campaign; each household on its list is one application, filed by the official who submitted the list. */
export const warmthVisits: ProgramModule<WarmthVisitsDetails, WarmthVisitsParameters> = {
  id: 'warmth-visits',
  name: { zh: '送温暖', en: 'Warmth visits' },
  detailsSchema: warmthVisitsDetails,
  parametersSchema: warmthVisitsParameters,
  summary: (p) => ({
    zh: `${p.campaign.name.zh}（${p.window.opensOn} 至 ${p.window.closesOn}）：深度困难每户 ${formatYuan(p.standardsFen.DEEP)}，相对困难每户 ${formatYuan(p.standardsFen.RELATIVE)}${p.standardsFen.ACCIDENT ? `，意外致困每户 ${formatYuan(p.standardsFen.ACCIDENT)}` : ''}；资金来源：${p.fundingSources.map((s) => s.name.zh).join('、')}；发放方式：${p.deliveries.map((d) => deliveryNames[d].zh).join('、')}；名单公示 ${p.publicNoticeWorkingDays} 个工作日。`,
    en: `${p.campaign.name.en} (${p.window.opensOn} to ${p.window.closesOn}): ${formatYuan(p.standardsFen.DEEP)} per household in deep hardship, ${formatYuan(p.standardsFen.RELATIVE)} in relative hardship${p.standardsFen.ACCIDENT ? `, ${formatYuan(p.standardsFen.ACCIDENT)} accident-caused` : ''}; funded by ${p.fundingSources.map((s) => s.name.en).join(', ')}; delivered by ${p.deliveries.map((d) => deliveryNames[d].en).join(', ')}; the list is on public notice for ${p.publicNoticeWorkingDays} working days.`,
  }),
  decide: decideWarmthVisits,
  approvalLevels: (_decision, p) => [...p.approvalLevels].sort((a, b) => a - b),
  publicNoticeDays: (p) => p.publicNoticeWorkingDays,
  publicNoticeEnd: (p, startIso) => noticeEndsAt(startIso, p.publicNoticeWorkingDays, p),
  approvalDays: (p) => p.approvalDays,
  exclusiveClaims: (details, _submittedAt, applicant) => [
    {
      key: `warmth-visits:${details.campaignId}:household:${applicant.memberNumber}`,
      field: 'householdFileId',
      message: { zh: '这户家庭已在本次送温暖活动的名单上', en: 'This household is already on this campaign’s list' },
    },
  ],
  listOnly: true,
  purposes: (decision) => ({ festival: decision.amountFen }),
};
