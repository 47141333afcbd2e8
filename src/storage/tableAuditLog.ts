/**
 * The append-only audit log. PartitionKey = `${tenantId}|${caseId}` (each key-encoded, so
 * listForCase is one partition query), RowKey = `at` as 15-digit epoch milliseconds, a
 * per-process sequence and a random suffix: sortable, and never colliding. Rows are only ever
 * created, except by retention's forgetActor, which rewrites the actor of a reporter's rows of an
 * anonymized case (see AuditLog); nothing is deleted. Columns hold the AuditEntry fields;
 * `detail` is short by contract and never report content.
 * Requests: append 1, listForCase 1 per 1000 rows.
 */
import { randomBytes } from 'node:crypto';
import { odata, type TableClient } from '@azure/data-tables';
import { ANONYMIZED_REPORTER, type AuditEntry, type AuditLog } from '../app/ports';
import { encodeKey, mapError } from './tableSupport';

let sequence = 0;

export function auditPartitionKey(tenantId: string, caseId: string): string {
  return `${encodeKey(tenantId)}|${encodeKey(caseId)}`;
}

export function auditRowKey(at: string): string {
  let ms = Date.parse(at);
  if (!Number.isFinite(ms) || ms < 0) ms = Date.now();
  sequence = (sequence + 1) % 0x100000000;
  return `${String(ms).padStart(15, '0')}-${sequence.toString(16).padStart(8, '0')}-${randomBytes(6).toString('hex')}`;
}

interface AuditRow {
  at: string;
  tenantId: string;
  actorAadId: string;
  actorName: string;
  action: string;
  caseId: string;
  outcome: string;
  detail?: string;
}

export class TableAuditLog implements AuditLog {
  constructor(private readonly table: TableClient) {}

  async append(entry: AuditEntry): Promise<void> {
    const row: AuditRow & { partitionKey: string; rowKey: string } = {
      partitionKey: auditPartitionKey(entry.tenantId, entry.caseId),
      rowKey: auditRowKey(entry.at),
      at: entry.at,
      tenantId: entry.tenantId,
      actorAadId: entry.actorAadId,
      actorName: entry.actorName,
      action: entry.action,
      caseId: entry.caseId,
      outcome: entry.outcome,
    };
    if (entry.detail !== undefined) row.detail = entry.detail;
    try {
      await this.table.createEntity(row);
    } catch (err) {
      throw mapError('audit append', err);
    }
  }

  /**
   * The tenant's audit rows with `at` in [from, to) (the audit export), streamed. A scan of the tenant's
   * key range with `at` filtered by the service: its cost follows the tenant's audit table, not the period,
   * which is acceptable for a request a DPO makes a few times a year (README, "The register").
   */
  async *listForPeriod(tenantId: string, from: Date, to: Date): AsyncIterable<AuditEntry> {
    const prefix = `${encodeKey(tenantId)}|`;
    const filter = odata`PartitionKey ge ${prefix} and PartitionKey lt ${`${encodeKey(tenantId)}}`} and at ge ${from.toISOString()} and at lt ${to.toISOString()}`;
    try {
      for await (const row of this.table.listEntities<AuditRow>({ queryOptions: { filter } })) {
        if (row.tenantId === tenantId) yield entryOf(row);
      }
    } catch (err) {
      throw mapError('audit scan', err);
    }
  }

  async forgetActor(tenantId: string, caseId: string, actorAadId: string): Promise<number> {
    const filter = odata`PartitionKey eq ${auditPartitionKey(tenantId, caseId)}`;
    let forgotten = 0;
    try {
      for await (const row of this.table.listEntities<AuditRow>({ queryOptions: { filter } })) {
        if (row.actorAadId !== actorAadId || row.tenantId !== tenantId || row.caseId !== caseId) continue;
        await this.table.updateEntity(
          { partitionKey: row.partitionKey!, rowKey: row.rowKey!, actorAadId: ANONYMIZED_REPORTER.aadObjectId, actorName: ANONYMIZED_REPORTER.name },
          'Merge',
        );
        forgotten += 1;
      }
    } catch (err) {
      throw mapError('audit forget', err);
    }
    return forgotten;
  }

  /** Chronological (RowKey order, which Table Storage returns ascending). */
  async listForCase(tenantId: string, caseId: string): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    const filter = odata`PartitionKey eq ${auditPartitionKey(tenantId, caseId)}`;
    try {
      for await (const row of this.table.listEntities<AuditRow>({ queryOptions: { filter } })) {
        const entry = entryOf(row);
        // defence in depth: only this case's rows, even from a store that ignored the filter
        if (entry.tenantId === tenantId && entry.caseId === caseId) entries.push(entry);
      }
    } catch (err) {
      throw mapError('audit list', err);
    }
    return entries;
  }
}

function entryOf(row: AuditRow): AuditEntry {
  const entry: AuditEntry = {
    at: row.at,
    tenantId: row.tenantId,
    actorAadId: row.actorAadId,
    actorName: row.actorName,
    action: row.action,
    caseId: row.caseId,
    outcome: row.outcome === 'refused' ? 'refused' : 'allowed',
  };
  if (typeof row.detail === 'string') entry.detail = row.detail;
  return entry;
}
