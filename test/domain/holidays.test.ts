import { strict as assert } from 'node:assert';
import {
  danishHolidays,
  isDanishNonWorkingDay,
  isWorkingTime,
  lastWorkingTimeBefore,
  previousWorkingDayWarningAt,
} from '../../src/domain/holidays';

const dateOf = (year: number, name: string): string | undefined =>
  danishHolidays(year).find((h) => h.name === name)?.date;

describe('holidays: Easter and moveable feasts', () => {
  const easter: [number, string][] = [
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ];
  for (const [year, date] of easter) {
    it(`påskedag ${year} is ${date}`, () => assert.equal(dateOf(year, 'Påskedag'), date));
  }

  it('2026 in full, sorted', () => {
    assert.deepEqual(danishHolidays(2026), [
      { date: '2026-01-01', name: 'Nytårsdag' },
      { date: '2026-04-02', name: 'Skærtorsdag' },
      { date: '2026-04-03', name: 'Langfredag' },
      { date: '2026-04-05', name: 'Påskedag' },
      { date: '2026-04-06', name: '2. påskedag' },
      { date: '2026-05-14', name: 'Kristi himmelfartsdag' },
      { date: '2026-05-24', name: 'Pinsedag' },
      { date: '2026-05-25', name: '2. pinsedag' },
      { date: '2026-06-05', name: 'Grundlovsdag' },
      { date: '2026-12-24', name: 'Juleaften' },
      { date: '2026-12-25', name: 'Juledag' },
      { date: '2026-12-26', name: '2. juledag' },
      { date: '2026-12-31', name: 'Nytårsaftensdag' },
    ]);
  });

  it('Store bededag until 2023 only', () => {
    assert.equal(dateOf(2023, 'Store bededag'), '2023-05-05');
    assert.equal(dateOf(2024, 'Store bededag'), undefined);
    assert.equal(isDanishNonWorkingDay('2023-05-05'), true);
    assert.equal(isDanishNonWorkingDay('2024-04-26'), false, 'Friday Easter+26 in 2024 is a working day');
  });
});

describe('holidays: isDanishNonWorkingDay', () => {
  const cases: [string, boolean, string][] = [
    ['2026-11-23', false, 'Monday'],
    ['2026-11-27', false, 'Friday'],
    ['2026-11-28', true, 'Saturday'],
    ['2026-11-29', true, 'Sunday'],
    ['2026-01-01', true, 'nytårsdag'],
    ['2026-01-02', false, 'Friday after new year'],
    ['2026-04-02', true, 'skærtorsdag'],
    ['2026-04-03', true, 'langfredag'],
    ['2026-04-06', true, '2. påskedag'],
    ['2026-04-07', false, 'Tuesday after Easter'],
    ['2026-05-14', true, 'Kristi himmelfartsdag'],
    ['2026-05-15', false, 'Friday after Ascension (not a holiday)'],
    ['2026-05-25', true, '2. pinsedag'],
    ['2026-06-05', true, 'grundlovsdag (duty choice)'],
    ['2026-12-23', false, 'lillejuleaften'],
    ['2026-12-24', true, 'juleaften (duty choice)'],
    ['2026-12-25', true, 'juledag'],
    ['2026-12-26', true, '2. juledag'],
    ['2026-12-31', true, 'nytårsaftensdag (duty choice)'],
  ];
  for (const [date, expected, why] of cases) {
    it(`${date} ${why} → ${expected}`, () => assert.equal(isDanishNonWorkingDay(date), expected));
  }

  for (const bad of ['2026-02-30', '2026-13-01', '26-01-01', '']) {
    it(`throws on ${JSON.stringify(bad)}`, () => assert.throws(() => isDanishNonWorkingDay(bad), RangeError));
  }
});

describe('holidays: isWorkingTime (Copenhagen wall clock)', () => {
  const cases: [string, boolean, string][] = [
    ['2026-11-23T07:00:00Z', true, 'Mon 08:00 CET'],
    ['2026-11-23T06:59:00Z', false, 'Mon 07:59 CET'],
    ['2026-11-23T14:59:00Z', true, 'Mon 15:59 CET'],
    ['2026-11-23T15:00:00Z', false, 'Mon 16:00 CET'],
    ['2026-03-30T06:00:00Z', true, 'Mon after spring forward 08:00 CEST'],
    ['2026-03-30T05:59:00Z', false, 'Mon after spring forward 07:59 CEST'],
    ['2026-03-27T14:30:00Z', true, 'Fri before spring forward 15:30 CET'],
    ['2026-10-26T07:00:00Z', true, 'Mon after fall back 08:00 CET'],
    ['2026-10-23T14:30:00Z', false, 'Fri before fall back 16:30 CEST'],
    ['2026-11-28T10:00:00Z', false, 'Saturday'],
    ['2026-04-03T09:00:00Z', false, 'langfredag'],
    ['2026-12-31T23:30:00Z', false, 'UTC still 31 Dec, Copenhagen already 1 Jan 00:30'],
  ];
  for (const [utc, expected, why] of cases) {
    it(`${why} → ${expected}`, () => assert.equal(isWorkingTime(new Date(utc)), expected));
  }

  it('honours custom hours', () => {
    assert.equal(isWorkingTime(new Date('2026-11-23T16:30:00Z'), 8, 18), true);
    assert.equal(isWorkingTime(new Date('2026-11-23T07:30:00Z'), 9, 16), false);
  });
});

