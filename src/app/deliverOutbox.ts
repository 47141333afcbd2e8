/**
 * Delivering what a claim holds from the case's outbox, and recording it: the one path every Teams side
 * effect of a case leaves by (channel posts, reminders, reporter messages, card updates, thread lines,
 * links to other cases, the central channel's notices). The claim was
 * written before (by the sweep, or in the same write as a coordinator's change); here only the holder's
 * items are sent, and what Teams accepted is removed in the write that also moves the case in the
 * due-index. What fails stays, with its lease: a later sweep on any instance delivers it.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { BreachCase, CasePost, OutboxItem } from '../domain/case';
import { claimPosts, POST_ITEM, postInFlight, postItemId, type Delivered } from '../domain/outbox';
import { linkedFeedback } from '../domain/visibility';
import type { CoordinationDeps } from './coordinationDeps';
import { changeCase } from './changeCase';
import { closeLinkedReport, forgetLink, linkInto } from './linkReports';
import { CENTRAL_UNIT_ID, DeliveryError, isAmbiguousFailure, StorageUnavailableError, SYSTEM_ACTOR, type Versioned } from './ports';
import { acceptedManager, acceptedPost, rememberAccepted, RETRY_MS, reschedule } from './reschedule';
import { writtenSince } from './writtenCases';
import { askReporterToTellManager, deliverToManager } from './tellManager';
import { recordManagerOutcomes, REPORTER_TELL_MANAGER } from '../domain/nearestManager';
import { deliverCommitteeItem } from './deliverCommittee';

export { RETRY_MS } from './reschedule';

export interface DeliveryReport {
  delivered: Delivered[];
  failed: number;
  /** The case as last written or read. */
  version?: Versioned<BreachCase>;
}

/**
 * Sends the items the claim `token` holds on `version`, then records them (with the due-index move).
 * A card update whose revision was raised while it was being sent is sent again from the recorded
 * case, at most twice more; after that it stays claimed and the sweep sends it after the lease.
 */
export async function deliverClaimed(deps: CoordinationDeps, version: Versioned<BreachCase>, token: string, now: Date, retryMs = RETRY_MS): Promise<DeliveryReport> {
  const items = version.value.schedule.outbox.filter((i) => i.claim === token);
  return deliverAndRecord(deps, version, items, now, retryMs);
}

interface Drain {
  latest: Versioned<BreachCase>;
  tokens: Set<string>;
  again: boolean;
  running: Promise<void>;
}

const drains = new WeakMap<CoordinationDeps, Map<string, Drain>>();
const caseKey = (c: BreachCase) => `${c.tenantId}\u0000${c.id}`;

/**
 * One delivery per case at a time in this instance: the claims of actions that arrive while a case's
 * delivery is running join it, and are sent from the newest version in its next round (one card update
 * for a burst of actions, one recording write per round instead of one per action, and no two writes of
 * this instance racing each other on the case). Correctness does not rest on this: the claims and the
 * card's revision under the ETag do; this only saves requests.
 */
export function deliverSoon(deps: CoordinationDeps, version: Versioned<BreachCase>, token: string, retryMs = RETRY_MS): Promise<void> {
  let byCase = drains.get(deps);
  if (!byCase) drains.set(deps, (byCase = new Map()));
  const key = caseKey(version.value);
  const running = byCase.get(key);
  if (running) {
    running.tokens.add(token);
    running.again = true;
    return running.running;
  }
  const drain: Drain = { latest: version, tokens: new Set([token]), again: true, running: Promise.resolve() };
  byCase.set(key, drain);
  drain.running = (async () => {
    try {
      // A version handed over may predate this drain's last recording: what was delivered is not sent again.
      const done = new Set<string>();
      const doneKey = (d: Delivered) => `${d.id}|${d.claim}|${d.rev ?? ''}`;
      for (let round = 0; drain.again && round < 20; round++) {
        drain.again = false;
        // The newest version this instance wrote (an action's or this drain's last recording).
        const from = writtenSince(deps, version.value, -1) ?? drain.latest;
        const items = from.value.schedule.outbox.filter(
          (i) => i.claim !== undefined && drain.tokens.has(i.claim) && !done.has(doneKey({ id: i.id, claim: i.claim, rev: i.rev })),
        );
        if (items.length === 0) continue;
        const report = await deliverAndRecord(deps, from, items, deps.clock.now(), retryMs);
        for (const d of report.delivered) done.add(doneKey(d));
        if (report.version) drain.latest = report.version;
      }
    } finally {
      byCase!.delete(key);
    }
  })();
  return drain.running;
}

