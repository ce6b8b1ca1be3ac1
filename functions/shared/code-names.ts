/**
 * The platform's coded values in words, zh-CN and English: the forms offer them by these names,
 * pages show answers and statuses by them, and validation messages list the choices by them, so
 * that no code (an enum value) reaches a reader. Each table is one enum of the code; a unit test
 * checks that every enum of the programs' schemas has its table here, with exactly its codes.
 */
type Names = Record<string, [string, string]>;

export const categoryText = {
  'filed-hardship': ['建档困难职工家庭', 'Filed hardship worker family'],
  'hardship-migrant': ['困难农民工家庭', 'Migrant worker family in hardship'],
  'new-employment-form': ['困难新就业形态劳动者（快递员、网约车司机、外卖骑手等）', 'New-employment-form worker in hardship (courier, ride-hailing, delivery)'],
  'temporary-hardship': ['因病、意外或低收入临时困难（未建档）', 'Temporary hardship from illness, accident or low income (not filed)'],
  'work-injury-family': ['工亡或工伤致残职工家庭', 'Family of a worker killed or disabled at work'],
} satisfies Names;

export const levelText = {
  postgraduate: ['研究生', 'Postgraduate'],
  undergraduate: ['本科', 'Undergraduate'],
  'vocational-college': ['高职高专', 'Vocational college'],
  'high-school': ['高中', 'High school'],
  'secondary-vocational': ['中职', 'Secondary vocational'],
} satisfies Names;

export const kindText = {
  public: ['普通公办院校', 'Ordinary public school'],
  military: ['军校', 'Military academy'],
  'free-normal': ['免费师范生', 'Free teacher training'],
  commissioned: ['定向生', 'Commissioned place'],
  'high-fee-private': ['高收费民办学校', 'High-fee private school'],
  'self-funded-abroad': ['自费出国留学', 'Self-funded study abroad'],
  'sino-foreign': ['中外合作办学', 'Sino-foreign programme'],
} satisfies Names;

export const relationText = {
  self: ['本人', 'Myself'],
  spouse: ['配偶', 'Spouse'],
  child: ['子女', 'Child'],
  parent: ['父母', 'Parent'],
  other: ['其他共同生活的家人', 'Other family living with us'],
} satisfies Names;

export const conditionText = {
  none: ['健康', 'In good health'],
  disability: ['残疾', 'Disabled'],
  'serious-illness': ['患重病', 'Seriously ill'],
} satisfies Names;

export const causeText = {
  illness: ['因病', 'Illness'],
  disability: ['因残', 'Disability'],
  unemployment: ['失业', 'Unemployment'],
  accident: ['意外', 'Accident'],
  disaster: ['灾害', 'Disaster'],
  schooling: ['子女上学', 'Children’s schooling'],
  'low-income': ['收入低', 'Low income'],
  other: ['其他', 'Other'],
} satisfies Names;

export const aidKindText = {
  living: ['生活救助', 'Living aid'],
  medical: ['医疗救助', 'Medical aid'],
  schooling: ['助学救助', 'Schooling aid'],
} satisfies Names;

export const studentLevelText = {
  'higher-education': ['大学（含高职）', 'University or college'],
  'high-school': ['高中（含中职）', 'High school'],
} satisfies Names;

export const planText = {
  'hospital-allowance': ['住院津贴', 'Hospital allowance'],
  'critical-illness': ['重大疾病', 'Critical illness'],
  'women-special': ['女职工特殊疾病', 'Women’s special diseases'],
  accident: ['意外伤害', 'Accident'],
} satisfies Names;

export const incidentKindText = {
  illness: ['疾病', 'Illness'],
  accident: ['意外', 'Accident'],
} satisfies Names;

export const accidentCauseText = {
  ordinary: ['一般意外（如跌倒、交通事故）', 'An ordinary accident (a fall, a traffic accident)'],
  'self-harm': ['自伤', 'Self-harm'],
  crime: ['本人违法犯罪', 'Own crime'],
  'drunk-driving': ['酒后驾驶', 'Drunk driving'],
  'unlicensed-driving': ['无证驾驶', 'Driving without a licence'],
  war: ['战争、军事行动', 'War or military action'],
  earthquake: ['地震', 'Earthquake'],
} satisfies Names;

export const womenCategoryText = {
  A: ['A 类', 'Category A'],
  B: ['B 类', 'Category B'],
  C: ['C 类', 'Category C'],
  D: ['D 类', 'Category D'],
} satisfies Names;

/** Hardship-relief tiers, as decisions carry them. */
export const tierText = {
  DEEP: ['深度困难', 'Deep hardship'],
  RELATIVE: ['相对困难', 'Relative hardship'],
  ACCIDENT: ['意外致困', 'Accident-caused hardship'],
} satisfies Names;

