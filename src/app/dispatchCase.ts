import { randomUUID } from 'node:crypto';
import type { BreachCase, CasePost } from '../domain/case';
import { claimPosts, needsRouting, recordPosts, type PostOutcome } from '../domain/outbox';
import { changeCase } from './changeCase';
import type { CoordinationDeps } from './coordinationDeps';
import { CENTRAL_UNIT_ID, isAmbiguousFailure, StorageUnavailableError, type Versioned } from './ports';
import { RETRY_MS, reschedule } from './reschedule';

/** How long a claimed post is reserved for the instance that claimed it. */
export const POST_LEASE_MS = 120_000;
/** Recording a post Teams accepted is tried until this long before its claim ends (a store outage). */
const RECORD_MARGIN_MS = 15_000;

/**
 * Where the case card goes: each chosen unit's channel; a unit without a channel, or a report without
 * a unit, to the central channel with a note. Two units served by one channel get one card.
 */
export async function routeCase(deps: CoordinationDeps, breachCase: BreachCase): Promise<CasePost[]> {
  const central = await deps.units.get(breachCase.tenantId, CENTRAL_UNIT_ID);
  const posts: CasePost[] = [];
  const unitIds = breachCase.report.unitIds.length > 0 ? breachCase.report.unitIds : [CENTRAL_UNIT_ID];
  for (const unitId of unitIds) {
    const unit = unitId === CENTRAL_UNIT_ID ? null : await deps.units.get(breachCase.tenantId, unitId);
    const target = unit ?? central;
    if (!target) continue;
    if (posts.some((p) => p.channel.channelId === target.channel.channelId)) continue;
    posts.push({ unitId, unitName: unit?.name ?? unitId, channel: target.channel, viaCentral: !unit, locale: target.locale });
  }
  return posts;
}

export interface DispatchResult {
  posted: number;
  pending: number;
  /** The case as last written or read here. */
  breachCase?: Versioned<BreachCase>;
}

/**
 * Posts Teams accepted whose recording has not reached the store yet, per instance: the activity id is
 * kept until it is recorded (a store outage may delay the record, not cause a second card). Only a crash
 * between Teams' answer and the record loses it (README, "Why none is lost or doubled").
 */
const accepted = new WeakMap<object, Map<string, Map<string, PostOutcome>>>();
const acceptedOf = (deps: CoordinationDeps, c: BreachCase) => {
  let byCase = accepted.get(deps);
  if (!byCase) accepted.set(deps, (byCase = new Map()));
  return byCase.get(`${c.tenantId}|${c.id}`);
};

/**
 * Posts the case card into every channel it is routed to that has not got it yet, each post claimed
 * on the case (under its ETag) before it is sent and its thread recorded after: of two presses of
 * "send", a Teams retry, two instances or a sweep racing a confirm, only the claim holder posts.
 * A post that failed waits its backoff and is tried again by whoever meets it then, for as long as it
 * takes (src/domain/outbox.ts: never given up; the central channel is told after repeated failures).
 */
