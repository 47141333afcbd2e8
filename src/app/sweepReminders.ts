import { randomUUID } from 'node:crypto';
import type { BreachCase, OutboxItem } from '../domain/case';
import { claimDue, needsRouting } from '../domain/outbox';
import type { CoordinationDeps } from './coordinationDeps';
import { ACCESS_REVIEW_ID, runAccessReview } from './accessReview';
import { deliverAndRecord } from './deliverOutbox';
import { reschedule } from './reschedule';
import { dispatchCase } from './dispatchCase';
import type { DraftRepository, ScheduleEntry, Versioned } from './ports';
import { anonymizeIfDue, expireDraft, isDraftEntry, retentionOf } from './retention';
import { changeCase } from './changeCase';
import { isAnonymizationDue } from '../domain/retention';

export { nextAttention, reschedule } from './reschedule';

export type SweepDeps = CoordinationDeps;

export interface SweepOptions {
  /** Due entries handled per sweep; the rest wait for the next one. */
  batch?: number;
  /** How long a claimed delivery is reserved for the claiming instance before another may retry it. */
  leaseMs?: number;
  /** When a failed channel post or delivery is tried again. */
  retryMs?: number;
  /**
   * For draft retention (a separate option, not a field of deps: deps' identity keys this instance's
   * memory of what it wrote last). Without it the sweep leaves drafts' rows alone; they wait.
   */
  drafts?: DraftRepository;
}

export interface SweepStats {
  due: number;
  stale: number;
  delivered: number;
  failed: number;
  posted: number;
  /** Closed cases whose personal data was removed (retention). */
  anonymized: number;
  /** Drafts deleted after DRAFT_RETENTION_DAYS untouched. */
  draftsDeleted: number;
}

export const SWEEP_DEFAULTS = { batch: 200, leaseMs: 120_000, retryMs: 60_000 };

/**
 * One pass of the reminder sweep. Every instance runs it; exactly-once comes from the case's ETag:
 * a reminder is claimed by writing its slot id into the case's `sent` list together with an outbox
 * item (one conditional write, so of two instances only one claims it), and the outbox item is
 * removed only after Teams accepted the message. A crash after the claim leaves the item with a
 * lease that expires, and the next sweep delivers it. Missed slots after downtime are all marked
 * sent at once and collapsed into one message per case.
 */
export async function sweepReminders(deps: SweepDeps, now: Date, options: SweepOptions = {}): Promise<SweepStats> {
  const o = { ...SWEEP_DEFAULTS, ...options };
  const stats: SweepStats = emptyStats();
  const drafts = options.drafts;
  const entries = await deps.schedule.due(now, o.batch);
  stats.due = entries.length;
  for (const entry of entries) {
    try {
      await processEntry(deps, entry, now, o, stats, drafts);
    } catch (error) {
      stats.failed += 1;
      deps.log.error('sweep.case.failed', error);
    }
  }
  return stats;
}

