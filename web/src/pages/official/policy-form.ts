import { diseaseNames } from '../../../../functions/domain/programs/mutual-claim/diseases.ts';
import { fenToYuanString, parseYuan } from '../../../../functions/domain/finance/yuan.ts';
import { accidentCauseText, deliveryText, kindText, levelText, studentLevelText, tierText } from '../../../../functions/shared/code-names.ts';
import { typedWholeNumber } from '../../../../functions/shared/typed-number.ts';

/**
 * The policy editor's form: each program's parameters as labelled fields, grouped as its rules
 * read (shared/programs/*.md), amounts in yuan. The form edits a copy of the version in force:
 * what it has no field for (a plan's formula and whether it covers illness, which define the
 * plan rather than its figures) is kept as it is.
 */
type Label = [string, string];
type Names = Record<string, Label>;

export type FieldSpec =
  | { path: string; label: Label; kind: 'yuan' | 'count' | 'ratio' | 'percent' | 'monthDay'; hint?: Label; optional?: boolean }
  | { path: string; label: Label; kind: 'choices'; names: Names }
  | { path: string; label: Label; kind: 'levels' };

export interface GroupSpec {
  title: Label;
  fields: FieldSpec[];
}

const approvalLevelNames: Names = { '1': ['基层工会', 'Grassroots union'], '2': ['区（县）总工会', 'District federation'], '3': ['市总工会', 'City federation'] };

const approvals = (extra: FieldSpec[]): GroupSpec => ({
  title: ['审批、公示与申诉', 'Approval, public notice and appeal'],
  fields: [
    { path: 'approvalLevels', label: ['审批层级', 'Approval levels'], kind: 'levels' },
    ...extra,
    { path: 'publicNoticeDays', label: ['公示天数', 'Days of public notice'], kind: 'count' },
    { path: 'approvalDays', label: ['每级审批时限（天）', 'Days for each approval level'], kind: 'count', optional: true, hint: ['可不填，默认 7 天', 'Optional; 7 days if empty'] },
    { path: 'appealDays', label: ['申诉期限（天）', 'Days to appeal'], kind: 'count', optional: true, hint: ['可不填，默认 30 天', 'Optional; 30 days if empty'] },
  ],
});

const schoolLevels = Object.keys(levelText);
const tiers = Object.keys(tierText);

