/**
 * Issue 10 in the pure domain: a case as a known incident (declare, rename, end, closing ends it), what
 * a linked case may and may not do, a linked report closed with its incident, no reminders on a linked
 * case, the coalesced card refresh, and old stored links read into the new shape.
 */
import { strict as assert } from 'node:assert';
import type { BreachCase, CasePost, OutboxItem, Person } from '../../src/domain/case';
import { upgradeCase, type StoredCase } from '../../src/domain/caseUpgrade';
import {
  activeIncident,
  applyCommand,
  closeWithLinked,
  emptyWork,
  type CaseCommand,
  type CaseWork,
  type CommandResult,
  type WorkContext,
} from '../../src/domain/caseWork';
import { claimDue, queueCardRefresh } from '../../src/domain/outbox';
import { DEFAULT_POLICY, reminderSlots } from '../../src/domain/reminders';
import { validateTiedReport } from '../../src/domain/reportValidation';
import { emptyReportValues, pickReportValues, type Report } from '../../src/domain/report';
import { makeCase } from '../storage/fixtures';

const anna: Person = { aadObjectId: 'aad-anna', teamsUserId: '29:anna', name: 'Anna Koordinator' };
const ctx: WorkContext = { caseNumber: 'BV-2026-0007', discoveredAt: '2026-03-02T08:00:00Z' };
const NOW = new Date('2026-03-02T10:00:00Z');

function run(work: CaseWork, cmd: CaseCommand, at = NOW): CommandResult {
  return applyCommand(work, cmd, anna, at, ctx);
}
function ok(r: CommandResult): CaseWork {
  if (!r.ok) assert.fail(`refused: ${r.error}${r.field ? ` (${r.field})` : ''}`);
  return r.work;
}

describe('domain: a case as a known incident', () => {
  it('declare: a masked public title of 5–80 characters; the actor takes an unowned case; the timeline says it', () => {
    const r = run(emptyWork(), { type: 'declareIncident', title: '  Nexus nede for 010203-1234  ' });
    const work = ok(r);
    assert.equal(work.incident!.title, 'Nexus nede for 010203-xxxx');
    assert.equal(work.incident!.declaredBy, anna.name);
    assert.equal(work.owner?.aadObjectId, anna.aadObjectId);
    assert.deepEqual(work.timeline.at(-1), { at: NOW.toISOString(), by: anna.name, event: 'incident_declared', title: 'Nexus nede for 010203-xxxx' });
    assert.deepEqual(activeIncident(work), work.incident);
  });

  it('refuses a title too short, too long or missing, naming the field', () => {
    for (const [title, error] of [['Nex', 'too_short'], ['x'.repeat(81), 'too_long'], ['', 'required'], [undefined, 'required']] as const) {
      const r = run(emptyWork(), { type: 'declareIncident', title: title as string });
      assert.ok(!r.ok);
      assert.equal(r.error, error);
      assert.equal(r.field, 'title');
    }
  });

  it('the same title again changes nothing; a new title renames it and keeps when and by whom it was declared', () => {
    const first = ok(run(emptyWork(), { type: 'declareIncident', title: 'Nexus er nede' }));
    const again = run(first, { type: 'declareIncident', title: 'Nexus er nede' }, new Date(NOW.getTime() + 60_000));
    assert.ok(again.ok);
    assert.equal(again.events.length, 0);
    const renamed = ok(run(first, { type: 'declareIncident', title: 'Nexus og Sensum er nede' }, new Date(NOW.getTime() + 60_000)));
    assert.equal(renamed.incident!.title, 'Nexus og Sensum er nede');
    assert.equal(renamed.incident!.declaredAt, NOW.toISOString());
  });

  it('end: stops offering it; ending twice or ending a case that is none is refused', () => {
    assert.equal((run(emptyWork(), { type: 'endIncident' }) as { error?: string }).error, 'not_incident');
    const declared = ok(run(emptyWork(), { type: 'declareIncident', title: 'Nexus er nede' }));
    const ended = ok(run(declared, { type: 'endIncident' }));
    assert.equal(activeIncident(ended), null);
    assert.equal(ended.incident!.endedAt, NOW.toISOString());
    assert.equal(ended.timeline.at(-1)!.event, 'incident_ended');
    assert.equal((run(ended, { type: 'endIncident' }) as { error?: string }).error, 'not_incident');
  });

  it('closing the case ends its incident; reopening does not bring the question back', () => {
    let w = ok(run(emptyWork(), { type: 'declareIncident', title: 'Nexus er nede' }));
    w = ok(run(w, { type: 'setStopped', stopped: 'yes', stopHow: 'Genstartet af leverandøren.' }));
    w = ok(run(w, { type: 'assess', risk: 'none', decision: 'do_not_notify', justification: 'Ingen oplysninger er kommet ud.' }));
    w = ok(run(w, { type: 'dpoInformed' }));
    const closed = ok(run(w, { type: 'close', lessonsLearned: 'Leverandøren skal varsle.', feedback: { done: 'Rettet.', prevention: 'Overvågning.', authorityNotified: '', dpoInformed: '', personsInformed: '' } }));
    assert.equal(closed.incident!.endedAt, NOW.toISOString());
    assert.equal(activeIncident(closed), null);
    const reopened = ok(run(closed, { type: 'reopen', reason: 'Ny fejl' }));
    assert.equal(activeIncident(reopened), null);
  });

  it('an active incident cannot be linked to another case; a linked case cannot be declared', () => {
    const declared = ok(run(emptyWork(), { type: 'declareIncident', title: 'Nexus er nede' }));
    const linking = run(declared, { type: 'link', toCaseNumber: 'BV-2026-0001' });
    assert.ok(!linking.ok);
    assert.equal(linking.error, 'incident_active');
    const linked = ok(run(emptyWork(), { type: 'link', toCaseNumber: 'BV-2026-0001' }));
    const declaring = run(linked, { type: 'declareIncident', title: 'Nexus er nede' });
    assert.ok(!declaring.ok);
    assert.equal(declaring.error, 'linked_case');
  });
});

