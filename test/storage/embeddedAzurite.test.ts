import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmbeddedAzurite } from '../../src/storage/embeddedAzurite';
import { openTables, tableNames } from '../../src/storage/tableClients';
import { TableCaseRepository } from '../../src/storage/tableCaseRepository';
import { TableHealthProbe } from '../../src/storage/tableHealthProbe';
import { makeCase } from './fixtures';

describe('embedded Azurite', () => {
  it('gives a devstoreaccount1 connection string on a free port', async () => {
    const azurite = await startEmbeddedAzurite({});
    try {
      assert.ok(azurite.port > 0);
      assert.match(azurite.connectionString, /AccountName=devstoreaccount1;/);
      assert.ok(azurite.connectionString.includes(`TableEndpoint=http://127.0.0.1:${azurite.port}/devstoreaccount1;`));
    } finally {
      await azurite.close();
      await azurite.close(); // twice is fine
    }
  });

  it('on disk: the last writes survive close and restart on the same dataDir', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brudvagt-azurite-'));
    try {
      const first = await startEmbeddedAzurite({ dataDir });
      const tables = await openTables(first.connectionString, { prefix: 'p' });
      const breachCase = makeCase();
      await new TableCaseRepository(tables.cases).create(breachCase);
      await first.close(); // well within LokiJS's 5 s autosave

      const second = await startEmbeddedAzurite({ dataDir });
      try {
        const again = await openTables(second.connectionString, { prefix: 'p' });
        assert.deepEqual((await new TableCaseRepository(again.cases).get('tenant-1', 'case-1'))?.value, breachCase);
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('in memory: nothing survives a restart', async () => {
    const first = await startEmbeddedAzurite({});
    const tables = await openTables(first.connectionString, { prefix: 'm' });
    await new TableCaseRepository(tables.cases).create(makeCase());
    await first.close();
    const second = await startEmbeddedAzurite({});
    try {
      const again = await openTables(second.connectionString, { prefix: 'm' });
      assert.equal(await new TableCaseRepository(again.cases).get('tenant-1', 'case-1'), null);
    } finally {
      await second.close();
    }
  });

  it('health probe: true while running, false (quickly) once closed', async () => {
    const azurite = await startEmbeddedAzurite({});
    const tables = await openTables(azurite.connectionString, { prefix: 'h' });
    const probe = new TableHealthProbe(tables.probe);
    assert.equal(await probe.ping(), true);
    await azurite.close();
    const started = Date.now();
    assert.equal(await probe.ping(), false);
    assert.ok(Date.now() - started < 2500);
  });

  it('queries still filter when restify is loaded in the same process', async () => {
    // restify patches http.IncomingMessage.prototype.query, which made Express inside Azurite skip
    // query parsing: every $filter was ignored. The bot's server is restify, so this is the real setup.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('restify');
    const azurite = await startEmbeddedAzurite({});
    try {
      const tables = await openTables(azurite.connectionString, { prefix: 'r' });
      const repo = new TableCaseRepository(tables.cases);
      await repo.create(makeCase({ id: 'a', number: 'BV-2026-0001' }));
      await repo.create(makeCase({ id: 'b', number: 'BV-2026-0002', reporterAadId: 'other' }));
      assert.deepEqual(
        (await repo.listByReporter('tenant-1', 'aad-reporter-1')).map((c) => c.id),
        ['a'],
      );
      assert.equal((await repo.findByNumber('tenant-1', 'BV-2026-0002'))?.value.id, 'b');
      const firstPage = await tables.cases.listEntities().byPage({ maxPageSize: 1 }).next();
      assert.equal(firstPage.value.length, 1, '$top honoured');
    } finally {
      await azurite.close();
    }
  });

  it('tableNames prefixes and validates', () => {
    assert.deepEqual(tableNames('t1'), { cases: 't1cases', drafts: 't1drafts', counters: 't1counters', audit: 't1audit', units: 't1units', schedule: 't1schedule', reviews: 't1reviews', register: 't1register', exports: 't1exports', incidents: 't1incidents', people: 't1people' });
    assert.equal(tableNames().cases, 'cases');
    assert.throws(() => tableNames('1x'));
    assert.throws(() => tableNames('a-b'));
  });
});
