/**
 * Delivering what a case owes the information-security committee's channel (issue 18, part 2;
 * src/domain/committeeOutbox.ts): its card, the card's redraws, its reminders, and the central channel's
 * notices that no committee is registered or that its channel refuses the card. Called by deliverOutbox.ts for the items a claim holds; the
 * card is drawn by the notifier from visibility.ts `committeeView` only (the post names the committee).
 */
import type { BreachCase, CasePost, OutboxItem } from '../domain/case';
import { COMMITTEE_CARD_KIND, COMMITTEE_FAILING_KIND, COMMITTEE_MISSING_KIND, COMMITTEE_POST_KIND, committeeCardOwed } from '../domain/committeeOutbox';
import type { Delivered } from '../domain/outbox';
import { COMMITTEE_UNIT } from '../domain/unit';
import type { CoordinationDeps } from './coordinationDeps';
import { CENTRAL_UNIT_ID, SYSTEM_ACTOR, type UnitRegistration } from './ports';
import { acceptedCommitteePost } from './reschedule';

/** The committee's card as a post the notifier knows how to draw (unitId COMMITTEE_UNIT: the committee's view). */
export function committeeCasePost(c: BreachCase, registration?: UnitRegistration): CasePost | null {
  const cp = c.committeePost;
  const channel = cp?.channel ?? registration?.channel;
  if (!channel) return null;
  return {
    unitId: COMMITTEE_UNIT,
    unitName: 'udvalg',
    channel,
    viaCentral: false,
    locale: cp?.locale ?? registration?.locale ?? 'da',
    ...(cp?.threadId ? { threadId: cp.threadId } : {}),
    ...(cp?.activityId ? { activityId: cp.activityId } : {}),
  };
}

/**
 * One committee item. A card update, a reminder or the notice that fails throws (the item stays for its
 * retry, like every other); the card's post answers with its outcome instead, recorded with its backoff.
 * `posted`: the case with the card's thread, so a reminder in the same delivery is said in it.
 */
export async function deliverCommitteeItem(deps: CoordinationDeps, c: BreachCase, item: OutboxItem, now: Date): Promise<{ delivered: Delivered; posted?: BreachCase }> {
  const base = { id: item.id, claim: item.claim };
  if (item.kind === COMMITTEE_POST_KIND) {
    if (c.committeePost?.activityId) return { delivered: base };
    // Teams took this card before, but the store was out too long to record it: record it now, never post twice.
    const earlier = acceptedCommitteePost(deps, c);
    if (earlier?.committee?.kind === 'posted') return { delivered: { ...base, committee: earlier.committee } };
    const registration = await deps.units.get(c.tenantId, COMMITTEE_UNIT);
    if (!registration) return { delivered: { ...base, committee: { kind: 'missing' } } };
    const post = committeeCasePost({ ...c, committeePost: {} }, registration)!;
    let sent: { threadId: string; activityId: string };
    try {
      // Only Teams' answer is in this try: anything after it failing must not make an accepted card a failed one.
      sent = await deps.notifier.postCaseCard(post, c);
    } catch (error) {
      deps.log.error('committee.post.failed', error, { case: c.number, failures: (c.committeePost?.failures ?? 0) + 1 });
      return { delivered: { ...base, committee: { kind: 'failed' } } };
    }
    const postedAt = deps.clock.now().toISOString();
    const { threadId, activityId } = sent;
    try {
      await deps.audit.append({
        at: postedAt,
        tenantId: c.tenantId,
        actorAadId: SYSTEM_ACTOR.aadObjectId,
        actorName: SYSTEM_ACTOR.name,
        action: 'case.post',
        caseId: c.id,
        outcome: 'allowed',
        detail: COMMITTEE_UNIT,
      });
    } catch (error) {
      deps.log.error('committee.post.audit.failed', error, { case: c.number });
    }
    const outcome = { kind: 'posted' as const, channel: registration.channel, locale: registration.locale, threadId, activityId, postedAt };
    // As recordCommitteeOutcomes records it: no longer missing, no failures (a card redrawn in this delivery says so).
    const { missingSince: _m, failures: _f, sendFailures: _s, ...before } = c.committeePost ?? {};
    const committeePost = { ...before, channel: registration.channel, locale: registration.locale, threadId, activityId, postedAt };
    return { delivered: { ...base, committee: outcome }, posted: { ...c, committeePost } };
  }
  if (item.kind === COMMITTEE_MISSING_KIND || item.kind === COMMITTEE_FAILING_KIND) {
    const central = await deps.units.get(c.tenantId, CENTRAL_UNIT_ID);
    if (!central) {
      deps.log.error('committee.missing', new Error('no central channel to tell'), { case: c.number });
      return { delivered: { ...base, rev: item.rev } };
    }
    await deps.notifier.remind(c, { unitId: CENTRAL_UNIT_ID, unitName: 'central', channel: central.channel, viaCentral: true, locale: central.locale }, item, now);
    return { delivered: base };
  }
  const post = committeeCasePost(c);
  // Not in its channel (yet): a redraw has nothing to redraw, and a reminder nothing to remind in; the
  // card's own post (and, without a committee, the central notice) carries the question meanwhile.
  if (!post?.activityId) return { delivered: { ...base, rev: item.rev } };
  if (committeeCardOwed(c)) {
    // Still awaiting its decision, and the committee moved (`tilmeld udvalg` elsewhere) or was unregistered:
    // its members can no longer decide on this card (mayDecideCrisisCell), so it is posted anew where the
    // committee is now (or waits, missing), and the reminder is said there (committeeOutbox.ts recordMoved).
    const registration = await deps.units.get(c.tenantId, COMMITTEE_UNIT);
    if (registration?.channel.channelId !== post.channel.channelId) return { delivered: { ...base, committee: { kind: 'moved', from: post.channel.channelId } } };
  }
  if (item.kind === COMMITTEE_CARD_KIND) await deps.notifier.updateCaseCard(post, c);
  else await deps.notifier.remind(c, post, item, now);
  return { delivered: { ...base, rev: item.rev } };
}