async function processEntry(deps: SweepDeps, entry: ScheduleEntry, now: Date, o: typeof SWEEP_DEFAULTS, stats: SweepStats, drafts?: DraftRepository): Promise<void> {
  if (entry.caseId === ACCESS_REVIEW_ID) {
    const outcome = await runAccessReview(deps, entry.tenantId, entry.key, now);
    if (outcome === 'stale') stats.stale += 1;
    if (outcome === 'posted' || outcome === 'reminded') stats.delivered += 1;
    return;
  }
  if (isDraftEntry(entry)) {
    if (!drafts) return;
    const outcome = await expireDraft(drafts, deps.schedule, retentionOf(deps), entry, now);
    if (outcome === 'deleted') {
      stats.draftsDeleted += 1;
      deps.log.info('draft.expired', {});
    }
    return;
  }
  let found = await deps.cases.get(entry.tenantId, entry.caseId);
  const schedule = found?.value.schedule;
  const isKey = schedule?.key === entry.key;
  const isRetry = schedule?.retryKey === entry.key;
  if (!found || (!isKey && !isRetry)) {
    await deps.schedule.remove(entry.key);
    stats.stale += 1;
    return;
  }

  // Retention first: an anonymized case owes nothing but the redrawn cards, delivered (and the case
  // moved in the due-index) inside anonymizeIfDue. A reopen in between wins: attended as usual.
  if (isAnonymizationDue(found.value, now, retentionOf(deps).years)) {
    const result = await anonymizeIfDue(deps, found, now, o.leaseMs, o.retryMs);
    if (result.outcome === 'anonymized') {
      stats.anonymized += 1;
      if (isRetry && result.version?.value.schedule.key !== entry.key) await deps.schedule.remove(entry.key);
      return;
    }
    if (!result.version) return;
    found = result.version;
  }

  const after = await attendCase(deps, found.value, now, o, stats, found);
  // A retry row is one-shot: once its case was attended (its items retaken or re-covered by the key), it goes.
  if (isRetry && after.key !== entry.key) await deps.schedule.remove(entry.key);
}

/**
 * Everything the case is owed now: its channel posts, its due reminders, the undelivered items in its
 * outbox (reminders, the reporter's messages, card updates, thread lines); then its next place in the
 * due-index. Called by the sweep on any instance.
 */
export async function attendCase(
  deps: SweepDeps,
  c: BreachCase,
  now: Date,
  options: SweepOptions = {},
  stats: SweepStats = emptyStats(),
  known?: Versioned<BreachCase>,
): Promise<SweepStats & { key?: string }> {
  const o = { ...SWEEP_DEFAULTS, ...options };
  let version = known;
  // Routing is the one thing about posts the outbox cannot do by itself (it reads the unit directory);
  // due post items are claimed with the rest below (claimDue).
  if (needsRouting(c)) {
    const dispatched = await dispatchCase(deps, c.tenantId, c.id);
    stats.posted += dispatched.posted;
    version = dispatched.breachCase;
  }

  const claim = { token: randomUUID(), until: new Date(now.getTime() + o.leaseMs).toISOString() };
  const claimed = await changeCase<{ items: OutboxItem[]; dropped: number; givenUp: OutboxItem[] }>(deps.cases, c.tenantId, c.id, (current) => {
    const due = claimDue(current, now, deps.policy, claim);
    if (!due) return { next: null, result: { items: [], dropped: 0, givenUp: [] } };
    return { next: due.next, result: { items: due.claimed, dropped: due.dropped, givenUp: due.givenUp } };
  }, version);
  if (!claimed) return { ...stats };
  if (claimed.result.dropped > 0) deps.log.info('reminder.dropped', { case: c.number, count: claimed.result.dropped });
  // Teams refused these for about 12 hours of attempts (outbox.ts, MAX_DELIVERY_ATTEMPTS): an operator must look.
  for (const item of claimed.result.givenUp) deps.log.warn('outbox.item.given_up', { case: c.number, kind: item.kind, attempts: item.attempts });

  let last: Versioned<BreachCase> | undefined = claimed.saved;
  if (claimed.result.items.length > 0) {
    const report = await deliverAndRecord(deps, claimed.saved, claimed.result.items, now, o.retryMs);
    // Channel posts are counted as posts (a failed one is in `failed`), the rest as deliveries.
    stats.posted += report.delivered.filter((d) => d.post?.kind === 'posted').length;
    stats.delivered += report.delivered.filter((d) => d.post === undefined).length;
    stats.failed += report.failed;
    last = report.version;
  } else {
    last = (await reschedule(deps, c.tenantId, c.id, now, o.retryMs, claimed.saved)).version ?? undefined;
  }
  return { ...stats, key: last?.value.schedule.key };
}

function emptyStats(): SweepStats {
  return { due: 0, stale: 0, delivered: 0, failed: 0, posted: 0, anonymized: 0, draftsDeleted: 0 };
}
