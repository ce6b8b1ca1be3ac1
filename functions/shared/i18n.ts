/** Every user-facing text exists in both languages; zh-CN is the default. */
export interface Message {
  zh: string;
  en: string;
}

export type Lang = 'zh-CN' | 'en';

/** Picks the reader's language from an Accept-Language header (zh-CN unless English is preferred first). */
export function langFrom(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((entry) => entry.tag.length > 0 && !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q)[0];
  return first?.tag.startsWith('en') ? 'en' : 'zh-CN';
}

export function say(message: Message, lang: Lang): string {
  return lang === 'en' ? message.en : message.zh;
}
