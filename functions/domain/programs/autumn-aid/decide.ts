import type { Message } from '../../message.ts';
import { formatYuan } from '../../money.ts';
import { sameNumber } from '../../sealed.ts';
import { check, shanghaiDateOf } from '../common.ts';
import type { Check, Decision, DecisionInput } from '../types.ts';
import type { AutumnAidDetails } from './details.ts';
import type { AutumnAidParameters } from './parameters.ts';

export const levelNames: Record<AutumnAidDetails['child']['level'], Message> = {
  postgraduate: { zh: '研究生', en: 'postgraduate' },
  undergraduate: { zh: '本科', en: 'undergraduate' },
  'vocational-college': { zh: '高职高专', en: 'vocational college' },
  'high-school': { zh: '高中', en: 'high school' },
  'secondary-vocational': { zh: '中职', en: 'secondary vocational school' },
};

export const schoolKindNames: Record<AutumnAidDetails['child']['schoolKind'], Message> = {
  public: { zh: '普通公办院校', en: 'an ordinary public school' },
  military: { zh: '军校', en: 'a military academy' },
  'free-normal': { zh: '免费师范生', en: 'a free teacher-training place' },
  commissioned: { zh: '定向生', en: 'a commissioned place' },
  'high-fee-private': { zh: '高收费民办学校', en: 'a high-fee private school' },
  'self-funded-abroad': { zh: '自费出国留学', en: 'self-funded study abroad' },
  'sino-foreign': { zh: '中外合作办学', en: 'a Sino-foreign programme' },
};

/**
 * autumn-aid: the seven checks of shared/programs/autumn-aid.md in order, then the amount from the
 * table by amount group (filed / not filed) and school level.
 */
