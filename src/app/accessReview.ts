import { randomUUID } from 'node:crypto';
import type { Person } from '../domain/case';
import type { CoordinationDeps } from './coordinationDeps';
import { COMMITTEE_UNIT } from '../domain/unit';
import { CENTRAL_UNIT_ID, ConcurrencyError, RosterUnavailableError, type AccessReviewState, type AccessReviewUnit, type Roster } from './ports';

/** The due-index entry of a tenant's access review uses this in place of a case id. */
export const ACCESS_REVIEW_ID = '_access-review';
/** An unconfirmed review is posted again this often. */
const REMIND_EVERY_MS = 7 * 24 * 3600_000;
/** A review whose post failed is tried again after this. */
const RETRY_MS = 5 * 60_000;

export function addMonths(at: Date, months: number): Date {
  const next = new Date(at);
  next.setUTCMonth(next.getUTCMonth() + months);
  return next;
}

/** When the review needs the sweep next. */
function nextDue(state: AccessReviewState, months: number, now: Date): Date {
  if (state.pendingReviewId) {
    if (!state.postedAt) return new Date(now.getTime() + RETRY_MS);
    return new Date(Date.parse(state.postedAt) + REMIND_EVERY_MS);
  }
  return addMonths(new Date(state.lastConfirmedAt ?? now.toISOString()), months);
}

/** Writes the state with its next due-index row; the new row exists before the state points at it. */
async function saveAndSchedule(deps: CoordinationDeps, state: AccessReviewState, etag: string | null, now: Date): Promise<boolean> {
  const due = nextDue(state, deps.accessReviewMonths, now);
  const key = await deps.schedule.put(state.tenantId, ACCESS_REVIEW_ID, due);
  const old = state.scheduleKey;
  try {
    await deps.reviews.save({ ...state, scheduleKey: key }, etag);
  } catch (error) {
    if (error instanceof ConcurrencyError) return false;
    throw error;
  }
  if (old && old !== key) await deps.schedule.remove(old);
  return true;
}

/**
 * The first review is planned when the central channel is registered: N months after. Registering
 * again does not move a review already planned.
 */
export async function planAccessReview(deps: CoordinationDeps, tenantId: string, now: Date): Promise<void> {
  const existing = await deps.reviews.get(tenantId);
  if (existing) return;
  await saveAndSchedule(deps, { tenantId, lastConfirmedAt: now.toISOString() }, null, now);
}

/** Gathers who can act on each unit's cases, from the live rosters. */
async function reviewUnits(deps: CoordinationDeps, tenantId: string): Promise<AccessReviewUnit[]> {
  const all = await deps.units.all(tenantId);
  const result: AccessReviewUnit[] = [];
  for (const unit of all.sort((a, b) => (a.id === CENTRAL_UNIT_ID ? -1 : b.id === CENTRAL_UNIT_ID ? 1 : a.name.localeCompare(b.name, 'da')))) {
    const members = await deps.notifier.teamMembers(unit.channel);
    result.push({
      // The reserved registrations by their ids, so the card can name them in its language (accessReviewView.ts).
      unitName: unit.id === CENTRAL_UNIT_ID ? 'central' : unit.id === COMMITTEE_UNIT ? COMMITTEE_UNIT : unit.name,
      teamName: unit.channel.teamName,
      channelName: unit.channel.channelName,
      members: members.map((m) => m.name).sort((a, b) => a.localeCompare(b, 'da')),
    });
  }
  return result;
}

/**
 * Called by the sweep when the review's due-index row is due: posts a new review, or reminds of an
 * unconfirmed one. The claim (a conditional write of the state) comes first, so one instance posts.
 */
export async function runAccessReview(deps: CoordinationDeps, tenantId: string, entryKey: string, now: Date): Promise<'posted' | 'reminded' | 'stale' | 'waiting'> {
  const found = await deps.reviews.get(tenantId);
  if (!found || found.value.scheduleKey !== entryKey) {
    await deps.schedule.remove(entryKey);
    return 'stale';
  }
  const central = await deps.units.get(tenantId, CENTRAL_UNIT_ID);
  const state = found.value;
  const reminder = !!state.pendingReviewId && !!state.postedAt;
  const claimed: AccessReviewState = {
    ...state,
    pendingReviewId: state.pendingReviewId ?? randomUUID(),
    pendingSince: state.pendingSince ?? now.toISOString(),
    postedAt: undefined,
    remindedCount: reminder ? (state.remindedCount ?? 0) + 1 : (state.remindedCount ?? 0),
  };
  if (!(await saveAndSchedule(deps, claimed, found.etag, now))) return 'waiting';
  if (!central) return 'waiting';
  const after = await deps.reviews.get(tenantId);
  if (!after) return 'waiting';
  try {
    await deps.notifier.postAccessReview(central, {
      reviewId: claimed.pendingReviewId!,
      units: await reviewUnits(deps, tenantId),
      reminder,
      dueSince: claimed.pendingSince!,
    });
  } catch (error) {
    deps.log.error('access.review.post.failed', error);
    return 'waiting';
  }
  await saveAndSchedule(deps, { ...after.value, postedAt: now.toISOString() }, after.etag, now);
  return reminder ? 'reminded' : 'posted';
}

export type ConfirmReviewResult = { kind: 'confirmed' } | { kind: 'refused'; reason: 'not_central_member' | 'roster_unavailable' } | { kind: 'stale' };

/** "Bekræft gennemgang": only a live member of the central team; audited either way. */
export async function confirmAccessReview(
  deps: CoordinationDeps,
  tenantId: string,
  reviewId: string,
  actor: { person: Person; teamId: string; roster: Roster },
): Promise<ConfirmReviewResult> {
  const now = deps.clock.now();
  const central = await deps.units.get(tenantId, CENTRAL_UNIT_ID);
  let refusal: 'not_central_member' | 'roster_unavailable' | null = null;
  try {
    const member = !!central && central.channel.teamId === actor.teamId && (await actor.roster.isMember(actor.teamId, actor.person));
    if (!member) refusal = 'not_central_member';
  } catch (error) {
    if (!(error instanceof RosterUnavailableError)) throw error;
    refusal = 'roster_unavailable';
  }
  const record = (outcome: 'allowed' | 'refused', detail?: string) =>
    deps.audit.append({
      at: now.toISOString(),
      tenantId,
      actorAadId: actor.person.aadObjectId,
      actorName: actor.person.name,
      action: 'access.review.confirm',
      caseId: ACCESS_REVIEW_ID,
      outcome,
      detail,
    });
  if (refusal) {
    await record('refused', refusal);
    return { kind: 'refused', reason: refusal };
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const found = await deps.reviews.get(tenantId);
    if (!found || found.value.pendingReviewId !== reviewId) return { kind: 'stale' };
    const confirmed: AccessReviewState = {
      tenantId,
      lastConfirmedAt: now.toISOString(),
      lastConfirmedBy: actor.person.name,
      scheduleKey: found.value.scheduleKey,
    };
    if (await saveAndSchedule(deps, confirmed, found.etag, now)) {
      await record('allowed', reviewId);
      return { kind: 'confirmed' };
    }
  }
  return { kind: 'stale' };
}
