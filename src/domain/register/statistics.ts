/**
 * The register's yearly figures (Ishøj revises its procedure from them every year), computed from
 * register summaries only, so the statistics read the small index rows, never whole cases. Pure.
 */
import { BREACH_TYPES, type BreachType } from '../report';
import { isOverdueAt, type RegisterSummary } from './record';

const HOUR_MS = 3_600_000;

export interface RegisterStatistics {
  total: number;
  /** Reports per Copenhagen month, index 0 = January. */
  perMonth: number[];
  /** A case of several types counts once under each. */
  byBreachType: Record<BreachType, number>;
  /** By unit id; '' for reports without a unit (sent to the central channel). Sorted by count, then id. */
  byUnit: { unitId: string; count: number }[];
  notified: number;
  /** Reports linked to another case (one incident, many reports): counted in `total`, not as incidents. */
  linked: number;
  /** Of all cases not linked to another, 0–1; null without such cases. */
  notifiedShare: number | null;
  notifiedWithin72h: number;
  /** Of the notified cases, 0–1; null when none was notified. */
  within72hShare: number | null;
  medianHoursAwareToNotified: number | null;
  personsNotified: number;
  personsNotifiedCount: number;
  personsExempted: number;
  /** Decided not to notify, with a recorded justification (Art. 33(5)). */
  notNotifiedJustified: number;
  medianHoursToTake: number | null;
  medianHoursToAssess: number | null;
  medianHoursToClose: number | null;
  openNow: number;
  overdueNow: number;
  reopened: number;
  /**
   * Cases with a duration that runs backwards (notified before the clock started, say): stored by an
   * older version that accepted such instants (src/domain/caseWork/timeline.ts). Their impossible
   * durations are left out of the medians and counted here instead; `sager tjek` lists the cases.
   */
  impossibleTimelines: number;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Hours from → to; a negative one cannot have happened: it is left out and the case flagged (`impossible`). */
function hoursBetween(from: string, to: string | null, impossible: { found: boolean }): number[] {
  if (to === null) return [];
  const hours = (Date.parse(to) - Date.parse(from)) / HOUR_MS;
  if (Number.isNaN(hours) || hours < 0) {
    impossible.found = true;
    return [];
  }
  return [hours];
}

/** One decimal is what a committee reads; medians of hours keep it too. */
const round1 = (n: number | null): number | null => (n === null ? null : Math.round(n * 10) / 10);

export function registerStatistics(rows: readonly RegisterSummary[], now: Date): RegisterStatistics {
  const perMonth = Array.from({ length: 12 }, () => 0);
  const byBreachType = Object.fromEntries(BREACH_TYPES.map((t) => [t, 0])) as Record<BreachType, number>;
  const units = new Map<string, number>();
  let notified = 0;
  let linked = 0;
  let within = 0;
  let personsNotified = 0;
  let personsNotifiedCount = 0;
  let personsExempted = 0;
  let notNotifiedJustified = 0;
  let openNow = 0;
  let overdueNow = 0;
  let reopened = 0;
  let impossibleTimelines = 0;
  const toNotify: number[] = [];
  const toTake: number[] = [];
  const toAssess: number[] = [];
  const toClose: number[] = [];
  for (const r of rows) {
    const impossible = { found: false };
    perMonth[r.month - 1] += 1;
    for (const t of r.breachTypes) byBreachType[t] += 1;
    for (const u of r.units.length > 0 ? r.units : ['']) units.set(u, (units.get(u) ?? 0) + 1);
    if (r.authorityNotifiedAt !== null) {
      notified += 1;
      if (r.deadlineOutcome === 'met') within += 1;
      toNotify.push(...hoursBetween(r.clockStartAt, r.authorityNotifiedAt, impossible));
    }
    if (r.deadlineOutcome === 'linked') linked += 1;
    if (r.personsNotifiedAt !== null) {
      personsNotified += 1;
      personsNotifiedCount += r.personsNotifiedCount;
    }
    if (r.personsExemption !== null) personsExempted += 1;
    if (r.decision === 'do_not_notify' && r.justified) notNotifiedJustified += 1;
    toTake.push(...hoursBetween(r.reportedAt, r.takenAt, impossible));
    toAssess.push(...hoursBetween(r.reportedAt, r.assessedAt, impossible));
    // A reopened case counts as closed only when it is closed again (closedAt is its last closing).
    toClose.push(...hoursBetween(r.reportedAt, r.closedAt, impossible));
    // The persons' notification is no median, but one before the clock started is as impossible.
    if (r.personsNotifiedAt !== null) hoursBetween(r.clockStartAt, r.personsNotifiedAt, impossible);
    if (impossible.found) impossibleTimelines += 1;
    if (r.status !== 'closed') openNow += 1;
    if (isOverdueAt(r, now)) overdueNow += 1;
    if (r.reopened > 0) reopened += 1;
  }
  return {
    total: rows.length,
    perMonth,
    byBreachType,
    byUnit: [...units].map(([unitId, count]) => ({ unitId, count })).sort((a, b) => b.count - a.count || a.unitId.localeCompare(b.unitId)),
    notified,
    linked,
    // A supplier incident with 300 tied reports is one breach notified once: the share is of the others.
    notifiedShare: rows.length - linked === 0 ? null : notified / (rows.length - linked),
    notifiedWithin72h: within,
    within72hShare: notified === 0 ? null : within / notified,
    medianHoursAwareToNotified: round1(median(toNotify)),
    personsNotified,
    personsNotifiedCount,
    personsExempted,
    notNotifiedJustified,
    medianHoursToTake: round1(median(toTake)),
    medianHoursToAssess: round1(median(toAssess)),
    medianHoursToClose: round1(median(toClose)),
    openNow,
    overdueNow,
    reopened,
    impossibleTimelines,
  };
}
