import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { estimateOf, formatPersons, MAX_PERSONS, parsePersons, type PersonsEstimate } from '../../src/domain/personsEstimate';

const ok = (raw: string): PersonsEstimate => {
  const r = parsePersons(raw);
  assert.ok(r.ok, `${raw}: ${JSON.stringify(r)}`);
  return r.estimate;
};

describe('domain: the number of affected persons as an estimate', () => {
  it('reads what people type, in Danish and English', () => {
    const table: [string, PersonsEstimate][] = [
      ['400', { kind: 'exact', count: 400 }],
      ['ca. 400', { kind: 'approximate', count: 400 }],
      ['Ca 400', { kind: 'approximate', count: 400 }],
      ['cirka 1.200', { kind: 'approximate', count: 1200 }],
      ['about 400', { kind: 'approximate', count: 400 }],
      ['~ 30 personer', { kind: 'approximate', count: 30 }],
      ['10-20', { kind: 'approximate', count: 20, low: 10, high: 20 }],
      ['10 – 20', { kind: 'approximate', count: 20, low: 10, high: 20 }],
      ['20 til 10', { kind: 'approximate', count: 20, low: 10, high: 20 }],
      ['over 100', { kind: 'approximate', count: 100, low: 100 }],
      ['mere end 100 borgere', { kind: 'approximate', count: 100, low: 100 }],
      ['100+', { kind: 'approximate', count: 100, low: 100 }],
      ['under 5', { kind: 'approximate', count: 5, high: 5 }],
      ['ved ikke', { kind: 'unknown', count: 0 }],
      ['Ved ikke', { kind: 'unknown', count: 0 }],
      ['unknown', { kind: 'unknown', count: 0 }],
      ["don't know", { kind: 'unknown', count: 0 }],
      ['1 000', { kind: 'exact', count: 1000 }],
      ['０１２', { kind: 'exact', count: 12 }],
    ];
    for (const [raw, expected] of table) assert.deepEqual(ok(raw), expected, raw);
  });

  it('refuses what is not a count, and says why', () => {
    assert.deepEqual(parsePersons(''), { ok: false, error: 'required' });
    assert.deepEqual(parsePersons('  '), { ok: false, error: 'required' });
    assert.deepEqual(parsePersons('-3'), { ok: false, error: 'negative' });
    assert.deepEqual(parsePersons('many'), { ok: false, error: 'invalid' });
    assert.deepEqual(parsePersons('1,5'), { ok: false, error: 'invalid' });
    assert.deepEqual(parsePersons('10 20'), { ok: false, error: 'invalid' });
    assert.deepEqual(parsePersons(String(MAX_PERSONS + 1)), { ok: false, error: 'tooLarge' });
  });

  it('says it back in the reader’s language, with the reader’s digit grouping', () => {
    assert.equal(formatPersons(ok('ca. 1200'), 'da'), 'ca. 1.200');
    assert.equal(formatPersons(ok('ca. 1200'), 'en'), 'about 1,200');
    assert.equal(formatPersons(ok('10-20'), 'da'), '10–20');
    assert.equal(formatPersons(ok('over 100'), 'en'), 'over 100');
    assert.match(formatPersons(ok('ved ikke'), 'da'), /^ukendt/);
    assert.equal(formatPersons(ok('7'), 'da'), '7');
  });

  it('a case stored before estimates (a plain number) reads as exact', () => {
    assert.deepEqual(estimateOf({ personsAffected: 25 }), { kind: 'exact', count: 25 });
    assert.deepEqual(estimateOf({ personsAffected: 25, personsEstimate: { kind: 'approximate', count: 25 } }), { kind: 'approximate', count: 25 });
  });

  describe('properties', () => {
    const n = fc.integer({ min: 0, max: MAX_PERSONS });
    const aboutWord = fc.constantFrom('ca.', 'ca', 'cirka', 'omkring', 'about', 'approx.', 'around', '~');
    const overWord = fc.constantFrom('over', 'mere end', 'flere end', 'more than', 'at least');
    const unknownWord = fc.constantFrom('ved ikke', 'Ved ikke', 'VED IKKE', 'ukendt', 'unknown', "don't know", 'dont know', '?');
    const pad = fc.constantFrom('', ' ', '  ', '\t');
    const danish = (x: number) => x.toLocaleString('da-DK');

    it('a plain number, grouped or not, is exact and means itself', () => {
      fc.assert(fc.property(n, fc.boolean(), pad, (x, grouped, p) => {
        assert.deepEqual(ok(`${p}${grouped ? danish(x) : String(x)}${p}`), { kind: 'exact', count: x });
      }));
    });

    it('"about N" is approximate and means N', () => {
      fc.assert(fc.property(aboutWord, n, (w, x) => {
        assert.deepEqual(ok(`${w} ${x}`), { kind: 'approximate', count: x });
      }));
    });

    it('a range means its upper end, with both ends kept, in either order', () => {
      fc.assert(fc.property(n, n, fc.constantFrom('-', '–', ' - ', ' til ', ' to '), (a, b, sep) => {
        fc.pre(a !== b);
        const e = ok(`${a}${sep}${b}`);
        assert.deepEqual(e, { kind: 'approximate', count: Math.max(a, b), low: Math.min(a, b), high: Math.max(a, b) });
      }));
    });

    it('"over N" is approximate with N as its lower bound', () => {
      fc.assert(fc.property(overWord, n, (w, x) => {
        assert.deepEqual(ok(`${w} ${x}`), { kind: 'approximate', count: x, low: x });
      }));
    });

    it('"don\'t know" in any case is unknown', () => {
      fc.assert(fc.property(unknownWord, pad, (w, p) => {
        assert.equal(ok(`${p}${w}${p}`).kind, 'unknown');
      }));
    });

    it('what it says back reads back as the same estimate (both languages)', () => {
      const estimate = fc.oneof(
        n.map((x) => `${x}`),
        n.map((x) => `ca. ${x}`),
        fc.tuple(n, n).filter(([a, b]) => a !== b).map(([a, b]) => `${a}-${b}`),
        n.map((x) => `over ${x}`),
        n.map((x) => `under ${x}`),
      );
      fc.assert(fc.property(estimate, fc.constantFrom('da' as const, 'en' as const), (raw, locale) => {
        const e = ok(raw);
        assert.deepEqual(ok(formatPersons(e, locale)), e);
      }));
    });

    it('never throws, and anything accepted is within 0…MAX_PERSONS', () => {
      fc.assert(fc.property(fc.string({ maxLength: 40 }), (raw) => {
        const r = parsePersons(raw);
        if (r.ok) assert.ok(r.estimate.count >= 0 && r.estimate.count <= MAX_PERSONS);
      }), { numRuns: 2000 });
    });
  });
});
