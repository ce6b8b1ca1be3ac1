/**
 * Every rule explains itself in both languages. The same shape as `Message` in shared/i18n.ts, on
 * purpose: the domain names its own vocabulary rather than reach into the tools above it, and
 * TypeScript's structural types let one pass as the other.
 */
export interface Message {
  zh: string;
  en: string;
}
