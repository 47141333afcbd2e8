import { strict as assert } from 'node:assert';
import { asciiDigits, containsCprLike, findCprLike, maskCpr, mentionsCpr, normalizeTyped } from '../../src/domain/cpr';

describe('cpr: findCprLike', () => {
  const cases: { text: string; found: string[]; why: string }[] = [
    { text: '010203-1234', found: ['010203-1234'], why: 'dash' },
    { text: '010203 1234', found: ['010203 1234'], why: 'space' },
    { text: '0102031234', found: ['0102031234'], why: 'no separator' },
    { text: '010203\u20131234', found: ['010203\u20131234'], why: 'en dash from a word processor' },
    { text: '010203-1235', found: ['010203-1235'], why: 'fails modulus-11, still matched' },
    { text: '320101-1234', found: [], why: 'day 32' },
    { text: '000101-1234', found: [], why: 'day 00' },
    { text: '011301-1234', found: [], why: 'month 13' },
    { text: '010001-1234', found: [], why: 'month 00' },
    { text: '310401-1234', found: [], why: '31 April' },
    { text: '300201-1234', found: [], why: '30 February' },
    { text: '290201-1234', found: [], why: '29 Feb 1901/2001 are not leap years' },
    { text: '290200-1234', found: ['290200-1234'], why: '29 Feb 2000' },
    { text: '290204-1234', found: ['290204-1234'], why: '29 Feb 1904/2004' },
    { text: '290296-1234', found: ['290296-1234'], why: '29 Feb 1996' },
    { text: '311299-9999', found: ['311299-9999'], why: '31 December' },
    { text: '010203123456', found: [], why: '12-digit run' },
    { text: '9010203-1234', found: [], why: 'digit before' },
    { text: '010203-12345', found: [], why: 'digit after' },
    { text: '45010203123', found: [], why: '11-digit phone/account number' },
    { text: '010203 123456', found: [], why: 'serial part of a longer run' },
    { text: 'cpr0102031234x', found: ['0102031234'], why: 'letters around still count' },
    { text: 'CPR:010203-1234.', found: ['010203-1234'], why: 'punctuation around' },
    { text: '010203--1234', found: ['010203--1234'], why: 'double separator' },
    { text: 'tlf 12 34 56 78', found: [], why: 'Danish phone number' },
    { text: 'sag 9c872278-4ad6-4648-a783-0604050228a1', found: ['0604050228'], why: 'typed text: a UUID shape hides nothing' },
    { text: 'a 010203-1234 og 150587 4321 samt 2902001111', found: ['010203-1234', '150587 4321', '2902001111'], why: 'several' },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.text)}: ${c.why}`, () => {
      assert.deepEqual(findCprLike(c.text).map((m) => m.text), c.found);
      assert.equal(containsCprLike(c.text), c.found.length > 0);
    });
  }

  it('reports positions that slice back to the match', () => {
    const text = 'borger 010203-1234 fik';
    const [m] = findCprLike(text);
    assert.deepEqual(m, { start: 7, end: 18, text: '010203-1234' });
    assert.equal(text.slice(m.start, m.end), m.text);
  });

  it('in ids (uuidsAreIds) a digit run inside a UUID is not a CPR number; outside one it still is', () => {
    assert.deepEqual(findCprLike('9c872278-4ad6-4648-a783-0604050228a1', { uuidsAreIds: true }), []);
    assert.equal(findCprLike('id 0604050228a1', { uuidsAreIds: true }).length, 1);
  });

  it('invisible characters between letters and combining marks cannot shift the mask (one pass is final)', () => {
    const tricky = 'e\u200B\u0301'.repeat(4) + ' 010203-1234';
    const once = maskCpr(tricky);
    assert.doesNotMatch(once, /1234/);
    assert.equal(maskCpr(once), once);
  });

  it('is stateless across calls (global regex)', () => {
    assert.equal(containsCprLike('010203-1234'), true);
    assert.equal(containsCprLike('010203-1234'), true);
  });
});

describe('cpr: maskCpr', () => {
  const cases: [string, string][] = [
    ['borger 010203-1234 fik', 'borger 010203-xxxx fik'],
    ['0102031234', '010203-xxxx'],
    ['010203 1234', '010203-xxxx'],
    ['a 010203-1234, b 150587 4321', 'a 010203-xxxx, b 150587-xxxx'],
    ['320101-1234 og 010203123456', '320101-1234 og 010203123456'],
    ['ingen tal her', 'ingen tal her'],
    ['', ''],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(maskCpr(input), expected);
      assert.equal(maskCpr(maskCpr(input)), expected, 'idempotent');
      assert.equal(containsCprLike(maskCpr(input)), false);
    });
  }
});

describe('mentionsCpr', () => {
  for (const [text, expected] of [
    ['borger 010203-1234 fik', true],
    ['borger 010203-xxxx fik', true],
    ['ingen numre her', false],
    ['sagsnr. 123456-7', false],
  ] as const) {
    it(`${JSON.stringify(text)} → ${expected}`, () => assert.equal(mentionsCpr(text), expected));
  }
});

// Issue 16, finding 6: CPR numbers in other digits, any run of separators, control characters.
describe('cpr: every script\'s digits, any run of separators (issue 16)', () => {
  const cases: { text: string; masked: string; why: string }[] = [
    { text: 'Nexus ٠١٠٢٠٣-١٢٣٤ nede', masked: 'Nexus 010203-xxxx nede', why: 'Arabic-Indic digits' },
    { text: 'Nexus ۰۱۰۲۰۳-۱۲۳۴ nede', masked: 'Nexus 010203-xxxx nede', why: 'Extended Arabic-Indic (Persian) digits' },
    { text: 'Nexus ०१०२०३-१२३४ nede', masked: 'Nexus 010203-xxxx nede', why: 'Devanagari digits' },
    { text: 'Nexus ০১০২০৩-১২৩৪ nede', masked: 'Nexus 010203-xxxx nede', why: 'Bengali digits' },
    { text: 'Nexus ๐๑๐๒๐๓๑๒๓๔ nede', masked: 'Nexus 010203-xxxx nede', why: 'Thai digits, no separator' },
    { text: 'Nexus 𝟎𝟏𝟎𝟐𝟎𝟑-𝟏𝟐𝟑𝟒 nede', masked: 'Nexus 010203-xxxx nede', why: 'mathematical bold digits' },
    { text: 'Nexus 𞥐𞥑𞥐𞥒𞥐𞥓 𞥑𞥒𞥓𞥔 nede', masked: 'Nexus 010203-xxxx nede', why: 'Adlam digits (outside the BMP, two UTF-16 units each)' },
    { text: 'Nexus 01٠٢0३-1२३4 nede', masked: 'Nexus 010203-xxxx nede', why: 'scripts mixed inside one number' },
    { text: '٣١١٢٩٩-٩٩٩٩', masked: '311299-xxxx', why: 'date check on the digits\' values: 31 December' },
    { text: 'Lukket 110740----7390', masked: 'Lukket 110740-xxxx', why: 'four dashes' },
    { text: 'Lukket 110740' + '-'.repeat(40) + '7390', masked: 'Lukket 110740-xxxx', why: 'forty dashes' },
    { text: 'Lukket 110740 - - - 7390', masked: 'Lukket 110740-xxxx', why: 'dashes and spaces mixed' },
    { text: 'Lukket 110740 \u2014\u2013/._ 7390', masked: 'Lukket 110740-xxxx', why: 'a run of different separators' },
    { text: 'Lukket 110740\u301C7390', masked: 'Lukket 110740-xxxx', why: 'a dash of another script (wave dash, \\p{Pd})' },
    { text: 'Lukket ١١٠٧٤٠----٧٣٩٠', masked: 'Lukket 110740-xxxx', why: 'Arabic-Indic with four dashes' },
    { text: 'Nexus\u0000 010203\u0007-\u001B\b1234', masked: 'Nexus 010203-xxxx', why: 'NUL, BEL, ESC and backspace inside the number' },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.text)}: ${c.why}`, () => {
      assert.equal(findCprLike(c.text).length, 1);
      assert.equal(maskCpr(c.text), c.masked);
      assert.equal(maskCpr(maskCpr(c.text)), c.masked, 'idempotent');
      assert.equal(containsCprLike(maskCpr(c.text)), false);
      assert.equal(mentionsCpr(maskCpr(c.text)), true, 'the masked form is still recognised');
    });
  }

  const notCpr: { text: string; why: string }[] = [
    { text: '٣٢٠١٠١-١٢٣٤', why: 'Arabic-Indic, day 32' },
    { text: '०१३१०१-१२३४', why: 'Devanagari, month 31' },
    { text: '٢٩٠٢٠١-١٢٣٤', why: 'Arabic-Indic, 29 Feb in a year that is not a leap year' },
    { text: '٠١٠٢٠٣١٢٣٤٥٦', why: 'Arabic-Indic, a 12-digit run' },
    { text: '5٠١٠٢٠٣-١٢٣٤', why: 'an ASCII digit before Arabic-Indic digits' },
    { text: '٠١٠٢٠٣-١٢٣٤٥', why: 'a digit after' },
    { text: '०१०२०३-१२३४৫', why: 'a Bengali digit after Devanagari digits' },
    { text: '010203-1234𞥕', why: 'an Adlam digit after ASCII digits' },
    { text: '010203 + 1234', why: 'a plus is not a separator' },
  ];
  for (const c of notCpr) {
    it(`${JSON.stringify(c.text)}: ${c.why}, not CPR-like`, () => {
      assert.deepEqual(findCprLike(c.text), []);
      assert.equal(maskCpr(c.text), normalizeTyped(c.text));
    });
  }

  it('positions refer to the normalized text, also for digits outside the BMP', () => {
    const text = 'a \u0000𞥐𞥑𞥐𞥒𞥐𞥓-𞥑𞥒𞥓𞥔 b';
    const [m] = findCprLike(text);
    assert.equal(normalizeTyped(text).slice(m.start, m.end), m.text);
    assert.equal(m.text, '𞥐𞥑𞥐𞥒𞥐𞥓-𞥑𞥒𞥓𞥔');
  });

  it('asciiDigits agrees with Intl for every numbering system that writes decimal digits', () => {
    let systems = 0;
    for (const system of Intl.supportedValuesOf('numberingSystem')) {
      const format = new Intl.NumberFormat(`en-u-nu-${system}`, { useGrouping: false });
      const digits = Array.from({ length: 10 }, (_, d) => format.format(d));
      if (!digits.every((d) => /^\p{Nd}$/u.test(d))) continue; // algorithmic systems (roman, hans …)
      systems++;
      assert.equal(asciiDigits(digits.join('')), '0123456789', system);
    }
    assert.ok(systems >= 50, `${systems} numbering systems checked`);
  });
});