describe('domain: a linked report', () => {
  const linkedCase = (): BreachCase => {
    const c = makeCase();
    return { ...c, work: { ...emptyWork(), linkedTo: 'BV-2026-0001' } };
  };

  it('has no reminders of its own, at any time (the case it is linked to has them)', () => {
    const c = linkedCase();
    const unlinked = makeCase();
    for (const hours of [0, 1, 3, 30, 80, 200]) {
      const at = new Date(Date.parse(c.reportedAt) + hours * 3_600_000);
      assert.deepEqual(reminderSlots(c, at, DEFAULT_POLICY), [], `${hours} h`);
    }
    assert.ok(reminderSlots(unlinked, new Date(unlinked.reportedAt), DEFAULT_POLICY).length > 0, 'the same case unlinked has them');
  });

  it('is closed with its incident only when nobody worked on it, with the incident\'s feedback', () => {
    const feedback = { done: 'Rettet.', prevention: 'Overvågning.', authorityNotified: '', dpoInformed: '', personsInformed: '' };
    const closed = closeWithLinked(linkedCase().work, 'BV-2026-0001', feedback, NOW)!;
    assert.equal(closed.closedAt, NOW.toISOString());
    assert.deepEqual(closed.feedback, feedback);
    assert.deepEqual(closed.timeline.at(-1), { at: NOW.toISOString(), by: 'Brudvagt', event: 'closed', withCase: 'BV-2026-0001' });
    assert.equal(closeWithLinked(closed, 'BV-2026-0001', feedback, NOW), null, 'already closed');
    assert.equal(closeWithLinked(linkedCase().work, 'BV-2026-0002', feedback, NOW), null, 'linked elsewhere meanwhile');
    const taken = ok(run(linkedCase().work, { type: 'acknowledge' }));
    assert.equal(closeWithLinked(taken, 'BV-2026-0001', feedback, NOW), null, 'a coordinator took it');
  });
});

