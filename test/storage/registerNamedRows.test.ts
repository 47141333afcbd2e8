/**
 * Issue 18 part 4, the register's side of the repeat counts against a real Table service (in-process
 * Azurite): the index rows carry the name keys; one query over the window's report years returns the cases
 * that name one of the keys (never another tenant's, never a linked report), in one request; the merges
 * live beside the index, one partition per tenant.
 */
import { strict as assert } from 'node:assert';
import type { BreachCase } from '../../src/domain/case';
import { TableCaseRepository } from '../../src/storage/tableCaseRepository';
import type { RequestCounter, TableClients } from '../../src/storage/tableClients';
import { TableNameAliases } from '../../src/storage/tableNameAliases';
import { namedRows, registerEntities, TableRegisterIndex } from '../../src/storage/tableRegisterIndex';
import { registerRecord, registerSummary, type RegisterSummary } from '../../src/domain/register/record';
import { openTestTables, startTestStorage, type TestStorage } from '../helpers/azurite';
import { caseOf, knownYear } from '../domain/registerFixtures';
import { repeatSnapshot } from '../../src/domain/register/repeats';

describe('TableRegisterIndex.named and TableNameAliases (issue 18 part 4, in-process Azurite)', () => {
  let storage: TestStorage;
  let tables: TableClients;
  let index: TableRegisterIndex;
  let repo: TableCaseRepository;
  const counter: RequestCounter = { count: 0 };
  const T = 'tenant-a';

  before(async () => {
    storage = await startTestStorage();
    tables = await openTestTables(storage.connectionString, { counter });
    index = new TableRegisterIndex(tables.register);
    repo = new TableCaseRepository(tables.cases, index, () => new Date('2026-11-23T09:00:00Z'));
  });
  after(async () => storage.close());

  const named = (id: string, number: string, reportedAt: string, supplierName: string, system = 'SBSYS', units = ['skoler'], tenantId = T): BreachCase => {
    const c = caseOf({ id, number, reportedAt, units, supplierNotifiedAt: reportedAt });
    return { ...c, tenantId, report: { ...c.report, system, supplierName } };
  };

  it('one query over two report years finds the cases with the keys; not another tenant\'s, not another name, not a linked report', async () => {
    const cases = [
      named('n1', 'BV-2025-0001', '2025-12-01T09:00:00.000Z', 'KMD A/S'),
      named('n2', 'BV-2026-0001', '2026-03-01T09:00:00.000Z', 'kmd', 'Opus', ['vej']),
      named('n3', 'BV-2026-0002', '2026-04-01T09:00:00.000Z', 'Netcompany', 'Opus'),
      named('n4', 'BV-2024-0001', '2024-12-01T09:00:00.000Z', 'KMD'),
      named('n5', 'BV-2026-0001', '2026-03-01T09:00:00.000Z', 'KMD', 'SBSYS', ['skoler'], 'tenant-b'),
    ];
    // A report linked to another case is that case's breach again: not a repeat of its own.
    const linked = named('n6', 'BV-2026-0003', '2026-05-01T09:00:00.000Z', 'KMD');
    cases.push({ ...linked, work: { ...linked.work, linkedTo: 'BV-2026-0001' } });
    for (const c of cases) assert.equal(await repo.create(c), 'created');
    const before = counter.count;
    const { rows, complete } = await index.named(T, 2025, 2026, { system: [], supplier: ['kmd'] });
    assert.equal(complete, true);
    assert.equal(counter.count - before, 1, 'one request');
    assert.deepEqual(rows.map((r) => r.number).sort(), ['BV-2025-0001', 'BV-2026-0001']);
    assert.deepEqual(rows.find((r) => r.number === 'BV-2026-0001')?.units, ['vej']);
    const both = (await index.named(T, 2025, 2026, { system: ['opus'], supplier: ['kmd'] })).rows;
    assert.deepEqual(both.map((r) => r.number).sort(), ['BV-2025-0001', 'BV-2026-0001', 'BV-2026-0002']);
    assert.deepEqual(await index.named(T, 2025, 2026, { system: [], supplier: [] }), { rows: [], complete: true });
    // A key with a quote in it is a value, not OData.
    assert.deepEqual((await index.named(T, 2025, 2026, { system: ["x' or systemKey ne 'y"], supplier: [] })).rows, []);
  });

  it('a case that lost its names (retention) is found no more: its rows are replaced', async () => {
    const c = named('r1', 'BV-2026-0010', '2026-05-01T09:00:00.000Z', 'Retain A/S');
    await repo.create(c);
    assert.equal((await index.named(T, 2026, 2026, { system: [], supplier: ['retain'] })).rows.length, 1);
    const found = (await repo.get(T, c.id))!;
    await repo.update({ ...found.value, report: { ...found.value.report, supplierName: '[anonymiseret]', system: '[anonymiseret]' }, anonymizedAt: '2031-05-01T09:00:00.000Z' }, found.etag);
    assert.deepEqual((await index.named(T, 2026, 2026, { system: [], supplier: ['retain'] })).rows, []);
  });

  it('a closed case indexed by an older version (no name keys) is healed by the start\'s scan once; then it costs nothing', async () => {
    // Written without an index, as if before it held the keys; closed, so no later write would reindex it.
    const old = new TableCaseRepository(tables.cases, undefined, () => new Date('2026-11-23T09:00:00Z'));
    const k = knownYear('old')[0];
    const c = { ...k, id: 'old1', number: 'BV-2026-0020', report: { ...k.report, supplierInvolved: 'yes' as const } };
    assert.equal(c.status, 'closed');
    await old.create({ ...c, report: { ...c.report, supplierName: 'Gammel Leverandør ApS' } });
    assert.deepEqual((await index.named(T, 2026, 2026, { system: [], supplier: ['gammelleverandoer'] })).rows, []);

    const fresh = () => new TableCaseRepository(tables.cases, index, () => new Date('2026-11-23T09:00:00Z'));
    const first = fresh();
    let before = counter.count;
    for await (const found of first.closedCases()) if (found.value.id === 'old1') await first.refreshIndex(found);
    const healing = counter.count - before;
    assert.deepEqual((await index.named(T, 2026, 2026, { system: [], supplier: ['gammelleverandoer'] })).rows.map((r) => r.number), ['BV-2026-0020']);

    // Another instance (or the next start) reads the hash from the case row: nothing to write.
    const second = fresh();
    before = counter.count;
    for await (const found of second.closedCases()) if (found.value.id === 'old1') await second.refreshIndex(found);
    const again = counter.count - before;
    assert.ok(again < healing, `healed once (${healing} requests with the scan), then only the scan (${again})`);
    const scanOnly = counter.count;
    for await (const found of fresh().closedCases()) void found;
    assert.equal(again, counter.count - scanOnly, 'the second pass costs the scan alone');
  });

  it('merges: saved, listed per tenant, removed; another tenant sees none', async () => {
    const names = new TableNameAliases(tables.register, 30_000);
    const alias = { kind: 'supplier' as const, fromKey: 'kmddanmark', toKey: 'kmd', fromName: 'KMD Danmark', toName: 'KMD', by: 'Dorte', at: '2026-11-23T09:00:00.000Z' };
    await names.save(T, alias);
    assert.deepEqual(await names.list(T), [alias]);
    assert.deepEqual(await names.list('tenant-b'), []);
    const before = counter.count;
    await names.list(T);
    assert.equal(counter.count - before, 0, 'kept by the instance');
    assert.deepEqual(await names.remove(T, 'supplier', 'kmddanmark'), alias);
    assert.equal(await names.remove(T, 'supplier', 'kmddanmark'), null);
    assert.deepEqual(await names.list(T), []);
    // The merges' partition is not an index year: the register's reads never meet it.
    assert.deepEqual(await index.open(T, 2026, { kind: 'all' }).then((r) => r.filter((s) => !s.caseId)), []);
  });

  describe('more matches than one count reads (the cap)', () => {
    const C = 'tenant-cap';
    const since = '2025-11-23T09:00:00.000Z';
    let template: RegisterSummary;
    const HOUR = 3_600_000;
    /** `n` index rows for supplier «Massiv», one an hour from `start`; every `openEvery`-th still open. */
    const load = async (prefix: string, start: string, n: number, openEvery = 0): Promise<RegisterSummary[]> => {
      const all: RegisterSummary[] = [];
      for (let i = 0; i < n; i++) {
        const reportedAt = new Date(Date.parse(start) + i * HOUR).toISOString();
        const open = openEvery > 0 && i % openEvery === 0;
        all.push({ ...template, caseId: `${prefix}${i}`, number: `BV-${reportedAt.slice(0, 4)}-${prefix}${String(i).padStart(4, '0')}`, reportedAt, year: Number(reportedAt.slice(0, 4)), status: open ? 'new' : 'closed' });
      }
      // 50 cases (100 rows: the tenant's and the unit's) per transaction: one partition each.
      for (let i = 0; i < all.length; i += 50) {
        const batch = all.slice(i, i + 50).flatMap((s) => registerEntities(C, s));
        await tables.register.submitTransaction(batch.map((e) => ['upsert', e, 'Replace']));
      }
      return all;
    };
    const newest = (all: RegisterSummary[], n: number) => [...all].sort((a, b) => (a.reportedAt < b.reportedAt ? 1 : -1)).slice(0, n).map((s) => s.number);

    before(async () => {
      const c = named('tpl', 'BV-2026-9999', '2026-06-01T09:00:00.000Z', 'Massiv A/S', 'Massivsystem');
      template = registerSummary(registerRecord(c, new Date('2026-11-23T09:00:00Z')));
      assert.equal(template.supplierKey, 'massiv');
    });

    it('more than 500 over two years: the newest 500 are kept (this year\'s all, open ones too), the answer says «at least»', async () => {
      const old = await load('o', '2025-12-01T00:00:00.000Z', 400);
      const current = await load('n', '2026-01-05T00:00:00.000Z', 300, 7);
      assert.ok(current.some((s) => s.status !== 'closed'));
      const before = counter.count;
      const found = await index.named(C, 2025, 2026, { system: [], supplier: ['massiv'] }, since);
      assert.equal(found.complete, false, 'more matched than were read');
      assert.equal(found.rows.length, 500);
      const numbers = found.rows.map((r) => r.number);
      for (const s of current) assert.ok(numbers.includes(s.number), `${s.number} of the current year is kept`);
      assert.deepEqual([...numbers].sort(), newest([...old, ...current], 500).sort());
      assert.ok(!numbers.includes(old[0].number), 'the oldest is the one left out');
      assert.ok(counter.count - before <= 5, `capped: the one query, then at most two per year (${counter.count - before})`);

      // The card's snapshot: the newest 50, the total a floor.
      const snap = repeatSnapshot('self', { system: '', supplierInvolved: 'yes', supplierName: 'Massiv' }, found.rows, { system: [], supplier: ['massiv'] }, new Date('2026-11-23T09:00:00Z'), found.complete);
      assert.equal(snap.supplier?.total, 500);
      assert.equal(snap.supplier?.atLeast, true);
      assert.deepEqual(snap.supplier?.cases.map((r) => r.number), newest(current, 50));
    });

    it('a smaller cap cuts inside this year by report time, open and closed cases merged (the rows loaded above)', async () => {
      const found = await namedRows(tables.register, C, 2025, 2026, { system: [], supplier: ['massiv'] }, 37, since);
      assert.equal(found.complete, false);
      const current = found.rows.filter((r) => r.reportedAt >= '2026');
      assert.equal(current.length, 37);
      const times = found.rows.map((r) => r.reportedAt);
      assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
      // The newest of the year is hour 299 from 2026-01-05; hour 294 (an open case: 294 = 7 × 42) is among them.
      assert.equal(found.rows[0].number, 'BV-2026-n0299');
      assert.ok(found.rows.some((r) => r.number === 'BV-2026-n0294'));
    });

    it('exactly the cap, or more only before the window: one query, complete', async () => {
      const T2 = 'tenant-cap2';
      // 30 in the window, 40 before it (January 2025): the window's filter is the service's.
      const mk = (prefix: string, start: string, n: number) =>
        Array.from({ length: n }, (_, i) => {
          const reportedAt = new Date(Date.parse(start) + i * HOUR).toISOString();
          return { ...template, caseId: `${prefix}${i}`, number: `BV-${reportedAt.slice(0, 4)}-${prefix}${i}`, reportedAt, year: Number(reportedAt.slice(0, 4)), status: 'closed' as const };
        });
      for (const group of [mk('a', '2025-01-10T00:00:00.000Z', 40), mk('b', '2026-03-01T00:00:00.000Z', 30)]) {
        await tables.register.submitTransaction(group.flatMap((s) => registerEntities(T2, s)).map((e) => ['upsert', e, 'Replace']));
      }
      let before = counter.count;
      const found = await namedRows(tables.register, T2, 2025, 2026, { system: [], supplier: ['massiv'] }, 30, since);
      assert.equal(counter.count - before, 1, 'one request');
      assert.equal(found.complete, true);
      assert.equal(found.rows.length, 30);
      before = counter.count;
      const over = await namedRows(tables.register, T2, 2025, 2026, { system: [], supplier: ['massiv'] }, 29, since);
      assert.equal(over.complete, false);
      assert.equal(over.rows.length, 29);
      assert.ok(!over.rows.some((r) => r.number === 'BV-2026-b0'), 'the oldest of the window left out');
    });
  });
});
