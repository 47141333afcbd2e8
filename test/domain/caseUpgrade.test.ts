import { FIXTURE_CLOSE_REASON } from '../helpers/closeReason';
import { strict as assert } from 'node:assert';
import type { BreachCase, Locale, OutboxItem, Person } from '../../src/domain/case';
import { upgradeCase, upgradeTimelineEntry, upgradeWork, type StoredCase } from '../../src/domain/caseUpgrade';
import { applyCommand, emptyWork, statusOf, type CaseCommand, type CaseWork, type TimelineFacts, type WorkContext } from '../../src/domain/caseWork';
import { timelineText } from '../../src/teams/views/timelineText';
import { makeCase } from '../storage/fixtures';
import { oldTimelineText, type OldEntry } from '../helpers/oldTimelineText';

const AT = '2026-11-20T13:05:00.000Z';
const BY = 'Mette Jensen';
const old = (event: string, detail?: string): OldEntry => ({ at: AT, by: BY, event, ...(detail === undefined ? {} : { detail }) });

/**
 * Every `detail` form src/domain/caseWork/commands.ts ever wrote (its history since the first
 * coordinator commit; the forms never changed), plus what retention left of them (names and free text
 * removed, so no detail), with the structured facts each one stands for.
 */
const WRITTEN: { why: string; entry: OldEntry; facts: TimelineFacts }[] = [
  { why: 'take', entry: old('acknowledged'), facts: { event: 'acknowledged' } },
  { why: 'implicit take', entry: old('acknowledged', 'implicit'), facts: { event: 'acknowledged', implicit: true } },
  { why: 'hand-over (the name)', entry: old('handed_over', 'Jonas Holm'), facts: { event: 'handed_over', to: 'Jonas Holm' } },
  { why: 'hand-over anonymized (no detail)', entry: old('handed_over'), facts: { event: 'handed_over', to: '' } },
  { why: 'aware (the instant)', entry: old('aware_set', '2026-11-20T08:00:00.000Z'), facts: { event: 'aware_set', awareAt: '2026-11-20T08:00:00.000Z' } },
  { why: 'stopped yes', entry: old('stopped_set', 'yes'), facts: { event: 'stopped_set', stopped: 'yes' } },
  { why: 'stopped no', entry: old('stopped_set', 'no'), facts: { event: 'stopped_set', stopped: 'no' } },
  { why: 'stopped unknown', entry: old('stopped_set', 'unknown'), facts: { event: 'stopped_set', stopped: 'unknown' } },
  { why: 'assessed without ENISA', entry: old('assessed', 'risk=none decision=do_not_notify'), facts: { event: 'assessed', risk: 'none', decision: 'do_not_notify' } },
  { why: 'assessed, risk, notify', entry: old('assessed', 'risk=risk decision=notify'), facts: { event: 'assessed', risk: 'risk', decision: 'notify' } },
  {
    why: 'assessed with ENISA (decimal score)',
    entry: old('assessed', 'risk=high decision=notify enisa=3.25/high'),
    facts: { event: 'assessed', risk: 'high', decision: 'notify', enisa: { score: 3.25, band: 'high' } },
  },
  {
    why: 'assessed with ENISA (very high)',
    entry: old('assessed', 'risk=high decision=notify enisa=4.5/very_high'),
    facts: { event: 'assessed', risk: 'high', decision: 'notify', enisa: { score: 4.5, band: 'very_high' } },
  },
  { why: 'initial notification', entry: old('authority_notified', 'initial VIRK-12345'), facts: { event: 'authority_notified', kind: 'initial', reference: 'VIRK-12345' } },
  {
    why: 'follow-up with a reference holding spaces',
    entry: old('authority_notified', 'follow_up DT 2026 4711-2'),
    facts: { event: 'authority_notified', kind: 'follow_up', reference: 'DT 2026 4711-2' },
  },
  { why: 'persons notified (the count)', entry: old('persons_notified', '37'), facts: { event: 'persons_notified', count: 37 } },
  { why: 'exemption a', entry: old('persons_exempted', 'art34_3_a'), facts: { event: 'persons_exempted', exemption: 'art34_3_a' } },
  { why: 'exemption b', entry: old('persons_exempted', 'art34_3_b'), facts: { event: 'persons_exempted', exemption: 'art34_3_b' } },
  { why: 'exemption c', entry: old('persons_exempted', 'art34_3_c'), facts: { event: 'persons_exempted', exemption: 'art34_3_c' } },
  { why: 'DPO informed (the instant)', entry: old('dpo_informed', '2026-11-20T12:00:00.000Z'), facts: { event: 'dpo_informed', informedAt: '2026-11-20T12:00:00.000Z' } },
  { why: 'journalized', entry: old('journalized', '00.01.00-G01-12-26'), facts: { event: 'journalized', journalNo: '00.01.00-G01-12-26' } },
  { why: 'note (never a detail)', entry: old('note_added'), facts: { event: 'note_added' } },
  { why: 'linked', entry: old('linked', 'BV-2026-0003'), facts: { event: 'linked', toCaseNumber: 'BV-2026-0003' } },
  { why: 'closed', entry: old('closed'), facts: { event: 'closed' } },
  {
    why: 'closed anyway, one step',
    entry: old('closed', `dpo_informed: ${FIXTURE_CLOSE_REASON}`),
    facts: { event: 'closed', anyway: { missing: ['dpo_informed'], reason: FIXTURE_CLOSE_REASON } },
  },
  {
    why: 'closed anyway, both steps, a reason with ": " and a line break',
    entry: old('closed', 'stopped_confirmed,dpo_informed: Leverandøren svarer ikke: vi lukker.\nDPO får besked mandag.'),
    facts: { event: 'closed', anyway: { missing: ['stopped_confirmed', 'dpo_informed'], reason: 'Leverandøren svarer ikke: vi lukker.\nDPO får besked mandag.' } },
  },
  { why: 'reopened', entry: old('reopened'), facts: { event: 'reopened' } },
  { why: 'reopened with a reason', entry: old('reopened', 'Ny viden fra leverandøren'), facts: { event: 'reopened', reason: 'Ny viden fra leverandøren' } },
];

