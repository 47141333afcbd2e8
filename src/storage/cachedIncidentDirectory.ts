import type { IncidentDirectory, ListedIncident } from '../app/ports';
import type { BreachCase } from '../domain/case';

/**
 * The report form asks about the tenant's active known incidents on every `anmeld`: during a surge that
 * is hundreds of identical queries a minute (issue 16: a confirmed report at most 8 Table requests). The
 * listing is kept for `ttlMs` per tenant in this process. A change made through this instance is seen at
 * once; one made through another instance within ttlMs (default 5 s): a reporter of that instance is then
 * shown the full form, and the coordinators can still link the report after the fact. An incident that
 * ended meanwhile is caught when the reporter picks it (the tie reads the case: reportKnownIncident.ts).
 */
export class CachedIncidentDirectory implements IncidentDirectory {
  private readonly cache = new Map<string, { at: number; listed: Promise<ListedIncident[]> }>();

  constructor(
    private readonly inner: IncidentDirectory,
    private readonly ttlMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  active(tenantId: string): Promise<ListedIncident[]> {
    const hit = this.cache.get(tenantId);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.listed;
    const listed = this.inner.active(tenantId);
    this.cache.set(tenantId, { at: this.now(), listed });
    listed.catch(() => this.cache.delete(tenantId));
    return listed;
  }

  async sync(c: BreachCase): Promise<void> {
    this.cache.delete(c.tenantId);
    await this.inner.sync(c);
    this.cache.delete(c.tenantId);
  }
}
