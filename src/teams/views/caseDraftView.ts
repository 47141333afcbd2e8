import type { BreachCase, Locale } from '../../domain/case';
import { fill } from '../../i18n';
import { caseMessages } from '../../i18n/caseMessages';
import { asPlainText } from './plainText';

export interface CaseDraftInput {
  breachCase: BreachCase;
  kind: 'authority' | 'persons';
  /** From datatilsynetDraft / personsLetterDraft (Danish, without personal data about the persons). */
  text: string;
  locale: Locale;
  /** A title of its own (the NIS2 drafts, src/teams/nis2Handlers.ts); else the kind's. */
  title?: string;
}

export interface DraftSection {
  heading: string;
  hasHeading: boolean;
  lines: { text: string }[];
}

/**
 * The draft as readable sections: blocks are separated by a blank line; a block's first line is its
 * heading when more lines follow and it is not itself a list item ("- …"). Bullets become "•".
 */
export function draftSections(text: string): DraftSection[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => block.split('\n').filter((line) => line.trim() !== ''))
    .filter((lines) => lines.length > 0)
    .map((lines) => {
      const headed = lines.length > 1 && !lines[0].startsWith('- ');
      const body = headed ? lines.slice(1) : lines;
      return {
        heading: headed ? asPlainText(lines[0]) : '',
        hasHeading: headed,
        lines: body.map((line) => ({ text: asPlainText(line.startsWith('- ') ? `• ${line.slice(2)}` : line) })),
      };
    });
}

/** A draft to read (sections with headings) and to copy (the whole text in one input field, on any device). */
export function caseDraftView(input: CaseDraftInput) {
  const t = caseMessages(input.locale).draft;
  return {
    t,
    caseId: input.breachCase.id,
    title: input.title ?? fill(input.kind === 'authority' ? t.titleAuthority : t.titlePersons, { number: input.breachCase.number }),
    sections: draftSections(input.text),
    text: input.text,
  };
}
