/**
 * Case sequence numbers: one counter row per tenant and year (PartitionKey = tenantId,
 * RowKey = year, column `last` = the last number handed out). Read, then write last+1
 * with If-Match; a 412 (or 409 on the very first number) means another instance won:
 * back off with jitter and try again. In one process allocations are queued per counter and the
 * last written ETag is tried first: 1 request when this instance wrote last, else 2 (get + update).
 */
import type { TableClient } from '@azure/data-tables';
import { ConcurrencyError, type CaseNumberAllocator } from '../app/ports';
import { encodeKey, mapError, statusOf } from './tableSupport';

interface CounterRow {
  last: number;
}

export interface AllocatorOptions {
  /** Default 50. */
  maxAttempts?: number;
  /** Upper bound of the first backoff, doubled each attempt up to maxDelayMs. Default 5 ms. */
  baseDelayMs?: number;
  /** Default 200 ms. */
  maxDelayMs?: number;
}

export class TableCaseNumberAllocator implements CaseNumberAllocator {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly table: TableClient,
    options: AllocatorOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 50;
    // About one round trip: collisions now only happen between instances, which need real spacing.
    this.baseDelayMs = options.baseDelayMs ?? 20;
    this.maxDelayMs = options.maxDelayMs ?? 200;
  }

  /** Allocations of one counter in this process run one after another: only other instances can collide. */
  private readonly queues = new Map<string, Promise<unknown>>();
  /** The counter as this process last wrote it: try that ETag first and skip the read. */
  private readonly known = new Map<string, { last: number; etag: string }>();

  next(tenantId: string, year: number): Promise<number> {
    if (!Number.isInteger(year) || year < 1000 || year > 9999) return Promise.reject(new Error('invalid year for case number'));
    const key = `${tenantId}|${year}`;
    const run = (this.queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => this.allocate(tenantId, year, key));
    this.queues.set(key, run);
    void run.finally(() => {
      if (this.queues.get(key) === run) this.queues.delete(key);
    }).catch(() => undefined);
    return run;
  }

  private async allocate(tenantId: string, year: number, key: string): Promise<number> {
    const partitionKey = encodeKey(tenantId);
    const rowKey = String(year);
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      if (attempt > 0) await sleep(this.backoff(attempt));
      let current: { last: number; etag: string } | null = attempt === 0 ? (this.known.get(key) ?? null) : null;
      if (!current) {
        try {
          const row = await this.table.getEntity<CounterRow>(partitionKey, rowKey);
          current = { last: Number(row.last), etag: row.etag ?? '' };
        } catch (err) {
          if (statusOf(err) !== 404) throw mapError('counter get', err);
        }
      }
      if (current && (!Number.isSafeInteger(current.last) || current.last < 0 || !current.etag)) {
        throw new Error('corrupt case number counter');
      }
      try {
        if (current === null) {
          const created = await this.table.createEntity({ partitionKey, rowKey, last: 1 });
          if (created.etag) this.known.set(key, { last: 1, etag: created.etag });
          return 1;
        }
        const next = current.last + 1;
        const updated = await this.table.updateEntity({ partitionKey, rowKey, last: next }, 'Replace', { etag: current.etag });
        if (updated.etag) this.known.set(key, { last: next, etag: updated.etag });
        return next;
      } catch (err) {
        const status = statusOf(err);
        if (status === 412 || status === 409 || status === 404) {
          this.known.delete(key); // another instance wrote: read afresh
          continue;
        }
        throw mapError('counter write', err);
      }
    }
    throw new ConcurrencyError('case number counter');
  }

  private backoff(attempt: number): number {
    const cap = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(attempt - 1, 10));
    return Math.random() * cap;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
