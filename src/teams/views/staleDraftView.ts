import type { Locale } from '../../domain/case';
import type { ReportValues } from '../../domain/report';
import { messages } from '../../i18n';

/** An outdated report card after "annuller": what happened, and the typed values offered as a new report. */
export function staleDraftView(locale: Locale, kept: ReportValues) {
  const m = messages(locale).draft;
  return { t: m, title: m.cancelledTitle, text: m.cancelledText, valuesJson: JSON.stringify(kept) };
}
