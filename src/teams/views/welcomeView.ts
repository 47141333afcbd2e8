import type { Locale } from '../../domain/case';
import { messages } from '../../i18n';

export function welcomeView(locale: Locale) {
  return { t: messages(locale).welcome };
}
