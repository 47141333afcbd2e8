/**
 * Cases in Table Storage. PartitionKey = `<tenant>|<shard>` with 64 shards by a hash of the case id,
 * RowKey = case id (both key-encoded). A tenant's register is one key range (its queries scan it), and
 * no partition grows with the register: point reads stay cheap in Azure and in the embedded Azurite,
 * whose lookups scan a whole partition.
 * Queryable columns: number, status, reporterAadId, reportedAt; the whole case as JSON in
 * `data` (or `data0..dataN-1` when longer than 30 000 characters; see tableSupport).
 * Requests: create 1, get 1, update 1, listByReporter 1 per 1000 rows, findByNumber 1.
 *
 * With a register index (tableRegisterIndex.ts), a write that changes the case's register summary
 * costs 2 more requests: the index's marker before the case, its rows (one transaction) after (a
 * create 1: its rows; see create); a
 * write that leaves the summary as this instance last indexed it (most outbox deliveries) costs
 * none. When this instance does not know which state the rows are in (a restart, another
 * instance's write) the rows of the other state are deleted too: 1 request per scope. An updated
 * case stores the hash of its indexed summary (`registerHash`), so a reader knows it (see remember).
 */
import { createHash } from 'node:crypto';
import { odata, type TableClient, type TableEntityResult } from '@azure/data-tables';
import { ConcurrencyError, type CaseRepository, type Versioned } from '../app/ports';
import { formatCaseNumber, parseCaseNumber, type BreachCase } from '../domain/case';
import { upgradeCase, type StoredCase } from '../domain/caseUpgrade';
import { statusOf as caseStatusOf } from '../domain/caseWork';
import { registerRecord, registerSummary, type RegisterSummary } from '../domain/register/record';
import { rowStateOf, type RowState, type TableRegisterIndex } from './tableRegisterIndex';
import { encodeKey, fromJsonColumns, mapError, statusOf, toJsonColumns } from './tableSupport';

type CaseRow = Record<string, unknown>;

/** How many cases' last indexed summaries an instance remembers (to skip unchanged index writes). */
const INDEXED_MEMORY = 20_000;

export class TableCaseRepository implements CaseRepository {
  /** Per case id: the summary (as JSON) and row state this instance last wrote to the index. */
  private readonly indexed = new Map<string, { json: string; state: RowState }>();

  /**
   * An updated case carries the hash of the summary its index rows were written (or announced) with,
   * so an instance that reads it knows them without asking the index: a write that leaves the summary
   * alone then costs nothing, also on a fresh instance. A create carries none (no marker guards it).
   */
  private remember(row: Record<string, unknown>, id: string): void {
    if (!this.register || typeof row.registerHash !== 'string') return;
    this.remembered(id, { json: row.registerHash, state: row.status === 'closed' ? 'closed' : 'open' });
  }

  private remembered(id: string, value: { json: string; state: RowState }): void {
    this.indexed.delete(id);
    this.indexed.set(id, value);
    if (this.indexed.size > INDEXED_MEMORY) this.indexed.delete(this.indexed.keys().next().value as string);
  }

