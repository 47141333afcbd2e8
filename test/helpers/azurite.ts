/**
 * Test storage: a real Azurite Table service in this process (in-memory unless a dataDir
 * is given) and table clients with a unique prefix, so tests never see each other's rows.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { devConnectionString, startEmbeddedAzurite } from '../../src/storage/embeddedAzurite';
import { repoRoot } from '../../src/repoRoot';
import { openTables, type RequestCounter, type TableClients } from '../../src/storage/tableClients';

export interface TestStorage {
  connectionString: string;
  port: number;
  close(): Promise<void>;
}

export async function startTestStorage(opts: { dataDir?: string; port?: number } = {}): Promise<TestStorage> {
  const azurite = await startEmbeddedAzurite({ dataDir: opts.dataDir, port: opts.port ?? 0 });
  return { connectionString: azurite.connectionString, port: azurite.port, close: () => azurite.close() };
}

let prefixSeq = 0;

/** 't' + a per-run counter + random letters: a valid, unique table name prefix. */
export function uniquePrefix(): string {
  prefixSeq += 1;
  const random = Math.random().toString(36).replace(/[^a-z]/g, '').slice(0, 5);
  return `t${prefixSeq}${random}`;
}

/** Creates the four tables under a fresh prefix and returns their clients. */
export function openTestTables(
  connectionString: string,
  opts: { prefix?: string; counter?: RequestCounter } = {},
): Promise<TableClients> {
  return openTables(connectionString, { prefix: opts.prefix ?? uniquePrefix(), counter: opts.counter });
}

// ---- standalone Azurite: a separate process the tests can freeze, kill and restart ----------------


/** A port that was free a moment ago (listen on 0, close): for a server that must come back on the same port. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface StandaloneAzurite {
  port: number;
  connectionString: string;
  /** The running process (undefined while stopped). */
  child?: ChildProcess;
  /** SIGSTOP: the process keeps its sockets, the kernel still accepts connections, nothing answers. */
  freeze(): void;
  /** SIGCONT. */
  resume(): void;
  /** SIGKILL and wait for the exit: connections are refused from now on. */
  kill(): Promise<void>;
  /** Starts it again on the same port and folder. */
  restart(): Promise<void>;
  /** SIGINT (Azurite saves on SIGINT, not on SIGTERM), SIGKILL after 3 s. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * `node node_modules/azurite/dist/src/table/main.js` on 127.0.0.1, persisting in `location`,
 * telemetry and access log off. Every test that starts one stops it in an after hook.
 */
export async function startStandaloneAzurite(opts: { location: string; port?: number }): Promise<StandaloneAzurite> {
  const port = opts.port ?? (await freePort());
  const main = join(repoRoot(__dirname), 'node_modules', 'azurite', 'dist', 'src', 'table', 'main.js');
  const args = [main, '--tableHost', '127.0.0.1', '--tablePort', String(port), '--location', opts.location, '--skipApiVersionCheck', '--disableTelemetry', '--silent'];

  const launch = async (): Promise<ChildProcess> => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`standalone Azurite did not start in 15 s: ${output.slice(-500)}`)), 15000);
      const onData = (chunk: Buffer) => {
        output += String(chunk);
        if (/successfully started/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (chunk: Buffer) => (output += String(chunk)));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`standalone Azurite exited (${code}) before starting: ${output.slice(-500)}`));
      });
    });
    // Keep draining its output so a full pipe never blocks it.
    child.stdout!.resume();
    child.stderr!.resume();
    return child;
  };

  const exited = (child: ChildProcess) =>
    child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const azurite: StandaloneAzurite = {
    port,
    connectionString: devConnectionString('127.0.0.1', port),
    child: await launch(),
    freeze: () => void azurite.child?.kill('SIGSTOP'),
    resume: () => void azurite.child?.kill('SIGCONT'),
    async kill() {
      const child = azurite.child;
      azurite.child = undefined;
      if (!child) return;
      child.kill('SIGKILL');
      await exited(child);
    },
    async restart() {
      if (azurite.child) await azurite.kill();
      azurite.child = await launch();
    },
    async stop() {
      const child = azurite.child;
      azurite.child = undefined;
      if (!child) return;
      child.kill('SIGCONT'); // a frozen process cannot handle SIGINT
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      // Azurite's SIGINT handler closes the server; the process ends when nothing is left open.
      await exited(child);
      clearTimeout(timer);
    },
  };
  return azurite;
}
