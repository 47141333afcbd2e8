/**
 * Issue 18, part 2: the committee's rules, pure. The five risks on the assessment, the decision command,
 * the committee's view (what it does NOT see), its reminders, its outbox items, its registration words.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { BreachCase, Person } from '../../src/domain/case';
import { applyCommand, workContext, type CaseCommand } from '../../src/domain/caseWork';
import { CRISIS_ROLES, MUNICIPAL_RISKS, COMMITTEE_REMINDER_HOURS, committeeAwaited, decideCrisisCell } from '../../src/domain/committee';
import { COMMITTEE_CARD_ID, COMMITTEE_FAILING_ID, COMMITTEE_MISSING_ID, COMMITTEE_POST_ID, oweCommittee, recordCommitteeOutcomes } from '../../src/domain/committeeOutbox';
import { decide } from '../../src/domain/decide';
import { claimDue, NOTICE_AFTER_FAILURES, removeDelivered } from '../../src/domain/outbox';
import { DEFAULT_POLICY, dueReminders, reminderSlots } from '../../src/domain/reminders';
import { anonymizeCase } from '../../src/domain/retention';
import { COMMITTEE_UNIT, parseChannelCommand } from '../../src/domain/unit';
import { accessReviewView } from '../../src/teams/views/accessReviewView';
import { committeeView, mayDecideCrisisCell, mayOpen } from '../../src/domain/visibility';
import { registerRecord } from '../../src/domain/register/record';
import { exportColumns } from '../../src/domain/register/exportColumns';
import { exportLabels } from '../../src/i18n/exportTexts';
import { upgradeCase } from '../../src/domain/caseUpgrade';
import { caseOf, justification } from './registerFixtures';

const HOUR = 3_600_000;
const REPORTED = '2026-11-23T09:00:00.000Z';
const anna: Person = { aadObjectId: 'aad-anna', teamsUserId: '29:anna', name: 'Anna Koordinator' };
const ulla: Person = { aadObjectId: 'aad-ulla', teamsUserId: '29:ulla', name: 'Ulla Udvalg' };
const at = (hours: number) => new Date(Date.parse(REPORTED) + hours * HOUR);
const claim = (hours: number) => ({ token: `claim-${hours}`, until: at(hours + 0.05).toISOString() });

const assessCmd = (municipalRisks?: string[]): CaseCommand =>
  ({ type: 'assess', risk: 'risk', decision: 'notify', justification, ...(municipalRisks ? { municipalRisks } : {}) }) as CaseCommand;

function run(c: BreachCase, cmd: CaseCommand, who: Person, hours: number): BreachCase {
  const d = decide(c, cmd, who, at(hours), claim(hours), DEFAULT_POLICY);
  assert.ok(d.result.ok, `${cmd.type}: ${d.result.ok ? '' : d.result.error}`);
  return d.next ?? c;
}

const asked = () => run(run(caseOf({ id: 'c1', number: 'BV-2026-0001', reportedAt: REPORTED }), { type: 'acknowledge' }, anna, 0.5), assessCmd(['media', 'fine']), anna, 1);

describe('committee: the assessment asks the five risks to the municipality', () => {
  it('five «nej» (none ticked, or an old assessment): the committee is not asked', () => {
    const c = run(run(caseOf({ id: 'c0', number: 'BV-2026-0002', reportedAt: REPORTED }), { type: 'acknowledge' }, anna, 0.5), assessCmd([]), anna, 1);
    assert.equal(c.work.committee ?? null, null);
    assert.equal(c.work.assessment?.municipalRisks, undefined);
    assert.ok(!c.schedule.outbox.some((i) => i.target === 'committee'));
  });

  it('one «ja» asks the committee once, records the risks in the procedure\'s order, and owes its channel the card', () => {
    const c = asked();
    assert.deepEqual(c.work.assessment?.municipalRisks, ['media', 'fine']);
    assert.equal(c.work.committee?.askedAt, at(1).toISOString());
    assert.equal(c.work.committee?.decision, null);
    assert.equal(c.schedule.outbox.filter((i) => i.id === COMMITTEE_POST_ID).length, 1);
    // A second assessment keeps the question (and its time); absent risks keep the stored answers.
    const again = run(c, assessCmd(undefined), anna, 2);
    assert.equal(again.work.committee?.askedAt, at(1).toISOString());
    assert.deepEqual(again.work.assessment?.municipalRisks, ['media', 'fine']);
    assert.equal(again.schedule.outbox.filter((i) => i.id === COMMITTEE_POST_ID).length, 1, 'one post item');
  });

  it('hostile answers are refused beside the field, never stored (property)', () => {
    const c = run(caseOf({ id: 'c2', number: 'BV-2026-0003', reportedAt: REPORTED }), { type: 'acknowledge' }, anna, 0.5);
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...MUNICIPAL_RISKS), fc.string(), fc.constant('__proto__'), fc.integer() as fc.Arbitrary<unknown>)), (risks) => {
        const r = applyCommand(c.work, assessCmd(risks as string[]), anna, at(1), workContext(c));
        const valid = risks.every((x) => typeof x === 'string' && (MUNICIPAL_RISKS as readonly string[]).includes(x));
        if (!valid) {
          assert.ok(!r.ok);
          if (!r.ok) assert.deepEqual([r.error, r.field], ['invalid_choice', 'municipalRisks']);
        } else {
          assert.ok(r.ok);
          if (r.ok) assert.deepEqual(r.work.assessment?.municipalRisks ?? [], MUNICIPAL_RISKS.filter((x) => risks.includes(x)));
        }
      }),
    );
  });
});

describe('committee: the decision on a crisis cell', () => {
  it('convened with roles (in the procedure\'s order), by whom and when; no owner change; a timeline entry', () => {
    const c = run(asked(), { type: 'decideCrisisCell', convene: true, roles: ['lawyer', 'it_leader', 'lawyer'] }, ulla, 3);
    assert.deepEqual(c.work.committee?.decision, { convene: true, roles: ['it_leader', 'lawyer'], decidedAt: at(3).toISOString(), decidedBy: ulla.name });
    assert.equal(c.work.owner?.aadObjectId, anna.aadObjectId, 'the committee member does not become the owner');
    const entry = c.work.timeline.at(-1)!;
    assert.deepEqual({ event: entry.event, by: entry.by }, { event: 'crisis_cell_decided', by: ulla.name });
  });

  it('refusals: convened without a role, an unknown role, never asked, anonymized; the same answer twice records nothing', () => {
    const c = asked();
    const ctx = workContext(c);
    const refused = (cmd: { convene: unknown; roles: unknown }, work = c.work, context = ctx) => {
      const r = decideCrisisCell(work, cmd as never, ulla, at(3), context);
      return r.ok ? 'ok' : `${r.error}:${r.field ?? ''}`;
    };
    assert.equal(refused({ convene: true, roles: [] }), 'required:roles');
    assert.equal(refused({ convene: true, roles: ['mayor'] }), 'invalid_choice:roles');
    assert.equal(refused({ convene: 'yes', roles: [] }), 'invalid_choice:convene');
    assert.equal(refused({ convene: false, roles: [] }, caseOf({ id: 'x', number: 'BV-2026-0009', reportedAt: REPORTED }).work), 'invalid_choice:convene');
    assert.equal(refused({ convene: false, roles: [] }, c.work, { ...ctx, anonymized: true }), 'anonymized:');
    // «Ingen krisecelle» ignores the ticks.
    const no = decideCrisisCell(c.work, { convene: false, roles: ['it_leader'] }, ulla, at(3), ctx);
    assert.ok(no.ok && no.work.committee?.decision?.roles.length === 0);
    if (!no.ok) return;
    const twice = decideCrisisCell(no.work, { convene: false, roles: [] }, ulla, at(4), ctx);
    assert.ok(twice.ok && twice.events.length === 0);
  });

  it('any roles a hostile card sends: only the procedure\'s codes are ever stored (property)', () => {
    const c = asked();
    fc.assert(
      fc.property(fc.boolean(), fc.array(fc.oneof(fc.constantFrom(...CRISIS_ROLES), fc.string())), (convene, roles) => {
        const r = decideCrisisCell(c.work, { convene, roles: roles as never }, ulla, at(3), workContext(c));
        if (r.ok) for (const role of r.work.committee?.decision?.roles ?? []) assert.ok((CRISIS_ROLES as readonly string[]).includes(role));
        else assert.ok(['invalid_choice', 'required'].includes(r.error));
      }),
    );
  });

  it('allowed on a closed case (the committee\'s answer is its own)', () => {
    let c = asked();
    c = run(c, { type: 'recordAuthorityNotification', kind: 'initial', at: at(2).toISOString(), reference: 'virk-1', followUpPending: false }, anna, 2);
    c = run(c, { type: 'setStopped', stopped: 'yes', stopHow: 'Brevet er slettet.' }, anna, 2.1);
    c = run(c, { type: 'dpoInformed' }, anna, 2.2);
    c = run(c, { type: 'close', lessonsLearned: 'Tjek adressen.', feedback: { done: 'Slettet.', prevention: 'Kontrol.', authorityNotified: '', dpoInformed: '', personsInformed: '' } }, anna, 2.3);
    assert.equal(c.status, 'closed');
    c = run(c, { type: 'decideCrisisCell', convene: false, roles: [] }, ulla, 3);
    assert.equal(c.work.committee?.decision?.convene, false);
  });
});

describe("committee: its view (visibility.ts) and its seat", () => {
  it('the view holds the facts it decides on and nothing of what happened: no report text, no reporter, no personal data', () => {
    const c = asked();
    const view = committeeView(c, at(2));
    assert.equal(view.number, 'BV-2026-0001');
    assert.deepEqual(view.risks, ['media', 'fine']);
    assert.equal(view.notify, 'notify');
    assert.equal(view.ownerName, anna.name);
    assert.equal(view.deadline, at(72).toISOString());
    const json = JSON.stringify(view);
    for (const secret of [c.report.whatHappened, c.report.howHappened, c.report.reporterName, c.report.reporterEmail, c.report.reporterPhone, c.report.system, justification, 'Rikke']) {
      assert.ok(!json.includes(secret), `not in the committee's view: ${secret}`);
    }
  });

  it('the committee seat opens no case and decides only on a case it was asked about; other seats never decide', () => {
    const c = asked();
    const committeeSeat = { teamId: 't-c', central: false, unitIds: [], committee: true };
    assert.equal(mayOpen(c, committeeSeat), false);
    assert.equal(mayDecideCrisisCell(c, committeeSeat), true);
    assert.equal(mayDecideCrisisCell(caseOf({ id: 'n', number: 'BV-2026-0008', reportedAt: REPORTED }), committeeSeat), false);
    assert.equal(mayDecideCrisisCell(c, { teamId: 't-x', central: true, unitIds: ['skoler'] }), false);
  });
});

describe('committee: reminders and outbox', () => {
  it("'cm-N' every COMMITTEE_REMINDER_HOURS from when it was asked, to the committee; none once decided or closed", () => {
    const c = asked();
    const slots = reminderSlots(c, at(10)).filter((s) => s.kind === 'committee');
    assert.deepEqual(slots.map((s) => [s.id, s.target, (s.at.getTime() - at(1).getTime()) / HOUR]), [
      ['cm-1', 'committee', COMMITTEE_REMINDER_HOURS],
      ['cm-2', 'committee', 2 * COMMITTEE_REMINDER_HOURS],
      ['cm-3', 'committee', 3 * COMMITTEE_REMINDER_HOURS],
    ]);
    assert.ok(committeeAwaited(c));
    const decided = run(c, { type: 'decideCrisisCell', convene: false, roles: [] }, ulla, 3);
    assert.deepEqual(reminderSlots(decided, at(10)).filter((s) => s.kind === 'committee'), []);
    assert.equal(committeeAwaited(decided), false);
  });

  it('missed slots after downtime make one committee reminder, beside the thread\'s', () => {
    const c = asked();
    const due = dueReminders(c, c.schedule.sent, at(13), DEFAULT_POLICY).due.filter((s) => s.kind === 'committee');
    assert.equal(due.length, 3);
    const claimed = claimDue(c, at(13), DEFAULT_POLICY, claim(13))!;
    const items = claimed.claimed.filter((i) => i.kind === 'committee');
    assert.deepEqual(items.map((i) => [i.id, i.target]), [['cm-3', 'committee']]);
    assert.ok(['cm-1', 'cm-2', 'cm-3'].every((id) => claimed.next.schedule.sent.includes(id)));
  });

  it('no committee registered: the post waits out its backoff (never given up), the central notice once; posted: recorded, then redrawn on changes', () => {
    let c = asked();
    const post = c.schedule.outbox.find((i) => i.id === COMMITTEE_POST_ID)!;
    c = recordCommitteeOutcomes(c, [{ id: post.id, claim: post.claim, committee: { kind: 'missing' } }], at(1));
    const released = c.schedule.outbox.find((i) => i.id === COMMITTEE_POST_ID)!;
    assert.equal(released.claim, undefined);
    assert.ok(released.leaseUntil > at(1).toISOString());
    assert.equal(c.schedule.outbox.filter((i) => i.id === COMMITTEE_MISSING_ID).length, 1);
    assert.ok(c.committeePost?.missingSince);
    // Kept by removeDelivered (its claim is gone), and a second «missing» owes no second notice.
    assert.ok(removeDelivered(c.schedule.outbox, [{ id: post.id, claim: post.claim }]).outbox.some((i) => i.id === COMMITTEE_POST_ID));
    c = recordCommitteeOutcomes(c, [{ id: post.id, claim: undefined, committee: { kind: 'missing' } }], at(2));
    assert.equal(c.schedule.outbox.filter((i) => i.id === COMMITTEE_MISSING_ID).length, 1);
    // Never given up: retaken at any attempt count.
    const worn = { ...c, schedule: { ...c.schedule, outbox: c.schedule.outbox.map((i) => (i.id === COMMITTEE_POST_ID ? { ...i, attempts: 10_000 } : i)) } };
    const retaken = claimDue(worn, at(3), DEFAULT_POLICY, claim(3))!;
    assert.ok(retaken.claimed.some((i) => i.id === COMMITTEE_POST_ID));
    assert.ok(!retaken.givenUp.some((i) => i.id === COMMITTEE_POST_ID));
    // Posted: recorded; the next change redraws it.
    const channel = { serviceUrl: 'https://s', tenantId: 't', teamId: 'tc', teamName: 'Udvalg', channelId: 'cc', channelName: 'Udvalg', botId: 'b' };
    c = recordCommitteeOutcomes(c, [{ id: post.id, committee: { kind: 'posted', channel, locale: 'da', threadId: 'cc;messageid=1', activityId: '1', postedAt: at(3).toISOString() } }], at(3));
    assert.equal(c.committeePost?.activityId, '1');
    assert.equal(c.committeePost?.missingSince, undefined);
    const next = run(c, { type: 'addNote', text: 'Noten er kun koordinatorernes.' }, anna, 4);
    assert.equal(next.schedule.outbox.filter((i) => i.id === COMMITTEE_CARD_ID).length, 1);
  });

  it('a card still undelivered when the case closes stays owed until the committee decides (a decision on a closed case is allowed)', () => {
    let c = asked();
    const post = c.schedule.outbox.find((i) => i.id === COMMITTEE_POST_ID)!;
    c = recordCommitteeOutcomes(c, [{ id: post.id, claim: post.claim, committee: { kind: 'failed' } }], at(1));
    const closed = { ...c, status: 'closed' as const, work: { ...c.work, closedAt: at(2).toISOString() } };
    const swept = claimDue(closed, at(30), DEFAULT_POLICY, claim(30))!;
    assert.ok(swept.claimed.some((i) => i.id === COMMITTEE_POST_ID), 'retaken on the closed case');
    // Reminders stop on close (documented): none is claimed beside it.
    assert.ok(!swept.claimed.some((i) => i.kind === 'committee'));
    // A change of a closed case whose item was dropped (by an older version) owes it again.
    const dropped = { ...closed, schedule: { ...closed.schedule, outbox: closed.schedule.outbox.filter((i) => i.id !== COMMITTEE_POST_ID) } };
    assert.ok(oweCommittee(dropped, claim(31), at(31)).schedule.outbox.some((i) => i.id === COMMITTEE_POST_ID));
    // Decided (on the card of another copy) or anonymized: owed no more.
    const decided = { ...closed, work: { ...closed.work, committee: { ...closed.work.committee!, decision: { convene: false, roles: [], decidedAt: at(3).toISOString(), decidedBy: 'Ulla' } } } };
    assert.ok(!(claimDue(decided, at(30), DEFAULT_POLICY, claim(30))?.claimed ?? []).some((i) => i.id === COMMITTEE_POST_ID));
    assert.ok(!(claimDue({ ...closed, anonymizedAt: at(29).toISOString() }, at(30), DEFAULT_POLICY, claim(30))?.claimed ?? []).some((i) => i.id === COMMITTEE_POST_ID));
  });

  it('a card Teams keeps refusing: the central channel is told once after NOTICE_AFTER_FAILURES failed sends («missing» does not count)', () => {
    let c = asked();
    const item = () => c.schedule.outbox.find((i) => i.id === COMMITTEE_POST_ID)!;
    c = recordCommitteeOutcomes(c, [{ id: item().id, claim: item().claim, committee: { kind: 'missing' } }], at(1));
    c = recordCommitteeOutcomes(c, [{ id: item().id, claim: item().claim, committee: { kind: 'missing' } }], at(1.1));
    for (let n = 1; n < NOTICE_AFTER_FAILURES; n++) {
      c = recordCommitteeOutcomes(c, [{ id: item().id, claim: item().claim, committee: { kind: 'failed' } }], at(1 + n));
      assert.equal(c.schedule.outbox.filter((i) => i.id === COMMITTEE_FAILING_ID).length, 0, `not after ${n}`);
    }
    c = recordCommitteeOutcomes(c, [{ id: item().id, claim: item().claim, committee: { kind: 'failed' } }], at(5));
    assert.equal(c.schedule.outbox.filter((i) => i.id === COMMITTEE_FAILING_ID).length, 1, 'told after the third');
    c = recordCommitteeOutcomes(c, [{ id: item().id, claim: item().claim, committee: { kind: 'failed' } }], at(6));
    assert.equal(c.schedule.outbox.filter((i) => i.id === COMMITTEE_FAILING_ID).length, 1, 'once');
    assert.ok(item(), 'the card is still owed (never given up)');
    // Claimed while the card is not in its channel; dropped once it is.
    const notice = c.schedule.outbox.find((i) => i.id === COMMITTEE_FAILING_ID)!;
    assert.ok(claimDue(c, at(6), DEFAULT_POLICY, claim(6))!.claimed.some((i) => i.id === notice.id));
    const channel = { serviceUrl: 'https://s', tenantId: 't', teamId: 'tc', teamName: 'Udvalg', channelId: 'cc', channelName: 'Udvalg', botId: 'b' };
    const posted = recordCommitteeOutcomes(c, [{ id: COMMITTEE_POST_ID, committee: { kind: 'posted', channel, locale: 'da', threadId: 't1', activityId: '1', postedAt: at(7).toISOString() } }], at(7));
    assert.ok(!(claimDue(posted, at(7), DEFAULT_POLICY, claim(7))?.claimed ?? []).some((i) => i.id === notice.id));
    assert.equal(posted.committeePost?.sendFailures, undefined);
  });

  it('moved or unregistered committee: a reminder of a waiting card re-queues the post first, the reminder after it; stale or decided: nothing', () => {
    const channel = { serviceUrl: 'https://s', tenantId: 't', teamId: 'tc', teamName: 'Udvalg', channelId: 'old', channelName: 'Udvalg', botId: 'b' };
    let c = asked();
    c = recordCommitteeOutcomes(c, [{ id: COMMITTEE_POST_ID, committee: { kind: 'posted', channel, locale: 'da', threadId: 'old;1', activityId: '1', postedAt: at(1).toISOString() } }], at(1));
    c = { ...c, schedule: { ...c.schedule, outbox: c.schedule.outbox.filter((i) => i.id !== COMMITTEE_POST_ID) } };
    const swept = claimDue(c, at(5.1), DEFAULT_POLICY, claim(5.1))!;
    c = swept.next;
    const reminder = swept.claimed.find((i) => i.kind === 'committee')!;
    assert.equal(reminder.id, 'cm-1');
    // A stale answer (moved already): the card stays, the reminder is released to be said in its thread.
    const stale = recordCommitteeOutcomes(c, [{ id: reminder.id, claim: reminder.claim, committee: { kind: 'moved', from: 'elsewhere' } }], at(5.1));
    assert.equal(stale.committeePost, c.committeePost);
    assert.ok(stale.schedule.outbox.some((i) => i.id === 'cm-1' && i.claim === undefined));
    assert.ok(!stale.schedule.outbox.some((i) => i.id === COMMITTEE_POST_ID));
    const moved = recordCommitteeOutcomes(c, [{ id: reminder.id, claim: reminder.claim, committee: { kind: 'moved', from: 'old' } }], at(5.1));
    assert.deepEqual(moved.committeePost, {}, 'the old card is forgotten');
    assert.equal(moved.schedule.outbox[0].id, COMMITTEE_POST_ID, 'the post goes first');
    assert.equal(moved.schedule.outbox[0].leaseUntil, at(5.1).toISOString(), 'due now');
    const kept = removeDelivered(moved.schedule.outbox, [{ id: reminder.id, claim: reminder.claim, committee: { kind: 'moved', from: 'old' } }]).outbox;
    assert.ok(kept.some((i) => i.id === 'cm-1' && i.claim === undefined), 'the reminder stays for its retry');
    const next = claimDue({ ...moved, schedule: { ...moved.schedule, outbox: kept } }, at(5.2), DEFAULT_POLICY, claim(5.2))!;
    assert.deepEqual(next.claimed.filter((i) => i.target === 'committee').map((i) => i.id), [COMMITTEE_POST_ID, 'cm-1'], 'the card, then the reminder in its new thread');
    // Decided: the card stays where the decision is.
    const decided = run(c, { type: 'decideCrisisCell', convene: false, roles: [] }, ulla, 5.1);
    assert.equal(recordCommitteeOutcomes(decided, [{ id: reminder.id, claim: reminder.claim, committee: { kind: 'moved', from: 'old' } }], at(5.1)).committeePost?.activityId, '1');
  });

  it('the access review names the committee\'s registration in the card\'s language', () => {
    const units = [{ unitName: COMMITTEE_UNIT, teamName: 'Udvalget', channelName: '', members: [] }];
    const heading = (locale: 'da' | 'en') => accessReviewView({ reviewId: 'r', units, reminder: false, dueSince: at(0).toISOString(), locale }).units[0].heading;
    assert.match(heading('da'), /Informationssikkerhedsudvalget/);
    assert.match(heading('en'), /Information-security committee/);
    assert.doesNotMatch(heading('en'), /udvalg|_committee/);
  });
});

describe('committee: the register, the export, retention, old cases', () => {
  it('the record and the export carry the risks and the decision; retention keeps the decision, not the name', () => {
    const c = run(asked(), { type: 'decideCrisisCell', convene: true, roles: ['municipal_director'] }, ulla, 3);
    const r = registerRecord(c, at(4));
    assert.deepEqual([r.municipalRisks, r.crisisCell, r.crisisCellRoles, r.crisisCellDecidedBy, r.committeeAskedAt], [['media', 'fine'], 'convened', ['municipal_director'], ulla.name, at(1).toISOString()]);
    const columns = exportColumns(exportLabels('da'), new Map());
    const cell = (header: string) => columns.find((col) => col.header === header)!.cell(r);
    assert.deepEqual(cell('Krisecelle'), { kind: 'text', text: 'krisecelle indkaldt' });
    assert.deepEqual(cell('Risiko for kommunen'), { kind: 'text', text: 'medier, bøde' });
    const anonymized = anonymizeCase({ ...c, status: 'closed', work: { ...c.work, closedAt: at(5).toISOString() } }, at(24 * 365 * 6));
    assert.equal(anonymized.work.committee?.decision?.decidedBy, '');
    assert.equal(anonymized.work.committee?.decision?.convene, true);
    assert.equal(registerRecord(anonymized, at(24 * 365 * 6)).crisisCellDecidedBy, null);
  });

  it('a case stored before the committee existed reads with none: no risks, no committee, no reminders', () => {
    const old = JSON.parse(JSON.stringify(run(caseOf({ id: 'o', number: 'BV-2026-0010', reportedAt: REPORTED }), assessCmd(undefined), anna, 1)));
    delete old.work.committee;
    const c = upgradeCase(old);
    assert.deepEqual(committeeView(c, at(2)).risks, []);
    assert.equal(registerRecord(c, at(2)).crisisCell, null);
    assert.deepEqual(reminderSlots(c, at(30)).filter((s) => s.kind === 'committee'), []);
  });
});

describe('committee: its registration words', () => {
  it('«tilmeld udvalg» / «register committee» register the committee; «afmeld udvalg» undoes it; other names stay units', () => {
    assert.deepEqual(parseChannelCommand('tilmeld udvalg'), { kind: 'registerCommittee' });
    assert.deepEqual(parseChannelCommand('register  Committee '), { kind: 'registerCommittee' });
    assert.deepEqual(parseChannelCommand('tilmeld Udvalgssekretariatet'), { kind: 'register', unitName: 'Udvalgssekretariatet' });
    assert.deepEqual(parseChannelCommand('afmeld udvalg'), { kind: 'unregister', unitName: 'udvalg' });
  });
});
