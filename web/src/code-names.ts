import { autumnAidCategories, schoolKinds, schoolLevels } from '../../functions/domain/programs/autumn-aid/details.ts';
import { aidKinds, causes, conditions, relations, studentLevels } from '../../functions/domain/programs/hardship-relief/details.ts';
import { accidentCauses, mutualPlans } from '../../functions/domain/programs/mutual-claim/details.ts';
import { nameOf } from './i18n.ts';

/** The programs' form codes in words: the forms offer them, and officials read the answers by them. */

export const womenCategories = ['A', 'B', 'C', 'D'] as const;

export const categoryText: Record<(typeof autumnAidCategories)[number], [string, string]> = {
  'filed-hardship': ['建档困难职工家庭', 'Filed hardship worker family'],
  'hardship-migrant': ['困难农民工家庭', 'Migrant worker family in hardship'],
  'new-employment-form': ['困难新就业形态劳动者（快递员、网约车司机、外卖骑手等）', 'New-employment-form worker in hardship (courier, ride-hailing, delivery)'],
  'temporary-hardship': ['因病、意外或低收入临时困难（未建档）', 'Temporary hardship from illness, accident or low income (not filed)'],
  'work-injury-family': ['工亡或工伤致残职工家庭', 'Family of a worker killed or disabled at work'],
};

export const levelText: Record<(typeof schoolLevels)[number], [string, string]> = {
  postgraduate: ['研究生', 'Postgraduate'],
  undergraduate: ['本科', 'Undergraduate'],
  'vocational-college': ['高职高专', 'Vocational college'],
  'high-school': ['高中', 'High school'],
  'secondary-vocational': ['中职', 'Secondary vocational'],
};

export const kindText: Record<(typeof schoolKinds)[number], [string, string]> = {
  public: ['普通公办院校', 'Ordinary public school'],
  military: ['军校', 'Military academy'],
  'free-normal': ['免费师范生', 'Free teacher training'],
  commissioned: ['定向生', 'Commissioned place'],
  'high-fee-private': ['高收费民办学校', 'High-fee private school'],
  'self-funded-abroad': ['自费出国留学', 'Self-funded study abroad'],
  'sino-foreign': ['中外合作办学', 'Sino-foreign programme'],
};

export const relationText: Record<(typeof relations)[number], [string, string]> = {
  self: ['本人', 'Myself'],
  spouse: ['配偶', 'Spouse'],
  child: ['子女', 'Child'],
  parent: ['父母', 'Parent'],
  other: ['其他共同生活的家人', 'Other family living with us'],
};

export const conditionText: Record<(typeof conditions)[number], [string, string]> = {
  none: ['健康', 'In good health'],
  disability: ['残疾', 'Disabled'],
  'serious-illness': ['患重病', 'Seriously ill'],
};

export const causeText: Record<(typeof causes)[number], [string, string]> = {
  illness: ['因病', 'Illness'],
  disability: ['因残', 'Disability'],
  unemployment: ['失业', 'Unemployment'],
  accident: ['意外', 'Accident'],
  disaster: ['灾害', 'Disaster'],
  schooling: ['子女上学', 'Children’s schooling'],
  'low-income': ['收入低', 'Low income'],
  other: ['其他', 'Other'],
};

export const aidKindText: Record<(typeof aidKinds)[number], [string, string]> = {
  living: ['生活救助', 'Living aid'],
  medical: ['医疗救助', 'Medical aid'],
  schooling: ['助学救助', 'Schooling aid'],
};

export const studentLevelText: Record<(typeof studentLevels)[number], [string, string]> = {
  'higher-education': ['大学（含高职）', 'University or college'],
  'high-school': ['高中（含中职）', 'High school'],
};

export const planText: Record<(typeof mutualPlans)[number], [string, string]> = {
  'hospital-allowance': ['住院津贴', 'Hospital allowance'],
  'critical-illness': ['重大疾病', 'Critical illness'],
  'women-special': ['女职工特殊疾病', 'Women’s special diseases'],
  accident: ['意外伤害', 'Accident'],
};

export const accidentCauseText: Record<(typeof accidentCauses)[number], [string, string]> = {
  ordinary: ['一般意外（如跌倒、交通事故）', 'An ordinary accident (a fall, a traffic accident)'],
  'self-harm': ['自伤', 'Self-harm'],
  crime: ['本人违法犯罪', 'Own crime'],
  'drunk-driving': ['酒后驾驶', 'Drunk driving'],
  'unlicensed-driving': ['无证驾驶', 'Driving without a licence'],
  war: ['战争、军事行动', 'War or military action'],
  earthquake: ['地震', 'Earthquake'],
};

export const womenCategoryText: Record<(typeof womenCategories)[number], [string, string]> = {
  A: ['A 类', 'Category A'],
  B: ['B 类', 'Category B'],
  C: ['C 类', 'Category C'],
  D: ['D 类', 'Category D'],
};

/** Hardship-relief tiers, as decisions carry them. */
export const tierText: Record<string, [string, string]> = {
  DEEP: ['深度困难', 'Deep hardship'],
  RELATIVE: ['相对困难', 'Relative hardship'],
  ACCIDENT: ['意外致困', 'Accident-caused hardship'],
};

export const tierName = (tier: string | undefined | null): string => (tier ? nameOf(tierText, tier) : '—');

/** Documents of every program, by kind. */
export const documentNames: Record<string, [string, string]> = {
  'admission-letter': ['录取通知书', 'Admission letter'],
  'hardship-proof': ['困难证明', 'Proof of hardship'],
  'income-proof': ['家庭收入证明', 'Proof of household income'],
  'medical-bills': ['医疗费用票据', 'Medical bills'],
  diagnosis: ['诊断证明', 'Diagnosis'],
  'hospital-bills': ['住院费用票据', 'Hospital bills'],
  'discharge-summary': ['出院小结', 'Discharge summary'],
  'accident-report': ['事故证明', 'Accident report'],
  other: ['其他材料', 'Other document'],
};

/** Every code above by itself, for showing an answer whose field is not known in advance. */
export const codeNames: Record<string, [string, string]> = {
  ...categoryText,
  ...levelText,
  ...kindText,
  ...relationText,
  ...conditionText,
  ...causeText,
  ...aidKindText,
  ...studentLevelText,
  ...planText,
  ...accidentCauseText,
};
