import { strict as assert } from 'node:assert';
import { createServer, type Server, type Socket } from 'node:net';
import { StorageUnavailableError } from '../../src/app/ports';
import { devConnectionString } from '../../src/storage/embeddedAzurite';
import { createTableClients, PROBE_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from '../../src/storage/tableClients';
import { TableCaseRepository } from '../../src/storage/tableCaseRepository';
import { TableHealthProbe } from '../../src/storage/tableHealthProbe';
import { makeCase } from './fixtures';

/** A store that accepts connections and reads requests but never answers: a frozen Azurite. */
async function silentStore(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('Table clients: a deadline on every storage call', function () {
  this.timeout(10000);

  it('a store that never answers becomes StorageUnavailableError after one deadline, reads and writes alike', async () => {
    const store = await silentStore();
    try {
      const clients = createTableClients(devConnectionString('127.0.0.1', store.port), { prefix: 'd' });
      const repo = new TableCaseRepository(clients.cases);
      for (const call of [() => repo.get('tenant-1', 'case-1'), () => repo.create(makeCase())]) {
        const started = Date.now();
        await assert.rejects(call(), (error: unknown) => error instanceof StorageUnavailableError);
        const ms = Date.now() - started;
        assert.ok(ms >= REQUEST_TIMEOUT_MS - 50 && ms < REQUEST_TIMEOUT_MS + 700, `failed after ${ms} ms (deadline ${REQUEST_TIMEOUT_MS}, a timeout is not retried)`);
      }
    } finally {
      await store.close();
    }
  });

  it('the health probe says false within its 1 s deadline', async () => {
    const store = await silentStore();
    try {
      const clients = createTableClients(devConnectionString('127.0.0.1', store.port), { prefix: 'd' });
      const started = Date.now();
      assert.equal(await new TableHealthProbe(clients.probe).ping(), false);
      assert.ok(Date.now() - started < PROBE_TIMEOUT_MS + 300, `${Date.now() - started} ms`);
    } finally {
      await store.close();
    }
  });

  it('a refused connection is retried briefly, then StorageUnavailableError within a second', async () => {
    const store = await silentStore();
    const port = store.port;
    await store.close(); // nothing listens there now
    const repo = new TableCaseRepository(createTableClients(devConnectionString('127.0.0.1', port), { prefix: 'd' }).cases);
    const started = Date.now();
    await assert.rejects(repo.get('tenant-1', 'case-1'), (error: unknown) => error instanceof StorageUnavailableError);
    assert.ok(Date.now() - started < 1500, `${Date.now() - started} ms`);
  });
});
