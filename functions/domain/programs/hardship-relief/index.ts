import { formatYuan } from '../../money.ts';
import { shanghaiDateOf } from '../common.ts';
import type { Decision, ProgramModule } from '../types.ts';
import { decideHardshipRelief } from './decide.ts';
import { hardshipReliefDetails, type HardshipReliefDetails } from './details.ts';
import { hardshipReliefParameters, type HardshipReliefParameters } from './parameters.ts';

export const hardshipRelief: ProgramModule<HardshipReliefDetails, HardshipReliefParameters> = {
  id: 'hardship-relief',
  name: { zh: '困难职工帮扶', en: 'Hardship relief' },
  detailsSchema: hardshipReliefDetails,
  parametersSchema: hardshipReliefParameters,
  summary: (p) => ({
    zh: `按家庭人均月收入分级帮扶：低于低保 ${formatYuan(p.dibaoMonthlyFen)} 为深度困难，低于其 ${p.relativeMultiplier} 倍为相对困难，意外支出超过年收入 ${p.accidentCostShare * 100}% 为意外致困；生活救助最多 ${p.livingMonths.DEEP} 个月低保，医疗救助封顶 ${formatYuan(p.medicalCapFen)}。`,
    en: `Tiered relief by monthly income per head: below the dibao of ${formatYuan(p.dibaoMonthlyFen)} is deep hardship, below ${p.relativeMultiplier} × it relative hardship, accident costs above ${p.accidentCostShare * 100}% of income accident-caused; living aid up to ${p.livingMonths.DEEP} months of dibao, medical aid capped at ${formatYuan(p.medicalCapFen)}.`,
  }),
  decide: decideHardshipRelief,
  approvalLevels: (decision: Decision, p) => {
    const levels = new Set(p.approvalLevels);
    if ((decision.tier && p.cityApprovalTiers.includes(decision.tier)) || decision.amountFen > p.cityApprovalAboveFen) levels.add(3);
    return [...levels].sort((a, b) => a - b);
  },
  publicNoticeDays: (p) => p.publicNoticeDays,
  approvalDays: (p) => p.approvalDays,
  exclusiveClaims: (details, submittedAt, applicant) =>
    details.aidKinds.map((kind) => ({
      key: `hardship-relief:${shanghaiDateOf(submittedAt).slice(0, 4)}:household:${applicant.memberNumber}:${kind}`,
      field: 'aidKinds',
      message: { zh: '本户已有同类别的在办帮扶申请', en: 'The household already has an open application for this kind of aid' },
      releasedOn: 'close' as const,
    })),
  purposes: (decision) => ({ ...decision.amountsByKindFen }),
};
