/**
 * What a case owes the information-security committee's channel (issue 18, part 2), as outbox items like
 * every Teams effect of a case: claimed under the case's ETag, delivered by src/app/deliverOutbox.ts
 * (src/app/deliverCommittee.ts), removed once Teams accepted them. Pure: no I/O, time comes in.
 * - `committee:post` the card, into the channel registered with `tilmeld udvalg` (resolved at delivery).
 *   Owed while the committee was asked and has not decided, whatever the case's status (a decision on a
 *   closed case is allowed, so its card must arrive), until the case is anonymized. Never given up: after a
 *   failure it waits postBackoffMs like the case card's posts. With no committee registered it waits the
 *   same way (the card goes as soon as one is), and the central channel is told once (`committee:missing`),
 *   and the coordinators' card says so. After NOTICE_AFTER_FAILURES failed sends to a registered channel
 *   (Teams refuses: the bot was removed from the committee's team) the central channel is told once
 *   (`committee:failing`) while the bot keeps trying.
 * - Moved or unregistered committee: a redraw or a reminder of a card still awaiting its decision finds
 *   the registered channel is not the card's (src/app/deliverCommittee.ts answers 'moved'); the saved post
 *   is forgotten and `committee:post` queued again, so the card goes anew to the registered channel (or
 *   waits, missing, when none is), and the reminder is said there. The old card's buttons are refused
 *   (visibility.ts mayDecideCrisisCell checks the registration). Reminders stop on close (reminders.ts),
 *   so a closed, undecided case moves only on its next change.
 * - `committee:card` the card redrawn after any change of the case (coalesced, one pending per case).
 * - `cm-N` the committee's reminders (src/domain/reminders.ts), in the card's thread.
 */
import type { BreachCase, ChannelAddress, CommitteePost, Locale, OutboxItem } from './case';
import { NOTICE_AFTER_FAILURES, postBackoffMs, queueCardRefresh, type Claim, type Delivered } from './outbox';
import type { ReminderSlot } from './reminders';

export const COMMITTEE_POST_ID = 'committee:post';
export const COMMITTEE_CARD_ID = 'committee:card';
export const COMMITTEE_MISSING_ID = 'committee:missing';
export const COMMITTEE_POST_KIND = 'committee_post';
export const COMMITTEE_CARD_KIND = 'committee_card';
export const COMMITTEE_MISSING_KIND = 'committee_missing';
export const COMMITTEE_FAILING_ID = 'committee:failing';
export const COMMITTEE_FAILING_KIND = 'committee_failing';
export const COMMITTEE_REMINDER_KIND = 'committee';

/** What one delivery of the committee's card came to (recorded by recordCommitteeOutcome). */
export type CommitteeOutcome =
  | { kind: 'posted'; channel: ChannelAddress; locale: Locale; threadId: string; activityId: string; postedAt: string }
  /** Teams did not take it (or may have): tried again after the backoff. */
  | { kind: 'failed' }
  /** No committee channel is registered: tried again after the backoff; the central channel told once. */
  | { kind: 'missing' }
  /** The card awaits a decision in channel `from`, which is no longer the registered one: posted anew. */
  | { kind: 'moved'; from: string };

/** Is the committee's card owed in its channel: asked, not decided, the case not anonymized (any status)? */
export function committeeCardOwed(c: Pick<BreachCase, 'work' | 'anonymizedAt'>): boolean {
  return !!c.work.committee && c.work.committee.decision === null && c.anonymizedAt === undefined;
}

/**
 * The committee's items a change owes, claimed by the change's claim: the card's post when the committee
 * was asked and its card is not in its channel (nor on its way), and a redraw of a posted card.
 */
export function oweCommittee(c: BreachCase, claim: Claim, now: Date): BreachCase {
  if (!c.work.committee) return c;
  const at = now.toISOString();
  let outbox = c.schedule.outbox;
  let committeePost: CommitteePost = c.committeePost ?? {};
  if (!committeePost.activityId) {
    if (outbox.some((i) => i.id === COMMITTEE_POST_ID) || !committeeCardOwed(c)) return c;
    outbox = [...outbox, { id: COMMITTEE_POST_ID, kind: COMMITTEE_POST_KIND, target: 'committee', at, leaseUntil: claim.until, claim: claim.token, attempts: 1 }];
  } else {
    const pending = outbox.find((i) => i.id === COMMITTEE_CARD_ID);
    if (pending && pending.claim !== undefined && pending.leaseUntil > at) {
      // Its live holder sees the raised revision and sends the current card again (removeDelivered).
      outbox = outbox.map((i) => (i === pending ? { ...i, rev: (i.rev ?? 0) + 1 } : i));
    } else {
      const item: OutboxItem = {
        id: COMMITTEE_CARD_ID,
        kind: COMMITTEE_CARD_KIND,
        target: 'committee',
        at,
        rev: (pending?.rev ?? 0) + 1,
        leaseUntil: claim.until,
        claim: claim.token,
        attempts: (pending?.attempts ?? 0) + 1,
      };
      outbox = [...outbox.filter((i) => i.id !== COMMITTEE_CARD_ID), item];
    }
  }
  committeePost = { ...committeePost };
  return { ...c, committeePost, schedule: { ...c.schedule, outbox } };
}

/** Is a committee item whose lease ran out still owed (claimDue)? `owedSlots`: the reminder slots owed now. */
export function committeeItemOwed(c: BreachCase, item: OutboxItem, owedSlots: ReadonlySet<string>): boolean {
  // Owed until the committee decides, closed or not (its decision on a closed case is allowed): a closed
  // case without a committee keeps polling at the backoff's slowest pace until one is registered.
  if (item.kind === COMMITTEE_POST_KIND) return committeeCardOwed(c) && !c.committeePost?.activityId;
  if (item.kind === COMMITTEE_CARD_KIND) return !!c.committeePost?.activityId;
  if (item.kind === COMMITTEE_MISSING_KIND || item.kind === COMMITTEE_FAILING_KIND) return !c.committeePost?.activityId;
  return owedSlots.has(item.id);
}

