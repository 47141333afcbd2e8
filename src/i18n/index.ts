import type { Locale } from '../domain/case';
import { da, type Messages } from './da';
import { en } from './en';

export type { Messages };

/** Danish unless Teams says the user runs English (any en-* locale). */
export function localeFrom(teamsLocale: string | undefined): Locale {
  return teamsLocale && /^en(-|_|$)/i.test(teamsLocale) ? 'en' : 'da';
}

export function messages(locale: Locale): Messages {
  return locale === 'en' ? en : da;
}

export function fill(template: string, params: Record<string, string | number | undefined>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (params[key] === undefined ? whole : String(params[key])));
}

export { registerTexts } from './registerTexts';
