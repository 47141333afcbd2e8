/** The known-incident listing in Table Storage (Azurite): follows the case, per tenant, one request each. */
import { strict as assert } from 'node:assert';
import { applyCommand, type CaseCommand } from '../../src/domain/caseWork';
import type { BreachCase } from '../../src/domain/case';
import type { RequestCounter } from '../../src/storage/tableClients';
import { TableIncidentDirectory } from '../../src/storage/tableIncidentDirectory';
import { openTestTables, startTestStorage, type TestStorage } from '../helpers/azurite';
import { makeCase } from './fixtures';

const anna = { aadObjectId: 'aad-anna', teamsUserId: '29:anna', name: 'Anna' };

function apply(c: BreachCase, cmd: CaseCommand, at: string): BreachCase {
  const r = applyCommand(c.work, cmd, anna, new Date(at), { caseNumber: c.number, discoveredAt: c.report.discoveredAt });
  if (!r.ok) assert.fail(r.error);
  return { ...c, work: r.work, status: r.status };
}

describe('TableIncidentDirectory (in-process Azurite)', () => {
  let storage: TestStorage;
  let directory: TableIncidentDirectory;
  const counter: RequestCounter = { count: 0 };

  before(async () => {
    storage = await startTestStorage();
    directory = new TableIncidentDirectory((await openTestTables(storage.connectionString, { counter })).incidents);
  });
  after(async () => storage.close());

  it('lists an active incident of its tenant only, newest first, and drops it when it ends; one request each', async () => {
    const older = apply(makeCase({ id: 'c-1', number: 'BV-2026-0001' }), { type: 'declareIncident', title: 'Nexus er nede' }, '2026-03-01T11:00:00Z');
    const newer = apply(makeCase({ id: 'c-2', number: 'BV-2026-0002' }), { type: 'declareIncident', title: 'Lønsedler lækket' }, '2026-03-01T12:00:00Z');
    const elsewhere = apply(makeCase({ id: 'c-3', number: 'BV-2026-0001', tenantId: 'tenant-2' }), { type: 'declareIncident', title: 'Andet sted' }, '2026-03-01T12:00:00Z');
    for (const c of [older, newer, elsewhere]) {
      const before = counter.count;
      await directory.sync(c);
      assert.equal(counter.count - before, 1);
    }
    const before = counter.count;
    const listed = await directory.active('tenant-1');
    assert.equal(counter.count - before, 1);
    assert.deepEqual(listed.map((i) => [i.caseId, i.number, i.title]), [['c-2', 'BV-2026-0002', 'Lønsedler lækket'], ['c-1', 'BV-2026-0001', 'Nexus er nede']]);

    await directory.sync(apply(older, { type: 'endIncident' }, '2026-03-01T13:00:00Z'));
    assert.deepEqual((await directory.active('tenant-1')).map((i) => i.caseId), ['c-2']);
    // A case that is no incident (or one already removed) is a no-op, not an error.
    await directory.sync(makeCase({ id: 'c-9' }));
    await directory.sync(apply(older, { type: 'endIncident' }, '2026-03-01T13:00:00Z'));
    assert.deepEqual((await directory.active('tenant-2')).map((i) => i.title), ['Andet sted']);
  });
});
