/**
 * Property-based: any CPR-like number with a valid date, written in any of the forms people paste
 * (typographic dashes, minus, spaces around the separator, tabs, line breaks, slash, dot, underscore,
 * double dashes, soft hyphens and zero-width characters, full-width digits), inside any text and in
 * any field, comes out of the boundary masked. And (issue 16) in the digits of any script Unicode
 * has, with any run of separators and control characters in between.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { asciiDigits, containsCprLike, maskCpr, normalizeTyped } from '../../src/domain/cpr';
import { pickReportValues, REPORT_FIELDS } from '../../src/domain/report';
import { gateActivity, gateCardData } from '../../src/teams/inputGate';
import { parseChannelCommand } from '../../src/domain/unit';

const SEPARATORS = [
  '', '-', ' ', '  ', '\u00A0', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFF0D', '\uFE63',
  ' - ', '- ', ' -', '--', ' -- ', '/', '.', '_', '\t', '\n', '\r\n', ' \n ', '\u00AD', '\u200B', '\u2060', '\uFEFF', '\u3000',
];
const INVISIBLE = ['\u00AD', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF'];

const pad = (n: number) => String(n).padStart(2, '0');
const fullWidth = (digits: string) => [...digits].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');

interface Written {
  text: string;
  date: string;
  serial: string;
}

/** A CPR-like number with a valid date, written the way a person might paste it. */
const cprWritten: fc.Arbitrary<Written> = fc
  .record({
    day: fc.integer({ min: 1, max: 28 }),
    month: fc.integer({ min: 1, max: 12 }),
    year: fc.integer({ min: 0, max: 99 }),
    serial: fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
    separator: fc.constantFrom(...SEPARATORS),
    wide: fc.boolean(),
    invisible: fc.option(fc.tuple(fc.integer({ min: 1, max: 9 }), fc.constantFrom(...INVISIBLE)), { nil: undefined }),
  })
  .map(({ day, month, year, serial, separator, wide, invisible }) => {
    const date = `${pad(day)}${pad(month)}${pad(year)}`;
    let digits = date + '|' + serial;
    if (invisible) {
      const [at, char] = invisible;
      const position = at >= 6 ? at + 1 : at; // skip the '|' placeholder
      digits = digits.slice(0, position) + char + digits.slice(position);
    }
    const [left, right] = digits.split('|');
    const write = (s: string) => (wide ? s.replace(/\d+/g, fullWidth) : s);
    return { text: write(left) + separator + write(right), date, serial };
  });

/** Text around the number that does not glue more digits onto it. */
const SPICE = ['\u0301', '\u0308', '\u200B', '\u00AD', '\u2060', '\uFEFF', 'e', 'å', '\u{1F600}', '\u202E', '²', 'ﬁ'];
const surrounding = fc
  .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 4 }), fc.constantFrom(...SPICE)), { maxLength: 12 })
  .map((parts) => parts.join('').replace(/[0-9\uFF10-\uFF19\u2070-\u2079\u2080-\u2089\u00B2\u00B3\u00B9]/g, 'x'));
const inText = fc.tuple(surrounding, cprWritten, surrounding).map(([before, cpr, after]) => ({ ...cpr, text: `${before} ${cpr.text} ${after}` }));

function assertMasked(output: string, cpr: Written): void {
  assert.equal(containsCprLike(output), false, `clear CPR left in ${JSON.stringify(output)}`);
  // Independent of the masker's own matching: the serial's digits never follow the date.
  assert.doesNotMatch(output.normalize('NFKC'), new RegExp(`${cpr.date}\\D{0,12}${cpr.serial.split('').join('\\D{0,3}')}`), `serial left in ${JSON.stringify(output)}`);
  assert.ok(output.includes(`${cpr.date}-xxxx`), `masked form missing in ${JSON.stringify(output)}`);
}

