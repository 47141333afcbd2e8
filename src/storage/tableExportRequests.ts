/**
 * Offered exports in the `exports` table: PartitionKey = tenant, RowKey = request id. A row is a few
 * hundred bytes and is kept after the export as its record (who asked, what, how many rows); the audit
 * log holds the same facts, so an operator may empty this table at any time without losing history.
 * Requests: create 1, get 1, update 1.
 */
import type { TableClient } from '@azure/data-tables';
import { ConcurrencyError, type ExportRequest, type ExportRequests, type Versioned } from '../app/ports';
import { requireEtag } from './tableCaseRepository';
import { encodeKey, fromJsonColumns, mapError, statusOf, toJsonColumns } from './tableSupport';

export class TableExportRequests implements ExportRequests {
  constructor(private readonly table: TableClient) {}

  private entity(request: ExportRequest) {
    return { partitionKey: encodeKey(request.tenantId), rowKey: encodeKey(request.id), ...toJsonColumns('export', request) };
  }

  async create(request: ExportRequest): Promise<void> {
    try {
      await this.table.createEntity(this.entity(request));
    } catch (err) {
      if (statusOf(err) === 409) throw new ConcurrencyError('export request');
      throw mapError('export create', err);
    }
  }

  async get(tenantId: string, id: string): Promise<Versioned<ExportRequest> | null> {
    try {
      const row = await this.table.getEntity<Record<string, unknown>>(encodeKey(tenantId), encodeKey(id));
      const value = fromJsonColumns<ExportRequest>(row);
      // defence in depth: a row of another tenant is not this tenant's request
      return value.tenantId === tenantId && value.id === id ? { value, etag: requireEtag(row.etag) } : null;
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw mapError('export get', err);
    }
  }

  async update(request: ExportRequest, etag: string): Promise<Versioned<ExportRequest>> {
    try {
      const response = await this.table.updateEntity(this.entity(request), 'Replace', { etag });
      return { value: request, etag: requireEtag(response.etag) };
    } catch (err) {
      const status = statusOf(err);
      if (status === 412 || status === 404) throw new ConcurrencyError('export request');
      throw mapError('export update', err);
    }
  }
}
