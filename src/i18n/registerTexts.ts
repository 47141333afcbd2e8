import type { Locale } from '../domain/case';
import { registerDa, type RegisterMessages } from './registerDa';
import { registerEn } from './registerEn';

export function registerTexts(locale: Locale): RegisterMessages {
  return locale === 'en' ? registerEn : registerDa;
}
