/**
 * Where a case stands in the due-index: when the sweep must look at it next, and the one write that moves
 * it there (removing what Teams accepted in the same write). Used by every path that writes a case after
 * a delivery (the outbox, the channel posts, links, retention), so none of them depends on another.
 */
import type { BreachCase, OutboxItem } from '../domain/case';
import { needsRouting, queueCardRefresh, recordPostOutcomes, removeDelivered, type Delivered, type PostOutcome } from '../domain/outbox';
import { recordManagerOutcomes, type ManagerOutcome } from '../domain/nearestManager';
import { dueReminders } from '../domain/reminders';
import { recordCommitteeOutcomes } from '../domain/committeeOutbox';
import { anonymizationDueAt, DEFAULT_RETENTION } from '../domain/retention';
import { changeCase } from './changeCase';
import type { AttentionPolicy, CoordinationDeps } from './coordinationDeps';
import type { Versioned } from './ports';
import { noteWritten } from './writtenCases';

/** When a failed channel post or delivery is tried again. */
export const RETRY_MS = 60_000;

/**
 * When the sweep must look at this case next: the next reminder, an outbox retry, a post retry, or
 * for a closed case its anonymization (closedAt + RETENTION_YEARS). So a closed case keeps one
 * due-index row years ahead, and the sweep meets it exactly when it is due: the cost of retention
 * follows what is due, not the size of the register.
 */
export function nextAttention(c: BreachCase, now: Date, policy: AttentionPolicy, retryMs: number): Date | null {
  const schedule = c.schedule;
  const candidates: number[] = [];
  const retention = anonymizationDueAt(c, (policy.retention ?? DEFAULT_RETENTION).years);
  if (retention) candidates.push(Math.max(retention.getTime(), now.getTime()));
  // Slots due now and not yet claimed (a write that claims only some effects, such as a channel post)
  // bring the case back at once: a reschedule never hides a due reminder.
  const { due, nextAt } = dueReminders(c, schedule.sent, now, policy);
  if (due.length > 0) candidates.push(now.getTime());
  if (nextAt) candidates.push(nextAt.getTime());
  // Items whose lease ends by the pending retry row's time are brought back by that row.
  const retryAt = schedule.retryAt && schedule.retryAt > now.toISOString() ? schedule.retryAt : undefined;
  for (const item of schedule.outbox) {
    if (retryAt && item.leaseUntil <= retryAt) continue;
    candidates.push(Math.max(Date.parse(item.leaseUntil), now.getTime() + 1000));
  }
  // Unrouted (no central channel yet): try again later. (Posts are outbox items: their leases are above.)
  if (needsRouting(c)) candidates.push(now.getTime() + retryMs);
  return candidates.length ? new Date(Math.min(...candidates)) : null;
}

/**
 * Moves the case's due-index row to when it next needs attention, removing what Teams accepted in the
 * same write. New row first, then the case's key under its ETag, then the old row: at every moment the
 * case is findable. Returns the case as written (or read) and the card updates to send again.
 */
