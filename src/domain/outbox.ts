/**
 * The case's outbox: every Teams side effect the case owes (reminders, the reporter's messages, card
 * updates, thread lines) and every channel post, as pure rules over the stored case. A side effect is
 * claimed in a write under the case's ETag before it is sent, by a claim token and a lease; only the
 * holder sends; it is removed (or the post's thread recorded) after Teams accepted it. An expired
 * lease means the holder died: anyone may claim it again. No I/O, no clock: time comes in.
 */
import type { BreachCase, CasePost, CaseSchedule, OutboxItem } from './case';
import type { TimelineEntry } from './caseWork';
import { collapseByDuty, dueReminders, reminderSlots, type ReminderPolicy, type ReminderSlot } from './reminders';
import { committeeItemOwed, committeeNeverGivenUp, committeeReminder, type CommitteeOutcome } from './committeeOutbox';
import { giveUpManagerItems } from './nearestManager';

export interface Claim {
  /** Unique per claiming write. */
  token: string;
  /** Lease end (ISO). */
  until: string;
}

export const emptySchedule = (): CaseSchedule => ({ sent: [], outbox: [] });

/** The outbox item a linked report owes the case it is linked to, claimed by `claim` (src/app/linkReports.ts delivers it). */
export function linkItem(toCaseNumber: string, at: string, claim: Claim): OutboxItem {
  return { id: `link:${toCaseNumber}`, kind: 'link_back', target: 'incident', detail: toCaseNumber, at, leaseUntil: claim.until, claim: claim.token, attempts: 1 };
}

/**
 * A post is never given up (issue 16): a lost case is the failure the product exists to prevent, a
 * second card is a nuisance. After each failed send the post waits POST_BACKOFF_MS[n] (the last value
 * repeats) before it is tried again, by whichever instance meets it; after NOTICE_AFTER_FAILURES the
 * central channel is told which case cannot reach which channel (once per post), so people act while
 * the bot keeps trying. A send Teams may have accepted (500, 504, a lost answer) is retried like the
 * rest: it may give a second card (README, "Why none is lost or doubled").
 */
export const POST_BACKOFF_MS = [15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000] as const;
export const NOTICE_AFTER_FAILURES = 3;

export function postBackoffMs(failures: number): number {
  return POST_BACKOFF_MS[Math.min(Math.max(failures, 1), POST_BACKOFF_MS.length) - 1];
}

/**
 * Does the case still have to be routed to its channels? Not when it has posts already, and never for a
 * report linked to another case: that case's card counts it (issue 10). The one place that says so.
 */
export function needsRouting(c: Pick<BreachCase, 'posts' | 'work'>): boolean {
  return c.posts.length === 0 && c.work.linkedTo === null;
}

/**
 * A channel post is an outbox item like every other Teams effect (issue 16): `post:<channel id>`, claimed
 * under the case's ETag before it is sent, its thread recorded in the write that removes it, retaken by
 * anyone once its lease ran out. One per post not yet in its channel.
 */
export const POST_ITEM = 'case_post';
export const postItemId = (channelId: string) => `post:${channelId}`;
const isPostItem = (i: OutboxItem) => i.kind === POST_ITEM;

/** Is the case's card on its way into this channel right now (its post item held under a live claim)? */
export function postInFlight(c: BreachCase, channelId: string, now: Date): boolean {
  const item = c.schedule.outbox.find((i) => i.id === postItemId(channelId));
  return item !== undefined && item.claim !== undefined && item.leaseUntil > now.toISOString();
}

/** Is a card of the case not in its channel yet (to route, or a post without its thread)? */
export function cardsPending(c: Pick<BreachCase, 'posts' | 'work'>): boolean {
  return needsRouting(c) || c.posts.some((p) => !p.threadId);
}

/**
 * Posts the case still owes, as due items: a post without its thread and without an item (a case stored
 * before posts were items, or a post just added: routing, the escalation's central copy). Pure; a no-op
 * when every unposted post has its item.
 */
export function owePosts(c: BreachCase, now: Date): BreachCase {
  const at = now.toISOString();
  const missing = c.posts.filter((p) => !p.threadId && !c.schedule.outbox.some((i) => i.id === postItemId(p.channel.channelId)));
  if (missing.length === 0) return c;
  const items: OutboxItem[] = missing.map((p) => ({ id: postItemId(p.channel.channelId), kind: POST_ITEM, target: 'post', channelId: p.channel.channelId, at, leaseUntil: at, attempts: 0 }));
  return { ...c, schedule: { ...c.schedule, outbox: [...c.schedule.outbox, ...items] } };
}

