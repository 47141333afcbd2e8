import { strict as assert } from 'node:assert';
import { formatCopenhagen } from '../../src/domain/copenhagenTime';
import {
  ClockInputs,
  clockStart,
  isLate,
  NOTIFY_WITHIN_HOURS,
  notificationDeadline,
  timeLeftMs,
} from '../../src/domain/deadline';

const HOUR = 3_600_000;

describe('deadline: clockStart', () => {
  const cases: { c: ClockInputs; at: string; basis: string; why: string }[] = [
    { c: { discoveredAt: '2026-11-23T10:00:00Z' }, at: '2026-11-23T10:00:00Z', basis: 'discovered', why: 'only discovered' },
    {
      c: { discoveredAt: '2026-11-23T10:00:00Z', awareAt: '2026-11-24T08:00:00Z' },
      at: '2026-11-24T08:00:00Z',
      basis: 'aware',
      why: 'coordinator decided awareAt',
    },
    {
      c: { discoveredAt: '2026-11-23T10:00:00Z', awareAt: '', supplierInvolved: 'yes', supplierNotifiedAt: '2026-11-23T12:00:00+01:00' },
      at: '2026-11-23T11:00:00Z',
      basis: 'supplier',
      why: 'processor breach, empty awareAt ignored',
    },
    {
      c: { discoveredAt: '2026-11-23T10:00:00Z', supplierInvolved: 'no', supplierNotifiedAt: '2026-11-23T12:00:00Z' },
      at: '2026-11-23T10:00:00Z',
      basis: 'discovered',
      why: 'no supplier involved',
    },
    {
      c: { discoveredAt: '2026-11-23T10:00:00Z', supplierInvolved: 'yes' },
      at: '2026-11-23T10:00:00Z',
      basis: 'discovered',
      why: 'supplier involved, but no time given',
    },
    {
      c: { discoveredAt: '2026-11-23T10:00:00Z', awareAt: '2026-11-25T08:00:00Z', supplierInvolved: 'yes', supplierNotifiedAt: '2026-11-23T12:00:00Z' },
      at: '2026-11-25T08:00:00Z',
      basis: 'aware',
      why: 'awareAt wins over supplier',
    },
  ];
  for (const t of cases) {
    it(t.why, () => {
      const got = clockStart(t.c);
      assert.equal(got.at.toISOString(), new Date(t.at).toISOString());
      assert.equal(got.basis, t.basis);
    });
  }

  for (const bad of ['2026-11-23T10:00:00', '2026-11-23', 'yesterday', '']) {
    it(`rejects discoveredAt ${JSON.stringify(bad)} (no zone or not an instant)`, () => {
      assert.throws(() => clockStart({ discoveredAt: bad }), /discoveredAt/);
    });
  }
});

describe('deadline: notificationDeadline (72 continuous hours)', () => {
  const cases: { c: ClockInputs; deadline: string; localDa: string; why: string }[] = [
    {
      c: { discoveredAt: '2026-11-23T13:05:00Z' },
      deadline: '2026-11-26T13:05:00.000Z',
      localDa: '26.11.2026 kl. 14:05',
      why: 'plain',
    },
    {
      c: { discoveredAt: '2026-03-27T11:00:00Z' }, // 12:00 CET
      deadline: '2026-03-30T11:00:00.000Z',
      localDa: '30.03.2026 kl. 13:00',
      why: 'across spring forward: 12:00 → 13:00 wall clock',
    },
    {
      c: { discoveredAt: '2026-10-23T10:00:00Z' }, // 12:00 CEST
      deadline: '2026-10-26T10:00:00.000Z',
      localDa: '26.10.2026 kl. 11:00',
      why: 'across fall back: 12:00 → 11:00 wall clock',
    },
    {
      c: { discoveredAt: '2026-11-27T15:00:00Z' }, // Friday 16:00
      deadline: '2026-11-30T15:00:00.000Z',
      localDa: '30.11.2026 kl. 16:00',
      why: 'weekend never moves it',
    },
    {
      c: { discoveredAt: '2026-12-23T15:00:00Z' },
      deadline: '2026-12-26T15:00:00.000Z',
      localDa: '26.12.2026 kl. 16:00',
      why: 'Christmas never moves it',
    },
    {
      c: { discoveredAt: '2026-11-23T10:00:00Z', awareAt: '2026-11-24T10:00:00Z' },
      deadline: '2026-11-27T10:00:00.000Z',
      localDa: '27.11.2026 kl. 11:00',
      why: 'awareAt set later moves it',
    },
    {
      c: { discoveredAt: '2026-11-23T10:00:00Z', supplierInvolved: 'yes', supplierNotifiedAt: '2026-11-20T08:00:00Z' },
      deadline: '2026-11-23T08:00:00.000Z',
      localDa: '23.11.2026 kl. 09:00',
      why: 'supplier basis',
    },
  ];
  for (const t of cases) {
    it(t.why, () => {
      const d = notificationDeadline(t.c);
      assert.equal(d.toISOString(), t.deadline);
      assert.equal(formatCopenhagen(d, 'da'), t.localDa);
      assert.equal(d.getTime() - clockStart(t.c).at.getTime(), NOTIFY_WITHIN_HOURS * HOUR);
    });
  }
});

describe('deadline: timeLeftMs and isLate', () => {
  const c: ClockInputs = { discoveredAt: '2026-11-23T10:00:00Z' };
  const cases: { now: string; left: number; late: boolean }[] = [
    { now: '2026-11-23T10:00:00Z', left: 72 * HOUR, late: false },
    { now: '2026-11-25T10:00:00Z', left: 24 * HOUR, late: false },
    { now: '2026-11-26T10:00:00Z', left: 0, late: false },
    { now: '2026-11-26T10:00:00.001Z', left: -1, late: true },
    { now: '2026-11-26T13:00:00Z', left: -3 * HOUR, late: true },
  ];
  for (const t of cases) {
    it(`at ${t.now}: left ${t.left} ms, late ${t.late}`, () => {
      assert.equal(timeLeftMs(c, new Date(t.now)), t.left);
      assert.equal(isLate(new Date(t.now), c), t.late);
    });
  }
});
