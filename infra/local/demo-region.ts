import template from '../../functions/domain/demo-region.json' with { type: 'json' };
import { regionSchema, type Region } from '../../functions/domain/region.ts';

/** `seed`, `seed-55d`, `seed+1y-1d`: the seed day moved by whole days, months or years, in order. */
const FROM_SEED = /^seed((?:[+-]\d+[dmy])*)$/;
const OFFSET = /([+-]\d+)([dmy])/g;
/** `seed-year` (a number where the schema wants a year) or `seed-year-01-01` (a date in it). */
const IN_SEED_YEAR = /^seed-year(-\d{2}-\d{2})?$/;

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** A calendar date moved by `months`; the day of the month is kept, or the month's last day (29 Feb + 1 year → 28 Feb). */
function plusMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth).padStart(2, '0')}-${String(targetDay).padStart(2, '0')}`;
}

const plusDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** One relative date of the demo file on a given seed day (YYYY-MM-DD); anything else is returned as it is. */
export function resolveSeedDate(value: string, seedDay: string): string | number {
  const inYear = IN_SEED_YEAR.exec(value);
  if (inYear) return inYear[1] ? `${seedDay.slice(0, 4)}${inYear[1]}` : Number(seedDay.slice(0, 4));
  const fromSeed = FROM_SEED.exec(value);
  if (!fromSeed) return value;
  let date = seedDay;
  for (const [, amount, unit] of (fromSeed[1] ?? '').matchAll(OFFSET)) {
    const n = Number(amount);
    date = unit === 'd' ? plusDays(date, n) : plusMonths(date, unit === 'm' ? n : n * 12);
  }
  return date;
}

function resolveAll(value: unknown, seedDay: string): unknown {
  if (typeof value === 'string') return resolveSeedDate(value, seedDay);
  if (Array.isArray(value)) return value.map((item) => resolveAll(item, seedDay));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveAll(item, seedDay)]));
  return value;
}

/**
 * The demo org tree, people, starting parameters and budgets as seeded on `seedDay` (a Shanghai
 * date): functions/domain/demo-region.json writes its dates relative to that day (its "dates" entry
 * says how), so the stories it tells hold whenever `npm start` first runs. Read as any region is.
 */
export function demoRegion(seedDay: string): Region {
  return regionFromTemplate(template, seedDay);
}

/** The demo file itself, dates unresolved, for tools that extend it (the reliability suite's region of many workers). */
export const demoRegionTemplate = (): typeof template => structuredClone(template);

/** A region file in the demo file's format (dates relative to the seed day, or absolute), as seeded on `seedDay`. */
export function regionFromTemplate(file: unknown, seedDay: string): Region {
  return regionSchema.parse(resolveAll(file, seedDay));
}
