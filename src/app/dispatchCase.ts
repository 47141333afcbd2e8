import { randomUUID } from 'node:crypto';
import type { BreachCase, CasePost } from '../domain/case';
import { claimPosts, postState, recordPosts, type PostOutcome } from '../domain/outbox';
import type { CoordinationDeps } from './coordinationDeps';
import { CENTRAL_UNIT_ID, isAmbiguousFailure, type Versioned } from './ports';
import { RETRY_MS, reschedule } from './deliverOutbox';
import { updateCase } from './updateCase';

/** How long a claimed post is reserved for the instance that claimed it. */
export const POST_LEASE_MS = 120_000;

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
 * Posts the case card into every channel it is routed to that has not got it yet, each post claimed
 * on the case (under its ETag) before it is sent and its thread recorded after: of two presses of
 * "send", a Teams retry, two instances or a sweep racing a confirm, only the claim holder posts.
 * A post Teams refused is released for the next sweep; one Teams may have accepted (500, 504, a lost
 * answer) gets one more attempt at once, and after a second such failure no more (at most one extra card).
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
  let routed: CasePost[] | null = null;
  // A report linked to another case gets no card of its own: that case's card counts it (issue 10).
  if (base.posts.length === 0 && base.work.linkedTo !== null) return { posted: 0, pending: 0, breachCase: version };
  if (base.posts.length === 0) {
    routed = await routeCase(deps, base);
    if (routed.length === 0 && !addPost) {
      // Nowhere to post yet (no central channel registered): the sweep tries again later.
      deps.log.warn('case.unrouted', { case: base.number });
      return { posted: 0, pending: 0, breachCase: version };
    }
  }

  let posted = 0;
  let pending = 0;
  let only: ReadonlySet<string> | undefined;
  // A second pass only for a post whose first send Teams may have taken (the one extra attempt).
  for (let pass = 0; pass < 2; pass++) {
    const now = deps.clock.now();
    const token = randomUUID();
    const claimUntil = new Date(now.getTime() + POST_LEASE_MS).toISOString();
    const claimed = await updateCase<string[]>(
      deps.cases,
      tenantId,
      caseId,
      (c) => {
        let posts = c.posts;
        if (posts.length === 0 && routed) posts = routed;
        if (addPost && !posts.some((p) => p.channel.channelId === addPost.channel.channelId)) posts = [...posts, addPost];
        const claim = claimPosts(posts, now, { token, until: claimUntil }, only);
        return { next: claim.claimed.length > 0 ? { ...c, posts: claim.posts } : null, result: claim.claimed };
      },
      version,
    );
    if (!claimed?.saved) return { posted, pending };
    version = claimed.saved;
    const channels = claimed.result;
    if (channels.length === 0) break;

    const breachCase = claimed.saved.value;
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
    const recorded = await updateCase(deps.cases, tenantId, caseId, (c) => ({ next: { ...c, posts: recordPosts(c.posts, token, outcomes, deps.clock.now()) }, result: undefined }), version);
    if (recorded?.saved) version = recorded.saved;

    for (const [channelId, outcome] of outcomes) {
      const post = version?.value.posts.find((p) => p.channel.channelId === channelId);
      if (outcome.kind === 'posted') {
        posted += 1;
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
        if (post && postState(post, deps.clock.now()) === 'given_up') deps.log.error('case.post.given_up', new Error('two sends Teams may have accepted'), { case: breachCase.number });
      }
    }
    const again = [...outcomes].filter(([, o]) => o.kind === 'ambiguous').map(([channelId]) => channelId);
    if (again.length === 0) break;
    only = new Set(again);
    pending -= again.length;
  }
  const dueAt = version?.value.schedule.dueAt;
  const now = deps.clock.now();
  if (pending > 0 && version && dueAt !== undefined && Date.parse(dueAt) > now.getTime() + RETRY_MS) {
    // A post Teams refused (or the pacer deferred) is due again after RETRY_MS, but the case's row may
    // point later (a sweep that met the claim moved it to the claim's end): brought forward, never back.
    const moved = await reschedule(deps, tenantId, caseId, now, RETRY_MS, version);
    if (moved.version) version = moved.version;
  }
  return { posted, pending, breachCase: version };
}
