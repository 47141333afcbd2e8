import { randomUUID } from 'node:crypto';
import type { BreachCase, CasePost, OutboxItem } from '../domain/case';
import { claimPosts, needsRouting, postsDue } from '../domain/outbox';
import { changeCase } from './changeCase';
import { claimManagerItems } from '../domain/nearestManager';
import type { CoordinationDeps } from './coordinationDeps';
import { deliverAndRecord } from './deliverOutbox';
import { CENTRAL_UNIT_ID, type Versioned } from './ports';

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
 * Brings the case card into every channel it is routed to that has not got it yet: routes the case when
 * it has no posts (or adds the escalation's central copy), claims the due post items (`post:<channel>`,
 * src/domain/outbox.ts) in one write under the case's ETag, and hands the claim to the one delivery path
 * (src/app/deliverOutbox.ts), like every other Teams effect. Of two presses of "send", a Teams retry, two
 * instances or a sweep racing a confirm, only the claim holder posts. A post that failed waits its backoff
 * and is tried again by whoever meets it then, for as long as it takes.
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
  const now = deps.clock.now();
  const adding = addPost !== undefined && !base.posts.some((p) => p.channel.channelId === addPost.channel.channelId);
  if (!adding && !postsDue(base, now)) return { posted: 0, pending: base.posts.filter((p) => !p.threadId).length, breachCase: version };
  let routed: CasePost[] | null = null;
  if (needsRouting(base)) {
    routed = await routeCase(deps, base);
    if (routed.length === 0 && !addPost) {
      // Nowhere to post yet (no central channel registered): the sweep tries again later.
      deps.log.warn('case.unrouted', { case: base.number });
      return { posted: 0, pending: 0, breachCase: version };
    }
  }

  const claim = { token: randomUUID(), until: new Date(now.getTime() + POST_LEASE_MS).toISOString() };
  const claimed = await changeCase<OutboxItem[]>(
    deps.cases,
    tenantId,
    caseId,
    (c) => {
      let posts = c.posts;
      if (posts.length === 0 && routed) posts = routed;
      if (addPost && !posts.some((p) => p.channel.channelId === addPost.channel.channelId)) posts = [...posts, addPost];
      const taken = claimPosts({ ...c, posts }, now, claim);
      // The nearest manager's receipt goes with the first posts (issue 18): then it can name the units.
      const manager = taken.claimed.length > 0 ? claimManagerItems(taken.next, now, claim) : { next: taken.next, claimed: [] };
      return { next: taken.claimed.length > 0 ? manager.next : null, result: [...taken.claimed, ...manager.claimed] };
    },
    version,
  );
  if (!claimed) return { posted: 0, pending: 0 };
  if (claimed.result.length === 0) return { posted: 0, pending: claimed.saved.value.posts.filter((p) => !p.threadId).length, breachCase: claimed.saved };
  const report = await deliverAndRecord(deps, claimed.saved, claimed.result, now);
  const posted = report.delivered.filter((d) => d.post?.kind === 'posted').length;
  return { posted, pending: claimed.result.length - posted, breachCase: report.version };
}
