/**
 * TableClients for Brudvagt's tables, from one connection string or an account URL with an Azure AD
 * token credential (the App Service's managed identity), with an optional request counter (for
 * "Table requests per confirmed report" in the benchmark).
 */
import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import { mapError } from './tableSupport';

export interface TableNames {
  cases: string;
  drafts: string;
  counters: string;
  audit: string;
  units: string;
  schedule: string;
  reviews: string;
  register: string;
  exports: string;
  incidents: string;
  /** People who have the app as a personal app (issue 18, src/storage/tablePeopleDirectory.ts). */
  people: string;
}

const TABLE_NAME = /^[A-Za-z][A-Za-z0-9]{2,62}$/;

/** `cases`, `drafts`, `counters`, `audit`, `units`, `schedule`, `reviews`, `register`, `exports`, `incidents`, each prefixed (e.g. 't1' → 't1cases'). */
export function tableNames(prefix = ''): TableNames {
  const names: TableNames = {
    cases: `${prefix}cases`,
    drafts: `${prefix}drafts`,
    counters: `${prefix}counters`,
    audit: `${prefix}audit`,
    units: `${prefix}units`,
    schedule: `${prefix}schedule`,
    reviews: `${prefix}reviews`,
    register: `${prefix}register`,
    exports: `${prefix}exports`,
    incidents: `${prefix}incidents`,
    people: `${prefix}people`,
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

/**
 * A deadline on every attempt (the SDK has none: a frozen store held each turn for 30 s and more).
 * The Node HTTP client aborts the attempt after `request.timeout` ms, connect included; the SDK does
 * not retry an abort, and mapError turns it into StorageUnavailableError. Position perCall: set
 * once, before the retry policy, so every attempt gets the same deadline.
 */
export function requestDeadlinePolicy(timeoutMs: number): PipelinePolicyConfig {
  return {
    position: 'perCall',
    policy: {
      name: 'brudvagtRequestDeadline',
      sendRequest(request, next) {
        if (!request.timeout || request.timeout > timeoutMs) request.timeout = timeoutMs;
        return next(request);
      },
    },
  };
}

/**
 * Per attempt. A turn that meets a frozen store fails its first call after this long and still has
 * time to answer the person within 5 s (Teams gives an invoke about that much), a second failing
 * call on the error path included. Azure answers a point operation in tens of milliseconds; a
 * query page that runs into Azure's own 5 s limit would fail here (our scans are key-range scans).
 */
export const REQUEST_TIMEOUT_MS = 1500;
/** The health probe's attempt: /healthz answers 503 within about a second of an outage. */
export const PROBE_TIMEOUT_MS = 1000;

/**
 * Where the tables are: a connection string (a shared key: Azurite, or an account whose key the operator
 * keeps), or the Table endpoint's https URL with a token credential (no secret in the settings).
 */
export type TableSource = string | { accountUrl: string; credential: TokenCredential };

export interface TableClientOptions {
  /** Table name prefix, see tableNames. */
  prefix?: string;
  counter?: RequestCounter;
  /**
   * SDK retries on network errors and 5xx (not on a deadline). Default: 2 retries, 200 ms doubling,
   * at most 1 s, so a stopped store (connection refused) becomes StorageUnavailableError within
   * about 0.6 s, not a minute.
   */
  retry?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
  /** Deadline per attempt, default REQUEST_TIMEOUT_MS. */
  requestTimeoutMs?: number;
  /** A private CA the account's https endpoint is signed by (a test's https Azurite); unset: the system's. */
  trustedCa?: string;
}

export function tableClientOptions(
  source: TableSource,
  opts: Pick<TableClientOptions, 'counter' | 'retry' | 'requestTimeoutMs' | 'trustedCa'> = {},
): TableServiceClientOptions {
  const options: TableServiceClientOptions = {
    retryOptions: { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 1000, ...opts.retry },
  };
  // Never with a token: the SDK sends a bearer token over https only.
  if (typeof source === 'string' && isHttpEndpoint(source)) options.allowInsecureConnection = true;
  if (opts.trustedCa) options.tlsOptions = { ca: opts.trustedCa };
  options.additionalPolicies = [requestDeadlinePolicy(opts.requestTimeoutMs ?? REQUEST_TIMEOUT_MS)];
  if (opts.counter) options.additionalPolicies.push(requestCountingPolicy(opts.counter));
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
  register: TableClient;
  exports: TableClient;
  incidents: TableClient;
  people: TableClient;
  /** Same table as `counters`, no retries and a 1 s deadline: for the health probe's quick answer. */
  probe: TableClient;
}

export function createTableClients(source: TableSource, opts: TableClientOptions = {}): TableClients {
  const names = tableNames(opts.prefix);
  const options = tableClientOptions(source, opts);
  const make = (table: string, o: TableServiceClientOptions = options) =>
    typeof source === 'string'
      ? TableClient.fromConnectionString(source, table, o)
      : new TableClient(source.accountUrl, table, source.credential, o);
  return {
    names,
    cases: make(names.cases),
    drafts: make(names.drafts),
    counters: make(names.counters),
    audit: make(names.audit),
    units: make(names.units),
    schedule: make(names.schedule),
    reviews: make(names.reviews),
    register: make(names.register),
    exports: make(names.exports),
    incidents: make(names.incidents),
    people: make(names.people),
    probe: make(
      names.counters,
      tableClientOptions(source, { counter: opts.counter, retry: { maxRetries: 0 }, requestTimeoutMs: PROBE_TIMEOUT_MS, trustedCa: opts.trustedCa }),
    ),
  };
}

/** Creates the tables if missing (an existing table is fine). Call once at start. */
export async function ensureTables(clients: TableClients): Promise<void> {
  const all = [clients.cases, clients.drafts, clients.counters, clients.audit, clients.units, clients.schedule, clients.reviews, clients.register, clients.exports, clients.incidents, clients.people];
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
export async function openTables(source: TableSource, opts: TableClientOptions = {}): Promise<TableClients> {
  const clients = createTableClients(source, opts);
  await ensureTables(clients);
  return clients;
}
