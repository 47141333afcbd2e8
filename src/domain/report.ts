/**
 * The employee's report: the fields of the Ishøj form plus what a Datatilsynet
 * notification needs (BRIEF.md, "The report"). Values arrive as card strings;
 * validation turns them into a typed report or a map of field → error code.
 */
export const BREACH_TYPES = ['confidentiality', 'integrity', 'availability'] as const;
export type BreachType = (typeof BREACH_TYPES)[number];

/** The Ishøj examples, offered as help to pick the breach type. */
export const BREACH_EXAMPLES = [
  'lost_device',
  'wrong_recipient',
  'published',
  'hacked',
  'wrong_data',
  'system_unavailable',
  'other',
] as const;
export type BreachExample = (typeof BREACH_EXAMPLES)[number];

export const DATA_KINDS = ['names', 'cpr', 'health', 'addresses', 'financial', 'children', 'other'] as const;
export type DataKind = (typeof DATA_KINDS)[number];

export const ONGOING_STATES = ['stopped', 'ongoing', 'unknown'] as const;
export type OngoingState = (typeof ONGOING_STATES)[number];

/**
 * Unknown is not no (issue 17, finding 2). Which questions may be left unanswered, decided here:
 * - «Er en leverandør/databehandler involveret?» (supplierInvolved) is the one yes/no question of the
 *   form that may be left unanswered (it sits in the collapsed section): it is stored as 'unanswered'
 *   and shown as «ikke besvaret» / «not answered» in the summary, the card, the register and the
 *   export, and the coordinator answers it later on the card (case.answerSupplier). Until then the
 *   Art. 33 clock runs from the discovery, the safe reading (deadline.ts), as for a «Nej».
 * - «Er bruddet stoppet?» (ongoing) is required and has its own «Ved ikke» ('unknown'), already stored
 *   and shown as what it is.
 * - The example (breachExample) is help to pick the breach type, not a question about the breach: left
 *   empty it says nothing and is shown as nothing (no «Nej» to mistake).
 * - The breach types, the data kinds, the persons (with its «ved ikke») and the discovery are required;
 *   the system, how it happened, phone and centre are free text: empty is shown as nothing.
 */
export const SUPPLIER_ANSWERS = ['yes', 'no', 'unanswered'] as const;
export type SupplierAnswer = (typeof SUPPLIER_ANSWERS)[number];

import { EMPTY_TEXT, masked, type MaskedText } from './maskedText';
import type { PersonsEstimate } from './personsEstimate';
import type { ManagerRef } from './nearestManager';

/**
 * Card values: every field a string, as Adaptive Card inputs deliver them, and masked (MaskedText):
 * whatever the reporter typed passed the masking function before it became a ReportValues.
 */
export type ReportValues = { [K in ReportField]: MaskedText };

interface ReportFieldShape {
  reporterName: string;
  reporterPhone: string;
  reporterEmail: string;
  reporterTitle: string;
  reporterDepartment: string;
  reporterCenter: string;
  /** Comma-separated unit ids (multi-select), chosen among registered units. */
  unitIds: string;
  breachTypes: string;
  breachExample: string;
  whatHappened: string;
  dataKinds: string;
  dataKindsOther: string;
  personsAffected: string;
  howHappened: string;
  discoveredDate: string;
  discoveredTime: string;
  ongoing: string;
  system: string;
  supplierInvolved: string;
  supplierName: string;
  supplierNotifiedDate: string;
  supplierNotifiedTime: string;
  /** The nearest manager (issue 18): the people picker's Entra object id, and/or a mail typed by hand. */
  managerId: string;
  managerEmail: string;
}

export type ReportField = keyof ReportFieldShape;

export const REPORT_FIELDS: readonly ReportField[] = [
  'reporterName',
  'reporterPhone',
  'reporterEmail',
  'reporterTitle',
  'reporterDepartment',
  'reporterCenter',
  'unitIds',
  'breachTypes',
  'breachExample',
  'whatHappened',
  'dataKinds',
  'dataKindsOther',
  'personsAffected',
  'howHappened',
  'discoveredDate',
  'discoveredTime',
  'ongoing',
  'system',
  'supplierInvolved',
  'supplierName',
  'supplierNotifiedDate',
  'supplierNotifiedTime',
  'managerId',
  'managerEmail',
];

export function emptyReportValues(): ReportValues {
  const values = {} as ReportValues;
  for (const field of REPORT_FIELDS) values[field] = EMPTY_TEXT;
  return values;
}

/**
 * Keeps only known fields, trimmed and masked; anything else a card sends is dropped, and a value
 * that is not a string, number or boolean (an object, an array) becomes empty rather than
 * "[object Object]" (the field's own validation then says what is missing).
 */
export function pickReportValues(input: Readonly<Record<string, unknown>>, base: ReportValues = emptyReportValues()): ReportValues {
  const values = { ...base };
  for (const field of REPORT_FIELDS) {
    if (!Object.prototype.hasOwnProperty.call(input, field)) continue;
    const raw = input[field];
    if (raw === undefined || raw === null) continue;
    values[field] = masked(raw);
  }
  return values;
}

/** A validated report, as stored on the case. Instants are ISO-8601 UTC strings. */
export interface Report {
  reporterName: string;
  reporterPhone: string;
  reporterEmail: string;
  reporterTitle: string;
  reporterDepartment: string;
  reporterCenter: string;
  unitIds: string[];
  breachTypes: BreachType[];
  breachExample: BreachExample | '';
  /** Masked: CPR-like numbers never stored in clear. */
  whatHappened: string;
  dataKinds: DataKind[];
  dataKindsOther: string;
  /** The number the reporter's answer means (0 when unknown); see personsEstimate for how sure it is. */
  personsAffected: number;
  /**
   * How the reporter answered: exact, an estimate or range, or unknown. Absent on cases stored before
   * estimates were accepted: read them with estimateOf (src/domain/personsEstimate.ts), which says why.
   */
  personsEstimate?: PersonsEstimate;
  howHappened: string;
  discoveredAt: string;
  ongoing: OngoingState;
  system: string;
  /** 'unanswered' when the reporter left the question open (see SUPPLIER_ANSWERS); the name and notice only with 'yes'. */
  supplierInvolved: SupplierAnswer;
  supplierName: string;
  /** When the processor told the municipality; starts the clock for a processor's breach. */
  supplierNotifiedAt: string;
  /** The nearest manager the reporter named (src/domain/nearestManager.ts); absent when not stated. */
  manager?: ManagerRef;
}

export type FieldErrorCode =
  | 'required'
  | 'tooLong'
  | 'tooShort'
  | 'invalidEmail'
  | 'invalidPhone'
  | 'invalidChoice'
  | 'invalidNumber'
  | 'invalidPersons'
  | 'unitConflict'
  | 'negative'
  | 'tooLarge'
  | 'invalidDate'
  | 'invalidTime'
  | 'inFuture'
  | 'tooOld'
  | 'beforeDiscovery';

export interface FieldError {
  code: FieldErrorCode;
  /** e.g. the max length for tooLong */
  limit?: number;
}

export type FieldErrors = Partial<Record<keyof ReportValues, FieldError>>;
