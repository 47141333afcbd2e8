import { strict as assert } from 'node:assert';
import { applyCommand, emptyWork, workContext, type RouteTarget } from '../../src/domain/caseWork';
import { decide } from '../../src/domain/decide';
import { DEFAULT_POLICY } from '../../src/domain/reminders';
import { makeCase } from '../storage/fixtures';

/** Issue 17, item 5: the central group sends a case on to units; the case decides what that owes. */
describe('domain: routing a case to units', () => {
  const now = new Date('2026-03-02T10:00:00Z');
  const actor = { aadObjectId: 'aad-c', teamsUserId: '29:c', name: 'Cecilie Central' };
  const channel = (n: number) => ({ serviceUrl: 'https://smba.example/', tenantId: 't', teamId: `team-${n}`, teamName: `Team ${n}`, channelId: `ch-${n}`, channelName: `Kanal ${n}`, botId: 'b' });
  const target = (id: string, n: number): RouteTarget => ({ unitId: id, unitName: `Enhed ${id}`, channel: channel(n), locale: 'da' });
  const unknown = () => {
    const c = makeCase();
    return { ...c, report: { ...c.report, unitIds: ['_central'] }, work: emptyWork() };
  };

  it('adds the units (the reporter\'s «Ved ikke» gives way), a post and its claimed item per new channel, the reporter\'s message and a timeline entry', () => {
    const c = unknown();
    const d = decide(c, { type: 'route', targets: [target('skoler', 1), target('boern', 2)] }, actor, now, { token: 'tok', until: '2099-01-01T00:00:00Z' }, DEFAULT_POLICY);
    assert.ok(d.result.ok && d.next);
    assert.deepEqual(d.next.report.unitIds, ['skoler', 'boern']);
    assert.deepEqual(d.next.posts.map((p) => p.channel.channelId), [...c.posts.map((p) => p.channel.channelId), 'ch-1', 'ch-2']);
    const items = d.next.schedule.outbox;
    for (const ch of ['ch-1', 'ch-2']) assert.equal(items.find((i) => i.id === `post:${ch}`)?.claim, 'tok', `the post into ${ch} is claimed with the change`);
    assert.equal(items.find((i) => i.kind === 'reporter_routed')?.detail, 'Enhed skoler, Enhed boern');
    assert.deepEqual(d.next.work.timeline.at(-1), { at: now.toISOString(), by: actor.name, event: 'routed', units: ['Enhed skoler', 'Enhed boern'] });
  });

  it('refuses no target, and a unit the case already belongs to, on the field', () => {
    const c = unknown();
    const none = applyCommand(c.work, { type: 'route', targets: [] }, actor, now, workContext(c));
    assert.deepEqual(none.ok ? null : [none.error, none.field], ['required', 'routeUnits']);
    const has = { ...c, report: { ...c.report, unitIds: ['skoler'] } };
    const again = applyCommand(has.work, { type: 'route', targets: [target('skoler', 1)] }, actor, now, workContext(has));
    assert.deepEqual(again.ok ? null : [again.error, again.field], ['already_routed', 'routeUnits']);
    const central = applyCommand(c.work, { type: 'route', targets: [{ ...target('_central', 9) }] }, actor, now, workContext(c));
    assert.equal(central.ok, false, 'the central pseudo-unit is no target');
  });

  it('a closed case is not routed', () => {
    const c = unknown();
    const closed = { ...c, work: { ...c.work, closedAt: now.toISOString() } };
    const r = applyCommand(closed.work, { type: 'route', targets: [target('skoler', 1)] }, actor, now, workContext(closed));
    assert.deepEqual(r.ok ? null : r.error, 'case_closed');
  });
});
