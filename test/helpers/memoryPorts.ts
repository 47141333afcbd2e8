/**
 * In-memory implementations of the ports in src/app/ports.ts, for fast use-case tests.
 *
 * - Real ETag semantics: every write gives a new ETag; a write with a stale ETag (or of a row that
 *   is gone) throws ConcurrencyError; create of an existing key answers 'exists' / null.
 * - Values are deep-copied in and out, as a store serializes them: a caller cannot change stored
 *   state by mutating what it got.
 * - Every call yields to the event loop once before it runs, and then runs atomically (like one
 *   storage request), so concurrent use cases (Promise.all) really interleave between calls.
 * - Fault hooks: `failNext(method, error)` makes the next call of a method throw (before touching
 *   state), `conflictNext(method)` is failNext with a ConcurrencyError, and `beforeNext(method, hook)`
 *   runs `hook` right before the next call (e.g. another writer), so the call meets what it did.
 *   Queued faults and hooks are consumed one per call, in order.
 */
import { isReservedUnitId } from '../../src/domain/unit';
import type { CoordinationDeps } from '../../src/app/coordinationDeps';
import { activeIncident } from '../../src/domain/caseWork';
import type { ReportingDeps } from '../../src/app/deps';
import {
  ConcurrencyError,
  type AccessReviewState,
  type AccessReviewStore,
  type AccessReviewUnit,
  type AuditEntry,
  type AuditLog,
  type CaseNotifier,
  type CaseNumberAllocator,
  type CaseRepository,
  type ChannelAddress,
  type Clock,
  type Draft,
  type DraftPatch,
  type IncidentDirectory,
  type ListedIncident,
  type RegisterIndex,
  type RegisterScope,
  type DraftRepository,
  type ReporterMessage,
  type Roster,
  type ScheduleEntry,
  type ScheduleIndex,
  type Unit,
  type UnitDirectory,
  type UnitRegistration,
  type Versioned,
} from '../../src/app/ports';
import { formatCaseNumber, parseCaseNumber, type BreachCase, type CasePost, type OutboxItem, type Person } from '../../src/domain/case';
import type { TimelineEntry } from '../../src/domain/caseWork';
import { registerRecord, registerSummary, type RegisterSummary } from '../../src/domain/register/record';
import { DEFAULT_POLICY } from '../../src/domain/reminders';
import type { Logger, SafeFields } from '../../src/logging';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const copy = <T>(value: T): T => structuredClone(value);

let etagSequence = 0;
const newEtag = (): string => `W/"mem-${++etagSequence}"`;

/** Call counting and fault injection, shared by every fake. */
export class Faulty<M extends string> {
  private readonly pending = new Map<M, Array<() => unknown>>();
  private readonly counts = new Map<M, number>();

  /** The next `times` calls of `method` throw `error` without touching state. */
  failNext(method: M, error: unknown = new Error(`injected failure of ${method}`), times = 1): this {
    for (let i = 0; i < times; i++) this.queue(method, () => Promise.reject(error));
    return this;
  }

  /** The next `times` calls of `method` meet a ConcurrencyError, as if someone else wrote first. */
  conflictNext(method: M, times = 1): this {
    return this.failNext(method, new ConcurrencyError(`injected ${method}`), times);
  }

  /** Runs `hook` right before the next call of `method` (which then runs normally). */
  beforeNext(method: M, hook: () => unknown): this {
    return this.queue(method, hook);
  }

  /** How often `method` was called (failed calls included). */
  callCount(method: M): number {
    return this.counts.get(method) ?? 0;
  }

  protected async enter(method: M): Promise<void> {
    this.counts.set(method, this.callCount(method) + 1);
    await tick();
    const next = this.pending.get(method)?.shift();
    if (next) await next();
  }

  private queue(method: M, action: () => unknown): this {
    const list = this.pending.get(method) ?? [];
    list.push(action);
    this.pending.set(method, list);
    return this;
  }
}

interface Row<T> {
  value: T;
  etag: string;
}

const caseKey = (tenantId: string, id: string) => `${tenantId}\u0000${id}`;

