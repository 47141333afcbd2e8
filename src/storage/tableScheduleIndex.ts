/**
 * The due-index in Table Storage: PartitionKey `due|<UTC hour of dueAt>`, RowKey `<dueAt ISO>|<tenant>|<case>`.
 * ISO instants sort as text, so "everything due by now" is one range query over the partitions up to this
 * hour and the RowKey: its cost grows with what is due, not with the rows planned for later. Rows left in
 * past partitions are all due, so the sweep empties them; normally only the current hour has rows to skip.
 */
import type { TableClient } from '@azure/data-tables';
import type { ScheduleEntry, ScheduleIndex } from '../app/ports';
import { encodeKey, mapError, statusOf } from './tableSupport';

const PREFIX = 'due|';

/** The partition of a key: the UTC hour its instant starts with ("2026-11-23T09"). */
function partitionOf(key: string): string {
  return PREFIX + key.slice(0, 13);
}

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
      const filter = `PartitionKey ge '${PREFIX}' and PartitionKey le '${partitionOf(upper)}' and RowKey le '${upper}'`;
      const pages = this.table.listEntities<Row>({ queryOptions: { filter } }).byPage({ maxPageSize: Math.min(limit, 1000) });
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
      await this.table.upsertEntity(scheduleEntity(key, tenantId, caseId, dueAt), 'Replace');
    } catch (err) {
      throw mapError('schedule put', err);
    }
    return key;
  }

  async remove(key: string): Promise<void> {
    try {
      await this.table.deleteEntity(partitionOf(key), key);
    } catch (err) {
      if (statusOf(err) === 404) return;
      throw mapError('schedule remove', err);
    }
  }
}

/** The row as stored; exported for tools that load many at once (benchmarks). */
export function scheduleEntity(key: string, tenantId: string, caseId: string, dueAt: Date) {
  return { partitionKey: partitionOf(key), rowKey: key, tenantId, caseId, dueAt: dueAt.toISOString() };
}
