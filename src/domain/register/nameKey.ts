/**
 * Names of systems and suppliers as people type them (issue 18 part 4): «KMD A/S», «kmd», «K M D» and
 * «KMD  a/s» are one supplier. `nameKey` turns a typed name into the key the repeat counts, the
 * statistics and the export group by. Pure.
 *
 * What is the same (decided here, README «Systemer og leverandører»):
 * - case, spacing and punctuation: «K.M.D.», «k m d» and «KMD» are one key; only letters and digits stay;
 * - Danish letters are written out (æ → ae, ø → oe, å → aa; ä, ö, ü, ß likewise), so «Århus» = «Aarhus»,
 *   and other accents are dropped («Café» = «Cafe»);
 * - company forms as a trailing word: A/S, ApS, I/S, P/S, K/S, IVS, IS, SMBA, AMBA, FMBA, Ltd, Limited,
 *   GmbH, Inc, Corp, LLC, PLC, AB, AS, ASA, Oy, Oyj, SE, AG, BV, NV, SA, SARL, SRL (any case, with or
 *   without dots and slashes), several in a row too («Visma Enterprise A/S ApS» = «Visma Enterprise»).
 *   Never the only word: «AB» alone stays «ab».
 * - answers that are not names («ved ikke», «ukendt», «ingen», «-», «n/a», «unknown» …) have no key (''):
 *   they must not make every unknown system a repeat of every other.
 * What is NOT the same on its own: a country or a subsidiary («KMD Danmark» ≠ «KMD»: a national company
 * may be another legal entity with another data processing agreement) and a product beside its maker
 * («KMD Opus» ≠ «KMD»). The central group merges those with `flet` (src/app/nameAliases.ts).
 *
 * Idempotent: nameKey(nameKey(x)) = nameKey(x) (a key is one word of [a-z0-9], and a single word is never
 * stripped). The result is at most NAME_KEY_MAX characters.
 */

export const NAME_KEY_MAX = 80;

/** Trailing words that name a company form, written without dots and slashes. */
const COMPANY_FORMS: ReadonlySet<string> = new Set([
  'as', 'aps', 'is', 'ps', 'ks', 'ivs', 'smba', 'amba', 'fmba',
  'ltd', 'limited', 'gmbh', 'inc', 'corp', 'llc', 'plc',
  'ab', 'asa', 'oy', 'oyj', 'se', 'ag', 'bv', 'nv', 'sa', 'sarl', 'srl',
]);

/** Whole answers that say «no name» (as keys: no spaces). */
const NOT_NAMES: ReadonlySet<string> = new Set([
  'vedikke', 'vedjegikke', 'vedikkehvilket', 'ukendt', 'ingen', 'intet', 'nej', 'na', 'ikkerelevant', 'irrelevant',
  'andet', 'unknown', 'none', 'no', 'dontknow', 'donotknow', 'other', 'notapplicable', 'x', 'xx', 'xxx',
]);

/** Letters written out before accents are dropped (NFKD would turn «ø» into nothing and «å» into «a»). */
const WRITTEN_OUT: Record<string, string> = { æ: 'ae', ø: 'oe', å: 'aa', ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', ı: 'i', œ: 'oe', đ: 'd', ð: 'd', þ: 'th', ł: 'l' };

/** The letters and digits of one word, written out. */
function plain(word: string): string {
  return word
    .replace(/[æøåäöüßıœđðþł]/g, (ch) => WRITTEN_OUT[ch] ?? ch)
    .normalize('NFKD')
    .replace(/[^a-z0-9]/g, '');
}

export function nameKey(name: string): string {
  if (typeof name !== 'string') return '';
  // Lower case first (then ß, Æ … are in WRITTEN_OUT's form); NFKC folds full-width and ligature forms.
  const lower = name.normalize('NFKC').toLowerCase();
  const words = lower
    .split(/[\s,;:()[\]{}<>"'«»“”„‘’\-–—_|+*]+/u)
    .map(plain)
    .filter((w) => w !== '');
  while (words.length > 1 && COMPANY_FORMS.has(words[words.length - 1])) words.pop();
  const key = words.join('').slice(0, NAME_KEY_MAX);
  return NOT_NAMES.has(key) ? '' : key;
}

/** The name as a card, the statistics or the export show it: one line, trimmed, at most `max` characters. */
export function nameLabel(name: string, max = NAME_KEY_MAX): string {
  const line = (typeof name === 'string' ? name : '').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  let end = max - 1;
  const code = line.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${line.slice(0, end).trimEnd()}…`;
}