export function decideAutumnAid(input: DecisionInput<AutumnAidDetails, AutumnAidParameters>): Decision {
  const { details, member, parameters: p, prior } = input;
  const today = shanghaiDateOf(input.submittedAt);
  const year = Number(today.slice(0, 4));
  const checks: Check[] = [];

  checks.push(
    member.active
      ? check('MEMBER', true, { memberNumber: member.number, active: true, since: member.since }, { zh: `工会会员资格有效（会员号 ${member.number}，${member.since} 入会）`, en: `Union member in good standing (no. ${member.number}, since ${member.since})` })
      : check('MEMBER', false, { memberNumber: member.number, active: false }, { zh: '工会会员资格已停止，不能申请金秋助学', en: 'Union membership is not active, so autumn aid cannot be granted' }),
  );

  const filed = member.hardshipFile !== null && member.hardshipFile.tier !== 'ACCIDENT';
  const claimsFiled = details.category === 'filed-hardship';
  const categoryOk = !claimsFiled || filed;
  const amountGroup = claimsFiled && filed ? 'filed' : 'not-filed';
  checks.push(
    check(
      'CATEGORY',
      categoryOk,
      { category: details.category, hardshipFile: member.hardshipFile?.tier ?? null, amountGroup },
      categoryOk
        ? claimsFiled
          ? { zh: `家庭已建档为困难职工（${member.hardshipFile?.tier === 'DEEP' ? '深度困难' : '相对困难'}，${member.hardshipFile?.filedOn} 建档），按建档标准资助`, en: `The family is in the hardship file (${member.hardshipFile?.tier === 'DEEP' ? 'deep hardship' : 'relative hardship'}, filed ${member.hardshipFile?.filedOn}); the filed amounts apply` }
          : { zh: '申请类别属于资助范围，按未建档标准资助', en: 'The category is eligible; the not-filed amounts apply' }
        : { zh: '申请类别为建档困难职工，但未找到您的困难职工档案', en: 'The category is "filed hardship worker", but no hardship file was found for you' },
    ),
  );

  const perHead = Math.floor(details.household.annualIncomeFen / details.household.size);
  const limit = Math.floor(p.dibaoAnnualFen * p.incomeMultiplierOfDibao);
  const incomeOk = (claimsFiled && filed) || perHead < limit;
  checks.push(
    check(
      'INCOME',
      incomeOk,
      { perHeadAnnualFen: perHead, dibaoAnnualFen: p.dibaoAnnualFen, multiplier: p.incomeMultiplierOfDibao, limitFen: limit, passedByFile: claimsFiled && filed },
      claimsFiled && filed
        ? { zh: '建档困难职工家庭，收入条件以档案为准', en: 'A filed hardship family meets the income condition by its file' }
        : incomeOk
          ? { zh: `家庭人均年收入 ${formatYuan(perHead)} 低于本地低保年标准 ${formatYuan(p.dibaoAnnualFen)} 的 ${p.incomeMultiplierOfDibao} 倍（${formatYuan(limit)}）`, en: `Household income per head of ${formatYuan(perHead)} a year is below ${p.incomeMultiplierOfDibao} × the local dibao of ${formatYuan(p.dibaoAnnualFen)} (${formatYuan(limit)})` }
          : { zh: `家庭人均年收入 ${formatYuan(perHead)} 不低于本地低保年标准的 ${p.incomeMultiplierOfDibao} 倍（${formatYuan(limit)}）`, en: `Household income per head of ${formatYuan(perHead)} a year is not below ${p.incomeMultiplierOfDibao} × the local dibao (${formatYuan(limit)})` },
    ),
  );

  const level = levelNames[details.child.level];
  const admittedThisYear = details.child.admissionYear === year;
  const levelFunded = p.eligibleLevels.includes(details.child.level);
  checks.push(
    check(
      'ADMISSION',
      admittedThisYear && levelFunded,
      { admissionYear: details.child.admissionYear, programYear: year, level: details.child.level, eligibleLevels: p.eligibleLevels },
      !admittedThisYear
        ? { zh: `子女于 ${details.child.admissionYear} 年入学，本项目只资助 ${year} 年新录取的学生`, en: `The child was admitted in ${details.child.admissionYear}; only students admitted in ${year} are funded` }
        : !levelFunded
          ? { zh: `本地区不资助${level.zh}阶段`, en: `This region does not fund the ${level.en} level` }
          : { zh: `子女 ${year} 年被${details.child.school}录取（${level.zh}）`, en: `The child was admitted to ${details.child.school} in ${year} (${level.en})` },
    ),
  );

  const kind = schoolKindNames[details.child.schoolKind];
  const excluded = p.excludedSchoolKinds.includes(details.child.schoolKind);
  checks.push(
    check(
      'EXCLUDED_SCHOOL',
      !excluded,
      { schoolKind: details.child.schoolKind, excludedSchoolKinds: p.excludedSchoolKinds },
      excluded ? { zh: `就读于${kind.zh}的学生不在资助范围内`, en: `Students at ${kind.en} are not funded` } : { zh: `就读于${kind.zh}，属于资助范围`, en: `The child attends ${kind.en}, which is funded` },
    ),
  );

  const aidedBefore = prior.autumnAidChildIdsThisYear.some((id) => sameNumber(id, details.child.idNumber));
  const duplicate = aidedBefore || details.child.otherFunding;
  checks.push(
    check(
      'NO_DUPLICATE',
      !duplicate,
      { aidedThisYear: aidedBefore, otherFunding: details.child.otherFunding },
      aidedBefore
        ? { zh: '该子女本年度已获得金秋助学资助，不能重复资助', en: 'This child already received autumn aid this year' }
        : details.child.otherFunding
          ? { zh: '该子女本年度已获其他政府或社会资助，不重复资助', en: 'The child is funded by another government or social body this year; aid is not duplicated' }
          : { zh: '该子女本年度未获其他资助', en: 'The child has no other aid this year' },
    ),
  );

  const opens = `${year}-${p.opensOn}`;
  const closes = `${year}-${p.closesOn}`;
  const inWindow = today >= opens && today <= closes;
  checks.push(
    check(
      'WINDOW',
      inWindow,
      { submittedOn: today, opensOn: opens, closesOn: closes },
      inWindow ? { zh: `在申请期内提交（${opens} 至 ${closes}）`, en: `Submitted within the application window (${opens} to ${closes})` } : { zh: `不在申请期内（${opens} 至 ${closes}）`, en: `Outside the application window (${opens} to ${closes})` },
    ),
  );

  const eligible = checks.every((c) => c.passed);
  const amountFen = eligible ? (p.amounts[amountGroup][details.child.level] ?? 0) : 0;
  const groupName = amountGroup === 'filed' ? { zh: '建档困难职工家庭', en: 'filed hardship family' } : { zh: '未建档困难家庭', en: 'family not in the hardship file' };
  return {
    eligible,
    amountFen,
    policyVersion: input.policyVersion,
    checks,
    computation: eligible ? [{ label: { zh: `${groupName.zh} · ${level.zh}资助标准`, en: `Standard grant for a ${groupName.en}, ${level.en}` }, amountFen }] : [],
  };
}