export class MemoryCaseRepository extends Faulty<'create' | 'get' | 'update' | 'listByReporter' | 'findByNumber'> implements CaseRepository {
  private readonly rows = new Map<string, Row<BreachCase>>();

  async create(breachCase: BreachCase): Promise<'created' | 'exists'> {
    await this.enter('create');
    const key = caseKey(breachCase.tenantId, breachCase.id);
    if (this.rows.has(key)) return 'exists';
    this.rows.set(key, { value: copy(breachCase), etag: newEtag() });
    return 'created';
  }

  async get(tenantId: string, id: string): Promise<Versioned<BreachCase> | null> {
    await this.enter('get');
    return this.peek(tenantId, id);
  }

  async update(breachCase: BreachCase, etag: string): Promise<Versioned<BreachCase>> {
    await this.enter('update');
    const key = caseKey(breachCase.tenantId, breachCase.id);
    const row = this.rows.get(key);
    if (!row || row.etag !== etag) throw new ConcurrencyError(`case ${breachCase.number}`);
    const next = { value: copy(breachCase), etag: newEtag() };
    this.rows.set(key, next);
    return copy(next);
  }

  async listByReporter(tenantId: string, reporterAadId: string): Promise<BreachCase[]> {
    await this.enter('listByReporter');
    return this.all(tenantId)
      .filter((c) => c.reporter.aadObjectId === reporterAadId)
      .sort((a, b) => (a.reportedAt < b.reportedAt ? 1 : a.reportedAt > b.reportedAt ? -1 : 0));
  }

  async findByNumber(tenantId: string, number: string): Promise<Versioned<BreachCase> | null> {
    await this.enter('findByNumber');
    const parsed = parseCaseNumber(number);
    const wanted = parsed ? formatCaseNumber(parsed.year, parsed.sequence) : number.trim();
    for (const row of this.rows.values()) {
      if (row.value.tenantId === tenantId && row.value.number === wanted) return copy(row);
    }
    return null;
  }

  /** The memory register derives its rows from the stored cases: nothing to repair. */
  async reindex(tenantId: string, id: string): Promise<boolean> {
    return this.peek(tenantId, id) !== null;
  }

  /** Synchronous read for assertions: no fault, no count. */
  peek(tenantId: string, id: string): Versioned<BreachCase> | null {
    const row = this.rows.get(caseKey(tenantId, id));
    return row ? copy(row) : null;
  }

  /** Every stored case (of a tenant), for assertions. */
  all(tenantId?: string): BreachCase[] {
    return [...this.rows.values()].map((r) => copy(r.value)).filter((c) => tenantId === undefined || c.tenantId === tenantId);
  }
}

export class MemoryDraftRepository extends Faulty<'get' | 'create' | 'replace' | 'patch' | 'delete'> implements DraftRepository {
  private readonly rows = new Map<string, Row<Draft>>();

  async get(tenantId: string, reporterAadId: string): Promise<Versioned<Draft> | null> {
    await this.enter('get');
    return this.peek(tenantId, reporterAadId);
  }

  async create(draft: Draft): Promise<Versioned<Draft> | null> {
    await this.enter('create');
    const key = caseKey(draft.tenantId, draft.reporterAadId);
    if (this.rows.has(key)) return null;
    const row = { value: copy(draft), etag: newEtag() };
    this.rows.set(key, row);
    return copy(row);
  }

  async replace(draft: Draft, etag: string): Promise<Versioned<Draft>> {
    await this.enter('replace');
    const key = caseKey(draft.tenantId, draft.reporterAadId);
    const row = this.rows.get(key);
    if (!row || row.etag !== etag) throw new ConcurrencyError('draft');
    const next = { value: copy(draft), etag: newEtag() };
    this.rows.set(key, next);
    return copy(next);
  }

  async patch(tenantId: string, reporterAadId: string, fields: DraftPatch, etag: string): Promise<string> {
    await this.enter('patch');
    const key = caseKey(tenantId, reporterAadId);
    const row = this.rows.get(key);
    if (!row || row.etag !== etag) throw new ConcurrencyError('draft');
    const merged: Draft = { ...row.value };
    for (const [field, value] of Object.entries(fields) as [keyof DraftPatch, unknown][]) {
      if (value !== undefined) (merged as unknown as Record<string, unknown>)[field] = copy(value);
    }
    const next = { value: merged, etag: newEtag() };
    this.rows.set(key, next);
    return next.etag;
  }

