import type { BreachCase, CasePost } from '../domain/case';
import type { CoordinationDeps } from './coordinationDeps';
import { CENTRAL_UNIT_ID } from './ports';
import { updateCase } from './updateCase';

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

/**
 * Posts the case card into every channel it is routed to that has not got it yet. Safe to call again
 * (after a Teams outage, from the reminder sweep): a post that has a thread is never posted twice.
 */
export async function dispatchCase(
  deps: CoordinationDeps,
  tenantId: string,
  caseId: string,
  /** The case as just created: saves a read when there is nowhere to post it yet. */
  known?: BreachCase,
): Promise<{ posted: number; pending: number }> {
  let breachCase: BreachCase;
  if (known) breachCase = known;
  else {
    const current = await deps.cases.get(tenantId, caseId);
    if (!current) return { posted: 0, pending: 0 };
    breachCase = current.value;
  }
  if (!breachCase.posts || breachCase.posts.length === 0) {
    const posts = await routeCase(deps, breachCase);
    if (posts.length === 0) {
      deps.log.warn('case.unrouted', { case: breachCase.number });
      return { posted: 0, pending: 0 };
    }
    const saved = await updateCase(deps.cases, tenantId, caseId, (c) =>
      c.posts && c.posts.length > 0 ? { next: null, result: undefined } : { next: { ...c, posts }, result: undefined },
    );
    if (!saved?.saved) return { posted: 0, pending: 0 };
    breachCase = saved.saved.value;
  }

  let posted = 0;
  let pending = 0;
  for (const post of breachCase.posts ?? []) {
    if (post.threadId) continue;
    try {
      const { threadId, activityId } = await deps.notifier.postCaseCard(post, breachCase);
      const postedAt = deps.clock.now().toISOString();
      const saved = await updateCase(deps.cases, tenantId, caseId, (c) => ({
        next: {
          ...c,
          posts: (c.posts ?? []).map((p) => (p.channel.channelId === post.channel.channelId && !p.threadId ? { ...p, threadId, activityId, postedAt } : p)),
        },
        result: undefined,
      }));
      if (saved?.saved) breachCase = saved.saved.value;
      posted += 1;
      await deps.audit.append({
        at: postedAt,
        tenantId,
        actorAadId: 'brudvagt',
        actorName: 'Brudvagt',
        action: 'case.post',
        caseId,
        outcome: 'allowed',
        detail: post.viaCentral ? `central:${post.unitId}` : post.unitId,
      });
    } catch (error) {
      pending += 1;
      deps.log.error('case.post.failed', error, { case: breachCase.number });
    }
  }
  return { posted, pending };
}
