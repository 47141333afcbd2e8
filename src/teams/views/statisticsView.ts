import type { StatisticsResult } from '../../app/readStatistics';
import type { Locale } from '../../domain/case';
import { BREACH_TYPES } from '../../domain/report';
import { fill, registerTexts } from '../../i18n';
import type { Unit } from '../../app/ports';
import { asPlainText } from './plainText';
import { dutyFacts } from './dutyStatisticsFacts';
import { nameStatisticsView } from './nameStatisticsView';

type Read = Extract<StatisticsResult, { kind: 'ok' }>;

/**
 * The charts (Teams' Adaptive Card chart elements) and, beside them, the same figures as facts:
 * clients that do not draw charts (iOS, older clients, the parser in the tests) show the facts.
 * A chart with nothing to draw is left out (issue 17, finding 8: an empty year's bar chart labelled its
 * axis «.00e-4 / .50e-5»); the facts beside it still say 0, under the chart's heading.
 */
export function statisticsView(input: { result: Read; locale: Locale; units: readonly Unit[] }) {
  const { result, locale } = input;
  const t = registerTexts(locale).statistics;
  const s = result.statistics;
  const months = t.months.split(',');
  const pct = (share: number | null) => (share === null ? t.none : `${Math.round(share * 100)} %`);
  const hours = (n: number | null) => (n === null ? t.none : fill(t.hours, { n: String(n).replace('.', locale === 'da' ? ',' : '.') }));
  const unitName = new Map(input.units.map((u) => [u.id, u.name]));
  const typeData = BREACH_TYPES.map((type) => ({ legend: t.types[type], value: s.byBreachType[type] }));
  return {
    t: { ...t, title: fill(t.title, { year: result.year }) },
    scope: asPlainText(result.central ? '' : result.unitName),
    monthData: s.perMonth.map((y, i) => ({ x: months[i], y })),
    monthFacts: s.perMonth.map((n, i) => ({ title: months[i], value: String(n) })),
    typeData,
    hasCases: s.total > 0 && s.perMonth.some((n) => n > 0),
    hasTypes: typeData.some((d) => d.value > 0),
    hasShare: s.within72hShare !== null,
    emptyText: fill(t.empty, { year: result.year }),
    typeFacts: typeData.map((d) => ({ title: d.legend, value: String(d.value) })),
    unitFacts: s.byUnit.map((u) => ({ title: asPlainText(u.unitId === '' ? t.noUnit : (unitName.get(u.unitId) ?? u.unitId)), value: String(u.count) })),
    within72hPercent: s.within72hShare === null ? 0 : Math.round(s.within72hShare * 100),
    facts: [
      { title: t.total, value: String(s.total) },
      { title: t.notified, value: String(s.notified) },
      ...(s.linked > 0 ? [{ title: t.linked, value: String(s.linked) }] : []),
      { title: t.notifiedShare, value: pct(s.notifiedShare) },
      { title: t.within72hShare, value: pct(s.within72hShare) },
      { title: t.medianNotify, value: hours(s.medianHoursAwareToNotified) },
      { title: t.personsNotified, value: `${s.personsNotified} (${s.personsNotifiedCount})` },
      { title: t.personsExempted, value: String(s.personsExempted) },
      { title: t.notNotifiedJustified, value: String(s.notNotifiedJustified) },
      { title: t.medianTake, value: hours(s.medianHoursToTake) },
      { title: t.medianAssess, value: hours(s.medianHoursToAssess) },
      { title: t.medianClose, value: hours(s.medianHoursToClose) },
      { title: t.openNow, value: String(s.openNow) },
      { title: t.overdueNow, value: String(s.overdueNow) },
      { title: t.reopened, value: String(s.reopened) },
      ...(s.impossibleTimelines > 0 ? [{ title: t.impossibleLeftOut, value: String(s.impossibleTimelines) }] : []),
    ],
    // Every duty and how often it was met (issue 18, part 3): only the duties some case had.
    ...dutyFacts(result.duties, locale),
    // «Systemer og leverandører» (issue 18 part 4).
    names: nameStatisticsView(result.names, locale),
  };
}