/** Is anything about the case's channel posts to be done now: routing it, a post without its item, or a post item that is due? */
export function postsDue(c: BreachCase, now: Date): boolean {
  if (needsRouting(c) || owePosts(c, now) !== c) return true;
  const at = now.toISOString();
  return c.schedule.outbox.some((i) => isPostItem(i) && i.leaseUntil <= at);
}

/**
 * Claims the case's post items that are due (never tried, failed and past their backoff, or held by a
 * holder that died), adding the items a post lacks first. The send is counted on the post in the same
 * write: a crash between this write and Teams' answer counts as a send that may have been accepted.
 */
export function claimPosts(c: BreachCase, now: Date, claim: Claim, only?: string): { next: BreachCase; claimed: OutboxItem[] } {
  let owed = owePosts(c, now);
  const at = now.toISOString();
  const claimed: OutboxItem[] = [];
  // An item whose post is in its channel already (or gone) is owed nothing.
  const unposted = new Set(owed.posts.filter((p) => !p.threadId).map((p) => p.channel.channelId));
  const stale = owed.schedule.outbox.filter((i) => isPostItem(i) && !unposted.has(i.channelId ?? ''));
  if (stale.length > 0) owed = { ...owed, schedule: { ...owed.schedule, outbox: owed.schedule.outbox.filter((i) => !stale.includes(i)) } };
  const outbox = owed.schedule.outbox.map((i) => {
    if (!isPostItem(i) || i.leaseUntil > at || (only !== undefined && i.channelId !== only)) return i;
    const taken = { ...i, claim: claim.token, leaseUntil: claim.until, attempts: i.attempts + 1 };
    claimed.push(taken);
    return taken;
  });
  if (claimed.length === 0) return { next: owed, claimed };
  const ids = new Set(claimed.map((i) => i.channelId));
  const posts = owed.posts.map((p) => (ids.has(p.channel.channelId) ? { ...p, sends: (p.sends ?? 0) + 1 } : p));
  return { next: { ...owed, posts, schedule: { ...owed.schedule, outbox } }, claimed };
}

export type PostOutcome =
  | { kind: 'posted'; threadId: string; activityId: string; postedAt: string }
  /** Teams definitely did not take it (429, 502, 503, 413, connection refused): not a card. */
  | { kind: 'refused' }
  /** Teams may have taken it (500, 504, timeout, reset): counts as a card that may exist. */
  | { kind: 'ambiguous' }
  /** Not sent: this instance's share of Teams' rate limit had no room soon enough. Not a failure. */
  | { kind: 'deferred' };

/** A deferred post is tried again this soon (the pacer's window has moved on by then). */
export const DEFERRED_RETRY_MS = 15_000;

/**
 * Records what the sends of post items came to, in the write that records the rest of a delivery:
 * - posted: the post's thread and activity id are recorded and its item removed, whoever holds the item
 *   now (Teams accepted the card: forgetting its id is what would make a second card);
 * - refused or ambiguous (only the holder's): the item is released until its backoff has run out, the post
 *   counts the failure, and after NOTICE_AFTER_FAILURES the central channel is owed a notice (an unclaimed
 *   item, once per post; not for the central channel's own copy);
 * - deferred (only the holder's): released until DEFERRED_RETRY_MS, not counted.
 */
