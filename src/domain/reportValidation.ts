import { copenhagenLocalToInstant } from './copenhagenTime';
import { CENTRAL_UNIT } from './unit';
import { maskCpr } from './cpr';
import { parsePersons, type PersonsEstimate } from './personsEstimate';
import { tiedCopy } from './visibility';
import { validateManager } from './nearestManager';
import {
  BREACH_EXAMPLES,
  BREACH_TYPES,
  DATA_KINDS,
  ONGOING_STATES,
  type FieldErrors,
  type Report,
  type ReportValues,
  type SupplierAnswer,
} from './report';

/** Limits sized for a phone: enough to describe, short enough to not copy documents in. */
export const LIMITS = {
  name: 100,
  phone: 30,
  email: 254,
  shortText: 100,
  system: 200,
  whatHappenedMin: 10,
  whatHappened: 4000,
  howHappened: 2000,
  dataKindsOther: 200,
  persons: 10_000_000,
} as const;

/** GDPR applies from this day; an earlier discovery is a typo. */
const EARLIEST_DISCOVERY = '2018-05-25';
/** Clocks on phones drift; a few minutes ahead is not "in the future". */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{6,30}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}(:\d{2})?$/;

/** The "don't know" choice of the unit question (the central channel's id, CENTRAL_UNIT_ID in app/ports). */
export const UNKNOWN_UNIT_ID = CENTRAL_UNIT;

export type ValidationResult = { ok: true; report: Report } | { ok: false; errors: FieldErrors };

