import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { registerRecord, registerSummary } from '../../src/domain/register/record';
import { median, registerStatistics } from '../../src/domain/register/statistics';
import { KNOWN_NOW, knownYear } from './registerFixtures';

describe('register statistics', () => {
  const now = new Date(KNOWN_NOW);
  const records = knownYear().map((c) => registerRecord(c, now));

  it('a year of known cases (in time, late, not notified, overdue, reopened) gives the known figures', () => {
    assert.deepEqual(registerStatistics(records, now), {
      total: 5,
      perMonth: [0, 0, 2, 1, 2, 0, 0, 0, 0, 0, 0, 0],
      byBreachType: { confidentiality: 4, integrity: 1, availability: 1 },
      byUnit: [
        { unitId: 'skoler', count: 2 },
        { unitId: 'vej', count: 2 },
        { unitId: '', count: 1 },
      ],
      notified: 3,
      linked: 0,
      notifiedShare: 0.6,
      notifiedWithin72h: 2,
      within72hShare: 2 / 3,
      medianHoursAwareToNotified: 10,
      personsNotified: 1,
      personsNotifiedCount: 3,
      personsExempted: 1,
      notNotifiedJustified: 1,
      medianHoursToTake: 1.5,
      medianHoursToAssess: 2,
      medianHoursToClose: 24,
      openNow: 2,
      overdueNow: 1,
      reopened: 1,
      impossibleTimelines: 0,
    });
  });

  it('a stored case with an impossible timeline: its backward durations are left out of the medians and counted apart (issue 17)', () => {
    // As an older version could store it: notified and persons 13:00 for a breach discovered 13:08.
    const base = knownYear('i')[0];
    const impossible = {
      ...base,
      id: 'impossible',
      number: 'BV-2026-0099',
      report: { ...base.report, discoveredAt: '2026-03-02T12:08:00.000Z' },
      work: {
        ...base.work,
        authorityNotifications: [{ kind: 'initial' as const, at: '2026-03-02T12:00:00.000Z', reference: 'DT-X', followUpPending: false }],
        persons: { notifiedAt: '2026-03-02T12:00:00.000Z', how: 'Brev', count: 1 },
      },
    };
    const s = registerStatistics([...records, registerRecord(impossible, now)], now);
    assert.equal(s.impossibleTimelines, 1);
    assert.equal(s.medianHoursAwareToNotified, registerStatistics(records, now).medianHoursAwareToNotified, 'the median of the others');
    assert.equal(s.notified, 4, 'still counted as notified: only its duration is impossible');
    for (const m of [s.medianHoursAwareToNotified, s.medianHoursToTake, s.medianHoursToAssess, s.medianHoursToClose]) assert.ok(m === null || m >= 0);
    // Alone, the median is empty rather than negative.
    assert.equal(registerStatistics([registerRecord(impossible, now)], now).impossibleTimelines, 1);
    assert.equal(registerStatistics([registerRecord(impossible, now)], now).medianHoursAwareToNotified, null);
  });

  it('never shows a negative duration, whatever the stored instants (property)', () => {
    const base = registerSummary(records[0]);
    const instant = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-31T00:00:00Z') }).map((t) => new Date(t).toISOString());
    const maybe = fc.option(instant, { nil: null });
    const row = fc.record({ reportedAt: instant, clockStartAt: instant, takenAt: maybe, assessedAt: maybe, closedAt: maybe, authorityNotifiedAt: maybe, personsNotifiedAt: maybe });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), (rows) => {
        const s = registerStatistics(rows.map((r) => ({ ...base, ...r })), now);
        for (const m of [s.medianHoursAwareToNotified, s.medianHoursToTake, s.medianHoursToAssess, s.medianHoursToClose]) assert.ok(m === null || m >= 0, String(m));
        const backwards = rows.filter((r) => [[r.clockStartAt, r.authorityNotifiedAt], [r.reportedAt, r.takenAt], [r.reportedAt, r.assessedAt], [r.reportedAt, r.closedAt], [r.clockStartAt, r.personsNotifiedAt]].some(([a, b]) => b !== null && b < a!));
        assert.equal(s.impossibleTimelines, backwards.length);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same figures from the index rows (summaries) as from full records', () => {
    assert.deepEqual(registerStatistics(records.map(registerSummary), now), registerStatistics(records, now));
  });

  it('overdue now is decided by `now`, not by when the row was written', () => {
    const early = knownYear().map((c) => registerSummary(registerRecord(c, new Date('2026-05-10T09:00:00Z'))));
    assert.equal(registerStatistics(early, new Date('2026-05-10T09:00:00Z')).overdueNow, 0);
    assert.equal(registerStatistics(early, now).overdueNow, 1);
  });

  it('reports linked to another case count as reports, not as breaches to notify: never overdue, not in the share notified', () => {
    // Three tied reports of one incident, past their own 72 hours: the incident case carries the duty.
    const linked = knownYear('l').slice(0, 3).map((c, i) => {
      const tied = { ...c, id: `tied-${i}`, number: `BV-2026-09${i}0`, status: 'new' as const, work: { ...c.work, owner: null, assessment: null, authorityNotifications: [], closedAt: null, linkedTo: 'BV-2026-0001' } };
      return registerRecord(tied, now);
    });
    assert.deepEqual(linked.map((r) => [r.deadlineOutcome, r.authorityDue]), [['linked', false], ['linked', false], ['linked', false]]);
    const s = registerStatistics([...records, ...linked], now);
    assert.equal(s.total, 8);
    assert.equal(s.linked, 3);
    assert.equal(s.notifiedShare, 0.6, 'still 3 of the 5 others');
    assert.equal(s.overdueNow, registerStatistics(records, now).overdueNow, 'none of them overdue');
  });

  it('an empty register has no shares and no medians rather than zeros', () => {
    const s = registerStatistics([], now);
    assert.equal(s.total, 0);
    assert.equal(s.notifiedShare, null);
    assert.equal(s.within72hShare, null);
    assert.equal(s.medianHoursToClose, null);
  });

  for (const [values, expected] of [
    [[], null],
    [[3], 3],
    [[4, 1, 2], 2],
    [[4, 1, 2, 10], 3],
  ] as [number[], number | null][]) {
    it(`median of [${values}] is ${expected}`, () => assert.equal(median(values), expected));
  }
});
