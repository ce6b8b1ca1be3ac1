import type { Message } from './message.ts';
import { parseSealed } from './sealed.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

/** The provinces' two-digit codes (GB/T 2260) that begin every address code; 83 is the code for residents from Taiwan. */
const PROVINCE_CODES = new Set(['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83']);

/**
 * Checks an 18-character resident ID number (GB 11643-1999): 17 digits beginning with a province's
 * address code, a real birth date at positions 7–14 not after `today`, and the ISO 7064 MOD 11-2
 * check character (0–9 or X). Returns the problem, if any.
 */
export function residentIdProblem(value: string, today?: string): Message | undefined {
  const id = value.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { zh: '身份证号应为 18 位（最后一位可为 X）', en: 'A resident ID number has 18 characters (the last may be X)' };
  if (!PROVINCE_CODES.has(id.slice(0, 2))) return { zh: `身份证号开头的地址码 ${id.slice(0, 6)} 无效`, en: `The address code ${id.slice(0, 6)} at the start of the ID number is not valid` };
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const date = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== birth || birth < '1900-01-01' || (today !== undefined && birth > today)) {
    return { zh: `身份证号中的出生日期 ${birth} 无效`, en: `The birth date ${birth} in the ID number is not valid` };
  }
  const sum = [...id.slice(0, 17)].reduce((total, digit, index) => total + Number(digit) * (WEIGHTS[index] as number), 0);
  if (CHECK_CHARACTERS[sum % 11] !== id[17]) return { zh: '身份证号校验位不正确，请核对', en: 'The check character of the ID number is wrong; please check the number' };
  return undefined;
}

/** The birth date (YYYY-MM-DD) of a valid resident ID number. */
export const birthDateOf = (id: string): string => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;

/** 110105********1234: the region code and the last four stay, the birth date and sequence do not (a sealed one keeps its masked form). */
export function maskIdNumber(id: string): string {
  const sealed = parseSealed(id);
  if (sealed) return sealed.masked;
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** Only the last four digits of a bank account are shown. */
export function maskBankAccount(number: string): string {
  const sealed = parseSealed(number);
  if (sealed) return sealed.masked;
  if (number.length <= 4) return number;
  return `${'*'.repeat(number.length - 4)}${number.slice(-4)}`;
}
