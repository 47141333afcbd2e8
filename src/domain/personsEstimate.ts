/**
 * "Hvor mange personer er ca. berørt?" asks for an estimate, and people answer with one: "ca. 400",
 * "10-20", "over 100", "ved ikke". This parses such an answer (Danish or English) into the number it
 * means and how sure it is, and says it back in the reader's language. Pure, no locale state.
 *
 * The number a range or bound means is its upper end where there is one ("10-20" → 20, "under 10" →
 * 10) and its lower end otherwise ("over 100" → 100): the larger figure is the safe one for a risk
 * assessment, and for "over 100" nothing larger is known.
 */
export type PersonsKind = 'exact' | 'approximate' | 'unknown';

export interface PersonsEstimate {
  kind: PersonsKind;
  /** The number it means; 0 when unknown. */
  count: number;
  /** For a range or "over N": the lower end. */
  low?: number;
  /** For a range or "under N": the upper end. */
  high?: number;
}

export const MAX_PERSONS = 10_000_000;

export type PersonsParse = { ok: true; estimate: PersonsEstimate } | { ok: false; error: 'required' | 'invalid' | 'negative' | 'tooLarge' };

const UNKNOWN = /^(ved\s+ikke|ved\s+det\s+ikke|ukendt|uvist|ikke\s+kendt|usikkert?|don'?t\s+know|do\s+not\s+know|unknown|not\s+known|n\/?a|\?+)$/;
const ABOUT = /^(ca\.?|cirka|circa|omkring|omtrent|om\s*trent|ungefær|~|≈|about|approx\.?|approximately|around|roughly|estimated|est\.?)\s*/;
const OVER = /^(over|mere\s+end|flere\s+end|mindst|more\s+than|at\s+least|above|>=?|≥)\s*/;
const UNDER = /^(under|færre\s+end|mindre\s+end|højst|less\s+than|fewer\s+than|at\s+most|below|<=?|≤)\s*/;
/** 400, 1.000, 1 000, 1,000 (thousands grouped by dot, space or comma; Danish or English). */
const NUMBER = /^(\d{1,3}(?:[. ,]\d{3})+|\d+)/;
const RANGE_SEP = /^\s*(?:-|–|—|til|to|og|and)\s*/;
const SUFFIX = /^\s*(\+|personer|person|borgere|borger|elever|ansatte|people|persons|person|citizens)?\s*$/;

function normalize(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}

function readNumber(s: string): { n: number; rest: string } | null {
  const m = NUMBER.exec(s);
  if (!m) return null;
  const n = Number(m[1].replace(/[. ,]/g, ''));
  return Number.isSafeInteger(n) ? { n, rest: s.slice(m[0].length) } : null;
}

/** Parses what a person typed. Never throws. */
export function parsePersons(raw: string): PersonsParse {
  let s = normalize(raw);
  if (s === '') return { ok: false, error: 'required' };
  if (UNKNOWN.test(s)) return { ok: true, estimate: { kind: 'unknown', count: 0 } };
  if (/^-\s*\d/.test(s)) return { ok: false, error: 'negative' };
  let kind: PersonsKind = 'exact';
  let bound: 'over' | 'under' | null = null;
  const about = ABOUT.exec(s);
  if (about) {
    kind = 'approximate';
    s = s.slice(about[0].length);
  }
  const over = OVER.exec(s);
  const under = over ? null : UNDER.exec(s);
  if (over || under) {
    kind = 'approximate';
    bound = over ? 'over' : 'under';
    s = s.slice((over ?? under)![0].length);
  }
  const first = readNumber(s);
  if (!first) return { ok: false, error: 'invalid' };
  let rest = first.rest;
  let estimate: PersonsEstimate;
  const sep = bound === null ? RANGE_SEP.exec(rest) : null;
  const second = sep ? readNumber(rest.slice(sep[0].length)) : null;
  if (sep && second) {
    rest = second.rest;
    const low = Math.min(first.n, second.n);
    const high = Math.max(first.n, second.n);
    estimate = low === high ? { kind, count: high } : { kind: 'approximate', count: high, low, high };
  } else if (bound === 'over') {
    estimate = { kind, count: first.n, low: first.n };
  } else if (bound === 'under') {
    estimate = { kind, count: first.n, high: first.n };
  } else {
    const plus = /^\s*\+/.exec(rest);
    estimate = plus ? { kind: 'approximate', count: first.n, low: first.n } : { kind, count: first.n };
  }
  if (!SUFFIX.test(rest)) return { ok: false, error: 'invalid' };
  if (estimate.count > MAX_PERSONS) return { ok: false, error: 'tooLarge' };
  return { ok: true, estimate };
}

/**
 * The estimate a stored report carries. Cases stored before estimates existed hold a plain number
 * only (the form then accepted digits only): they read as `exact`, the reading the parser gives the
 * same digits today, so an old case and a new one with the same answer say the same thing.
 */
export function estimateOf(report: { personsAffected: number; personsEstimate?: PersonsEstimate }): PersonsEstimate {
  return report.personsEstimate ?? { kind: 'exact', count: report.personsAffected };
}

const PHRASES = {
  da: { about: 'ca. {n}', over: 'over {n}', under: 'under {n}', range: '{low}–{high}', unknown: 'ukendt (anmelderen vidste det ikke)' },
  en: { about: 'about {n}', over: 'over {n}', under: 'under {n}', range: '{low}–{high}', unknown: "unknown (the reporter didn't know)" },
} as const;

export function formatCount(n: number, locale: 'da' | 'en'): string {
  return n.toLocaleString(locale === 'da' ? 'da-DK' : 'en-GB');
}

/** "1 person", "2 personer" / "1 person", "2 persons": a count of persons with the noun in its number (never «1 personer»). */
export function formatPersonCount(n: number, locale: 'da' | 'en'): string {
  const noun = n === 1 ? 'person' : locale === 'da' ? 'personer' : 'persons';
  return `${formatCount(n, locale)} ${noun}`;
}

/** "ca. 400", "10–20", "over 100", "ukendt …", "3" — in the reader's language and number format. */
export function formatPersons(e: PersonsEstimate, locale: 'da' | 'en'): string {
  const p = PHRASES[locale];
  const n = (x: number) => formatCount(x, locale);
  if (e.kind === 'unknown') return p.unknown;
  if (e.low !== undefined && e.high !== undefined) return p.range.replace('{low}', n(e.low)).replace('{high}', n(e.high));
  if (e.low !== undefined) return p.over.replace('{n}', n(e.low));
  if (e.high !== undefined) return p.under.replace('{n}', n(e.high));
  if (e.kind === 'approximate') return p.about.replace('{n}', n(e.count));
  return n(e.count);
}