export function recordPostOutcomes(c: BreachCase, outcomes: readonly { id: string; claim?: string; post: PostOutcome }[], now: Date): BreachCase {
  if (outcomes.length === 0) return c;
  const at = now.toISOString();
  let posts = c.posts;
  let outbox = c.schedule.outbox;
  for (const o of outcomes) {
    const item = outbox.find((i) => i.id === o.id);
    const channelId = item?.channelId ?? o.id.slice('post:'.length);
    const post = posts.find((p) => p.channel.channelId === channelId);
    if (!post) continue;
    if (o.post.kind === 'posted') {
      if (!post.threadId) {
        const { failures: _f, failingSince: _s, givenUpAt: _g, claim: _c, claimUntil: _u, ...rest } = post;
        const done: CasePost = { ...rest, threadId: o.post.threadId, activityId: o.post.activityId, postedAt: o.post.postedAt };
        posts = posts.map((p) => (p === post ? done : p));
      }
      outbox = outbox.filter((i) => i.id !== o.id);
      continue;
    }
    if (!item || item.claim !== o.claim || post.threadId) continue;
    if (o.post.kind === 'deferred') {
      outbox = outbox.map((i) => (i === item ? release(i, now.getTime() + DEFERRED_RETRY_MS) : i));
      continue;
    }
    const failures = (post.failures ?? 0) + 1;
    const sends = o.post.kind === 'refused' ? Math.max(0, (post.sends ?? 1) - 1) : (post.sends ?? 1);
    const next: CasePost = { ...post, sends, failures, failingSince: post.failingSince ?? at };
    outbox = outbox.map((i) => (i === item ? release(i, now.getTime() + postBackoffMs(failures)) : i));
    if (failures >= NOTICE_AFTER_FAILURES && !post.noticeAt && !post.viaCentral) {
      next.noticeAt = at;
      const notice: OutboxItem = { id: `notice:${channelId}`, kind: 'post_failing', target: 'notice', channelId, at, leaseUntil: at, attempts: 0 };
      outbox = [...outbox.filter((i) => i.id !== notice.id), notice];
    }
    posts = posts.map((p) => (p === post ? next : p));
  }
  return { ...c, posts, schedule: { ...c.schedule, outbox } };
}

function release(item: OutboxItem, untilMs: number): OutboxItem {
  const { claim: _claim, ...rest } = item;
  return { ...rest, leaseUntil: new Date(untilMs).toISOString() };
}

/**
 * The card update and the thread lines a change owes every posted copy of the card. One pending card
 * update per post: when one is already pending and held by a live claim, its revision is raised and
 * its holder, which sees the raise when it records the delivery, sends the card again from the current
 * case. Thread lines are one item each, sent once.
 */
export function queueAnnouncements(c: BreachCase, entries: TimelineEntry[], claim: Claim, now: Date): { next: BreachCase; claimed: OutboxItem[] } {
  const at = now.toISOString();
  const schedule = c.schedule;
  let outbox = [...schedule.outbox];
  const claimed: OutboxItem[] = [];
  for (const post of c.posts) {
    if (!post.activityId) continue; // not posted yet: the post itself shows the current case
    const channelId = post.channel.channelId;
    const id = `card:${channelId}`;
    const pending = outbox.find((i) => i.id === id);
    // A live holder sends the raised revision. An unclaimed refresh waiting out its delay (a known
    // incident's count, queueCardRefresh) is taken over by this change: the card is redrawn now.
    if (pending && pending.claim !== undefined && pending.leaseUntil > at) {
      outbox = outbox.map((i) => (i === pending ? { ...i, rev: (i.rev ?? 0) + 1 } : i));
    } else {
      const item: OutboxItem = {
        id,
        kind: 'card_update',
        target: 'post',
        channelId,
        at,
        rev: (pending?.rev ?? 0) + 1,
        leaseUntil: claim.until,
        claim: claim.token,
        attempts: (pending?.attempts ?? 0) + 1,
      };
      outbox = [...outbox.filter((i) => i.id !== id), item];
      claimed.push(item);
    }
    entries.forEach((line, n) => {
      const item: OutboxItem = { id: `line:${channelId}:${claim.token}:${n}`, kind: 'thread_line', target: 'post', channelId, at, line, leaseUntil: claim.until, claim: claim.token, attempts: 1 };
      outbox.push(item);
      claimed.push(item);
    });
  }
  return { next: { ...c, schedule: { ...schedule, outbox } }, claimed };
}

/**
 * A refresh of every posted copy of the card that may wait up to `delayMs`: a known incident's count of
 * linked reports (issue 10), where a burst of hundreds of reports must make a few card updates, not
 * hundreds. A pending card update takes the change along (its revision is raised, so whoever sends it
 * sends the current card); otherwise one is queued UNCLAIMED with its lease ending at now + delayMs,
 * so the sweep that meets it then (any instance) claims and sends it. `dueAt`: when a due-index row
 * must bring the case back (null when nothing new was queued).
 */
export function queueCardRefresh(c: BreachCase, now: Date, delayMs: number): { next: BreachCase; dueAt: string | null } {
  const at = now.toISOString();
  const dueAt = new Date(now.getTime() + delayMs).toISOString();
  let outbox = [...c.schedule.outbox];
  let queued = false;
  for (const post of c.posts) {
    if (!post.activityId) continue; // not posted yet: the post itself shows the current case
    const id = `card:${post.channel.channelId}`;
    const pending = outbox.find((i) => i.id === id);
    if (pending) {
      outbox = outbox.map((i) => (i === pending ? { ...i, rev: (i.rev ?? 0) + 1 } : i));
      continue;
    }
    outbox.push({ id, kind: 'card_update', target: 'post', channelId: post.channel.channelId, at, rev: 1, leaseUntil: dueAt, attempts: 0 });
    queued = true;
  }
  return { next: { ...c, schedule: { ...c.schedule, outbox } }, dueAt: queued ? dueAt : null };
}

