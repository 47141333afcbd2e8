/** The coordinator's record on a case: its shape, its limits and its typed errors. */
import type { BreachCase, CaseStatus, Person } from '../case';
import type { ClockInputs } from '../deadline';
import type { SupplierAnswer } from '../report';
import type { EnisaInput, EnisaResult, SeverityBand } from '../enisa';
import type { TimelinePoint } from './timeline';
import type { Nis2Record, Nis2ReportKind } from './nis2';
import type { CommitteeRecord, CrisisRole, MunicipalRisk } from '../committee';

export const STOPPED_STATES = ['yes', 'no', 'unknown'] as const;
export type StoppedState = (typeof STOPPED_STATES)[number];

export const RISK_LEVELS = ['none', 'risk', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const DECISIONS = ['notify', 'do_not_notify'] as const;
export type NotifyDecision = (typeof DECISIONS)[number];

export const NOTIFICATION_KINDS = ['initial', 'follow_up'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Art. 34(3): (a) data unintelligible, e.g. encrypted; (b) subsequent measures; (c) disproportionate effort → public communication. */
export const EXEMPTIONS = ['art34_3_a', 'art34_3_b', 'art34_3_c'] as const;
export type Exemption = (typeof EXEMPTIONS)[number];

export interface Assessment {
  risk: RiskLevel;
  enisaInput?: EnisaInput;
  enisaResult?: EnisaResult;
  decision: NotifyDecision;
  /** Kept also for breaches that are not notified (Art. 33(5)). */
  justification: string;
  decidedAt: string;
  /** Name of the coordinator who decided. */
  decidedBy: string;
  /** The risks to the municipality answered «ja» (src/domain/committee.ts); absent on older assessments: all «nej». */
  municipalRisks?: MunicipalRisk[];
}

export interface AuthorityNotification {
  kind: NotificationKind;
  at: string;
  /** virk.dk receipt or Datatilsynet's journal number. */
  reference: string;
  /** Required on a late initial notification. */
  delayReason?: string;
  /** More information will follow (Art. 33(4)). */
  followUpPending: boolean;
}

export type PersonsRecord =
  | { notifiedAt: string; how: string; count: number }
  | { exemption: Exemption; explanation: string };

export interface Note {
  at: string;
  by: string;
  text: string;
}

/** The Ishøj feedback to the reporter; the thanks is fixed text. */
export interface Feedback {
  done: string;
  authorityNotified: string;
  dpoInformed: string;
  personsInformed: string;
  prevention: string;
}

export const TIMELINE_EVENTS = [
  'acknowledged',
  'handed_over',
  'aware_set',
  'stopped_set',
  'assessed',
  'authority_notified',
  'persons_notified',
  'persons_exempted',
  'dpo_informed',
  'journalized',
  'note_added',
  'linked',
  'incident_declared',
  'incident_ended',
  'routed',
  'supplier_answered',
  'closed',
  'reopened',
  'nis2_marked',
  'nis2_unmarked',
  'nis2_reported',
  'crisis_cell_decided',
] as const;
export type TimelineEvent = (typeof TIMELINE_EVENTS)[number];

/**
 * What one timeline entry records, per event: structured facts, so the card, the thread, retention and
 * the register read them with the compiler checking every producer and reader (no codes packed into a
 * string and parsed back). Free text appears only where the coordinator's masked words are the fact
 * (the reason of a reopen or of a close with steps missing); names only where the person is the fact
 * (whom a case was handed to). Cases stored before this shape carried a `detail` string: see
 * src/domain/caseUpgrade.ts, the one place that reads the old form.
 */
export type TimelineFacts =
  /** `implicit`: taken with the coordinator's first entry rather than by "take the case". */
  | { event: 'acknowledged'; implicit?: true }
  /** `to`: the receiver's name ('' once retention removed it). */
  | { event: 'handed_over'; to: string }
  | { event: 'aware_set'; awareAt: string }
  | { event: 'stopped_set'; stopped: StoppedState }
  | { event: 'assessed'; risk: RiskLevel; decision: NotifyDecision; enisa?: { score: number; band: SeverityBand } }
  | { event: 'authority_notified'; kind: NotificationKind; reference: string }
  | { event: 'persons_notified'; count: number }
  | { event: 'persons_exempted'; exemption: Exemption }
  | { event: 'dpo_informed'; informedAt: string }
  | { event: 'journalized'; journalNo: string }
  | { event: 'note_added' }
  | { event: 'linked'; toCaseNumber: string }
  /** `title`: the public title (masked, no personal data: it is shown to every reporter of the tenant). */
  | { event: 'incident_declared'; title: string }
  /** `byClose`: ended because the case was closed. */
  | { event: 'incident_ended'; byClose?: true }
  /** The central group sent the case on to these units (their names then): their channels get the card. */
  | { event: 'routed'; units: string[] }
  /**
   * A coordinator answered the supplier question (issue 17, finding 2): the answer and, for yes, when the
   * processor told us if known. The supplier's name is on the report only (retention erases it there).
   */
  | { event: 'supplier_answered'; involved: Exclude<SupplierAnswer, 'unanswered'>; notifiedAt?: string }
  /**
   * `anyway`: closed with Ishøj steps missing, and the coordinator's (masked) reason. `withCase`: a
   * linked report nobody worked on, closed by Brudvagt with the case it is linked to (its number).
   */
  | { event: 'closed'; anyway?: { missing: CloseStep[]; reason: string }; withCase?: string }
  /** `reason`: the coordinator's masked reason, when one was given. */
  | { event: 'reopened'; reason?: string }
  /** Marked a significant NIS2 incident, or unmarked (the reason is on work.nis2: src/domain/caseWork/nis2.ts). */
  | { event: 'nis2_marked' }
  | { event: 'nis2_unmarked' }
  /** A NIS2 report submitted through virk.dk and its receipt number. */
  | { event: 'nis2_reported'; kind: Nis2ReportKind; reference: string }
  /**
   * A stored entry in the old string form that no version of the code wrote (a hand-edited row): kept,
   * so the timeline keeps its length (the card's `rev`) and its line, and shown as the old code showed
   * an unreadable detail: the event's sentence with the raw text. Never produced by a command.
   */
  | { event: 'unreadable'; was: string; detail: string }
  /** The information-security committee decided on a crisis cell (src/domain/committee.ts): convened with these roles, or not. */
  | { event: 'crisis_cell_decided'; convene: boolean; roles: CrisisRole[] };

export type TimelineEntry = {
  at: string;
  /** Name of the actor. */
  by: string;
} & TimelineFacts;

export interface CaseWork {
  owner: Person | null;
  acknowledgedAt: string | null;
  awareAt: string | null;
  awareReason: string | null;
  stopped: StoppedState;
  stopHow: string | null;
  assessment: Assessment | null;
  authorityNotifications: AuthorityNotification[];
  persons: PersonsRecord | null;
  dpoInformedAt: string | null;
  sbsysJournalNo: string | null;
  notes: Note[];
  /** Case number of the case this report is linked to (one incident, many reports). */
  linkedTo: string | null;
  /**
   * The case is a known incident (issue 10): while active, the report form asks every reporter of the
   * tenant "Er det om: <title>?", and a report tied to it is linked here at once without a card of its own.
   * Closing the case ends it. Null on every other case (and on cases stored before it existed).
   */
  incident: KnownIncident | null;
  closedAt: string | null;
  lessonsLearned: string | null;
  feedback: Feedback | null;
  /**
   * The case was closed with Ishøj steps not done, and why (the coordinator's reason, masked). Null
   * when every step was done or the case is open (cases stored before the checklist existed read as
   * null: see src/domain/caseUpgrade.ts).
   */
  closedAnyway: { reason: string; steps: CloseStep[] } | null;
  timeline: TimelineEntry[];
  /**
   * The NIS2 marking and its reports (issue 18, part 3). Absent on cases stored before it, and on every
   * case never marked: read as not a NIS2 incident.
   */
  nis2?: Nis2Record | null;
  /**
   * The information-security committee's part (issue 18, part 2): set by the first assessment with a risk
   * to the municipality, with the committee's decision on a crisis cell. Absent on every other case.
   */
  committee?: CommitteeRecord | null;
}

export interface KnownIncident {
  /** Public title: masked, 5–80 characters; shown to reporters, so it must not name a person. */
  title: string;
  declaredAt: string;
  declaredBy: string;
  /** When it stopped being offered to reporters (ended, or the case closed); null while active. */
  endedAt: string | null;
}

/** The incident reporters are offered now, or null (none, ended, or the case is closed). */
export function activeIncident(work: CaseWork): KnownIncident | null {
  return work.incident !== null && work.incident.endedAt === null && work.closedAt === null ? work.incident : null;
}

/**
 * The Ishøj steps a close checks (BRIEF, "The coordinator's procedure"): the breach confirmed stopped
 * (step 1) and the DPO informed (step 2). The decision with its justification (Art. 33(5)) and the
 * notifications the law requires are not on this list: they stay hard conditions, no reason overrides them.
 */
export const CLOSE_STEPS = ['stopped_confirmed', 'dpo_informed'] as const;
export type CloseStep = (typeof CLOSE_STEPS)[number];

/** The steps not done yet; a close needs them done or a written reason. */
export function missingCloseSteps(work: CaseWork): CloseStep[] {
  const steps: CloseStep[] = [];
  if (work.stopped !== 'yes') steps.push('stopped_confirmed');
  if (!work.dpoInformedAt) steps.push('dpo_informed');
  return steps;
}

export function emptyWork(): CaseWork {
  return {
    owner: null,
    acknowledgedAt: null,
    awareAt: null,
    awareReason: null,
    stopped: 'unknown',
    stopHow: null,
    assessment: null,
    authorityNotifications: [],
    persons: null,
    dpoInformedAt: null,
    sbsysJournalNo: null,
    notes: [],
    linkedTo: null,
    incident: null,
    closedAt: null,
    lessonsLearned: null,
    feedback: null,
    closedAnyway: null,
    timeline: [],
  };
}

/**
 * The case's status, derived from its work: the one rule every command and every read uses, so the
 * stored `status` column (which the queries filter on) can never disagree with the record. Closed
 * while `closedAt` is set (a reopen clears it); acknowledged once someone owns it (every successful
 * command gives an unowned case an owner, see index.ts: `new` ⇔ no owner); else new.
 */
export function statusOf(work: CaseWork): CaseStatus {
  if (work.closedAt !== null) return 'closed';
  if (work.owner !== null) return 'acknowledged';
  return 'new';
}

/** What the commands need from the case itself. */
export interface WorkContext {
  /** Own case number, e.g. BV-2026-0007 (a case cannot be linked to itself). */
  caseNumber: string;
  discoveredAt: string;
  supplierInvolved?: SupplierAnswer;
  supplierNotifiedAt?: string;
  /** Retention removed the case's personal data (src/domain/retention.ts): it cannot be reopened. */
  anonymized?: boolean;
  /** The units the case belongs to (the reporter's answer, and where the central group sent it since). */
  unitIds?: readonly string[];
}

export function workContext(c: BreachCase): WorkContext {
  return {
    caseNumber: c.number,
    discoveredAt: c.report.discoveredAt,
    supplierInvolved: c.report.supplierInvolved,
    supplierNotifiedAt: c.report.supplierNotifiedAt,
    ...(c.anonymizedAt !== undefined ? { anonymized: true } : {}),
    unitIds: c.report.unitIds,
  };
}

export type DomainErrorCode =
  | 'already_owned'
  | 'already_owner'
  | 'case_closed'
  | 'not_closed'
  | 'required'
  | 'too_short'
  | 'too_long'
  | 'invalid_choice'
  | 'invalid_instant'
  | 'in_future'
  /** The instant breaks the timeline rule (./timeline.ts); `conflict` says which instant it conflicts with. */
  | 'timeline_conflict'
  | 'invalid_count'
  | 'risk_requires_notification'
  | 'initial_required'
  | 'initial_exists'
  | 'delay_reason_required'
  | 'invalid_journal_no'
  | 'invalid_case_number'
  | 'link_to_self'
  /** The case to link to does not exist or the linker's team may not see it (src/domain/visibility.ts). */
  | 'link_not_visible'
  /** A route to a unit the case already belongs to. */
  | 'already_routed'
  | 'not_incident'
  | 'incident_active'
  | 'linked_case'
  | 'decision_missing'
  | 'authority_notification_missing'
  | 'persons_notification_missing'
  | 'follow_up_pending'
  | 'close_steps_missing'
  /** NIS2 (src/domain/caseWork/nis2Commands.ts): the case is not marked; the kind is recorded already; the notification comes first; a report is owed. */
  | 'nis2_not_marked'
  | 'nis2_report_exists'
  | 'nis2_notification_required'
  | 'nis2_report_missing'
  | 'anonymized';

export interface DomainError {
  ok: false;
  error: DomainErrorCode;
  /** The command field at fault, when there is one. */
  field?: string;
  /** For too_short / too_long. */
  limit?: number;
  /** For already_owned: who has the case. */
  owner?: Person;
  /** For close_steps_missing: the steps not done. */
  steps?: CloseStep[];
  /**
   * For timeline_conflict: the instant lies `before` the recorded instant `with` (at `at`) it must follow,
   * or `after` one it must precede. `stamped`: the refused instant was the server's now, not typed (it
   * can only conflict with an instant a few minutes ahead: try again shortly).
   */
  conflict?: { order: 'before' | 'after'; with: TimelinePoint; at: string; stamped?: true };
}

/** What the caller acts on (post "X took the case", send the feedback when closed, ...). */
export type WorkEvent =
  | { type: 'status_changed'; from: CaseStatus; to: CaseStatus }
  | { type: 'owner_changed'; from: Person | null; to: Person }
  | { type: 'recorded'; entry: TimelineEntry };

export interface CommandOk {
  ok: true;
  work: CaseWork;
  status: CaseStatus;
  events: WorkEvent[];
}

export type CommandResult = CommandOk | DomainError;

export const WORK_LIMITS = {
  reason: 1000,
  stopHow: 2000,
  justificationMin: 10,
  justification: 4000,
  reference: 100,
  delayReason: 2000,
  how: 1000,
  explanationMin: 10,
  explanation: 2000,
  journalNo: 40,
  note: 2000,
  lessons: 4000,
  feedback: 1000,
  closeReasonMin: 10,
  closeReason: 1000,
  incidentTitleMin: 5,
  incidentTitle: 80,
  persons: 10_000_000,
  /** The report form's limit for the supplier's name (LIMITS.system in reportValidation.ts). */
  supplierName: 200,
  nis2ReasonMin: 10,
} as const;

/** The inputs of the Art. 33 clock for a case as stored: the one place that knows where they live. */
export function caseClock(c: BreachCase): ClockInputs {
  return clockOf(c.work, workContext(c));
}

export function clockOf(work: CaseWork, ctx: WorkContext): ClockInputs {
  return {
    discoveredAt: ctx.discoveredAt,
    awareAt: work.awareAt ?? undefined,
    supplierInvolved: ctx.supplierInvolved,
    supplierNotifiedAt: ctx.supplierNotifiedAt,
  };
}
