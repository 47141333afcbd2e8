import { FIXTURE_CLOSE_REASON } from '../helpers/closeReason';
import { strict as assert } from 'node:assert';
import type { BreachCase, Person } from '../../src/domain/case';
import { upgradeCase } from '../../src/domain/caseUpgrade';
import { applyCommand, emptyWork, workContext, type CaseCommand } from '../../src/domain/caseWork';
import type { Report } from '../../src/domain/report';
import {
  collapse,
  DEFAULT_POLICY,
  dueReminders,
  reminderSlots,
  type ReminderKind,
  type ReminderSlot,
} from '../../src/domain/reminders';

const HOUR = 3_600_000;
const anna: Person = { aadObjectId: 'aad-anna', teamsUserId: '29:anna', name: 'Anna Koordinator' };

const t = (iso: string): Date => new Date(iso);
const plusH = (iso: string, hours: number): Date => new Date(Date.parse(iso) + hours * HOUR);

function makeCase(opts: { discoveredAt: string; reportedAt: string; supplierNotifiedAt?: string }): BreachCase {
  const report: Report = {
    reporterName: 'Rita Reporter',
    reporterPhone: '',
    reporterEmail: '',
    reporterTitle: '',
    reporterDepartment: '',
    reporterCenter: '',
    unitIds: ['u1'],
    breachTypes: ['confidentiality'],
    breachExample: 'wrong_recipient',
    whatHappened: 'Brev sendt til forkert modtager.',
    dataKinds: ['health'],
    dataKindsOther: '',
    personsAffected: 1,
    howHappened: 'Forkert adresse.',
    discoveredAt: opts.discoveredAt,
    ongoing: 'stopped',
    system: '',
    supplierInvolved: opts.supplierNotifiedAt !== undefined ? 'yes' : 'no',
    supplierName: opts.supplierNotifiedAt !== undefined ? 'Leverandør A/S' : '',
    supplierNotifiedAt: opts.supplierNotifiedAt ?? '',
  };
  return {
    id: 'draft-1',
    tenantId: 'tenant-1',
    number: 'BV-2026-0001',
    status: 'new',
    reportedAt: opts.reportedAt,
    reporter: { aadObjectId: 'aad-rita', teamsUserId: '29:rita', name: 'Rita Reporter' },
    reporterAddress: { serviceUrl: 'https://x', conversationId: 'c', tenantId: 'tenant-1', channelId: 'msteams', botId: 'b', botName: 'Brudvagt' },
    reporterLocale: 'da',
    report,
    cprMasked: false,
    work: emptyWork(),
    posts: [],
    linkedFrom: [],
    schedule: { sent: [], outbox: [] },
  };
}

/** Applies one command to the case at instant `at` (ISO). */
function apply(c: BreachCase, cmd: CaseCommand, at: string): BreachCase {
  const r = applyCommand(c.work, cmd, anna, t(at), workContext(c));
  if (!r.ok) assert.fail(`command ${cmd.type} refused: ${r.error}${r.field ? ` (${r.field})` : ''}`);
  return { ...c, work: r.work, status: r.status };
}

const ids = (slots: ReminderSlot[], kind?: ReminderKind): string[] =>
  slots.filter((s) => kind === undefined || s.kind === kind).map((s) => s.id);
const slot = (slots: ReminderSlot[], id: string): ReminderSlot => {
  const s = slots.find((x) => x.id === id);
  if (!s) assert.fail(`no slot ${id} among ${ids(slots).join(', ')}`);
  return s;
};

const justification = 'Helbredsoplysninger sendt til forkert borger.';
const assessRisk: CaseCommand = { type: 'assess', risk: 'risk', decision: 'notify', justification };
const assessHigh: CaseCommand = { type: 'assess', risk: 'high', decision: 'notify', justification };
const assessNone: CaseCommand = { type: 'assess', risk: 'none', decision: 'do_not_notify', justification };
const initial = (at: string, followUpPending = false): CaseCommand => ({
  type: 'recordAuthorityNotification',
  kind: 'initial',
  at,
  reference: 'virk-2026-1',
  followUpPending,
});
const followUp = (at: string, followUpPending: boolean): CaseCommand => ({
  type: 'recordAuthorityNotification',
  kind: 'follow_up',
  at,
  reference: 'virk-2026-1',
  followUpPending,
});