/**
 * An item Teams has refused this many times is given up: at the sweep's lease (2 min) that is about 12
 * hours of attempts. Without a cap a send Teams refuses for good (403: the bot was removed from the
 * team; 404: the channel or chat is gone) was retried for ever and, for thread lines, the outbox grew
 * with every action until the case could not be stored. A Teams outage of half a day still delivers.
 * Channel posts and retention's housekeeping are never given up (they have their own backoff). A nearest
 * manager's item given up is recorded as unreachable in the same write (nearestManager.ts, giveUpManagerItems).
 */
export const MAX_DELIVERY_ATTEMPTS = 360;

/**
 * Claims what the case is owed now: its channel posts that are due, its due reminders (their slot ids go
 * into `sent` in the same write, so each is claimed once, however many sweeps run) and the outbox items
 * whose lease expired. After downtime the missed slots are collapsed into one message per case. A retaken
 * reminder must still be owed: its duty may have been done meanwhile. Null when there is nothing to claim.
 */

export function claimDue(
  c: BreachCase,
  now: Date,
  policy: ReminderPolicy,
  claim: Claim,
): { next: BreachCase; claimed: OutboxItem[]; dropped: number; givenUp: OutboxItem[] } | null {
  const at = now.toISOString();
  // Channel posts first (their items added where a post lacks one), so a post and the reminder for its
  // thread go out in one delivery, the post first.
  const posts = claimPosts(c, now, claim);
  c = posts.next;
  const schedule = c.schedule;
  const { due } = dueReminders(c, schedule.sent, now, policy);
  const expired = schedule.outbox.filter((item) => item.leaseUntil <= at && !isPostItem(item));
  if (due.length === 0 && expired.length === 0 && posts.claimed.length === 0) return null;
  // One message per duty clock (the case's own, and each NIS2 report's: reminders.ts collapseByDuty).
  // The committee's reminders go to its own channel, one per case (committeeOutbox.ts); collapse leaves them out.
  const fresh = [...collapseByDuty(due), committeeReminder(due)].filter((s): s is ReminderSlot => s !== null).map((slot) => reminderItem(slot, claim));
  const owed = new Set(reminderSlots(c, now, policy).map((slot) => slot.id));
  const posted = new Set(c.posts.filter((p) => p.activityId).map((p) => p.channel.channelId));
  // A notice that a post cannot get through is owed while that post is still not in its channel.
  const stillOwed = (item: OutboxItem) =>
    (item.target === 'committee' && committeeItemOwed(c, item, owed)) ||
    item.target === 'reporter' ||
    item.target === 'incident' ||
    item.target === 'record' ||
    item.target === 'manager' ||
    (item.target === 'notice' ? !posted.has(item.channelId ?? '') : item.target === 'post' ? posted.has(item.channelId ?? '') : owed.has(item.id));
  const owedStill = expired.filter(stillOwed);
  // Retention's housekeeping is never given up (the reporter's name must leave the audit rows).
  const capped = (item: OutboxItem) => item.attempts >= MAX_DELIVERY_ATTEMPTS && item.target !== 'record' && !committeeNeverGivenUp(item);
  const givenUp = owedStill.filter(capped);
  const retaken = owedStill.filter((item) => !capped(item)).map((item) => ({ ...item, leaseUntil: claim.until, claim: claim.token, attempts: item.attempts + 1 }));
  const kept = schedule.outbox.filter((item) => item.leaseUntil > at || isPostItem(item));
  let next: BreachCase = { ...c, schedule: { ...schedule, sent: [...schedule.sent, ...due.map((d) => d.id)], outbox: [...kept, ...retaken, ...fresh] } };
  // A nearest manager's item given up is recorded in this write (issue 18): never a manager «får besked» for ever.
  const managerGivenUp = giveUpManagerItems(next, givenUp, now, claim, (x) => queueCardRefresh(x, now, 0).next);
  next = managerGivenUp.next;
  let refreshed: OutboxItem[] = [];
  if (fresh.some((item) => item.target !== 'committee')) {
    // A reminder is said in the thread: the card above it is redrawn too, so its time left (and an
    // overdue deadline) is current whenever the bot speaks about it. Channels do not refresh Universal
    // Actions cards on their own. One card update per post, coalesced like any other (queueAnnouncements).
    const queued = queueAnnouncements(next, [], claim, now);
    next = queued.next;
    refreshed = queued.claimed;
  }
  return {
    next,
    claimed: [...posts.claimed, ...retaken, ...fresh, ...managerGivenUp.claimed, ...refreshed],
    dropped: expired.length - owedStill.length,
    givenUp,
  };
}