function splitChoices(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Validates the card values on the server (the card's own checks are a convenience only).
 * `registeredUnitIds`: the units a reporter may choose; when empty the unit field is not asked.
 */
export function validateReport(values: ReportValues, now: Date, registeredUnitIds: readonly string[] = []): ValidationResult {
  const errors: FieldErrors = {};

  const text = (field: keyof ReportValues, max: number, required: boolean, min = 0) => {
    const v = values[field];
    if (v.length === 0) {
      if (required) errors[field] = { code: 'required' };
      return;
    }
    if (v.length > max) errors[field] = { code: 'tooLong', limit: max };
    else if (v.length < min) errors[field] = { code: 'tooShort', limit: min };
  };

  text('reporterName', LIMITS.name, true);
  text('reporterEmail', LIMITS.email, true);
  if (!errors.reporterEmail && !EMAIL.test(values.reporterEmail)) errors.reporterEmail = { code: 'invalidEmail' };
  text('reporterPhone', LIMITS.phone, false);
  if (values.reporterPhone && !errors.reporterPhone && !PHONE.test(values.reporterPhone)) {
    errors.reporterPhone = { code: 'invalidPhone' };
  }
  // Optional (issue 17, README "The report form on a phone"): the Teams roster has neither, a first report
  // should not stall on them, and the 72-hour decision does not need them. Carried over when given.
  text('reporterTitle', LIMITS.shortText, false);
  text('reporterDepartment', LIMITS.shortText, false);
  text('reporterCenter', LIMITS.shortText, false);

  const unitIds = splitChoices(values.unitIds);
  if (registeredUnitIds.length > 0) {
    if (unitIds.length === 0) errors.unitIds = { code: 'required' };
    else if (unitIds.some((u) => !registeredUnitIds.includes(u))) errors.unitIds = { code: 'invalidChoice' };
    // "Don't know" beside a unit contradicts itself: the case would go to the unit and to central,
    // which would be told the reporter could not name one. The reporter decides which they meant.
    else if (unitIds.includes(UNKNOWN_UNIT_ID) && unitIds.length > 1) errors.unitIds = { code: 'unitConflict' };
  }

  const breachTypes = splitChoices(values.breachTypes);
  if (breachTypes.length === 0) errors.breachTypes = { code: 'required' };
  else if (breachTypes.some((t) => !(BREACH_TYPES as readonly string[]).includes(t))) {
    errors.breachTypes = { code: 'invalidChoice' };
  }
  if (values.breachExample && !(BREACH_EXAMPLES as readonly string[]).includes(values.breachExample)) {
    errors.breachExample = { code: 'invalidChoice' };
  }

  text('whatHappened', LIMITS.whatHappened, true, LIMITS.whatHappenedMin);
  text('howHappened', LIMITS.howHappened, false);

  const dataKinds = splitChoices(values.dataKinds);
  if (dataKinds.length === 0) errors.dataKinds = { code: 'required' };
  else if (dataKinds.some((k) => !(DATA_KINDS as readonly string[]).includes(k))) errors.dataKinds = { code: 'invalidChoice' };
  text('dataKindsOther', LIMITS.dataKindsOther, dataKinds.includes('other'));

  let personsEstimate: PersonsEstimate = { kind: 'unknown', count: 0 };
  const persons = parsePersons(values.personsAffected);
  if (persons.ok) personsEstimate = persons.estimate;
  else if (persons.error === 'required') errors.personsAffected = { code: 'required' };
  else if (persons.error === 'negative') errors.personsAffected = { code: 'negative' };
  else if (persons.error === 'tooLarge') errors.personsAffected = { code: 'tooLarge', limit: LIMITS.persons };
  else errors.personsAffected = { code: 'invalidPersons' };

  const discoveredAt = instantField(values, 'discoveredDate', 'discoveredTime', true, now, errors);

  if (!values.ongoing) errors.ongoing = { code: 'required' };
  else if (!(ONGOING_STATES as readonly string[]).includes(values.ongoing)) errors.ongoing = { code: 'invalidChoice' };

  text('system', LIMITS.system, false);

  // Neither answer chosen is stored as such, never as «Nej» (issue 17, finding 2; report.ts says why).
  let supplierInvolved: SupplierAnswer = 'unanswered';
  let supplierNotifiedAt: Date | null = null;
  if (values.supplierInvolved === 'yes') supplierInvolved = 'yes';
  else if (values.supplierInvolved === 'no') supplierInvolved = 'no';
  else if (values.supplierInvolved !== '') errors.supplierInvolved = { code: 'invalidChoice' };
  if (supplierInvolved === 'yes') {
    text('supplierName', LIMITS.system, true);
    supplierNotifiedAt = instantField(values, 'supplierNotifiedDate', 'supplierNotifiedTime', false, now, errors);
  }

  const manager = validateManager(values, errors);

  if (Object.keys(errors).length > 0) return { ok: false, errors };

  return {
    ok: true,
    report: {
      ...(manager ? { manager } : {}),
      reporterName: values.reporterName,
      reporterPhone: values.reporterPhone,
      reporterEmail: values.reporterEmail,
      reporterTitle: values.reporterTitle,
      reporterDepartment: values.reporterDepartment,
      reporterCenter: values.reporterCenter,
      unitIds,
      breachTypes: breachTypes as Report['breachTypes'],
      breachExample: values.breachExample as Report['breachExample'],
      whatHappened: maskCpr(values.whatHappened),
      dataKinds: dataKinds as Report['dataKinds'],
      dataKindsOther: maskCpr(values.dataKindsOther),
      personsAffected: personsEstimate.count,
      personsEstimate,
      howHappened: maskCpr(values.howHappened),
      discoveredAt: (discoveredAt as Date).toISOString(),
      ongoing: values.ongoing as Report['ongoing'],
      system: maskCpr(values.system),
      supplierInvolved,
      supplierName: supplierInvolved === 'yes' ? maskCpr(values.supplierName) : '',
      supplierNotifiedAt: supplierNotifiedAt ? supplierNotifiedAt.toISOString() : '',
    },
  };
}

function instantField(
  values: ReportValues,
  dateField: 'discoveredDate' | 'supplierNotifiedDate',
  timeField: 'discoveredTime' | 'supplierNotifiedTime',
  required: boolean,
  now: Date,
  errors: FieldErrors,
): Date | null {
  const date = values[dateField];
  const time = values[timeField];
  if (!date && !time && !required) return null;
  // Date and time are checked each on its own, so an empty "Klokkeslæt" is named even when the date is wrong too.
  if (!date) errors[dateField] = { code: 'required' };
  else if (!DATE.test(date)) errors[dateField] = { code: 'invalidDate' };
  if (!time) errors[timeField] = { code: 'required' };
  else if (!TIME.test(time)) errors[timeField] = { code: 'invalidTime' };
  if (errors[dateField] || errors[timeField]) return null;
  const instant = copenhagenLocalToInstant(date, time.slice(0, 5));
  if (!instant) {
    errors[dateField] = { code: 'invalidDate' };
    return null;
  }
  if (instant.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    errors[dateField] = { code: 'inFuture' };
    return null;
  }
  if (date < EARLIEST_DISCOVERY) {
    errors[dateField] = { code: 'tooOld' };
    return null;
  }
  return instant;
}

/** The fields of the short form a report tied to a known incident asks (issue 10): what, when, which unit; and the nearest manager (issue 18). */
export const TIED_FIELDS = ['whatHappened', 'discoveredDate', 'discoveredTime', 'unitIds', 'managerId', 'managerEmail'] as const;

/**
 * A report tied to a known incident: the reporter answers only what they saw, when, and in which unit;
 * the rest is the incident's (its breach types, example, data kinds and system), the number of persons
 * is unknown, and whether it is stopped is for the incident's coordinators to say. The reporter's name,
 * mail and the rest come from Teams and their last report as on the full form, but none of them is
 * asked here, so none can be an error here. Same limits as the full form for what is asked.
 */
export function validateTiedReport(values: ReportValues, now: Date, registeredUnitIds: readonly string[], incident: Report): ValidationResult {
  const errors: FieldErrors = {};
  const what = values.whatHappened;
  if (what.length === 0) errors.whatHappened = { code: 'required' };
  else if (what.length > LIMITS.whatHappened) errors.whatHappened = { code: 'tooLong', limit: LIMITS.whatHappened };
  else if (what.length < LIMITS.whatHappenedMin) errors.whatHappened = { code: 'tooShort', limit: LIMITS.whatHappenedMin };
  const unitIds = splitChoices(values.unitIds);
  if (registeredUnitIds.length > 0) {
    if (unitIds.length === 0) errors.unitIds = { code: 'required' };
    else if (unitIds.some((u) => !registeredUnitIds.includes(u))) errors.unitIds = { code: 'invalidChoice' };
    else if (unitIds.includes(UNKNOWN_UNIT_ID) && unitIds.length > 1) errors.unitIds = { code: 'unitConflict' };
  }
  const discoveredAt = instantField(values, 'discoveredDate', 'discoveredTime', true, now, errors);
  // The manager is asked on the short form too: each report tells its own reporter's manager.
  const manager = validateManager(values, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const cut = (s: string, max: number) => maskCpr(s).slice(0, max);
  return {
    ok: true,
    report: {
      ...(manager ? { manager } : {}),
      reporterName: cut(values.reporterName, LIMITS.name),
      reporterPhone: PHONE.test(values.reporterPhone) ? values.reporterPhone : '',
      reporterEmail: EMAIL.test(values.reporterEmail) ? cut(values.reporterEmail, LIMITS.email) : '',
      reporterTitle: cut(values.reporterTitle, LIMITS.shortText),
      reporterDepartment: cut(values.reporterDepartment, LIMITS.shortText),
      reporterCenter: cut(values.reporterCenter, LIMITS.shortText),
      unitIds,
      // The incident's codes, never its words (the one visibility policy, src/domain/visibility.ts).
      ...tiedCopy(incident),
      whatHappened: maskCpr(what),
      personsAffected: 0,
      personsEstimate: { kind: 'unknown', count: 0 },
      howHappened: '',
      discoveredAt: (discoveredAt as Date).toISOString(),
      ongoing: 'unknown',
    },
  };
}