describe('cpr: masking, property-based', () => {
  it('every pasted form of a CPR-like number, inside any text, is masked (2,000 cases)', () => {
    fc.assert(
      fc.property(inText, (cpr) => assertMasked(maskCpr(cpr.text), cpr)),
      { numRuns: 2000, seed: 7 },
    );
  });

  it('masking is idempotent and leaves no serial digits after the date', () => {
    fc.assert(
      fc.property(inText, (cpr) => {
        const once = maskCpr(cpr.text);
        assert.equal(maskCpr(once), once);
        assert.doesNotMatch(once, new RegExp(`${cpr.date}\\D{0,12}${cpr.serial}`));
      }),
      { numRuns: 500, seed: 11 },
    );
  });

  it('in any report field, through pickReportValues (the report boundary)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...REPORT_FIELDS), inText, (field, cpr) => {
        const values = pickReportValues({ [field]: cpr.text });
        assertMasked(values[field], cpr);
      }),
      { numRuns: 500, seed: 13 },
    );
  });

  it('in any card input and in typed text, through the input gate', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), inText, (key, cpr) => {
        const data = gateCardData({ [key]: cpr.text });
        if (Object.hasOwn(data, key)) assertMasked(data[key], cpr);
        const gated = gateActivity({
          type: 'invoke',
          name: 'adaptiveCard/action',
          channelId: 'msteams',
          serviceUrl: 'http://127.0.0.1:1/',
          from: { id: '29:u' },
          recipient: { id: '28:b' },
          conversation: { id: 'a:1' },
          value: { action: { verb: 'case.addNote', data: { note: cpr.text } } },
        });
        assert.ok(gated.ok);
        const note = (gated.activity.value as { action: { data: Record<string, string> } }).action.data.note;
        assertMasked(note, cpr);
        const message = gateActivity({ type: 'message', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:1/', from: { id: '29:u' }, recipient: { id: '28:b' }, conversation: { id: 'a:1' }, text: `tilmeld ${cpr.text}` });
        assert.ok(message.ok);
        const command = parseChannelCommand(message.activity.text ?? '');
        if (command.kind === 'register') assertMasked(command.unitName, cpr);
      }),
      { numRuns: 500, seed: 17 },
    );
  });

  it('numbers that are not CPR-like stay as typed: phone numbers, 8-digit ids, invalid dates', () => {
    for (const text of ['tlf 12 34 56 78', '+45 12345678', 'sag 12345678', '320101-1234', '311301-1234', '010203123456', 'journal 27.00.00-G01-1-26']) {
      assert.equal(maskCpr(text), text);
    }
  });
});

// ---- Issue 16: the digits of every script, any run of separators, control characters -------------

/**
 * The zero of every script's decimal digits, found from Unicode itself: every code point that is
 * \p{Nd} and is the first of a run of ten (where two scripts' digits touch, as the mathematical
 * digits do, each run of ten is one script).
 */
function digitZeros(): number[] {
  const zeros: number[] = [];
  let runLength = 0;
  for (let c = 0; c <= 0x10ffff; c++) {
    if (c >= 0xd800 && c <= 0xdfff) {
      runLength = 0;
      continue;
    }
    if (!/\p{Nd}/u.test(String.fromCodePoint(c))) {
      runLength = 0;
      continue;
    }
    if (runLength % 10 === 0) zeros.push(c);
    runLength++;
  }
  return zeros;
}
const ZEROS = digitZeros();
const inScript = (zero: number, digits: string) => [...digits].map((d) => String.fromCodePoint(zero + Number(d))).join('');

/** What may stand between the date and the serial: separators, whitespace, invisible and control characters. */
const GAP_CHARS = [
  '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE58', '\uFE63', '\uFF0D', '/', '.', '_', '\u301C', '\u058A',
  ' ', '\t', '\n', '\r\n', '\u00A0', '\u3000', '\u2009', '\u00AD', '\u200B', '\u2060', '\uFEFF', '\u0000', '\u0007', '\u001B', '\b', '\u007F', '\u0085',
];
/** Control characters (Cc) but line feed and tab: none may survive maskCpr. */
const CONTROLS = [...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)), ...Array.from({ length: 33 }, (_, i) => String.fromCharCode(0x7f + i))];
const FORBIDDEN_CONTROL = /[^\P{Cc}\n\t]/u;

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const validDate = fc
  .record({ month: fc.integer({ min: 1, max: 12 }), year: fc.integer({ min: 0, max: 99 }), day: fc.integer({ min: 1, max: 31 }) })
  .map(({ month, year, day }) => {
    const last = month === 2 ? (year % 4 === 0 ? 29 : 28) : DAYS[month - 1];
    return `${pad(Math.min(day, last))}${pad(month)}${pad(year)}`;
  });

/** Any text with no digit in it, nor anything NFKC makes a digit of (², ①, ㉑ …); controls included. */
const digitFree = fc
  .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom(...SPICE, ...CONTROLS, '\r\n')), { maxLength: 10 })
  .map((parts) => [...parts.join('')].map((ch) => (/\p{Nd}/u.test(ch.normalize('NFKC')) ? 'x' : ch)).join(''));

interface ScriptWritten extends Written {
  scripts: number[];
}

/**
 * A CPR-like number with a valid date in the digits of any script: one script drawn among all of
 * Unicode's, or (one time in three) a script drawn for each digit; 0–10 separators in between.
 */
const cprInAnyScript: fc.Arbitrary<ScriptWritten> = fc
  .record({
    date: validDate,
    serial: fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
    script: fc.constantFrom(...ZEROS),
    mixed: fc.option(fc.array(fc.constantFrom(...ZEROS), { minLength: 10, maxLength: 10 }), { freq: 2, nil: undefined }),
    gap: fc.array(fc.constantFrom(...GAP_CHARS), { minLength: 0, maxLength: 10 }).map((g) => g.join('')),
    before: digitFree,
    after: digitFree,
  })
  .map(({ date, serial, script, mixed, gap, before, after }) => {
    const scripts = mixed ?? Array(10).fill(script);
    const write = (digits: string, from: number) => [...digits].map((d, i) => inScript(scripts[from + i], d)).join('');
    return { text: `${before} ${write(date, 0)}${gap}${write(serial, 6)} ${after}`, date, serial, scripts };
  });

