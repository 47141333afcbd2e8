import type { Locale } from '../../domain/case';
import { REPORT_FIELDS, type FieldErrors, type ReportField, type ReportValues } from '../../domain/report';
import { fill, messages } from '../../i18n';
import { reportChoices, type Choice } from './choices';
import { managerTexts } from '../../i18n/managerTexts';
import { NO_MANAGER } from '../../domain/nearestManager';

export interface ReportFormInput {
  locale: Locale;
  draftId: string;
  etag: string;
  values: ReportValues;
  errors: FieldErrors;
  units: Choice[];
  notice?: string;
  /** The name or mail of the manager prefilled in the picker, when known (issue 18). */
  managerLabel?: string;
}

/**
 * What the phone-length form asks at once and what waits (README, "The report form on a phone").
 * Shown at once: everything the Ishøj form and a Datatilsynet notification need within the 72 hours
 * (what happened, its kind, which data, about how many, when discovered, whether it still goes on,
 * the unit, who you are: name and mail from Teams). Behind "Flere oplysninger" (collapsed, still submitted):
 * what the coordinator can ask later without moving the deadline the wrong way. A supplier's notice can only
 * start the clock later than the discovery, so leaving it out keeps the safe reading; how it happened, the
 * system, title, department, phone and centre help the coordinator but are not needed to decide (issue 17:
 * title and department are optional, carried over from the previous report, so a first report does not
 * stall on what the Teams roster lacks). Measured in test/browser/journeys.test.ts: at most ~1,300 px at 360 px.
 */
export const LATER_FIELDS: readonly ReportField[] = [
  'howHappened',
  'system',
  'reporterTitle',
  'reporterDepartment',
  'reporterPhone',
  'reporterCenter',
  'supplierInvolved',
  'supplierName',
  'supplierNotifiedDate',
  'supplierNotifiedTime',
];

/** More unit choices than this ("Ved ikke" included) are a dropdown rather than a list of boxes. */
export const COMPACT_UNITS_ABOVE = 4;

/** A field's label without the required mark, as the error summary names it. */
export function fieldLabel(locale: Locale, field: ReportField): string {
  const form = { ...(managerTexts(locale).form as Record<string, string>), ...(messages(locale).form as Record<string, string>) };
  return (form[field] ?? field).replace(/\s*\*$/, '');
}

/** The form keeps every value the reporter typed; each error sits under its field and is named at the top and bottom. */
export function reportFormView(input: ReportFormInput) {
  const m = messages(input.locale);
  const e: Record<string, string> = {};
  for (const field of REPORT_FIELDS) {
    const error = input.errors[field];
    e[field] = error ? fill(m.errors[error.code], { limit: error.limit }) : '';
  }
  const failed = REPORT_FIELDS.filter((f) => input.errors[f] !== undefined && (f !== 'unitIds' || input.units.length > 0));
  const v = input.values;
  // Open when something there needs fixing or was chosen there (a supplier): never hide an error.
  const showMore = LATER_FIELDS.some((f) => input.errors[f] !== undefined) || v.supplierInvolved === 'yes' || v.howHappened !== '' || v.system !== '';
  return {
    t: m.form,
    v,
    e,
    hasErrors: Object.keys(input.errors).length > 0,
    errorFields: fill(m.form.errorFields, { fields: failed.map((f) => fieldLabel(input.locale, f)).join(' · ') }),
    showMore,
    choices: { ...reportChoices(m), unitIds: input.units },
    showUnits: input.units.length > 0,
    // A few units read best as boxes to tick; a municipality's long list would fill the phone's screen.
    unitsCompact: input.units.length > COMPACT_UNITS_ABOVE,
    draftId: input.draftId,
    etag: input.etag,
    notice: input.notice ?? '',
    // The nearest manager (issue 18): Teams' people picker, and a typed mail beside it for the clients
    // where the picker fails. A prefilled id needs its choice to show: titled by the remembered mail.
    mt: managerTexts(input.locale).form,
    // Teams' own people picker fills the list as one types; the one static choice is the remembered manager,
    // or «Ingen valgt» (a ChoiceSet must have one; choosing it is the same as choosing nobody).
    managerChoices: managerChoices(input.locale, v.managerId, input.managerLabel),
  };
}

/**
 * The people picker's static choices: the remembered manager (so a prefilled id shows), or «Ingen valgt»
 * (a ChoiceSet must have one; choosing it is the same as choosing nobody). Teams fills the rest as one types.
 */
export function managerChoices(locale: Locale, managerId: string, label?: string): Choice[] {
  const t = managerTexts(locale).form;
  return managerId && managerId !== NO_MANAGER ? [{ title: label || t.picked, value: managerId }] : [{ title: t.nobody, value: NO_MANAGER }];
}
