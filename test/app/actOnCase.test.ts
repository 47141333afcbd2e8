import { strict as assert } from 'node:assert';
import { actOnCase, type CaseActor } from '../../src/app/actOnCase';
import type { BreachCase, Person } from '../../src/domain/case';
import { applyCommand, emptyWork, workContext, type CaseCommand } from '../../src/domain/caseWork';
import { FakeRoster, memoryWorld, type MemoryWorld } from '../helpers/memoryPorts';
import { TENANT, anna, bo, centralChannel, cecilie, channel, person, registerChannels, reportedCase, unitChannel } from './fixtures';

describe('app: actOnCase (in memory)', () => {
  let world: MemoryWorld;
  let roster: FakeRoster;
  let c: BreachCase;

  const actor = (p: Person, teamId = unitChannel.teamId): CaseActor => ({ person: p, teamId, roster });
  const act = (p: Person, command: CaseCommand, teamId?: string) => actOnCase(world.coordination, TENANT, c.id, actor(p, teamId), command);
  const stored = () => world.cases.peek(TENANT, c.id)!.value;

  beforeEach(async () => {
    world = memoryWorld('2026-11-24T10:00:00Z');
    roster = new FakeRoster().add(unitChannel.teamId, anna, bo).add(centralChannel.teamId, cecilie);
    await registerChannels(world);
    c = await reportedCase(world, 1);
    world.notifier.calls.length = 0;
  });

  it("refuses an actor from a team that is neither one of the case's channels' teams nor central, and audits it", async () => {
    const elsewhere = channel(99, 'Skoler');
    roster.add(elsewhere.teamId, anna);

    const result = await act(anna, { type: 'acknowledge' }, elsewhere.teamId);

    assert.deepEqual(result, { kind: 'refused', reason: 'wrong_team' });
    assert.equal(stored().work?.owner ?? null, null, 'nothing changed');
    assert.equal(stored().status, 'new');
    const rows = world.audit.of(c.id, 'case.acknowledge');
    assert.equal(rows.length, 1);
    assert.equal(rows[0].outcome, 'refused');
    assert.equal(rows[0].detail, 'wrong_team');
    assert.equal(rows[0].actorAadId, anna.aadObjectId);
    assert.equal(world.deferred.length, 0);
  });

  it('refuses someone the live roster says is not a member (removed from the team), and audits it', async () => {
    roster.remove(unitChannel.teamId, bo);

    const result = await act(bo, { type: 'addNote', text: 'Jeg ser på den.' });

    assert.deepEqual(result, { kind: 'refused', reason: 'not_member' });
    assert.equal(stored().work?.notes.length ?? 0, 0);
    const rows = world.audit.of(c.id, 'case.addNote');
    assert.equal(rows.length, 1);
    assert.equal(rows[0].outcome, 'refused');
    assert.equal(rows[0].detail, 'not_member');
  });

  it('a member of the central team may act on any case', async () => {
    const result = await act(cecilie, { type: 'acknowledge' }, centralChannel.teamId);
    assert.equal(result.kind, 'done');
    assert.equal(stored().work?.owner?.aadObjectId, cecilie.aadObjectId);
    assert.equal(world.audit.of(c.id, 'case.acknowledge')[0].outcome, 'allowed');
  });

  it('a ConcurrencyError on the first update is retried and the change is kept', async () => {
    world.cases.conflictNext('update');
    const updates = world.cases.callCount('update');

    const result = await act(anna, { type: 'addNote', text: 'Ringet til borgeren.' });

    assert.equal(result.kind, 'done');
    assert.equal(world.cases.callCount('update') - updates, 2, 'one conflict, one retry');
    assert.deepEqual(stored().work?.notes.map((n) => n.text), ['Ringet til borgeren.']);
    assert.equal(stored().work?.owner?.aadObjectId, anna.aadObjectId, 'implicit ownership');
  });

  it('someone else wrote between the read and the write: both changes are kept (domain re-applied on the fresh state)', async () => {
    // Bo's note lands right before Anna's write, so Anna's ETag is stale.
    world.cases.beforeNext('update', async () => {
      const current = (await world.cases.get(TENANT, c.id))!;
      const r = applyCommand(current.value.work ?? emptyWork(), { type: 'addNote', text: 'Bo var her først.' }, bo, world.clock.now(), workContext(current.value));
      assert.ok(r.ok);
      await world.cases.update({ ...current.value, work: r.work, status: r.status }, current.etag);
    });

    const result = await act(anna, { type: 'setStopped', stopped: 'yes', stopHow: 'Brevet er hentet tilbage.' });

    assert.equal(result.kind, 'done');
    const after = stored();
    assert.deepEqual(after.work?.notes.map((n) => n.text), ['Bo var her først.'], "Bo's note is not lost");
    assert.equal(after.work?.stopped, 'yes', "Anna's change is kept");
    assert.equal(after.work?.owner?.aadObjectId, bo.aadObjectId, 'Bo became owner first; Anna did not take it over');
  });

  it('two acknowledges: the second, re-applied on the fresh state, gets already_owned with the owner', async () => {
    world.cases.beforeNext('update', async () => {
      const other = await act(bo, { type: 'acknowledge' });
      assert.equal(other.kind, 'done');
    });

    const result = await act(anna, { type: 'acknowledge' });

    assert.equal(result.kind, 'rejected');
    if (result.kind !== 'rejected') return;
    assert.equal(result.error.error, 'already_owned');
    assert.equal(result.error.owner?.aadObjectId, bo.aadObjectId);
    assert.equal(stored().work?.owner?.aadObjectId, bo.aadObjectId);
    assert.equal(stored().work?.timeline.filter((t) => t.event === 'acknowledged').length, 1);
    const annaRows = world.audit.of(c.id, 'case.acknowledge').filter((a) => a.actorAadId === anna.aadObjectId);
    assert.deepEqual(annaRows.map((a) => [a.outcome, a.detail]), [['allowed', 'rejected:already_owned']]);
  });

  it('two coordinators pressing "take" at once get one owner', async () => {
    const [a, b] = await Promise.all([act(anna, { type: 'acknowledge' }), act(bo, { type: 'acknowledge' })]);

    assert.deepEqual([a.kind, b.kind].sort(), ['done', 'rejected']);
    const owner = stored().work?.owner?.aadObjectId;
    const loser = a.kind === 'rejected' ? a : b;
    assert.ok(loser.kind === 'rejected');
    assert.equal(loser.error.owner?.aadObjectId, owner);
    await world.runDeferred();
    assert.equal(world.notifier.delivered('sendToReporter').length, 1, 'the reporter is told once who took it');
  });

  it('deferred work after "take": the card is updated with the timeline entry and the reporter is told via the outbox', async () => {
    const result = await act(anna, { type: 'acknowledge' });
    assert.equal(result.kind, 'done');

    // Queued in the same write as the change, before anything was sent: the channel copy of the card,
    // the thread line and the reporter's message.
    const queued = stored().schedule!.outbox;
    assert.deepEqual(queued.map((i) => [i.kind, i.detail ?? i.line?.event]), [
      ['card_update', undefined],
      ['thread_line', 'acknowledged'],
      ['reporter_acknowledged', anna.name],
    ]);
    assert.equal(world.notifier.calls.length, 0, 'nothing is sent before the answer');
    assert.equal(world.deferred.length, 1);

    await world.runDeferred();

    const updates = world.notifier.delivered('updateCaseCard');
    assert.equal(updates.length, 1, 'one card update per posted channel');
    assert.equal(updates[0].post.channel.channelId, unitChannel.channelId);
    const lines = world.notifier.delivered('postThreadLine');
    assert.deepEqual(lines.map((l) => [l.post.channel.channelId, l.entry.event, l.entry.by]), [[unitChannel.channelId, 'acknowledged', anna.name]]);
    assert.equal(updates[0].breachCase.work?.owner?.aadObjectId, anna.aadObjectId);
    const sent = world.notifier.delivered('sendToReporter');
    assert.equal(sent.length, 1);
    assert.deepEqual(sent[0].message, { kind: 'acknowledged', ownerName: anna.name });
    assert.deepEqual(stored().schedule!.outbox, [], 'delivered, so removed from the outbox');
  });

  it('deferred work after a note: the card and thread get the note entry, the reporter hears nothing', async () => {
    await act(anna, { type: 'acknowledge' });
    await world.runDeferred();
    world.notifier.calls.length = 0;

    const result = await act(anna, { type: 'addNote', text: 'Ringet til borgeren.' });
    assert.equal(result.kind, 'done');
    await world.runDeferred();

    assert.equal(world.notifier.delivered('updateCaseCard').length, 1);
    assert.deepEqual(world.notifier.delivered('postThreadLine').map((l) => l.entry.event), ['note_added']);
    assert.equal(world.notifier.calls.filter((x) => x.method === 'sendToReporter').length, 0);
    assert.deepEqual(stored().schedule!.outbox, []);
  });

  it('a note on an untaken case: implicit take, the card gets both entries and the reporter is told once', async () => {
    const result = await act(bo, { type: 'addNote', text: 'Første notat.' });
    assert.equal(result.kind, 'done');
    await world.runDeferred();

    assert.equal(world.notifier.delivered('updateCaseCard').length, 1, 'one card update for both entries');
    assert.deepEqual(world.notifier.delivered('postThreadLine').map((l) => ({ ...l.entry, at: undefined, by: undefined })), [
      { event: 'acknowledged', implicit: true, at: undefined, by: undefined },
      { event: 'note_added', at: undefined, by: undefined },
    ]);
    // Every command's outbox items are delivered right after it: the implicit take reaches the reporter at once.
    assert.equal(world.notifier.delivered('sendToReporter').length, 1, 'the reporter is told once');
    assert.deepEqual(stored().schedule!.outbox, []);
  });

  it('a refused or rejected command defers nothing and sends nothing', async () => {
    await act(anna, { type: 'acknowledge' });
    await world.runDeferred();
    world.notifier.calls.length = 0;

    const rejected = await act(bo, { type: 'acknowledge' });
    assert.equal(rejected.kind, 'rejected');
    const refused = await act(person(77, 'Ukendt'), { type: 'acknowledge' });
    assert.equal(refused.kind, 'refused');

    assert.equal(world.deferred.length, 0);
    assert.equal(world.notifier.calls.length, 0);
  });

  it('a Teams failure in the deferred card update never undoes the stored change', async () => {
    world.notifier.failNext('updateCaseCard', new Error('Teams 503'));

    const result = await act(anna, { type: 'setStopped', stopped: 'no' });
    await world.runDeferred();

    assert.equal(result.kind, 'done');
    assert.equal(stored().work?.stopped, 'no');
    assert.ok(world.log.errors().includes('notify.card.failed'));
    assert.equal(world.notifier.delivered('sendToReporter').length, 1, 'the implicit take is still told to the reporter');
  });
});
