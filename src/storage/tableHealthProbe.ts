/**
 * GET /healthz: one cheap request (the first row of the counters table, PartitionKey only)
 * with a 2 s timeout. Use a client without retries (TableClients.probe). Never throws.
 */
import type { TableClient } from '@azure/data-tables';
import type { HealthProbe } from '../app/ports';

export class TableHealthProbe implements HealthProbe {
  constructor(
    private readonly table: TableClient,
    private readonly timeoutMs = 2000,
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
