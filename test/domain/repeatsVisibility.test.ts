/**
 * Issue 18 part 4 through the one visibility policy (src/domain/visibility.ts, repeatsSeen): a unit's
 * channel learns neither the numbers nor the count of other units' cases with the same system or
 * supplier; the central channel sees every one. Property-based over snapshots and posts, down to the
 * facts the card draws (src/teams/views/repeatFacts.ts).
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { CasePost } from '../../src/domain/case';
import type { RepeatCase, RepeatSnapshot } from '../../src/domain/register/repeats';
import { CENTRAL_UNIT } from '../../src/domain/unit';
import { repeatsSeen } from '../../src/domain/visibility';
import { repeatFacts } from '../../src/teams/views/repeatFacts';
import { repeatSnapshot } from '../../src/domain/register/repeats';

const UNITS = ['skoler', 'vej', 'born', CENTRAL_UNIT];
const repeat = fc.record({
  number: fc.integer({ min: 1, max: 9999 }).map((n) => `BV-2026-${String(n).padStart(4, '0')}`),
  units: fc.uniqueArray(fc.constantFrom(...UNITS), { maxLength: 3 }),
  reportedAt: fc.constant('2026-06-01T09:00:00.000Z'),
});
const repeats = fc.uniqueArray(repeat, { maxLength: 30, selector: (r) => r.number });
const post = (unitId: string, viaCentral: boolean): CasePost => ({
  unitId,
  unitName: unitId,
  viaCentral,
  locale: 'da',
  channel: { serviceUrl: '', tenantId: 't', teamId: `team-${unitId}`, teamName: '', channelId: `ch-${unitId}`, channelName: '', botId: '' },
});

describe('domain: repeat counts and who may see them (issue 18 part 4)', () => {
  it('a unit channel sees only its own unit\'s repeats, and its card names and counts no other; central sees all (property)', () => {
    fc.assert(
      fc.property(repeats, fc.constantFrom('skoler', 'vej', 'born'), (cases: RepeatCase[], unit) => {
        const snapshot: RepeatSnapshot = { at: '2026-11-23T09:00:00.000Z', system: null, supplier: { label: 'KMD', cases, total: cases.length } };
        const seen = repeatsSeen(cases, post(unit, false));
        assert.ok(seen.every((r) => r.units.includes(unit)));
        assert.equal(seen.length, cases.filter((r) => r.units.includes(unit)).length);
        const facts = repeatFacts({ repeats: snapshot }, post(unit, false), 'da', 100);
        const text = facts.map((f) => f.value).join(' ');
        for (const hidden of cases.filter((r) => !r.units.includes(unit))) assert.ok(!text.includes(hidden.number), `${hidden.number} is another unit's`);
        const count = seen.length === 0 ? 0 : seen.length === 1 ? 1 : Number(/^(\d+) andre/.exec(text)?.[1]);
        assert.equal(count, seen.length, `the count is of the visible ones: ${text}`);
        // The central channel's copy (and a unit without a channel of its own, whose card is there): every one.
        assert.equal(repeatsSeen(cases, post(CENTRAL_UNIT, true)).length, cases.length);
        assert.equal(repeatsSeen(cases, post(unit, true)).length, cases.length);
        // Drawn outside the case's posts: nothing.
        assert.deepEqual(repeatFacts({ repeats: snapshot }, undefined, 'da'), []);
      }),
      { numRuns: 300 },
    );
  });

  it('a capped count (more matches than one count reads) is said as a floor: «mindst N» / «at least N»; an exact one is not', () => {
    const now = new Date('2026-11-23T09:00:00.000Z');
    const rows = Array.from({ length: 60 }, (_, i) => ({
      caseId: `c${i}`,
      number: `BV-2026-${String(i + 1).padStart(4, '0')}`,
      units: [i % 2 === 0 ? 'skoler' : 'vej'],
      reportedAt: new Date(Date.parse('2026-06-01T09:00:00.000Z') + i * 3_600_000).toISOString(),
      supplierKey: 'kmd',
    }));
    const report = { system: '', supplierInvolved: 'yes' as const, supplierName: 'KMD' };
    const capped = repeatSnapshot('self', report, rows, { system: [], supplier: ['kmd'] }, now, false);
    assert.equal(capped.supplier?.atLeast, true);
    assert.equal(capped.supplier?.total, 60);
    assert.equal(capped.supplier?.cases[0].number, 'BV-2026-0060', 'newest first');
    const central = (locale: 'da' | 'en', compact = false) => repeatFacts({ repeats: capped }, post(CENTRAL_UNIT, true), locale, 8, compact)[0].value;
    assert.match(central('da'), /^mindst 60 andre brud: BV-2026-0060, /);
    assert.match(central('en'), /^at least 60 other breaches: BV-2026-0060, /);
    assert.equal(central('da', true), 'mindst 60 andre brud de sidste 12 måneder');
    // Complete: the plain count.
    const exact = repeatSnapshot('self', report, rows, { system: [], supplier: ['kmd'] }, now);
    assert.equal(exact.supplier?.atLeast, undefined);
    assert.match(repeatFacts({ repeats: exact }, post(CENTRAL_UNIT, true), 'da')[0].value, /^60 andre brud: /);
    // A unit sees only its own among the 50 kept; 60 were found, so its count is a floor too.
    assert.match(repeatFacts({ repeats: exact }, post('vej', false), 'da')[0].value, /^mindst 25 andre brud: BV-2026-0060, /);
    // A floor of nothing is not «no other breaches»: the fact is left out.
    const none = repeatSnapshot('self', report, [], { system: [], supplier: ['kmd'] }, now, false);
    assert.deepEqual(repeatFacts({ repeats: none }, post(CENTRAL_UNIT, true), 'da'), []);
  });
});
