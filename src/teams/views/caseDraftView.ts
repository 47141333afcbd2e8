import type { BreachCase, Locale } from '../../domain/case';
import { fill } from '../../i18n';
import { caseMessages } from '../../i18n/caseMessages';

export interface CaseDraftInput {
  breachCase: BreachCase;
  kind: 'authority' | 'persons';
  /** From datatilsynetDraft / personsLetterDraft (Danish, without personal data about the persons). */
  text: string;
  locale: Locale;
}

/** A draft to copy, in an input field so it can be selected and copied on any device. */
export function caseDraftView(input: CaseDraftInput) {
  const t = caseMessages(input.locale).draft;
  return {
    t,
    caseId: input.breachCase.id,
    title: fill(input.kind === 'authority' ? t.titleAuthority : t.titlePersons, { number: input.breachCase.number }),
    text: input.text,
  };
}
