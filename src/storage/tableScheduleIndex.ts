/**
 * The due-index in Table Storage: PartitionKey `due`, RowKey `<dueAt ISO>|<tenant>|<case>`. ISO
 * instants sort as text, so "everything due by now" is one range query on the RowKey, and its cost
 * grows with what is due, not with the number of rows.
 */
import type { TableClient } from '@azure/data-tables';
import type { ScheduleEntry, ScheduleIndex } from '../app/ports';
import { encodeKey, mapError, statusOf } from './tableSupport';

const PARTITION = 'due';

interface Row {
  tenantId: string;
  caseId: string;
  dueAt: string;
}

export class TableScheduleIndex implements ScheduleIndex {
  constructor(private readonly table: TableClient) {}

  async due(now: Date, limit: number): Promise<ScheduleEntry[]> {
    // '|' sorts before '~': every key starting with an instant ≤ now is ≤ `${now}|~`.
    const upper = `${now.toISOString()}|~`;
    const result: ScheduleEntry[] = [];
    try {
      const pages = this.table.listEntities<Row>({ queryOptions: { filter: `PartitionKey eq '${PARTITION}' and RowKey le '${upper}'` } }).byPage({ maxPageSize: Math.min(limit, 1000) });
      for await (const page of pages) {
        for (const row of page) {
          const key = row.rowKey ?? '';
          if (!key || key > upper) continue;
          result.push({ key, tenantId: row.tenantId, caseId: row.caseId, dueAt: row.dueAt });
          if (result.length >= limit) return result;
        }
      }
    } catch (err) {
      throw mapError('schedule due', err);
    }
    return result;
  }

  keyFor(tenantId: string, caseId: string, dueAt: Date): string {
    return `${dueAt.toISOString()}|${encodeKey(tenantId)}|${encodeKey(caseId)}`;
  }

  async put(tenantId: string, caseId: string, dueAt: Date): Promise<string> {
    const key = this.keyFor(tenantId, caseId, dueAt);
    try {
      await this.table.upsertEntity({ partitionKey: PARTITION, rowKey: key, tenantId, caseId, dueAt: dueAt.toISOString() }, 'Replace');
    } catch (err) {
      throw mapError('schedule put', err);
    }
    return key;
  }

  async remove(key: string): Promise<void> {
    try {
      await this.table.deleteEntity(PARTITION, key);
    } catch (err) {
      if (statusOf(err) === 404) return;
      throw mapError('schedule remove', err);
    }
  }
}
