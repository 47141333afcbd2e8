import type { BreachCase, OutboxItem } from '../domain/case';
import { collapse, dueReminders, reminderSlots, type ReminderPolicy, type ReminderSlot } from '../domain/reminders';
import type { CoordinationDeps } from './coordinationDeps';
import { ACCESS_REVIEW_ID, runAccessReview } from './accessReview';
import { dispatchCase } from './dispatchCase';
import { CENTRAL_UNIT_ID, ConcurrencyError, type ScheduleEntry, type Versioned } from './ports';
import { updateCase } from './updateCase';

export type SweepDeps = CoordinationDeps;

export interface SweepOptions {
  /** Due entries handled per sweep; the rest wait for the next one. */
  batch?: number;
  /** How long a claimed delivery is reserved for the claiming instance before another may retry it. */
  leaseMs?: number;
  /** When a failed channel post or delivery is tried again. */
  retryMs?: number;
}

export interface SweepStats {
  due: number;
  stale: number;
  delivered: number;
  failed: number;
  posted: number;
}

const DEFAULTS = { batch: 200, leaseMs: 120_000, retryMs: 60_000 };

/**
 * One pass of the reminder sweep. Every instance runs it; exactly-once comes from the case's ETag:
 * a reminder is claimed by writing its slot id into the case's `sent` list together with an outbox
 * item (one conditional write, so of two instances only one claims it), and the outbox item is
 * removed only after Teams accepted the message. A crash after the claim leaves the item with a
 * lease that expires, and the next sweep delivers it. Missed slots after downtime are all marked
 * sent at once and collapsed into one message per case.
 */
export async function sweepReminders(deps: SweepDeps, now: Date, options: SweepOptions = {}): Promise<SweepStats> {
  const o = { ...DEFAULTS, ...options };
  const stats: SweepStats = { due: 0, stale: 0, delivered: 0, failed: 0, posted: 0 };
  const entries = await deps.schedule.due(now, o.batch);
  stats.due = entries.length;
  for (const entry of entries) {
    try {
      await processEntry(deps, entry, now, o, stats);
    } catch (error) {
      stats.failed += 1;
      deps.log.error('sweep.case.failed', error);
    }
  }
  return stats;
}

async function processEntry(deps: SweepDeps, entry: ScheduleEntry, now: Date, o: typeof DEFAULTS, stats: SweepStats): Promise<void> {
  if (entry.caseId === ACCESS_REVIEW_ID) {
    const outcome = await runAccessReview(deps, entry.tenantId, entry.key, now);
    if (outcome === 'stale') stats.stale += 1;
    if (outcome === 'posted' || outcome === 'reminded') stats.delivered += 1;
    return;
  }
  const found = await deps.cases.get(entry.tenantId, entry.caseId);
  if (!found || found.value.schedule?.key !== entry.key) {
    await deps.schedule.remove(entry.key);
    stats.stale += 1;
    return;
  }

  await attendCase(deps, found.value, now, o, stats, found);
}

/**
 * Everything the case is owed now: its channel posts, its due reminders, the undelivered messages in
 * its outbox (reminders and the reporter's messages); then its next place in the due-index. Called by
 * the sweep, and right after a coordinator's change so the reporter hears at once.
 */
export async function attendCase(
  deps: SweepDeps,
  c: BreachCase,
  now: Date,
  options: SweepOptions = {},
  stats: SweepStats = emptyStats(),
  known?: Versioned<BreachCase>,
): Promise<SweepStats> {
  const o = { ...DEFAULTS, ...options };
  let version = known;
  if ((c.posts ?? []).length === 0 || (c.posts ?? []).some((p) => !p.threadId)) {
    stats.posted += (await dispatchCase(deps, c.tenantId, c.id)).posted;
    version = undefined;
  }

  const leaseUntil = new Date(now.getTime() + o.leaseMs).toISOString();
  const claimed = await updateCase<OutboxItem[]>(deps.cases, c.tenantId, c.id, (current) => {
    const schedule = current.schedule ?? { sent: [], outbox: [] };
    const { due } = dueReminders(current, schedule.sent, now, deps.policy);
    const collapsed = collapse(due);
    const fresh = [collapsed.thread, collapsed.central].filter((s): s is ReminderSlot => s !== null).map((slot) => toOutbox(slot, leaseUntil));
    // A reminder retried after a failed send must still be owed: its duty may have been done meanwhile.
    const owed = new Set(reminderSlots(current, now, deps.policy).map((slot) => slot.id));
    const stillOwed = (item: OutboxItem) => item.target === 'reporter' || owed.has(item.id);
    const expired = schedule.outbox.filter((item) => item.leaseUntil <= now.toISOString());
    const dropped = expired.filter((item) => !stillOwed(item));
    // Items queued by a coordinator's change carry an already expired lease, so they are taken here.
    if (due.length === 0 && expired.length === 0) return { next: null, result: [] };
    const retaken = expired.filter(stillOwed).map((item) => ({ ...item, leaseUntil, attempts: item.attempts + 1 }));
    const kept = schedule.outbox.filter((item) => item.leaseUntil > now.toISOString());
    if (dropped.length > 0) deps.log.info('reminder.dropped', { case: current.number, count: dropped.length });
    return {
      next: { ...current, schedule: { ...schedule, sent: [...schedule.sent, ...due.map((d) => d.id)], outbox: [...kept, ...retaken, ...fresh] } },
      result: [...retaken, ...fresh],
    };
  }, version);

  let breachCase = claimed?.saved?.value ?? c;
  version = claimed?.saved ?? undefined;
  const delivered = new Set<string>();
  for (const item of claimed?.result ?? []) {
    try {
      if (item.target === 'reporter') await deliverToReporter(deps, breachCase, item);
      else {
        if (item.target === 'central') {
          breachCase = await ensureCentralPost(deps, breachCase);
          version = undefined;
        }
        await deps.notifier.remind(breachCase, item, now);
      }
      delivered.add(item.id);
      stats.delivered += 1;
    } catch (error) {
      // Left in the outbox: its lease expires and a later sweep (any instance) delivers it.
      stats.failed += 1;
      deps.log.error('reminder.delivery.failed', error, { case: breachCase.number, kind: item.kind });
    }
  }
  await reschedule(deps, c.tenantId, c.id, now, o.retryMs, version, delivered);
  return stats;
}