// Discovered Monday 2 March 2026 09:00 Copenhagen (08:00Z), reported 10 minutes later;
// deadline Thursday 5 March 08:00Z = 09:00 local, within working hours.
const DISCOVERED = '2026-03-02T08:00:00Z';
const REPORTED = '2026-03-02T08:10:00Z';
const DEADLINE = '2026-03-05T08:00:00Z';
const base = (): BreachCase => makeCase({ discoveredAt: DISCOVERED, reportedAt: REPORTED });

describe('reminders', () => {
  describe('DEFAULT_POLICY', () => {
    it('has the issue defaults', () => {
      assert.deepEqual({ ...DEFAULT_POLICY, hoursBeforeDeadline: [...DEFAULT_POLICY.hoursBeforeDeadline] }, {
        ackReminderMinutes: 30,
        escalateAfterMinutes: 120,
        hoursBeforeDeadline: [48, 24, 12, 4, 1, 0],
        overdueEveryHours: 12,
        personsEveryHours: 24,
        followUpEveryHours: 24,
        offHoursWarningHour: 12,
      });
    });
  });

  describe('not acknowledged', () => {
    it('reminds in the thread 30 minutes after the report and escalates centrally after 2 hours', () => {
      const slots = reminderSlots(base(), t(REPORTED));
      assert.deepEqual(slot(slots, 'ack'), { id: 'ack', kind: 'not_acknowledged', at: t('2026-03-02T08:40:00Z'), target: 'thread' });
      assert.deepEqual(slot(slots, 'esc'), { id: 'esc', kind: 'escalation', at: t('2026-03-02T10:10:00Z'), target: 'central' });
    });

    const cases: { name: string; now: string; due: string[]; nextAt: string | null }[] = [
      { name: 'nothing yet at +29 min', now: '2026-03-02T08:39:00Z', due: [], nextAt: '2026-03-02T08:40:00Z' },
      { name: 'ack at +30 min', now: '2026-03-02T08:40:00Z', due: ['ack'], nextAt: '2026-03-02T10:10:00Z' },
      { name: 'ack and esc at +2 h', now: '2026-03-02T10:10:00Z', due: ['ack', 'esc'], nextAt: '2026-03-03T08:00:00Z' },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        const r = dueReminders(base(), [], t(tc.now));
        assert.deepEqual(ids(r.due), tc.due);
        assert.deepEqual(r.nextAt, tc.nextAt === null ? null : t(tc.nextAt));
      });
    }

    it('stops once acknowledged: no ack, no escalation', () => {
      const c = apply(base(), { type: 'acknowledge' }, '2026-03-02T08:20:00Z');
      const slots = reminderSlots(c, t('2026-03-02T12:00:00Z'));
      assert.deepEqual(ids(slots).filter((id) => id === 'ack' || id === 'esc'), []);
      assert.deepEqual(ids(dueReminders(c, [], t('2026-03-02T12:00:00Z')).due), []);
    });

    it('escalation stops when acknowledged after the thread reminder was sent', () => {
      const c = apply(base(), { type: 'acknowledge' }, '2026-03-02T09:00:00Z');
      const r = dueReminders(c, ['ack'], t('2026-03-02T10:10:00Z'));
      assert.deepEqual(ids(r.due), []);
      assert.deepEqual(r.nextAt, t('2026-03-03T08:00:00Z'));
    });
  });

  describe('Datatilsynet deadline', () => {
    it('puts dl-N at 48, 24, 12, 4, 1 and 0 hours before the deadline, in the thread', () => {
      const slots = reminderSlots(base(), t(REPORTED));
      const table: [string, number][] = [
        ['dl-48', 48],
        ['dl-24', 24],
        ['dl-12', 12],
        ['dl-4', 4],
        ['dl-1', 1],
        ['dl-0', 0],
      ];
      for (const [id, hours] of table) {
        assert.deepEqual(slot(slots, id), { id, kind: 'deadline', at: plusH(DEADLINE, -hours), target: 'thread', hoursLeft: hours });
      }
      assert.deepEqual(ids(slots, 'deadline'), table.map(([id]) => id));
      assert.deepEqual(ids(slots, 'deadline_off_hours'), [], 'a Thursday 09:00 deadline is within working hours');
    });

    const stopped: { name: string; cmds: [CaseCommand, string][] }[] = [
      { name: 'notified', cmds: [[assessRisk, '2026-03-02T09:00:00Z'], [initial('2026-03-02T10:00:00Z'), '2026-03-02T10:00:00Z']] },
      { name: 'notified without an assessment yet', cmds: [[initial('2026-03-02T10:00:00Z'), '2026-03-02T10:00:00Z']] },
      { name: "decided 'do not notify'", cmds: [[assessNone, '2026-03-02T09:00:00Z']] },
    ];
    for (const tc of stopped) {
      it(`none once ${tc.name} (also not when overdue)`, () => {
        let c = base();
        for (const [cmd, at] of tc.cmds) c = apply(c, cmd, at);
        for (const now of ['2026-03-02T11:00:00Z', '2026-03-06T12:00:00Z']) {
          const slots = reminderSlots(c, t(now));
          assert.deepEqual(slots.filter((s) => ['deadline', 'overdue', 'deadline_off_hours'].includes(s.kind)), []);
        }
      });
    }

    it('still reminds after an assessment that decides to notify', () => {
      const c = apply(base(), assessRisk, '2026-03-02T09:00:00Z');
      assert.deepEqual(ids(reminderSlots(c, t('2026-03-02T09:00:00Z')), 'deadline'), ['dl-48', 'dl-24', 'dl-12', 'dl-4', 'dl-1', 'dl-0']);
    });

    const overdue: { now: string; od: string[] }[] = [
      { now: '2026-03-02T09:00:00Z', od: ['od-1'] },
      { now: DEADLINE, od: ['od-1'] },
      { now: '2026-03-05T19:59:59Z', od: ['od-1'] },
      { now: '2026-03-05T20:00:00Z', od: ['od-1', 'od-2'] },
      { now: '2026-03-06T09:00:00Z', od: ['od-1', 'od-2', 'od-3'] },
    ];
    for (const tc of overdue) {
      it(`overdue every 12 hours, generated up to the first after now (${tc.now})`, () => {
        const slots = reminderSlots(base(), t(tc.now));
        assert.deepEqual(ids(slots, 'overdue'), tc.od);
        tc.od.forEach((id, i) => {
          assert.deepEqual(slot(slots, id), { id, kind: 'overdue', at: plusH(DEADLINE, 12 * (i + 1)), target: 'thread', hoursLeft: -12 * (i + 1) });
        });
      });
    }

    it('overdue reminders stop when the late notification (with its delay reason) is recorded', () => {
      let c = apply(base(), assessRisk, '2026-03-02T09:00:00Z');
      assert.deepEqual(ids(dueReminders(c, [], t('2026-03-06T09:00:00Z')).due, 'overdue'), ['od-1', 'od-2']);
      c = apply(c, { ...initial('2026-03-06T09:00:00Z'), delayReason: 'Afventede leverandørens redegørelse.' } as CaseCommand, '2026-03-06T09:00:00Z');
      const r = dueReminders(c, [], t('2026-03-06T09:30:00Z'));
      assert.deepEqual(r.due, []);
      assert.equal(r.nextAt, null);
    });

    it('awareAt set later moves the deadline slots', () => {
      const c = apply(base(), { type: 'setAware', at: '2026-03-02T14:00:00Z', reason: 'Konstateret ved gennemgang.' }, '2026-03-02T15:00:00Z');
      const slots = reminderSlots(c, t('2026-03-02T15:00:00Z'));
      assert.deepEqual(slot(slots, 'dl-0').at, t('2026-03-05T14:00:00Z'));
      assert.deepEqual(slot(slots, 'dl-48').at, t('2026-03-03T14:00:00Z'));
      assert.deepEqual(slot(slots, 'od-1').at, t('2026-03-06T02:00:00Z'));
    });

    it("a processor's breach runs from when the processor told us", () => {
      const c = makeCase({ discoveredAt: DISCOVERED, reportedAt: '2026-03-02T15:00:00Z', supplierNotifiedAt: '2026-03-02T14:30:00Z' });
      const slots = reminderSlots(c, t('2026-03-02T15:00:00Z'));
      assert.deepEqual(slot(slots, 'dl-0').at, t('2026-03-05T14:30:00Z'));
      assert.deepEqual(slot(slots, 'dl-24').at, t('2026-03-04T14:30:00Z'));
    });

    it('DST: discovered 2026-10-23 12:00 local, dl-0 is exactly 72 real hours later', () => {
      // 12:00 CEST = 10:00Z; the clocks go back on 25 October, so the deadline is 11:00 CET on Monday 26 October.
      const c = makeCase({ discoveredAt: '2026-10-23T10:00:00Z', reportedAt: '2026-10-23T10:05:00Z' });
      const slots = reminderSlots(c, t('2026-10-23T10:05:00Z'));
      const dl0 = slot(slots, 'dl-0').at;
      assert.equal(dl0.getTime() - Date.parse('2026-10-23T10:00:00Z'), 72 * HOUR);
      assert.deepEqual(dl0, t('2026-10-26T10:00:00Z'));
      assert.deepEqual(slot(slots, 'dl-48').at, t('2026-10-24T10:00:00Z'));
      assert.deepEqual(slot(slots, 'dl-1').at, t('2026-10-26T09:00:00Z'));
      assert.deepEqual(ids(slots, 'deadline_off_hours'), [], 'Monday 11:00 is working time');
    });
  });

  describe('deadline outside working hours', () => {
    it('warns at 12:00 on the last working day before a Saturday deadline', () => {
      // Discovered Wednesday 4 March 10:00 local (09:00Z) → deadline Saturday 7 March 10:00 local.
      const c = makeCase({ discoveredAt: '2026-03-04T09:00:00Z', reportedAt: '2026-03-04T09:10:00Z' });
      const slots = reminderSlots(c, t('2026-03-04T09:10:00Z'));
      assert.deepEqual(slot(slots, 'off'), {
        id: 'off',
        kind: 'deadline_off_hours',
        at: t('2026-03-06T11:00:00Z'), // Friday 12:00 local
        target: 'thread',
        hoursLeft: 22,
      });
      const notified = apply(c, initial('2026-03-05T09:00:00Z'), '2026-03-05T09:00:00Z');
      assert.deepEqual(ids(reminderSlots(notified, t('2026-03-05T09:00:00Z')), 'deadline_off_hours'), []);
    });

    it('no warning for a deadline on a Wednesday at 11:00', () => {
      // Discovered Sunday 1 March 11:00 local (10:00Z) → deadline Wednesday 4 March 11:00 local.
      const c = makeCase({ discoveredAt: '2026-03-01T10:00:00Z', reportedAt: '2026-03-01T10:30:00Z' });
      const slots = reminderSlots(c, t('2026-03-01T10:30:00Z'));
      assert.deepEqual(slot(slots, 'dl-0').at, t('2026-03-04T10:00:00Z'));
      assert.deepEqual(ids(slots, 'deadline_off_hours'), []);
    });

    it('respects policy.offHoursWarningHour', () => {
      const c = makeCase({ discoveredAt: '2026-03-04T09:00:00Z', reportedAt: '2026-03-04T09:10:00Z' });
      const slots = reminderSlots(c, t('2026-03-04T09:10:00Z'), { ...DEFAULT_POLICY, offHoursWarningHour: 9 });
      assert.deepEqual(slot(slots, 'off').at, t('2026-03-06T08:00:00Z'));
    });
  });

  describe('persons (high risk)', () => {
    const assessed = (): BreachCase => apply(base(), assessHigh, '2026-03-02T09:00:00Z');

    const table: { now: string; pn: string[] }[] = [
      { now: '2026-03-02T09:00:00Z', pn: ['pn-1'] },
      { now: '2026-03-03T09:00:00Z', pn: ['pn-1', 'pn-2'] },
      { now: '2026-03-05T10:00:00Z', pn: ['pn-1', 'pn-2', 'pn-3', 'pn-4'] },
    ];
    for (const tc of table) {
      it(`daily from the decision while not notified (${tc.now})`, () => {
        const slots = reminderSlots(assessed(), t(tc.now));
        assert.deepEqual(ids(slots, 'persons'), tc.pn);
        tc.pn.forEach((id, i) => assert.deepEqual(slot(slots, id), { id, kind: 'persons', at: plusH('2026-03-02T09:00:00Z', 24 * (i + 1)), target: 'thread' }));
      });
    }

    it('none for risk that is not high', () => {
      const c = apply(base(), assessRisk, '2026-03-02T09:00:00Z');
      assert.deepEqual(ids(reminderSlots(c, t('2026-03-04T09:00:00Z')), 'persons'), []);
    });

    const stops: { name: string; cmd: CaseCommand }[] = [
      { name: 'recordPersonsNotified', cmd: { type: 'recordPersonsNotified', notifiedAt: '2026-03-03T12:00:00Z', how: 'Brev via e-Boks', count: 12 } },
      { name: 'an Art. 34(3) exemption', cmd: { type: 'recordPersonsExemption', exemption: 'art34_3_a', explanation: 'Data var krypteret med stærk nøgle.' } },
    ];
    for (const tc of stops) {
      it(`stops after ${tc.name}`, () => {
        const c = apply(assessed(), tc.cmd, '2026-03-03T12:00:00Z');
        assert.deepEqual(ids(reminderSlots(c, t('2026-03-04T12:00:00Z')), 'persons'), []);
        assert.deepEqual(ids(dueReminders(c, [], t('2026-03-04T12:00:00Z')).due, 'persons'), []);
      });
    }
  });

  describe('phased notification (follow-up pending)', () => {
    it('daily from the latest notification while a follow-up is pending, and stops when none is', () => {
      let c = apply(base(), assessRisk, '2026-03-02T09:00:00Z');
      c = apply(c, initial('2026-03-02T10:00:00Z', true), '2026-03-02T10:00:00Z');
      let slots = reminderSlots(c, t('2026-03-03T10:30:00Z'));
      assert.deepEqual(ids(slots, 'follow_up'), ['fu-0-1', 'fu-0-2']);
      assert.deepEqual(slot(slots, 'fu-0-1'), { id: 'fu-0-1', kind: 'follow_up', at: t('2026-03-03T10:00:00Z'), target: 'thread' });
      assert.deepEqual(slot(slots, 'fu-0-2').at, t('2026-03-04T10:00:00Z'));

      c = apply(c, followUp('2026-03-04T08:00:00Z', true), '2026-03-04T08:00:00Z');
      slots = reminderSlots(c, t('2026-03-04T08:00:00Z'));
      assert.deepEqual(ids(slots, 'follow_up'), ['fu-1-1']);
      assert.deepEqual(slot(slots, 'fu-1-1').at, t('2026-03-05T08:00:00Z'));

      c = apply(c, followUp('2026-03-05T07:00:00Z', false), '2026-03-05T07:00:00Z');
      assert.deepEqual(reminderSlots(c, t('2026-03-06T07:00:00Z')), []);
    });
  });

  describe('closed cases', () => {
    it('have no slots', () => {
      let c = apply(base(), assessNone, '2026-03-02T09:00:00Z');
      c = apply(
        c,
        { type: 'close', closeReason: FIXTURE_CLOSE_REASON, lessonsLearned: 'Dobbelttjek af modtager.', feedback: { done: 'Slettet.', authorityNotified: '', dpoInformed: '', personsInformed: '', prevention: 'Ny procedure.' } },
        '2026-03-02T10:00:00Z',
      );
      assert.equal(c.status, 'closed');
      assert.deepEqual(reminderSlots(c, t('2026-03-06T12:00:00Z')), []);
      assert.deepEqual(dueReminders(c, [], t('2026-03-06T12:00:00Z')), { due: [], nextAt: null });
    });

    it('a case without work (stored before #3) is treated as new and untouched', () => {
      // Read as storage reads it: the upgrade gives such a row an empty work.
      const c: BreachCase = upgradeCase({ ...base(), work: undefined });
      assert.deepEqual(ids(dueReminders(c, [], t('2026-03-02T10:10:00Z')).due), ['ack', 'esc']);
    });
  });

  describe('collapse and catch-up', () => {
    it('after 30 hours of downtime, several due slots collapse to one thread message and one escalation, once', () => {
      // The bot last ran at REPORTED (nothing sent) and comes back 30 hours later; nobody acknowledged.
      const c = base();
      const now = plusH(REPORTED, 30); // 2026-03-03T14:10Z
      const r = dueReminders(c, [], now);
      assert.deepEqual(ids(r.due), ['ack', 'esc', 'dl-48']);
      assert.deepEqual(r.nextAt, t('2026-03-04T08:00:00Z'));
      const msg = collapse(r.due);
      assert.equal(msg.thread?.id, 'dl-48');
      assert.equal(msg.central?.id, 'esc');

      // The caller marks ALL due ids as sent: a minute later nothing is due again.
      const sent = r.due.map((s) => s.id);
      const again = dueReminders(c, sent, new Date(now.getTime() + 60_000));
      assert.deepEqual(again.due, []);
      assert.deepEqual(again.nextAt, t('2026-03-04T08:00:00Z'));
    });

    it('a longer outage past the deadline collapses to the latest overdue reminder', () => {
      const c = apply(apply(base(), { type: 'acknowledge' }, '2026-03-02T08:20:00Z'), assessHigh, '2026-03-02T09:00:00Z');
      const r = dueReminders(c, [], t('2026-03-06T08:30:00Z'));
      assert.deepEqual(ids(r.due), ['dl-48', 'pn-1', 'dl-24', 'pn-2', 'dl-12', 'dl-4', 'dl-1', 'dl-0', 'pn-3', 'od-1', 'od-2']);
      assert.deepEqual(collapse(r.due), { thread: slot(r.due, 'od-2'), central: null });
      assert.deepEqual(r.nextAt, t('2026-03-06T09:00:00Z'), 'pn-4');
    });

    const s = (id: string, kind: ReminderKind, at: string, hoursLeft?: number, target: 'thread' | 'central' = 'thread'): ReminderSlot => ({
      id,
      kind,
      at: t(at),
      target,
      ...(hoursLeft === undefined ? {} : { hoursLeft }),
    });
    const table: { name: string; due: ReminderSlot[]; thread: string | null; central: string | null }[] = [
      { name: 'nothing', due: [], thread: null, central: null },
      { name: 'only the escalation', due: [s('esc', 'escalation', '2026-03-02T10:10:00Z', undefined, 'central')], thread: null, central: 'esc' },
      {
        name: 'deadline: the smallest hoursLeft wins',
        due: [s('dl-24', 'deadline', '2026-03-04T08:00:00Z', 24), s('dl-4', 'deadline', '2026-03-05T04:00:00Z', 4), s('dl-12', 'deadline', '2026-03-04T20:00:00Z', 12)],
        thread: 'dl-4',
        central: null,
      },
      {
        name: 'deadline beats off-hours, persons, follow-up and ack',
        due: [
          s('ack', 'not_acknowledged', '2026-03-02T08:40:00Z'),
          s('fu-0-1', 'follow_up', '2026-03-03T10:00:00Z'),
          s('pn-1', 'persons', '2026-03-03T09:00:00Z'),
          s('off', 'deadline_off_hours', '2026-03-06T11:00:00Z', 22),
          s('dl-48', 'deadline', '2026-03-05T09:00:00Z', 48),
        ],
        thread: 'dl-48',
        central: null,
      },
      {
        name: 'off-hours beats persons',
        due: [s('pn-2', 'persons', '2026-03-04T09:00:00Z'), s('off', 'deadline_off_hours', '2026-03-06T11:00:00Z', 22)],
        thread: 'off',
        central: null,
      },
      {
        name: 'persons: the latest; beats follow-up',
        due: [s('pn-1', 'persons', '2026-03-03T09:00:00Z'), s('fu-0-2', 'follow_up', '2026-03-04T10:00:00Z'), s('pn-2', 'persons', '2026-03-04T09:00:00Z')],
        thread: 'pn-2',
        central: null,
      },
      {
        name: 'follow-up beats the ack reminder; escalation goes central',
        due: [s('ack', 'not_acknowledged', '2026-03-02T08:40:00Z'), s('esc', 'escalation', '2026-03-02T10:10:00Z', undefined, 'central'), s('fu-0-1', 'follow_up', '2026-03-03T10:00:00Z')],
        thread: 'fu-0-1',
        central: 'esc',
      },
      {
        name: 'overdue beats everything, the longest overdue wins',
        due: [s('od-1', 'overdue', '2026-03-05T20:00:00Z', -12), s('dl-0', 'deadline', '2026-03-05T08:00:00Z', 0), s('od-2', 'overdue', '2026-03-06T08:00:00Z', -24)],
        thread: 'od-2',
        central: null,
      },
    ];
    for (const tc of table) {
      it(`collapse: ${tc.name}`, () => {
        const r = collapse(tc.due);
        assert.equal(r.thread?.id ?? null, tc.thread);
        assert.equal(r.central?.id ?? null, tc.central);
      });
    }
  });
});
