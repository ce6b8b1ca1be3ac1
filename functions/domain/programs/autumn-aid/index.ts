import { formatYuan } from '../../money.ts';
import { shanghaiDateOf } from '../common.ts';
import type { ProgramModule } from '../types.ts';
import { decideAutumnAid } from './decide.ts';
import { autumnAidDetails, type AutumnAidDetails } from './details.ts';
import { autumnAidParameters, type AutumnAidParameters } from './parameters.ts';

export const autumnAid: ProgramModule<AutumnAidDetails, AutumnAidParameters> = {
  id: 'autumn-aid',
  name: { zh: '金秋助学', en: 'Autumn education aid' },
  detailsSchema: autumnAidDetails,
  parametersSchema: autumnAidParameters,
  summary: (p) => ({
    zh: `资助本年度新录取的困难职工子女：建档家庭本科 ${formatYuan(p.amounts.filed.undergraduate ?? 0)}，未建档家庭本科 ${formatYuan(p.amounts['not-filed'].undergraduate ?? 0)}；家庭人均年收入须低于低保年标准 ${formatYuan(p.dibaoAnnualFen)} 的 ${p.incomeMultiplierOfDibao} 倍；申请期 ${p.opensOn} 至 ${p.closesOn}。`,
    en: `A grant for a hardship worker's child admitted this year: ${formatYuan(p.amounts.filed.undergraduate ?? 0)} (undergraduate, filed family) or ${formatYuan(p.amounts['not-filed'].undergraduate ?? 0)} (not filed); income per head below ${p.incomeMultiplierOfDibao} × the dibao of ${formatYuan(p.dibaoAnnualFen)} a year; apply ${p.opensOn} to ${p.closesOn}.`,
  }),
  decide: decideAutumnAid,
  approvalLevels: (_decision, p) => [...p.approvalLevels].sort((a, b) => a - b),
  publicNoticeDays: (p) => p.publicNoticeDays,
  approvalDays: (p) => p.approvalDays,
  exclusiveClaims: (details, submittedAt) => [
    {
      key: `autumn-aid:${shanghaiDateOf(submittedAt).slice(0, 4)}:child:${details.child.idNumber}`,
      field: 'child.idNumber',
      message: { zh: '该子女本年度已有金秋助学申请，不能重复申请', en: 'This child already has an autumn-aid application this year' },
    },
  ],
  purposes: (decision) => ({ schooling: decision.amountFen }),
};
