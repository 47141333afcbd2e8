import type { Locale } from '../../domain/case';
import { fill, messages } from '../../i18n';
import type { NearMiss } from '../commands';

/** «Mente du «anmeld»?» for a near-miss command ("anmled"), with a button that runs the command. */
export function didYouMeanView(locale: Locale, miss: NearMiss) {
  const t = messages(locale).freeText;
  return { t, question: fill(t.didYouMean, { word: miss.word }), word: miss.word, command: miss.command };
}
