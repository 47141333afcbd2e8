/**
 * The register's record of a case (Art. 33(5)): the one place that turns a BreachCase into register
 * fields. The register list, its index rows, the statistics and (later) the export all read these
 * fields, so none of them knows where a fact lives on the case or parses a timeline string.
 * Pure: `now` is an argument (it decides "overdue"), no I/O.
 */
import type { BreachCase, CaseStatus } from '../case';
import { instantToCopenhagenParts } from '../copenhagenTime';
import { clockStart, isLate, type ClockBasis } from '../deadline';
import { caseClock, duties, initialNotification, workContext, type Exemption, type NotifyDecision, type RiskLevel, type StoppedState } from '../caseWork';
import type { BreachType, DataKind, SupplierAnswer } from '../report';
import type { SeverityBand } from '../enisa';
import { estimateOf, type PersonsEstimate } from '../personsEstimate';
import { managerStatus, type ManagerStatus } from '../nearestManager';
import { maskCpr } from '../cpr';
import { dutyStates, type DutyId, type DutyOutcome } from '../duties/dutyTable';
import { nis2Marking, type Nis2Report } from '../caseWork/nis2';
import { committeeRecordFields, type CommitteeRecordFields } from './committeeRecord';
import { namedIn } from './namedIn';

/**
 * Art. 33 deadline as the register states it. `met`/`late`: the initial notification was recorded in
 * time or after; `pending`: still to notify, deadline ahead; `overdue`: still to notify, passed;
 * `not_required`: decided not to notify (no notification recorded).
 */
/** `linked`: a report linked to another case, which carries the duty to notify (issue 10). */
export type DeadlineOutcome = 'met' | 'late' | 'pending' | 'overdue' | 'not_required' | 'linked';

/**
 * The fields the list, its filters and the statistics need: flat primitives, small enough for one
 * Table row per case (see src/storage/tableRegisterIndex.ts). A RegisterRecord is one too.
 */
export interface RegisterSummary {
  caseId: string;
  number: string;
  /** Copenhagen year and month (1–12) of the report. */
  year: number;
  month: number;
  status: CaseStatus;
  /** Unit ids the reporter chose; empty: sent to the central channel. */
  units: string[];
  breachTypes: BreachType[];
  reportedAt: string;
  takenAt: string | null;
  assessedAt: string | null;
  closedAt: string | null;
  /** When the 72 hours began (aware, processor's notice or discovery). */
  clockStartAt: string;
  deadline: string;
  decision: NotifyDecision | null;
  /** A decision with its justification is recorded (also when not notifying). */
  justified: boolean;
  /** The initial notification of Datatilsynet. */
  authorityNotifiedAt: string | null;
  deadlineOutcome: DeadlineOutcome;
  /** Still to notify Datatilsynet (open case, decision notify or not yet decided, none recorded). */
  authorityDue: boolean;
  personsNotifiedAt: string | null;
  personsNotifiedCount: number;
  personsExemption: Exemption | null;
  /** How often the case was reopened. */
  reopened: number;
  /**
   * What happened, in one line of at most HEADLINE_CHARS (the reporter's text, masked, whitespace
   * collapsed, cut with "…"), for the register list. Absent on index rows written before it existed.
   */
  headline?: string;
  /**
   * How each duty of the duty table stands (issue 18, part 3: met in time, late, open, missed, not
   * relevant), for the statistics and the export. Absent on index rows written before it existed.
   */
  duties?: Partial<Record<DutyId, DutyOutcome>>;
  /**
   * The system's and the supplier's name keys (nameKey.ts; issue 18 part 4) and the names as typed (one
   * line, masked): the repeat counts and «Systemer og leverandører» group by them. Absent: no name given,
   * no supplier involved, or erased by retention; also on rows written before they existed.
   */
  systemKey?: string;
  systemLabel?: string;
  supplierKey?: string;
  supplierLabel?: string;
}

/** The register list shows a line of what happened per case: about one line on a card. */
export const HEADLINE_CHARS = 80;

