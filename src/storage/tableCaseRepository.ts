/**
 * Cases in Table Storage. PartitionKey = `<tenant>|<shard>` with 64 shards by a hash of the case id,
 * RowKey = case id (both key-encoded). A tenant's register is one key range (its queries scan it), and
 * no partition grows with the register: point reads stay cheap in Azure and in the embedded Azurite,
 * whose lookups scan a whole partition.
 * Queryable columns: number, status, reporterAadId, reportedAt; the whole case as JSON in
 * `data` (or `data0..dataN-1` when longer than 30 000 characters; see tableSupport).
 * Requests: create 1, get 1, update 1, listByReporter 1 per 1000 rows, findByNumber 1.
 */
import { odata, type TableClient, type TableEntityResult } from '@azure/data-tables';
import { ConcurrencyError, type CaseRepository, type Versioned } from '../app/ports';
import { formatCaseNumber, parseCaseNumber, type BreachCase } from '../domain/case';
import { encodeKey, fromJsonColumns, mapError, statusOf, toJsonColumns } from './tableSupport';

type CaseRow = Record<string, unknown>;

export class TableCaseRepository implements CaseRepository {
  constructor(private readonly table: TableClient) {}

  async create(breachCase: BreachCase): Promise<'created' | 'exists'> {
    const entity = toEntity(breachCase);
    try {
      await this.table.createEntity(entity);
      return 'created';
    } catch (err) {
      if (statusOf(err) === 409) return 'exists';
      throw mapError('case create', err);
    }
  }

  async get(tenantId: string, id: string): Promise<Versioned<BreachCase> | null> {
    try {
      const row = await this.table.getEntity<CaseRow>(casePartition(tenantId, id), encodeKey(id));
      return fromRow(row);
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw mapError('case get', err);
    }
  }

  async update(breachCase: BreachCase, etag: string): Promise<Versioned<BreachCase>> {
    const entity = toEntity(breachCase);
    try {
      const response = await this.table.updateEntity(entity, 'Replace', { etag });
      return { value: breachCase, etag: requireEtag(response.etag) };
    } catch (err) {
      // 412: someone wrote first. 404: the case is gone, so the etag cannot be current either.
      const status = statusOf(err);
      if (status === 412 || status === 404) throw new ConcurrencyError(`case ${breachCase.number}`);
      throw mapError('case update', err);
    }
  }

  /** Newest first (by reportedAt). */
  async listByReporter(tenantId: string, reporterAadId: string): Promise<BreachCase[]> {
    const rows = await this.query(
      odata`PartitionKey ge ${tenantFrom(tenantId)} and PartitionKey lt ${tenantTo(tenantId)} and reporterAadId eq ${reporterAadId}`,
      'case list',
    );
    return rows
      .map((row) => row.value)
      // defence in depth: a store that ignored the filter must not leak others' cases
      .filter((c) => c.tenantId === tenantId && c.reporter.aadObjectId === reporterAadId)
      .sort((a, b) => (a.reportedAt < b.reportedAt ? 1 : a.reportedAt > b.reportedAt ? -1 : 0));
  }

  /** Accepts any spelling parseCaseNumber accepts (e.g. lower case), else matches exactly. */
  async findByNumber(tenantId: string, number: string): Promise<Versioned<BreachCase> | null> {
    const parsed = parseCaseNumber(number);
    const wanted = parsed ? formatCaseNumber(parsed.year, parsed.sequence) : number.trim();
    const rows = await this.query(odata`PartitionKey ge ${tenantFrom(tenantId)} and PartitionKey lt ${tenantTo(tenantId)} and number eq ${wanted}`, 'case find');
    return rows.find((row) => row.value.tenantId === tenantId && row.value.number === wanted) ?? null;
  }

  private async query(filter: string, operation: string): Promise<Versioned<BreachCase>[]> {
    const result: Versioned<BreachCase>[] = [];
    try {
      for await (const row of this.table.listEntities<CaseRow>({ queryOptions: { filter } })) {
        result.push(fromRow(row));
      }
    } catch (err) {
      throw mapError(operation, err);
    }
    return result;
  }
}

const SHARDS = 256;

/** FNV-1a over the id: stable, spread evenly for uuids and anything else. */
function shardOf(id: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % SHARDS).toString(16).padStart(2, '0');
}

export function casePartition(tenantId: string, id: string): string {
  return `${encodeKey(tenantId)}|${shardOf(id)}`;
}

/** Every partition of a tenant lies in [tenantFrom, tenantTo): '|' < shard digits < '~'. */
const tenantFrom = (tenantId: string) => `${encodeKey(tenantId)}|`;
const tenantTo = (tenantId: string) => `${encodeKey(tenantId)}|~`;

/** The entity as stored; exported for tools that load many cases at once (benchmarks). */
export function toEntity(breachCase: BreachCase) {
  return {
    partitionKey: casePartition(breachCase.tenantId, breachCase.id),
    rowKey: encodeKey(breachCase.id),
    number: breachCase.number,
    status: breachCase.status,
    reporterAadId: breachCase.reporter.aadObjectId,
    reportedAt: breachCase.reportedAt,
    ...toJsonColumns('case', breachCase),
  };
}

function fromRow(row: TableEntityResult<CaseRow>): Versioned<BreachCase> {
  return { value: fromJsonColumns<BreachCase>(row), etag: requireEtag(row.etag) };
}

export function requireEtag(etag: string | undefined): string {
  if (!etag) throw new Error('table storage returned no etag');
  return etag;
}