  constructor(
    private readonly table: TableClient,
    private readonly register?: TableRegisterIndex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(breachCase: BreachCase): Promise<'created' | 'exists'> {
    const entity = toEntity(breachCase);
    // No marker for a new case: every case is written again right after (the claim of its channel post,
    // retried by the sweep after a crash through its due-index row), and that write indexes it when
    // this one could not (a fresh instance does not remember having indexed it).
    const plan = await this.announce(breachCase, 'none', false);
    try {
      await this.table.createEntity(entity);
    } catch (err) {
      // An existing case may have moved on since: its marker stays, and the repair reads the stored case.
      if (statusOf(err) === 409) return 'exists';
      throw mapError('case create', err);
    }
    await this.writeIndex(breachCase.tenantId, plan);
    return 'created';
  }

  async reindex(tenantId: string, caseId: string): Promise<boolean> {
    const found = await this.get(tenantId, caseId);
    if (!found) return false;
    if (!this.register) return true;
    this.indexed.delete(caseId);
    const plan = await this.announce(found.value, undefined, false);
    // The marker that brought us here goes with the rows.
    if (plan) await this.register.write(tenantId, plan.summary, plan.previous, true);
    return true;
  }

  /** Announces the index write this case write owes, unless this instance indexed the same summary. */
  private async announce(c: BreachCase, previous: RowState | 'none' | undefined, mark = true): Promise<IndexPlan | null> {
    const plan = this.plan(c, previous, mark);
    if (plan?.marked) await this.register!.announce(c.tenantId, plan.summary.year, c.id, this.now());
    return plan;
  }

  /** The index write this case write owes (null: none, this instance indexed the same summary). */
  private plan(c: BreachCase, previous: RowState | 'none' | undefined, mark = true): IndexPlan | null {
    if (!this.register) return null;
    const summary = registerSummary(registerRecord(c, this.now()));
    const json = summaryHash(summary);
    const known = this.indexed.get(c.id);
    if (known?.json === json) return null;
    return { summary, json, previous: previous ?? known?.state, marked: mark };
  }

  /**
   * After the case is stored: a failure here must not fail the case write (the caller would retry a
   * write that happened). The marker stays, and the register's repair reindexes the case.
   */
  private async writeIndex(tenantId: string, plan: IndexPlan | null): Promise<void> {
    if (!this.register || !plan) return;
    try {
      await this.register.write(tenantId, plan.summary, plan.previous, plan.marked);
    } catch {
      this.indexed.delete(plan.summary.caseId);
      return;
    }
    this.remembered(plan.summary.caseId, { json: plan.json, state: rowStateOf(plan.summary) });
  }

  async get(tenantId: string, id: string): Promise<Versioned<BreachCase> | null> {
    try {
      const row = await this.table.getEntity<CaseRow>(casePartition(tenantId, id), encodeKey(id));
      const found = fromRow(row);
      this.remember(row, id);
      return found;
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw mapError('case get', err);
    }
  }

  async update(breachCase: BreachCase, etag: string): Promise<Versioned<BreachCase>> {
    // The marker that lets the register's repair find a crash between the case write and its index write is
    // sent beside the case write, not before it (one round trip less on every coordinator's action, issue 16):
    // both requests are on their way before either answer, so a crash after the case landed leaves its marker
    // too, unless the crash came within the moment between the two sends (the known limit). A marker for a
    // write that lost its ETag race only makes the repair reindex the stored case.
    const plan = this.plan(breachCase, undefined);
    const marker = plan?.marked ? this.register!.announce(breachCase.tenantId, plan.summary.year, breachCase.id, this.now()) : undefined;
    marker?.catch(() => undefined); // a failed marker must not fail the case write; the index write follows anyway
    const hash = plan?.json ?? this.indexed.get(breachCase.id)?.json;
    const entity = { ...toEntity(breachCase), ...(this.register && hash ? { registerHash: hash } : {}) };
    try {
      const response = await this.table.updateEntity(entity, 'Replace', { etag });
      // A marker that failed beside a case write that landed is announced again before the index write, so
      // a failing index write still leaves the repair its marker. (Both failing as well: the index stays
      // behind until the case's next change; logged by the caller's store errors.)
      if (marker && !(await marker.then(() => true, () => false))) {
        await this.register!.announce(breachCase.tenantId, plan!.summary.year, breachCase.id, this.now()).catch(() => undefined);
      }
      const saved = { value: breachCase, etag: requireEtag(response.etag) };
      await this.writeIndex(breachCase.tenantId, plan);
      return saved;
    } catch (err) {
      // 412: someone wrote first. 404: the case is gone, so the etag cannot be current either.
      const status = statusOf(err);
      if (status === 412 || status === 404) throw new ConcurrencyError(`case ${breachCase.number}`);
      throw mapError('case update', err);
    }
  }

  /**
   * The index brought up to date with a case read by the start's scan of closed cases (refreshIndex.ts):
   * nothing when the row's `registerHash` says the index holds this summary (the common case: 0 requests);
   * else its rows (1 transaction; no marker, the scan comes again at the next start) and the hash on the case
   * row (1 merge under the ETag read, so a case written meanwhile keeps its own). Heals the rows of cases
   * written before the index held what it holds now (issue 18 part 4: the name keys) once, without an
   * operator. Returns the case's version after it (the same one when nothing was written).
   */
  async refreshIndex(found: Versioned<BreachCase>): Promise<Versioned<BreachCase>> {
    if (!this.register) return found;
    const c = found.value;
    const plan = this.plan(c, undefined, false);
    if (!plan) return found;
    await this.register.write(c.tenantId, plan.summary, plan.previous, false);
    this.remembered(c.id, { json: plan.json, state: rowStateOf(plan.summary) });
    try {
      const response = await this.table.updateEntity({ partitionKey: casePartition(c.tenantId, c.id), rowKey: encodeKey(c.id), registerHash: plan.json }, 'Merge', { etag: found.etag });
      return { value: c, etag: requireEtag(response.etag) };
    } catch (err) {
      const status = statusOf(err);
      if (status === 412 || status === 404) return found;
      throw mapError('case index refresh', err);
    }
  }

  /** Newest first (by reportedAt). */
  async listByReporter(tenantId: string, reporterAadId: string): Promise<BreachCase[]> {
    const rows = await this.query(
      odata`PartitionKey ge ${tenantFrom(tenantId)} and PartitionKey lt ${tenantTo(tenantId)} and reporterAadId eq ${reporterAadId}`,
      'case list',
    );
    return rows
      .map((row) => row.value)
      // defence in depth: a store that ignored the filter must not leak others' cases
      .filter((c) => c.tenantId === tenantId && c.reporter.aadObjectId === reporterAadId)
      .sort((a, b) => (a.reportedAt < b.reportedAt ? 1 : a.reportedAt > b.reportedAt ? -1 : 0));
  }

  /** Accepts any spelling parseCaseNumber accepts (e.g. lower case), else matches exactly. */
  async findByNumber(tenantId: string, number: string): Promise<Versioned<BreachCase> | null> {
    const parsed = parseCaseNumber(number);
    const wanted = parsed ? formatCaseNumber(parsed.year, parsed.sequence) : number.trim();
    const rows = await this.query(odata`PartitionKey ge ${tenantFrom(tenantId)} and PartitionKey lt ${tenantTo(tenantId)} and number eq ${wanted}`, 'case find');
    return rows.find((row) => row.value.tenantId === tenantId && row.value.number === wanted) ?? null;
  }

  /**
   * Every case of the tenant reported in [from, to), streamed page by page (the export): one request
   * per 1000 rows, a key-range scan of the tenant with `reportedAt` filtered by the service.
   */
  async *reportedBetween(tenantId: string, from: Date, to: Date): AsyncIterable<BreachCase> {
    const filter = odata`PartitionKey ge ${tenantFrom(tenantId)} and PartitionKey lt ${tenantTo(tenantId)} and reportedAt ge ${from.toISOString()} and reportedAt lt ${to.toISOString()}`;
    try {
      for await (const row of this.table.listEntities<CaseRow>({ queryOptions: { filter } })) {
        const c = fromRow(row).value;
        // defence in depth, as in listByReporter
        if (c.tenantId === tenantId && c.reportedAt >= from.toISOString() && c.reportedAt < to.toISOString()) yield c;
      }
    } catch (err) {
      throw mapError('case scan', err);
    }
  }

  /** Every closed case of every tenant, streamed (the retention backfill at start; one scan). */
  async *closedCases(): AsyncIterable<Versioned<BreachCase>> {
    try {
      for await (const row of this.table.listEntities<CaseRow>({ queryOptions: { filter: odata`status eq ${'closed'}` } })) {
        const found = fromRow(row);
        // What the index holds for it, so refreshIndex writes only where the summary moved on.
        this.remember(row, found.value.id);
        if (found.value.status === 'closed') yield found;
      }
    } catch (err) {
      throw mapError('case scan', err);
    }
  }

  private async query(filter: string, operation: string): Promise<Versioned<BreachCase>[]> {
    const result: Versioned<BreachCase>[] = [];
    try {
      for await (const row of this.table.listEntities<CaseRow>({ queryOptions: { filter } })) {
        result.push(fromRow(row));
      }
    } catch (err) {
      throw mapError(operation, err);
    }
    return result;
  }
}

export function summaryHash(summary: RegisterSummary): string {
  return createHash('sha1').update(JSON.stringify(summary)).digest('base64');
}

interface IndexPlan {
  summary: RegisterSummary;
  json: string;
  previous: RowState | 'none' | undefined;
  /** A marker was written before the case write (removed with the rows). */
  marked: boolean;
}

const SHARDS = 256;

/** FNV-1a over the id: stable, spread evenly for uuids and anything else. */
function shardOf(id: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % SHARDS).toString(16).padStart(2, '0');
}