export async function reschedule(
  deps: CoordinationDeps,
  tenantId: string,
  caseId: string,
  now: Date,
  retryMs = RETRY_MS,
  known?: Versioned<BreachCase>,
  /** Outbox items Teams accepted: removed in the same write that moves the case in the index. */
  delivered: readonly Delivered[] = [],
): Promise<{ version: Versioned<BreachCase> | null; resend: OutboxItem[]; advanced: OutboxItem[] }> {
  let oldKey: string | undefined;
  let newKeyWritten: string | undefined;
  const outcome = await changeCase<{ resend: OutboxItem[]; advanced: OutboxItem[] }>(
    deps.cases,
    tenantId,
    caseId,
    async (found) => {
      // What this instance sent but could not record before (a store outage) is recorded with this write.
      const all = [...delivered, ...acceptedOf(deps, found)];
      const recorded = recordCommitteeOutcomes(recordPostOutcomes(found, all.filter((d): d is Delivered & { post: PostOutcome } => d.post !== undefined), now), all, now);
      const schedule = recorded.schedule;
      const { outbox, resend, advanced } = removeDelivered(schedule.outbox, all);
      // A spent retry row (the sweep removes it) is forgotten in any write that happens anyway.
      const retrySpent = schedule.retryAt !== undefined && schedule.retryAt <= now.toISOString();
      let c: BreachCase = { ...recorded, schedule: { ...schedule, outbox } };
      // What telling the nearest manager came to (issue 18); an unreachable one redraws the cards now.
      c = recordManagerOutcomes(c, all, now, (x) => queueCardRefresh(x, now, 0).next);
      const next = nextAttention(c, now, deps.policy, retryMs);
      const wanted = next ? deps.schedule.keyFor(tenantId, caseId, next) : undefined;
      if (recorded === found && c.manager === found.manager && wanted === schedule.key && outbox.length === schedule.outbox.length && advanced.length === 0) return { next: null, result: { resend, advanced } };
      // The new row before the case points at it: the case is findable at every moment.
      const newKey = next && wanted !== schedule.key ? await deps.schedule.put(tenantId, caseId, next) : wanted;
      const dueAt = wanted === schedule.key ? schedule.dueAt : next?.toISOString();
      const { retryKey, retryAt, ...rest } = c.schedule;
      oldKey = schedule.key && schedule.key !== newKey && schedule.key !== schedule.retryKey ? schedule.key : undefined;
      newKeyWritten = newKey;
      return { next: { ...c, schedule: { ...rest, key: newKey, dueAt, ...(retrySpent ? {} : { retryKey, retryAt }) } }, result: { resend, advanced } };
    },
    known,
  );
  if (!outcome) return { version: null, resend: [], advanced: [] };
  forgetAccepted(deps, outcome.saved.value);
  if (outcome.written) {
    noteWritten(deps, outcome.saved);
    if (oldKey && oldKey !== newKeyWritten) await deps.schedule.remove(oldKey);
  }
  return { version: outcome.saved, ...outcome.result };
}

/**
 * Channel posts Teams accepted whose record did not reach the store (an outage longer than the claim's
 * lease), per instance and case: recorded by this instance's next reschedule of the case, so the card's
 * activity id is not forgotten (forgetting it is what makes a second card).
 */
const accepted = new WeakMap<object, Map<string, Delivered[]>>();
const acceptedKey = (c: BreachCase) => `${c.tenantId}\u0000${c.id}`;

export function rememberAccepted(deps: CoordinationDeps, c: BreachCase, delivered: readonly Delivered[]): void {
  // And what became of telling the nearest manager (issue 18): a message they were sent is not sent again.
  const posted = delivered.filter((d) => d.post?.kind === 'posted' || d.committee?.kind === 'posted' || d.manager !== undefined);
  if (posted.length === 0) return;
  let byCase = accepted.get(deps);
  if (!byCase) accepted.set(deps, (byCase = new Map()));
  byCase.set(acceptedKey(c), [...(byCase.get(acceptedKey(c)) ?? []), ...posted]);
}

/** What this instance remembers Teams accepted for a post item of the case (not recorded yet), if anything. */
export function acceptedPost(deps: CoordinationDeps, c: BreachCase, itemId: string): (PostOutcome & { kind: 'posted' }) | undefined {
  const d = acceptedOf(deps, c).find((x) => x.id === itemId && x.post?.kind === 'posted');
  return d?.post as (PostOutcome & { kind: 'posted' }) | undefined;
}

/** What this instance remembers became of a nearest manager's item (not recorded yet), if anything. */
export function acceptedManager(deps: CoordinationDeps, c: BreachCase, itemId: string): ManagerOutcome | undefined {
  return acceptedOf(deps, c).find((d) => d.id === itemId && d.manager !== undefined)?.manager;
}

/** The committee's card, if this instance remembers Teams accepted it and could not record it yet (issue 18, part 2). */
export function acceptedCommitteePost(deps: CoordinationDeps, c: BreachCase): Delivered | undefined {
  return acceptedOf(deps, c).find((d) => d.committee?.kind === 'posted');
}

function acceptedOf(deps: CoordinationDeps, c: BreachCase): Delivered[] {
  return accepted.get(deps)?.get(acceptedKey(c)) ?? [];
}

function forgetAccepted(deps: CoordinationDeps, c: BreachCase): void {
  accepted.get(deps)?.delete(acceptedKey(c));
}
