/**
 * The register index in Table Storage (table `register`): what `sager` and `statistik` read, so
 * that a page of a 10,000-case register costs a few small reads instead of every case.
 *
 * PartitionKey `<tenant>|<Copenhagen year of the report>`: every row of one case lies in ONE
 * partition, so bringing them up to date is one entity-group transaction. RowKeys:
 *   `<scope>|o|<case id>`                         open cases (read whole: they are the work in hand)
 *   `<scope>|c|<13-digit inverted ms>|<case id>`  closed cases, newest report first (paged in key order)
 *   `!p|<case id>`                                write-ahead marker: an index write is owed
 * where scope is `*` (the tenant: the central channel's view) or `u:<unit id>` (one row per unit).
 * Every row holds the case's RegisterSummary as JSON plus `notified` for the closed filter.
 *
 * Crash safety: the marker is written before the case and removed in the same transaction that
 * writes the rows, after it. A crash in between leaves the marker; `unsynced` finds it and the
 * register use case reindexes that case from the stored case.
 */
import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import type { RegisterIndex, RegisterScope, RepeatFinder } from '../app/ports';
import type { RegisterSummary } from '../domain/register/record';
import type { NamedRow, NamedRows } from '../domain/register/repeats';
import { asciiJson, encodeKey, mapError, statusOf } from './tableSupport';

const MAX_MS = 9_999_999_999_999;
const MARKER = '!p|';

export const registerPartition = (tenantId: string, year: number): string => `${encodeKey(tenantId)}|${year}`;

const scopeKey = (scope: RegisterScope): string => (scope.kind === 'all' ? '*' : `u:${encodeKey(scope.unitId)}`);
const scopesOf = (s: RegisterSummary): RegisterScope[] => [{ kind: 'all' }, ...s.units.map((unitId): RegisterScope => ({ kind: 'unit', unitId }))];

const openKey = (scope: RegisterScope, caseId: string) => `${scopeKey(scope)}|o|${encodeKey(caseId)}`;
const closedKey = (scope: RegisterScope, s: Pick<RegisterSummary, 'caseId' | 'reportedAt'>) =>
  `${scopeKey(scope)}|c|${String(MAX_MS - Date.parse(s.reportedAt)).padStart(13, '0')}|${encodeKey(s.caseId)}`;
const markerKey = (caseId: string) => `${MARKER}${encodeKey(caseId)}`;

/** Open or closed: decides which key range a row is in. */
export type RowState = 'open' | 'closed';
export const rowStateOf = (s: Pick<RegisterSummary, 'status'>): RowState => (s.status === 'closed' ? 'closed' : 'open');

interface Row {
  summary: string;
  notified?: boolean;
  at?: string;
}

/** The rows of one case as stored; exported for tools that load many at once (benchmarks). */
export function registerEntities(tenantId: string, s: RegisterSummary) {
  const partitionKey = registerPartition(tenantId, s.year);
  const summary = asciiJson(s);
  return scopesOf(s).map((scope) => ({
    partitionKey,
    rowKey: rowStateOf(s) === 'open' ? openKey(scope, s.caseId) : closedKey(scope, s),
    summary,
    notified: s.authorityNotifiedAt !== null,
    // The repeat query filters on these (issue 18 part 4); absent when the case names none.
    ...(s.systemKey || s.supplierKey ? repeatColumns(s, scope) : {}),
  }));
}

/**
 * What the repeat query reads of a named case (issue 18 part 4): its keys on every row (the filter), and on
 * the tenant row (`*`, the one the query reads) the few facts a repeat needs, so a query that meets many
 * cases (a supplier's outage reported by hundreds) reads about 150 bytes a row, not the whole summary.
 */
function repeatColumns(s: RegisterSummary, scope: RegisterScope) {
  return {
    ...(s.systemKey ? { systemKey: s.systemKey } : {}),
    ...(s.supplierKey ? { supplierKey: s.supplierKey } : {}),
    ...(scope.kind === 'all' ? { caseId: s.caseId, number: s.number, unitList: asciiJson(s.units), reportedAt: s.reportedAt, linked: s.deadlineOutcome === 'linked' } : {}),
  };
}

export class TableRegisterIndex implements RegisterIndex, RepeatFinder {
  constructor(private readonly table: TableClient) {}

  /** Announces an index write (1 request). Idempotent. */
  async announce(tenantId: string, year: number, caseId: string, at: Date): Promise<void> {
    try {
      await this.table.upsertEntity({ partitionKey: registerPartition(tenantId, year), rowKey: markerKey(caseId), at: at.toISOString() }, 'Replace');
    } catch (err) {
      throw mapError('register announce', err);
    }
  }