/** Forms no version wrote (a hand-edited row): kept, readable as the old view showed them. */
const NEVER_WRITTEN: OldEntry[] = [
  old('stopped_set', 'maybe'),
  old('assessed', 'risk=medium decision=notify'),
  old('authority_notified', 'telefon'),
  old('persons_notified', 'mange'),
  old('persons_exempted', 'art34_3_d'),
  old('aware_set', 'i går'),
  old('dpo_informed'),
  old('journalized'),
  old('linked'),
  old('closed', 'ingen grund'),
  old('acknowledged', 'explicit'),
  old('escalated', 'central'),
];

const LOCALES: Locale[] = ['da', 'en'];

describe('caseUpgrade: timeline entries stored with a detail string', () => {
  for (const c of WRITTEN) {
    it(`${c.why}: ${JSON.stringify(c.entry.detail ?? null)} → ${c.facts.event} facts`, () => {
      assert.deepEqual(upgradeTimelineEntry(c.entry), { at: AT, by: BY, ...c.facts });
    });
  }

  it('every old form, upgraded, reads in the card and the thread exactly as the old reader showed it', () => {
    for (const entry of [...WRITTEN.map((c) => c.entry), ...NEVER_WRITTEN]) {
      for (const locale of LOCALES) {
        for (const opts of [{}, { withDate: true }]) {
          // One sentence changed on purpose since (issue 17): a count of persons says «personer»/«persons».
          const expected = oldTimelineText(entry, locale, opts).replace(/\((\d+)\)$/, (_, n: string) => (entry.event === 'persons_notified' ? `(${n} ${n === '1' ? (locale === 'da' ? 'person' : 'person') : locale === 'da' ? 'personer' : 'persons'})` : `(${n})`));
          assert.equal(timelineText(upgradeTimelineEntry(entry), locale, opts), expected, `${entry.event} ${entry.detail ?? ''} (${locale})`);
        }
      }
    }
  });

  it('a form no version wrote is kept as unreadable (the timeline keeps its length), never thrown on', () => {
    for (const entry of NEVER_WRITTEN) {
      const upgraded = upgradeTimelineEntry(entry);
      assert.equal(upgraded.event, 'unreadable', `${entry.event} ${entry.detail}`);
      assert.ok(upgraded.event === 'unreadable' && upgraded.was === entry.event);
    }
    assert.deepEqual(upgradeTimelineEntry(null), { at: '', by: '', event: 'unreadable', was: '', detail: '' });
  });

  it('two forms no version wrote read slightly differently, on purpose', () => {
    // A score with a band the old reader did not know: it showed the assessment without the score; the
    // entry is the assessment without it (the same line).
    const band = old('assessed', 'risk=high decision=notify enisa=3.25/extreme');
    assert.deepEqual(upgradeTimelineEntry(band), { at: AT, by: BY, event: 'assessed', risk: 'high', decision: 'notify' });
    assert.equal(timelineText(upgradeTimelineEntry(band), 'da'), oldTimelineText(band, 'da'));
    // A close with a step no version had: the old reader printed the raw step name; the steps are typed
    // now, so the entry is unreadable and reads as a plain close.
    const step = old('closed', 'unknown_step: en grund der er lang nok');
    assert.equal(upgradeTimelineEntry(step).event, 'unreadable');
    assert.equal(timelineText(upgradeTimelineEntry(step), 'da'), '14:05 · Mette Jensen lukkede sagen');
  });

  it('is idempotent, and leaves every entry the commands write today as it is', () => {
    for (const c of WRITTEN) {
      const once = upgradeTimelineEntry(c.entry);
      assert.deepEqual(upgradeTimelineEntry(once), once);
    }
    for (const entry of NEVER_WRITTEN) {
      const once = upgradeTimelineEntry(entry);
      assert.deepEqual(upgradeTimelineEntry(once), once);
    }
    const work = worked();
    assert.ok(work.timeline.length >= 14);
    assert.deepEqual(work.timeline.map(upgradeTimelineEntry), work.timeline);
    assert.deepEqual(upgradeWork(structuredClone(work)), work);
  });
});

