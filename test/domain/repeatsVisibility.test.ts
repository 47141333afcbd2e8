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
});
