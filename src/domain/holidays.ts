/**
 * Danish public holidays and "who is on duty". Holidays never move the 72-hour
 * deadline (BRIEF, "Rules that make the deadlines"); they only decide when to
 * warn the coordinators that a deadline falls outside working hours.
 */
import { copenhagenLocalToInstant, instantToCopenhagenParts } from './copenhagenTime';

export interface DanishHoliday {
  date: string; // YYYY-MM-DD
  name: string;
}

/** Store Bededag was abolished by law from 2024. */
const LAST_STORE_BEDEDAG_YEAR = 2023;

/** Easter Sunday, anonymous Gregorian computus (Meeus/Jones/Butcher). */
function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

/** Calendar arithmetic on dates only; UTC so no DST can shift a day. */
function isoDate(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * The public holidays (helligdage) plus three days municipal offices are
 * normally closed: grundlovsdag, juleaften and nytårsaftensdag. Those three are
 * not public holidays by law; they are here deliberately because the question
 * is who is on duty, and on those days the coordinators usually are not.
 */
export function danishHolidays(year: number): DanishHoliday[] {
  const e = easterSunday(year);
  const easter = isoDate(year, e.month, e.day);
  const days: DanishHoliday[] = [
    { date: isoDate(year, 1, 1), name: 'Nytårsdag' },
    { date: addDays(easter, -3), name: 'Skærtorsdag' },
    { date: addDays(easter, -2), name: 'Langfredag' },
    { date: easter, name: 'Påskedag' },
    { date: addDays(easter, 1), name: '2. påskedag' },
    { date: addDays(easter, 39), name: 'Kristi himmelfartsdag' },
    { date: addDays(easter, 49), name: 'Pinsedag' },
    { date: addDays(easter, 50), name: '2. pinsedag' },
    { date: isoDate(year, 6, 5), name: 'Grundlovsdag' },
    { date: isoDate(year, 12, 24), name: 'Juleaften' },
    { date: isoDate(year, 12, 25), name: 'Juledag' },
    { date: isoDate(year, 12, 26), name: '2. juledag' },
    { date: isoDate(year, 12, 31), name: 'Nytårsaftensdag' },
  ];
  if (year <= LAST_STORE_BEDEDAG_YEAR) days.push({ date: addDays(easter, 26), name: 'Store bededag' });
  return days.sort((x, y) => x.date.localeCompare(y.date));
}

const holidayCache = new Map<number, Set<string>>();

function holidaySet(year: number): Set<string> {
  let set = holidayCache.get(year);
  if (!set) {
    set = new Set(danishHolidays(year).map((h) => h.date));
    holidayCache.set(year, set);
  }
  return set;
}

/** `date` is 'YYYY-MM-DD'; a malformed date is a programming error and throws. */
export function isDanishNonWorkingDay(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = Date.parse(`${date}T00:00:00Z`);
  if (!m || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`not a date: ${date}`);
  }
  const weekday = new Date(t).getUTCDay();
  return weekday === 0 || weekday === 6 || holidaySet(Number(m[1])).has(date);
}

/** Copenhagen wall clock: a working day and startHour <= hour < endHour. */
export function isWorkingTime(instant: Date, startHour = 8, endHour = 16): boolean {
  const p = instantToCopenhagenParts(instant);
  return !isDanishNonWorkingDay(p.date) && p.hour >= startHour && p.hour < endHour;
}

/** Copenhagen `hour`:00 on `date` as an instant; hour 24 is midnight ending the day. */
function atHour(date: string, hour: number): Date {
  const instant =
    hour >= 24 ? copenhagenLocalToInstant(addDays(date, 1), '00:00') : copenhagenLocalToInstant(date, `${String(hour).padStart(2, '0')}:00`);
  if (!instant) throw new RangeError(`bad hour ${hour} on ${date}`);
  return instant;
}

// Longest Danish run of non-working days is about five (Easter); this bounds the search.
const MAX_DAYS_BACK = 31;

/**
 * The latest instant <= `instant` within working time: `instant` itself if it
 * is working time, otherwise one millisecond before endHour:00 on the last
 * working day (working time ends before endHour, BRIEF-style "hour < endHour").
 */
export function lastWorkingTimeBefore(instant: Date, startHour = 8, endHour = 16): Date {
  if (isWorkingTime(instant, startHour, endHour)) return instant;
  const today = instantToCopenhagenParts(instant).date;
  for (let back = 0; back <= MAX_DAYS_BACK; back++) {
    const date = addDays(today, -back);
    if (isDanishNonWorkingDay(date)) continue;
    const start = atHour(date, startHour);
    if (start.getTime() > instant.getTime()) continue;
    return new Date(atHour(date, endHour).getTime() - 1);
  }
  throw new RangeError('no working day found');
}

/**
 * When to warn the coordinators about a deadline nobody would be at work for:
 * warnHour:00 Copenhagen time on the last working day whose warnHour:00 is
 * before the deadline (Saturday 10:00 → Friday 12:00; Wednesday 17:00 → the
 * same Wednesday 12:00; Tuesday 03:00 → Monday 12:00). Null if the deadline
 * is within working time (08–16), where the usual reminders reach someone.
 * The result may already be in the past; the caller decides what to do then.
 */
export function previousWorkingDayWarningAt(deadline: Date, warnHour = 12): Date | null {
  if (isWorkingTime(deadline)) return null;
  const deadlineDate = instantToCopenhagenParts(deadline).date;
  for (let back = 0; back <= MAX_DAYS_BACK; back++) {
    const date = addDays(deadlineDate, -back);
    if (isDanishNonWorkingDay(date)) continue;
    const warnAt = atHour(date, warnHour);
    if (warnAt.getTime() < deadline.getTime()) return warnAt;
  }
  throw new RangeError('no working day found');
}