const anna: Person = { aadObjectId: 'aad-anna', teamsUserId: '29:anna', name: 'Anna Koordinator' };
const bo: Person = { aadObjectId: 'aad-bo', teamsUserId: '29:bo', name: 'Bo Koordinator' };
const ctx: WorkContext = { caseNumber: 'BV-2026-0007', discoveredAt: '2026-03-02T08:00:00Z' };

/** Every command, so every event (and the optional facts: implicit, ENISA, closed anyway, a reason). */
function worked(): CaseWork {
  const cmds: [Person, CaseCommand][] = [
    [anna, { type: 'addNote', text: 'Første notat om sagen.' }],
    [anna, { type: 'setAware', at: '2026-03-02T09:00:00Z', reason: 'Leder bekræftede' }],
    [anna, { type: 'setStopped', stopped: 'yes', stopHow: 'Mail tilbagekaldt' }],
    [anna, {
      type: 'assess',
      risk: 'high',
      decision: 'notify',
      justification: 'Helbredsoplysninger til forkert modtager.',
      enisa: { dpcBase: 4, dpcAdjust: 0, ei: 1, confidentiality: 0.5, integrity: 0, availability: 0, malicious: false },
    }],
    [anna, { type: 'recordAuthorityNotification', kind: 'initial', at: '2026-03-02T10:00:00Z', reference: 'virk-2026-1', followUpPending: false }],
    [anna, { type: 'recordPersonsNotified', notifiedAt: '2026-03-02T11:00:00Z', how: 'Digital Post', count: 3 }],
    [anna, { type: 'recordPersonsExemption', exemption: 'art34_3_a', explanation: 'Data var krypteret.' }],
    [anna, { type: 'journalize', sbsysJournalNo: '00.01.00-G01-12-26' }],
    [anna, { type: 'link', toCaseNumber: 'BV-2026-0001' }],
    [anna, { type: 'acknowledge' }],
    [anna, { type: 'handOver', to: bo }],
    [bo, { type: 'close', closeReason: FIXTURE_CLOSE_REASON, lessonsLearned: 'Dobbelttjek.', feedback: { done: 'Slettet.', authorityNotified: '', dpoInformed: '', personsInformed: '', prevention: 'Ny procedure.' } }],
    [bo, { type: 'reopen', reason: 'Ny viden' }],
    [bo, { type: 'dpoInformed' }],
    [bo, { type: 'close', lessonsLearned: 'Dobbelttjek.', feedback: { done: 'Slettet.', authorityNotified: '', dpoInformed: '', personsInformed: '', prevention: 'Ny procedure.' } }],
  ];
  let work = emptyWork();
  cmds.forEach(([actor, cmd], i) => {
    const r = applyCommand(work, cmd, actor, new Date(Date.parse('2026-03-03T12:00:00Z') + i * 60_000), ctx);
    if (!r.ok) assert.fail(`${cmd.type}: ${r.error}`);
    work = r.work;
  });
  return work;
}