/** The reporter's description as one line of at most `max` characters (never cut inside a surrogate pair). */
export function headlineOf(text: string, max = HEADLINE_CHARS): string {
  const line = maskCpr(text).replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  let end = max - 1;
  const code = line.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${line.slice(0, end).trimEnd()}…`;
}

export interface RegisterRecord extends RegisterSummary, CommitteeRecordFields {
  tenantId: string;
  sequence: number;
  // Facts (masked at the input gate; no reporter identity here: the export leaves it out by default).
  breachExample: string;
  whatHappened: string;
  howHappened: string;
  system: string;
  /** 'unanswered' is its own value: the register never says «Nej» for a question nobody answered. */
  supplierInvolved: SupplierAnswer;
  supplierName: string;
  // Effects
  dataKinds: DataKind[];
  dataKindsOther: string;
  personsAffected: number;
  /** Exact, an estimate or range, or unknown (issue 11); old cases read as exact (estimateOf says why). */
  personsEstimate: PersonsEstimate;
  risk: RiskLevel | null;
  enisaScore: number | null;
  enisaBand: SeverityBand | null;
  // Remedial action
  stopped: StoppedState;
  stopHow: string | null;
  lessonsLearned: string | null;
  prevention: string | null;
  // Decision
  justification: string | null;
  decidedBy: string | null;
  // Instants beyond the summary's
  discoveredAt: string;
  awareAt: string | null;
  awareReason: string | null;
  supplierNotifiedAt: string | null;
  clockBasis: ClockBasis;
  stoppedAt: string | null;
  followUpsAt: string[];
  /** The reason recorded for a late initial notification. */
  delayReason: string | null;
  authorityReference: string | null;
  personsHow: string | null;
  personsExemptionExplanation: string | null;
  dpoInformedAt: string | null;
  sbsysJournalNo: string | null;
  linkedTo: string | null;
  /** The public title when the case is (or was) a known incident (issue 10). */
  incidentTitle: string | null;
  ownerName: string | null;
  /** «Nærmeste leder orienteret» (issue 18): not named, not yet, yes, or could not be reached. */
  managerStatus: ManagerStatus;
  /** NIS2 (issue 18, part 3): the reason of the marking in force (masked), null when not marked. */
  nis2Reason: string | null;
  /** The NIS2 reports submitted on virk.dk, with their receipts (also after an unmarking). */
  nis2Reports: Nis2Report[];
}

const nullIfEmpty = (s: string | undefined | null): string | null => (s === undefined || s === null || s === '' ? null : s);

function deadlineOutcome(status: CaseStatus, decision: NotifyDecision | null, notifiedAt: string | null, late: boolean, overdue: boolean, deadline: Date, now: Date, linked: boolean): DeadlineOutcome {
  if (notifiedAt !== null) return late ? 'late' : 'met';
  if (decision === 'do_not_notify') return 'not_required';
  if (linked) return 'linked';
  if (status === 'closed') return now.getTime() > deadline.getTime() ? 'overdue' : 'pending';
  return overdue ? 'overdue' : 'pending';
}

export function registerRecord(c: BreachCase, now: Date): RegisterRecord {
  const work = c.work;
  const clock = caseClock(c);
  const start = clockStart(clock);
  const d = duties(work, c.status, workContext(c), now);
  const initial = initialNotification(work);
  const assessment = work.assessment;
  const decision = assessment?.decision ?? null;
  const reported = instantToCopenhagenParts(new Date(c.reportedAt));
  const sequence = Number(/-(\d+)$/.exec(c.number)?.[1] ?? 0);
  // When the breach was stopped exists only as the time of the coordinator's last stopped entry, when
  // it says yes (the work keeps the state, not the instant). Derived here and nowhere else. An old
  // entry nobody could read still counts as the last one (it did when the detail string was compared).
  const stoppedEntry = [...work.timeline].reverse().find((e) => e.event === 'stopped_set' || (e.event === 'unreadable' && e.was === 'stopped_set'));
  const stoppedAt = work.stopped === 'yes' && stoppedEntry?.event === 'stopped_set' && stoppedEntry.stopped === 'yes' ? stoppedEntry.at : null;
  // Reopenings are counted from the timeline too (closedAt is cleared by a reopen).
  const reopened = work.timeline.filter((e) => e.event === 'reopened').length;
  const persons = work.persons;
  const notifiedPersons = persons !== null && 'notifiedAt' in persons ? persons : null;
  const exemption = persons !== null && 'exemption' in persons ? persons : null;
  const authorityNotifiedAt = initial?.at ?? null;
  const late = initial !== undefined && isLate(new Date(initial.at), clock);
  return {
    caseId: c.id,
    tenantId: c.tenantId,
    number: c.number,
    sequence,
    year: reported.year,
    month: reported.month,
    status: c.status,
    units: [...c.report.unitIds],
    breachTypes: [...c.report.breachTypes],
    reportedAt: c.reportedAt,
    takenAt: work.acknowledgedAt,
    assessedAt: assessment?.decidedAt ?? null,
    closedAt: c.status === 'closed' ? work.closedAt : null,
    clockStartAt: start.at.toISOString(),
    clockBasis: start.basis,
    deadline: d.authorityDeadline.toISOString(),
    decision,
    justified: assessment !== null && assessment.justification.trim() !== '',
    authorityNotifiedAt,
    deadlineOutcome: deadlineOutcome(c.status, decision, authorityNotifiedAt, late, d.overdue, d.authorityDeadline, now, work.linkedTo !== null),
    authorityDue: d.authorityDue,
    personsNotifiedAt: notifiedPersons?.notifiedAt ?? null,
    personsNotifiedCount: notifiedPersons?.count ?? 0,
    personsExemption: exemption?.exemption ?? null,
    reopened,
    headline: headlineOf(c.report.whatHappened ?? ''),

    breachExample: c.report.breachExample,
    whatHappened: c.report.whatHappened,
    howHappened: c.report.howHappened,
    system: c.report.system,
    supplierInvolved: c.report.supplierInvolved,
    supplierName: c.report.supplierName,
    dataKinds: [...c.report.dataKinds],
    dataKindsOther: c.report.dataKindsOther,
    personsAffected: c.report.personsAffected,
    personsEstimate: estimateOf(c.report),
    risk: assessment?.risk ?? null,
    enisaScore: assessment?.enisaResult?.score ?? null,
    enisaBand: assessment?.enisaResult?.band ?? null,
    stopped: work.stopped,
    stopHow: work.stopHow,
    lessonsLearned: work.lessonsLearned,
    prevention: work.feedback?.prevention ?? null,
    justification: assessment?.justification ?? null,
    decidedBy: assessment?.decidedBy ?? null,
    discoveredAt: c.report.discoveredAt,
    awareAt: work.awareAt,
    awareReason: work.awareReason,
    supplierNotifiedAt: c.report.supplierInvolved === 'yes' ? nullIfEmpty(c.report.supplierNotifiedAt) : null,
    stoppedAt,
    followUpsAt: work.authorityNotifications.filter((n) => n.kind === 'follow_up').map((n) => n.at),
    delayReason: initial?.delayReason ?? null,
    authorityReference: initial?.reference ?? null,
    personsHow: notifiedPersons?.how ?? null,
    personsExemptionExplanation: exemption?.explanation ?? null,
    dpoInformedAt: work.dpoInformedAt,
    sbsysJournalNo: work.sbsysJournalNo,
    linkedTo: work.linkedTo,
    incidentTitle: work.incident?.title ?? null,
    ownerName: work.owner?.name ?? null,
    managerStatus: managerStatus(c),
    duties: dutyOutcomes(c, now),
    nis2Reason: nis2Marking(work)?.reason ?? null,
    nis2Reports: (work.nis2?.reports ?? []).map((r) => ({ ...r })),
    // The information-security committee and the crisis cell (issue 18, part 2).
    ...committeeRecordFields(c),
    ...namedIn(c),
  };
}

/** The summary part of a record: what one register index row holds. */
export function registerSummary(r: RegisterSummary): RegisterSummary {
  return {
    caseId: r.caseId,
    number: r.number,
    year: r.year,
    month: r.month,
    status: r.status,
    units: r.units,
    breachTypes: r.breachTypes,
    reportedAt: r.reportedAt,
    takenAt: r.takenAt,
    assessedAt: r.assessedAt,
    closedAt: r.closedAt,
    clockStartAt: r.clockStartAt,
    deadline: r.deadline,
    decision: r.decision,
    justified: r.justified,
    authorityNotifiedAt: r.authorityNotifiedAt,
    deadlineOutcome: r.deadlineOutcome,
    authorityDue: r.authorityDue,
    personsNotifiedAt: r.personsNotifiedAt,
    personsNotifiedCount: r.personsNotifiedCount,
    personsExemption: r.personsExemption,
    reopened: r.reopened,
    headline: r.headline,
    ...(r.duties ? { duties: r.duties } : {}),
    ...(r.systemKey ? { systemKey: r.systemKey, systemLabel: r.systemLabel } : {}),
    ...(r.supplierKey ? { supplierKey: r.supplierKey, supplierLabel: r.supplierLabel } : {}),
  };
}

/** Every duty's outcome on the case (src/domain/duties/dutyTable.ts). */
export function dutyOutcomes(c: BreachCase, now: Date): Record<DutyId, DutyOutcome> {
  const out = {} as Record<DutyId, DutyOutcome>;
  for (const d of dutyStates({ work: c.work, ctx: workContext(c) }, now)) out[d.row.id] = d.outcome;
  return out;
}

/**
 * "Overdue now" from a stored summary: its `deadlineOutcome` was computed when the case was last
 * written, so a pending deadline that has passed since is overdue now.
 */
export function isOverdueAt(s: RegisterSummary, now: Date): boolean {
  return s.status !== 'closed' && s.authorityDue && now.getTime() > Date.parse(s.deadline);
}
