import type { Locale } from '../../domain/case';
import { copenhagenLocalToInstant, formatCopenhagen } from '../../domain/copenhagenTime';
import { maskCpr } from '../../domain/cpr';
import type { ReportValues } from '../../domain/report';
import { messages } from '../../i18n';
import { FREE_TEXT_FIELDS } from '../../domain/reportValidation';
import { choiceTitles, type Choice } from './choices';

export interface ReportSummaryInput {
  locale: Locale;
  draftId: string;
  etag: string;
  values: ReportValues;
  cprFound: boolean;
  units: Choice[];
}

const list = (raw: string) => raw.split(',').map((s) => s.trim()).filter(Boolean);

/** What the reporter is about to send, as it will be stored: CPR-like numbers already masked. */
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
    { title: s.whatHappened, value: maskCpr(v.whatHappened) },
    { title: s.dataKinds, value: [choiceTitles(m.choices.dataKinds, list(v.dataKinds)), maskCpr(v.dataKindsOther)].filter(Boolean).join(': ') },
    { title: s.personsAffected, value: v.personsAffected },
    { title: s.howHappened, value: maskCpr(v.howHappened) },
    { title: s.discovered, value: when(v.discoveredDate, v.discoveredTime) },
    { title: s.ongoing, value: v.ongoing ? choiceTitles(m.choices.ongoing, [v.ongoing]) : '' },
    { title: s.system, value: maskCpr(v.system) },
    { title: s.supplier, value: v.supplierInvolved === 'yes' ? maskCpr(v.supplierName) : s.no },
    { title: s.supplierNotified, value: v.supplierInvolved === 'yes' ? when(v.supplierNotifiedDate, v.supplierNotifiedTime) : '' },
  ].filter((f) => f.value !== '');
  // The values ride along on "send": with the draft's ETag they let confirm skip reading the draft.
  const carried = { ...v };
  for (const field of FREE_TEXT_FIELDS) carried[field] = maskCpr(carried[field]);
  return { t: s, facts, cprFound: input.cprFound, draftId: input.draftId, etag: input.etag, valuesJson: JSON.stringify(carried) };
}
