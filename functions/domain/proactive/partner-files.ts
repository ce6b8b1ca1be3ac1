import type { Message } from '../message.ts';
import { residentIdProblem } from '../id-number.ts';
import { splitCsvLine, unwrapTextCell } from '../finance/csv.ts';
import { parseYuan } from '../finance/yuan.ts';
import { schoolKinds, schoolLevels } from '../programs/autumn-aid/details.ts';

/**
 * 免申即享: the data files partner agencies send, as CSV (UTF-8, a header line, one record a line).
 * - `hospital-stays` (医保住院记录), from medical insurance: who, admission and discharge dates, hospital, self-paid amount;
 * - `dibao-list` (低保名单), from civil affairs: everyone on the minimum-living list now;
 * - `admissions` (新生录取名单): children newly admitted to university, with the parent who is a member.
 * A person is named by one of: their resident ID number (hashed on import, never kept), the keyed
 * hash of it the union gave the agency, or their union member number.
 */
export const partnerFileKinds = ['hospital-stays', 'dibao-list', 'admissions'] as const;
export type PartnerFileKind = (typeof partnerFileKinds)[number];

/** Who a record is about, as the file names them. */
export type PersonRef = { idNumber: string } | { idHash: string } | { memberNumber: string };

export interface HospitalStayRecord {
  line: number;
  person: PersonRef;
  admittedOn: string;
  dischargedOn: string;
  hospital: string;
  selfPaidFen: number;
}

export interface DibaoRecord {
  line: number;
  person: PersonRef;
}

export interface AdmissionRecord {
  line: number;
  /** The parent, a union member. */
  person: PersonRef;
  child: { name: string; idNumber: string; school: string; schoolKind: (typeof schoolKinds)[number]; level: (typeof schoolLevels)[number]; admissionYear: number };
}

export type PartnerRecords =
  | { kind: 'hospital-stays'; records: HospitalStayRecord[] }
  | { kind: 'dibao-list'; records: DibaoRecord[] }
  | { kind: 'admissions'; records: AdmissionRecord[] };

export interface LineProblem {
  /** 1-based line of the file (the header is line 1); 0 for the file as a whole. */
  line: number;
  column?: string;
  message: Message;
}

export interface ColumnSpec {
  name: string;
  /** Header names accepted besides `name` (compared without spaces or case). */
  aliases: string[];
  required: boolean;
  description: Message;
}

const person: ColumnSpec[] = [
  { name: 'idNumber', aliases: ['身份证号', '公民身份号码'], required: false, description: { zh: '18 位居民身份证号（导入时即做密钥哈希，不保存原号）', en: '18-character resident ID number (hashed with the key on import; the number is never kept)' } },
  { name: 'idHash', aliases: ['身份证哈希'], required: false, description: { zh: '工会提供给合作单位的身份证号哈希', en: 'the hash of the ID number the union gave the agency' } },
  { name: 'memberNumber', aliases: ['会员号', '会员编号'], required: false, description: { zh: '工会会员号；以上三列每行至少填一列', en: 'union member number; each line fills at least one of these three' } },
];

/** The columns of each kind, as the README and the officials' page describe them. */
export const partnerFileColumns: Record<PartnerFileKind, ColumnSpec[]> = {
  'hospital-stays': [
    ...person,
    { name: 'admittedOn', aliases: ['入院日期'], required: true, description: { zh: '入院日期，年-月-日', en: 'date of admission, YYYY-MM-DD' } },
    { name: 'dischargedOn', aliases: ['出院日期'], required: true, description: { zh: '出院日期，年-月-日，不早于入院日期', en: 'date of discharge, YYYY-MM-DD, not before admission' } },
    { name: 'hospital', aliases: ['医院', '医疗机构'], required: true, description: { zh: '医院名称', en: 'the hospital' } },
    { name: 'selfPaid', aliases: ['个人自付', '自付金额', '个人自付(元)'], required: true, description: { zh: '个人自付金额（元，如 1234.50）', en: 'the self-paid amount in yuan, e.g. 1234.50' } },
  ],
  'dibao-list': [...person, { name: 'name', aliases: ['姓名'], required: false, description: { zh: '姓名（仅供核对，不保存）', en: 'name (for checking only, not kept)' } }],
  admissions: [
    ...person.map((column) => ({ ...column, description: { zh: `家长（会员）的${column.description.zh}`, en: `the parent's (the member's) ${column.description.en}` } })),
    { name: 'childName', aliases: ['学生姓名'], required: true, description: { zh: '学生姓名', en: "the student's name" } },
    { name: 'childIdNumber', aliases: ['学生身份证号'], required: true, description: { zh: '学生的 18 位身份证号', en: "the student's 18-character ID number" } },
    { name: 'school', aliases: ['学校', '录取学校'], required: true, description: { zh: '录取学校', en: 'the school' } },
    { name: 'level', aliases: ['层次', '录取层次'], required: true, description: { zh: `层次：${schoolLevels.join(' / ')}`, en: `level: ${schoolLevels.join(' / ')}` } },
    { name: 'schoolKind', aliases: ['办学性质'], required: false, description: { zh: `办学性质（默认 public）：${schoolKinds.join(' / ')}`, en: `kind of school (public if empty): ${schoolKinds.join(' / ')}` } },
    { name: 'admissionYear', aliases: ['录取年份'], required: true, description: { zh: '录取年份，如 2026', en: 'year of admission, e.g. 2026' } },
  ],
};

