import type { Message } from '../../message.ts';
import { fenTimesRatio, formatYuan } from '../../money.ts';
import { check } from '../common.ts';
import type { AidKind, Check, ComputationLine, Decision, DecisionInput, Tier } from '../types.ts';
import type { HardshipReliefDetails } from './details.ts';
import type { HardshipReliefParameters } from './parameters.ts';

const tierNames: Record<Tier, Message> = {
  DEEP: { zh: '深度困难', en: 'deep hardship' },
  RELATIVE: { zh: '相对困难', en: 'relative hardship' },
  ACCIDENT: { zh: '意外致困', en: 'accident-caused hardship' },
};
const kindNames: Record<AidKind, Message> = {
  living: { zh: '生活救助', en: 'Living aid' },
  medical: { zh: '医疗救助', en: 'Medical aid' },
  schooling: { zh: '助学救助', en: 'Schooling aid' },
};

/**
 * The household's monthly income per head after rigid expenditure (Qingdao formula), in whole fen
 * rounded down: (annual income − rigid expenditure) ÷ 12 ÷ household size.
 */
export function perHeadMonthlyFen(details: Pick<HardshipReliefDetails, 'household'>): number {
  const income = details.household.members.reduce((sum, member) => sum + member.annualIncomeFen, 0);
  return Math.floor((income - details.household.rigidExpenditureFen) / 12 / details.household.members.length);
}

/** The tier by the per-head formula against 低保, then accident costs against income; none when neither holds. */
export function hardshipTier(details: Pick<HardshipReliefDetails, 'household'>, p: HardshipReliefParameters): Tier | undefined {
  const perHead = perHeadMonthlyFen(details);
  if (perHead < p.dibaoMonthlyFen) return 'DEEP';
  if (perHead < fenTimesRatio(p.dibaoMonthlyFen, p.relativeMultiplier)) return 'RELATIVE';
  const income = details.household.members.reduce((sum, member) => sum + member.annualIncomeFen, 0);
  const net = details.household.accidentCostFen - details.household.compensationFen;
  if (net > fenTimesRatio(income, p.accidentCostShare)) return 'ACCIDENT';
  return undefined;
}