  async delete(tenantId: string, reporterAadId: string, etag?: string): Promise<void> {
    await this.enter('delete');
    const key = caseKey(tenantId, reporterAadId);
    const row = this.rows.get(key);
    if (!row) return;
    if (etag !== undefined && row.etag !== etag) throw new ConcurrencyError('draft');
    this.rows.delete(key);
  }

  /** Synchronous read for assertions: no fault, no count. */
  peek(tenantId: string, reporterAadId: string): Versioned<Draft> | null {
    const row = this.rows.get(caseKey(tenantId, reporterAadId));
    return row ? copy(row) : null;
  }
}

export class MemoryCaseNumberAllocator extends Faulty<'next'> implements CaseNumberAllocator {
  private readonly counters = new Map<string, number>();
  /** Every number handed out, in order. */
  readonly issued: { tenantId: string; year: number; sequence: number }[] = [];

  async next(tenantId: string, year: number): Promise<number> {
    await this.enter('next');
    const key = `${tenantId}|${year}`;
    const sequence = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, sequence);
    this.issued.push({ tenantId, year, sequence });
    return sequence;
  }
}

export class MemoryAuditLog extends Faulty<'append' | 'listForCase'> implements AuditLog {
  readonly entries: AuditEntry[] = [];

  async append(entry: AuditEntry): Promise<void> {
    await this.enter('append');
    this.entries.push(copy(entry));
  }

  async listForCase(tenantId: string, caseId: string): Promise<AuditEntry[]> {
    await this.enter('listForCase');
    return this.entries.filter((e) => e.tenantId === tenantId && e.caseId === caseId).map(copy);
  }

  async forgetActor(tenantId: string, caseId: string, actorAadId: string): Promise<number> {
    let n = 0;
    for (const e of this.entries) {
      if (e.tenantId === tenantId && e.caseId === caseId && e.actorAadId === actorAadId) {
        e.actorAadId = 'anonymized-reporter';
        e.actorName = 'Anmelder (anonymiseret)';
        n += 1;
      }
    }
    return n;
  }

  /** Entries of a case, optionally of one action, for assertions. */
  of(caseId: string, action?: string): AuditEntry[] {
    return this.entries.filter((e) => e.caseId === caseId && (action === undefined || e.action === action));
  }
}

/** Same key shape as the table adapter: the due instant first, so keys sort by when. */
export class MemoryScheduleIndex extends Faulty<'due' | 'put' | 'remove'> implements ScheduleIndex {
  private readonly rows = new Map<string, ScheduleEntry>();

  async due(now: Date, limit: number): Promise<ScheduleEntry[]> {
    await this.enter('due');
    return this.entries()
      .filter((e) => Date.parse(e.dueAt) <= now.getTime())
      .slice(0, limit);
  }

  async put(tenantId: string, caseId: string, dueAt: Date): Promise<string> {
    await this.enter('put');
    const key = this.keyFor(tenantId, caseId, dueAt);
    this.rows.set(key, { key, tenantId, caseId, dueAt: dueAt.toISOString() });
    return key;
  }

  keyFor(tenantId: string, caseId: string, dueAt: Date): string {
    return `${dueAt.toISOString()}|${tenantId}|${caseId}`;
  }

  async remove(key: string): Promise<void> {
    await this.enter('remove');
    this.rows.delete(key);
  }

  /** All rows, earliest first, for assertions. */
  entries(): ScheduleEntry[] {
    return [...this.rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map(copy);
  }

  has(key: string): boolean {
    return this.rows.has(key);
  }
}

/** The known-incident listing, kept like the table one: listed while the case's incident is active. */
export class MemoryIncidentDirectory extends Faulty<'active' | 'sync'> implements IncidentDirectory {
  readonly rows = new Map<string, ListedIncident>();

