/**
 * Issue 10 against the ports, where failures can be placed exactly: a tied report whose link meets a
 * store that fails is linked by the sweep after the lease, once; a link delivered twice (a crash after
 * the write) counts once; a double press of «Send» makes one case; closing an incident of 60 linked
 * reports tells each reporter once, in recorded batches.
 */
import { strict as assert } from 'node:assert';
import { actOnCase, type CaseActor } from '../../src/app/actOnCase';
import { deliverLink, linkInto } from '../../src/app/linkReports';
import { StorageUnavailableError } from '../../src/app/ports';
import { submitTiedReport } from '../../src/app/reportKnownIncident';
import { startReport } from '../../src/app/startReport';
import { sweepReminders } from '../../src/app/sweepReminders';
import type { BreachCase, Person } from '../../src/domain/case';
import type { CaseCommand } from '../../src/domain/caseWork';
import { FakeRoster, memoryWorld, type MemoryWorld } from '../helpers/memoryPorts';
import { TENANT, UNIT_ID, addressOf, anna, person, registerChannels, reportedCase, unitChannel } from './fixtures';

const MINUTE = 60_000;

describe('app: reports tied to a known incident', () => {
  let world: MemoryWorld;
  let incident: BreachCase;
  const actor: CaseActor = { person: anna, teamId: unitChannel.teamId, roster: new FakeRoster().add(unitChannel.teamId, anna) };
  const stored = (id: string) => world.cases.peek(TENANT, id)!.value;
  const sweep = (at: Date = world.clock.now()) => sweepReminders(world.coordination, at, { leaseMs: 2 * MINUTE, retryMs: MINUTE });

  beforeEach(async () => {
    world = memoryWorld('2026-11-24T10:00:00Z');
    await registerChannels(world);
    const reported = await reportedCase(world, 1);
    const declared = await actOnCase(world.coordination, TENANT, reported.id, actor, { type: 'declareIncident', title: 'Nexus er nede' });
    assert.equal(declared.kind, 'done');
    await world.runDeferred();
    incident = stored(reported.id);
  });

  /** The Ishøj steps done and the decision recorded, so the incident may be closed without a reason. */
  async function readyToClose() {
    const steps: CaseCommand[] = [
      { type: 'setStopped', stopped: 'yes', stopHow: 'Genstartet.' },
      { type: 'assess', risk: 'none', decision: 'do_not_notify', justification: 'Ingen oplysninger er kommet ud.' },
      { type: 'dpoInformed' },
    ];
    for (const command of steps) assert.equal((await actOnCase(world.coordination, TENANT, incident.id, actor, command)).kind, 'done', command.type);
  }

  async function closeIncident() {
    const feedback = { done: 'Rettet af leverandøren.', prevention: 'Overvågning.', authorityNotified: '', dpoInformed: '', personsInformed: '' };
    assert.equal((await actOnCase(world.coordination, TENANT, incident.id, actor, { type: 'close', lessonsLearned: 'Varsling.', feedback })).kind, 'done', 'close');
  }

  async function tied(who: Person, what = 'Nexus viser fejl, når jeg åbner en sag.') {
    const { draft } = await startReport(world.reporting, { tenantId: TENANT, reporter: who, address: addressOf(who), locale: 'da', profile: { name: who.name, email: 'r@ishoj.example' } });
    const ref = { tenantId: TENANT, reporterAadId: who.aadObjectId, draftId: draft.value.draftId, etag: draft.etag };
    const wall = { discoveredDate: '2026-11-24', discoveredTime: '10:30', unitIds: UNIT_ID, whatHappened: what };
    return { ref, input: wall, run: () => submitTiedReport(world.reporting, ref, wall, [UNIT_ID, '_central'], incident.id) };
  }

  it('a link that meets a failing store is delivered by the sweep after the lease, once', async () => {
    const t = await tied(person(50, 'Rita'));
    const result = await t.run();
    assert.equal(result.kind, 'created');
    if (result.kind !== 'created') return;
    world.cases.failNext('findByNumber', new StorageUnavailableError());
    await assert.rejects(deliverLink(world.coordination, result.breachCase));
    assert.equal(stored(incident.id).linkedFrom.length, 0);
    assert.equal(stored(result.breachCase.id).schedule.outbox.length, 1, 'the link waits in the outbox');

    await sweep();
    assert.equal(stored(incident.id).linkedFrom.length, 0, 'not before its lease ends');
    world.clock.advance(2 * MINUTE + 1000);
    await sweep();
    assert.deepEqual(stored(incident.id).linkedFrom.map((l) => l.number), [result.breachCase.number]);
    assert.deepEqual(stored(result.breachCase.id).schedule.outbox, []);
    world.clock.advance(5 * MINUTE);
    await sweep();
    assert.equal(stored(incident.id).linkedFrom.length, 1, 'once');
    assert.equal(world.notifier.delivered('postCaseCard').filter((c) => c.breachCase.id === result.breachCase.id).length, 0, 'never a card of its own');
  });

  it('a link delivered twice counts once; a second «Send» of the same short form makes no second case', async () => {
    const t = await tied(person(51, 'Rita'));
    const first = await t.run();
    assert.equal(first.kind, 'created');
    const again = await t.run();
    assert.equal(again.kind, 'duplicate');
    if (first.kind !== 'created' || again.kind !== 'duplicate') return;
    assert.equal(again.breachCase.id, first.breachCase.id);
    assert.equal(await linkInto(world.coordination, first.breachCase), 'linked');
    assert.equal(await linkInto(world.coordination, first.breachCase), 'already');
    assert.equal(stored(incident.id).linkedFrom.length, 1);
  });

  it('an incident that ended meanwhile: no case, the values come back for the full form', async () => {
    const t = await tied(person(52, 'Rita'));
    const ended = await actOnCase(world.coordination, TENANT, incident.id, actor, { type: 'endIncident' });
    assert.equal(ended.kind, 'done');
    const result = await t.run();
    assert.equal(result.kind, 'incident_gone');
    if (result.kind !== 'incident_gone') return;
    assert.equal(result.values.whatHappened, 'Nexus viser fejl, når jeg åbner en sag.');
    assert.equal(world.cases.all().filter((c) => c.work.linkedTo !== null).length, 0);
  });

  it('closing an incident of 60 linked reports tells each reporter once and closes each tied report', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 60; i++) {
      const result = await (await tied(person(100 + i, `Reporter ${i}`))).run();
      assert.equal(result.kind, 'created');
      if (result.kind !== 'created') return;
      await deliverLink(world.coordination, result.breachCase);
      numbers.push(result.breachCase.number);
    }
    assert.equal(stored(incident.id).linkedFrom.length, 60);
    await readyToClose();
    await closeIncident();
    await world.runDeferred();
    const told = world.notifier.delivered('sendToReporter');
    const closedTo = told.filter((m) => m.message.kind === 'closed').map((m) => m.breachCase.number);
    assert.deepEqual([...closedTo].sort(), [incident.number, ...numbers].sort(), 'each reporter once');
    for (const n of numbers) assert.equal(world.cases.all().find((c) => c.number === n)!.status, 'closed');
    assert.deepEqual(stored(incident.id).schedule.outbox, []);
  });

  it('a send that fails in the middle of the walk: what was told is recorded, the rest is told after the lease, each once', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 60; i++) {
      const result = await (await tied(person(200 + i, `Reporter ${i}`))).run();
      if (result.kind !== 'created') return assert.fail(result.kind);
      await deliverLink(world.coordination, result.breachCase);
      numbers.push(result.breachCase.number);
    }
    await readyToClose();
    await world.runDeferred();
    // The incident's own reporter and 30 linked ones are told; the 31st linked send fails.
    for (let i = 0; i < 31; i++) world.notifier.beforeNext('sendToReporter', () => undefined);
    world.notifier.failNext('sendToReporter');
    await closeIncident();
    await world.runDeferred();
    const told = () => world.notifier.delivered('sendToReporter').filter((m) => m.message.kind === 'closed').map((m) => m.breachCase.number);
    assert.equal(told().length, 31);
    const walking = stored(incident.id).schedule.outbox.find((i) => i.kind === 'reporter_closed_linked');
    assert.equal(walking?.cursor, 30, 'the progress is recorded');

    world.clock.advance(3 * MINUTE);
    await sweep();
    assert.deepEqual([...told()].sort(), [incident.number, ...numbers].sort(), 'each reporter once');
    assert.deepEqual(stored(incident.id).schedule.outbox, []);
  });

  it('tied while the incident was open, linked after it closed: the reporter is still told, by the sweep, once', async () => {
    const result = await (await tied(person(300, 'Sen Anmelder'))).run();
    if (result.kind !== 'created') return assert.fail(result.kind);
    await readyToClose();
    await closeIncident();
    await world.runDeferred();
    const toLate = () => world.notifier.delivered('sendToReporter').filter((m) => m.breachCase.number === result.breachCase.number && m.message.kind === 'closed');
    assert.equal(toLate().length, 0, 'not linked yet when the incident closed');

    await deliverLink(world.coordination, result.breachCase);
    assert.ok(stored(incident.id).linkedFrom.some((l) => l.number === result.breachCase.number));
    await sweep();
    assert.equal(toLate().length, 1, 'told by the sweep');
    assert.equal(toLate()[0].breachCase.work.feedback?.done, 'Rettet af leverandøren.');
    assert.equal(stored(result.breachCase.id).status, 'closed', 'closed with the incident');
    world.clock.advance(10 * MINUTE);
    await sweep();
    assert.equal(toLate().length, 1, 'once');
  });
});