/** hardship-relief: MEMBER, MIGRANT_TENURE, ASSETS, TIER, NO_DUPLICATE; then aid by tier and kind minus this year's grants. */
export function decideHardshipRelief(input: DecisionInput<HardshipReliefDetails, HardshipReliefParameters>): Decision {
  const { details, member, parameters: p, prior } = input;
  const checks: Check[] = [];
  checks.push(
    member.active
      ? check('MEMBER', true, { memberNumber: member.number, active: true }, { zh: `工会会员资格有效（会员号 ${member.number}）`, en: `Union member in good standing (no. ${member.number})` })
      : check('MEMBER', false, { memberNumber: member.number, active: false }, { zh: '工会会员资格已停止，不能申请帮扶', en: 'Union membership is not active, so relief cannot be granted' }),
  );

  const migrant = member.category === 'migrant';
  const months = member.labourMonths ?? 0;
  checks.push(
    !migrant
      ? check('MIGRANT_TENURE', true, { applicable: false }, { zh: '非农民工，不适用劳动关系年限要求', en: 'Not a migrant worker: no minimum labour relation applies' })
      : months >= p.minLabourMonths
        ? check('MIGRANT_TENURE', true, { applicable: true, labourMonths: months, minLabourMonths: p.minLabourMonths }, { zh: `农民工劳动关系 ${months} 个月，满 ${p.minLabourMonths} 个月`, en: `Migrant worker with ${months} months of labour relation, at least ${p.minLabourMonths}` })
        : check('MIGRANT_TENURE', false, { applicable: true, labourMonths: months, minLabourMonths: p.minLabourMonths }, { zh: `农民工劳动关系仅 ${months} 个月，不足 ${p.minLabourMonths} 个月`, en: `Migrant worker with only ${months} months of labour relation; ${p.minLabourMonths} are needed` }),
  );

  const a = details.assets;
  const exclusions: { zh: string; en: string; code: string }[] = [];
  if (a.homes >= 2) exclusions.push({ code: 'homes', zh: `拥有 ${a.homes} 套住房`, en: `owns ${a.homes} homes` });
  if (a.ownsBusiness || a.employsStaff) exclusions.push({ code: 'business', zh: '经营企业或雇用他人', en: 'owns a business or employs staff' });
  if (a.childAtHighFeePrivateSchool) exclusions.push({ code: 'high-fee-school', zh: '子女就读高收费私立学校', en: 'a child at a high-fee private school' });
  if (a.childSelfFundedAbroad) exclusions.push({ code: 'abroad', zh: '子女自费出国留学', en: 'a child studying abroad at own expense' });
  if (a.vehicleInRegularUse && !a.driverByTrade) exclusions.push({ code: 'vehicle', zh: '家庭有日常使用的机动车（非营运）', en: 'a vehicle in regular use, not for a living' });
  checks.push(
    exclusions.length === 0
      ? check('ASSETS', true, { exclusions: [] }, { zh: '家庭财产状况不在排除范围内', en: 'No asset excludes the household' })
      : check('ASSETS', false, { exclusions: exclusions.map((e) => e.code) }, { zh: `因以下情形不予帮扶：${exclusions.map((e) => e.zh).join('；')}`, en: `Excluded because of: ${exclusions.map((e) => e.en).join('; ')}` }),
  );

  const { tier, check: tierResult } = tierCheck(details, p);
  checks.push(tierResult);

  const alreadyOpen = details.aidKinds.filter((kind) => prior.hardshipOpenAidKinds.includes(kind));
  checks.push(
    alreadyOpen.length === 0
      ? check('NO_DUPLICATE', true, { openAidKinds: [] }, { zh: '本户没有同类别的在办申请', en: 'No open application of the same kind for this household' })
      : check('NO_DUPLICATE', false, { openAidKinds: alreadyOpen }, { zh: `本户已有在办的${alreadyOpen.map((k) => kindNames[k].zh).join('、')}申请`, en: `The household already has an open application for ${alreadyOpen.map((k) => kindNames[k].en.toLowerCase()).join(', ')}` }),
  );

  const eligible = checks.every((c) => c.passed) && tier !== undefined;
  const computation: ComputationLine[] = [];
  const amountsByKindFen: Partial<Record<AidKind, number>> = {};
  if (eligible && tier) {
    for (const kind of details.aidKinds) {
      const granted = prior.hardshipGrantedThisYearFen[kind] ?? 0;
      let entitled = 0;
      if (kind === 'living') {
        entitled = p.livingMonths[tier] * p.dibaoMonthlyFen;
        computation.push({ label: { zh: `生活救助：${p.livingMonths[tier]} 个月 × 低保 ${formatYuan(p.dibaoMonthlyFen)}（${tierNames[tier].zh}）`, en: `Living aid: ${p.livingMonths[tier]} months × dibao ${formatYuan(p.dibaoMonthlyFen)} (${tierNames[tier].en})` }, amountFen: entitled });
      } else if (kind === 'medical') {
        entitled = Math.min(details.medicalSelfPaidFen, p.medicalCapFen);
        computation.push({ label: { zh: `医疗救助：自付医疗费 ${formatYuan(details.medicalSelfPaidFen)}，封顶 ${formatYuan(p.medicalCapFen)}`, en: `Medical aid: self-paid ${formatYuan(details.medicalSelfPaidFen)}, capped at ${formatYuan(p.medicalCapFen)}` }, amountFen: entitled });
      } else {
        entitled = details.students.reduce((sum, student) => sum + p.schoolingMonths[student.level] * p.dibaoMonthlyFen, 0);
        computation.push({ label: { zh: `助学救助：${details.students.length} 名学生，每人按低保 × 规定月数`, en: `Schooling aid: ${details.students.length} student(s), dibao × the months for each level` }, amountFen: entitled });
      }
      if (granted > 0) computation.push({ label: { zh: `减去本年已获${kindNames[kind].zh}`, en: `Less ${kindNames[kind].en.toLowerCase()} granted this year` }, amountFen: -Math.min(granted, entitled) });
      let amount = Math.max(0, entitled - granted);
      if (kind === 'medical' && p.householdMedicalCapFen !== undefined) {
        // The ledger's medical total counts every program's grants this year, this program's included.
        const received = prior.receivedThisYearByPurposeFen.medical ?? 0;
        const room = Math.max(0, p.householdMedicalCapFen - received);
        if (amount > room) {
          computation.push({ label: { zh: `本户本年各项目已获医疗类帮扶 ${formatYuan(received)}，每户每年上限 ${formatYuan(p.householdMedicalCapFen)}，医疗救助以余额为限`, en: `The household has received ${formatYuan(received)} for medical costs this year from every program; with a yearly cap of ${formatYuan(p.householdMedicalCapFen)} per household, medical aid is limited to what remains` }, amountFen: room - amount });
          amount = room;
        }
      }
      amountsByKindFen[kind] = amount;
    }
  }
  const amountFen = Object.values(amountsByKindFen).reduce((sum, fen) => sum + (fen ?? 0), 0);
  return { eligible, ...(tier ? { tier } : {}), amountFen, policyVersion: input.policyVersion, checks, computation, amountsByKindFen };
}