  async active(tenantId: string): Promise<ListedIncident[]> {
    await this.enter('active');
    return [...this.rows.values()].filter((r) => r.tenantId === tenantId).sort((a, b) => b.declaredAt.localeCompare(a.declaredAt));
  }

  async sync(c: BreachCase): Promise<void> {
    await this.enter('sync');
    const incident = activeIncident(c.work);
    const key = `${c.tenantId}|${c.id}`;
    if (incident) this.rows.set(key, { tenantId: c.tenantId, caseId: c.id, number: c.number, title: incident.title, declaredAt: incident.declaredAt });
    else this.rows.delete(key);
  }
}

export class MemoryUnitDirectory extends Faulty<'list' | 'all' | 'get' | 'save' | 'remove'> implements UnitDirectory {
  private readonly rows = new Map<string, UnitRegistration>();

  async list(tenantId: string): Promise<Unit[]> {
    await this.enter('list');
    return this.registrations(tenantId)
      .filter((r) => !isReservedUnitId(r.id))
      .map((r) => ({ id: r.id, name: r.name }));
  }

  async all(tenantId: string): Promise<UnitRegistration[]> {
    await this.enter('all');
    return this.registrations(tenantId);
  }

  async get(tenantId: string, unitId: string): Promise<UnitRegistration | null> {
    await this.enter('get');
    const row = this.rows.get(caseKey(tenantId, unitId));
    return row ? copy(row) : null;
  }

  async save(registration: UnitRegistration): Promise<void> {
    await this.enter('save');
    this.rows.set(caseKey(registration.tenantId, registration.id), copy(registration));
  }

  async remove(tenantId: string, unitId: string): Promise<boolean> {
    await this.enter('remove');
    return this.rows.delete(caseKey(tenantId, unitId));
  }

  private registrations(tenantId: string): UnitRegistration[] {
    return [...this.rows.values()].filter((r) => r.tenantId === tenantId).map(copy);
  }
}

export class MemoryAccessReviewStore extends Faulty<'get' | 'save'> implements AccessReviewStore {
  private readonly rows = new Map<string, Row<AccessReviewState>>();

  async get(tenantId: string): Promise<Versioned<AccessReviewState> | null> {
    await this.enter('get');
    const row = this.rows.get(tenantId);
    return row ? copy(row) : null;
  }

  async save(state: AccessReviewState, etag: string | null): Promise<void> {
    await this.enter('save');
    const row = this.rows.get(state.tenantId);
    if (etag === null ? row !== undefined : !row || row.etag !== etag) throw new ConcurrencyError('access review');
    this.rows.set(state.tenantId, { value: copy(state), etag: newEtag() });
  }
}

export type NotifierMethod = 'postCaseCard' | 'updateCaseCard' | 'postThreadLine' | 'sendToReporter' | 'remind' | 'postFailing' | 'teamMembers' | 'postAccessReview';

/** One call to the notifier, failed ones included (`ok: false`). Cases are copies as passed. */
export type NotifierCall =
  | { method: 'postCaseCard'; ok: boolean; post: CasePost; breachCase: BreachCase }
  | { method: 'updateCaseCard'; ok: boolean; post: CasePost; breachCase: BreachCase }
  | { method: 'postThreadLine'; ok: boolean; post: CasePost; entry: TimelineEntry }
  | { method: 'sendToReporter'; ok: boolean; breachCase: BreachCase; message: ReporterMessage }
  | { method: 'remind'; ok: boolean; breachCase: BreachCase; post: CasePost; reminder: OutboxItem; now: Date }
  | { method: 'postFailing'; ok: boolean; central: UnitRegistration; breachCase: BreachCase; post: CasePost }
  | { method: 'teamMembers'; ok: boolean; channel: ChannelAddress }
  | {
      method: 'postAccessReview';
      ok: boolean;
      central: UnitRegistration;
      review: { reviewId: string; units: AccessReviewUnit[]; reminder: boolean; dueSince: string };
    };

type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Teams as the use cases see it: records every call; `failNext(method, error, n)` fails the next n. */
export class RecordingNotifier extends Faulty<NotifierMethod> implements CaseNotifier {
  readonly calls: NotifierCall[] = [];
  /** Live members per team id, for teamMembers. */
  readonly members = new Map<string, Person[]>();
  private posts = 0;

