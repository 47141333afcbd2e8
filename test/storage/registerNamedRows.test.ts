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
import { TableRegisterIndex } from '../../src/storage/tableRegisterIndex';
import { openTestTables, startTestStorage, type TestStorage } from '../helpers/azurite';
import { caseOf, knownYear } from '../domain/registerFixtures';

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
    const rows = await index.named(T, 2025, 2026, { system: [], supplier: ['kmd'] });
    assert.equal(counter.count - before, 1, 'one request');
    assert.deepEqual(rows.map((r) => r.number).sort(), ['BV-2025-0001', 'BV-2026-0001']);
    assert.deepEqual(rows.find((r) => r.number === 'BV-2026-0001')?.units, ['vej']);
    const both = await index.named(T, 2025, 2026, { system: ['opus'], supplier: ['kmd'] });
    assert.deepEqual(both.map((r) => r.number).sort(), ['BV-2025-0001', 'BV-2026-0001', 'BV-2026-0002']);
    assert.deepEqual(await index.named(T, 2025, 2026, { system: [], supplier: [] }), []);
    // A key with a quote in it is a value, not OData.
    assert.deepEqual(await index.named(T, 2025, 2026, { system: ["x' or systemKey ne 'y"], supplier: [] }), []);
  });

  it('a case that lost its names (retention) is found no more: its rows are replaced', async () => {
    const c = named('r1', 'BV-2026-0010', '2026-05-01T09:00:00.000Z', 'Retain A/S');
    await repo.create(c);
    assert.equal((await index.named(T, 2026, 2026, { system: [], supplier: ['retain'] })).length, 1);
    const found = (await repo.get(T, c.id))!;
    await repo.update({ ...found.value, report: { ...found.value.report, supplierName: '[anonymiseret]', system: '[anonymiseret]' }, anonymizedAt: '2031-05-01T09:00:00.000Z' }, found.etag);
    assert.deepEqual(await index.named(T, 2026, 2026, { system: [], supplier: ['retain'] }), []);
  });

  it('a closed case indexed by an older version (no name keys) is healed by the start\'s scan once; then it costs nothing', async () => {
    // Written without an index, as if before it held the keys; closed, so no later write would reindex it.
    const old = new TableCaseRepository(tables.cases, undefined, () => new Date('2026-11-23T09:00:00Z'));
    const k = knownYear('old')[0];
    const c = { ...k, id: 'old1', number: 'BV-2026-0020', report: { ...k.report, supplierInvolved: 'yes' as const } };
    assert.equal(c.status, 'closed');
    await old.create({ ...c, report: { ...c.report, supplierName: 'Gammel Leverandør ApS' } });
    assert.deepEqual(await index.named(T, 2026, 2026, { system: [], supplier: ['gammelleverandoer'] }), []);

    const fresh = () => new TableCaseRepository(tables.cases, index, () => new Date('2026-11-23T09:00:00Z'));
    const first = fresh();
    let before = counter.count;
    for await (const found of first.closedCases()) if (found.value.id === 'old1') await first.refreshIndex(found);
    const healing = counter.count - before;
    assert.deepEqual((await index.named(T, 2026, 2026, { system: [], supplier: ['gammelleverandoer'] })).map((r) => r.number), ['BV-2026-0020']);

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
});
