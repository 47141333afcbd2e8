/**
 * TableClients for the four tables, from one connection string, with an optional
 * request counter (for "Table requests per confirmed report" in the benchmark).
 */
import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import { mapError } from './tableSupport';

export interface TableNames {
  cases: string;
  drafts: string;
  counters: string;
  audit: string;
  units: string;
  schedule: string;
  reviews: string;
}

const TABLE_NAME = /^[A-Za-z][A-Za-z0-9]{2,62}$/;

/** `cases`, `drafts`, `counters`, `audit`, `units`, `schedule`, `reviews`, each prefixed (e.g. 't1' → 't1cases'). */
export function tableNames(prefix = ''): TableNames {
  const names: TableNames = {
    cases: `${prefix}cases`,
    drafts: `${prefix}drafts`,
    counters: `${prefix}counters`,
    audit: `${prefix}audit`,
    units: `${prefix}units`,
    schedule: `${prefix}schedule`,
    reviews: `${prefix}reviews`,
  };
  for (const name of Object.values(names)) {
    if (!TABLE_NAME.test(name)) {
      throw new Error(`invalid table name prefix: tables must be 3-63 letters/digits starting with a letter`);
    }
  }
  return names;
}

/** Incremented once per HTTP request actually sent (retries included). */
export interface RequestCounter {
  count: number;
}

type PipelinePolicyConfig = NonNullable<TableServiceClientOptions['additionalPolicies']>[number];

/** A pipeline policy that counts every attempt (position perRetry: after the retry policy). */
export function requestCountingPolicy(counter: RequestCounter): PipelinePolicyConfig {
  return {
    position: 'perRetry',
    policy: {
      name: 'brudvagtRequestCounter',
      sendRequest(request, next) {
        counter.count += 1;
        return next(request);
      },
    },
  };
}

export interface TableClientOptions {
  /** Table name prefix, see tableNames. */
  prefix?: string;
  counter?: RequestCounter;
  /**
   * SDK retries on network errors and 5xx. Default: 2 retries, 200 ms doubling, at most 2 s,
   * so a dead store becomes StorageUnavailableError within about a second, not a minute.
   */
  retry?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
}

export function tableClientOptions(
  connectionString: string,
  opts: Pick<TableClientOptions, 'counter' | 'retry'> = {},
): TableServiceClientOptions {
  const options: TableServiceClientOptions = {
    retryOptions: { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 2000, ...opts.retry },
  };
  if (isHttpEndpoint(connectionString)) options.allowInsecureConnection = true;
  if (opts.counter) options.additionalPolicies = [requestCountingPolicy(opts.counter)];
  return options;
}

function isHttpEndpoint(connectionString: string): boolean {
  const match = /(?:^|;)\s*TableEndpoint\s*=\s*([^;]+)/i.exec(connectionString);
  if (match) return /^http:\/\//i.test(match[1].trim());
  return /(?:^|;)\s*DefaultEndpointsProtocol\s*=\s*http\s*(?:;|$)/i.test(connectionString);
}

export interface TableClients {
  names: TableNames;
  cases: TableClient;
  drafts: TableClient;
  counters: TableClient;
  audit: TableClient;
  units: TableClient;
  schedule: TableClient;
  reviews: TableClient;
  /** Same table as `counters`, but no retries: for the health probe's 2 s answer. */
  probe: TableClient;
}

export function createTableClients(connectionString: string, opts: TableClientOptions = {}): TableClients {
  const names = tableNames(opts.prefix);
  const options = tableClientOptions(connectionString, opts);
  const make = (table: string, o: TableServiceClientOptions = options) =>
    TableClient.fromConnectionString(connectionString, table, o);
  return {
    names,
    cases: make(names.cases),
    drafts: make(names.drafts),
    counters: make(names.counters),
    audit: make(names.audit),
    units: make(names.units),
    schedule: make(names.schedule),
    reviews: make(names.reviews),
    probe: make(names.counters, tableClientOptions(connectionString, { counter: opts.counter, retry: { maxRetries: 0 } })),
  };
}

/** Creates the four tables if missing (an existing table is fine). Call once at start. */
export async function ensureTables(clients: TableClients): Promise<void> {
  const all = [clients.cases, clients.drafts, clients.counters, clients.audit, clients.units, clients.schedule, clients.reviews];
  await Promise.all(
    all.map(async (client) => {
      try {
        await client.createTable(); // the SDK already treats 409 TableAlreadyExists as success
      } catch (err) {
        if ((err as { statusCode?: unknown }).statusCode === 409) return;
        throw mapError('createTable', err);
      }
    }),
  );
}

/** createTableClients + ensureTables. */
export async function openTables(connectionString: string, opts: TableClientOptions = {}): Promise<TableClients> {
  const clients = createTableClients(connectionString, opts);
  await ensureTables(clients);
  return clients;
}