describe('cpr: control characters are dropped from typed text (issue 16)', () => {
  const cases: [string, string, string][] = [
    ['Nexus\u0000 nede', 'Nexus nede', 'NUL'],
    ['Nexus\u0007 nede', 'Nexus nede', 'BEL'],
    ['Nexus\u001B[2J nede', 'Nexus[2J nede', 'ESC (a terminal escape loses its ESC)'],
    ['Nexus nede\b\b\b\bOK', 'Nexus nedeOK', 'backspace'],
    ['a\u007Fb\u0085c\u009Bd', 'abcd', 'DEL and C1 controls (NEL, CSI)'],
    ['a\u000Bb\u000Cc', 'abc', 'vertical tab and form feed'],
    ['linje 1\nlinje 2\tfane', 'linje 1\nlinje 2\tfane', 'line feed and tab are kept'],
    ['linje 1\r\nlinje 2\rlinje 3', 'linje 1\nlinje 2\nlinje 3', 'a carriage return becomes a line feed'],
    ['e\u0000\u0301', '\u00E9', 'a control between a letter and its combining mark: one pass is final'],
  ];
  for (const [input, expected, why] of cases) {
    it(`${JSON.stringify(input)}: ${why}`, () => {
      assert.equal(normalizeTyped(input), expected);
      assert.equal(maskCpr(input), expected);
      assert.equal(maskCpr(maskCpr(input)), expected, 'idempotent');
    });
  }
});