  /** Calls of one method that Teams accepted. */
  delivered<M extends NotifierMethod>(method: M): Extract<NotifierCall, { method: M }>[] {
    return this.calls.filter((c): c is Extract<NotifierCall, { method: M }> => c.method === method && c.ok);
  }

  async postCaseCard(post: CasePost, breachCase: BreachCase): Promise<{ threadId: string; activityId: string }> {
    await this.record({ method: 'postCaseCard', post: copy(post), breachCase: copy(breachCase) });
    const n = ++this.posts;
    return { threadId: `${post.channel.channelId};messageid=${n}`, activityId: `activity-${n}` };
  }

  async updateCaseCard(post: CasePost, breachCase: BreachCase): Promise<void> {
    await this.record({ method: 'updateCaseCard', post: copy(post), breachCase: copy(breachCase) });
  }

  async postThreadLine(post: CasePost, entry: TimelineEntry): Promise<void> {
    await this.record({ method: 'postThreadLine', post: copy(post), entry: copy(entry) });
  }

  async sendToReporter(breachCase: BreachCase, message: ReporterMessage): Promise<void> {
    await this.record({ method: 'sendToReporter', breachCase: copy(breachCase), message: copy(message) });
  }

  async remind(breachCase: BreachCase, post: CasePost, reminder: OutboxItem, now: Date): Promise<void> {
    await this.record({ method: 'remind', breachCase: copy(breachCase), post: copy(post), reminder: copy(reminder), now: new Date(now) });
  }

  async postFailing(central: UnitRegistration, breachCase: BreachCase, post: CasePost): Promise<void> {
    await this.record({ method: 'postFailing', central: copy(central), breachCase: copy(breachCase), post: copy(post) });
  }

  async teamMembers(channel: ChannelAddress): Promise<Person[]> {
    await this.record({ method: 'teamMembers', channel: copy(channel) });
    return copy(this.members.get(channel.teamId) ?? []);
  }

  async postAccessReview(
    central: UnitRegistration,
    review: { reviewId: string; units: AccessReviewUnit[]; reminder: boolean; dueSince: string },
  ): Promise<void> {
    await this.record({ method: 'postAccessReview', central: copy(central), review: copy(review) });
  }

  private async record(call: Without<NotifierCall, 'ok'>): Promise<void> {
    try {
      await this.enter(call.method);
    } catch (error) {
      this.calls.push({ ...call, ok: false } as NotifierCall);
      throw error;
    }
    this.calls.push({ ...call, ok: true } as NotifierCall);
  }
}

/** The live Teams roster: who is a member of which team right now. */
export class FakeRoster extends Faulty<'isMember'> implements Roster {
  private readonly teams = new Map<string, Set<string>>();

  add(teamId: string, ...people: Person[]): this {
    const members = this.teams.get(teamId) ?? new Set<string>();
    for (const p of people) members.add(p.aadObjectId);
    this.teams.set(teamId, members);
    return this;
  }

  remove(teamId: string, person: Person): this {
    this.teams.get(teamId)?.delete(person.aadObjectId);
    return this;
  }

  async isMember(teamId: string, person: Person): Promise<boolean> {
    await this.enter('isMember');
    return this.teams.get(teamId)?.has(person.aadObjectId) ?? false;
  }
}

/** A clock that moves only when told to. */
export class FixedClock implements Clock {
  private at: number;

