import { strict as assert } from 'node:assert';
import {
  copenhagenLocalToInstant,
  formatCopenhagen,
  formatDuration,
  instantToCopenhagenParts,
  ZONE,
} from '../../src/domain/copenhagenTime';

describe('copenhagenTime: copenhagenLocalToInstant', () => {
  const cases: { date: string; time: string; utc: string | null; why: string }[] = [
    { date: '2026-01-15', time: '09:00', utc: '2026-01-15T08:00:00.000Z', why: 'winter, CET +1' },
    { date: '2026-07-01', time: '09:00', utc: '2026-07-01T07:00:00.000Z', why: 'summer, CEST +2' },
    { date: '2026-03-29', time: '01:59', utc: '2026-03-29T00:59:00.000Z', why: 'just before spring forward' },
    { date: '2026-03-29', time: '02:00', utc: '2026-03-29T01:00:00.000Z', why: 'gap start → 03:00 CEST' },
    { date: '2026-03-29', time: '02:30', utc: '2026-03-29T01:30:00.000Z', why: 'gap → 03:30 CEST' },
    { date: '2026-03-29', time: '03:00', utc: '2026-03-29T01:00:00.000Z', why: 'first CEST minute' },
    { date: '2026-03-29', time: '03:30', utc: '2026-03-29T01:30:00.000Z', why: 'after spring forward' },
    { date: '2026-10-25', time: '01:59', utc: '2026-10-24T23:59:00.000Z', why: 'before fall back' },
    { date: '2026-10-25', time: '02:00', utc: '2026-10-25T00:00:00.000Z', why: 'ambiguous → earlier (CEST)' },
    { date: '2026-10-25', time: '02:30', utc: '2026-10-25T00:30:00.000Z', why: 'ambiguous → earlier (CEST)' },
    { date: '2026-10-25', time: '03:00', utc: '2026-10-25T02:00:00.000Z', why: 'after fall back, CET' },
    { date: '2024-02-29', time: '12:00', utc: '2024-02-29T11:00:00.000Z', why: 'leap day' },
    { date: '2026-12-31', time: '23:59', utc: '2026-12-31T22:59:00.000Z', why: 'year end' },
    { date: '2026-02-30', time: '12:00', utc: null, why: '30 February' },
    { date: '2025-02-29', time: '12:00', utc: null, why: 'not a leap year' },
    { date: '2026-04-31', time: '12:00', utc: null, why: '31 April' },
    { date: '2026-13-01', time: '12:00', utc: null, why: 'month 13' },
    { date: '2026-00-10', time: '12:00', utc: null, why: 'month 0' },
    { date: '2026-01-00', time: '12:00', utc: null, why: 'day 0' },
    { date: '2026-01-15', time: '24:00', utc: null, why: 'hour 24' },
    { date: '2026-01-15', time: '12:60', utc: null, why: 'minute 60' },
    { date: '2026-1-15', time: '12:00', utc: null, why: 'unpadded month' },
    { date: '2026-01-15', time: '9:00', utc: null, why: 'unpadded hour' },
    { date: '', time: '', utc: null, why: 'empty' },
    { date: '15.01.2026', time: '12:00', utc: null, why: 'Danish date format' },
  ];
  for (const c of cases) {
    it(`${c.date} ${c.time}: ${c.why}`, () => {
      const got = copenhagenLocalToInstant(c.date, c.time);
      assert.equal(got === null ? null : got.toISOString(), c.utc);
    });
  }
});

