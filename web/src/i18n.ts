import { shanghaiDate } from '../../functions/shared/dates.ts';
import type { Message } from '../../functions/shared/i18n.ts';
import { paymentStatusNames, programNames, statusNames } from '../../functions/shared/code-names.ts';
import { platformNow } from './clock.ts';

export { programNames, statusNames };

export type Lang = 'zh-CN' | 'en';

const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('warmth.lang') : null;
/** The reader's language: zh-CN unless they chose English (remembered on this device). */
export const lang = { value: (stored === 'en' ? 'en' : 'zh-CN') as Lang };

const listeners = new Set<() => void>();
export const onLangChange = (listener: () => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function setLang(next: Lang): void {
  lang.value = next;
  localStorage.setItem('warmth.lang', next);
  document.documentElement.lang = next;
  for (const listener of listeners) listener();
}

/** A text in both languages; the reader's choice picks one. */
export const t = (zh: string, en: string): string => (lang.value === 'en' ? en : zh);

/** A message the platform carries in both languages (a schema's problem, a unit's name), in the reader's. */
export const say = (message: Message): string => t(message.zh, message.en);

const shanghai = () => new Intl.DateTimeFormat(lang.value === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' });

/** The platform's today in Asia/Shanghai (YYYY-MM-DD), `plus` days later: the server compares dates in that zone. */
export function shanghaiToday(plus = 0): string {
  return shanghaiDate(new Date(platformNow() + plus * 86_400_000).toISOString());
}

/** A calendar date (YYYY-MM-DD, already a Shanghai date) in the reader's language. */
export function day(date: string): string {
  return new Intl.DateTimeFormat(lang.value === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium' }).format(new Date(`${date}T12:00:00+08:00`));
}

/** The year as it is in Asia/Shanghai, wherever the browser is (budgets and programs run by it). */
export const shanghaiYear = (): number => Number(shanghaiToday().slice(0, 4));

/** Times are stored in UTC and shown in Asia/Shanghai. */
export const when = (iso: string | undefined): string => (iso ? shanghai().format(new Date(iso)) : '');

/** A code in the reader's language from a table of [zh, en] names; the code itself when the table lacks it. */
export function nameOf(names: Record<string, [string, string]>, code: string): string {
  const pair = names[code];
  return pair ? t(pair[0], pair[1]) : code;
}

export const statusName = (status: string): string => nameOf(statusNames, status);

export const programName = (id: string): string => nameOf(programNames, id);

export const paymentStatusName = (status: string): string => nameOf(paymentStatusNames, status);
