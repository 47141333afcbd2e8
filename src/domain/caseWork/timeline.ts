/**
 * A timeline that can have happened (issue 17, finding 1): the one rule for every instant a case
 * records, used both ways: the commands refuse an instant that breaks it (checkInstant, with the
 * instant it conflicts with), and timelineProblems lists what is impossible on a case already stored
 * (`sager tjek`), because older versions accepted instants up to 30 days before the discovery.
 *
 * The rule (README, "The coordinators' work"):
 * 1. Nothing before the origin: the moment the municipality could first know of the breach. That is
 *    the moment the Art. 33 clock starts when no awareness is set (clockStart in ../deadline.ts): for
 *    a processor's breach with the processor's notice given, when the processor told us (the
 *    reporter's "discovered" is then often the processor's own discovery, before we knew anything);
 *    else when the breach was discovered. One source, so the register's clock and its timeline agree.
 * 2. Nothing in the future: at most FUTURE_TOLERANCE_MS ahead of the server's clock (a coordinator's
 *    device clock may run a little fast; the report form allows the same for the discovery).
 * 3. The order the law implies: awareness comes before any notification (Art. 33(1) and 34(1) run
 *    "after having become aware", so a notification is itself proof of awareness), the first
 *    notification of Datatilsynet before its follow-ups (Art. 33(4)), a close after everything it
 *    closes, and a reopening after the close it reopens.
 * Not ordered against each other, on purpose: the DPO may be informed and a breach stopped before the
 * municipality is "aware" (awareness is a judgement made during the investigation), and persons may
 * be told before Datatilsynet (Art. 34 does not wait for Art. 33).
 *
 * Server-stamped instants (stopped, closed, reopened, a DPO note without a time) are "now" and so are
 * checked too: they can conflict only with an instant up to 5 minutes ahead (the tolerance above),
 * and then the coordinator is asked to try again in a moment rather than have a close stored before
 * the notification it closes.
 *
 * An old impossible case stays workable: a command checks only the instant it records, so a stored
 * conflict between two other instants never blocks a coordinator (`sager tjek` lists it instead).
 */
import { clockStart } from '../deadline';
import type { CaseWork, WorkContext } from './model';

/** Ahead of the server's clock an instant may be: clock drift, the same as the report form's. */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

export const TIMELINE_POINTS = [
  'discovered',
  'supplier_notified',
  'aware',
  'authority_initial',
  'authority_follow_up',
  'persons_notified',
  'dpo_informed',
  'stopped',
  'closed',
  'reopened',
  'nis2_early_warning',
  'nis2_notification',
  'nis2_intermediate',
  'nis2_final',
] as const;
export type TimelinePoint = (typeof TIMELINE_POINTS)[number];

export interface PointAt {
  point: TimelinePoint;
  /** ISO instant. */
  at: string;
}

/**
 * What is impossible about one instant: it lies `before` another it must follow, or `after` one it must
 * precede, or in the `future`. `with`/`withAt`: that other instant (absent for `future`).
 */
export interface TimelineProblem extends PointAt {
  order: 'before' | 'after' | 'future';
  with?: TimelinePoint;
  withAt?: string;
}

const ORIGINS: readonly TimelinePoint[] = ['discovered', 'supplier_notified'];
const NOTIFICATIONS: readonly TimelinePoint[] = ['authority_initial', 'authority_follow_up', 'persons_notified'];
const CLOSED_BY_CLOSE: readonly TimelinePoint[] = ['aware', 'authority_initial', 'authority_follow_up', 'persons_notified', 'dpo_informed', 'stopped'];

/** Rules 1 and 3 by kind: must an instant of kind `a` be at or before one of kind `b`? */
export function mustPrecede(a: TimelinePoint, b: TimelinePoint): boolean {
  const nis2 = nis2Order(a, b);
  if (nis2 !== undefined) return nis2;
  if (ORIGINS.includes(a)) return !ORIGINS.includes(b);
  if (a === 'aware') return NOTIFICATIONS.includes(b) || b === 'closed';
  if (a === 'authority_initial') return b === 'authority_follow_up' || b === 'closed';
  if (b === 'closed') return CLOSED_BY_CLOSE.includes(a);
  if (a === 'closed') return b === 'reopened';
  return false;
}

const ms = (iso: string): number => Date.parse(iso);
const valid = (iso: string | null | undefined): iso is string => typeof iso === 'string' && iso.trim() !== '' && !Number.isNaN(Date.parse(iso));

/** Rule 1's origin: when the processor told us (a processor's breach with that time), else the discovery. */
export function timelineOrigin(ctx: WorkContext): PointAt | null {
  try {
    const start = clockStart({ discoveredAt: ctx.discoveredAt, supplierInvolved: ctx.supplierInvolved, supplierNotifiedAt: ctx.supplierNotifiedAt });
    return { point: start.basis === 'supplier' ? 'supplier_notified' : 'discovered', at: start.at.toISOString() };
  } catch {
    // A stored report without a readable discovery (never written by a version in use): nothing to measure from.
    return null;
  }
}

