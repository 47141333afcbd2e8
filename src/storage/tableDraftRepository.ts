/**
 * Drafts in Table Storage: one per reporter. PartitionKey = tenantId, RowKey = reporterAadId
 * (key-encoded). The fields a card submit changes are their own columns, so `patch` is one
 * Merge with If-Match and no read:
 *   stage, updatedAt, caseNumber   plain strings
 *   values, errors                 JSON (values chunked when long, see tableSupport)
 *   data                           JSON of the rest (ids, locale, reporter, address, createdAt)
 * Requests: get 1, create 1, replace 1, patch 1, delete 1.
 */
import type { TableClient } from '@azure/data-tables';
import { ConcurrencyError, type Draft, type DraftPatch, type DraftRepository, type Versioned } from '../app/ports';
import { encodeKey, fromJsonColumns, mapError, statusOf, toJsonColumns } from './tableSupport';
import { requireEtag } from './tableCaseRepository';

/** Raw card values may be long (no server-side maxLength): up to 12 chunks ≈ 360 000 characters. */
const VALUES_MAX_CHUNKS = 12;

type DraftBase = Omit<Draft, 'stage' | 'values' | 'errors' | 'updatedAt' | 'caseNumber'>;

export class TableDraftRepository implements DraftRepository {
  constructor(private readonly table: TableClient) {}

  async get(tenantId: string, reporterAadId: string): Promise<Versioned<Draft> | null> {
    try {
      const row = await this.table.getEntity<Record<string, unknown>>(encodeKey(tenantId), encodeKey(reporterAadId));
      return { value: fromRow(row), etag: requireEtag(row.etag) };
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw mapError('draft get', err);
    }
  }

  async create(draft: Draft): Promise<Versioned<Draft> | null> {
    const entity = toEntity(draft);
    try {
      const response = await this.table.createEntity(entity);
      return { value: draft, etag: requireEtag(response.etag) };
    } catch (err) {
      if (statusOf(err) === 409) return null;
      throw mapError('draft create', err);
    }
  }

  async replace(draft: Draft, etag: string): Promise<Versioned<Draft>> {
    const entity = toEntity(draft);
    try {
      const response = await this.table.updateEntity(entity, 'Replace', { etag });
      return { value: draft, etag: requireEtag(response.etag) };
    } catch (err) {
      throw conflictOr('draft replace', err);
    }
  }

  async patch(tenantId: string, reporterAadId: string, fields: DraftPatch, etag: string): Promise<string> {
    const entity = {
      partitionKey: encodeKey(tenantId),
      rowKey: encodeKey(reporterAadId),
      ...patchColumns(fields),
    };
    try {
      const response = await this.table.updateEntity(entity, 'Merge', { etag });
      return requireEtag(response.etag);
    } catch (err) {
      throw conflictOr('draft patch', err);
    }
  }

  async delete(tenantId: string, reporterAadId: string, etag?: string): Promise<void> {
    try {
      await this.table.deleteEntity(encodeKey(tenantId), encodeKey(reporterAadId), etag ? { etag } : {});
    } catch (err) {
      const status = statusOf(err);
      if (status === 404) return;
      if (status === 412) throw new ConcurrencyError('draft');
      throw mapError('draft delete', err);
    }
  }
}

/** 412: someone wrote first. 404: deleted meanwhile (e.g. confirmed elsewhere): the etag is not current. */
function conflictOr(operation: string, err: unknown): Error {
  const status = statusOf(err);
  if (status === 412 || status === 404) return new ConcurrencyError('draft');
  return mapError(operation, err);
}

function patchColumns(fields: DraftPatch): Record<string, string | number> {
  const columns: Record<string, string | number> = {};
  if (fields.stage !== undefined) columns.stage = fields.stage;
  if (fields.updatedAt !== undefined) columns.updatedAt = fields.updatedAt;
  if (fields.caseNumber !== undefined) columns.caseNumber = fields.caseNumber;
  if (fields.values !== undefined) Object.assign(columns, toJsonColumns('draft values', fields.values, 'values', VALUES_MAX_CHUNKS));
  if (fields.errors !== undefined) Object.assign(columns, toJsonColumns('draft errors', fields.errors, 'errors', 1));
  return columns;
}

function toEntity(draft: Draft) {
  const { stage, values, errors, updatedAt, caseNumber, ...base } = draft;
  return {
    partitionKey: encodeKey(draft.tenantId),
    rowKey: encodeKey(draft.reporterAadId),
    ...patchColumns({ stage, values, errors, updatedAt, caseNumber }),
    ...toJsonColumns('draft', base satisfies DraftBase),
  };
}

function fromRow(row: Record<string, unknown>): Draft {
  const base = fromJsonColumns<DraftBase>(row);
  const draft: Draft = {
    ...base,
    stage: row.stage as Draft['stage'],
    values: fromJsonColumns<Draft['values']>(row, 'values'),
    errors: fromJsonColumns<Draft['errors']>(row, 'errors'),
    updatedAt: String(row.updatedAt),
  };
  if (typeof row.caseNumber === 'string') draft.caseNumber = row.caseNumber;
  return draft;
}