export const partnerFileNames: Record<PartnerFileKind, Message> = {
  'hospital-stays': { zh: '医保住院记录', en: 'Hospital stays (medical insurance)' },
  'dibao-list': { zh: '民政低保名单', en: 'Dibao list (civil affairs)' },
  admissions: { zh: '新生录取名单', en: 'New university admissions' },
};

/** More lines than this is not one agency's monthly file: refused whole. */
export const MAX_RECORDS = 20_000;

const normalise = (header: string) => header.replace(/^\uFEFF/, '').replace(/[\s()（）]/g, '').toLowerCase();
const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

/**
 * Reads a partner file whole: every problem with its line, or every record. Nothing is read into
 * records when any line has a problem (the caller writes nothing then). `today` (Shanghai date)
 * bounds dates: a stay cannot end in the future.
 */
export function parsePartnerFile(kind: PartnerFileKind, text: string, today: string): { records: PartnerRecords } | { problems: LineProblem[] } {
  const columns = partnerFileColumns[kind];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: LineProblem[] = [];
  const header = splitCsvLine(lines[0] ?? '') ?? [];
  const index = new Map<string, number>();
  header.forEach((cell, position) => {
    const spec = columns.find((column) => [column.name, ...column.aliases].map(normalise).includes(normalise(cell)));
    if (spec && !index.has(spec.name)) index.set(spec.name, position);
  });
  for (const column of columns.filter((c) => c.required && !index.has(c.name))) {
    problems.push({ line: 1, column: column.name, message: { zh: `第 1 行（表头）缺少“${column.name}”列（${column.description.zh}）`, en: `Line 1 (the header) lacks the column "${column.name}" (${column.description.en})` } });
  }
  if (!['idNumber', 'idHash', 'memberNumber'].some((name) => index.has(name))) {
    problems.push({ line: 1, column: 'idNumber', message: { zh: '第 1 行（表头）须有 idNumber、idHash 或 memberNumber 中的一列', en: 'Line 1 (the header) needs one of the columns idNumber, idHash or memberNumber' } });
  }
  if (problems.length) return { problems };

  const records: unknown[] = [];
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trim() === '') continue;
    const line = i + 1;
    const cells = splitCsvLine(raw);
    const say = (column: string | undefined, message: Message) => problems.push({ line, ...(column ? { column } : {}), message: { zh: `第 ${line} 行：${message.zh}`, en: `Line ${line}: ${message.en}` } });
    if (!cells) {
      say(undefined, { zh: '引号未闭合', en: 'a quote is not closed' });
      continue;
    }
    const cell = (name: string) => {
      const position = index.get(name);
      return position === undefined ? '' : unwrapTextCell((cells[position] ?? '').trim());
    };
    const before = problems.length;
    const personRef = readPerson(cell, say, today);
    if (kind === 'hospital-stays') {
      const admittedOn = cell('admittedOn');
      const dischargedOn = cell('dischargedOn');
      if (!isDate(admittedOn)) say('admittedOn', { zh: `入院日期“${admittedOn}”应写成年-月-日`, en: `the admission date "${admittedOn}" is not YYYY-MM-DD` });
      if (!isDate(dischargedOn)) say('dischargedOn', { zh: `出院日期“${dischargedOn}”应写成年-月-日`, en: `the discharge date "${dischargedOn}" is not YYYY-MM-DD` });
      else if (dischargedOn > today) say('dischargedOn', { zh: `出院日期 ${dischargedOn} 晚于今天`, en: `the discharge date ${dischargedOn} is after today` });
      if (isDate(admittedOn) && isDate(dischargedOn) && dischargedOn < admittedOn) say('dischargedOn', { zh: '出院日期早于入院日期', en: 'discharge is before admission' });
      const hospital = cell('hospital');
      if (!hospital || hospital.length > 100) say('hospital', { zh: '医院名称为空或过长', en: 'the hospital is empty or too long' });
      const paid = parseYuan(cell('selfPaid'));
      if ('problem' in paid) say('selfPaid', paid.problem);
      else if (paid.fen < 0) say('selfPaid', { zh: '自付金额不能为负数', en: 'the self-paid amount cannot be negative' });
      if (problems.length === before && personRef && 'fen' in paid) records.push({ line, person: personRef, admittedOn, dischargedOn, hospital, selfPaidFen: paid.fen } satisfies HospitalStayRecord);
    } else if (kind === 'dibao-list') {
      if (problems.length === before && personRef) records.push({ line, person: personRef } satisfies DibaoRecord);
    } else {
      const childName = cell('childName');
      const childIdNumber = cell('childIdNumber').toUpperCase();
      const school = cell('school');
      const level = cell('level');
      const schoolKind = cell('schoolKind') || 'public';
      const year = cell('admissionYear');
      if (!childName || childName.length > 50) say('childName', { zh: '学生姓名为空或过长', en: "the student's name is empty or too long" });
      const idProblem = residentIdProblem(childIdNumber, today);
      if (idProblem) say('childIdNumber', { zh: `学生身份证号：${idProblem.zh}`, en: `the student's ID number: ${idProblem.en}` });
      if (school.length < 2 || school.length > 100) say('school', { zh: '学校名称为空或过长', en: 'the school is empty or too long' });
      if (!(schoolLevels as readonly string[]).includes(level)) say('level', { zh: `层次“${level}”应为 ${schoolLevels.join('、')} 之一`, en: `the level "${level}" is not one of ${schoolLevels.join(', ')}` });
      if (!(schoolKinds as readonly string[]).includes(schoolKind)) say('schoolKind', { zh: `办学性质“${schoolKind}”应为 ${schoolKinds.join('、')} 之一`, en: `the kind of school "${schoolKind}" is not one of ${schoolKinds.join(', ')}` });
      if (!/^\d{4}$/.test(year)) say('admissionYear', { zh: `录取年份“${year}”应为四位数字`, en: `the admission year "${year}" is not four digits` });
      if (problems.length === before && personRef) {
        records.push({
          line,
          person: personRef,
          child: { name: childName, idNumber: childIdNumber, school, level: level as AdmissionRecord['child']['level'], schoolKind: schoolKind as AdmissionRecord['child']['schoolKind'], admissionYear: Number(year) },
        } satisfies AdmissionRecord);
      }
    }
  }
  if (records.length === 0 && problems.length === 0) problems.push({ line: 0, message: { zh: '文件中没有记录', en: 'The file has no records' } });
  if (records.length > MAX_RECORDS) problems.push({ line: 0, message: { zh: `记录超过 ${MAX_RECORDS} 行，请分开导入`, en: `More than ${MAX_RECORDS} records; import them in parts` } });
  if (problems.length) return { problems };
  return { records: { kind, records } as PartnerRecords };
}

function readPerson(cell: (name: string) => string, say: (column: string | undefined, message: Message) => void, today: string): PersonRef | undefined {
  const idNumber = cell('idNumber').toUpperCase();
  const idHash = cell('idHash').toLowerCase();
  const memberNumber = cell('memberNumber');
  if (idNumber) {
    const problem = residentIdProblem(idNumber, today);
    if (problem) {
      say('idNumber', problem);
      return undefined;
    }
    return { idNumber };
  }
  if (idHash) {
    if (!/^(\d+\.)?[0-9a-f]{64}$/.test(idHash)) {
      say('idHash', { zh: '身份证哈希应为 64 位十六进制（可带版本前缀，如 2.）', en: 'the ID hash is 64 hex digits (with a version prefix such as 2. if any)' });
      return undefined;
    }
    return { idHash };
  }
  if (memberNumber) {
    if (memberNumber.length > 40) {
      say('memberNumber', { zh: '会员号过长', en: 'the member number is too long' });
      return undefined;
    }
    return { memberNumber };
  }
  say('idNumber', { zh: '身份证号、身份证哈希和会员号都为空', en: 'the ID number, ID hash and member number are all empty' });
  return undefined;
}
