import { strict as assert } from 'node:assert';
import { containsCprLike, findCprLike, maskCpr, mentionsCpr } from '../../src/domain/cpr';

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
