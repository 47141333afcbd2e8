/**
 * Hostile values for the fuzz suite (test/e2e/fuzz.test.ts): what a broken client, a tampered card
 * or an attacker can put where Teams would put a string. Seeded through fast-check, so a CI run is
 * reproducible.
 */
import fc from 'fast-check';

export const SEED = 20261123;

/** Same seed, a different stream per use. */
export function sample<T>(arb: fc.Arbitrary<T>, numRuns: number, salt: number): T[] {
  return fc.sample(arb, { seed: SEED + salt, numRuns });
}

/** An object with own `__proto__` and `constructor` keys (a literal would set the prototype instead). */
export function pollution(): Record<string, unknown> {
  return JSON.parse('{"__proto__":{"polluted":"yes","isAdmin":true},"constructor":{"prototype":{"polluted":"yes"}},"toString":"x"}');
}

export const HUGE = 'x'.repeat(10_000);
export const CONTROL = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('') + '\u007f\u0085';
export const RTL = '\u202Eevil\u202C \u200Fשלום\u200E مرحبا \u2066x\u2069';
export const EMOJI = '😀🔥💥👩‍👩‍👧‍👦🏳️‍🌈 \u{1F600}'.repeat(3);
export const CPR_LIKE = ['010203-1234', '010203 - 1234', '0102031234', '010203\u22121234', '０１０２０３－１２３４', '010203\u00ad-1234', '311299/1234'];
export const LONE_SURROGATES = '\uD800 \uDFFF x\uD83D';

/** A value of the wrong kind, one of each, in a fixed order: every field gets every kind. */
export function wrongKinds(): { kind: string; value: unknown }[] {
  return [
    { kind: 'number', value: 42 },
    { kind: 'negative float', value: -1.5e308 },
    { kind: 'boolean', value: true },
    { kind: 'null', value: null },
    { kind: 'object', value: { a: 1 } },
    { kind: 'toString object', value: { toString: 'x', valueOf: {} } },
    { kind: 'array', value: ['a', 'b'] },
    { kind: 'empty array', value: [] },
    { kind: 'huge string', value: HUGE },
    { kind: 'empty string', value: '' },
    { kind: 'prototype keys', value: pollution() },
  ];
}

const special = fc.constantFrom<unknown>(
  null,
  true,
  false,
  0,
  -1,
  1e308,
  -0,
  '',
  ' ',
  [],
  {},
  ['a', 'b'],
  [1, [2, [3]]],
  { toString: 'x' },
  { toString: {} },
  { valueOf: '1', toString: null },
  { a: { b: { c: {} } } },
  HUGE,
  '€'.repeat(10_000),
  CONTROL,
  RTL,
  EMOJI,
  LONE_SURROGATES,
  '../../../etc/passwd',
  '"\'`;--',
  '<script>alert(1)</script>',
  '[klik](https://evil.example/phish)',
  '${jndi:ldap://x}',
  '{{caseId}}',
  'null',
  'undefined',
  '[object Object]',
  ...CPR_LIKE,
);

/** Anything a JSON body can carry where a card input's string is expected. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: special, weight: 6 },
  { arbitrary: fc.constant(null).map(() => pollution()), weight: 1 },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 1 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 60 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }), weight: 2 },
  { arbitrary: fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }), weight: 1 },
  { arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }), weight: 1 },
  { arbitrary: fc.constantFrom(...CPR_LIKE).chain((cpr) => fc.string({ maxLength: 20 }).map((s) => `${s} ${cpr} ${s}`)), weight: 1 },
);

/** A toString-bearing object, the way JSON can carry one. */
export const toStringObject: fc.Arbitrary<Record<string, unknown>> = fc.constantFrom<Record<string, unknown>>(
  { toString: 'x' },
  { toString: {} },
  { toString: null, valueOf: null },
  { toString: 'Et brev blev sendt forkert', valueOf: 7 },
  JSON.parse('{"toString":"a","__proto__":{"toString":"b"}}'),
);

/** Ids a card could carry back tampered with. */
export const hostileId: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>('', ' ', HUGE, '../', '../../cases/x', "'", '"', "' or ''='", 'a/b', 'a\\b', '#', '?', '%00', '\u0000', 'ø', '案件', '😀', 'none', 'x'.repeat(65), null, 0, 42, true, {}, [], { toString: 'x' }),
  fc.string({ unit: 'binary', maxLength: 80 }),
);

export const hostileEtag: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>('', '*', 'W/"x"', 'W/"datetime\'2020-01-01T00%3A00%3A00Z\'"', '"', HUGE, null, 1, {}, [], '\u0000'),
  fc.string({ unit: 'binary', maxLength: 80 }),
);

/** Message text: random unicode, long, mentions only, markdown, <at> soup, commands with junk. */
export function messageTexts(): fc.Arbitrary<{ kind: string; text: string }> {
  const junk = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.constantFrom(...CPR_LIKE, RTL, EMOJI, CONTROL, '<at>x</at>', '**', HUGE.slice(0, 3000)));
  const k = (kind: string) => (text: string) => ({ kind, text });
  return fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }).map(k('unicode')),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }).map(k('graphemes')),
    fc.integer({ min: 8_000, max: 60_000 }).chain((n) => fc.constantFrom('a', 'ø', '😀', 'anmeld ', 'tilmeld ').map((s) => s.repeat(Math.ceil(n / s.length)))).map(k('very long')),
    fc.integer({ min: 1, max: 5 }).map((n) => '<at>Brudvagt</at> '.repeat(n)).map(k('only mentions')),
    fc.constantFrom('# Titel', '**fed** _kursiv_ `kode`', '[klik her](https://evil.example/login)', '![](https://evil.example/x.png)', '> citat\n\n- a\n- b', '```\nkode\n```', '<b>html</b>', '| a | b |\n|---|---|').map(k('markdown')),
    fc.array(fc.constantFrom('<at>', '</at>', '<at>Brudvagt</at>', '<at>Nogen</at>', '<at', 'at>', '<<at>>', 'tilmeld', ' '), { minLength: 1, maxLength: 12 }).map((p) => p.join('')).map(k('<at> soup')),
    fc.tuple(fc.constantFrom('tilmeld', 'afmeld', 'enheder', 'anmeld', 'report', 'mine sager', 'hjælp', 'annuller', 'TILMELD', 'tilmeld  central'), junk).map(([c, j]) => `${c} ${j}`).map(k('command + junk')),
  );
}
