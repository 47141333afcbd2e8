/**
 * Detection and masking of CPR-like numbers (DDMMYY-SSSS with a valid date), and the one masking
 * function every typed text passes through before it is stored, posted or echoed.
 *
 * Why no modulus-11 check: CPR numbers issued since 2007 may fail it, and a missed real number is
 * worse than masking a harmless one. For the same reason a number glued to letters ("cpr0102031234")
 * still counts; only a longer digit run (phone or account numbers, 12-digit ids) is excluded, because
 * the look-around is on digits only.
 *
 * What a digit is: every Unicode decimal digit (\p{Nd}) in every script, not only 0–9. A reader sees
 * a CPR number in Arabic-Indic (٠١٠٢٠٣-١٢٣٤), Devanagari (०१०२०३-१२३४), Bengali, Thai … digits as
 * well, so they are matched, their values are read for the date check (each script's digits are ten
 * code points in a row from its zero, a guarantee of the Unicode stability policy), and they count in
 * the look-arounds: a run of digits in any mix of scripts longer than ten is not a CPR number.
 * (Full-width and mathematical digits become ASCII digits by NFKC already.)
 *
 * Between the date and the serial: nothing, or any run of separators (dashes of every kind, the minus
 * sign, slash, dot, underscore) and whitespace in any number and any mix: "110740----7390" and
 * "010203 - - 1234" show a CPR number as plainly as "010203-1234".
 *
 * The masked form: the date, written in ASCII digits whatever script it was typed in, then "-xxxx"
 * ("٠١٠٢٠٣-١٢٣٤" → "010203-xxxx", "110740----7390" → "110740-xxxx"). One form for every way of
 * writing keeps the date readable to the coordinators who tell cases apart by it, lets mentionsCpr
 * recognise a number that was masked before, and makes masking idempotent ("-xxxx" holds no digit).
 *
 * Why normalize first: people paste from Word, mail, PDFs and phones. What reaches us can hold
 * full-width digits, typographic dashes and minus signs, soft hyphens and zero-width characters that
 * the eye does not see, and spaces, tabs or a line break around the separator. All of those still
 * show a CPR number to a reader, so all of them must be caught. Control characters (NUL, BEL, ESC,
 * backspace …) are dropped on the way: no person types them, and a stored one reaches every reader
 * of the text (an incident title is shown to every reporter). Line feed and tab are kept; a carriage
 * return becomes a line feed.
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
 * Control characters (Unicode category Cc: U+0000–U+001F, U+007F–U+009F) but line feed and tab.
 * A carriage return is turned into a line feed before these are dropped.
 */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/**
 * NFKC turns full-width digits and dashes into ASCII and compatibility spaces into spaces; the
 * invisible characters and the control characters are dropped (a carriage return becomes a line
 * feed first). The stored text then reads as typed, but for compatibility forms (² becomes 2, ½
 * becomes 1⁄2, a ligature its letters). Invisible and control characters go first and again after,
 * so that one pass is final: normalizing the result again changes nothing (an invisible character
 * between a letter and a combining mark would otherwise only compose on a second pass).
 */
export function normalizeTyped(text: string): string {
  const visible = (s: string) => s.replace(INVISIBLE, '').replace(CONTROL, '');
  return visible(visible(text.replace(/\r\n?/g, '\n')).normalize('NFKC'));
}

const DIGIT = /\p{Nd}/u;
const DIGITS = /\p{Nd}/gu;
const digitValues = new Map<string, string>();

/**
 * The value of a decimal digit of any script, as an ASCII digit. Unicode encodes every script's
 * decimal digits as ten consecutive code points from its zero, and where two scripts' digits touch
 * (the mathematical digits) each still starts at a zero: the value is the distance from the start
 * of the unbroken stretch of digits, modulo ten.
 */
function asciiDigit(digit: string): string {
  let value = digitValues.get(digit);
  if (value === undefined) {
    const code = digit.codePointAt(0) ?? 0;
    let first = code;
    while (first > 0 && DIGIT.test(String.fromCodePoint(first - 1))) first--;
    value = String((code - first) % 10);
    digitValues.set(digit, value);
  }
  return value;
}

/** `text` with every decimal digit of any script written as its ASCII digit; nothing else changed. */
export function asciiDigits(text: string): string {
  return text.replace(DIGITS, asciiDigit);
}

// Between the date and the serial: nothing, or any run of separators (dashes of every kind, the
// minus sign, slash, dot, underscore) and whitespace (spaces, tabs, line breaks), in any number and mix.
// The run is one character class, disjoint from the digits: a failed match backtracks over it in
// linear time. Digits are \p{Nd}, in the look-arounds too.
const SEPARATOR = '\\-\\u2010-\\u2015\\u2212\\uFE58\\uFE63\\uFF0D/._\\p{Pd}';
const CPR_PATTERN = new RegExp(`(?<!\\p{Nd})(\\p{Nd}{2})(\\p{Nd}{2})(\\p{Nd}{2})[\\s${SEPARATOR}]*(\\p{Nd}{4})(?!\\p{Nd})`, 'gu');

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The century is not known from DDMMYY, so 29 Feb is accepted if YY is a leap year in 19xx or 20xx. */
function isValidCprDate(dd: string, mm: string, yy: string): boolean {
  const day = Number(asciiDigits(dd));
  const month = Number(asciiDigits(mm));
  const year = Number(asciiDigits(yy));
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

/** The masked form maskCpr writes (its date is ASCII; a date typed in another script is seen too). */
const MASKED = /\p{Nd}{6}-xxxx/u;

/** A CPR-like number in clear, or one maskCpr already masked: the reporter was (or must be) told. */
export function mentionsCpr(text: string): boolean {
  return MASKED.test(text) || containsCprLike(text);
}

/**
 * The masking function: normalizes what was pasted, then keeps the date of every CPR-like number
 * (useful to tell cases apart, not identifying on its own), in ASCII digits, and hides the serial:
 * "DDMMYY-xxxx" whatever the script and the separators. Idempotent.
 */
export function maskCpr(text: string): MaskedText {
  const normalized = normalizeTyped(text);
  let out = '';
  let last = 0;
  // Matched on exactly the string that is sliced: the positions cannot drift.
  for (const m of matchesIn(normalized)) {
    // The date is the first six code points (a digit of some scripts is two UTF-16 units).
    out += normalized.slice(last, m.start) + `${asciiDigits([...m.text].slice(0, 6).join(''))}-xxxx`;
    last = m.end;
  }
  return (out + normalized.slice(last)) as MaskedText;
}
