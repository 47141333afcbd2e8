/**
 * GET /healthz: one cheap request (the first row of the counters table, PartitionKey only)
 * with a 1 s timeout, so a load balancer sees 503 within about a second of an outage and 200
 * on the first probe after recovery. Use a client without retries (TableClients.probe). Never throws.
 */
import type { TableClient } from '@azure/data-tables';
import type { HealthProbe } from '../app/ports';

export class TableHealthProbe implements HealthProbe {
  constructor(
    private readonly table: TableClient,
    private readonly timeoutMs = 1000,
  ) {}

  async ping(): Promise<boolean> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    timer.unref();
    try {
      const pages = this.table
        .listEntities({ queryOptions: { select: ['PartitionKey'] }, abortSignal: controller.signal })
        .byPage({ maxPageSize: 1 });
      await pages.next();
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
