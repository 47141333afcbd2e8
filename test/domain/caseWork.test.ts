import { FIXTURE_CLOSE_REASON } from '../helpers/closeReason';
import { strict as assert } from 'node:assert';
import type { CaseStatus, Person } from '../../src/domain/case';
import {
  acknowledge,
  addNote,
  applyCommand,
  assess,
  dpoInformed,
  duties,
  emptyWork,
  handOver,
  journalize,
  link,
  recordAuthorityNotification,
  recordPersonsExemption,
  recordPersonsNotified,
  reopen,
  setAware,
  setStopped,
  type CaseCommand,
  type CaseWork,
  type CommandOk,
  type CommandResult,
  type DomainErrorCode,
  type WorkContext,
} from '../../src/domain/caseWork';

const anna: Person = { aadObjectId: 'aad-anna', teamsUserId: '29:anna', name: 'Anna Koordinator' };
const bo: Person = { aadObjectId: 'aad-bo', teamsUserId: '29:bo', name: 'Bo Koordinator' };

// Discovered Monday 2 March 2026 09:00 Copenhagen (08:00Z); deadline Thursday 08:00Z.
const ctx: WorkContext = { caseNumber: 'BV-2026-0007', discoveredAt: '2026-03-02T08:00:00Z' };
const NOW = new Date('2026-03-03T12:00:00Z');
const later = (minutes: number): Date => new Date(NOW.getTime() + minutes * 60_000);

function ok(r: CommandResult): CommandOk {
  if (!r.ok) assert.fail(`expected ok, got ${r.error}${r.field ? ` (${r.field})` : ''}`);
  return r;
}

/** Applies commands in order as Anna, each a minute after the previous. */
function run(cmds: CaseCommand[], start: { work: CaseWork; status: CaseStatus } = { work: emptyWork(), status: 'new' }) {
  let state = start;
  cmds.forEach((cmd, i) => {
    const r = ok(applyCommand(state.work, cmd, anna, later(i), ctx));
    state = { work: r.work, status: r.status };
  });
  return state;
}

const assessNotify: CaseCommand = {
  type: 'assess',
  risk: 'risk',
  decision: 'notify',
  justification: 'Brev med helbredsoplysninger sendt til forkert borger.',
};
const assessNone: CaseCommand = {
  type: 'assess',
  risk: 'none',
  decision: 'do_not_notify',
  justification: 'Modtageren er en kollega med samme adgang; ingen risiko.',
};
const assessHigh: CaseCommand = { ...assessNotify, risk: 'high' } as CaseCommand;
const initialOnTime: CaseCommand = {
  type: 'recordAuthorityNotification',
  kind: 'initial',
  at: '2026-03-03T10:00:00Z',
  reference: 'virk-2026-123456',
  followUpPending: false,
};
const closeCmd: CaseCommand = {
  type: 'close',
  closeReason: FIXTURE_CLOSE_REASON,
  lessonsLearned: 'Dobbelttjek af modtager før afsendelse.',
  feedback: {
    done: 'Modtageren har slettet brevet.',
    authorityNotified: '',
    dpoInformed: '',
    personsInformed: '',
    prevention: 'Ny procedure for dobbelttjek.',
  },
};