export function casePartition(tenantId: string, id: string): string {
  return `${encodeKey(tenantId)}|${shardOf(id)}`;
}

/** Every partition of a tenant lies in [tenantFrom, tenantTo): '|' < shard digits < '~'. */
const tenantFrom = (tenantId: string) => `${encodeKey(tenantId)}|`;
const tenantTo = (tenantId: string) => `${encodeKey(tenantId)}|~`;

/** The entity as stored; exported for tools that load many cases at once (benchmarks). */
export function toEntity(breachCase: BreachCase) {
  return {
    partitionKey: casePartition(breachCase.tenantId, breachCase.id),
    rowKey: encodeKey(breachCase.id),
    number: breachCase.number,
    // The column the queries filter on, written from the record (statusOf) so it cannot drift from it.
    status: caseStatusOf(breachCase.work),
    reporterAadId: breachCase.reporter.aadObjectId,
    reportedAt: breachCase.reportedAt,
    ...toJsonColumns('case', breachCase),
  };
}

/**
 * Every read goes through the domain's upgrade (src/domain/caseUpgrade.ts): rows written by any earlier
 * version (no work, no posts, string timeline details) come out in today's shape, with the status
 * derived from the work. Stored rows are not rewritten: the next update of a case stores the new shape.
 */
function fromRow(row: TableEntityResult<CaseRow>): Versioned<BreachCase> {
  return { value: upgradeCase(fromJsonColumns<StoredCase>(row)), etag: requireEtag(row.etag) };
}

export function requireEtag(etag: string | undefined): string {
  if (!etag) throw new Error('table storage returned no etag');
  return etag;
}