function emptyStats(): SweepStats {
  return { due: 0, stale: 0, delivered: 0, failed: 0, posted: 0 };
}

/** The reporter's messages travel through the outbox too: a Teams outage delays them, never drops them. */
async function deliverToReporter(deps: SweepDeps, c: BreachCase, item: OutboxItem): Promise<void> {
  if (item.kind === 'reporter_acknowledged') return deps.notifier.sendToReporter(c, { kind: 'acknowledged', ownerName: item.detail ?? '' });
  if (item.kind === 'reporter_linked') return deps.notifier.sendToReporter(c, { kind: 'linked', toCaseNumber: item.detail ?? '' });
  if (item.kind === 'reporter_closed') {
    if (!item.detail) return deps.notifier.sendToReporter(c, { kind: 'closed' });
    // A report linked to this incident: its reporter gets this case's feedback under their own number.
    const linked = await deps.cases.findByNumber(c.tenantId, item.detail);
    if (linked) await deps.notifier.sendToReporter({ ...linked.value, work: c.work }, { kind: 'closed' });
  }
}

/** Escalation: the case card also goes to the central channel (once), where the escalation is then said. */
async function ensureCentralPost(deps: SweepDeps, c: BreachCase): Promise<BreachCase> {
  const central = await deps.units.get(c.tenantId, CENTRAL_UNIT_ID);
  if (!central) throw new Error('no central channel registered');
  if (!(c.posts ?? []).some((p) => p.channel.channelId === central.channel.channelId)) {
    await updateCase(deps.cases, c.tenantId, c.id, (current) =>
      (current.posts ?? []).some((p) => p.channel.channelId === central.channel.channelId)
        ? { next: null, result: undefined }
        : {
            next: { ...current, posts: [...(current.posts ?? []), { unitId: CENTRAL_UNIT_ID, unitName: 'central', channel: central.channel, viaCentral: true, locale: central.locale }] },
            result: undefined,
          },
    );
  }
  await dispatchCase(deps, c.tenantId, c.id);
  const fresh = await deps.cases.get(c.tenantId, c.id);
  const post = fresh?.value.posts?.find((p) => p.channel.channelId === central.channel.channelId);
  if (!fresh || !post?.threadId) throw new Error('central post not delivered yet');
  return fresh.value;
}

function toOutbox(slot: ReminderSlot, leaseUntil: string): OutboxItem {
  return { id: slot.id, kind: slot.kind, target: slot.target, at: slot.at.toISOString(), hoursLeft: slot.hoursLeft, leaseUntil, attempts: 1 };
}

/** When the sweep must look at this case next: the next reminder, an outbox retry, or a post retry. */
export function nextAttention(c: BreachCase, now: Date, policy: ReminderPolicy, retryMs: number): Date | null {
  const schedule = c.schedule ?? { sent: [], outbox: [] };
  const candidates: number[] = [];
  const { nextAt } = dueReminders(c, schedule.sent, now, policy);
  if (nextAt) candidates.push(nextAt.getTime());
  for (const item of schedule.outbox) candidates.push(Math.max(Date.parse(item.leaseUntil), now.getTime() + 1000));
  if ((c.posts ?? []).length === 0 || (c.posts ?? []).some((p) => !p.threadId)) {
    // Unrouted (no central channel yet) or a post Teams refused: try again later.
    candidates.push(now.getTime() + retryMs);
  }
  return candidates.length ? new Date(Math.min(...candidates)) : null;
}

/**
 * Moves the case's due-index row to when it next needs attention. New row first, then the case's
 * key under its ETag, then the old row: at every moment the case is findable.
 */
export async function reschedule(
  deps: SweepDeps,
  tenantId: string,
  caseId: string,
  now: Date,
  retryMs = DEFAULTS.retryMs,
  known?: Versioned<BreachCase>,
  /** Outbox items Teams accepted: removed in the same write that moves the case in the index. */
  delivered: ReadonlySet<string> = new Set(),
): Promise<void> {
  let found: Versioned<BreachCase> | null = known ?? null;
  for (let attempt = 0; attempt < 8; attempt++) {
    if (!found) found = await deps.cases.get(tenantId, caseId);
    if (!found) return;
    const schedule = found.value.schedule ?? { sent: [], outbox: [] };
    const outbox = schedule.outbox.filter((item) => !delivered.has(item.id));
    const c: BreachCase = { ...found.value, schedule: { ...schedule, outbox } };
    const next = nextAttention(c, now, deps.policy, retryMs);
    const wanted = next ? deps.schedule.keyFor(tenantId, caseId, next) : undefined;
    if (wanted === schedule.key && outbox.length === schedule.outbox.length) return;
    const newKey = next && wanted !== schedule.key ? await deps.schedule.put(tenantId, caseId, next) : wanted;
    try {
      await deps.cases.update({ ...c, schedule: { ...c.schedule!, key: newKey } }, found.etag);
    } catch (error) {
      if (error instanceof ConcurrencyError) {
        found = null;
        continue;
      }
      throw error;
    }
    if (schedule.key && schedule.key !== newKey) await deps.schedule.remove(schedule.key);
    return;
  }
}