/** Documents of every program, by kind. */
export const documentNames = {
  'admission-letter': ['录取通知书', 'Admission letter'],
  'hardship-proof': ['困难证明', 'Proof of hardship'],
  'income-proof': ['家庭收入证明', 'Proof of household income'],
  'medical-bills': ['医疗费用票据', 'Medical bills'],
  diagnosis: ['诊断证明', 'Diagnosis'],
  'hospital-bills': ['住院费用票据', 'Hospital bills'],
  'discharge-summary': ['出院小结', 'Discharge summary'],
  'accident-report': ['事故证明', 'Accident report'],
  other: ['其他材料', 'Other document'],
  'consent-form': ['本人签字的委托申请书', 'Signed consent form'],
  'signed-receipt': ['受助人签收单', 'Receipt signed by the recipient'],
} satisfies Names;

export const statusNames = {
  SUBMITTED: ['已提交', 'Submitted'],
  CHECKING: ['资格审核中', 'Checking eligibility'],
  INELIGIBLE: ['不符合条件', 'Not eligible'],
  PENDING_APPROVAL: ['审批中', 'Awaiting approval'],
  REJECTED: ['未通过', 'Rejected'],
  PUBLIC_NOTICE: ['公示中', 'On public notice'],
  APPROVED: ['已批准', 'Approved'],
  AWAITING_BUDGET: ['等待预算', 'Awaiting budget'],
  DISBURSING: ['发放中', 'Being paid'],
  PAID: ['已发放', 'Paid'],
  PAYMENT_FAILED: ['发放失败', 'Payment failed'],
  WITHDRAWN: ['已撤回', 'Withdrawn'],
  NEEDS_ATTENTION: ['需人工处理', 'Needs attention'],
  DOCUMENTS_REQUESTED: ['待补充材料', 'Documents requested'],
  PROPOSED: ['待确认（免申即享）', 'Proposed: waiting for confirmation'],
  DECLINED: ['已谢绝', 'Declined'],
  EXPIRED: ['已过期', 'Expired'],
} satisfies Names;

/** 免申即享: the partner agencies' files, by kind. */
export const partnerFileText = {
  'hospital-stays': ['医保住院记录', 'Hospital stays (medical insurance)'],
  'dibao-list': ['民政低保名单', 'Dibao list (civil affairs)'],
  admissions: ['新生录取名单', 'New university admissions'],
} satisfies Names;

/** What a line of a partner file came to. */
export const partnerOutcomeText = {
  proposed: ['已生成提议', 'Proposed'],
  'already-proposed': ['此前已提议，不再重复', 'Proposed before; not again'],
  'claimed-by-hand': ['本人已申请', 'Already applied for by the worker'],
  'not-proposed': ['按规则不予提议', 'Nothing to propose by the rules'],
  'not-a-member': ['不是本单位会员', 'Not a member of your units'],
  'file-review': ['档案待复核', 'File to review'],
  warning: ['防返困预警', 'Return-to-hardship warning'],
  recorded: ['已记录', 'Recorded'],
} satisfies Names;

export const documentVerdictNames = {
  accepted: ['已确认', 'Accepted'],
  missing: ['缺少', 'Missing'],
  unreadable: ['看不清', 'Unreadable'],
} satisfies Names;

export const programNames = {
  'autumn-aid': ['金秋助学', 'Autumn education aid'],
  'hardship-relief': ['困难职工帮扶', 'Hardship relief'],
  'mutual-claim': ['职工互助保障', 'Mutual insurance claim'],
  'warmth-visits': ['送温暖', 'Warmth visits'],
} satisfies Names;

export const paymentStatusNames = {
  PENDING: ['待发放', 'Waiting for a batch'],
  BATCHED: ['银行处理中', 'With the bank'],
  PAID: ['已到账', 'Paid'],
  FAILED: ['转账失败', 'Transfer failed'],
} satisfies Names;

/** Who acted, as the history and audit trail name them beside the person. */
export const roleNames = {
  worker: ['职工', 'worker'],
  official: ['工会干部', 'union official'],
  finance: ['财务', 'finance'],
  admin: ['管理员', 'administrator'],
  system: ['系统', 'system'],
} satisfies Names;

/** 困难职工档案: a file's state, why it was closed, what an official records on it, where its tier came from. */
export const fileStateText = {
  OPEN: ['在档', 'On file'],
  TEMPORARY: ['临时救助', 'Temporary relief'],
  CLOSED: ['已退档', 'Closed'],
  CANCELLED: ['临时救助已结束', 'Temporary relief ended'],
} satisfies Names;