describe('caseWork: acknowledge and ownership', () => {
  it('acknowledge takes a new case: owner, status, events, timeline', () => {
    const r = ok(acknowledge(emptyWork(), {}, anna, NOW, ctx));
    assert.equal(r.status, 'acknowledged');
    assert.deepEqual(r.work.owner, anna);
    assert.equal(r.work.acknowledgedAt, NOW.toISOString());
    assert.deepEqual(r.work.timeline, [{ at: NOW.toISOString(), by: anna.name, event: 'acknowledged' }]);
    assert.deepEqual(
      r.events.map((e) => e.type),
      ['owner_changed', 'status_changed', 'recorded'],
    );
  });

  it('refuses with already_owned and the owner when someone else has it', () => {
    const first = ok(acknowledge(emptyWork(), {}, anna, NOW, ctx));
    const r = acknowledge(first.work, {}, bo, later(1), ctx);
    assert.deepEqual(r, { ok: false, error: 'already_owned', owner: anna });
  });

  it('acknowledging your own case again is a no-op success', () => {
    const first = ok(acknowledge(emptyWork(), {}, anna, NOW, ctx));
    const again = ok(acknowledge(first.work, {}, anna, later(1), ctx));
    assert.deepEqual(again.events, []);
    assert.equal(again.work.timeline.length, 1);
  });

  it('any change on an unowned case makes the actor owner (implicit acknowledge)', () => {
    const r = ok(addNote(emptyWork(), { text: 'Ringede til leverandøren.' }, bo, NOW, ctx));
    assert.equal(r.status, 'acknowledged');
    assert.deepEqual(r.work.owner, bo);
    assert.deepEqual(
      r.work.timeline.map(({ at: _at, by: _by, ...facts }) => facts),
      [{ event: 'acknowledged', implicit: true }, { event: 'note_added' }],
    );
  });

  it('a non-owner may record without taking the case', () => {
    const first = ok(acknowledge(emptyWork(), {}, anna, NOW, ctx));
    const r = ok(addNote(first.work, { text: 'Central gruppe orienteret.' }, bo, later(1), ctx));
    assert.deepEqual(r.work.owner, anna);
    assert.equal(r.work.timeline[1].by, bo.name);
  });

  it('handOver moves ownership and reports from/to', () => {
    const first = ok(acknowledge(emptyWork(), {}, anna, NOW, ctx));
    const r = ok(handOver(first.work, { to: bo }, anna, later(1), ctx));
    assert.deepEqual(r.work.owner, bo);
    assert.equal(r.work.acknowledgedAt, NOW.toISOString());
    assert.deepEqual(r.events[0], { type: 'owner_changed', from: anna, to: bo });
    assert.deepEqual(r.work.timeline[1], { at: later(1).toISOString(), by: anna.name, event: 'handed_over', to: bo.name });
  });

  it('handOver on a new case assigns it straight to the receiver', () => {
    const r = ok(handOver(emptyWork(), { to: bo }, anna, NOW, ctx));
    assert.equal(r.status, 'acknowledged');
    assert.deepEqual(r.work.owner, bo);
    assert.deepEqual(r.work.timeline.map((t) => t.event), ['handed_over']);
  });

  const handOverRefusals: { why: string; to: Person | undefined; error: DomainErrorCode }[] = [
    { why: 'to the current owner', to: anna, error: 'already_owner' },
    { why: 'without a receiver', to: undefined, error: 'required' },
  ];
  for (const c of handOverRefusals) {
    it(`handOver refuses ${c.why}`, () => {
      const first = ok(acknowledge(emptyWork(), {}, anna, NOW, ctx));
      const r = handOver(first.work, { to: c.to as Person }, bo, later(1), ctx);
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.error, c.error);
    });
  }

  it('never mutates the work it is given', () => {
    const work = emptyWork();
    const snapshot = structuredClone(work);
    ok(addNote(work, { text: 'En note her.' }, anna, NOW, ctx));
    assert.deepEqual(work, snapshot);
  });
});

