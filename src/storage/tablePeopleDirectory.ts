/**
 * People who have Brudvagt as a personal app (src/app/peopleDirectory.ts) in the `people` table:
 * PartitionKey = tenant, RowKey = Entra object id (lower-cased). Columns: the Teams user id, name, mail and
 * UPN (lower-cased, so a typed mail is matched with an equality filter within the tenant's partition),
 * locale, the 1:1 chat's address and the manager the person named last (JSON). Merge upserts: an install
 * and a report each write what they know without reading first.
 */
import { odata, type TableClient } from '@azure/data-tables';
import type { PeopleDirectory, PersonEntry } from '../app/peopleDirectory';
import type { ConversationAddress } from '../domain/case';
import type { ManagerRef } from '../domain/nearestManager';
import { encodeKey, mapError, statusOf } from './tableSupport';

type Row = Record<string, unknown>;

const str = (v: unknown) => (typeof v === 'string' ? v : '');

function parse<T>(v: unknown): T | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  try {
    return JSON.parse(v) as T;
  } catch {
    return undefined;
  }
}

export class TablePeopleDirectory implements PeopleDirectory {
  constructor(private readonly table: TableClient) {}

  private keys(tenantId: string, aadObjectId: string) {
    return { partitionKey: encodeKey(tenantId), rowKey: encodeKey(aadObjectId.toLowerCase()) };
  }

  private entry(tenantId: string, row: Row): PersonEntry {
    const locale = row.locale === 'en' || row.locale === 'da' ? row.locale : undefined;
    const address = parse<ConversationAddress>(row.address);
    const manager = parse<ManagerRef>(row.manager);
    return {
      tenantId,
      aadObjectId: str(row.aadObjectId),
      teamsUserId: str(row.teamsUserId),
      name: str(row.name),
      email: str(row.email),
      userPrincipalName: str(row.userPrincipalName),
      ...(locale ? { locale } : {}),
      ...(address && address.conversationId ? { address } : {}),
      ...(manager ? { manager, managerAt: str(row.managerAt) } : {}),
    };
  }

  async get(tenantId: string, aadObjectId: string): Promise<PersonEntry | null> {
    const k = this.keys(tenantId, aadObjectId);
    try {
      const row = await this.table.getEntity<Row>(k.partitionKey, k.rowKey);
      return this.entry(tenantId, row);
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw mapError('people get', err);
    }
  }

  async findByMail(tenantId: string, mail: string): Promise<PersonEntry | null> {
    const m = mail.trim().toLowerCase();
    if (m === '') return null;
    try {
      const filter = odata`PartitionKey eq ${encodeKey(tenantId)} and (email eq ${m} or userPrincipalName eq ${m})`;
      for await (const row of this.table.listEntities<Row>({ queryOptions: { filter } })) {
        const e = this.entry(tenantId, row);
        if (e.address) return e;
      }
      return null;
    } catch (err) {
      throw mapError('people findByMail', err);
    }
  }

  async remember(entry: Pick<PersonEntry, 'tenantId' | 'aadObjectId'> & Partial<PersonEntry>): Promise<void> {
    const columns: Row = { aadObjectId: entry.aadObjectId.toLowerCase() };
    if (entry.teamsUserId !== undefined) columns.teamsUserId = entry.teamsUserId;
    if (entry.name !== undefined) columns.name = entry.name;
    if (entry.email !== undefined) columns.email = entry.email.toLowerCase();
    if (entry.userPrincipalName !== undefined) columns.userPrincipalName = entry.userPrincipalName.toLowerCase();
    if (entry.locale !== undefined) columns.locale = entry.locale;
    if (entry.address !== undefined) columns.address = JSON.stringify(entry.address);
    if (entry.manager !== undefined) columns.manager = JSON.stringify(entry.manager);
    try {
      await this.table.upsertEntity({ ...this.keys(entry.tenantId, entry.aadObjectId), ...columns }, 'Merge');
    } catch (err) {
      throw mapError('people remember', err);
    }
  }

  async rememberManager(tenantId: string, aadObjectId: string, manager: ManagerRef | null, at: string): Promise<void> {
    try {
      // An update, not an upsert: a row exists only for someone who has the app (see PeopleDirectory).
      await this.table.updateEntity({ ...this.keys(tenantId, aadObjectId), manager: manager ? JSON.stringify(manager) : '', managerAt: manager ? at : '' }, 'Merge');
    } catch (err) {
      if (statusOf(err) === 404) return;
      throw mapError('people rememberManager', err);
    }
  }

  async forgetManagerUpTo(tenantId: string, aadObjectId: string, reportedAt: string): Promise<void> {
    const row = await this.get(tenantId, aadObjectId);
    if (row?.manager && (row.managerAt ?? '') <= reportedAt) await this.rememberManager(tenantId, aadObjectId, null, '');
  }

  async forget(tenantId: string, aadObjectId: string): Promise<void> {
    const k = this.keys(tenantId, aadObjectId);
    try {
      await this.table.deleteEntity(k.partitionKey, k.rowKey);
    } catch (err) {
      if (statusOf(err) === 404) return;
      throw mapError('people forget', err);
    }
  }
}
