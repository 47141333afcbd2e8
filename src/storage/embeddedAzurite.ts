/**
 * Azurite's Table service, run inside this process: the embedded store for a laptop
 * or a pilot. Production uses Azure Table Storage through the same adapters.
 *
 * In-memory mode (no dataDir) keeps nothing after close. On-disk mode uses LokiJS, which keeps
 * the store in memory: `durability` (a LokiFlusher) writes it to disk before anything is
 * acknowledged to a person, and every 5 s otherwise; close() makes the last save.
 * Azurite's own debug and access logs are switched off: they would print requests.
 */
import * as fs from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import * as path from 'node:path';
import { ALREADY_DURABLE, type DurabilityBarrier } from '../app/ports';
import { LokiFlusher, type LokiLike } from './lokiFlusher';

/** The well-known development account: public, documented, not a secret. */
export const DEV_ACCOUNT_NAME = 'devstoreaccount1';
export const DEV_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export function devConnectionString(host: string, port: number, protocol: 'http' | 'https' = 'http'): string {
  return (
    `DefaultEndpointsProtocol=${protocol};AccountName=${DEV_ACCOUNT_NAME};AccountKey=${DEV_ACCOUNT_KEY};` +
    `TableEndpoint=${protocol}://${host}:${port}/${DEV_ACCOUNT_NAME};`
  );
}

export interface EmbeddedAzurite {
  connectionString: string;
  port: number;
  /**
   * On disk: resolves once every write answered so far is in the database file (kill -9 safe).
   * In memory: nothing to wait for.
   */
  durability: DurabilityBarrier;
  /** The LokiJS flusher (on disk only), for its figures in the benchmark. */
  flusher?: LokiFlusher;
  /** Stops the server and, in on-disk mode, writes the database to disk. Safe to call twice. */
  close(): Promise<void>;
}

export interface EmbeddedAzuriteOptions {
  /** Folder for the LokiJS file; undefined keeps everything in memory. */
  dataDir?: string;
  /** 0 (the default) lets the OS choose. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Tests of the managed-identity path: https with this certificate (PEM files) and Azurite's "basic"
   * OAuth check (a bearer token's issuer, audience and lifetime; Azurite accepts bearer tokens over https only).
   */
  tls?: { certPath: string; keyPath: string; oauth?: 'basic' };
}

/* Azurite ships no typings for its internals: the little we use, typed here. */
interface AzuriteTableServer {
  start(): Promise<void>;
  close(): Promise<void>;
  getHttpServerAddress(): string;
  getStatus(): string;
  httpServer: Server;
  /** LokiTableMetadataStore; its `db` is the LokiJS database (Azurite 3.35.0). */
  metadataStore?: { db?: LokiLike };
}
type TableServerCtor = new (config: unknown) => AzuriteTableServer;
type TableConfigurationCtor = new (
  host: string,
  port: number,
  keepAliveTimeout: number,
  metadataDBPath: string,
  enableDebugLog: boolean,
  enableAccessLog: boolean,
  accessLogWriteStream: undefined,
  debugLogFilePath: undefined,
  loose: boolean,
  skipApiVersionCheck: boolean,
  cert: string,
  key: string,
  pwd: string,
  oauth: string | undefined,
  disableProductStyleUrl: boolean,
  isMemoryPersistence: boolean,
) => unknown;

const DB_FILE = '__azurite_db_table__.json';

export async function startEmbeddedAzurite(opts: EmbeddedAzuriteOptions = {}): Promise<EmbeddedAzurite> {
  const host = opts.host ?? '127.0.0.1';
  const requestedPort = opts.port ?? 0;
  const inMemory = opts.dataDir === undefined;

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const logger = require('azurite/dist/src/common/Logger') as { configLogger(enable: boolean, file?: string): void };
  logger.configLogger(false); // the singleton debug logger: off (NoLoggerStrategy)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const TableServer = (require('azurite/dist/src/table/TableServer') as { default: TableServerCtor }).default;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const TableConfiguration = (require('azurite/dist/src/table/TableConfiguration') as { default: TableConfigurationCtor })
    .default;

  let dbPath: string;
  if (opts.dataDir === undefined) {
    dbPath = DB_FILE; // a name only: memory persistence never touches the disk
  } else {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    dbPath = path.join(opts.dataDir, DB_FILE);
  }

  const config = new TableConfiguration(
    host,
    requestedPort,
    5, // keep-alive timeout, seconds
    dbPath,
    false, // debug log
    false, // access log (would print every request)
    undefined,
    undefined,
    false, // loose: keep Azure's strictness so the embedded store behaves like production
    true, // skipApiVersionCheck: the SDK may be newer than this Azurite
    opts.tls?.certPath ?? '',
    opts.tls?.keyPath ?? '',
    '',
    opts.tls?.oauth, // undefined: shared key and SAS only
    true, // disableProductStyleUrl: always path-style http://host:port/devstoreaccount1
    inMemory,
  );
  const server = new TableServer(config);
  shieldQueryFromRestify(server.httpServer);
  await server.start();

  const address = server.getHttpServerAddress(); // http(s)://127.0.0.1:PORT
  const port = Number(new URL(address).port);
  const protocol = opts.tls ? 'https' : 'http';
  let flusher: LokiFlusher | undefined;
  if (!inMemory) {
    const db = server.metadataStore?.db;
    if (!db || typeof db.serialize !== 'function' || typeof db.autosaveDirty !== 'function') {
      await server.close();
      throw new Error('embedded Azurite: LokiJS database not found (Azurite version changed?); cannot make writes durable');
    }
    flusher = new LokiFlusher(db, dbPath);
  }
  let closing: Promise<void> | undefined;

  return {
    connectionString: devConnectionString(host === '0.0.0.0' ? '127.0.0.1' : host, port, protocol),
    port,
    durability: flusher ?? ALREADY_DURABLE,
    flusher,
    close(): Promise<void> {
      if (!closing) {
        closing = (async () => {
          const httpClosed = server.httpServer.listening
            ? new Promise<void>((resolve) => {
                server.httpServer.once('close', resolve);
                setTimeout(resolve, 2000).unref();
              })
            : Promise.resolve();
          if (flusher) {
            flusher.stop();
            await flusher.flush().catch(() => undefined); // LokiJS close below saves again if still dirty
          }
          // ServerBase.close: stop accepting, then LokiJS close, which saves when dirty.
          await server.close();
          await httpClosed;
        })();
      }
      return closing;
    },
  };
}

/**
 * restify (our HTTP server) patches http.IncomingMessage.prototype with `query()`, a function.
 * Azurite is built on Express 4, whose query middleware parses the URL only `if (!req.query)`:
 * with restify loaded it never does, Azurite reads `req.query.$filter` as undefined, and every
 * query silently returns the whole table ($filter, $top, $select and continuation tokens
 * ignored: a reporter would list everyone's cases). An own `query` property, undefined, on each
 * request Azurite receives lets Express parse it as usual.
 */
function shieldQueryFromRestify(httpServer: Server): void {
  type Listener = (req: IncomingMessage, res: ServerResponse) => void;
  const listeners = httpServer.listeners('request') as Listener[];
  httpServer.removeAllListeners('request');
  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    Object.defineProperty(req, 'query', { value: undefined, writable: true, configurable: true, enumerable: true });
    for (const listener of listeners) listener.call(httpServer, req, res);
  });
}