/** The number is masked: its date kept in ASCII, not one digit of its serial left (the text around holds no digits). */
function assertMaskedInAnyScript(output: string, cpr: ScriptWritten): void {
  const where = `${JSON.stringify(output)} (scripts ${cpr.scripts.map((z) => z.toString(16)).join(',')})`;
  assert.equal(containsCprLike(output), false, `clear CPR left in ${where}`);
  assert.ok(output.includes(`${cpr.date}-xxxx`), `masked form missing in ${where}`);
  // Independent of the masker's matching: the only digits left, in any script, are the date's.
  assert.equal(asciiDigits(output.normalize('NFKC')).replace(/[^0-9]/g, ''), cpr.date, `serial digits left in ${where}`);
  assert.doesNotMatch(output, FORBIDDEN_CONTROL, `control character left in ${where}`);
}

describe('cpr: masking in the digits of every script, property-based (issue 16)', () => {
  it(`the digit scripts are found from Unicode itself: ${ZEROS.length} of them, ASCII, Arabic-Indic, Devanagari, Thai, full-width, mathematical among them`, () => {
    assert.ok(ZEROS.length >= 60, `${ZEROS.length} scripts`);
    for (const zero of [0x30, 0x660, 0x6f0, 0x966, 0x9e6, 0xe50, 0xff10, 0x1d7ce, 0x1d7d8, 0x1d7f6]) assert.ok(ZEROS.includes(zero), zero.toString(16));
    for (const zero of ZEROS) assert.equal(asciiDigits(inScript(zero, '0123456789')), '0123456789', zero.toString(16));
  });

  it('every CPR-like number in any script, with any run of separators, inside any text, is masked (3,000 cases)', () => {
    fc.assert(
      fc.property(cprInAnyScript, (cpr) => assertMaskedInAnyScript(maskCpr(cpr.text), cpr)),
      { numRuns: 3000, seed: 19 },
    );
  });

  it('each script, every one of them, with a random run of separators', () => {
    for (const [i, zero] of ZEROS.entries()) {
      fc.assert(
        fc.property(cprInAnyScript, (drawn) => {
          const scripts = Array(10).fill(zero);
          const cpr = { ...drawn, scripts, text: drawn.text.replace(/\p{Nd}/gu, (d) => inScript(zero, asciiDigits(d))) };
          assertMaskedInAnyScript(maskCpr(cpr.text), cpr);
        }),
        { numRuns: 20, seed: 100 + i },
      );
    }
  });

  it('masking is idempotent, in any script', () => {
    fc.assert(
      fc.property(cprInAnyScript, (cpr) => {
        const once = maskCpr(cpr.text);
        assert.equal(maskCpr(once), once);
        assert.equal(normalizeTyped(once), once);
      }),
      { numRuns: 1000, seed: 23 },
    );
  });

  it('no control character but line feed and tab survives maskCpr, whatever the text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom(...CONTROLS, '\r\n', '\r')), { maxLength: 20 }), (parts) => {
        const out = maskCpr(parts.join(''));
        assert.doesNotMatch(out, FORBIDDEN_CONTROL, JSON.stringify(out));
        assert.equal(maskCpr(out), out);
      }),
      { numRuns: 1000, seed: 29 },
    );
  });

  /** Digit runs in any script that are not CPR-like: too short or too long, or an impossible date; glued by letters. */
  const notCprPiece = fc.oneof(
    fc.tuple(fc.constantFrom(...ZEROS), fc.oneof(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 11, max: 16 })), fc.integer({ min: 0, max: 9 })).map(([zero, length, first]) =>
      inScript(zero, Array.from({ length }, (_, i) => String((first + i * 7) % 10)).join('')),
    ),
    fc
      .record({
        zero: fc.constantFrom(...ZEROS),
        date: fc.oneof(
          fc.integer({ min: 32, max: 99 }).map((d) => `${d}0180`), // day 32–99
          fc.integer({ min: 13, max: 99 }).map((m) => `01${m}80`), // month 13–99
          fc.constant('000180'),
          fc.constant('010080'),
          fc.constant('290201'), // 29 Feb, not a leap year
        ),
        gap: fc.array(fc.constantFrom(...GAP_CHARS), { maxLength: 10 }).map((g) => g.join('')),
      })
      .map(({ zero, date, gap }) => `${inScript(zero, date)}${gap}${inScript(zero, '1234')}`),
  );
  const LETTERS = ['a', 'Z', 'æ', 'ø', 'å', 'é', 'ß', 'Ж', 'ب', 'क', 'ก', '字', '\u{1F600}'];

  it('text with no CPR-like number is unchanged but for normalization, digits of every script included', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(notCprPiece, fc.constantFrom(...LETTERS), digitFree), { minLength: 1, maxLength: 6 }), (pieces) => {
        const text = pieces.map(([digits, letter, words]) => `${digits}${letter}${words}${letter}`).join('');
        assert.equal(containsCprLike(text), false, JSON.stringify(text));
        assert.equal(maskCpr(text), normalizeTyped(text));
      }),
      { numRuns: 1000, seed: 31 },
    );
  });
});