/**
 * Items sent between two recordings. A claim may hold hundreds (the close of a known incident owes every
 * linked reporter a message): recorded in batches, a crash re-sends at most one batch, and the holder
 * stops before its lease runs out instead of racing the instance that retakes the items after it.
 */
export const DELIVERY_BATCH = 25;
/** A batch is started only while the claim's lease has at least this long left. */
export const LEASE_MARGIN_MS = 15_000;

export async function deliverAndRecord(deps: CoordinationDeps, version: Versioned<BreachCase>, claimed: OutboxItem[], now: Date, retryMs = RETRY_MS): Promise<DeliveryReport> {
  const all: Delivered[] = [];
  let failed = 0;
  let current: Versioned<BreachCase> | undefined = version;
  let pending = claimed;
  // A card update whose revision was raised while it was sent goes again, at most twice.
  let resendRounds = 0;
  // The leases were taken at `now`; the time this delivery has run since is added to it.
  const started = performance.now();
  while (pending.length > 0 && current) {
    const batch = pending.slice(0, DELIVERY_BATCH);
    pending = pending.slice(DELIVERY_BATCH);
    const left = Math.min(...batch.map((i) => Date.parse(i.leaseUntil))) - (now.getTime() + performance.now() - started);
    if (left < LEASE_MARGIN_MS) break; // left with its lease: the sweep retakes it when the lease ends
    const sent = await deliverItems(deps, current, batch, now);
    failed += sent.failed;
    all.push(...sent.delivered);
    const recorded = await recordDelivery(deps, version.value, now, retryMs, sent.version, sent.delivered, started + Math.max(0, left - LEASE_MARGIN_MS));
    if (!recorded) break;
    await auditPosts(deps, version.value, recorded.version?.value, sent.delivered);
    current = recorded.version ?? undefined;
    // A walking item delivered in part, without a failure, goes on from its recorded cursor.
    pending = [...pending, ...recorded.advanced.filter((a) => !sent.failedIds.includes(a.id))];
    const again = recorded.resend.filter((r) => !pending.some((p) => p.id === r.id));
    if (again.length > 0 && resendRounds < 2) {
      resendRounds += 1;
      pending = [...pending, ...again];
    }
  }
  return { delivered: all, failed, version: current };
}

/** Every card Teams accepted is audited (actor Brudvagt), once it is recorded. */
async function auditPosts(deps: CoordinationDeps, c: BreachCase, after: BreachCase | undefined, delivered: readonly Delivered[]): Promise<void> {
  for (const d of delivered) {
    if (d.post?.kind !== 'posted') continue;
    const post = (after ?? c).posts.find((p) => p.activityId === (d.post as { activityId: string }).activityId) ?? c.posts.find((p) => `post:${p.channel.channelId}` === d.id);
    await deps.audit.append({
      at: d.post.postedAt,
      tenantId: c.tenantId,
      actorAadId: SYSTEM_ACTOR.aadObjectId,
      actorName: SYSTEM_ACTOR.name,
      action: 'case.post',
      caseId: c.id,
      outcome: 'allowed',
      detail: post ? (post.viaCentral ? `central:${post.unitId}` : post.unitId) : d.id,
    });
  }
}

/**
 * Records a batch (reschedule), tried again while the store is unavailable until `untilPerf` (the claim's
 * lease, less the margin, in performance.now() time): a store that stops after Teams accepted a card or a
 * message delays the record, it does not make the next holder send it again. Still failing at the end:
 * what Teams accepted is kept in this instance (rememberAccepted) and recorded by its next write of the
 * case; only a crash between Teams' answer and the record loses it (README, "Why none is lost or doubled").
 */
