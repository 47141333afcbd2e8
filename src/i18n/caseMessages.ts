import type { Locale } from '../domain/case';
import type { DomainError } from '../domain/caseWork';
import { caseDa, type CaseMessages } from './caseDa';
import { caseEn } from './caseEn';
import { fill } from './index';
import { timelineConflictText } from './timelineTexts';

export type { CaseMessages };

export function caseMessages(locale: Locale): CaseMessages {
  return locale === 'en' ? caseEn : caseDa;
}

/**
 * A refused command as one line for the card's error box: "Begrundelse: Mindst 10 tegn."
 * The field label is left out where the text names the problem on its own.
 */
/** The message alone, for beside its field (the field is named by its position). */
export function domainErrorMessage(error: DomainError, locale: Locale): string {
  if (error.error === 'timeline_conflict' && error.conflict) return timelineConflictText(error.conflict, locale);
  const m = caseMessages(locale);
  const steps = (error.steps ?? []).map((s) => m.card.close.steps[s]).join('; ');
  return fill(m.errors[error.error], { limit: error.limit, owner: error.owner?.name ?? '', steps });
}

export function domainErrorText(error: DomainError, locale: Locale): string {
  const m = caseMessages(locale);
  const text = domainErrorMessage(error, locale);
  const fieldSpecific = ['required', 'too_short', 'too_long', 'invalid_choice', 'invalid_instant', 'in_future', 'timeline_conflict'];
  const label = error.field !== undefined ? (m.fields as Record<string, string>)[error.field] : undefined;
  return label !== undefined && fieldSpecific.includes(error.error) ? `${label}: ${text}` : text;
}
