/**
 * The central group's merged spellings (issue 18 part 4), in the `register` table beside the index they
 * change the reading of: PartitionKey `<tenant>|names` (the index's partitions are `<tenant>|<year>`, so
 * no index query meets these rows), RowKey `<kind>|<from key>`, the merge as JSON. A tenant's merges are
 * one partition query; they change a few times a year, so an instance keeps them for `ttlMs` (a merge
 * through this instance is seen at once, through another within ttlMs; default 30 s, like the routing).
 */
import type { TableClient } from '@azure/data-tables';
import type { NameAliases } from '../app/ports';
import { NAME_KINDS, type NameAlias, type NameKind } from '../domain/register/nameAliases';
import { asciiJson, encodeKey, mapError, statusOf } from './tableSupport';

const partitionOf = (tenantId: string): string => `${encodeKey(tenantId)}|names`;
const rowOf = (kind: NameKind, fromKey: string): string => `${kind}|${encodeKey(fromKey)}`;

export class TableNameAliases implements NameAliases {
  private readonly cache = new Map<string, { at: number; aliases: Promise<NameAlias[]> }>();

  constructor(
    private readonly table: TableClient,
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  list(tenantId: string): Promise<NameAlias[]> {
    const hit = this.cache.get(tenantId);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.aliases;
    const aliases = this.read(tenantId);
    this.cache.set(tenantId, { at: this.now(), aliases });
    aliases.catch(() => this.cache.delete(tenantId));
    return aliases;
  }

  private async read(tenantId: string): Promise<NameAlias[]> {
    const out: NameAlias[] = [];
    try {
      const pk = partitionOf(tenantId).replace(/'/g, "''");
      for await (const row of this.table.listEntities<{ alias?: string }>({ queryOptions: { filter: `PartitionKey eq '${pk}'`, select: ['alias'] } })) {
        const alias = parseAlias(row.alias);
        if (alias) out.push(alias);
      }
    } catch (err) {
      throw mapError('names list', err);
    }
    return out;
  }

  async save(tenantId: string, alias: NameAlias): Promise<void> {
    this.cache.delete(tenantId);
    try {
      await this.table.upsertEntity({ partitionKey: partitionOf(tenantId), rowKey: rowOf(alias.kind, alias.fromKey), alias: asciiJson(alias) }, 'Replace');
    } catch (err) {
      throw mapError('names save', err);
    } finally {
      this.cache.delete(tenantId);
    }
  }

  async remove(tenantId: string, kind: NameKind, fromKey: string): Promise<NameAlias | null> {
    this.cache.delete(tenantId);
    try {
      const row = await this.table.getEntity<{ alias?: string }>(partitionOf(tenantId), rowOf(kind, fromKey));
      await this.table.deleteEntity(partitionOf(tenantId), rowOf(kind, fromKey));
      return parseAlias(row.alias);
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw mapError('names remove', err);
    } finally {
      this.cache.delete(tenantId);
    }
  }
}

/** A stored merge, checked: anything else is skipped, never trusted. */
function parseAlias(json: string | undefined): NameAlias | null {
  if (typeof json !== 'string') return null;
  try {
    const a = JSON.parse(json) as Partial<NameAlias>;
    if (!NAME_KINDS.includes(a.kind as NameKind) || typeof a.fromKey !== 'string' || typeof a.toKey !== 'string' || a.fromKey === '' || a.toKey === '') return null;
    return { kind: a.kind as NameKind, fromKey: a.fromKey, toKey: a.toKey, fromName: String(a.fromName ?? ''), toName: String(a.toName ?? ''), by: String(a.by ?? ''), at: String(a.at ?? '') };
  } catch {
    return null;
  }
}
