import type { Locale } from '../domain/case';
import type { DomainError } from '../domain/caseWork';
import { caseDa, type CaseMessages } from './caseDa';
import { caseEn } from './caseEn';
import { fill } from './index';

export type { CaseMessages };

export function caseMessages(locale: Locale): CaseMessages {
  return locale === 'en' ? caseEn : caseDa;
}

/**
 * A refused command as one line for the card's error box: "Begrundelse: Mindst 10 tegn."
 * The field label is left out where the text names the problem on its own.
 */
export function domainErrorText(error: DomainError, locale: Locale): string {
  const m = caseMessages(locale);
  const text = fill(m.errors[error.error], { limit: error.limit, owner: error.owner?.name ?? '' });
  const fieldSpecific = ['required', 'too_short', 'too_long', 'invalid_choice', 'invalid_instant', 'in_future', 'too_early'];
  const label = error.field !== undefined ? (m.fields as Record<string, string>)[error.field] : undefined;
  return label !== undefined && fieldSpecific.includes(error.error) ? `${label}: ${text}` : text;
}