describe('caseWork: command refusals (table)', () => {
  const owned = (): { work: CaseWork; status: CaseStatus } => run([{ type: 'acknowledge' }]);
  const cases: { why: string; cmd: CaseCommand; error: DomainErrorCode; field?: string; setup?: CaseCommand[] }[] = [
    { why: 'setAware without reason', cmd: { type: 'setAware', at: '2026-03-02T10:00:00Z', reason: '  ' }, error: 'required', field: 'reason' },
    { why: 'setAware without zone', cmd: { type: 'setAware', at: '2026-03-02T10:00', reason: 'Leder bekræftede' }, error: 'invalid_instant', field: 'at' },
    { why: 'setAware garbage', cmd: { type: 'setAware', at: 'i går', reason: 'Leder bekræftede' }, error: 'invalid_instant', field: 'at' },
    { why: 'setAware in the future', cmd: { type: 'setAware', at: '2026-03-03T12:10:00Z', reason: 'Leder bekræftede' }, error: 'in_future', field: 'at' },
    // Was 'too_early' only beyond 30 days before discovery; issue 17: any instant before the discovery is refused.
    { why: 'setAware before discovery', cmd: { type: 'setAware', at: '2026-03-02T07:59:00Z', reason: 'Leder bekræftede' }, error: 'timeline_conflict', field: 'at' },
    { why: 'setStopped yes without how', cmd: { type: 'setStopped', stopped: 'yes' }, error: 'required', field: 'stopHow' },
    { why: 'setStopped bad choice', cmd: { type: 'setStopped', stopped: 'maybe' as never }, error: 'invalid_choice', field: 'stopped' },
    { why: 'assess short justification', cmd: { type: 'assess', risk: 'none', decision: 'do_not_notify', justification: 'ingen' }, error: 'too_short', field: 'justification' },
    { why: 'assess without justification', cmd: { type: 'assess', risk: 'none', decision: 'do_not_notify', justification: '' }, error: 'required', field: 'justification' },
    { why: 'assess risk but do not notify', cmd: { type: 'assess', risk: 'risk', decision: 'do_not_notify', justification: 'Vi vil ikke anmelde.' }, error: 'risk_requires_notification', field: 'decision' },
    { why: 'assess bad risk', cmd: { type: 'assess', risk: 'medium' as never, decision: 'notify', justification: 'Lang nok begrundelse.' }, error: 'invalid_choice', field: 'risk' },
    { why: 'follow-up before initial', cmd: { ...initialOnTime, kind: 'follow_up' } as CaseCommand, error: 'initial_required', field: 'kind' },
    { why: 'second initial', cmd: initialOnTime, error: 'initial_exists', field: 'kind', setup: [initialOnTime] },
    { why: 'notification without reference', cmd: { ...initialOnTime, reference: ' ' } as CaseCommand, error: 'required', field: 'reference' },
    { why: 'notification in the future', cmd: { ...initialOnTime, at: '2026-03-04T12:00:00Z' } as CaseCommand, error: 'in_future', field: 'at' },
    { why: 'persons count 0', cmd: { type: 'recordPersonsNotified', notifiedAt: '2026-03-03T10:00:00Z', how: 'Digital Post', count: 0 }, error: 'invalid_count', field: 'count' },
    { why: 'persons count fractional', cmd: { type: 'recordPersonsNotified', notifiedAt: '2026-03-03T10:00:00Z', how: 'Digital Post', count: 1.5 }, error: 'invalid_count', field: 'count' },
    { why: 'persons without how', cmd: { type: 'recordPersonsNotified', notifiedAt: '2026-03-03T10:00:00Z', how: '', count: 3 }, error: 'required', field: 'how' },
    { why: 'exemption unknown', cmd: { type: 'recordPersonsExemption', exemption: 'art34_3_d' as never, explanation: 'Data var krypteret.' }, error: 'invalid_choice', field: 'exemption' },
    { why: 'exemption short explanation', cmd: { type: 'recordPersonsExemption', exemption: 'art34_3_a', explanation: 'krypt' }, error: 'too_short', field: 'explanation' },
    { why: 'dpo in the future', cmd: { type: 'dpoInformed', at: '2026-03-05T10:00:00Z' }, error: 'in_future', field: 'at' },
    { why: 'journal no with slash', cmd: { type: 'journalize', sbsysJournalNo: '00.01/00' }, error: 'invalid_journal_no', field: 'sbsysJournalNo' },
    { why: 'journal no empty', cmd: { type: 'journalize', sbsysJournalNo: '  ' }, error: 'required', field: 'sbsysJournalNo' },
    { why: 'journal no too long', cmd: { type: 'journalize', sbsysJournalNo: 'A'.repeat(41) }, error: 'too_long', field: 'sbsysJournalNo' },
    { why: 'note empty', cmd: { type: 'addNote', text: '' }, error: 'required', field: 'text' },
    { why: 'note too long', cmd: { type: 'addNote', text: 'x'.repeat(2001) }, error: 'too_long', field: 'text' },
    { why: 'link to self', cmd: { type: 'link', toCaseNumber: 'bv-2026-0007' }, error: 'link_to_self', field: 'toCaseNumber' },
    { why: 'link to garbage', cmd: { type: 'link', toCaseNumber: 'sag 12' }, error: 'invalid_case_number', field: 'toCaseNumber' },
    { why: 'reopen an open case', cmd: { type: 'reopen' }, error: 'not_closed' },
  ];
  for (const c of cases) {
    it(`${c.cmd.type}: ${c.why} → ${c.error}`, () => {
      const start = c.setup ? run(c.setup, owned()) : owned();
      const r = applyCommand(start.work, c.cmd, anna, NOW, ctx);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.error, c.error);
        assert.equal(r.field, c.field);
      }
    });
  }
});

