import { isReservedUnitId } from '../domain/unit';
import type { Unit, UnitDirectory, UnitRegistration } from '../app/ports';

/**
 * Routing is read on every report turn but changes a few times a year: keep a tenant's routing for
 * `ttlMs` in this process. A change made through this instance is seen at once; one made through
 * another instance within ttlMs (default 30 s). Reports are never lost by a stale list: a unit
 * registered meanwhile is simply offered a little later, and a removed one routes to central.
 */
export class CachedUnitDirectory implements UnitDirectory {
  private readonly cache = new Map<string, { at: number; units: Promise<UnitRegistration[]> }>();

  constructor(
    private readonly inner: UnitDirectory,
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  all(tenantId: string): Promise<UnitRegistration[]> {
    const hit = this.cache.get(tenantId);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.units;
    const units = this.inner.all(tenantId);
    this.cache.set(tenantId, { at: this.now(), units });
    units.catch(() => this.cache.delete(tenantId));
    return units;
  }

  async list(tenantId: string): Promise<Unit[]> {
    return (await this.all(tenantId))
      .filter((u) => !isReservedUnitId(u.id))
      .map((u) => ({ id: u.id, name: u.name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'da'));
  }

  async get(tenantId: string, unitId: string): Promise<UnitRegistration | null> {
    return (await this.all(tenantId)).find((u) => u.id === unitId) ?? null;
  }

  async save(registration: UnitRegistration): Promise<void> {
    this.cache.delete(registration.tenantId);
    await this.inner.save(registration);
    this.cache.delete(registration.tenantId);
  }

  async remove(tenantId: string, unitId: string): Promise<boolean> {
    this.cache.delete(tenantId);
    const removed = await this.inner.remove(tenantId, unitId);
    this.cache.delete(tenantId);
    return removed;
  }
}
