import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmbeddedAzurite } from '../../src/storage/embeddedAzurite';
import { LokiFlusher, type LokiLike } from '../../src/storage/lokiFlusher';
import { openTables } from '../../src/storage/tableClients';
import { TableCaseRepository } from '../../src/storage/tableCaseRepository';
import { makeCase } from './fixtures';

/** A LokiJS stand-in: one collection whose dirty flag the test sets, serialized with a version. */
class FakeLoki implements LokiLike {
  collections = [{ dirty: false }];
  version = 0;
  serialized: number[] = [];
  autosaveDisabled = false;
  autosaveDirty(): boolean {
    return this.collections.some((c) => c.dirty);
  }
  autosaveDisable(): void {
    this.autosaveDisabled = true;
  }
  serialize(): string {
    this.serialized.push(this.version);
    return JSON.stringify({ version: this.version });
  }
  write(): void {
    this.version += 1;
    this.collections[0].dirty = true;
  }
}

describe('LokiFlusher: the embedded store\'s durability barrier', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brudvagt-flush-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('saves only when dirty, takes over from Loki\'s autosave, and writes what was written', async () => {
    const db = new FakeLoki();
    const file = path.join(dir, 'db.json');
    const flusher = new LokiFlusher(db, file, { idleSaveMs: 0 });
    assert.equal(db.autosaveDisabled, true);
    await flusher.flush();
    assert.equal(flusher.stats.saves, 0, 'clean: no save');
    db.write();
    await flusher.flush();
    assert.equal(flusher.stats.saves, 1);
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { version: 1 });
    assert.equal(fs.existsSync(`${file}.saving`), false, 'temporary file renamed away');
    await flusher.flush();
    assert.equal(flusher.stats.saves, 1, 'clean again: no save');
  });

  it('coalesces: one save running and one queued, whatever the number of callers', async () => {
    const db = new FakeLoki();
    const file = path.join(dir, 'db.json');
    const flusher = new LokiFlusher(db, file, { idleSaveMs: 0 });
    db.write();
    const first = flusher.flush(); // snapshot of version 1 taken now
    db.write(); // a write after the snapshot: its callers must wait for the next save
    const waiting = Array.from({ length: 20 }, () => flusher.flush());
    db.write(); // still before the queued save's snapshot: covered by it
    waiting.push(flusher.flush());
    await Promise.all([first, ...waiting]);
    assert.equal(flusher.stats.saves, 2, 'twenty-one callers during a save share one queued save');
    assert.deepEqual(db.serialized, [1, 3]);
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { version: 3 });
  });

  it('a caller with nothing new during a save waits for that save, not longer', async () => {
    const db = new FakeLoki();
    const flusher = new LokiFlusher(db, path.join(dir, 'db.json'), { idleSaveMs: 0 });
    db.write();
    const first = flusher.flush();
    const second = flusher.flush(); // clean since the snapshot: the running save covers it
    await Promise.all([first, second]);
    assert.equal(flusher.stats.saves, 1);
  });

  it('a failed save fails the barrier (no "saved") and leaves the db dirty for the next one', async () => {
    const db = new FakeLoki();
    const flusher = new LokiFlusher(db, path.join(dir, 'missing-folder', 'db.json'), { idleSaveMs: 0 });
    db.write();
    await assert.rejects(flusher.flush());
    assert.equal(db.autosaveDirty(), true);
  });

  it('on a real embedded store: after flush the database file holds the write, without close', async () => {
    const azurite = await startEmbeddedAzurite({ dataDir: dir });
    try {
      const tables = await openTables(azurite.connectionString, { prefix: 'f' });
      await new TableCaseRepository(tables.cases).create(makeCase({ id: 'durable-case', number: 'BV-2026-0042' }));
      await azurite.durability.flush();
      const onDisk = fs.readFileSync(path.join(dir, '__azurite_db_table__.json'), 'utf8');
      assert.doesNotThrow(() => JSON.parse(onDisk), 'a complete JSON file');
      assert.match(onDisk, /durable-case/);
      assert.ok(azurite.flusher!.stats.saves >= 1);
    } finally {
      await azurite.close();
    }
  });

  it('a half-written temporary file (a kill -9 during a save) does not stop the next start', async () => {
    const first = await startEmbeddedAzurite({ dataDir: dir });
    const tables = await openTables(first.connectionString, { prefix: 'k' });
    await new TableCaseRepository(tables.cases).create(makeCase({ id: 'kept' }));
    await first.close();
    fs.writeFileSync(path.join(dir, '__azurite_db_table__.json.saving'), '{"filename":"trunc');
    const second = await startEmbeddedAzurite({ dataDir: dir });
    try {
      const again = await openTables(second.connectionString, { prefix: 'k' });
      assert.equal((await new TableCaseRepository(again.cases).get('tenant-1', 'kept'))?.value.id, 'kept');
    } finally {
      await second.close();
    }
  });

  it('in memory: the barrier has nothing to do', async () => {
    const azurite = await startEmbeddedAzurite({});
    try {
      await azurite.durability.flush();
      assert.equal(azurite.flusher, undefined);
    } finally {
      await azurite.close();
    }
  });
});