describe('caseWork: happy paths', () => {
  it('setAware stores UTC and a masked reason; the deadline moves', () => {
    const r = ok(setAware(emptyWork(), { at: '2026-03-02T14:00:00+01:00', reason: 'Bekræftet af leder, borger 010203-1234' }, anna, NOW, ctx));
    assert.equal(r.work.awareAt, '2026-03-02T13:00:00.000Z');
    assert.equal(r.work.awareReason, 'Bekræftet af leder, borger 010203-xxxx');
    assert.equal(duties(r.work, r.status, ctx, NOW).authorityDeadline.toISOString(), '2026-03-05T13:00:00.000Z');
    assert.equal(r.work.timeline.at(-1)?.event, 'aware_set');
  });

  // Issue 17 changed this deliberately: it used to accept awareness up to 30 days before the discovery.
  it('setAware accepts the discovery itself, and refuses a minute before it with the discovery named', () => {
    ok(setAware(emptyWork(), { at: '2026-03-02T08:00:00Z', reason: 'Opdaget og bekræftet straks' }, anna, NOW, ctx));
    const r = setAware(emptyWork(), { at: '2026-03-02T07:59:00Z', reason: 'Leverandøren vidste det' }, anna, NOW, ctx);
    assert.deepEqual(r, { ok: false, error: 'timeline_conflict', field: 'at', conflict: { order: 'before', with: 'discovered', at: '2026-03-02T08:00:00.000Z' } });
  });

  it('setStopped stores state and how', () => {
    const r = ok(setStopped(emptyWork(), { stopped: 'yes', stopHow: 'Modtager har slettet mailen' }, anna, NOW, ctx));
    assert.equal(r.work.stopped, 'yes');
    assert.equal(r.work.stopHow, 'Modtager har slettet mailen');
    const r2 = ok(setStopped(r.work, { stopped: 'no' }, anna, NOW, ctx));
    assert.equal(r2.work.stopHow, null);
  });

  it('assess stores the ENISA result and who decided', () => {
    const r = ok(
      assess(
        emptyWork(),
        {
          risk: 'high',
          decision: 'notify',
          justification: 'Helbredsoplysninger om børn til ukendt modtager.',
          enisa: { dpcBase: 4, dpcAdjust: 0, ei: 1, confidentiality: 0.5, integrity: 0, availability: 0, malicious: false },
        },
        anna,
        NOW,
        ctx,
      ),
    );
    const a = r.work.assessment;
    assert.ok(a);
    assert.equal(a.enisaResult?.score, 4.5);
    assert.equal(a.enisaResult?.band, 'very_high');
    assert.equal(a.decidedBy, anna.name);
    assert.equal(a.decidedAt, NOW.toISOString());
    const { at: _at, by: _by, ...facts } = r.work.timeline.at(-1)!;
    assert.deepEqual(facts, { event: 'assessed', risk: 'high', decision: 'notify', enisa: { score: 4.5, band: 'very_high' } });
  });

  it('assess: risk none and do_not_notify is stored with its justification (Art. 33(5))', () => {
    const s = run([assessNone]);
    assert.equal(s.work.assessment?.decision, 'do_not_notify');
    assert.equal(s.work.assessment?.enisaResult, undefined);
  });

  it('recordAuthorityNotification on time needs no delay reason; follow-ups after 72 h are fine', () => {
    const s = run([initialOnTime]);
    assert.deepEqual(s.work.authorityNotifications, [
      { kind: 'initial', at: '2026-03-03T10:00:00.000Z', reference: 'virk-2026-123456', followUpPending: false },
    ]);
    const f = ok(
      recordAuthorityNotification(
        s.work,
        { kind: 'follow_up', at: '2026-03-10T10:00:00Z', reference: 'DT-2026-1', followUpPending: false },
        anna,
        new Date('2026-03-10T11:00:00Z'),
        ctx,
      ),
    );
    assert.equal(f.work.authorityNotifications.length, 2);
  });

  const lateness: { why: string; ctx: WorkContext; aware?: string; at: string; late: boolean }[] = [
    { why: 'exactly at the deadline is in time', ctx, at: '2026-03-05T08:00:00Z', late: false },
    { why: 'a minute after is late', ctx, at: '2026-03-05T08:01:00Z', late: true },
    { why: 'awareAt later moves the deadline', ctx, aware: '2026-03-03T08:00:00Z', at: '2026-03-05T09:00:00Z', late: false },
    {
      why: "processor's notice starts the clock",
      ctx: { ...ctx, supplierInvolved: 'yes', supplierNotifiedAt: '2026-03-03T08:00:00Z' },
      at: '2026-03-05T09:00:00Z',
      late: false,
    },
  ];
  for (const c of lateness) {
    it(`late initial notification requires a reason: ${c.why}`, () => {
      const now = new Date('2026-03-06T00:00:00Z');
      let work = emptyWork();
      if (c.aware) {
        const a = ok(setAware(work, { at: c.aware, reason: 'Leder bekræftede' }, anna, now, c.ctx));
        work = a.work;
      }
      const cmd = { kind: 'initial' as const, at: c.at, reference: 'virk-1', followUpPending: true };
      const without = recordAuthorityNotification(work, cmd, anna, now, c.ctx);
      if (!c.late) {
        assert.equal(without.ok, true);
        return;
      }
      assert.deepEqual(without, { ok: false, error: 'delay_reason_required', field: 'delayReason' });
      const withReason = ok(recordAuthorityNotification(work, { ...cmd, delayReason: 'Weekend uden vagt' }, anna, now, c.ctx));
      assert.equal(withReason.work.authorityNotifications[0].delayReason, 'Weekend uden vagt');
    });
  }

  // Issue 17 changed this deliberately: it moved awareness before the discovery, which is now refused.
  // An awareness moved back to (not before) the discovery can still make a notification late.
  it('setAware refuses to make a recorded initial notification late without a reason', () => {
    const now = new Date('2026-03-07T12:00:00Z');
    const aware = ok(setAware(emptyWork(), { at: '2026-03-04T08:00:00Z', reason: 'Leder bekræftede' }, anna, now, ctx)); // deadline 7 March 08:00Z
    const notified = ok(recordAuthorityNotification(aware.work, { kind: 'initial', at: '2026-03-06T10:00:00Z', reference: 'virk-1', followUpPending: false }, anna, now, ctx));
    const r = setAware(notified.work, { at: '2026-03-02T09:00:00Z', reason: 'Vidste det fra starten' }, anna, now, ctx); // deadline 5 March 09:00Z
    assert.deepEqual(r, { ok: false, error: 'delay_reason_required', field: 'at' });
  });

  it('persons notified / exempted replace each other', () => {
    const n = ok(recordPersonsNotified(emptyWork(), { notifiedAt: '2026-03-03T10:00:00Z', how: 'Digital Post', count: 12 }, anna, NOW, ctx));
    assert.deepEqual(n.work.persons, { notifiedAt: '2026-03-03T10:00:00.000Z', how: 'Digital Post', count: 12 });
    const e = ok(recordPersonsExemption(n.work, { exemption: 'art34_3_a', explanation: 'Pc’en var krypteret med BitLocker.' }, anna, NOW, ctx));
    assert.deepEqual(e.work.persons, { exemption: 'art34_3_a', explanation: 'Pc’en var krypteret med BitLocker.' });
  });

  it('dpoInformed defaults to now, or takes a time', () => {
    assert.equal(ok(dpoInformed(emptyWork(), {}, anna, NOW, ctx)).work.dpoInformedAt, NOW.toISOString());
    assert.equal(
      ok(dpoInformed(emptyWork(), { at: '2026-03-03T09:00:00+01:00' }, anna, NOW, ctx)).work.dpoInformedAt,
      '2026-03-03T08:00:00.000Z',
    );
  });

  for (const no of ['00.01.00-G01-12-26', 'A 2026 Æbler', '26-1234']) {
    it(`journalize accepts ${no}`, () => {
      assert.equal(ok(journalize(emptyWork(), { sbsysJournalNo: ` ${no} ` }, anna, NOW, ctx)).work.sbsysJournalNo, no);
    });
  }

  it('addNote masks CPR-like numbers and records the author', () => {
    const r = ok(addNote(emptyWork(), { text: 'Borger 010203-1234 ringede.' }, anna, NOW, ctx));
    assert.deepEqual(r.work.notes, [{ at: NOW.toISOString(), by: anna.name, text: 'Borger 010203-xxxx ringede.' }]);
    assert.deepEqual(r.work.timeline.at(-1), { at: NOW.toISOString(), by: anna.name, event: 'note_added' }, 'note text is not copied into the timeline');
  });

  it('link normalizes the case number', () => {
    const r = ok(link(emptyWork(), { toCaseNumber: ' bv-2026-0012 ' }, anna, NOW, ctx));
    assert.equal(r.work.linkedTo, 'BV-2026-0012');
    const last = r.work.timeline.at(-1);
    assert.equal(last?.event === 'linked' && last.toCaseNumber, 'BV-2026-0012');
  });
});