export const closeReasonText = {
  'income-above-line': ['收入已超过困难标准（脱困）', 'Income above the hardship line (out of hardship)'],
  'moved-away': ['已迁出本地', 'Moved away'],
  deceased: ['户主已去世', 'The head of household has died'],
  'found-ineligible': ['经核实不符合条件', 'Found not to qualify'],
} satisfies Names;

export const fileEntryKindText = {
  visit: ['走访', 'Visit'],
  note: ['备注', 'Note'],
} satisfies Names;

export const tierSourceText = {
  application: ['困难职工帮扶申请审批通过', 'An approved hardship-relief application'],
  official: ['工会干部核定', 'Decided by a union official'],
  region: ['平台上线前的原有档案', 'A file kept before the platform'],
  review: ['年度复核', 'The yearly review'],
} satisfies Names;

export const reviewStateText = {
  PENDING: ['待复核', 'To be reviewed'],
  DONE: ['已复核', 'Reviewed'],
  OVERDUE: ['逾期未复核', 'Overdue'],
} satisfies Names;

export const reviewOutcomeText = {
  confirmed: ['类别不变', 'Tier stands'],
  retiered: ['已调档', 'Re-tiered'],
  closed: ['已退档', 'Closed'],
} satisfies Names;

export const watchListText = {
  'unchanged-for-a-year': ['一年未更新的档案', 'Files unchanged for a year'],
  'not-helped-this-year': ['今年尚未获得帮扶的在档家庭', 'Filed households not helped this year'],
  'left-hardship-recently': ['近两年脱困家庭（防返困）', 'Households out of hardship in the last two years (watch for relapse)'],
} satisfies Names;

/** The entitlement ledger: what a benefit is for, and where it stands. */
export const purposeText = {
  living: ['生活', 'Living'],
  medical: ['医疗', 'Medical'],
  schooling: ['助学', 'Schooling'],
  festival: ['节日慰问', 'Festival'],
} satisfies Names;

export const ledgerStateText = {
  RESERVED: ['已批准待发放', 'Approved, to be paid'],
  PAID: ['已发放', 'Paid'],
} satisfies Names;

/** How a warmth-visits grant is handed over. */
export const deliveryText = {
  'bank-transfer': ['银行转账', 'Bank transfer'],
  cash: ['现金（签收）', 'Cash (signed receipt)'],
  goods: ['慰问物资（签收）', 'Goods (signed receipt)'],
} satisfies Names;

export const decisionNames = {
  approve: ['同意', 'approve'],
  reject: ['不同意', 'reject'],
} satisfies Names;

/** Every enum above, each on its own: a message about a choice names it from the table of that choice. */
export const enumNames: readonly Names[] = [
  categoryText, levelText, kindText, relationText, conditionText, causeText, aidKindText, studentLevelText, planText,
  incidentKindText, accidentCauseText, womenCategoryText, tierText, documentNames, statusNames, programNames,
  paymentStatusNames, roleNames, decisionNames, documentVerdictNames, fileStateText, closeReasonText, fileEntryKindText, tierSourceText, purposeText, ledgerStateText, watchListText, reviewStateText, reviewOutcomeText, deliveryText, partnerFileText, partnerOutcomeText,
];

/**
 * The names of `values` in both languages, from the one table that has every one of them (the
 * smallest such, so `accident` as a plan reads 意外伤害 and as a cause 意外); undefined when none does.
 */
export function namesOfChoices(values: readonly unknown[]): { zh: string[]; en: string[] } | undefined {
  const codes = values.map((value) => String(value));
  const table = enumNames.filter((names) => codes.every((code) => code in names)).sort((a, b) => Object.keys(a).length - Object.keys(b).length)[0];
  if (!table) return undefined;
  return { zh: codes.map((code) => (table[code] as [string, string])[0]), en: codes.map((code) => (table[code] as [string, string])[1]) };
}

/** One code's name from a table, as a message in both languages; the code itself when the table lacks it. */
export function nameIn(names: Names, code: string): { zh: string; en: string } {
  const pair = names[code];
  return pair ? { zh: pair[0], en: pair[1] } : { zh: code, en: code };
}

/** A policy version as people say it: 2026年1月1日起施行的第1版 (never its id). */
export function policyVersionName(effectiveFrom: string, version: number): { zh: string; en: string } {
  const [year, month, day] = effectiveFrom.split('-').map(Number) as [number, number, number];
  const monthName = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, 1)));
  return { zh: `${year}年${month}月${day}日起施行的第${version}版`, en: `version ${version}, in force from ${day} ${monthName} ${year}` };
}