/** When the breach was said stopped: the last stopped entry, when it says yes (as the register derives it). */
export function stoppedAt(work: CaseWork): string | null {
  const entry = [...work.timeline].reverse().find((e) => e.event === 'stopped_set' || (e.event === 'unreadable' && e.was === 'stopped_set'));
  return work.stopped === 'yes' && entry?.event === 'stopped_set' && entry.stopped === 'yes' ? entry.at : null;
}

/**
 * The instants a case holds now, the origin first. Reopenings are not here: each is ordered against the
 * close before it in the timeline (timelineProblems), not against today's record.
 */
export function timelinePoints(work: CaseWork, ctx: WorkContext): PointAt[] {
  const points: PointAt[] = [];
  const add = (point: TimelinePoint, at: string | null | undefined) => {
    if (valid(at)) points.push({ point, at });
  };
  const origin = timelineOrigin(ctx);
  if (origin) points.push(origin);
  add('aware', work.awareAt);
  for (const n of work.authorityNotifications) add(n.kind === 'initial' ? 'authority_initial' : 'authority_follow_up', n.at);
  if (work.persons !== null && 'notifiedAt' in work.persons) add('persons_notified', work.persons.notifiedAt);
  add('dpo_informed', work.dpoInformedAt);
  add('stopped', stoppedAt(work));
  add('closed', work.closedAt);
  for (const r of work.nis2?.reports ?? []) add(NIS2_POINTS[NIS2_KINDS.indexOf(r.kind)], r.at);
  return points;
}

/**
 * Where a new instant of kind `candidate.point` would break the rule, or null. `replaces`: the kind holds
 * one instant (awareness, persons notified, DPO informed, stopped), so its old value is not compared.
 * Future instants (rule 2) are the caller's first check; this is rules 1 and 3.
 */
export function checkInstant(work: CaseWork, ctx: WorkContext, candidate: PointAt): TimelineProblem | null {
  const single = candidate.point !== 'authority_follow_up' && candidate.point !== 'nis2_intermediate';
  const others = timelinePoints(work, ctx).filter((p) => !(single && p.point === candidate.point));
  const t = ms(candidate.at);
  // The earliest it must not precede is the one named (the origin before an awareness, say).
  const before = others.filter((o) => mustPrecede(o.point, candidate.point) && t < ms(o.at)).sort((a, b) => ms(b.at) - ms(a.at))[0];
  if (before) return { ...candidate, order: 'before', with: before.point, withAt: before.at };
  const after = others.filter((o) => mustPrecede(candidate.point, o.point) && ms(o.at) < t).sort((a, b) => ms(a.at) - ms(b.at))[0];
  if (after) return { ...candidate, order: 'after', with: after.point, withAt: after.at };
  return null;
}

/**
 * Everything impossible on a stored case, each violation once, told from the later instant's side
 * ("notified 13:00 lies before the discovery 13:08"), plus instants in the future of `now`. Pure.
 */
export function timelineProblems(work: CaseWork, ctx: WorkContext, now: Date): TimelineProblem[] {
  const points = timelinePoints(work, ctx);
  const problems: TimelineProblem[] = [];
  for (const p of points) {
    if (ms(p.at) > now.getTime() + FUTURE_TOLERANCE_MS) problems.push({ ...p, order: 'future' });
  }
  for (const later of points) {
    for (const earlier of points) {
      if (earlier !== later && mustPrecede(earlier.point, later.point) && ms(later.at) < ms(earlier.at)) {
        problems.push({ ...later, order: 'before', with: earlier.point, withAt: earlier.at });
      }
    }
  }
  // A reopening follows the close it reopens (the last close before it in the timeline) and the origin.
  const origin = timelineOrigin(ctx);
  let lastClose: string | null = null;
  for (const e of work.timeline) {
    if (e.event === 'closed') lastClose = e.at;
    if (e.event !== 'reopened' || !valid(e.at)) continue;
    if (lastClose !== null && ms(e.at) < ms(lastClose)) problems.push({ point: 'reopened', at: e.at, order: 'before', with: 'closed', withAt: lastClose });
    else if (origin && ms(e.at) < ms(origin.at)) problems.push({ point: 'reopened', at: e.at, order: 'before', with: origin.point, withAt: origin.at });
  }
  return problems;
}

/**
 * The NIS2 reports' order (issue 18, part 3), or undefined when neither point is a NIS2 report (the rule
 * above decides). Awareness precedes every report (Art. 23(4) runs «from becoming aware»), the early
 * warning the notification, the notification the intermediate and final reports, an intermediate report
 * the final one, and every report the close. The origin's rule (nothing before it) is the one above.
 */
const NIS2_POINTS: readonly TimelinePoint[] = ['nis2_early_warning', 'nis2_notification', 'nis2_intermediate', 'nis2_final'];
const NIS2_KINDS = ['early_warning', 'notification', 'intermediate', 'final'] as const;

function nis2Order(a: TimelinePoint, b: TimelinePoint): boolean | undefined {
  const ai = NIS2_POINTS.indexOf(a);
  const bi = NIS2_POINTS.indexOf(b);
  if (ai < 0 && bi < 0) return undefined;
  if (ORIGINS.includes(a)) return undefined;
  if (ai < 0) return a === 'aware';
  if (b === 'closed') return true;
  return bi > ai;
}
