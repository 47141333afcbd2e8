/**
 * Europe/Copenhagen wall clock <-> instants. Deadlines are instants (UTC ms);
 * people read and type Copenhagen wall-clock time, so every conversion goes
 * through here and never through the server's own time zone.
 */
export const ZONE = 'Europe/Copenhagen';

const HOUR_MS = 3_600_000;

const partsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function formattedWallClock(instant: Date): WallClock {
  const p: Record<string, number> = {};
  for (const part of partsFormatter.formatToParts(instant)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second };
}

/**
 * Copenhagen's offset changes only on whole UTC hours (DST at 01:00 UTC), so it is asked of Intl once per
 * UTC hour and cached: the reminder rules convert many instants per case, and formatToParts is slow.
 */
const offsetByUtcHour = new Map<number, number>();

function offsetOfUtcHour(hour: number): number {
  let offset = offsetByUtcHour.get(hour);
  if (offset === undefined) {
    const w = formattedWallClock(new Date(hour * HOUR_MS));
    offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - hour * HOUR_MS;
    if (offsetByUtcHour.size > 50_000) offsetByUtcHour.clear();
    offsetByUtcHour.set(hour, offset);
  }
  return offset;
}

function wallClockOf(instant: Date): WallClock {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) return formattedWallClock(instant); // throws as Intl does
  const local = new Date(ms + offsetOfUtcHour(Math.floor(ms / HOUR_MS)));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** Offset of Copenhagen from UTC at `instant`, in ms (+1 h in winter, +2 h in summer). */
function offsetMsAt(instantMs: number): number {
  const w = wallClockOf(new Date(instantMs));
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wallAsUtc - Math.floor(instantMs / 1000) * 1000;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Copenhagen wall-clock date ('YYYY-MM-DD') and time ('HH:mm', as Adaptive Card
 * Input.Date / Input.Time deliver them) to an instant; null if malformed or not a real date.
 *
 * DST edge cases, chosen so a deadline counted from this instant is never late:
 * - A time in the spring-forward gap (2026-03-29 02:30 does not exist) is read
 *   with the offset before the change, i.e. 03:30 CEST (01:30Z).
 * - An ambiguous fall-back time (2026-10-25 02:30 happens twice) gives the
 *   EARLIER instant (02:30 CEST = 00:30Z), so the 72 hours end no later than
 *   under the other reading.
 */
export function copenhagenLocalToInstant(date: string, time: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [hour, minute] = [Number(t[1]), Number(t[2])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59) return null;

  const wallMs = Date.UTC(year, month - 1, day, hour, minute);
  // Offsets a day either side bracket any single DST change.
  const offsetBefore = offsetMsAt(wallMs - 24 * HOUR_MS);
  const offsetAfter = offsetMsAt(wallMs + 24 * HOUR_MS);
  const candidates = [wallMs - offsetBefore, wallMs - offsetAfter].filter(
    (ms) => ms + offsetMsAt(ms) === wallMs,
  );
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  return new Date(wallMs - offsetBefore); // in the gap
}

export interface CopenhagenParts {
  date: string;
  time: string;
  /** 1 = Monday .. 7 = Sunday */
  weekday: number;
  hour: number;
  minute: number;
  year: number;
  month: number;
  day: number;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

export function instantToCopenhagenParts(instant: Date): CopenhagenParts {
  const w = wallClockOf(instant);
  const sundayZero = new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay();
  return {
    date: `${String(w.year).padStart(4, '0')}-${pad2(w.month)}-${pad2(w.day)}`,
    time: `${pad2(w.hour)}:${pad2(w.minute)}`,
    weekday: sundayZero === 0 ? 7 : sundayZero,
    hour: w.hour,
    minute: w.minute,
    year: w.year,
    month: w.month,
    day: w.day,
  };
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Built by hand rather than by Intl so the text does not change with the ICU version. */
export function formatCopenhagen(instant: Date, locale: 'da' | 'en'): string {
  const p = instantToCopenhagenParts(instant);
  if (locale === 'da') return `${pad2(p.day)}.${pad2(p.month)}.${p.year} kl. ${p.time}`;
  return `${p.day} ${EN_MONTHS[p.month - 1]} ${p.year}, ${p.time}`;
}

/**
 * Time left as "2 d 5 t 3 min" / "2 d 5 h 3 min"; zero units are left out.
 * Rounded so the text never looks better than reality: time left is rounded
 * down, time overdue is rounded up.
 */
export function formatDuration(ms: number, locale: 'da' | 'en'): string {
  const overdue = ms < 0;
  const totalMinutes = overdue ? Math.ceil(-ms / 60_000) : Math.floor(ms / 60_000);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  const hourUnit = locale === 'da' ? 't' : 'h';
  const parts: string[] = [];
  if (days > 0) parts.push(`${days} d`);
  if (hours > 0) parts.push(`${hours} ${hourUnit}`);
  if (minutes > 0 || parts.length === 0) parts.push(`${minutes} min`);
  const text = parts.join(' ');
  if (!overdue) return text;
  return locale === 'da' ? `overskredet med ${text}` : `overdue by ${text}`;
}