describe('caseWork: close and reopen', () => {
  const preconditions: { why: string; setup: CaseCommand[]; error: DomainErrorCode }[] = [
    { why: 'no assessment', setup: [{ type: 'acknowledge' }], error: 'decision_missing' },
    { why: 'notify decided, no notification', setup: [assessNotify], error: 'authority_notification_missing' },
    { why: 'high risk, persons not handled', setup: [assessHigh, initialOnTime], error: 'persons_notification_missing' },
    { why: 'follow-up promised', setup: [assessNotify, { ...initialOnTime, followUpPending: true } as CaseCommand], error: 'follow_up_pending' },
  ];
  for (const c of preconditions) {
    it(`refuses: ${c.why} → ${c.error}`, () => {
      const s = run(c.setup);
      const r = applyCommand(s.work, closeCmd, anna, later(10), ctx);
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.error, c.error);
    });
  }

  const fieldRefusals: { why: string; cmd: CaseCommand; field: string }[] = [
    { why: 'lessons learned missing', cmd: { ...closeCmd, lessonsLearned: '' } as CaseCommand, field: 'lessonsLearned' },
    {
      why: 'what was done missing',
      cmd: { type: 'close', lessonsLearned: 'Læring.', feedback: { done: '', authorityNotified: '', dpoInformed: '', personsInformed: '', prevention: 'Ny procedure' } },
      field: 'feedback.done',
    },
    {
      why: 'prevention missing',
      cmd: { type: 'close', lessonsLearned: 'Læring.', feedback: { done: 'Slettet', authorityNotified: '', dpoInformed: '', personsInformed: '', prevention: ' ' } },
      field: 'feedback.prevention',
    },
  ];
  for (const c of fieldRefusals) {
    it(`refuses: ${c.why}`, () => {
      const s = run([assessNone]);
      const r = applyCommand(s.work, c.cmd, anna, later(10), ctx);
      assert.deepEqual(r, { ok: false, error: 'required', field: c.field });
    });
  }

  it('closes a not-notified case; nothing is due afterwards', () => {
    const s = run([assessNone]);
    const r = ok(applyCommand(s.work, closeCmd, anna, later(10), ctx));
    assert.equal(r.status, 'closed');
    assert.equal(r.work.closedAt, later(10).toISOString());
    assert.equal(r.work.lessonsLearned, 'Dobbelttjek af modtager før afsendelse.');
    assert.equal(r.work.feedback?.prevention, 'Ny procedure for dobbelttjek.');
    assert.deepEqual(r.events.at(-1), { type: 'status_changed', from: 'acknowledged', to: 'closed' });
    const d = duties(r.work, r.status, ctx, later(10_000));
    assert.deepEqual([d.authorityDue, d.personsDue, d.followUpPending, d.overdue], [false, false, false, false]);
  });

  it('closes a notified high-risk case with persons notified', () => {
    const s = run([
      assessHigh,
      initialOnTime,
      { type: 'recordPersonsNotified', notifiedAt: '2026-03-03T11:00:00Z', how: 'Digital Post', count: 4 },
    ]);
    assert.equal(ok(applyCommand(s.work, closeCmd, anna, later(10), ctx)).status, 'closed');
  });

  it('a closed case refuses everything but reopen; reopen goes back to acknowledged', () => {
    const s = run([assessNone, closeCmd]);
    const blocked: CaseCommand[] = [
      { type: 'acknowledge' },
      { type: 'addNote', text: 'Sen note' },
      { type: 'handOver', to: bo },
      closeCmd,
    ];
    for (const cmd of blocked) {
      const r = applyCommand(s.work, cmd, bo, later(20), ctx);
      assert.deepEqual(r, { ok: false, error: 'case_closed' }, cmd.type);
    }
    const r = ok(reopen(s.work, { reason: 'Ny viden fra leverandøren' }, bo, later(20), ctx));
    assert.equal(r.status, 'acknowledged');
    assert.equal(r.work.closedAt, null);
    assert.deepEqual(r.events[0], { type: 'status_changed', from: 'closed', to: 'acknowledged' });
    assert.deepEqual(r.work.timeline.at(-1), { at: later(20).toISOString(), by: bo.name, event: 'reopened', reason: 'Ny viden fra leverandøren' });
    assert.deepEqual(r.work.owner, anna, 'reopen keeps the owner');
  });

  it('every successful command appends one timeline entry', () => {
    const cmds: CaseCommand[] = [
      { type: 'acknowledge' },
      { type: 'setAware', at: '2026-03-02T09:00:00Z', reason: 'Leder bekræftede' },
      { type: 'setStopped', stopped: 'yes', stopHow: 'Mail tilbagekaldt' },
      assessNotify,
      initialOnTime,
      { type: 'recordPersonsExemption', exemption: 'art34_3_b', explanation: 'Modtager har bekræftet sletning.' },
      { type: 'dpoInformed' },
      { type: 'journalize', sbsysJournalNo: '00.01.00-G01-12-26' },
      { type: 'addNote', text: 'Alt dokumenteret.' },
      { type: 'link', toCaseNumber: 'BV-2026-0001' },
      closeCmd,
      { type: 'reopen' },
      { type: 'handOver', to: bo },
    ];
    const s = run(cmds);
    assert.deepEqual(
      s.work.timeline.map((t) => t.event),
      [
        'acknowledged',
        'aware_set',
        'stopped_set',
        'assessed',
        'authority_notified',
        'persons_exempted',
        'dpo_informed',
        'journalized',
        'note_added',
        'linked',
        'closed',
        'reopened',
        'handed_over',
      ],
    );
    assert.ok(s.work.timeline.every((t) => t.by === anna.name));
  });
});

