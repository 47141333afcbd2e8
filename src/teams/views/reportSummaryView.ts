import type { Locale } from '../../domain/case';
import { copenhagenLocalToInstant, formatCopenhagen } from '../../domain/copenhagenTime';
import type { ReportValues } from '../../domain/report';
import { messages } from '../../i18n';
import { choiceTitles, type Choice } from './choices';
import { asPlainText } from './plainText';
import { managerTexts } from '../../i18n/managerTexts';
import { offerShorter } from '../cardBudget';

export interface ReportSummaryInput {
  locale: Locale;
  draftId: string;
  etag: string;
  values: ReportValues;
  cprFound: boolean;
  units: Choice[];
  /** Shown on top, e.g. that the store did not answer and nothing was sent yet. */
  notice?: string;
}

const list = (raw: string) => raw.split(',').map((s) => s.trim()).filter(Boolean);

/** What the reporter is about to send, as it will be stored: the values are masked text. */
export function reportSummaryView(input: ReportSummaryInput) {
  const m = messages(input.locale);
  const v = input.values;
  const s = m.summary;
  const when = (date: string, time: string) => {
    const instant = copenhagenLocalToInstant(date, time.slice(0, 5));
    return instant ? formatCopenhagen(instant, input.locale) : '';
  };
  const unitTitles = Object.fromEntries(input.units.map((u) => [u.value, u.title]));
  const facts = [
    { title: s.reporter, value: [v.reporterName, v.reporterEmail, v.reporterPhone, v.reporterTitle, v.reporterDepartment, v.reporterCenter].filter(Boolean).join(' · ') },
    { title: s.unit, value: choiceTitles(unitTitles, list(v.unitIds)) },
    { title: s.breachTypes, value: choiceTitles(m.choices.breachTypes, list(v.breachTypes)) },
    { title: s.breachExample, value: v.breachExample ? choiceTitles(m.choices.breachExample, [v.breachExample]) : '' },
    { title: s.whatHappened, value: v.whatHappened },
    { title: s.dataKinds, value: [choiceTitles(m.choices.dataKinds, list(v.dataKinds)), v.dataKindsOther].filter(Boolean).join(': ') },
    { title: s.personsAffected, value: v.personsAffected },
    { title: s.howHappened, value: v.howHappened },
    { title: s.discovered, value: when(v.discoveredDate, v.discoveredTime) },
    { title: s.ongoing, value: v.ongoing ? choiceTitles(m.choices.ongoing, [v.ongoing]) : '' },
    { title: s.system, value: v.system },
    // Neither answer chosen is «Ikke besvaret», never «Nej» (issue 17, finding 2; src/domain/report.ts).
    { title: s.supplier, value: v.supplierInvolved === 'yes' ? v.supplierName : v.supplierInvolved === 'no' ? s.no : s.unanswered },
    { title: s.supplierNotified, value: v.supplierInvolved === 'yes' ? when(v.supplierNotifiedDate, v.supplierNotifiedTime) : '' },
    // The nearest manager (issue 18): the typed mail wins over a pick (src/domain/nearestManager.ts).
    { title: managerTexts(input.locale).card.label, value: v.managerEmail || (v.managerId ? managerTexts(input.locale).form.pickedInList : '') },
  ]
    .filter((f) => f.value !== '')
    .map((f) => ({ title: f.title, value: asPlainText(f.value) }));
  // The values ride along on "send": with the draft's ETag they let confirm skip reading the draft.
  const view = { t: s, facts, cprFound: input.cprFound, notice: input.notice ?? '', draftId: input.draftId, etag: input.etag, valuesJson: JSON.stringify(v) };
  // Every field at its limit and many units chosen weigh more than the card budget (src/teams/cardBudget.ts):
  // then the values stay home (confirm reads the draft, as for cards drawn before they rode along).
  return offerShorter(view, () => ({ ...view, valuesJson: '' }));
}