  constructor(start: Date | string) {
    this.at = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  set(at: Date | string): void {
    this.at = new Date(at).getTime();
  }

  advance(ms: number): Date {
    this.at += ms;
    return this.now();
  }
}

/** Keeps the events (never more than the real logger would), so a test can see what failed. */
export class RecordingLogger implements Logger {
  readonly events: { level: 'info' | 'warn' | 'error'; event: string; fields?: SafeFields; error?: unknown }[] = [];
  info(event: string, fields?: SafeFields): void {
    this.events.push({ level: 'info', event, fields });
  }
  warn(event: string, fields?: SafeFields): void {
    this.events.push({ level: 'warn', event, fields });
  }
  error(event: string, error: unknown, fields?: SafeFields): void {
    this.events.push({ level: 'error', event, fields, error });
  }
  errors(): string[] {
    return this.events.filter((e) => e.level === 'error').map((e) => e.event);
  }
}

/** Every fake wired together, with ReportingDeps and CoordinationDeps over the same stores. */
export interface MemoryWorld {
  clock: FixedClock;
  cases: MemoryCaseRepository;
  drafts: MemoryDraftRepository;
  numbers: MemoryCaseNumberAllocator;
  audit: MemoryAuditLog;
  schedule: MemoryScheduleIndex;
  units: MemoryUnitDirectory;
  reviews: MemoryAccessReviewStore;
  notifier: RecordingNotifier;
  log: RecordingLogger;
  reporting: ReportingDeps;
  coordination: CoordinationDeps;
  /** Tasks handed to coordination.defer, not yet run. */
  deferred: (() => Promise<void>)[];
  /** Runs the deferred tasks (and any they defer) in order; a task's error propagates. */
  runDeferred(): Promise<void>;
}

export function memoryWorld(start: Date | string = '2026-11-24T10:00:00Z'): MemoryWorld {
  const clock = new FixedClock(start);
  const cases = new MemoryCaseRepository();
  const drafts = new MemoryDraftRepository();
  const numbers = new MemoryCaseNumberAllocator();
  const audit = new MemoryAuditLog();
  const schedule = new MemoryScheduleIndex();
  const units = new MemoryUnitDirectory();
  const reviews = new MemoryAccessReviewStore();
  const notifier = new RecordingNotifier();
  const log = new RecordingLogger();
  const deferred: (() => Promise<void>)[] = [];
  let ids = 0;
  const incidents = new MemoryIncidentDirectory();
  const reporting: ReportingDeps = { cases, drafts, numbers, audit, clock, schedule, incidents, newId: () => `draft-${++ids}` };
  const coordination: CoordinationDeps = {
    cases,
    units,
    notifier,
    audit,
    clock,
    log,
    schedule,
    policy: DEFAULT_POLICY,
    reviews,
    incidents,
    defer: (task) => {
      deferred.push(task);
    },
    accessReviewMonths: 12,
  };
  return {
    clock,
    cases,
    drafts,
    numbers,
    audit,
    schedule,
    units,
    reviews,
    notifier,
    log,
    reporting,
    coordination,
    deferred,
    async runDeferred() {
      while (deferred.length > 0) await deferred.shift()!();
    },
  };
}

/** The register index over the memory cases: rows derived on every read, closed ones paged by offset. */
export class MemoryRegisterIndex implements RegisterIndex {
  constructor(
    private readonly cases: MemoryCaseRepository,
    private readonly clock: Clock,
  ) {}

  private rows(tenantId: string, year: number, scope: RegisterScope): RegisterSummary[] {
    return this.cases
      .all(tenantId)
      .map((c) => registerSummary(registerRecord(c, this.clock.now())))
      .filter((s) => s.year === year && (scope.kind === 'all' || s.units.includes(scope.unitId)));
  }

  async open(tenantId: string, year: number, scope: RegisterScope): Promise<RegisterSummary[]> {
    return this.rows(tenantId, year, scope).filter((s) => s.status !== 'closed');
  }

  async closed(tenantId: string, year: number, scope: RegisterScope, filter: { notified?: boolean }, page: { size: number; cursor?: string }) {
    const all = this.rows(tenantId, year, scope)
      .filter((s) => s.status === 'closed' && (filter.notified === undefined || (s.authorityNotifiedAt !== null) === filter.notified))
      .sort((a, b) => (a.reportedAt < b.reportedAt ? 1 : a.reportedAt > b.reportedAt ? -1 : 0));
    const from = Number(page.cursor ?? 0);
    const rows = all.slice(from, from + page.size);
    return { rows, ...(from + page.size < all.length ? { cursor: String(from + page.size) } : {}) };
  }

  async unsynced(): Promise<string[]> {
    return [];
  }

  async clear(): Promise<void> {}
}
