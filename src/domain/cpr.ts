/**
 * Detection and masking of CPR-like numbers (DDMMYY-SSSS with a valid date).
 *
 * Why no modulus-11 check: CPR numbers issued since 2007 may fail it, and a
 * missed real number is worse than masking a harmless one. For the same reason
 * a number glued to letters ("cpr0102031234") still counts; only a longer digit
 * run (phone or account numbers, 12-digit ids) is excluded, because the
 * look-around is on digits only.
 */
export interface CprMatch {
  start: number;
  end: number;
  text: string;
}

// Separators: nothing, a space (also no-break space), or a dash. Word processors
// turn "-" into typographic dashes, so those count too; masking always writes "-".
const CPR_PATTERN = /(?<!\d)(\d{2})(\d{2})(\d{2})[-\u2010\u2011\u2012\u2013\u2014 \u00A0]?(\d{4})(?!\d)/g;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The century is not known from DDMMYY, so 29 Feb is accepted if YY is a leap year in 19xx or 20xx. */
function isValidCprDate(dd: string, mm: string, yy: string): boolean {
  const day = Number(dd);
  const month = Number(mm);
  const year = Number(yy);
  if (month < 1 || month > 12 || day < 1) return false;
  if (month === 2 && day === 29) return year % 4 === 0;
  return day <= DAYS_IN_MONTH[month - 1];
}

export function findCprLike(text: string): CprMatch[] {
  const matches: CprMatch[] = [];
  for (const m of text.matchAll(CPR_PATTERN)) {
    if (!isValidCprDate(m[1], m[2], m[3])) continue;
    const start = m.index ?? 0;
    matches.push({ start, end: start + m[0].length, text: m[0] });
  }
  return matches;
}

export function containsCprLike(text: string): boolean {
  return findCprLike(text).length > 0;
}

const MASKED = /\d{6}-xxxx/;

/** A CPR-like number in clear, or one maskCpr already masked: the reporter was (or must be) told. */
export function mentionsCpr(text: string): boolean {
  return MASKED.test(text) || containsCprLike(text);
}

/** Keeps the date (useful to tell cases apart, not identifying on its own) and hides the serial. */
export function maskCpr(text: string): string {
  let out = '';
  let last = 0;
  for (const m of findCprLike(text)) {
    out += text.slice(last, m.start) + `${m.text.slice(0, 6)}-xxxx`;
    last = m.end;
  }
  return out + text.slice(last);
}