function reminderItem(slot: ReminderSlot, claim: Claim): OutboxItem {
  return { id: slot.id, kind: slot.kind, target: slot.target, at: slot.at.toISOString(), hoursLeft: slot.hoursLeft, leaseUntil: claim.until, claim: claim.token, attempts: 1, ...(slot.duty ? { duty: slot.duty } : {}) };
}

/** What one delivery got accepted: the item, under the claim and (for card updates) the revision it sent. */
export interface Delivered {
  id: string;
  claim?: string;
  rev?: number;
  /** A channel post's item: what Teams answered (recorded by recordPostOutcomes, not removed here). */
  post?: PostOutcome;
  /** The committee's card (issue 18, part 2): what Teams answered (recorded by recordCommitteeOutcomes). */
  committee?: CommitteeOutcome;
  /** A reminder said in some of its channels only: they are recorded on the item, which stays for the rest. */
  doneChannels?: string[];
  /**
   * An item that walks a list (the feedback to a closed incident's linked reporters) delivered in part:
   * the index to go on from. The item stays, at that index, still held by the same claim.
   */
  cursor?: number;
  /** A nearest manager's item (issue 18): told, or found unreachable (recorded by recordManagerOutcomes). */
  manager?: 'told' | 'unreachable';
}

/**
 * Removes what Teams accepted. A card update whose revision was raised meanwhile stays, still held by
 * the same claim: `resend` lists it, and its holder sends the current card again. An item delivered in
 * part stays with its cursor moved on: `advanced` lists it, for its holder to go on with.
 */
export function removeDelivered(outbox: OutboxItem[], delivered: readonly Delivered[]): { outbox: OutboxItem[]; resend: OutboxItem[]; advanced: OutboxItem[] } {
  const resend: OutboxItem[] = [];
  const advanced: OutboxItem[] = [];
  const kept: OutboxItem[] = [];
  for (const item of outbox) {
    const d = delivered.find((x) => x.id === item.id && x.claim === item.claim && x.post === undefined);
    if (!d) kept.push(item);
    else if (d.doneChannels !== undefined) kept.push({ ...item, doneChannels: [...new Set([...(item.doneChannels ?? []), ...d.doneChannels])] });
    else if (d.cursor !== undefined) {
      const next = { ...item, cursor: Math.max(item.cursor ?? 0, d.cursor) };
      advanced.push(next);
      kept.push(next);
    } else if (item.rev !== undefined && d.rev !== undefined && item.rev > d.rev) {
      resend.push(item);
      kept.push(item);
    }
  }
  return { outbox: kept, resend, advanced };
}

/**
 * Which due-index row brings the case back to the sweep when the items a change claims now are due
 * for a retry (the holder died or Teams failed). A row that is due before the lease ends (plus one
 * lease of slack) will do: the sweep that visits it either retakes the expired items or moves the
 * case's row to their lease. A pending one-shot retry row in the future is reused (a burst of actions
 * on one case writes one row). Otherwise a new retry row is needed, written before the change.
 */
export function coverage(
  schedule: CaseSchedule,
  /** When `schedule.key` is due, if known. */
  keyDueAt: string | undefined,
  now: Date,
  leaseMs: number,
): { lease: string } | { needsRowAt: Date } {
  const lease = now.getTime() + leaseMs;
  if (schedule.retryAt && Date.parse(schedule.retryAt) >= now.getTime() + MIN_LEASE_MS && Date.parse(schedule.retryAt) <= lease + leaseMs) {
    return { lease: schedule.retryAt };
  }
  if (keyDueAt !== undefined && Date.parse(keyDueAt) <= lease + leaseMs) return { lease: new Date(lease).toISOString() };
  // On a minute boundary: several instances and actions meet the same row.
  return { needsRowAt: new Date(Math.ceil(lease / 60_000) * 60_000) };
}

/** A lease shorter than this is too short for a delivery to finish: take a new row instead. */
export const MIN_LEASE_MS = 30_000;
