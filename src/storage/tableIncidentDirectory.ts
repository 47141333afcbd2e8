/**
 * The tenant's active known incidents in the `incidents` table: PartitionKey = tenant, RowKey = case id.
 * A row is a title and a number (no personal data: the title is public within the tenant and masked);
 * the case is the truth and this listing follows it (IncidentDirectory). Requests: active 1 (a tenant
 * has a handful at most), sync 1.
 */
import { odata, type TableClient } from '@azure/data-tables';
import type { IncidentDirectory, ListedIncident } from '../app/ports';
import type { BreachCase } from '../domain/case';
import { activeIncident } from '../domain/caseWork';
import { encodeKey, mapError, statusOf } from './tableSupport';

type Row = { title?: unknown; number?: unknown; caseId?: unknown; declaredAt?: unknown };

export class TableIncidentDirectory implements IncidentDirectory {
  constructor(private readonly table: TableClient) {}

  async active(tenantId: string): Promise<ListedIncident[]> {
    const found: ListedIncident[] = [];
    try {
      const rows = this.table.listEntities<Row>({ queryOptions: { filter: odata`PartitionKey eq ${encodeKey(tenantId)}` } });
      for await (const row of rows) {
        if (typeof row.title !== 'string' || typeof row.number !== 'string' || typeof row.caseId !== 'string') continue;
        found.push({ tenantId, caseId: row.caseId, number: row.number, title: row.title, declaredAt: typeof row.declaredAt === 'string' ? row.declaredAt : '' });
      }
    } catch (err) {
      throw mapError('incidents list', err);
    }
    // Newest first: the incident most likely meant is the one that just began.
    return found.sort((a, b) => b.declaredAt.localeCompare(a.declaredAt));
  }

  async sync(c: BreachCase): Promise<void> {
    const incident = activeIncident(c.work);
    const keys = { partitionKey: encodeKey(c.tenantId), rowKey: encodeKey(c.id) };
    try {
      if (incident) {
        await this.table.upsertEntity({ ...keys, caseId: c.id, number: c.number, title: incident.title, declaredAt: incident.declaredAt }, 'Replace');
      } else {
        await this.table.deleteEntity(keys.partitionKey, keys.rowKey);
      }
    } catch (err) {
      if (!incident && statusOf(err) === 404) return;
      throw mapError('incidents sync', err);
    }
  }
}
