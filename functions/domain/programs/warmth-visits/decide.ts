import type { Message } from '../../message.ts';
import { formatYuan } from '../../money.ts';
import { check, shanghaiDateOf } from '../common.ts';
import type { Check, Decision, DecisionInput, Tier } from '../types.ts';
import type { Delivery, WarmthVisitsDetails } from './details.ts';
import type { WarmthVisitsParameters } from './parameters.ts';

export const tierNames: Record<Tier, Message> = {
  DEEP: { zh: '深度困难', en: 'deep hardship' },
  RELATIVE: { zh: '相对困难', en: 'relative hardship' },
  ACCIDENT: { zh: '意外致困', en: 'accident-caused hardship' },
};

export const deliveryNames: Record<Delivery, Message> = {
  'bank-transfer': { zh: '银行转账', en: 'bank transfer' },
  cash: { zh: '现金（受助人签收）', en: 'cash, against a signed receipt' },
  goods: { zh: '慰问物资（受助人签收）', en: 'goods, against a signed receipt' },
};

/** The tier the standard goes by: the open file's (the member record holds it), else the one an official assessed for a household they added. */
export function targetTier(details: WarmthVisitsDetails, fileTier: Tier | undefined): Tier | undefined {
  return fileTier ?? (details.householdFileId ? undefined : details.tier);
}

/**
 * warmth-visits (送温暖): one household on a campaign's list, checked in order — a member in good
 * standing; on file (or added by an official, with the reason); drawn within the campaign's window;
 * a standard for its tier; a delivery the campaign uses; and not already given a festival benefit
 * this year by any program or unit (the entitlement ledger). The amount is the tier's standard.
 */
export function decideWarmthVisits(input: DecisionInput<WarmthVisitsDetails, WarmthVisitsParameters>): Decision {
  const { details, member, parameters: p, prior } = input;
  const today = shanghaiDateOf(input.submittedAt);
  const checks: Check[] = [];

  checks.push(
    member.active
      ? check('MEMBER', true, { memberNumber: member.number, active: true }, { zh: `工会会员资格有效（会员号 ${member.number}）`, en: `Union member in good standing (no. ${member.number})` })
      : check('MEMBER', false, { memberNumber: member.number, active: false }, { zh: '工会会员资格已停止，不在送温暖范围内', en: 'Union membership is not active, so the household is not visited' }),
  );

  const fileTier = member.hardshipFile?.tier;
  const tier = targetTier(details, fileTier);
  const onFile = details.householdFileId !== undefined;
  const targetOk = onFile ? fileTier !== undefined : Boolean(details.addedReason && tier);
  checks.push(
    check(
      'TARGET',
      targetOk,
      { householdFileId: details.householdFileId ?? null, fileTier: fileTier ?? null, addedReason: details.addedReason ?? null, tier: tier ?? null },
      onFile
        ? fileTier
          ? { zh: `家庭在困难职工档案中（${tierNames[fileTier].zh}，${member.hardshipFile?.filedOn} 建档）`, en: `The household is on the hardship files (${tierNames[fileTier].en}, filed ${member.hardshipFile?.filedOn})` }
          : { zh: '名单上的困难职工档案已不在档（已退档或已结束），不再慰问', en: 'The hardship file the list named is no longer open (closed or ended), so the household is not visited' }
        : targetOk && tier
          ? { zh: `由工会工作人员增补（按${tierNames[tier].zh}）：${details.addedReason}`, en: `Added by a union official (as ${tierNames[tier].en}): ${details.addedReason}` }
          : { zh: '不在档的家庭须写明增补理由并核定困难类别', en: 'A household not on file needs the reason it was added and its tier' },
    ),
  );

  const { opensOn, closesOn } = p.window;
  const inWindow = today >= opensOn && today <= closesOn;
  checks.push(
    check(
      'WINDOW',
      inWindow,
      { drawnOn: today, opensOn, closesOn },
      inWindow
        ? { zh: `在“${p.campaign.name.zh}”活动期内（${opensOn} 至 ${closesOn}）列入名单`, en: `Listed within the “${p.campaign.name.en}” window (${opensOn} to ${closesOn})` }
        : { zh: `不在“${p.campaign.name.zh}”活动期内（${opensOn} 至 ${closesOn}）`, en: `Outside the “${p.campaign.name.en}” window (${opensOn} to ${closesOn})` },
    ),
  );

  const standardFen = tier ? p.standardsFen[tier] : 0;
  checks.push(
    check(
      'STANDARD',
      standardFen > 0,
      { tier: tier ?? null, standardFen },
      tier && standardFen > 0
        ? { zh: `${tierNames[tier].zh}家庭的慰问标准为每户 ${formatYuan(standardFen)}`, en: `The standard for a household in ${tierNames[tier].en} is ${formatYuan(standardFen)}` }
        : tier
          ? { zh: `本次活动不慰问${tierNames[tier].zh}家庭`, en: `This campaign does not visit households in ${tierNames[tier].en}` }
          : { zh: '没有可用的困难类别，无法确定慰问标准', en: 'There is no tier to set the standard by' },
    ),
  );

  const deliveryOk = p.deliveries.includes(details.delivery);
  const how = deliveryNames[details.delivery];
  checks.push(
    check(
      'DELIVERY',
      deliveryOk,
      { delivery: details.delivery, deliveries: p.deliveries },
      deliveryOk ? { zh: `发放方式：${how.zh}`, en: `Delivered by ${how.en}` } : { zh: `本次活动不采用${how.zh}方式发放`, en: `This campaign does not deliver by ${how.en}` },
    ),
  );

  const festivalFen = prior.receivedThisYearByPurposeFen.festival ?? 0;
  checks.push(
    check(
      'NO_DUPLICATE',
      festivalFen === 0,
      { festivalThisYearFen: festivalFen },
      festivalFen === 0
        ? { zh: '本户本年度尚未获得节日慰问', en: 'The household has had no festival benefit this year' }
        : { zh: `本户本年度已获得节日慰问 ${formatYuan(festivalFen)}（各项目、各单位合计），不重复慰问`, en: `The household already had ${formatYuan(festivalFen)} of festival benefits this year (every program and unit), so it is not visited twice` },
    ),
  );

  const eligible = checks.every((c) => c.passed);
  const amountFen = eligible ? standardFen : 0;
  return {
    eligible,
    ...(tier ? { tier } : {}),
    amountFen,
    policyVersion: input.policyVersion,
    checks,
    computation: eligible && tier ? [{ label: { zh: `${p.campaign.name.zh} · ${tierNames[tier].zh}家庭慰问标准`, en: `${p.campaign.name.en}: the standard for ${tierNames[tier].en}` }, amountFen }] : [],
  };
}
