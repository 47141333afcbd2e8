/**
 * «One month» in Copenhagen calendar terms, for the NIS2 final report (NIS2 Directive Art. 23(4)(d): «not
 * later than one month after the submission of the incident notification»).
 *
 * Decision (README, «NIS2»): counted as Regulation 1182/71 counts a period expressed in months (Art. 3(1) and
 * 3(2)(c)): the day of the event is not counted, and the period ends with the expiry of the last hour of the
 * day in the next month with the same date; when that month has no such date (31 January → February), with
 * the expiry of its last day. «The last hour of the day» is the Copenhagen day, so the deadline is 24:00
 * Copenhagen wall clock (00:00 of the following day), whatever DST did in between: a month that crosses the
 * change in March is one real hour shorter, one that crosses October one hour longer, and the wall clock
 * stays 24:00 either way. Art. 3(4) would move a period ending on a Saturday, Sunday or holiday to the next
 * working day; Brudvagt does not (the product rule: weekends and holidays never move a deadline, they decide
 * who is warned when, see reminders.ts 'off'), so the deadline shown is never later than the law's.
 */
import { copenhagenLocalToInstant, formatCopenhagen, instantToCopenhagenParts } from '../copenhagenTime';

const pad2 = (n: number): string => String(n).padStart(2, '0');

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The Copenhagen date one calendar month after the Copenhagen date of `instant` (clamped to the month's end). */
export function sameDateNextMonth(instant: Date): string {
  const p = instantToCopenhagenParts(instant);
  const year = p.month === 12 ? p.year + 1 : p.year;
  const month = p.month === 12 ? 1 : p.month + 1;
  const day = Math.min(p.day, daysIn(year, month));
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** The end (24:00 Copenhagen) of the date one calendar month after `instant`'s Copenhagen date. */
export function oneMonthAfter(instant: Date): Date {
  const date = sameDateNextMonth(instant);
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const end = copenhagenLocalToInstant(next, '00:00');
  if (end === null) throw new RangeError(`no Copenhagen midnight on ${next}`);
  return end;
}

/**
 * A deadline as people read it: a Copenhagen midnight is the end of the day before («06.04.2026 kl. 24:00»,
 * not «07.04.2026 kl. 00:00», which reads as a day later than the law's); any other instant as formatCopenhagen.
 */
export function formatDeadline(deadline: Date, locale: 'da' | 'en'): string {
  const p = instantToCopenhagenParts(deadline);
  if (p.time !== '00:00') return formatCopenhagen(deadline, locale);
  const before = formatCopenhagen(new Date(deadline.getTime() - 60_000), locale);
  return before.replace(/23:59$/, '24:00');
}
