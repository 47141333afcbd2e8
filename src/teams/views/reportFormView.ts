import type { Locale } from '../../domain/case';
import { REPORT_FIELDS, type FieldErrors, type ReportValues } from '../../domain/report';
import { fill, messages } from '../../i18n';
import { reportChoices, type Choice } from './choices';

export interface ReportFormInput {
  locale: Locale;
  draftId: string;
  etag: string;
  values: ReportValues;
  errors: FieldErrors;
  units: Choice[];
  notice?: string;
}

/** The form keeps every value the reporter typed; each error sits under its field. */
export function reportFormView(input: ReportFormInput) {
  const m = messages(input.locale);
  const e: Record<string, string> = {};
  for (const field of REPORT_FIELDS) {
    const error = input.errors[field];
    e[field] = error ? fill(m.errors[error.code], { limit: error.limit }) : '';
  }
  return {
    t: m.form,
    v: input.values,
    e,
    hasErrors: Object.keys(input.errors).length > 0,
    choices: { ...reportChoices(m), unitIds: input.units },
    showUnits: input.units.length > 0,
    draftId: input.draftId,
    etag: input.etag,
    notice: input.notice ?? '',
  };
}
