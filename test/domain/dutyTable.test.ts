/**
 * The duty table (issue 18, part 3): every row's deadline and reminder slots, DST weeks in March and October,
 * weekends, stable and unique ids; one month in Copenhagen calendar terms; the NIS2 commands' rules.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { applyCommand, workContext, type CaseCommand } from '../../src/domain/caseWork';
import { oneMonthAfter } from '../../src/domain/duties/calendarMonth';
import { DUTY_TABLE, dutyStates, type DutyId } from '../../src/domain/duties/dutyTable';
import { isWorkingTime, previousWorkingDayWarningAt } from '../../src/domain/holidays';
import { collapseByDuty, DEFAULT_POLICY, dueReminders, reminderSlots, type ReminderSlot } from '../../src/domain/reminders';
import { anna, apply, hackedCase, MARK } from '../helpers/nis2Case';
import type { BreachCase } from '../../src/domain/case';

const HOUR = 3_600_000;
const t = (iso: string): Date => new Date(iso);
const state = (c: BreachCase, id: DutyId, now: Date) => dutyStates({ work: c.work, ctx: workContext(c) }, now).find((d) => d.row.id === id)!;
const report = (kind: 'early_warning' | 'notification' | 'intermediate' | 'final', at: string, delayReason?: string): CaseCommand => ({
  type: 'recordNis2Report',
  kind,
  at,
  reference: `VIRK-${kind}`,
  ...(delayReason ? { delayReason } : {}),
});
const refuse = (c: BreachCase, cmd: CaseCommand, at: string) => {
  const r = applyCommand(c.work, cmd, anna, t(at), workContext(c));
  assert.equal(r.ok, false, `${cmd.type} was accepted`);
  return r as Extract<typeof r, { ok: false }>;
};

describe('domain: one month in Copenhagen calendar terms (NIS2 final report)', () => {
  const cases: [string, string, string][] = [
    // [submitted, deadline (UTC), why]
    ['2026-02-10T09:00:00Z', '2026-03-10T23:00:00.000Z', 'winter to winter: 24:00 CET on the same date'],
    ['2026-03-10T09:00:00Z', '2026-04-10T22:00:00.000Z', 'across the March change: 24:00 CEST, one real hour less'],
    ['2026-10-10T09:00:00Z', '2026-11-10T23:00:00.000Z', 'across the October change: 24:00 CET, one real hour more'],
    ['2026-01-31T12:00:00Z', '2026-02-28T23:00:00.000Z', '31 January: the last day of February'],
    ['2028-01-31T12:00:00Z', '2028-02-29T23:00:00.000Z', 'a leap year: 29 February'],
    ['2026-12-15T12:00:00Z', '2027-01-15T23:00:00.000Z', 'December to January'],
    // 23:30 UTC on 31 March is 1 April 01:30 in Copenhagen: the Copenhagen date counts.
    ['2026-03-31T23:30:00Z', '2026-05-01T22:00:00.000Z', 'the Copenhagen date, not the UTC date'],
  ];
  for (const [submitted, deadline, why] of cases) {
    it(why, () => assert.equal(oneMonthAfter(t(submitted)).toISOString(), deadline));
  }
  it('property: the deadline is 24:00 Copenhagen, 27–32 days later (plus the October hour), never before the submission', () => {
    fc.assert(
      fc.property(fc.date({ min: t('2025-07-01T00:00:00Z'), max: t('2030-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const end = oneMonthAfter(d);
        const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Copenhagen', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(end);
        assert.equal(local, '00:00');
        const days = (end.getTime() - d.getTime()) / (24 * HOUR);
        assert.ok(days > 27 && days <= 32 + 1 / 24, `${d.toISOString()} → ${end.toISOString()}`);
      }),
    );
  });
});

describe('domain: the duty table', () => {
  it('has one row per duty, ids and slot prefixes unique; Art. 33 keeps the prefix its stored ids have', () => {
    const ids = DUTY_TABLE.map((r) => r.id);
    assert.deepEqual(ids, ['art33', 'art34', 'nis2_early_warning', 'nis2_notification', 'nis2_final_report']);
    const prefixes = DUTY_TABLE.map((r) => r.slotPrefix);
    assert.equal(new Set(prefixes).size, prefixes.length);
    assert.equal(DUTY_TABLE[0].slotPrefix, '');
    for (const r of DUTY_TABLE.filter((r) => r.regime === 'nis2')) assert.match(r.slotPrefix, /^n2[wnf]-$/);
  });

  it('an unmarked case: NIS2 rows not relevant and no NIS2 slot (old cases, without the field, remind as before)', () => {
    const c = hackedCase({ discoveredAt: '2026-03-02T08:00:00Z' });
    const now = t('2026-03-02T09:00:00Z');
    for (const d of dutyStates({ work: c.work, ctx: workContext(c) }, now)) {
      assert.equal(d.outcome, d.row.id === 'art33' ? 'open' : 'not_relevant', d.row.id);
    }
    assert.deepEqual(
      reminderSlots(c, now).map((s) => s.id),
      ['ack', 'esc', 'dl-48', 'dl-24', 'dl-12', 'dl-4', 'dl-1', 'dl-0', 'od-1'],
    );
  });

  it('a marked case: the three clocks with their own ids, hours and deadlines', () => {
    let c = hackedCase({ discoveredAt: '2026-03-03T08:00:00Z' }); // Tuesday 09:00 Copenhagen
    c = apply(c, MARK, '2026-03-03T08:30:00Z');
    const now = t('2026-03-03T08:30:00Z');
    const slots = reminderSlots(c, now);
    const of = (prefix: string) => slots.filter((s) => s.id.startsWith(prefix)).map((s) => [s.id, s.at.toISOString()]);
    assert.deepEqual(of('n2w-'), [
      ['n2w-dl-12', '2026-03-03T20:00:00.000Z'],
      ['n2w-dl-4', '2026-03-04T04:00:00.000Z'],
      ['n2w-dl-1', '2026-03-04T07:00:00.000Z'],
      ['n2w-dl-0', '2026-03-04T08:00:00.000Z'],
      ['n2w-od-1', '2026-03-04T12:00:00.000Z'],
    ]);
    assert.deepEqual(of('n2n-').map(([id]) => id), ['n2n-dl-48', 'n2n-dl-24', 'n2n-dl-12', 'n2n-dl-4', 'n2n-dl-1', 'n2n-dl-0', 'n2n-od-1']);
    assert.equal(slots.find((s) => s.id === 'n2n-dl-0')!.at.toISOString(), '2026-03-06T08:00:00.000Z');
    // The final report's deadline is provisional (one month after the notification's deadline, 6 March): 24:00 on 6 April.
    const final = state(c, 'nis2_final_report', now);
    assert.equal(final.provisional, true);
    assert.equal(final.deadline!.toISOString(), '2026-04-06T22:00:00.000Z');
    assert.equal(slots.find((s) => s.id === 'n2f-dl-168')!.at.toISOString(), '2026-03-30T22:00:00.000Z');
    // 24:00 is outside working hours: warned at 12:00 on the last working day. Easter 2026: Monday 6 April is
    // Easter Monday, Friday 3 April Good Friday, Thursday 2 April Maundy Thursday: so Wednesday 1 April.
    assert.equal(slots.find((s) => s.id === 'n2f-off')!.at.toISOString(), '2026-04-01T10:00:00.000Z');
    for (const s of slots.filter((s) => s.id.startsWith('n2'))) assert.ok(s.duty, `${s.id} names its duty`);
    for (const s of slots.filter((s) => !s.id.startsWith('n2'))) assert.equal(s.duty, undefined, `${s.id} keeps its old shape`);
  });

  it('an early warning whose 24 hours end on a Saturday night gets the working-day warning (Friday 12:00)', () => {
    // Aware Friday 6 March 2026 20:00 Copenhagen (19:00Z): the early warning is due Saturday 20:00.
    let c = hackedCase({ discoveredAt: '2026-03-06T19:00:00Z' });
    c = apply(c, MARK, '2026-03-06T19:30:00Z');
    const slots = reminderSlots(c, t('2026-03-06T19:30:00Z'));
    const off = slots.find((s) => s.id === 'n2w-off');
    assert.ok(off, 'n2w-off');
    assert.equal(off.at.toISOString(), '2026-03-06T11:00:00.000Z');
    assert.equal(off.kind, 'deadline_off_hours');
    // It lies before the marking: due at once, said once with the early warning's clock.
    const { due } = dueReminders(c, ['ack', 'esc'], t('2026-03-06T19:30:00Z'));
    assert.deepEqual(
      collapseByDuty(due).map((s) => s.id),
      ['n2w-off', 'n2n-off'].filter((id) => due.some((d) => d.id === id)),
    );
  });

  it('across the March DST change the 24 and 72 hours are real hours: the wall clock moves an hour', () => {
    // Aware Saturday 28 March 2026 10:00 CET (09:00Z); the clocks go forward on Sunday 29 March.
    let c = hackedCase({ discoveredAt: '2026-03-28T09:00:00Z' });
    c = apply(c, MARK, '2026-03-28T09:10:00Z');
    const now = t('2026-03-28T09:10:00Z');
    assert.equal(state(c, 'nis2_early_warning', now).deadline!.toISOString(), '2026-03-29T09:00:00.000Z'); // 11:00 CEST
    assert.equal(state(c, 'nis2_notification', now).deadline!.toISOString(), '2026-03-31T09:00:00.000Z'); // Tuesday 11:00 CEST
    // Sunday 11:00 is no working time: warned Friday 27 March 12:00 CET, before the marking, so at once.
    assert.equal(reminderSlots(c, now).find((s) => s.id === 'n2w-off')!.at.toISOString(), '2026-03-27T11:00:00.000Z');
    // Tuesday 11:00 is: no warning for the notification.
    assert.equal(reminderSlots(c, now).some((s) => s.id === 'n2n-off'), false);
  });

  it('a weekday deadline inside working hours has no working-day warning', () => {
    let c = hackedCase({ discoveredAt: '2026-03-03T09:00:00Z' }); // Tuesday 10:00 → Wednesday 10:00
    c = apply(c, MARK, '2026-03-03T09:30:00Z');
    assert.equal(reminderSlots(c, t('2026-03-03T09:30:00Z')).some((s) => s.id === 'n2w-off'), false);
  });

  it('property: every row, any awareness (DST weeks included): deadline, slot instants, working-day warnings, stable unique ids', () => {
    const dst = [
      [t('2026-03-25T00:00:00Z'), t('2026-04-02T00:00:00Z')],
      [t('2026-10-21T00:00:00Z'), t('2026-10-29T00:00:00Z')],
      [t('2026-01-01T00:00:00Z'), t('2026-12-31T00:00:00Z')],
    ] as const;
    const aware = fc.oneof(...dst.map(([min, max]) => fc.date({ min, max, noInvalidDate: true })));
    fc.assert(
      fc.property(aware, fc.integer({ min: 0, max: 80 }), fc.boolean(), (start, laterH, withNotification) => {
        let c = hackedCase({ discoveredAt: start.toISOString() });
        const markAt = new Date(start.getTime() + 10 * 60_000).toISOString();
        c = apply(c, MARK, markAt);
        if (withNotification) c = apply(c, report('notification', new Date(start.getTime() + 30 * 60_000).toISOString()), new Date(start.getTime() + 40 * 60_000).toISOString());
        const now1 = new Date(start.getTime() + 60 * 60_000);
        const now2 = new Date(now1.getTime() + laterH * HOUR);
        const a = reminderSlots(c, now1);
        const b = reminderSlots(c, now2);
        // Unique ids; the ids of the earlier call are a prefix-stable subset of the later one's (repeats grow, nothing renamed).
        assert.equal(new Set(a.map((s) => s.id)).size, a.length);
        const byId = new Map(b.map((s) => [s.id, s]));
        for (const s of a) assert.equal(byId.get(s.id)?.at.getTime(), s.at.getTime(), `${s.id} moved`);
        for (const row of DUTY_TABLE.filter((r) => r.regime === 'nis2')) {
          const d = state(c, row.id, now1);
          if (!d.due) continue;
          const deadline = d.deadline!;
          if (row.id === 'nis2_early_warning') assert.equal(deadline.getTime(), start.getTime() + 24 * HOUR);
          if (row.id === 'nis2_notification') assert.equal(deadline.getTime(), start.getTime() + 72 * HOUR);
          if (row.id === 'nis2_final_report') assert.equal(deadline.getTime(), oneMonthAfter(new Date(withNotification ? start.getTime() + 30 * 60_000 : start.getTime() + 72 * HOUR)).getTime());
          for (const h of row.reminderHours(DEFAULT_POLICY)) {
            const s = byId.get(`${row.slotPrefix}dl-${h}`);
            assert.ok(s, `${row.slotPrefix}dl-${h}`);
            assert.equal(s.at.getTime(), deadline.getTime() - h * HOUR);
            assert.equal(s.duty, row.id);
          }
          const off = byId.get(`${row.slotPrefix}off`);
          assert.equal(off !== undefined, !isWorkingTime(deadline), `${row.id} off iff outside working time`);
          if (off) assert.equal(off.at.getTime(), previousWorkingDayWarningAt(deadline)!.getTime());
        }
        // Every slot id is one of the known shapes: old ones exactly as stored cases hold them.
        for (const s of b) assert.match(s.id, /^(ack|esc|dl-\d+|od-\d+|off|pn-\d+|fu-\d+-\d+|n2[wnf]-(dl-\d+|od-\d+|off))$/);
      }),
      { numRuns: 150 },
    );
  });

  it('a done duty stops reminding; the final report then counts a month from the notification actually submitted', () => {
    let c = hackedCase({ discoveredAt: '2026-03-03T08:00:00Z' });
    c = apply(c, MARK, '2026-03-03T08:30:00Z');
    c = apply(c, report('early_warning', '2026-03-03T12:00:00Z'), '2026-03-03T12:05:00Z');
    c = apply(c, report('notification', '2026-03-04T12:00:00Z'), '2026-03-04T12:05:00Z');
    const now = t('2026-03-04T12:10:00Z');
    const ids = reminderSlots(c, now).map((s) => s.id);
    assert.equal(ids.some((id) => id.startsWith('n2w-') || id.startsWith('n2n-')), false);
    const final = state(c, 'nis2_final_report', now);
    assert.equal(final.provisional, false);
    assert.equal(final.deadline!.toISOString(), '2026-04-04T22:00:00.000Z');
    assert.equal(state(c, 'nis2_early_warning', now).outcome, 'met');
    assert.equal(state(c, 'nis2_notification', now).outcome, 'met');
    assert.equal(final.outcome, 'open');
  });

  it('a notification submitted before any early warning does the early warning too', () => {
    let c = hackedCase({ discoveredAt: '2026-03-03T08:00:00Z' });
    c = apply(c, MARK, '2026-03-03T08:30:00Z');
    c = apply(c, report('notification', '2026-03-03T20:00:00Z'), '2026-03-03T20:05:00Z');
    assert.equal(state(c, 'nis2_early_warning', t('2026-03-05T00:00:00Z')).outcome, 'met');
  });

  it('unmarking stops the NIS2 clocks (not relevant), the reports recorded stay', () => {
    let c = hackedCase({ discoveredAt: '2026-03-03T08:00:00Z' });
    c = apply(c, MARK, '2026-03-03T08:30:00Z');
    c = apply(c, report('early_warning', '2026-03-03T12:00:00Z'), '2026-03-03T12:05:00Z');
    c = apply(c, { type: 'unmarkNis2', reason: 'CFCS vurderede, at hændelsen ikke er væsentlig.' }, '2026-03-03T13:00:00Z');
    const now = t('2026-03-03T13:00:00Z');
    assert.equal(reminderSlots(c, now).some((s) => s.id.startsWith('n2')), false);
    assert.equal(state(c, 'nis2_notification', now).outcome, 'not_relevant');
    assert.equal(c.work.nis2!.reports.length, 1);
  });

  it('collapseByDuty: one message per duty clock, the GDPR group as before', () => {
    const at = t('2026-03-03T08:00:00Z');
    const due: ReminderSlot[] = [
      { id: 'dl-48', kind: 'deadline', at, target: 'thread', hoursLeft: 48 },
      { id: 'dl-24', kind: 'deadline', at, target: 'thread', hoursLeft: 24 },
      { id: 'esc', kind: 'escalation', at, target: 'central' },
      { id: 'n2w-dl-12', kind: 'deadline', at, target: 'thread', hoursLeft: 12, duty: 'nis2_early_warning' },
      { id: 'n2w-dl-4', kind: 'deadline', at, target: 'thread', hoursLeft: 4, duty: 'nis2_early_warning' },
      { id: 'n2n-dl-48', kind: 'deadline', at, target: 'thread', hoursLeft: 48, duty: 'nis2_notification' },
    ];
    assert.deepEqual(collapseByDuty(due).map((s) => s.id).sort(), ['dl-24', 'esc', 'n2n-dl-48', 'n2w-dl-4']);
  });
});

describe('domain: the NIS2 commands', () => {
  const base = () => apply(hackedCase({ discoveredAt: '2026-03-03T08:00:00Z' }), MARK, '2026-03-03T08:30:00Z');

  it('marking needs a reason of at least 10 characters, masked; a second marking is a no-op; unmarking needs one too', () => {
    const c = hackedCase({ discoveredAt: '2026-03-03T08:00:00Z' });
    assert.equal(refuse(c, { type: 'markNis2', reason: '' }, '2026-03-03T09:00:00Z').error, 'required');
    assert.equal(refuse(c, { type: 'markNis2', reason: 'kort' }, '2026-03-03T09:00:00Z').error, 'too_short');
    const marked = apply(c, { type: 'markNis2', reason: 'Nede hos 010190-1234 og alle andre borgere' }, '2026-03-03T09:00:00Z');
    assert.doesNotMatch(marked.work.nis2!.reason, /010190-1234/);
    assert.equal(marked.work.timeline.at(-1)!.event, 'nis2_marked');
    const again = applyCommand(marked.work, MARK as never, anna, t('2026-03-03T09:01:00Z'), workContext(marked));
    assert.ok(again.ok && again.events.length === 0);
    assert.equal(refuse(marked, { type: 'unmarkNis2', reason: '' }, '2026-03-03T09:02:00Z').error, 'required');
    assert.equal(refuse(c, { type: 'unmarkNis2', reason: 'Ikke væsentlig alligevel.' }, '2026-03-03T09:02:00Z').error, 'nis2_not_marked');
  });

  it('a report on an unmarked case is refused; the receipt is required', () => {
    const c = hackedCase({ discoveredAt: '2026-03-03T08:00:00Z' });
    assert.equal(refuse(c, report('early_warning', '2026-03-03T09:00:00Z'), '2026-03-03T09:05:00Z').error, 'nis2_not_marked');
    const r = refuse(base(), { ...report('early_warning', '2026-03-03T09:00:00Z'), reference: '  ' } as CaseCommand, '2026-03-03T09:05:00Z');
    assert.equal(r.error, 'required');
    assert.equal(r.field, 'reference');
  });

  it('a late early warning, notification or final report is refused without a delay reason and accepted with one', () => {
    let c = base();
    const late = refuse(c, report('early_warning', '2026-03-04T08:01:00Z'), '2026-03-04T09:00:00Z');
    assert.equal(late.error, 'delay_reason_required');
    assert.equal(late.field, 'delayReason');
    c = apply(c, report('early_warning', '2026-03-04T08:01:00Z', 'Vagten fik først besked om morgenen.'), '2026-03-04T09:00:00Z');
    assert.equal(state(c, 'nis2_early_warning', t('2026-03-04T09:00:00Z')).outcome, 'met_late');
    // At the deadline is in time.
    c = apply(c, report('notification', '2026-03-06T08:00:00Z'), '2026-03-06T08:10:00Z');
    assert.equal(state(c, 'nis2_notification', t('2026-03-06T09:00:00Z')).outcome, 'met');
    // The final report: one month after 6 March → 24:00 on 6 April (22:00Z).
    assert.equal(refuse(c, report('final', '2026-04-06T22:30:00Z'), '2026-04-07T08:00:00Z').error, 'delay_reason_required');
    c = apply(c, report('final', '2026-04-06T21:59:00Z'), '2026-04-07T08:00:00Z');
    assert.equal(state(c, 'nis2_final_report', t('2026-04-07T08:00:00Z')).outcome, 'met');
  });

  it('the timeline rule: none before awareness, none in the future, a notification not before the early warning, the final report not before the notification', () => {
    let c = base();
    const early = refuse(c, report('early_warning', '2026-03-03T07:00:00Z'), '2026-03-03T09:00:00Z');
    assert.equal(early.error, 'timeline_conflict');
    assert.equal(early.conflict?.with, 'discovered');
    c = apply(c, { type: 'setAware', at: '2026-03-03T08:20:00Z', reason: 'Driften bekræftede angrebet.' }, '2026-03-03T08:40:00Z');
    const beforeAware = refuse(c, report('early_warning', '2026-03-03T08:10:00Z'), '2026-03-03T09:00:00Z');
    assert.equal(beforeAware.conflict?.with, 'aware');
    assert.equal(refuse(c, report('early_warning', '2026-03-03T12:00:00Z'), '2026-03-03T09:00:00Z').error, 'in_future');
    c = apply(c, report('early_warning', '2026-03-03T10:00:00Z'), '2026-03-03T10:05:00Z');
    const notif = refuse(c, report('notification', '2026-03-03T09:30:00Z'), '2026-03-03T10:10:00Z');
    assert.equal(notif.conflict?.with, 'nis2_early_warning');
    assert.equal(refuse(c, report('final', '2026-03-03T10:30:00Z'), '2026-03-03T10:40:00Z').error, 'nis2_notification_required');
    assert.equal(refuse(c, report('early_warning', '2026-03-03T10:30:00Z'), '2026-03-03T10:40:00Z').error, 'nis2_report_exists');
    c = apply(c, report('notification', '2026-03-03T11:00:00Z'), '2026-03-03T11:05:00Z');
    assert.equal(refuse(c, report('final', '2026-03-03T10:59:00Z'), '2026-03-03T11:10:00Z').conflict?.with, 'nis2_notification');
    c = apply(c, report('intermediate', '2026-03-03T11:30:00Z'), '2026-03-03T11:35:00Z');
    c = apply(c, report('intermediate', '2026-03-03T11:40:00Z'), '2026-03-03T11:45:00Z');
    assert.equal(refuse(c, report('final', '2026-03-03T11:35:00Z'), '2026-03-03T11:50:00Z').conflict?.with, 'nis2_intermediate');
  });

  it('an awareness moved earlier that would make a recorded NIS2 report late is refused, as for Art. 33', () => {
    let c = base();
    c = apply(c, report('early_warning', '2026-03-04T07:00:00Z'), '2026-03-04T07:05:00Z');
    // Aware at the discovery (08:00Z on 3 March): the early warning at 07:00Z on 4 March is in time. Aware
    // at 06:00Z would end the 24 hours at 06:00Z on 4 March: the warning would be late, without a reason.
    const moved = refuse({ ...c, report: { ...c.report, discoveredAt: '2026-03-03T05:00:00Z' } }, { type: 'setAware', at: '2026-03-03T06:00:00Z', reason: 'Driften så angrebet tidligere.' }, '2026-03-04T08:00:00Z');
    assert.equal(moved.error, 'delay_reason_required');
    apply(c, { type: 'setAware', at: '2026-03-03T08:30:00Z', reason: 'Driften bekræftede angrebet.' }, '2026-03-04T08:00:00Z');
  });

  it('a case is not closed while a NIS2 report is owed', () => {
    let c = base();
    c = apply(c, { type: 'assess', risk: 'none', decision: 'do_not_notify', justification: 'Ingen personoplysninger kom ud.' }, '2026-03-03T09:00:00Z');
    c = apply(c, { type: 'setStopped', stopped: 'yes', stopHow: 'Gendannet fra backup.' }, '2026-03-03T09:10:00Z');
    c = apply(c, { type: 'dpoInformed' }, '2026-03-03T09:20:00Z');
    const close: CaseCommand = { type: 'close', lessonsLearned: 'Backup virker.', feedback: { done: 'Gendannet.', prevention: 'MFA overalt.', authorityNotified: '', dpoInformed: '', personsInformed: '' } };
    assert.equal(refuse(c, close, '2026-03-03T09:30:00Z').error, 'nis2_report_missing');
    c = apply(c, report('notification', '2026-03-03T10:00:00Z'), '2026-03-03T10:05:00Z');
    c = apply(c, report('final', '2026-03-03T11:00:00Z'), '2026-03-03T11:05:00Z');
    apply(c, close, '2026-03-03T11:10:00Z');
  });

  it('hostile input: any reason, receipt and delay reason is stored masked and within its limit, or refused with a typed error', () => {
    const cprLike = fc.tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 9999 })).map(
      ([d, m, y, n]) => `${String(d).padStart(2, '0')}${String(m).padStart(2, '0')}${String(y).padStart(2, '0')}-${String(n).padStart(4, '0')}`,
    );
    const hostile = fc.oneof(
      fc.string({ maxLength: 3000 }),
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.tuple(fc.string({ maxLength: 50 }), cprLike, fc.string({ maxLength: 50 })).map(([a, cpr, b]) => `${a} ${cpr} ${b}`),
      fc.constantFrom('', '   ', '\u200b\u200b', '<at>x</at>', '[klik](http://evil.example)', '=HYPERLINK("x")', 'a'.repeat(5000)),
    );
    const codes = new Set(['required', 'too_short', 'too_long', 'delay_reason_required', 'nis2_report_exists', 'nis2_notification_required', 'timeline_conflict', 'invalid_choice', 'in_future']);
    fc.assert(
      fc.property(hostile, hostile, hostile, fc.constantFrom('early_warning', 'notification', 'intermediate', 'final', 'x', ''), (reason, reference, delay, kind) => {
        const c = hackedCase({ discoveredAt: '2026-03-03T08:00:00Z' });
        const marked = applyCommand(c.work, { type: 'markNis2', reason }, anna, t('2026-03-03T09:00:00Z'), workContext(c));
        if (!marked.ok) {
          assert.ok(codes.has(marked.error), marked.error);
          return;
        }
        assert.ok(marked.work.nis2!.reason.length <= 1000 && !/\d{6}-\d{4}/.test(marked.work.nis2!.reason));
        const m = { ...c, work: marked.work, status: marked.status };
        const r = applyCommand(m.work, { type: 'recordNis2Report', kind: kind as never, at: '2026-03-04T09:00:00Z', reference, delayReason: delay }, anna, t('2026-03-04T09:05:00Z'), workContext(m));
        if (!r.ok) {
          assert.ok(codes.has(r.error), r.error);
          return;
        }
        const stored = r.work.nis2!.reports.at(-1)!;
        assert.ok(stored.reference.length <= 100 && !/\d{6}-\d{4}/.test(stored.reference));
        assert.ok((stored.delayReason ?? '').length <= 2000 && !/\d{6}-\d{4}/.test(stored.delayReason ?? ''));
      }),
      { numRuns: 200 },
    );
  });
});
