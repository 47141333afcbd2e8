import { strict as assert } from 'node:assert';
import type { IncidentDirectory, ListedIncident } from '../../src/app/ports';
import { CachedIncidentDirectory } from '../../src/storage/cachedIncidentDirectory';
import { makeCase } from './fixtures';

/** The listing the report form reads on every `anmeld`: one read per tenant and TTL, a local change seen at once. */
describe('storage: the cached incident listing', () => {
  class Counting implements IncidentDirectory {
    reads = 0;
    listed: ListedIncident[] = [];
    async active(): Promise<ListedIncident[]> {
      this.reads += 1;
      return [...this.listed];
    }
    async sync(): Promise<void> {}
  }

  it('reads once per tenant within the TTL, again after it, and at once after a change through this instance', async () => {
    let now = 0;
    const inner = new Counting();
    const cached = new CachedIncidentDirectory(inner, 5_000, () => now);
    for (let i = 0; i < 50; i++) await cached.active('t1');
    assert.equal(inner.reads, 1, '50 anmeld, one read');
    await cached.active('t2');
    assert.equal(inner.reads, 2, 'per tenant');
    now = 5_000;
    await cached.active('t1');
    assert.equal(inner.reads, 3, 'again after the TTL');
    inner.listed = [{ tenantId: 't1', caseId: 'c', number: 'BV-2026-0001', title: 'Nexus er nede', declaredAt: '' }];
    await cached.sync({ ...makeCase(), tenantId: 't1' });
    assert.deepEqual((await cached.active('t1')).map((i) => i.title), ['Nexus er nede'], 'a change through this instance is seen at once');
    assert.equal(inner.reads, 4);
  });

  it('a failed read is not kept', async () => {
    const inner = new Counting();
    let fail = true;
    inner.active = async () => {
      inner.reads += 1;
      if (fail) throw new Error('store unavailable');
      return [];
    };
    const cached = new CachedIncidentDirectory(inner, 5_000, () => 0);
    await assert.rejects(cached.active('t1'));
    fail = false;
    assert.deepEqual(await cached.active('t1'), []);
    assert.equal(inner.reads, 2);
  });
});
