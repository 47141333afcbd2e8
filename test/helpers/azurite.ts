/**
 * Test storage: a real Azurite Table service in this process (in-memory unless a dataDir
 * is given) and table clients with a unique prefix, so tests never see each other's rows.
 */
import { startEmbeddedAzurite } from '../../src/storage/embeddedAzurite';
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