async function recordDelivery(
  deps: CoordinationDeps,
  c: BreachCase,
  now: Date,
  retryMs: number,
  known: Versioned<BreachCase> | undefined,
  delivered: Delivered[],
  untilPerf: number,
): Promise<Awaited<ReturnType<typeof reschedule>> | null> {
  for (let wait = 250; ; wait = Math.min(wait * 2, 4000)) {
    try {
      return await reschedule(deps, c.tenantId, c.id, now, retryMs, known, delivered);
    } catch (error) {
      if (!(error instanceof StorageUnavailableError) || performance.now() + wait > untilPerf) {
        rememberAccepted(deps, c, delivered);
        deps.log.error('outbox.record.failed', error, { case: c.number });
        return null;
      }
      known = undefined;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** Sends each item; returns what Teams accepted. A failure leaves the item for a retry. */
export async function deliverItems(
  deps: CoordinationDeps,
  version: Versioned<BreachCase>,
  items: OutboxItem[],
  now: Date,
): Promise<{ delivered: Delivered[]; failed: number; failedIds: string[]; version: Versioned<BreachCase> | undefined }> {
  let c = version.value;
  let known: Versioned<BreachCase> | undefined = version;
  const delivered: Delivered[] = [];
  let failed = 0;
  const lineFailed = new Set<string>();
  const failedIds: string[] = [];
  for (const item of items) {
    if (item.kind === POST_ITEM) {
      const sent = await deliverPost(deps, c, item);
      delivered.push(sent.delivered);
      if (sent.posted) c = sent.posted;
      else {
        failed += 1;
        failedIds.push(item.id);
      }
      continue;
    }
    if (item.kind === 'reporter_closed_linked') {
      const walked = await tellLinkedReporters(deps, c, item);
      if (walked.delivered) delivered.push(walked.delivered);
      if (walked.failed) {
        failed += 1;
        failedIds.push(item.id);
      }
      continue;
    }
    try {
      if (item.target === 'manager') {
        // The nearest manager (issue 18): what it came to is recorded on the case with the delivery. An
        // outcome this instance could not record before (a store outage) is not sent again.
        const done: Delivered = { id: item.id, claim: item.claim, manager: acceptedManager(deps, c, item.id) ?? (await deliverToManager(deps, c, item)) };
        delivered.push(done);
        // The next manager item of this batch sees it: the reporter is asked once, the manager told once.
        c = recordManagerOutcomes(c, [done], now, (x) => x);
        continue;
      }
      if (item.target === 'committee') {
        // The information-security committee's card, its redraws and reminders (issue 18, part 2).
        const sent = await deliverCommitteeItem(deps, c, item, now);
        delivered.push(sent.delivered);
        if (sent.posted) c = sent.posted;
        if (sent.delivered.committee?.kind === 'failed' || sent.delivered.committee?.kind === 'missing') {
          failed += 1;
          failedIds.push(item.id);
        }
        continue;
      }
      if (item.target === 'reporter') await deliverToReporter(deps, c, item);
      else if (item.target === 'incident') await (item.kind === 'forget_link' ? forgetLink(deps, c, item.detail ?? '') : linkInto(deps, c));
      else if (item.target === 'notice') await noticeToCentral(deps, c, item);
      else if (item.target === 'record') {
        if (item.detail) await deps.audit.forgetActor(c.tenantId, c.id, item.detail);
        // The nearest manager remembered from this report goes with it (issue 18).
        if (item.detail) await deps.people?.forgetManagerUpTo(c.tenantId, item.detail, c.reportedAt);
      }
      else if (item.target === 'post') {
        const post = postFor(c, item);
        if (!post) throw new Error('no posted card for this item');
        if (item.kind === 'card_update') await deps.notifier.updateCaseCard(post, c);
        else {
          // Lines of one thread keep their order: after one failed, the rest wait for the retry.
          if (lineFailed.has(post.channel.channelId)) throw new Error('an earlier line of this thread is pending');
          try {
            await deps.notifier.postThreadLine(post, item.line!);
          } catch (error) {
            lineFailed.add(post.channel.channelId);
            throw error;
          }
        }
      } else {
        if (item.target === 'central') {
          const ensured = await ensureCentralPost(deps, c, now);
          c = ensured.value;
          known = ensured;
        }
        const said = await remindInChannels(deps, c, item, now);
        if (said.failed) {
          // The channels that heard it are recorded; the item stays for the rest (retried after its lease).
          if (said.done.length > 0) delivered.push({ id: item.id, claim: item.claim, doneChannels: said.done });
          throw said.failed;
        }
      }
      delivered.push({ id: item.id, claim: item.claim, rev: item.rev });
    } catch (error) {
      failed += 1;
      failedIds.push(item.id);
      deps.log.error(item.target === 'post' ? `notify.${item.kind === 'card_update' ? 'card' : 'line'}.failed` : 'reminder.delivery.failed', error, { case: c.number, kind: item.kind });
    }
  }
  return { delivered, failed, failedIds, version: known };
}

/**
 * A reminder said in each channel of the case that has not heard it yet (an escalation in the central
 * channel only): in the card's thread, or as a post of its own where the card cannot get through. A channel
 * whose card is on its way right now (its post item held under a live claim) waits for the card, so the
 * reminder lands in its thread, not beside it. Returns the channels that heard it, and the failure if any.
 */
async function remindInChannels(deps: CoordinationDeps, c: BreachCase, item: OutboxItem, now: Date): Promise<{ done: string[]; failed?: unknown }> {
  const posts = c.posts.filter((p) => (item.target === 'central' ? p.viaCentral : true) && !(item.doneChannels ?? []).includes(p.channel.channelId));
  if (posts.length === 0 && (item.doneChannels ?? []).length === 0) return { done: [], failed: new Error('no channel to remind in yet') };
  const done: string[] = [];
  let failed: unknown;
  for (const post of posts) {
    if (!post.threadId && postInFlight(c, post.channel.channelId, now)) {
      failed ??= new Error('the card is on its way into this channel');
      continue;
    }
    try {
      await deps.notifier.remind(c, post, item, now);
      done.push(post.channel.channelId);
    } catch (error) {
      failed ??= error;
    }
  }
  return failed === undefined ? { done } : { done, failed };
}

/**
 * The case card into a channel as a new thread (a post item). Posted: the case as it is now, with the
 * thread, so the reminders and lines of the same delivery are said in it; audited. Failed: what Teams
 * answered decides the backoff (src/domain/outbox.ts, recordPostOutcomes).
 */
async function deliverPost(deps: CoordinationDeps, c: BreachCase, item: OutboxItem): Promise<{ delivered: Delivered; posted?: BreachCase }> {
  const post = c.posts.find((p) => p.channel.channelId === item.channelId);
  // In its channel already (or the post is gone): nothing owed, the item goes.
  if (!post || post.threadId) return { delivered: { id: item.id, claim: item.claim }, posted: c };
  // Teams took this card before, but the store was out too long to record it: record it now, never post twice.
  const earlier = acceptedPost(deps, c, postItemId(post.channel.channelId));
  if (earlier) {
    const posts = c.posts.map((p) => (p === post ? { ...p, threadId: earlier.threadId, activityId: earlier.activityId, postedAt: earlier.postedAt } : p));
    return { delivered: { id: item.id, claim: item.claim, post: earlier }, posted: { ...c, posts } };
  }
  try {
    // Only Teams' answer is in this try: anything after it failing must not make an accepted card a failed one.
    const { threadId, activityId } = await deps.notifier.postCaseCard(post, c);
    const postedAt = deps.clock.now().toISOString();
    const posts = c.posts.map((p) => (p === post ? { ...p, threadId, activityId, postedAt } : p));
    return { delivered: { id: item.id, claim: item.claim, post: { kind: 'posted', threadId, activityId, postedAt } }, posted: { ...c, posts } };
  } catch (error) {
    const kind = error instanceof DeliveryError && error.deferred ? 'deferred' : isAmbiguousFailure(error) ? 'ambiguous' : 'refused';
    deps.log.error('case.post.failed', error, { case: c.number, outcome: kind, failures: (post.failures ?? 0) + (kind === 'deferred' ? 0 : 1) });
    return { delivered: { id: item.id, claim: item.claim, post: { kind } } };
  }
}

/** Linked reporters told per delivery of the walking item, between two recordings of its cursor. */
export const LINKED_BATCH = 25;

/**
 * The closed case's feedback to the next LINKED_BATCH of its linked reporters (each linked report
 * closed with it first when nobody worked on it). Delivered: the item is done; delivered with a cursor:
 * it goes on from there (the holder continues, or after a crash whoever retakes it); a failure stops the
 * walk at the report that failed, so what was told is recorded and the rest waits for the retry.
 */
async function tellLinkedReporters(deps: CoordinationDeps, c: BreachCase, item: OutboxItem): Promise<{ delivered?: Delivered; failed: boolean }> {
  const from = item.cursor ?? 0;
  // Items queued before `end` existed walked the whole list (and a late link could be told twice).
  const end = Math.min(item.end ?? c.linkedFrom.length, c.linkedFrom.length);
  let at = from;
  let failed = false;
  for (const linked of c.linkedFrom.slice(from, Math.min(from + LINKED_BATCH, end))) {
    try {
      const report = await closeLinkedReport(deps, c, linked.number);
      // What a linked reporter may read of this case is the visibility policy's (src/domain/visibility.ts).
      if (report) await deps.notifier.sendToReporter(linkedFeedback(report, c), { kind: 'closed' });
      at += 1;
    } catch (error) {
      failed = true;
      deps.log.error('reminder.delivery.failed', error, { case: c.number, kind: item.kind });
      break;
    }
  }
  const base = { id: item.id, claim: item.claim };
  if (!failed && at >= end) return { delivered: base, failed };
  return { delivered: at > from ? { ...base, cursor: at } : undefined, failed };
}

function postFor(c: BreachCase, item: OutboxItem): CasePost | undefined {
  return c.posts.find((p) => p.channel.channelId === item.channelId && p.activityId);
}

/** The reporter's messages travel through the outbox too: a Teams outage delays them, never drops them. */
async function deliverToReporter(deps: CoordinationDeps, c: BreachCase, item: OutboxItem): Promise<void> {
  if (item.kind === 'reporter_acknowledged') return deps.notifier.sendToReporter(c, { kind: 'acknowledged', ownerName: item.detail ?? '' });
  if (item.kind === 'reporter_linked') return deps.notifier.sendToReporter(c, { kind: 'linked', toCaseNumber: item.detail ?? '' });
  if (item.kind === 'reporter_routed') return deps.notifier.sendToReporter(c, { kind: 'routed', units: item.detail ?? '' });
  if (item.kind === REPORTER_TELL_MANAGER) return askReporterToTellManager(deps, c, item);
  if (item.kind === 'reporter_closed') {
    if (!item.detail) return deps.notifier.sendToReporter(c, { kind: 'closed' });
    // A report linked to this incident: closed with it when nobody worked on it, and its reporter gets
    // this case's feedback under their own number. One anonymized by retention has nobody to tell.
    const linked = await closeLinkedReport(deps, c, item.detail);
    if (linked) await deps.notifier.sendToReporter(linkedFeedback(linked, c), { kind: 'closed' });
  }
}

/**
 * The central channel is told that the case's card cannot reach a channel (src/domain/outbox.ts,
 * recordPostOutcomes): the case number, the channel, since when, and the deadline, never report content.
 * Without a central registration there is nobody to tell: logged for the operators, and done.
 */
async function noticeToCentral(deps: CoordinationDeps, c: BreachCase, item: OutboxItem): Promise<void> {
  const post = c.posts.find((p) => p.channel.channelId === item.channelId);
  if (!post || post.threadId) return;
  const central = await deps.units.get(c.tenantId, CENTRAL_UNIT_ID);
  if (!central) {
    deps.log.error('case.post.failing', new Error('no central channel to tell'), { case: c.number, failures: post.failures ?? 0 });
    return;
  }
  await deps.notifier.postFailing(central, c, post);
}

/**
 * Escalation: the case card also goes to the central channel (once: the post is added and its item
 * claimed in one write, so of two instances only one posts it), where the escalation is then said.
 */
async function ensureCentralPost(deps: CoordinationDeps, c: BreachCase, now: Date): Promise<Versioned<BreachCase>> {
  const central = await deps.units.get(c.tenantId, CENTRAL_UNIT_ID);
  if (!central) throw new Error('no central channel registered');
  const channelId = central.channel.channelId;
  const copy: CasePost = { unitId: CENTRAL_UNIT_ID, unitName: 'central', channel: central.channel, viaCentral: true, locale: central.locale };
  const claim = { token: randomUUID(), until: new Date(now.getTime() + RETRY_MS).toISOString() };
  const claimed = await changeCase<OutboxItem[]>(deps.cases, c.tenantId, c.id, (current) => {
    const posts = current.posts.some((p) => p.channel.channelId === channelId) ? current.posts : [...current.posts, copy];
    // Only the central copy: the other channels' posts keep their own claims and backoffs.
    const taken = claimPosts({ ...current, posts }, now, claim, channelId);
    return { next: taken.claimed.length > 0 ? taken.next : null, result: taken.claimed };
  });
  if (!claimed) throw new Error('case gone');
  let fresh = claimed.saved;
  if (claimed.result.length > 0) fresh = (await deliverAndRecord(deps, fresh, claimed.result, now)).version ?? fresh;
  // Another instance holds the claim on it (or Teams failed): the escalation waits in the outbox.
  if (!fresh.value.posts.find((p) => p.channel.channelId === channelId)?.threadId) throw new Error('central post not delivered yet');
  return fresh;
}
