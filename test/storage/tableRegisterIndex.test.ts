import { FIXTURE_CLOSE_REASON } from '../helpers/closeReason';
import { strict as assert } from 'node:assert';
import type { BreachCase } from '../../src/domain/case';
import { applyCommand, emptyWork, workContext } from '../../src/domain/caseWork';
import { TableCaseRepository } from '../../src/storage/tableCaseRepository';
import type { RequestCounter, TableClients } from '../../src/storage/tableClients';
import { TableRegisterIndex } from '../../src/storage/tableRegisterIndex';
import { openTestTables, startTestStorage, type TestStorage } from '../helpers/azurite';
import { anna, feedback, KNOWN_NOW, knownYear } from '../domain/registerFixtures';

describe('TableRegisterIndex: the register rows written with each case (in-process Azurite)', () => {
  let storage: TestStorage;
  let tables: TableClients;
  let index: TableRegisterIndex;
  let repo: TableCaseRepository;
  const counter: RequestCounter = { count: 0 };
  const now = () => new Date(KNOWN_NOW);
  const T = 'tenant-a';

  before(async () => {
    storage = await startTestStorage();
  });
  after(async () => storage.close());
  beforeEach(async () => {
    tables = await openTestTables(storage.connectionString, { counter });
    index = new TableRegisterIndex(tables.register);
    repo = new TableCaseRepository(tables.cases, index, now);
  });

  const requests = async (fn: () => Promise<unknown>) => {
    const before = counter.count;
    await fn();
    return counter.count - before;
  };

  it('lists open cases and closed ones per scope, newest report first, with the notified filter and pages', async () => {
    for (const c of knownYear()) assert.equal(await repo.create(c), 'created');
    const open = await index.open(T, 2026, { kind: 'all' });
    assert.deepEqual(open.map((s) => s.number).sort(), ['BV-2026-0004', 'BV-2026-0005']);
    assert.deepEqual((await index.open(T, 2026, { kind: 'unit', unitId: 'vej' })).map((s) => s.number), ['BV-2026-0005']);
    assert.deepEqual((await index.open(T, 2026, { kind: 'unit', unitId: 'skoler' })).map((s) => s.number), []);
    const closed = await index.closed(T, 2026, { kind: 'all' }, {}, { size: 20 });
    assert.deepEqual(closed.rows.map((s) => s.number), ['BV-2026-0003', 'BV-2026-0002', 'BV-2026-0001']);
    assert.equal(closed.cursor, undefined);
    const notified = await index.closed(T, 2026, { kind: 'all' }, { notified: true }, { size: 20 });
    assert.deepEqual(notified.rows.map((s) => s.number), ['BV-2026-0002', 'BV-2026-0001']);
    const first = await index.closed(T, 2026, { kind: 'all' }, {}, { size: 2 });
    assert.deepEqual(first.rows.map((s) => s.number), ['BV-2026-0003', 'BV-2026-0002']);
    const second = await index.closed(T, 2026, { kind: 'all' }, {}, { size: 2, cursor: first.cursor });
    assert.deepEqual(second.rows.map((s) => s.number), ['BV-2026-0001']);
    assert.equal(second.cursor, undefined);
    assert.deepEqual(await index.closed(T, 2025, { kind: 'all' }, {}, { size: 20 }), { rows: [] });
  });

  it('moves a row between open and closed when the case is closed, and costs nothing when the summary is unchanged', async () => {
    const c = knownYear('m')[3]; // new, no unit
    await repo.create(c);
    let found = (await repo.get(T, c.id))!;
    // An outbox-like write that leaves the register summary alone: no index request.
    assert.equal(await requests(() => repo.update({ ...found.value, linkedFrom: [{ number: 'BV-2026-0099', at: '', reporterName: '', units: [] }] }, found.etag)), 1);
    found = (await repo.get(T, c.id))!;
    let work = found.value.work ?? emptyWork();
    let status = found.value.status;
    for (const cmd of [
      { type: 'assess', risk: 'none', decision: 'do_not_notify', justification: 'Ingen risiko for nogen.' },
      { type: 'close', closeReason: FIXTURE_CLOSE_REASON, lessonsLearned: 'Ingen.', feedback },
    ] as const) {
      const r = applyCommand(work, cmd, anna, now(), workContext(found.value));
      assert.ok(r.ok);
      work = r.work;
      status = r.status;
    }
    const closedCase: BreachCase = { ...found.value, work, status };
    // marker, case, rows + marker removal in one transaction (this instance knows the old state: open → delete it: 1)
    assert.equal(await requests(() => repo.update(closedCase, found.etag)), 4);
    assert.deepEqual((await index.open(T, 2026, { kind: 'all' })).map((s) => s.caseId), []);
    assert.deepEqual((await index.closed(T, 2026, { kind: 'all' }, {}, { size: 5 })).rows.map((s) => s.caseId), [c.id]);
  });

  it('another instance (or a restart) that does not know the row state still leaves one row per scope', async () => {
    const [a] = knownYear('r');
    const other = new TableCaseRepository(tables.cases, index, now);
    const open = { ...a, status: 'acknowledged' as const, work: { ...(a.work ?? emptyWork()), closedAt: null } };
    await repo.create(open);
    const found = (await other.get(T, a.id))!;
    await other.update(a, found.etag); // closed now, written by an instance that never saw the open row
    assert.deepEqual(await index.open(T, 2026, { kind: 'unit', unitId: 'skoler' }), []);
    assert.deepEqual((await index.closed(T, 2026, { kind: 'unit', unitId: 'skoler' }, {}, { size: 5 })).rows.map((s) => s.caseId), [a.id]);
  });

  it('a fresh instance that reads an updated case knows its indexed summary: an unchanged write costs nothing more', async () => {
    const [, , , d] = knownYear('h');
    await repo.create(d);
    let found = (await repo.get(T, d.id))!;
    await repo.update({ ...found.value, linkedFrom: [{ number: 'BV-2026-0098', at: '', reporterName: '', units: [] }] }, found.etag); // stores the summary's hash
    const fresh = new TableCaseRepository(tables.cases, index, now);
    found = (await fresh.get(T, d.id))!;
    assert.equal(await requests(() => fresh.update({ ...found.value, linkedFrom: [{ number: 'BV-2026-0099', at: '', reporterName: '', units: [] }] }, found.etag)), 1);
  });

  it('a crash between the case write and its index write leaves a marker; reindex repairs it', async () => {
    const [, b] = knownYear('x');
    await index.announce(T, 2026, b.id, new Date('2026-05-20T07:00:00Z'));
    await tables.cases.createEntity((await import('../../src/storage/tableCaseRepository')).toEntity(b)); // the case, without its rows
    assert.deepEqual(await index.unsynced(T, 2026, new Date('2026-05-20T07:59:00Z')), [b.id]);
    assert.deepEqual(await index.unsynced(T, 2026, new Date('2026-05-20T06:59:00Z')), [], 'a fresh marker is a write in flight');
    assert.equal(await repo.reindex(T, b.id), true);
    assert.deepEqual(await index.unsynced(T, 2026, new Date('2026-05-20T07:59:00Z')), []);
    assert.deepEqual((await index.closed(T, 2026, { kind: 'all' }, {}, { size: 5 })).rows.map((s) => s.caseId), [b.id]);
    // A marker of a case that was never created is cleared.
    await index.announce(T, 2026, 'ghost', new Date('2026-05-20T07:00:00Z'));
    assert.equal(await repo.reindex(T, 'ghost'), false);
    await index.clear(T, 2026, 'ghost');
    assert.deepEqual(await index.unsynced(T, 2026, new Date('2026-05-20T07:59:00Z')), []);
  });

  it('costs 2 requests for a create (case, rows); the next write of the case indexes it if a crash came between', async () => {
    const [, , c] = knownYear('q');
    assert.equal(await requests(() => repo.create(c)), 2);
    const [, , , d] = knownYear('z');
    await tables.cases.createEntity((await import('../../src/storage/tableCaseRepository')).toEntity(d)); // created, rows never written
    const fresh = new TableCaseRepository(tables.cases, index, now); // the restarted instance
    const found = (await fresh.get(T, d.id))!;
    await fresh.update({ ...found.value, posts: [] }, found.etag); // e.g. the claim of its channel post
    assert.ok((await index.open(T, 2026, { kind: 'all' })).some((s) => s.caseId === d.id));
  });
});