describe('caseWork: duties', () => {
  const at = (iso: string) => new Date(iso);
  const cases: {
    why: string;
    setup: CaseCommand[];
    ctx?: WorkContext;
    now: Date;
    expect: { deadline: string; authorityDue: boolean; personsDue: boolean; followUpPending: boolean; overdue: boolean };
  }[] = [
    {
      why: 'new case: due, not overdue',
      setup: [],
      now: at('2026-03-03T12:00:00Z'),
      expect: { deadline: '2026-03-05T08:00:00.000Z', authorityDue: true, personsDue: false, followUpPending: false, overdue: false },
    },
    {
      why: 'undecided after the deadline: overdue',
      setup: [],
      now: at('2026-03-05T08:00:01Z'),
      expect: { deadline: '2026-03-05T08:00:00.000Z', authorityDue: true, personsDue: false, followUpPending: false, overdue: true },
    },
    {
      why: 'decided not to notify: nothing due',
      setup: [assessNone],
      now: at('2026-03-06T12:00:00Z'),
      expect: { deadline: '2026-03-05T08:00:00.000Z', authorityDue: false, personsDue: false, followUpPending: false, overdue: false },
    },
    {
      why: 'high risk notified with follow-up: persons and follow-up due',
      setup: [assessHigh, { ...initialOnTime, followUpPending: true } as CaseCommand],
      now: at('2026-03-03T12:00:00Z'),
      expect: { deadline: '2026-03-05T08:00:00.000Z', authorityDue: false, personsDue: true, followUpPending: true, overdue: false },
    },
    {
      why: 'processor case runs from the notice',
      setup: [],
      ctx: { ...ctx, supplierInvolved: 'yes', supplierNotifiedAt: '2026-03-03T08:00:00Z' },
      now: at('2026-03-05T09:00:00Z'),
      expect: { deadline: '2026-03-06T08:00:00.000Z', authorityDue: true, personsDue: false, followUpPending: false, overdue: false },
    },
  ];
  for (const c of cases) {
    it(c.why, () => {
      const s = run(c.setup);
      const d = duties(s.work, s.status, c.ctx ?? ctx, c.now);
      assert.deepEqual(
        {
          deadline: d.authorityDeadline.toISOString(),
          authorityDue: d.authorityDue,
          personsDue: d.personsDue,
          followUpPending: d.followUpPending,
          overdue: d.overdue,
        },
        c.expect,
      );
    });
  }
});