/** The committee's card is never given up (like the case card's posts): a decision waits on it. */
export const committeeNeverGivenUp = (item: OutboxItem): boolean => item.kind === COMMITTEE_POST_KIND;

/** Of the committee's due reminder slots, the one to say (the latest): one message per case, as for the thread. */
export function committeeReminder(due: readonly ReminderSlot[]): ReminderSlot | null {
  let latest: ReminderSlot | null = null;
  for (const slot of due) if (slot.target === 'committee' && (latest === null || slot.at > latest.at)) latest = slot;
  return latest;
}

/**
 * Records what deliveries of the committee's card came to, in the write that records the rest (before
 * removeDelivered: a failed item released here has no claim left, so it stays for its retry).
 */
export function recordCommitteeOutcomes(c: BreachCase, delivered: readonly (Delivered & { committee?: CommitteeOutcome })[], now: Date): BreachCase {
  const outcomes = delivered.filter((d) => d.committee !== undefined);
  if (outcomes.length === 0) return c;
  const at = now.toISOString();
  let next = c;
  for (const d of outcomes) {
    const outcome = d.committee!;
    const post: CommitteePost = next.committeePost ?? {};
    if (outcome.kind === 'posted') {
      if (post.activityId) continue;
      const wasMissing = post.missingSince !== undefined;
      const { failures: _f, missingSince: _m, sendFailures: _s, ...rest } = post;
      next = { ...next, committeePost: { ...rest, channel: outcome.channel, locale: outcome.locale, threadId: outcome.threadId, activityId: outcome.activityId, postedAt: outcome.postedAt } };
      // The coordinators' card said no committee was registered: it is redrawn.
      if (wasMissing) next = queueCardRefresh(next, now, 0).next;
      continue;
    }
    if (outcome.kind === 'moved') {
      next = recordMoved(next, d, outcome.from, now);
      continue;
    }
    const item = next.schedule.outbox.find((i) => i.id === d.id && i.claim === d.claim);
    if (!item || post.activityId) continue;
    const failures = (post.failures ?? 0) + 1;
    const { claim: _claim, ...released } = item;
    let outbox = next.schedule.outbox.map((i) => (i === item ? { ...released, leaseUntil: new Date(now.getTime() + postBackoffMs(failures)).toISOString() } : i));
    let committeePost: CommitteePost = { ...post, failures };
    let refresh = false;
    if (outcome.kind === 'failed') {
      // Teams refused the registered channel (a 403 once the bot left the committee's team is for good):
      // the central channel is told once, without report text, while the bot keeps trying.
      const sendFailures = (post.sendFailures ?? 0) + 1;
      committeePost = { ...committeePost, sendFailures };
      if (sendFailures >= NOTICE_AFTER_FAILURES && !post.failingNoticeAt) {
        committeePost.failingNoticeAt = at;
        outbox = [...outbox.filter((i) => i.id !== COMMITTEE_FAILING_ID), { id: COMMITTEE_FAILING_ID, kind: COMMITTEE_FAILING_KIND, target: 'committee', at, leaseUntil: at, attempts: 0 }];
      }
    }
    if (outcome.kind === 'missing') {
      committeePost = { ...committeePost, missingSince: post.missingSince ?? at };
      if (!post.missingNoticeAt) {
        committeePost.missingNoticeAt = at;
        outbox = [...outbox, { id: COMMITTEE_MISSING_ID, kind: COMMITTEE_MISSING_KIND, target: 'committee', at, leaseUntil: at, attempts: 0 }];
        refresh = true;
      }
    }
    next = { ...next, committeePost, schedule: { ...next.schedule, outbox } };
    if (refresh) next = queueCardRefresh(next, now, 0).next;
  }
  return next;
}

/**
 * The card awaits its decision in a channel that is no longer the committee's (moved with `tilmeld udvalg`
 * elsewhere, or `afmeld udvalg`): the saved post is forgotten and the card's post queued first in the
 * outbox, due now, so it goes anew to the registered channel (or waits, missing, with the central channel
 * told again). The reminder that found it is released, to be said after the post in the new thread (also
 * when another item of the same delivery moved the card already); a redraw of the old card is dropped.
 * Decided meanwhile: nothing moves, and the reminder is owed no more.
 */
function recordMoved(c: BreachCase, d: Delivered, from: string, now: Date): BreachCase {
  if (!committeeCardOwed(c)) return c;
  const at = now.toISOString();
  const post = c.committeePost ?? {};
  const found = c.schedule.outbox.find((i) => i.id === d.id && i.claim === d.claim);
  let outbox = c.schedule.outbox.filter((i) => i !== found);
  if (found?.kind === COMMITTEE_REMINDER_KIND) {
    const { claim: _claim, ...free } = found;
    outbox = [...outbox, { ...free, leaseUntil: at }];
  }
  if (!post.activityId || post.channel?.channelId !== from) return { ...c, schedule: { ...c.schedule, outbox } };
  const postItem: OutboxItem = { id: COMMITTEE_POST_ID, kind: COMMITTEE_POST_KIND, target: 'committee', at, leaseUntil: at, attempts: 0 };
  outbox = outbox.filter((i) => ![COMMITTEE_POST_ID, COMMITTEE_CARD_ID, COMMITTEE_MISSING_ID, COMMITTEE_FAILING_ID].includes(i.id));
  return { ...c, committeePost: {}, schedule: { ...c.schedule, outbox: [postItem, ...outbox] } };
}