/** The TIER check alone: the household's facts against 低保, its multiple and accident costs (the hardship file opens on it too). */
export function tierCheck(details: Pick<HardshipReliefDetails, 'household'>, p: HardshipReliefParameters): { tier: Tier | undefined; check: Check } {
  const perHead = perHeadMonthlyFen(details);
  const relativeLine = fenTimesRatio(p.dibaoMonthlyFen, p.relativeMultiplier);
  const tier = hardshipTier(details, p);
  const income = details.household.members.reduce((sum, m) => sum + m.annualIncomeFen, 0);
  const netAccident = details.household.accidentCostFen - details.household.compensationFen;
  const tierFacts = { perHeadMonthlyFen: perHead, dibaoMonthlyFen: p.dibaoMonthlyFen, relativeLineFen: relativeLine, householdSize: details.household.members.length, annualIncomeFen: income, netAccidentCostFen: netAccident, tier: tier ?? null };
  const result =
    tier === 'DEEP'
      ? check('TIER', true, tierFacts, { zh: `家庭人均月收入 ${formatYuan(perHead)} 低于本地低保标准 ${formatYuan(p.dibaoMonthlyFen)}：深度困难`, en: `Monthly income per head of ${formatYuan(perHead)} is below the local dibao of ${formatYuan(p.dibaoMonthlyFen)}: deep hardship` })
      : tier === 'RELATIVE'
        ? check('TIER', true, tierFacts, { zh: `家庭人均月收入 ${formatYuan(perHead)} 低于本地低保标准 ${formatYuan(p.dibaoMonthlyFen)} 的 ${p.relativeMultiplier} 倍：相对困难`, en: `Monthly income per head of ${formatYuan(perHead)} is below ${p.relativeMultiplier} × the local dibao of ${formatYuan(p.dibaoMonthlyFen)}: relative hardship` })
        : tier === 'ACCIDENT'
          ? check('TIER', true, tierFacts, { zh: `本年意外支出扣除赔偿后 ${formatYuan(netAccident)}，超过家庭年收入 ${formatYuan(income)} 的 ${p.accidentCostShare * 100}%：意外致困`, en: `This year's accident costs after compensation, ${formatYuan(netAccident)}, exceed ${p.accidentCostShare * 100}% of the household's income of ${formatYuan(income)}: accident-caused hardship` })
          : check('TIER', false, tierFacts, { zh: `家庭人均月收入 ${formatYuan(perHead)} 不低于低保标准的 ${p.relativeMultiplier} 倍（${formatYuan(relativeLine)}），且无重大意外支出`, en: `Monthly income per head of ${formatYuan(perHead)} is not below ${p.relativeMultiplier} × the dibao (${formatYuan(relativeLine)}), and there are no large accident costs` });
  return { tier, check: result };
}