  /**
   * Writes the case's rows and removes its marker in one transaction (1 request). `previous`: the
   * state the rows were last written in, when known; otherwise (another instance, a restart) the
   * rows of the other state are deleted one by one, a missing one being fine (1 request per scope).
   */
  async write(tenantId: string, s: RegisterSummary, previous: RowState | 'none' | undefined, marked = true): Promise<void> {
    const entities = registerEntities(tenantId, s);
    const partitionKey = entities[0].partitionKey;
    const actions: TransactionAction[] = entities.map((e) => ['upsert', e, 'Replace']);
    try {
      if (!marked) await this.table.submitTransaction(actions);
      else {
        try {
          await this.table.submitTransaction([...actions, ['delete', { partitionKey, rowKey: markerKey(s.caseId) }]]);
        } catch (err) {
          // The marker was already gone (a repair took it): write the rows alone.
          if (statusOf(err) !== 404) throw err;
          await this.table.submitTransaction(actions);
        }
      }
      const state = rowStateOf(s);
      if (previous === 'none' || previous === state) return;
      await Promise.all(
        scopesOf(s).map(async (scope) => {
          const stale = state === 'open' ? closedKey(scope, s) : openKey(scope, s.caseId);
          try {
            await this.table.deleteEntity(partitionKey, stale);
          } catch (err) {
            if (statusOf(err) !== 404) throw err;
          }
        }),
      );
    } catch (err) {
      throw mapError('register write', err);
    }
  }

  /** Removes a marker whose case does not exist (its create never happened). */
  async clear(tenantId: string, year: number, caseId: string): Promise<void> {
    try {
      await this.table.deleteEntity(registerPartition(tenantId, year), markerKey(caseId));
    } catch (err) {
      if (statusOf(err) !== 404) throw mapError('register clear', err);
    }
  }

  async open(tenantId: string, year: number, scope: RegisterScope): Promise<RegisterSummary[]> {
    const from = `${scopeKey(scope)}|o|`;
    const filter = odata`PartitionKey eq ${registerPartition(tenantId, year)} and RowKey ge ${from} and RowKey lt ${`${scopeKey(scope)}|o}`}`;
    const rows: RegisterSummary[] = [];
    try {
      for await (const row of this.table.listEntities<Row>({ queryOptions: { filter, select: ['summary'] } })) rows.push(JSON.parse(row.summary) as RegisterSummary);
    } catch (err) {
      throw mapError('register open', err);
    }
    return rows;
  }

  async closed(
    tenantId: string,
    year: number,
    scope: RegisterScope,
    filter: { notified?: boolean },
    page: { size: number; cursor?: string },
  ): Promise<{ rows: RegisterSummary[]; cursor?: string }> {
    const pk = registerPartition(tenantId, year);
    let query = odata`PartitionKey eq ${pk} and RowKey ge ${`${scopeKey(scope)}|c|`} and RowKey lt ${`${scopeKey(scope)}|c}`}`;
    if (filter.notified !== undefined) query += ` and notified eq ${filter.notified ? 'true' : 'false'}`;
    const rows: RegisterSummary[] = [];
    try {
      // Continue after the last key shown rather than with Azure's continuation token: a key is
      // short, card-safe text, and a filtered page may come back short, so we keep asking until full.
      let after = page.cursor;
      const ranged = after ? `${query} and RowKey gt ${quote(after)}` : query;
      const pages = this.table.listEntities<Row>({ queryOptions: { filter: ranged, select: ['RowKey', 'summary'] } }).byPage({ maxPageSize: page.size + 1 });
      for await (const batch of pages) {
        for (const row of batch) {
          if (rows.length === page.size) return { rows, cursor: after };
          rows.push(JSON.parse(row.summary) as RegisterSummary);
          after = row.rowKey;
        }
      }
      return { rows };
    } catch (err) {
      throw mapError('register closed', err);
    }
  }

  async unsynced(tenantId: string, year: number, before: Date): Promise<string[]> {
    const filter = odata`PartitionKey eq ${registerPartition(tenantId, year)} and RowKey ge ${MARKER} and RowKey lt ${'!p}'}`;
    const ids: string[] = [];
    try {
      for await (const row of this.table.listEntities<Row & { caseId?: string }>({ queryOptions: { filter } })) {
        if (row.at !== undefined && row.at < before.toISOString()) ids.push(decodeCaseId(row.rowKey ?? ''));
      }
    } catch (err) {
      throw mapError('register unsynced', err);
    }
    return ids.filter((id) => id !== '');
  }

  /** RepeatFinder: the cases of those report years that name one of the keys (namedRows, one query unless capped). */
  named(tenantId: string, fromYear: number, toYear: number, keys: { system: readonly string[]; supplier: readonly string[] }, since?: string): Promise<NamedRows> {
    return namedRows(this.table, tenantId, fromYear, toYear, keys, 500, since);
  }
}

/**
 * The register's side of the repeat counts (issue 18 part 4): the tenant-scope rows (`*|…`, one per case)
 * of the report years `fromYear`..`toYear` whose system or supplier key is one of `keys`, reported at or
 * after `since` (the window's start) when given.
 *
 * Cost: ONE query in the common case: a key range over the year partitions (two for a 12-month window)
 * with the key columns filtered by the service, so only the matching rows come back (Azure may split it
 * at a partition boundary: then the SDK asks once more). That query returns rows in partition order,
 * OLDEST year first, so when the window holds more than `limit` matches it would keep the stale ones:
 * then (only then) the window is read again newest first (newestFirst) and cut at `limit`, and the answer
 * says it is not complete (the card's «mindst N»).
 */
