/**
 * The Art. 33 clock: notify Datatilsynet within 72 hours of awareness.
 * 72 continuous hours (Regulation 1182/71 art. 3(4) extends only periods not
 * expressed in hours), so weekends, holidays and DST never move the deadline:
 * across a DST change it is 72 real hours and its wall-clock time shifts by an hour.
 */
export const NOTIFY_WITHIN_HOURS = 72;

const HOUR_MS = 3_600_000;

/** ISO 8601 instants with an explicit offset or Z. */
export interface ClockInputs {
  discoveredAt: string;
  awareAt?: string;
  /** The reporter's (or later the coordinator's) answer; only 'yes' makes it a processor's breach. */
  supplierInvolved?: SupplierAnswer;
  supplierNotifiedAt?: string;
}

import type { SupplierAnswer } from './report';

export type ClockBasis = 'aware' | 'supplier' | 'discovered';

// A string without a zone would be read in the server's zone; refuse it rather than guess.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function parseInstant(field: string, value: string): Date {
  const t = ISO_INSTANT.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(t)) throw new RangeError(`${field} is not an ISO instant with a zone`);
  return new Date(t);
}

const isSet = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

/**
 * Where the clock runs from: awareAt once a coordinator has decided it (EDPB
 * Guidelines 9/2022); else, for a processor's breach, when the processor told
 * us; else discoveredAt, the safe reading (also while the supplier question is unanswered: an
 * unknown notice cannot move the deadline later). Empty strings count as not set
 * (card inputs deliver ''); malformed instants throw.
 */
export function clockStart(c: ClockInputs): { at: Date; basis: ClockBasis } {
  if (isSet(c.awareAt)) return { at: parseInstant('awareAt', c.awareAt), basis: 'aware' };
  if (c.supplierInvolved === 'yes' && isSet(c.supplierNotifiedAt)) {
    return { at: parseInstant('supplierNotifiedAt', c.supplierNotifiedAt), basis: 'supplier' };
  }
  return { at: parseInstant('discoveredAt', c.discoveredAt), basis: 'discovered' };
}

export function notificationDeadline(c: ClockInputs): Date {
  return new Date(clockStart(c).at.getTime() + NOTIFY_WITHIN_HOURS * HOUR_MS);
}

/** Negative once the deadline has passed. */
export function timeLeftMs(c: ClockInputs, now: Date): number {
  return notificationDeadline(c).getTime() - now.getTime();
}

/** Notified after the deadline: the notification must carry reasons for the delay. At the deadline is in time. */
export function isLate(notifiedAt: Date, c: ClockInputs): boolean {
  return notifiedAt.getTime() > notificationDeadline(c).getTime();
}