export const policyForms: Record<string, GroupSpec[]> = {
  'autumn-aid': [
    { title: ['申请期', 'When to apply'], fields: [
      { path: 'opensOn', label: ['开始（月-日）', 'Opens (month-day)'], kind: 'monthDay' },
      { path: 'closesOn', label: ['截止（月-日）', 'Closes (month-day)'], kind: 'monthDay' },
    ] },
    { title: ['收入条件', 'Income condition'], fields: [
      { path: 'dibaoAnnualFen', label: ['当地低保标准（元/人·年）', 'Local minimum living standard (yuan a person a year)'], kind: 'yuan' },
      { path: 'incomeMultiplierOfDibao', label: ['家庭人均收入上限（低保标准的倍数）', 'Income limit per head (times the standard)'], kind: 'ratio' },
    ] },
    { title: ['资助范围', 'Who is covered'], fields: [
      { path: 'eligibleLevels', label: ['资助的学段', 'Levels of school covered'], kind: 'choices', names: levelText },
      { path: 'excludedSchoolKinds', label: ['不予资助的院校类型', 'Kinds of school not covered'], kind: 'choices', names: kindText },
    ] },
    { title: ['资助标准（元）', 'Amounts (yuan)'], fields: [
      ...schoolLevels.map((level): FieldSpec => ({ path: `amounts.filed.${level}`, label: [`建档困难家庭 · ${levelText[level as keyof typeof levelText][0]}`, `Filed hardship family · ${levelText[level as keyof typeof levelText][1]}`], kind: 'yuan', optional: true })),
      ...schoolLevels.map((level): FieldSpec => ({ path: `amounts.not-filed.${level}`, label: [`未建档家庭 · ${levelText[level as keyof typeof levelText][0]}`, `Family not filed · ${levelText[level as keyof typeof levelText][1]}`], kind: 'yuan', optional: true })),
    ] },
    { title: ['免申即享（依录取名单主动发起）', 'Proactive grants (from the admissions list)'], fields: [
      { path: 'proactive.confirmDays', label: ['职工确认期限（天）', 'Days for the worker to confirm'], kind: 'count' },
      { path: 'proactive.zeroTouchLevels', label: ['由工会整批确认、无需职工操作的学段', 'Levels the union confirms as a list, with nothing for the worker to do'], kind: 'choices', names: levelText },
    ] },
    approvals([]),
  ],
  'hardship-relief': [
    { title: ['困难认定', 'Who is in hardship'], fields: [
      { path: 'dibaoMonthlyFen', label: ['当地低保标准（元/人·月）', 'Local minimum living standard (yuan a person a month)'], kind: 'yuan' },
      { path: 'relativeMultiplier', label: ['相对困难：人均收入上限（低保标准的倍数）', 'Relative hardship: income limit (times the standard)'], kind: 'ratio' },
      { path: 'accidentCostShare', label: ['意外致困：自付费用占家庭年收入的倍数', 'Accident: costs borne, as a multiple of the yearly income'], kind: 'ratio' },
      { path: 'minLabourMonths', label: ['农民工最少务工月数', 'Migrant workers: fewest months in work'], kind: 'count' },
    ] },
    { title: ['生活救助（按低保标准的月数）', 'Living aid (months of the standard)'], fields: tiers.map((tier): FieldSpec => ({ path: `livingMonths.${tier}`, label: [tierText[tier as keyof typeof tierText][0], tierText[tier as keyof typeof tierText][1]], kind: 'count' })) },
    { title: ['医疗与助学', 'Medical and schooling aid'], fields: [
      { path: 'medicalCapFen', label: ['医疗救助上限（元）', 'Medical aid cap (yuan)'], kind: 'yuan' },
      ...Object.keys(studentLevelText).map((level): FieldSpec => ({ path: `schoolingMonths.${level}`, label: [`助学：${studentLevelText[level as keyof typeof studentLevelText][0]}（月数）`, `Schooling: ${studentLevelText[level as keyof typeof studentLevelText][1]} (months)`], kind: 'count' })),
    ] },
    { title: ['困难职工档案年度复核与医疗年度上限', 'Yearly review of the hardship files, and the yearly medical cap'], fields: [
      { path: 'yearlyReview.startsOn', label: ['年度复核开始（月-日）', 'Yearly review starts (month-day)'], kind: 'monthDay' },
      { path: 'yearlyReview.deadlineDays', label: ['复核期限（天）', 'Days to complete the review'], kind: 'count' },
      { path: 'yearlyReview.spotCheckShare', label: ['上级工会抽查比例（%）', 'Share the union above spot-checks (%)'], kind: 'percent' },
      { path: 'householdMedicalCapFen', label: ['每户每年医疗类帮扶上限，各项目合计（元）', 'Medical benefits per household a year, all programs (yuan)'], kind: 'yuan', optional: true, hint: ['不填则只按本项目的医疗救助上限', 'Leave empty for this program’s own medical cap only'] },
      { path: 'returnToHardship.medicalShareOfIncome', label: ['防返困预警：全年自付医疗费用超过家庭年收入的比例（%）', 'Return-to-hardship warning: a year’s self-paid medical costs above this share of household income (%)'], kind: 'percent' },
    ] },
    approvals([
      { path: 'cityApprovalAboveFen', label: ['超过此金额须市总审批（元）', 'City approval above (yuan)'], kind: 'yuan' },
      { path: 'cityApprovalTiers', label: ['须市总审批的困难类别', 'Tiers the city approves'], kind: 'choices', names: tierText },
    ]),
  ],
  'mutual-claim': [
    { title: ['参保与等待期', 'Enrolment and waiting'], fields: [
      { path: 'enrollAgeLimit.male', label: ['参保年龄上限（男）', 'Oldest age to enrol (men)'], kind: 'count' },
      { path: 'enrollAgeLimit.female', label: ['参保年龄上限（女）', 'Oldest age to enrol (women)'], kind: 'count' },
      { path: 'exclusionDays', label: ['首次参保等待期（天）', 'Waiting period on first enrolment (days)'], kind: 'count' },
      { path: 'reducedUntilDay', label: ['减额给付至第几天', 'Reduced pay until day'], kind: 'count' },
      { path: 'reducedRatio', label: ['减额给付比例（%）', 'Reduced pay share (%)'], kind: 'percent' },
      { path: 'renewalGraceDays', label: ['续保宽限期（天）', 'Renewal grace (days)'], kind: 'count' },
      { path: 'claimDeadlineDays', label: ['申请时效（天）', 'Days to claim'], kind: 'count' },
    ] },
    { title: ['住院津贴', 'Hospital allowance'], fields: [
      { path: 'plans.hospital-allowance.premiumFen', label: ['每份保费（元）', 'Premium a unit (yuan)'], kind: 'yuan', optional: true },
      { path: 'plans.hospital-allowance.perDayFen', label: ['每天津贴（元）', 'Allowance a day (yuan)'], kind: 'yuan' },
      { path: 'plans.hospital-allowance.fromDay', label: ['自住院第几天起付', 'Paid from day'], kind: 'count' },
      { path: 'plans.hospital-allowance.capPerPeriodFen', label: ['每个保障期上限（元）', 'Cap a cover period (yuan)'], kind: 'yuan' },
      { path: 'proactive.confirmDays', label: ['免申即享：职工确认期限（天）', 'Proactive: days for the worker to confirm'], kind: 'count' },
      { path: 'proactive.zeroTouchUpToDays', label: ['免申即享：住院不超过几天由工会整批确认', 'Proactive: stays up to this many days the union confirms as a list'], kind: 'count', hint: ['0 表示都由职工本人确认', '0: the worker always confirms'] },
    ] },
    { title: ['重大疾病', 'Critical illness'], fields: [
      { path: 'plans.critical-illness.premiumFen', label: ['每份保费（元）', 'Premium a unit (yuan)'], kind: 'yuan', optional: true },
      { path: 'plans.critical-illness.perUnitFen', label: ['每份给付（元）', 'Paid a unit (yuan)'], kind: 'yuan' },
      { path: 'plans.critical-illness.maxUnits', label: ['最多份数', 'Most units'], kind: 'count' },
      { path: 'plans.critical-illness.diseases', label: ['保障的疾病', 'Diseases covered'], kind: 'choices', names: Object.fromEntries(Object.entries(diseaseNames).map(([code, name]) => [code, [name.zh, name.en]])) },
    ] },
    { title: ['女职工特殊疾病', 'Women’s special diseases'], fields: [
      { path: 'plans.women-special.premiumFen', label: ['每份保费（元）', 'Premium a unit (yuan)'], kind: 'yuan', optional: true },
      ...['A', 'B', 'C', 'D'].map((category): FieldSpec => ({ path: `plans.women-special.categoryFen.${category}`, label: [`${category} 类给付（元）`, `Category ${category} (yuan)`], kind: 'yuan' })),
    ] },
    { title: ['意外伤害', 'Accident'], fields: [
      { path: 'plans.accident.premiumFen', label: ['每份保费（元）', 'Premium a unit (yuan)'], kind: 'yuan', optional: true },
      { path: 'plans.accident.sumInsuredFen', label: ['保险金额（元）', 'Sum insured (yuan)'], kind: 'yuan' },
      ...Array.from({ length: 10 }, (_, index): FieldSpec => ({ path: `plans.accident.gradeRatios.${index}`, label: [`伤残 ${index + 1} 级给付比例（%）`, `Disability grade ${index + 1} (% paid)`], kind: 'percent' })),
      { path: 'plans.accident.dailyAllowanceFen', label: ['误工津贴（元/天）', 'Allowance a day off work (yuan)'], kind: 'yuan' },
      { path: 'plans.accident.maxAllowanceDays', label: ['误工津贴最多天数', 'Most days of allowance'], kind: 'count' },
      { path: 'excludedAccidentCauses', label: ['除外的意外原因', 'Causes not covered'], kind: 'choices', names: accidentCauseText },
    ] },
    approvals([{ path: 'secondReviewAboveFen', label: ['超过此金额须复核（元）', 'Second review above (yuan)'], kind: 'yuan' }]),
  ],
  // A campaign's name, window dates, funding sources and holiday calendar are kept as they are (no field here); the API takes them.
  'warmth-visits': [
    { title: ['慰问标准（元/户）', 'Standard per household (yuan)'], fields: tiers.map((tier): FieldSpec => ({ path: `standardsFen.${tier}`, label: [tierText[tier as keyof typeof tierText][0], tierText[tier as keyof typeof tierText][1]], kind: 'yuan', hint: ['填 0 表示不慰问该类家庭', '0: this tier is not visited'] })) },
    { title: ['发放方式', 'Delivery'], fields: [{ path: 'deliveries', label: ['可用的发放方式', 'Deliveries used'], kind: 'choices', names: deliveryText }] },
    {
      title: ['审批与公示', 'Approval and public notice'],
      fields: [
        { path: 'approvalLevels', label: ['审批层级', 'Approval levels'], kind: 'levels' },
        { path: 'publicNoticeWorkingDays', label: ['公示工作日数（至少 5 个）', 'Working days of public notice (5 or more)'], kind: 'count' },
        { path: 'approvalDays', label: ['每级审批时限（天）', 'Days for each approval level'], kind: 'count', optional: true, hint: ['可不填，默认 7 天', 'Optional; 7 days if empty'] },
        { path: 'appealDays', label: ['申诉期限（天）', 'Days to appeal'], kind: 'count', optional: true, hint: ['可不填，默认 30 天', 'Optional; 30 days if empty'] },
      ],
    },
  ],
};

