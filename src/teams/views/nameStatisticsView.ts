/**
 * «Systemer og leverandører» on the statistics card (issue 18 part 4): one fact per system and per
 * supplier, «3 brud (1 anmeldt til Datatilsynet, 2 ikke)», the most first; the rest counted and left
 * to the export (the card stays within its budget whatever the register holds). Pure.
 */
import type { Locale } from '../../domain/case';
import type { NameCount, NameStatistics } from '../../domain/register/nameStatistics';
import { fill } from '../../i18n';
import { repeatsTexts } from '../../i18n/repeatsTexts';
import { asPlainText } from './plainText';

/** Names per kind on the card. */
export const NAMES_ON_CARD = 10;

export function nameStatisticsView(names: NameStatistics | undefined, locale: Locale) {
  const t = repeatsTexts(locale).statistics;
  const facts = (list: readonly NameCount[]) => {
    const shown = list.slice(0, NAMES_ON_CARD).map((n) => ({
      title: asPlainText(n.name),
      value: fill(t.line, { count: n.cases, notified: n.notified, notNotified: n.notNotified }),
    }));
    if (list.length > shown.length) shown.push({ title: '…', value: fill(t.more, { count: list.length - shown.length }) });
    return shown;
  };
  const systems = facts(names?.systems ?? []);
  const suppliers = facts(names?.suppliers ?? []);
  return {
    heading: t.heading,
    systemsTitle: t.systems,
    suppliersTitle: t.suppliers,
    systems,
    suppliers,
    hasSystems: systems.length > 0,
    hasSuppliers: suppliers.length > 0,
    none: systems.length === 0 && suppliers.length === 0 ? t.none : '',
  };
}
