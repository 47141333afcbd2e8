/**
 * Detection and masking of CPR-like numbers (DDMMYY-SSSS with a valid date), and the one masking
 * function every typed text passes through before it is stored, posted or echoed.
 *
 * Why no modulus-11 check: CPR numbers issued since 2007 may fail it, and a missed real number is
 * worse than masking a harmless one. For the same reason a number glued to letters ("cpr0102031234")
 * still counts; only a longer digit run (phone or account numbers, 12-digit ids) is excluded, because
 * the look-around is on digits only.
 *
 * Why normalize first: people paste from Word, mail, PDFs and phones. What reaches us can hold
 * full-width digits, typographic dashes and minus signs, soft hyphens and zero-width characters that
 * the eye does not see, and spaces, tabs or a line break around the separator. All of those still
 * show a CPR number to a reader, so all of them must be caught.
 */
import type { MaskedText } from './maskedText';

export interface CprMatch {
  start: number;
  end: number;
  text: string;
}

/**
 * Invisible characters that can sit inside a number without showing: soft hyphen, zero-width
 * space/joiners, word joiner and invisible operators, BOM, Mongolian vowel separator, LRM/RLM and
 * the bidi embeddings and isolates.
 */
const INVISIBLE = /[\u00AD\u034F\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;

/**
 * NFKC turns full-width digits and dashes into ASCII and compatibility spaces into spaces; the
 * invisible characters are dropped. The stored text then reads as typed, but for compatibility forms
 * (² becomes 2, ½ becomes 1⁄2, a ligature its letters). Invisible characters go first and again after,
 * so that one pass is final: normalizing the result again changes nothing (an invisible character
 * between a letter and a combining mark would otherwise only compose on a second pass).
 */
export function normalizeTyped(text: string): string {
  return text.replace(INVISIBLE, '').normalize('NFKC').replace(INVISIBLE, '');
}

// Between the date and the serial: nothing, or up to three separators (dashes of every kind, the
// minus sign, slash, dot, underscore) with whitespace (spaces, tabs, a line break) on either side.
const SEPARATOR = '[\\-\\u2010-\\u2015\\u2212\\uFE58\\uFE63\\uFF0D/._]';
const CPR_PATTERN = new RegExp(`(?<!\\d)(\\d{2})(\\d{2})(\\d{2})(?:\\s{0,8}${SEPARATOR}{1,3}\\s{0,8}|\\s{1,8})?(\\d{4})(?!\\d)`, 'g');

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

/**
 * A UUID is hexadecimal: about one in two hundred random ones holds ten decimal digits in a row with a
 * valid date in front (…-0604050228a1). In the bot's own ids (a case id on a card, checked by the input
 * gate and the privacy scan) those are not CPR numbers. In typed text nothing is exempt: a number
 * hidden in a UUID-shaped token is masked like any other.
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export interface FindOptions {
  /** Digit runs inside UUID-shaped tokens are ids, not CPR numbers (for ids, never for typed text). */
  uuidsAreIds?: boolean;
}

/** Matches in text that is already normalized (positions refer to it). */
function matchesIn(normalized: string, options: FindOptions = {}): CprMatch[] {
  const uuids = options.uuidsAreIds ? [...normalized.matchAll(UUID)].map((u) => [u.index ?? 0, (u.index ?? 0) + u[0].length] as const) : [];
  const matches: CprMatch[] = [];
  for (const m of normalized.matchAll(CPR_PATTERN)) {
    if (!isValidCprDate(m[1], m[2], m[3])) continue;
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (uuids.some(([from, to]) => start >= from && end <= to)) continue;
    matches.push({ start, end, text: m[0] });
  }
  return matches;
}

/** CPR-like numbers in `text`; positions refer to `normalizeTyped(text)`. */
export function findCprLike(text: string, options: FindOptions = {}): CprMatch[] {
  return matchesIn(normalizeTyped(text), options);
}

export function containsCprLike(text: string, options: FindOptions = {}): boolean {
  return findCprLike(text, options).length > 0;
}

const MASKED = /\d{6}-xxxx/;

/** A CPR-like number in clear, or one maskCpr already masked: the reporter was (or must be) told. */
export function mentionsCpr(text: string): boolean {
  return MASKED.test(text) || containsCprLike(text);
}

/**
 * The masking function: normalizes what was pasted, then keeps the date of every CPR-like number
 * (useful to tell cases apart, not identifying on its own) and hides the serial. Idempotent.
 */
export function maskCpr(text: string): MaskedText {
  const normalized = normalizeTyped(text);
  let out = '';
  let last = 0;
  // Matched on exactly the string that is sliced: the positions cannot drift.
  for (const m of matchesIn(normalized)) {
    out += normalized.slice(last, m.start) + `${m.text.slice(0, 6)}-xxxx`;
    last = m.end;
  }
  return (out + normalized.slice(last)) as MaskedText;
}
