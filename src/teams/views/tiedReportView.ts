import type { Locale } from '../../domain/case';
import type { FieldErrors, ReportValues } from '../../domain/report';
import { TIED_FIELDS } from '../../domain/reportValidation';
import { fill, messages } from '../../i18n';
import type { Choice } from './choices';
import { asPlainText } from './plainText';
import { managerTexts } from '../../i18n/managerTexts';
import { managerChoices } from './reportFormView';

export interface TiedReportInput {
  locale: Locale;
  draftId: string;
  etag: string;
  /** The incident's case id (re-checked on submit: it must still be an active incident of the tenant). */
  incidentId: string;
  title: string;
  values: ReportValues;
  errors: FieldErrors;
  units: Choice[];
  notice?: string;
}

/** The short form of a report tied to a known incident: what you saw, when, which unit. Errors beside their fields. */
export function tiedReportView(input: TiedReportInput) {
  const m = messages(input.locale);
  const t = m.incident;
  const e: Record<string, string> = {};
  for (const field of TIED_FIELDS) {
    const error = input.errors[field];
    e[field] = error ? fill(m.errors[error.code], { limit: error.limit }) : '';
  }
  const label: Record<(typeof TIED_FIELDS)[number], string> = {
    whatHappened: t.whatHappened,
    discoveredDate: m.form.discoveredDate,
    discoveredTime: m.form.discoveredTime,
    unitIds: t.unit,
    managerId: managerTexts(input.locale).form.managerId,
    managerEmail: managerTexts(input.locale).form.managerEmail,
  };
  const failed = TIED_FIELDS.filter((f) => input.errors[f] !== undefined && (f !== 'unitIds' || input.units.length > 0));
  // Only what the short form asks may have failed here; anything else is not the reporter's to fix.
  const hasErrors = failed.length > 0;
  const v = input.values;
  return {
    t,
    title: asPlainText(fill(t.formTitle, { title: input.title })),
    v: { whatHappened: v.whatHappened, discoveredDate: v.discoveredDate, discoveredTime: v.discoveredTime, unitIds: v.unitIds, managerId: v.managerId, managerEmail: v.managerEmail },
    // Each report tells its own reporter's nearest manager (issue 18): asked here as on the full form.
    mt: managerTexts(input.locale).form,
    managerChoices: managerChoices(input.locale, v.managerId),
    e,
    hasErrors,
    errorSummary: m.form.errorSummary,
    errorFields: fill(m.form.errorFields, { fields: failed.map((f) => label[f].replace(/\s*\*$/, '')).join(' · ') }),
    dateLabel: m.form.discoveredDate,
    timeLabel: m.form.discoveredTime,
    datePlaceholder: m.form.datePlaceholder,
    timePlaceholder: m.form.timePlaceholder,
    askUnit: input.units.length > 0,
    units: input.units,
    confidentiality: m.receipt.confidentiality,
    draftId: input.draftId,
    etag: input.etag,
    incidentId: input.incidentId,
    // Carried only to redraw the form's heading if the store fails on «Send» (masked again at the gate).
    incidentTitle: input.title,
    notice: input.notice ?? '',
  };
}
