/** One row per tenant in the `reviews` table: PartitionKey = tenantId, RowKey `access`. */
import type { TableClient } from '@azure/data-tables';
import { ConcurrencyError, type AccessReviewState, type AccessReviewStore, type Versioned } from '../app/ports';
import { requireEtag } from './tableCaseRepository';
import { encodeKey, fromJsonColumns, mapError, statusOf, toJsonColumns } from './tableSupport';

const ROW = 'access';

export class TableAccessReviewStore implements AccessReviewStore {
  constructor(private readonly table: TableClient) {}

  async get(tenantId: string): Promise<Versioned<AccessReviewState> | null> {
    try {
      const row = await this.table.getEntity<Record<string, unknown>>(encodeKey(tenantId), ROW);
      return { value: fromJsonColumns<AccessReviewState>(row), etag: requireEtag(row.etag) };
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw mapError('review get', err);
    }
  }

  async save(state: AccessReviewState, etag: string | null): Promise<void> {
    const entity = { partitionKey: encodeKey(state.tenantId), rowKey: ROW, ...toJsonColumns('review', state) };
    try {
      if (etag === null) await this.table.createEntity(entity);
      else await this.table.updateEntity(entity, 'Replace', { etag });
    } catch (err) {
      const status = statusOf(err);
      if (status === 409 || status === 412 || status === 404) throw new ConcurrencyError('access review');
      throw mapError('review save', err);
    }
  }
}
