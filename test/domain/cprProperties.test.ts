/**
 * Property-based: any CPR-like number with a valid date, written in any of the forms people paste
 * (typographic dashes, minus, spaces around the separator, tabs, line breaks, slash, dot, underscore,
 * double dashes, soft hyphens and zero-width characters, full-width digits), inside any text and in
 * any field, comes out of the boundary masked.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { containsCprLike, maskCpr } from '../../src/domain/cpr';
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