describe('holidays: previousWorkingDayWarningAt', () => {
  const cases: { deadline: string; warnAt: string | null; why: string }[] = [
    { deadline: '2026-11-28T09:00:00Z', warnAt: '2026-11-27T11:00:00Z', why: 'Saturday 10:00 → Friday 12:00' },
    { deadline: '2026-04-06T08:00:00Z', warnAt: '2026-04-01T10:00:00Z', why: 'Easter Monday → Wednesday before skærtorsdag' },
    { deadline: '2026-11-25T16:00:00Z', warnAt: '2026-11-25T11:00:00Z', why: 'Wednesday 17:00 → same Wednesday 12:00' },
    { deadline: '2026-11-25T15:00:00Z', warnAt: '2026-11-25T11:00:00Z', why: 'Wednesday 16:00 (end of day) → same day 12:00' },
    { deadline: '2026-11-24T02:00:00Z', warnAt: '2026-11-23T11:00:00Z', why: 'Tuesday 03:00 → Monday 12:00' },
    { deadline: '2026-11-25T06:00:00Z', warnAt: '2026-11-24T11:00:00Z', why: 'Wednesday 07:00 → Tuesday 12:00' },
    { deadline: '2026-11-30T05:00:00Z', warnAt: '2026-11-27T11:00:00Z', why: 'Monday 06:00 → Friday 12:00' },
    { deadline: '2026-11-25T09:00:00Z', warnAt: null, why: 'Wednesday 10:00, within hours' },
    { deadline: '2026-11-25T11:00:00Z', warnAt: null, why: 'Wednesday 12:00, within hours' },
    { deadline: '2026-03-29T08:00:00Z', warnAt: '2026-03-27T11:00:00Z', why: 'DST Sunday → Friday 12:00 CET' },
    { deadline: '2026-03-30T15:00:00Z', warnAt: '2026-03-30T10:00:00Z', why: 'Monday after spring forward 17:00 → 12:00 CEST' },
    { deadline: '2026-10-25T01:30:00Z', warnAt: '2026-10-23T10:00:00Z', why: 'fall-back Sunday 02:30 CET → Friday 12:00 CEST' },
    { deadline: '2026-10-26T05:00:00Z', warnAt: '2026-10-23T10:00:00Z', why: 'Monday after fall back 06:00 → Friday 12:00 CEST' },
    { deadline: '2026-12-28T06:00:00Z', warnAt: '2026-12-23T11:00:00Z', why: 'Christmas: Monday 07:00 → 23 Dec 12:00' },
    { deadline: '2027-01-02T10:00:00Z', warnAt: '2026-12-30T11:00:00Z', why: 'New year: Saturday → 30 Dec 12:00' },
  ];
  for (const c of cases) {
    it(c.why, () => {
      const got = previousWorkingDayWarningAt(new Date(c.deadline));
      assert.equal(got === null ? null : got.toISOString(), c.warnAt === null ? null : new Date(c.warnAt).toISOString());
    });
  }

  it('honours warnHour', () => {
    const got = previousWorkingDayWarningAt(new Date('2026-11-28T09:00:00Z'), 9);
    assert.equal(got?.toISOString(), '2026-11-27T08:00:00.000Z');
  });
});

describe('holidays: lastWorkingTimeBefore', () => {
  const cases: [string, string, string][] = [
    ['2026-11-25T09:00:00Z', '2026-11-25T09:00:00.000Z', 'within working time → itself'],
    ['2026-11-28T09:00:00Z', '2026-11-27T14:59:59.999Z', 'Saturday → Friday just before 16:00'],
    ['2026-11-25T17:00:00Z', '2026-11-25T14:59:59.999Z', 'Wednesday evening → same day'],
    ['2026-11-30T05:00:00Z', '2026-11-27T14:59:59.999Z', 'Monday 06:00 → Friday'],
    ['2026-04-06T08:00:00Z', '2026-04-01T13:59:59.999Z', 'Easter Monday → Wednesday 16:00 CEST'],
  ];
  for (const [utc, expected, why] of cases) {
    it(why, () => assert.equal(lastWorkingTimeBefore(new Date(utc)).toISOString(), expected));
  }
});