describe('caseUpgrade: a case as an older version stored it', () => {
  /** The JSON of a case from before the coordinators' record, routing, links and the due-index. */
  function oldest(): StoredCase {
    const { work: _w, posts: _p, linkedFrom: _l, schedule: _s, ...rest } = makeCase();
    return rest;
  }

  it('a case without work, posts, links or schedule reads as a new case with all of them empty', () => {
    const c = upgradeCase(oldest());
    assert.deepEqual(c.work, emptyWork());
    assert.deepEqual([c.posts, c.linkedFrom, c.schedule], [[], [], { sent: [], outbox: [] }]);
    assert.equal(c.status, 'new');
  });

  it('work from before the close checklist gets closedAnyway null; old timeline details and outbox lines are upgraded', () => {
    const { closedAnyway: _c, ...before } = emptyWork();
    const line: OutboxItem = { id: 'line:c:t:0', kind: 'thread_line', target: 'post', channelId: 'c', at: AT, leaseUntil: AT, attempts: 1, line: old('handed_over', 'Jonas Holm') as never };
    const stored = {
      ...oldest(),
      status: 'closed',
      work: {
        ...before,
        owner: anna,
        acknowledgedAt: AT,
        stopped: 'yes',
        closedAt: AT,
        timeline: [old('acknowledged', 'implicit'), old('stopped_set', 'yes'), old('closed')],
      },
      schedule: { key: 'k', sent: ['ack'], outbox: [line] },
    } as StoredCase;
    const c: BreachCase = upgradeCase(stored);
    assert.equal(c.work.closedAnyway, null);
    assert.deepEqual(c.work.timeline, [
      { at: AT, by: BY, event: 'acknowledged', implicit: true },
      { at: AT, by: BY, event: 'stopped_set', stopped: 'yes' },
      { at: AT, by: BY, event: 'closed' },
    ]);
    assert.deepEqual(c.schedule.outbox[0].line, { at: AT, by: BY, event: 'handed_over', to: 'Jonas Holm' });
    assert.deepEqual({ key: c.schedule.key, sent: c.schedule.sent }, { key: 'k', sent: ['ack'] });
    assert.equal(c.status, 'closed');
    assert.deepEqual(upgradeCase(c), c, 'idempotent');
  });

  it('the status is derived from the work, whatever the row says', () => {
    const work = worked();
    assert.equal(statusOf(work), 'closed');
    assert.equal(upgradeCase({ ...oldest(), status: 'new', work }).status, 'closed');
    assert.equal(upgradeCase({ ...oldest(), status: 'closed', work: { ...work, closedAt: null } }).status, 'acknowledged');
    assert.equal(upgradeCase({ ...oldest(), status: 'acknowledged', work: emptyWork() }).status, 'new');
  });
});