export const levelChoices = approvalLevelNames;

/** What a field holds while being edited: its text, or the codes chosen. */
export type FieldValue = string | string[];

function get(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), value);
}

function set(target: Record<string, unknown>, path: string, value: unknown): void {
  if (value === undefined && get(target, path) === undefined) return;
  const keys = path.split('.');
  let node: Record<string, unknown> = target;
  for (const key of keys.slice(0, -1)) {
    if (!node[key] || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = keys.at(-1) as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/** Percent as written for a ratio (0.5 → "50"), without floating-point noise. */
const percentText = (ratio: number) => String(Math.round(ratio * 1_000_000) / 10_000);

/** The fields' values from a parameter version. */
export function formValues(program: string, parameters: Record<string, unknown>): Record<string, FieldValue> {
  const values: Record<string, FieldValue> = {};
  for (const field of (policyForms[program] ?? []).flatMap((group) => group.fields)) {
    const value = get(parameters, field.path);
    if (field.kind === 'choices') values[field.path] = Array.isArray(value) ? value.map(String) : [];
    else if (field.kind === 'levels') values[field.path] = Array.isArray(value) ? value.map(String) : [];
    else if (value === undefined || value === null) values[field.path] = '';
    else if (field.kind === 'yuan') values[field.path] = fenToYuanString(Number(value));
    else if (field.kind === 'percent') values[field.path] = percentText(Number(value));
    else values[field.path] = String(value);
  }
  return values;
}

const NUMBER = /^\d+(\.\d+)?$/;

/**
 * The parameters the fields say, on a copy of `base`, or the problem of each field that cannot be
 * read (by path, in zh and en). The server's schema checks the rest (ranges, at least one level).
 */
export function parametersFrom(program: string, base: Record<string, unknown>, values: Record<string, FieldValue>): { parameters: Record<string, unknown> } | { problems: Record<string, Label> } {
  const parameters = structuredClone(base);
  const problems: Record<string, Label> = {};
  for (const field of (policyForms[program] ?? []).flatMap((group) => group.fields)) {
    const value = values[field.path];
    if (field.kind === 'choices') {
      const chosen = Array.isArray(value) ? value : [];
      // A list the version leaves to its default (empty) stays so while nothing is chosen.
      set(parameters, field.path, chosen.length === 0 && get(base, field.path) === undefined ? undefined : chosen);
    }
    else if (field.kind === 'levels') set(parameters, field.path, (Array.isArray(value) ? value : []).map(Number).sort((a, b) => a - b));
    else {
      const text = typeof value === 'string' ? value.trim() : '';
      if (text === '') {
        // A figure the version leaves to its default stays so while its field is left empty.
        if (field.optional || get(base, field.path) === undefined) set(parameters, field.path, undefined);
        else problems[field.path] = ['请填写', 'Fill this in'];
        continue;
      }
      if (field.kind === 'yuan') {
        const parsed = parseYuan(text);
        if ('problem' in parsed) problems[field.path] = [parsed.problem.zh, parsed.problem.en];
        else set(parameters, field.path, parsed.fen);
      } else if (field.kind === 'count') {
        const count = typedWholeNumber(text);
        if (count === undefined) problems[field.path] = ['请填写整数', 'A whole number'];
        else set(parameters, field.path, count);
      } else if (field.kind === 'ratio' || field.kind === 'percent') {
        if (!NUMBER.test(text)) problems[field.path] = ['请只填数字，如 1.5', 'Numbers only, such as 1.5'];
        else set(parameters, field.path, field.kind === 'percent' ? Math.round(Number(text) * 10_000) / 1_000_000 : Number(text));
      } else if (!/^\d{2}-\d{2}$/.test(text)) problems[field.path] = ['请写成“月-日”，如 07-01', 'Write it month-day, such as 07-01'];
      else set(parameters, field.path, text);
    }
  }
  return Object.keys(problems).length ? { problems } : { parameters };
}

/** Every leaf path a form covers (a list's items count as its path), for the test that no parameter is left out. */
export const coveredPaths = (program: string): string[] => (policyForms[program] ?? []).flatMap((group) => group.fields.map((field) => field.path));