describe('copenhagenTime: instantToCopenhagenParts', () => {
  const cases: { utc: string; date: string; time: string; weekday: number }[] = [
    { utc: '2026-11-23T13:05:00Z', date: '2026-11-23', time: '14:05', weekday: 1 },
    { utc: '2026-03-29T00:59:00Z', date: '2026-03-29', time: '01:59', weekday: 7 },
    { utc: '2026-03-29T01:00:00Z', date: '2026-03-29', time: '03:00', weekday: 7 },
    { utc: '2026-10-25T00:30:00Z', date: '2026-10-25', time: '02:30', weekday: 7 },
    { utc: '2026-10-25T01:30:00Z', date: '2026-10-25', time: '02:30', weekday: 7 },
    { utc: '2026-12-31T23:30:00Z', date: '2027-01-01', time: '00:30', weekday: 5 },
    { utc: '2026-07-04T22:00:00Z', date: '2026-07-05', time: '00:00', weekday: 7 },
  ];
  for (const c of cases) {
    it(`${c.utc} → ${c.date} ${c.time}`, () => {
      const p = instantToCopenhagenParts(new Date(c.utc));
      assert.equal(p.date, c.date);
      assert.equal(p.time, c.time);
      assert.equal(p.weekday, c.weekday);
      assert.deepEqual([p.year, p.month, p.day], c.date.split('-').map(Number));
      assert.deepEqual([p.hour, p.minute], c.time.split(':').map(Number));
    });
  }

  it('round-trips every hour of 2026 outside the DST edges', () => {
    assert.equal(ZONE, 'Europe/Copenhagen');
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 3_600_000) {
      const p = instantToCopenhagenParts(new Date(t));
      const back = copenhagenLocalToInstant(p.date, p.time);
      const ambiguousSecondPass = t === Date.UTC(2026, 9, 25, 1);
      if (!ambiguousSecondPass) assert.equal(back?.getTime(), t, p.date + ' ' + p.time);
    }
  });
});

describe('copenhagenTime: formatCopenhagen', () => {
  const cases: [string, string, string][] = [
    ['2026-11-23T13:05:00Z', '23.11.2026 kl. 14:05', '23 Nov 2026, 14:05'],
    ['2026-06-01T06:07:00Z', '01.06.2026 kl. 08:07', '1 Jun 2026, 08:07'],
    ['2026-12-31T23:00:00Z', '01.01.2027 kl. 00:00', '1 Jan 2027, 00:00'],
  ];
  for (const [utc, da, en] of cases) {
    it(`${utc} → ${da} / ${en}`, () => {
      assert.equal(formatCopenhagen(new Date(utc), 'da'), da);
      assert.equal(formatCopenhagen(new Date(utc), 'en'), en);
    });
  }
});

describe('copenhagenTime: formatDuration', () => {
  const MIN = 60_000;
  const H = 60 * MIN;
  const D = 24 * H;
  const cases: [number, string, string][] = [
    [2 * D + 5 * H + 3 * MIN, '2 d 5 t 3 min', '2 d 5 h 3 min'],
    [2 * D + 5 * H + 3 * MIN + 59_999, '2 d 5 t 3 min', '2 d 5 h 3 min'],
    [72 * H, '3 d', '3 d'],
    [1 * D + 30 * MIN, '1 d 30 min', '1 d 30 min'],
    [5 * H, '5 t', '5 h'],
    [45 * MIN, '45 min', '45 min'],
    [59_999, '0 min', '0 min'],
    [0, '0 min', '0 min'],
    [-(3 * H + 10 * MIN), 'overskredet med 3 t 10 min', 'overdue by 3 h 10 min'],
    [-(3 * H + 9 * MIN + 1), 'overskredet med 3 t 10 min', 'overdue by 3 h 10 min'],
    [-1, 'overskredet med 1 min', 'overdue by 1 min'],
    [-(1 * D), 'overskredet med 1 d', 'overdue by 1 d'],
  ];
  for (const [ms, da, en] of cases) {
    it(`${ms} ms → ${da} / ${en}`, () => {
      assert.equal(formatDuration(ms, 'da'), da);
      assert.equal(formatDuration(ms, 'en'), en);
    });
  }
});

describe('copenhagenTime: the cached offset agrees with Intl', () => {
  it('every 7 minutes across both DST changes of 2026 and 2027, and at random instants 2018–2040', async () => {
    const { instantToCopenhagenParts } = await import('../../src/domain/copenhagenTime');
    const intl = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const check = (ms: number) => {
      const { date, time } = instantToCopenhagenParts(new Date(ms));
      assert.equal(`${date} ${time}`, intl.format(new Date(ms)).replace(',', ''), new Date(ms).toISOString());
    };
    for (const change of ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2027-03-28T01:00:00Z', '2027-10-31T01:00:00Z']) {
      const at = Date.parse(change);
      for (let ms = at - 3 * 3_600_000; ms <= at + 3 * 3_600_000; ms += 7 * 60_000 + 13_000) check(ms);
    }
    let seed = 42;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 2000; i++) check(Date.parse('2018-01-01T00:00:00Z') + Math.floor(random() * 22 * 365 * 86_400_000));
  });
});
