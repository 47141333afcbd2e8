/**
 * Routing: which channel serves which unit. PartitionKey = tenantId, RowKey = unit id; the central
 * group's channel is the row `_central`. One partition query lists a tenant's routing.
 */
import { isReservedUnitId } from '../domain/unit';
import type { TableClient } from '@azure/data-tables';
import type { Unit, UnitDirectory, UnitRegistration } from '../app/ports';
import { encodeKey, fromJsonColumns, mapError, statusOf, toJsonColumns } from './tableSupport';

export class TableUnitDirectory implements UnitDirectory {
  constructor(private readonly table: TableClient) {}

  async list(tenantId: string): Promise<Unit[]> {
    return (await this.all(tenantId))
      .filter((u) => !isReservedUnitId(u.id))
      .map((u) => ({ id: u.id, name: u.name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'da'));
  }

  async all(tenantId: string): Promise<UnitRegistration[]> {
    const result: UnitRegistration[] = [];
    try {
      const pk = encodeKey(tenantId);
      for await (const row of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq '${pk}'` } })) {
        const unit = fromJsonColumns<UnitRegistration>(row);
        if (unit.tenantId === tenantId) result.push(unit);
      }
    } catch (err) {
      throw mapError('units list', err);
    }
    return result;
  }

  async get(tenantId: string, unitId: string): Promise<UnitRegistration | null> {
    try {
      return fromJsonColumns<UnitRegistration>(await this.table.getEntity(encodeKey(tenantId), encodeKey(unitId)));
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw mapError('unit get', err);
    }
  }

  async save(registration: UnitRegistration): Promise<void> {
    try {
      await this.table.upsertEntity(
        { partitionKey: encodeKey(registration.tenantId), rowKey: encodeKey(registration.id), ...toJsonColumns('unit', registration) },
        'Replace',
      );
    } catch (err) {
      throw mapError('unit save', err);
    }
  }

  async remove(tenantId: string, unitId: string): Promise<boolean> {
    try {
      await this.table.deleteEntity(encodeKey(tenantId), encodeKey(unitId));
      return true;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      throw mapError('unit remove', err);
    }
  }
}
