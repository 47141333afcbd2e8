/**
 * Cases in Table Storage. PartitionKey = tenantId, RowKey = case id (both key-encoded).
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
      const row = await this.table.getEntity<CaseRow>(encodeKey(tenantId), encodeKey(id));
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
      odata`PartitionKey eq ${encodeKey(tenantId)} and reporterAadId eq ${reporterAadId}`,
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
    const rows = await this.query(odata`PartitionKey eq ${encodeKey(tenantId)} and number eq ${wanted}`, 'case find');
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

function toEntity(breachCase: BreachCase) {
  return {
    partitionKey: encodeKey(breachCase.tenantId),
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