export async function dispatchCase(
  deps: CoordinationDeps,
  tenantId: string,
  caseId: string,
  /** The case as just created: saves routing reads when it has posts already. */
  known?: BreachCase,
  /** A post to add first when its channel has none yet (the escalation's central copy). */
  addPost?: CasePost,
): Promise<DispatchResult> {
  let version: Versioned<BreachCase> | undefined;
  let base = known;
  if (!base) {
    const current = await deps.cases.get(tenantId, caseId);
    if (!current) return { posted: 0, pending: 0 };
    version = current;
    base = current.value;
  }
  // A report linked to another case gets no card of its own: that case's card counts it (issue 10).
  if (base.posts.length === 0 && !needsRouting(base)) return { posted: 0, pending: 0, breachCase: version };
  let routed: CasePost[] | null = null;
  if (needsRouting(base)) {
    routed = await routeCase(deps, base);
    if (routed.length === 0 && !addPost) {
      // Nowhere to post yet (no central channel registered): the sweep tries again later.
      deps.log.warn('case.unrouted', { case: base.number });
      return { posted: 0, pending: 0, breachCase: version };
    }
  }
  const central = (await deps.units.get(tenantId, CENTRAL_UNIT_ID))?.channel.channelId;

  // 1. Claim what is due, and record what this instance had posted but could not record yet.
  const now = deps.clock.now();
  const token = randomUUID();
  const claimUntil = new Date(now.getTime() + POST_LEASE_MS).toISOString();
  const claimedAtMs = Date.now();
  const remembered = acceptedOf(deps, base);
  const claimed = await changeCase<string[]>(
    deps.cases,
    tenantId,
    caseId,
    (c) => {
      let posts = c.posts;
      if (posts.length === 0 && routed) posts = routed;
      if (addPost && !posts.some((p) => p.channel.channelId === addPost.channel.channelId)) posts = [...posts, addPost];
      let next: BreachCase = { ...c, posts };
      if (remembered?.size) next = recordPosts(next, '', remembered, now, central);
      const claim = claimPosts(next.posts, now, { token, until: claimUntil });
      return { next: claim.claimed.length > 0 || next.posts !== c.posts ? { ...next, posts: claim.posts } : null, result: claim.claimed };
    },
    version,
  );
  if (!claimed) return { posted: 0, pending: 0 };
  version = claimed.saved;
  if (remembered?.size && claimed.written) remembered.clear();
  const channels = claimed.result;
  if (channels.length === 0) return { posted: 0, pending: 0, breachCase: version };

  // 2. Send.
  const breachCase = version.value;
  const outcomes = new Map<string, PostOutcome>();
  for (const channelId of channels) {
    const post = breachCase.posts.find((p) => p.channel.channelId === channelId)!;
    try {
      const { threadId, activityId } = await deps.notifier.postCaseCard(post, breachCase);
      outcomes.set(channelId, { kind: 'posted', threadId, activityId, postedAt: deps.clock.now().toISOString() });
    } catch (error) {
      outcomes.set(channelId, { kind: isAmbiguousFailure(error) ? 'ambiguous' : 'refused' });
      deps.log.error('case.post.failed', error, { case: breachCase.number, ambiguous: isAmbiguousFailure(error) });
    }
  }

  // 3. Record: a post Teams accepted is remembered until the store has it.
  const posted = [...outcomes].filter(([, o]) => o.kind === 'posted');
  if (posted.length > 0) {
    const key = `${tenantId}|${caseId}`;
    let byCase = accepted.get(deps);
    if (!byCase) accepted.set(deps, (byCase = new Map()));
    const mine = byCase.get(key) ?? new Map<string, PostOutcome>();
    for (const [channelId, o] of posted) mine.set(channelId, o);
    byCase.set(key, mine);
  }
  // Real time, not the case clock: the claim holds for POST_LEASE_MS of real time from the claim write.
  const recorded = await recordUntil(deps, tenantId, caseId, claimedAtMs + POST_LEASE_MS - RECORD_MARGIN_MS, (c) => recordPosts(c, token, outcomes, deps.clock.now(), central), version);
  if (recorded) {
    version = recorded;
    for (const [channelId] of posted) acceptedOf(deps, breachCase)?.delete(channelId);
  }

  let pending = 0;
  for (const [channelId, outcome] of outcomes) {
    const post = version.value.posts.find((p) => p.channel.channelId === channelId);
    if (outcome.kind === 'posted') {
      await deps.audit.append({
        at: outcome.postedAt,
        tenantId,
        actorAadId: 'brudvagt',
        actorName: 'Brudvagt',
        action: 'case.post',
        caseId,
        outcome: 'allowed',
        detail: post?.viaCentral ? `central:${post.unitId}` : (post?.unitId ?? channelId),
      });
    } else {
      pending += 1;
      if ((post?.failures ?? 0) > 0) deps.log.warn('case.post.retrying', { case: breachCase.number, failures: post?.failures ?? 0, nextTryAt: post?.nextTryAt });
    }
  }
  if (pending > 0 && recorded) {
    // The case's due-index row moves to the post's backoff (never later than it: brought forward).
    const moved = await reschedule(deps, tenantId, caseId, deps.clock.now(), RETRY_MS, version);
    if (moved.version) version = moved.version;
  }
  return { posted: posted.length, pending, breachCase: version };
}

/**
 * The record write, tried again while the store is unavailable until `untilMs` (the claim's end less a
 * margin): a store that stops for 30 s after Teams accepted the card delays the record, and no other
 * sweep posts the card again meanwhile, because the claim still holds it. Null: not recorded (the
 * accepted outcome stays remembered in this instance and is recorded by its next dispatch of the case).
 */
async function recordUntil(
  deps: CoordinationDeps,
  tenantId: string,
  caseId: string,
  untilMs: number,
  record: (c: BreachCase) => BreachCase,
  known?: Versioned<BreachCase>,
): Promise<Versioned<BreachCase> | null> {
  for (let wait = 250; ; wait = Math.min(wait * 2, 4000)) {
    try {
      const done = await changeCase(deps.cases, tenantId, caseId, (c) => ({ next: record(c), result: undefined }), known);
      return done?.saved ?? null;
    } catch (error) {
      if (!(error instanceof StorageUnavailableError) || Date.now() + wait > untilMs) {
        deps.log.error('case.post.record_failed', error, {});
        return null;
      }
      known = undefined;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
