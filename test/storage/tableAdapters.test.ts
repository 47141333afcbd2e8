import { maskCpr } from '../../src/domain/cpr';
import { strict as assert } from 'node:assert';
import { ConcurrencyError, StorageUnavailableError, type AuditEntry } from '../../src/app/ports';
import { TableAuditLog } from '../../src/storage/tableAuditLog';
import { TableCaseNumberAllocator } from '../../src/storage/tableCaseNumberAllocator';
import { TableCaseRepository, casePartition } from '../../src/storage/tableCaseRepository';
import type { RequestCounter, TableClients } from '../../src/storage/tableClients';
import { TableDraftRepository } from '../../src/storage/tableDraftRepository';
import { EntityTooLargeError, encodeKey, toJsonColumns } from '../../src/storage/tableSupport';
import { emptyWork } from '../../src/domain/caseWork';
import { openTestTables, startTestStorage, type TestStorage } from '../helpers/azurite';
import { acknowledged, closed as closedCase, makeCase, makeDraft } from './fixtures';

describe('Table Storage adapters (in-process Azurite)', () => {
  let storage: TestStorage;
  let tables: TableClients;
  const counter: RequestCounter = { count: 0 };

  before(async () => {
    storage = await startTestStorage();
  });
  after(async () => {
    await storage.close();
  });
  beforeEach(async () => {
    tables = await openTestTables(storage.connectionString, { counter });
  });

  /** How many Table requests `fn` made. */
  async function requests(fn: () => Promise<unknown>): Promise<number> {
    const before = counter.count;
    await fn();
    return counter.count - before;
  }

  describe('TableCaseRepository', () => {
    it('round-trips create, get and update, with a new etag per write', async () => {
      const repo = new TableCaseRepository(tables.cases);
      const breachCase = makeCase();
      assert.equal(await repo.create(breachCase), 'created');
      const read = await repo.get('tenant-1', 'case-1');
      assert.ok(read);
      assert.deepEqual(read.value, breachCase);
      const updated = await repo.update(acknowledged(breachCase), read.etag);
      assert.notEqual(updated.etag, read.etag);
      const again = await repo.get('tenant-1', 'case-1');
      assert.equal(again?.value.status, 'acknowledged');
      assert.equal(again?.etag, updated.etag);
    });

    it('returns null for a missing case and keeps tenants apart', async () => {
      const repo = new TableCaseRepository(tables.cases);
      await repo.create(makeCase());
      assert.equal(await repo.get('tenant-1', 'nope'), null);
      assert.equal(await repo.get('tenant-2', 'case-1'), null);
    });

    it('update with a stale etag throws ConcurrencyError and changes nothing', async () => {
      const repo = new TableCaseRepository(tables.cases);
      const breachCase = makeCase();
      await repo.create(breachCase);
      const read = await repo.get('tenant-1', 'case-1');
      assert.ok(read);
      await repo.update(acknowledged(breachCase), read.etag);
      await assert.rejects(repo.update(closedCase(breachCase), read.etag), ConcurrencyError);
      assert.equal((await repo.get('tenant-1', 'case-1'))?.value.status, 'acknowledged');
    });

    it('a row an older version wrote (no work, posts, links or schedule; string timeline details) reads in the current shape', async () => {
      const repo = new TableCaseRepository(tables.cases);
      const { work: _w, posts: _p, linkedFrom: _l, schedule: _s, ...bare } = makeCase({ id: 'old-1', number: 'BV-2026-0042' });
      const owner = { aadObjectId: 'aad-mette', teamsUserId: '29:mette', name: 'Mette' };
      const at = '2026-03-01T11:00:00.000Z';
      const { closedAnyway: _c, ...oldWork } = emptyWork();
      // As the versions before issue 8 (item 7) wrote it: the status column set by the commands, the
      // facts of each timeline entry in a `detail` string.
      const stored = {
        ...bare,
        status: 'closed',
        work: {
          ...oldWork,
          owner,
          acknowledgedAt: at,
          stopped: 'yes',
          closedAt: at,
          timeline: [
            { at, by: 'Mette', event: 'stopped_set', detail: 'yes' },
            { at, by: 'Mette', event: 'assessed', detail: 'risk=high decision=notify enisa=3.25/high' },
            { at, by: 'Mette', event: 'closed', detail: 'dpo_informed: DPO er på ferie til og med mandag.' },
          ],
        },
      };
      await tables.cases.createEntity({
        partitionKey: casePartition(bare.tenantId, bare.id),
        rowKey: encodeKey(bare.id),
        number: bare.number,
        status: 'closed',
        reporterAadId: bare.reporter.aadObjectId,
        reportedAt: bare.reportedAt,
        ...toJsonColumns('case', stored),
      });
      const read = await repo.get(bare.tenantId, bare.id);
      assert.ok(read);
      assert.deepEqual([read.value.posts, read.value.linkedFrom, read.value.schedule], [[], [], { sent: [], outbox: [] }]);
      assert.equal(read.value.status, 'closed');
      assert.equal(read.value.work.closedAnyway, null);
      assert.deepEqual(read.value.work.timeline, [
        { at, by: 'Mette', event: 'stopped_set', stopped: 'yes' },
        { at, by: 'Mette', event: 'assessed', risk: 'high', decision: 'notify', enisa: { score: 3.25, band: 'high' } },
        { at, by: 'Mette', event: 'closed', anyway: { missing: ['dpo_informed'], reason: 'DPO er på ferie til og med mandag.' } },
      ]);
      // The closed-cases scan (the status column) still finds it, and an update writes the new shape.
      const closedIds: string[] = [];
      for await (const c of repo.closedCases()) closedIds.push(c.value.id);
      assert.ok(closedIds.includes(bare.id));
      await repo.update(read.value, read.etag);
      assert.deepEqual((await repo.get(bare.tenantId, bare.id))?.value, read.value);
    });

    it('update of a missing case throws ConcurrencyError', async () => {
      const repo = new TableCaseRepository(tables.cases);
      await assert.rejects(repo.update(makeCase({ id: 'ghost' }), 'W/"datetime\'2026-01-01T00%3A00%3A00Z\'"'), ConcurrencyError);
    });

    it('create twice → exists, and the first stays', async () => {
      const repo = new TableCaseRepository(tables.cases);
      assert.equal(await repo.create(makeCase()), 'created');
      assert.equal(await repo.create(makeCase({ number: 'BV-2026-0099' })), 'exists');
      assert.equal((await repo.get('tenant-1', 'case-1'))?.value.number, 'BV-2026-0001');
    });

    it("listByReporter returns only that reporter's cases in that tenant, newest first", async () => {
      const repo = new TableCaseRepository(tables.cases);
      await repo.create(makeCase({ id: 'a', number: 'BV-2026-0001', reportedAt: '2026-03-01T10:00:00.000Z' }));
      await repo.create(makeCase({ id: 'b', number: 'BV-2026-0002', reportedAt: '2026-03-03T10:00:00.000Z' }));
      await repo.create(makeCase({ id: 'c', number: 'BV-2026-0003', reporterAadId: 'someone-else' }));
      await repo.create(makeCase({ id: 'd', number: 'BV-2026-0004', reportedAt: '2026-03-02T10:00:00.000Z' }));
      await repo.create(makeCase({ id: 'e', tenantId: 'tenant-2', number: 'BV-2026-0001' }));
      const mine = await repo.listByReporter('tenant-1', 'aad-reporter-1');
      assert.deepEqual(
        mine.map((c) => c.id),
        ['b', 'd', 'a'],
      );
      assert.deepEqual(await repo.listByReporter('tenant-1', "o'brien"), []);
    });

    it('findByNumber finds by number within the tenant, any letter case', async () => {
      const repo = new TableCaseRepository(tables.cases);
      await repo.create(makeCase({ id: 'a', number: 'BV-2026-0001' }));
      await repo.create(makeCase({ id: 'b', number: 'BV-2026-0002' }));
      const found = await repo.findByNumber('tenant-1', 'bv-2026-0002');
      assert.equal(found?.value.id, 'b');
      assert.ok(found?.etag);
      assert.equal(await repo.findByNumber('tenant-1', 'BV-2026-0003'), null);
      assert.equal(await repo.findByNumber('tenant-2', 'BV-2026-0001'), null);
    });

    it('stores a case larger than one string property across chunks', async () => {
      const repo = new TableCaseRepository(tables.cases);
      const big = makeCase();
      big.report.whatHappened = 'æøå 😀 '.repeat(4_000); // > 64 KiB once escaped: several chunks
      await repo.create(big);
      const read = await repo.get('tenant-1', 'case-1');
      assert.deepEqual(read?.value, big);
      const small = await repo.update({ ...big, report: { ...big.report, whatHappened: 'short' } }, read!.etag);
      assert.equal((await repo.get('tenant-1', 'case-1'))?.value.report.whatHappened, 'short');
      assert.ok(small.etag);
    });

    it('refuses a case beyond the entity limit before sending it', async () => {
      const repo = new TableCaseRepository(tables.cases);
      const huge = makeCase();
      huge.report.whatHappened = 'x'.repeat(500_000);
      assert.equal(await requests(() => assert.rejects(repo.create(huge), EntityTooLargeError)), 0);
    });

    it('accepts keys with characters Azure forbids in keys', async () => {
      const repo = new TableCaseRepository(tables.cases);
      const odd = makeCase({ id: "a/b#c?d\\e'f|~%", tenantId: 'tenant/x' });
      assert.equal(await repo.create(odd), 'created');
      assert.deepEqual((await repo.get('tenant/x', "a/b#c?d\\e'f|~%"))?.value, odd);
      assert.notEqual(encodeKey('a|b'), encodeKey('a~7cb'));
    });
  });

  describe('TableDraftRepository', () => {
    it('create, get, replace, stale replace, delete', async () => {
      const repo = new TableDraftRepository(tables.drafts);
      const draft = makeDraft();
      const created = await repo.create(draft);
      assert.ok(created);
      assert.equal(await repo.create(makeDraft({ draftId: 'draft-2' })), null);
      const read = await repo.get('tenant-1', 'aad-reporter-1');
      assert.deepEqual(read?.value, draft);
      assert.equal(read?.etag, created.etag);

      const replaced = await repo.replace({ ...draft, stage: 'summary' }, created.etag);
      assert.equal((await repo.get('tenant-1', 'aad-reporter-1'))?.value.stage, 'summary');
      await assert.rejects(repo.replace({ ...draft, stage: 'submitted' }, created.etag), ConcurrencyError);

      await assert.rejects(repo.delete('tenant-1', 'aad-reporter-1', created.etag), ConcurrencyError);
      await repo.delete('tenant-1', 'aad-reporter-1', replaced.etag);
      assert.equal(await repo.get('tenant-1', 'aad-reporter-1'), null);
      await repo.delete('tenant-1', 'aad-reporter-1'); // missing is fine
      await repo.delete('tenant-1', 'aad-reporter-1', replaced.etag); // also with an etag
      await assert.rejects(repo.replace(draft, replaced.etag), ConcurrencyError); // gone
    });

    it('patch merges only the given fields, with If-Match, in one request', async () => {
      const repo = new TableDraftRepository(tables.drafts);
      const draft = makeDraft();
      const created = await repo.create(draft);
      assert.ok(created);
      const values = { ...draft.values, whatHappened: maskCpr('Brev til forkert modtager'), personsAffected: maskCpr('1') };
      let etag = '';
      const count = await requests(async () => {
        etag = await repo.patch('tenant-1', 'aad-reporter-1', { stage: 'summary', values, updatedAt: '2026-03-01T09:05:00.000Z' }, created.etag);
      });
      assert.equal(count, 1);
      const read = await repo.get('tenant-1', 'aad-reporter-1');
      assert.equal(read?.etag, etag);
      assert.deepEqual(read?.value, { ...draft, stage: 'summary', values, updatedAt: '2026-03-01T09:05:00.000Z' });

      await assert.rejects(repo.patch('tenant-1', 'aad-reporter-1', { stage: 'form' }, created.etag), ConcurrencyError);
      const etag2 = await repo.patch('tenant-1', 'aad-reporter-1', { errors: { reporterEmail: { code: 'invalidEmail' } }, caseNumber: 'BV-2026-0001' }, etag);
      const again = await repo.get('tenant-1', 'aad-reporter-1');
      assert.equal(again?.etag, etag2);
      assert.deepEqual(again?.value.errors, { reporterEmail: { code: 'invalidEmail' } });
      assert.equal(again?.value.caseNumber, 'BV-2026-0001');
      assert.deepEqual(again?.value.values, values);
      assert.equal(again?.value.stage, 'summary');

      await repo.delete('tenant-1', 'aad-reporter-1');
      await assert.rejects(repo.patch('tenant-1', 'aad-reporter-1', { stage: 'form' }, etag2), ConcurrencyError);
    });

    it('long Danish values (> 64 KiB body): chunked, intact, and shrinking them by patch reads back right', async () => {
      const repo = new TableDraftRepository(tables.drafts);
      const long = { ...makeDraft().values, whatHappened: maskCpr('ø😀 æ'.repeat(8_000)) };
      const created = await repo.create(makeDraft({ values: long }));
      assert.deepEqual((await repo.get('tenant-1', 'aad-reporter-1'))?.value.values, long);
      const short = { ...long, whatHappened: maskCpr('kort') };
      await repo.patch('tenant-1', 'aad-reporter-1', { values: short }, created!.etag);
      assert.deepEqual((await repo.get('tenant-1', 'aad-reporter-1'))?.value.values, short);
    });

    it('delete without etag removes whatever is there', async () => {
      const repo = new TableDraftRepository(tables.drafts);
      await repo.create(makeDraft());
      await repo.delete('tenant-1', 'aad-reporter-1');
      assert.equal(await repo.get('tenant-1', 'aad-reporter-1'), null);
      assert.ok(await repo.create(makeDraft()));
    });
  });

  describe('TableCaseNumberAllocator', () => {
    it('starts at 1 per tenant and year and counts up', async () => {
      const allocator = new TableCaseNumberAllocator(tables.counters);
      assert.equal(await allocator.next('tenant-1', 2026), 1);
      assert.equal(await allocator.next('tenant-1', 2026), 2);
      assert.equal(await allocator.next('tenant-1', 2027), 1);
      assert.equal(await allocator.next('tenant-2', 2026), 1);
    });

    it('20 concurrent next() → 20 distinct consecutive numbers', async () => {
      // two allocators, as if two bot instances
      const a = new TableCaseNumberAllocator(tables.counters);
      const b = new TableCaseNumberAllocator(tables.counters);
      const numbers = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).next('tenant-1', 2026)));
      assert.deepEqual(
        [...numbers].sort((x, y) => x - y),
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      assert.equal(await a.next('tenant-1', 2026), 21);
    });
  });

  describe('TableAuditLog', () => {
    it('appends and lists one case in chronological order, other cases apart', async () => {
      const log = new TableAuditLog(tables.audit);
      const entry = (at: string, action: string, caseId = 'case-1'): AuditEntry => ({
        at,
        tenantId: 'tenant-1',
        actorAadId: 'aad-coord',
        actorName: 'Kim Koordinator',
        action,
        caseId,
        outcome: 'allowed',
      });
      await log.append(entry('2026-03-01T10:00:02.000Z', 'case.read'));
      await log.append(entry('2026-03-01T10:00:00.000Z', 'case.create'));
      await log.append({ ...entry('2026-03-01T10:00:05.000Z', 'case.update'), outcome: 'refused', detail: 'not member' });
      await log.append(entry('2026-03-01T10:00:01.000Z', 'case.read', 'case-2'));
      // same instant (a fixed clock): append order is kept
      await log.append(entry('2026-03-01T10:00:05.000Z', 'case.read'));
      await log.append(entry('2026-03-01T10:00:05.000Z', 'case.list'));

      const list = await log.listForCase('tenant-1', 'case-1');
      assert.deepEqual(
        list.map((e) => e.action),
        ['case.create', 'case.read', 'case.update', 'case.read', 'case.list'],
      );
      assert.deepEqual(list[2], { ...entry('2026-03-01T10:00:05.000Z', 'case.update'), outcome: 'refused', detail: 'not member' });
      assert.equal(list[0].detail, undefined);
      assert.equal((await log.listForCase('tenant-1', 'case-2')).length, 1);
      assert.deepEqual(await log.listForCase('tenant-2', 'case-1'), []);
    });
  });

  describe('request counter', () => {
    it('counts each Table request; the per-operation figures', async () => {
      const cases = new TableCaseRepository(tables.cases);
      const drafts = new TableDraftRepository(tables.drafts);
      const allocator = new TableCaseNumberAllocator(tables.counters);
      const log = new TableAuditLog(tables.audit);
      const figures: Record<string, number> = {};

      figures['draft.create'] = await requests(() => drafts.create(makeDraft()));
      const draft = await drafts.get('tenant-1', 'aad-reporter-1');
      figures['draft.get'] = await requests(() => drafts.get('tenant-1', 'aad-reporter-1'));
      let etag = '';
      figures['draft.replace'] = await requests(async () => {
        etag = (await drafts.replace({ ...draft!.value, stage: 'summary' }, draft!.etag)).etag;
      });
      figures['allocator.next (first of year)'] = await requests(() => allocator.next('tenant-1', 2026));
      figures['allocator.next'] = await requests(() => allocator.next('tenant-1', 2026));
      figures['allocator.next (fresh instance)'] = await requests(() => new TableCaseNumberAllocator(tables.counters).next('tenant-1', 2026));
      figures['allocator.next (after another instance wrote)'] = await requests(() => allocator.next('tenant-1', 2026));
      figures['case.create'] = await requests(() => cases.create(makeCase()));
      figures['case.get'] = await requests(() => cases.get('tenant-1', 'case-1'));
      const read = await cases.get('tenant-1', 'case-1');
      figures['case.update'] = await requests(() => cases.update(acknowledged(read!.value), read!.etag));
      figures['case.listByReporter'] = await requests(() => cases.listByReporter('tenant-1', 'aad-reporter-1'));
      figures['case.findByNumber'] = await requests(() => cases.findByNumber('tenant-1', 'BV-2026-0001'));
      figures['audit.append'] = await requests(() =>
        log.append({
          at: '2026-03-01T10:00:00.000Z',
          tenantId: 'tenant-1',
          actorAadId: 'a',
          actorName: 'A',
          action: 'case.create',
          caseId: 'case-1',
          outcome: 'allowed',
        }),
      );
      figures['audit.listForCase'] = await requests(() => log.listForCase('tenant-1', 'case-1'));
      figures['draft.patch'] = await requests(async () => {
        etag = await drafts.patch('tenant-1', 'aad-reporter-1', { stage: 'form' }, etag);
      });
      figures['draft.delete'] = await requests(() => drafts.delete('tenant-1', 'aad-reporter-1', etag));

      assert.deepEqual(figures, {
        'draft.create': 1,
        'draft.get': 1,
        'draft.replace': 1,
        'allocator.next (first of year)': 2,
        'allocator.next': 1,
        'allocator.next (fresh instance)': 2,
        'allocator.next (after another instance wrote)': 3,
        'case.create': 1,
        'case.get': 1,
        'case.update': 1,
        'case.listByReporter': 1,
        'case.findByNumber': 1,
        'audit.append': 1,
        'audit.listForCase': 1,
        'draft.patch': 1,
        'draft.delete': 1,
      });
    });
  });

  describe('when the store is down', () => {
    it('maps connection failures to StorageUnavailableError', async () => {
      const dead = await startTestStorage();
      const deadTables = await openTestTables(dead.connectionString);
      await dead.close();
      const repo = new TableCaseRepository(deadTables.cases);
      const started = Date.now();
      await assert.rejects(repo.get('tenant-1', 'case-1'), StorageUnavailableError);
      await assert.rejects(new TableAuditLog(deadTables.audit).listForCase('t', 'c'), StorageUnavailableError);
      assert.ok(Date.now() - started < 5000, 'fails within seconds');
    });
  });
});