export async function namedRows(
  table: TableClient,
  tenantId: string,
  fromYear: number,
  toYear: number,
  keys: { system: readonly string[]; supplier: readonly string[] },
  limit = 500,
  since?: string,
): Promise<NamedRows> {
  const wanted = [...keys.system.map((k) => odata`systemKey eq ${k}`), ...keys.supplier.map((k) => odata`supplierKey eq ${k}`)];
  if (wanted.length === 0) return { rows: [], complete: true };
  // A report linked to another case is that case's breach again, not a repeat of its own: left out by the service.
  const match = `linked eq false and (${wanted.join(' or ')})${since === undefined ? '' : odata` and reportedAt ge ${since}`}`;
  const filter = `${odata`PartitionKey ge ${registerPartition(tenantId, fromYear)} and PartitionKey le ${registerPartition(tenantId, toYear)} and RowKey ge ${'*|'} and RowKey lt ${'*}'}`} and ${match}`;
  const rows: NamedRow[] = [];
  try {
    // One more than the cap: reading limit + 1 tells «exactly limit» from «more than limit».
    for await (const row of readNamed(table, filter, limit + 1)) {
      rows.push(row);
      if (rows.length > limit) return await newestFirst(table, tenantId, fromYear, toYear, match, limit, since);
    }
  } catch (err) {
    throw mapError('register named', err);
  }
  return { rows, complete: true };
}

/**
 * The window read newest first, for a window with more matches than `limit`: year by year from `toYear`
 * down; in a year the closed rows come newest first by their keys (inverted time), the open rows (keyed by
 * case id, no time order) are read whole (they are the work in hand, as `open` reads them) and merged in by
 * their report time. The first `limit` are kept; a further match means the answer is not complete.
 * Up to two queries per year.
 */
async function newestFirst(
  table: TableClient,
  tenantId: string,
  fromYear: number,
  toYear: number,
  match: string,
  limit: number,
  since: string | undefined,
): Promise<NamedRows> {
  const rows: NamedRow[] = [];
  /** false: stop reading; `complete` then says why. */
  let complete = true;
  const take = (row: NamedRow): boolean => {
    // Everything after this row is older still (a store that ignored the filter): the window is read.
    if (since !== undefined && row.reportedAt < since) return false;
    if (rows.length >= limit) return (complete = false);
    rows.push(row);
    return true;
  };
  const range = (pk: string, from: string, to: string) => `${odata`PartitionKey eq ${pk} and RowKey ge ${from} and RowKey lt ${to}`} and ${match}`;
  for (let year = toYear; year >= fromYear; year--) {
    const pk = registerPartition(tenantId, year);
    const open: NamedRow[] = [];
    for await (const row of readNamed(table, range(pk, '*|o|', '*|o}'), 1000)) open.push(row);
    open.sort((a, b) => (a.reportedAt < b.reportedAt ? 1 : a.reportedAt > b.reportedAt ? -1 : 0));
    let i = 0;
    for await (const closed of readNamed(table, range(pk, '*|c|', '*|c}'), limit + 1)) {
      while (i < open.length && open[i].reportedAt >= closed.reportedAt) if (!take(open[i++])) return { rows, complete };
      if (!take(closed)) return { rows, complete };
    }
    while (i < open.length) if (!take(open[i++])) return { rows, complete };
  }
  return { rows, complete };
}

/** The named rows a filter selects, in the service's order (partition, then row key). */
async function* readNamed(table: TableClient, filter: string, pageSize: number): AsyncGenerator<NamedRow> {
  const pages = table
    .listEntities<NamedColumns>({ queryOptions: { filter, select: ['caseId', 'number', 'unitList', 'reportedAt', 'systemKey', 'supplierKey'] } })
    .byPage({ maxPageSize: Math.min(pageSize, 1000) });
  for await (const page of pages) {
    for (const row of page) {
      if (typeof row.caseId !== 'string' || typeof row.number !== 'string' || typeof row.reportedAt !== 'string') continue;
      yield { caseId: row.caseId, number: row.number, units: unitsOf(row.unitList), reportedAt: row.reportedAt, systemKey: row.systemKey, supplierKey: row.supplierKey };
    }
  }
}

interface NamedColumns {
  caseId?: string;
  number?: string;
  unitList?: string;
  reportedAt?: string;
  systemKey?: string;
  supplierKey?: string;
}

function unitsOf(json: string | undefined): string[] {
  try {
    const units: unknown = JSON.parse(json ?? '[]');
    return Array.isArray(units) ? units.filter((u): u is string => typeof u === 'string') : [];
  } catch {
    return [];
  }
}

const quote = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** Keys are encodeKey'd ids; the ids we use (uuids, test tokens) contain nothing it escapes. */
function decodeCaseId(rowKey: string): string {
  const id = rowKey.slice(MARKER.length);
  return /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : '';
}