describe('domain: the coalesced refresh of an incident card', () => {
  const posted = (id: string): CasePost => ({
    unitId: id,
    unitName: id,
    channel: { serviceUrl: 'https://x', tenantId: 't', teamId: `team-${id}`, teamName: id, channelId: `ch-${id}`, channelName: id, botId: 'b' },
    viaCentral: false,
    locale: 'da',
    threadId: `ch-${id};messageid=1`,
    activityId: '1',
    postedAt: NOW.toISOString(),
  });

  it('queues one unclaimed card update per posted copy, due after the delay; later links only raise its revision', () => {
    // Closed: no reminders of its own, so what the sweep claims is the refresh alone.
    // Post c is not in its channel yet (its post item is held by a live claim): it gets no card update.
    const base = makeCase();
    const postC: OutboxItem = { id: 'post:ch-c', kind: 'case_post', target: 'post', channelId: 'ch-c', at: NOW.toISOString(), leaseUntil: '2099-01-01T00:00:00Z', claim: 'other', attempts: 1 };
    const c: BreachCase = { ...base, status: 'closed', work: { ...emptyWork(), closedAt: NOW.toISOString() }, posts: [posted('a'), posted('b'), { ...posted('c'), threadId: undefined, activityId: undefined }], schedule: { ...base.schedule, outbox: [postC] } };
    const first = queueCardRefresh(c, NOW, 20_000);
    assert.equal(first.dueAt, new Date(NOW.getTime() + 20_000).toISOString());
    const items = first.next.schedule.outbox.filter((i) => i.kind === 'card_update');
    assert.deepEqual(items.map((i) => [i.id, i.claim, i.leaseUntil, i.rev]), [
      ['card:ch-a', undefined, first.dueAt, 1],
      ['card:ch-b', undefined, first.dueAt, 1],
    ]);
    let next = first.next;
    for (let n = 0; n < 100; n++) {
      const more = queueCardRefresh(next, new Date(NOW.getTime() + n * 100), 20_000);
      assert.equal(more.dueAt, null, 'nothing new to bring the case back for');
      next = more.next;
    }
    assert.deepEqual(next.schedule.outbox.filter((i) => i.kind === 'card_update').map((i) => [i.id, i.rev]), [['card:ch-a', 101], ['card:ch-b', 101]]);
    // Before the delay the sweep claims nothing; after it, both updates at once.
    assert.equal(claimDue(next, new Date(NOW.getTime() + 19_000), DEFAULT_POLICY, { token: 't1', until: '2099-01-01T00:00:00Z' }), null);
    const due = claimDue(next, new Date(NOW.getTime() + 21_000), DEFAULT_POLICY, { token: 't1', until: '2099-01-01T00:00:00Z' })!;
    assert.deepEqual(due.claimed.map((i) => [i.id, i.claim]), [['card:ch-a', 't1'], ['card:ch-b', 't1']]);
  });
});

describe('domain: the short form of a tied report', () => {
  const incident: Report = { ...makeCase().report, breachTypes: ['availability'], system: 'Nexus', dataKinds: ['health'] };
  const values = (over: Record<string, string>) => pickReportValues({ reporterName: 'Rita', reporterEmail: 'rita@kommune.dk', whatHappened: 'Nexus viser fejl 500 ved login.', discoveredDate: '2026-03-02', discoveredTime: '09:30', unitIds: 'u1', ...over }, emptyReportValues());

  it("takes what, when and the unit from the reporter and the incident's codes, never its words", () => {
    const r = validateTiedReport(values({}), NOW, ['u1', '_central'], { ...incident, supplierName: 'KMD', dataKindsOther: 'Journalnotater' });
    assert.ok(r.ok);
    assert.deepEqual(r.report.breachTypes, ['availability']);
    // The reporter may pick another unit than the incident's: that unit must not read its texts (issue 16, finding 2).
    assert.equal(r.report.system, '');
    assert.equal(r.report.supplierName, '');
    assert.equal(r.report.dataKindsOther, '');
    assert.equal(r.report.discoveredAt, '2026-03-02T08:30:00.000Z');
    assert.deepEqual(r.report.personsEstimate, { kind: 'unknown', count: 0 });
    assert.equal(r.report.reporterTitle, '', 'not asked, so not required');
  });

  it('refuses only what it asks, each error on its field', () => {
    const r = validateTiedReport(values({ whatHappened: 'kort', discoveredTime: '', unitIds: 'u1,_central' }), NOW, ['u1', '_central'], incident);
    assert.ok(!r.ok);
    assert.deepEqual(Object.keys(r.errors).sort(), ['discoveredTime', 'unitIds', 'whatHappened']);
    const future = validateTiedReport(values({ discoveredDate: '2026-03-03' }), NOW, ['u1'], incident);
    assert.ok(!future.ok);
    assert.equal(future.errors.discoveredDate?.code, 'inFuture');
  });
});

describe('domain: links stored before they recorded who and when', () => {
  it('read as links with their numbers and nothing else', () => {
    const { linkedFrom: _l, ...rest } = makeCase();
    const old = { ...rest, linkedFrom: ['BV-2026-0009', { number: 'BV-2026-0010', at: '2026-03-02T09:00:00Z', reporterName: 'Rita', units: [] }] } as unknown as StoredCase;
    const c = upgradeCase(old);
    assert.deepEqual(c.linkedFrom, [
      { number: 'BV-2026-0009', at: '', reporterName: '', units: [] },
      { number: 'BV-2026-0010', at: '2026-03-02T09:00:00Z', reporterName: 'Rita', units: [] },
    ]);
    assert.deepEqual(upgradeCase(c as unknown as StoredCase).linkedFrom, c.linkedFrom, 'idempotent');
  });
});
