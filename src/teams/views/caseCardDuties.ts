import type { BreachCase, Locale } from '../../domain/case';
import { nis2Texts } from '../../i18n/nis2Texts';
import { dutyLines } from './dutyLines';

/**
 * The duties on the case card (issue 18, part 3) beside the Art. 33 box, which already says Datatilsynet's
 * deadline: one line per other duty that applies (the persons, the NIS2 reports) with its deadline, time left
 * and state, and «NIS2 …», which opens the NIS2 card (marking, reports, drafts). Not on a report linked to
 * another case (that case carries the duties). A compact card (the last shortening steps) leaves the lines to the
 * NIS2 card, one press away, and keeps the button; the very last step (a case with every field at its limit)
 * leaves the button out too, as it does other forms' help, so the card fits: the next card drawn for the case
 * (a shorter text, a reminder's redraw) offers it again.
 */
export function caseCardDuties(c: BreachCase, locale: Locale, now: Date, compact = false, last = false) {
  const linked = c.work.linkedTo !== null;
  return {
    shown: !linked && !last,
    lines: linked || compact ? [] : dutyLines(c, locale, now, (d) => d.row.id !== 'art33'),
    open: nis2Texts(locale).card.open,
  };
}
