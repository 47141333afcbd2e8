/** The commands that change the coordinator's record; see index.ts for the rules callers must know. */
import { CENTRAL_UNIT as CENTRAL } from '../unit';
import { formatCaseNumber, parseCaseNumber, type ChannelAddress, type Locale, type Person } from '../case';
import { maskCpr } from '../cpr';
import { isLate } from '../deadline';
import { enisaScore, type EnisaInput } from '../enisa';
import {
  DECISIONS,
  EXEMPTIONS,
  NOTIFICATION_KINDS,
  RISK_LEVELS,
  STOPPED_STATES,
  WORK_LIMITS,
  clockOf,
  missingCloseSteps,
  statusOf,
  activeIncident,
  type CaseWork,
  type CommandOk,
  type CommandResult,
  type DomainError,
  type DomainErrorCode,
  type Exemption,
  type Feedback,
  type NotificationKind,
  type NotifyDecision,
  type RiskLevel,
  type StoppedState,
  type TimelineEntry,
  type TimelineFacts,
  type WorkContext,
  type WorkEvent,
} from './model';
import { duties } from './duties';
import { checkInstant, FUTURE_TOLERANCE_MS, type TimelinePoint } from './timeline';
import { applyNis2Command, nis2LateWithoutReason, type Nis2Command } from './nis2Commands';
import { nis2ReportsDue } from '../duties/dutyTable';
import { decideCrisisCell, involveCommittee, municipalRisksOf, parseMunicipalRisks, type DecideCrisisCellCmd, type MunicipalRisk } from '../committee';
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
/** Letters (also æøå), digits, '.', '-', space; SBSYS numbers look like 00.01.00-G01-12-26. */
const JOURNAL_NO = /^[\p{L}\d][\p{L}\d. -]*$/u;

// ---------------------------------------------------------------------------
// Commands

export type AcknowledgeCmd = Record<never, never>;
export interface HandOverCmd {
  to: Person;
}
export interface SetAwareCmd {
  at: string;
  reason: string;
}
export interface SetStoppedCmd {
  stopped: StoppedState;
  /** Required when stopped is 'yes'. */
  stopHow?: string;
}
export interface AssessCmd {
  risk: RiskLevel;
  enisa?: EnisaInput;
  decision: NotifyDecision;
  justification: string;
  /** The risks to the municipality answered «ja» (issue 18, part 2); absent: all «nej». */
  municipalRisks?: MunicipalRisk[];
}
export interface RecordAuthorityNotificationCmd {
  kind: NotificationKind;
  at: string;
  reference: string;
  delayReason?: string;
  followUpPending: boolean;
}
export interface RecordPersonsNotifiedCmd {
  notifiedAt: string;
  how: string;
  count: number;
}
export interface RecordPersonsExemptionCmd {
  exemption: Exemption;
  explanation: string;
}
export interface DpoInformedCmd {
  /** Defaults to now. */
  at?: string;
}
export interface JournalizeCmd {
  sbsysJournalNo: string;
}
export interface AddNoteCmd {
  text: string;
}
export interface LinkCmd {
  toCaseNumber: string;
}
export interface DeclareIncidentCmd {
  /** The public title reporters see ("Er det om: <title>?"); masked, 5–80 characters. */
  title: string;
}
export type EndIncidentCmd = Record<never, never>;
export interface CloseCmd {
  lessonsLearned: string;
  feedback: Feedback;
  /** Why the case is closed with Ishøj steps not done (missingCloseSteps); required only then. */
  closeReason?: string;
}
/** A registered unit the central group sends the case to, with where its coordinators' channel is. */
export interface RouteTarget {
  unitId: string;
  unitName: string;
  channel: ChannelAddress;
  locale: Locale;
}
export interface RouteCmd {
  /** Resolved by the caller from the unit directory (registered units only; never the central pseudo-unit). */
  targets: RouteTarget[];
}
export interface ReopenCmd {
  reason?: string;
}
/**
 * The coordinator answers the supplier question the reporter left open, or corrects the answer (issue 17,
 * finding 2). The report's fields change with it (decide.ts); the timeline records the answer.
 */
export interface AnswerSupplierCmd {
  involved: 'yes' | 'no';
  /** The supplier's name: required with yes. */
  name?: string;
  /** When the processor told the municipality (ISO), optional with yes: it starts the Art. 33 clock (deadline.ts). */
  notifiedAt?: string;
}

export type CaseCommand =
  | ({ type: 'acknowledge' } & AcknowledgeCmd)
  | ({ type: 'handOver' } & HandOverCmd)
  | ({ type: 'setAware' } & SetAwareCmd)
  | ({ type: 'setStopped' } & SetStoppedCmd)
  | ({ type: 'assess' } & AssessCmd)
  | ({ type: 'recordAuthorityNotification' } & RecordAuthorityNotificationCmd)
  | ({ type: 'recordPersonsNotified' } & RecordPersonsNotifiedCmd)
  | ({ type: 'recordPersonsExemption' } & RecordPersonsExemptionCmd)
  | ({ type: 'dpoInformed' } & DpoInformedCmd)
  | ({ type: 'journalize' } & JournalizeCmd)
  | ({ type: 'addNote' } & AddNoteCmd)
  | ({ type: 'link' } & LinkCmd)
  | ({ type: 'declareIncident' } & DeclareIncidentCmd)
  | ({ type: 'endIncident' } & EndIncidentCmd)
  | ({ type: 'close' } & CloseCmd)
  | ({ type: 'reopen' } & ReopenCmd)
  | ({ type: 'route' } & RouteCmd)
  | ({ type: 'answerSupplier' } & AnswerSupplierCmd)
  | Nis2Command
  | ({ type: 'decideCrisisCell' } & DecideCrisisCellCmd);

/**
 * A command reads the status from the work it is given (statusOf), never from a separate argument: the
 * record is the one truth, so a caller cannot pass a status that contradicts it.
 */
export type Command<C> = (work: CaseWork, cmd: C, actor: Person, now: Date, ctx: WorkContext) => CommandResult;

// ---------------------------------------------------------------------------
// Helpers

export const fail = (error: DomainErrorCode, field?: string, extra: Partial<DomainError> = {}): DomainError => ({
  ok: false,
  error,
  ...(field === undefined ? {} : { field }),
  ...extra,
});

const samePerson = (a: Person | null, b: Person | null): boolean =>
  a !== null && b !== null && a.aadObjectId === b.aadObjectId;

function clone(work: CaseWork): CaseWork {
  return structuredClone(work);
}

/**
 * Trimmed, masked text within limits, or an error. Masked first: the limits are on what is stored, and
 * a text that is only control or invisible characters (dropped by the masking) is missing.
 */
export function text(
  field: string,
  raw: unknown,
  opts: { max: number; min?: number; required?: boolean },
): { value: string } | DomainError {
  const value = typeof raw === 'string' ? maskCpr(raw).trim() : '';
  if (value.length === 0) {
    return opts.required === false ? { value: '' } : fail('required', field);
  }
  if (value.length > opts.max) return fail('too_long', field, { limit: opts.max });
  if (opts.min !== undefined && value.length < opts.min) return fail('too_short', field, { limit: opts.min });
  return { value };
}

function parseInstant(raw: unknown): Date | null {
  if (typeof raw !== 'string') return null;
  const v = raw.trim();
  const t = ISO_INSTANT.test(v) ? Date.parse(v) : NaN;
  return Number.isNaN(t) ? null : new Date(t);
}

/**
 * An instant a coordinator typed: well-formed, not in the future, and where the timeline rule
 * (./timeline.ts: nothing before the origin, the order the law implies) allows this `point`. A refusal
 * names the field and the instant it conflicts with, so the card can say which one.
 */
export function instant(field: string, raw: unknown, now: Date, work: CaseWork, ctx: WorkContext, point: TimelinePoint): { value: Date } | DomainError {
  if (typeof raw !== 'string' || raw.trim() === '') return fail('required', field);
  const at = parseInstant(raw);
  if (at === null) return fail('invalid_instant', field);
  if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) return fail('in_future', field);
  const conflict = inTimeline(work, ctx, point, at, field);
  return conflict ?? { value: at };
}

/** The timeline rule for an instant of `point` at `at`; `stamped`: the server's now, not typed (see timeline.ts). */
function inTimeline(work: CaseWork, ctx: WorkContext, point: TimelinePoint, at: Date, field?: string, stamped = false): DomainError | null {
  const problem = checkInstant(work, ctx, { point, at: at.toISOString() });
  if (problem === null || problem.order === 'future' || problem.with === undefined || problem.withAt === undefined) return null;
  return fail('timeline_conflict', field, { conflict: { order: problem.order, with: problem.with, at: problem.withAt, ...(stamped ? { stamped: true as const } : {}) } });
}

export const isErr = (x: object): x is DomainError => 'ok' in x && (x as DomainError).ok === false;

export function oneOf<T extends string>(allowed: readonly T[], raw: unknown): raw is T {
  return typeof raw === 'string' && (allowed as readonly string[]).includes(raw);
}

/** The entries a command writes (an unreadable old entry is only ever read, see caseUpgrade.ts). */
type CommandFacts = Exclude<TimelineFacts, { event: 'unreadable' }>;
type CommandEvent = CommandFacts['event'];
/** What a command records beside the event: checked per event by the compiler. */
type FactsOf<E extends CommandEvent> = Omit<Extract<CommandFacts, { event: E }>, 'event'>;

/**
 * Runs a change on an open case: refuses closed cases, applies implicit ownership,
 * appends the timeline entry and collects the events. The status it returns is statusOf the new work.
 */
export function change<E extends CommandEvent>(
  work: CaseWork,
  actor: Person,
  now: Date,
  event: E,
  apply: (w: CaseWork) => FactsOf<E>,
): CommandOk | DomainError {
  const before = statusOf(work);
  if (before === 'closed') return fail('case_closed');
  const w = clone(work);
  const events: WorkEvent[] = [];
  const at = now.toISOString();
  if (w.owner === null && event !== 'handed_over') {
    w.owner = { aadObjectId: actor.aadObjectId, teamsUserId: actor.teamsUserId, name: actor.name };
    w.acknowledgedAt = at;
    events.push({ type: 'owner_changed', from: null, to: w.owner });
    if (event !== 'acknowledged') {
      const entry: TimelineEntry = { at, by: actor.name, event: 'acknowledged', implicit: true };
      w.timeline.push(entry);
      events.push({ type: 'recorded', entry });
    }
  }
  const facts = apply(w);
  // The one transition a change makes by itself: the case got an owner (implicit ownership or a
  // hand-over of an unowned case). Close and reopen add theirs around it.
  if (before === 'new' && w.owner !== null) events.push({ type: 'status_changed', from: 'new', to: 'acknowledged' });
  // The spread of FactsOf<E> with its own event is an entry of that event; the compiler cannot follow
  // the generic through the spread, so it is told once here.
  const entry = { at, by: actor.name, event, ...facts } as TimelineEntry;
  w.timeline.push(entry);
  events.push({ type: 'recorded', entry });
  return { ok: true, work: w, status: statusOf(w), events };
}

// ---------------------------------------------------------------------------
// The commands

export const acknowledge: Command<AcknowledgeCmd> = (work, _cmd, actor, now) => {
  const status = statusOf(work);
  if (status === 'closed') return fail('case_closed');
  if (work.owner !== null) {
    if (samePerson(work.owner, actor)) return { ok: true, work, status, events: [] };
    return fail('already_owned', undefined, { owner: work.owner });
  }
  return change(work, actor, now, 'acknowledged', () => ({}));
};

export const handOver: Command<HandOverCmd> = (work, cmd, actor, now) => {
  if (statusOf(work) === 'closed') return fail('case_closed');
  const to = cmd?.to;
  if (!to || typeof to.aadObjectId !== 'string' || to.aadObjectId === '') return fail('required', 'to');
  if (samePerson(work.owner, to)) return fail('already_owner', 'to');
  const from = work.owner;
  const result = change(work, actor, now, 'handed_over', (w) => {
    w.owner = { aadObjectId: to.aadObjectId, teamsUserId: to.teamsUserId, name: to.name };
    w.acknowledgedAt = w.acknowledgedAt ?? now.toISOString();
    return { to: to.name };
  });
  if (!result.ok) return result;
  return { ...result, events: [{ type: 'owner_changed', from, to }, ...result.events] };
};

export const setAware: Command<SetAwareCmd> = (work, cmd, actor, now, ctx) => {
  const at = instant('at', cmd.at, now, work, ctx, 'aware');
  if (isErr(at)) return at;
  const reason = text('reason', cmd.reason, { max: WORK_LIMITS.reason });
  if (isErr(reason)) return reason;
  const awareAt = at.value.toISOString();
  const initial = work.authorityNotifications.find((n) => n.kind === 'initial');
  if (initial && !initial.delayReason && isLate(new Date(initial.at), { ...clockOf(work, ctx), awareAt })) {
    return fail('delay_reason_required', 'at');
  }
  // The same for the NIS2 reports, whose clocks run from the same awareness (src/domain/duties/dutyTable.ts).
  if (nis2LateWithoutReason({ ...work, awareAt }, ctx, now)) return fail('delay_reason_required', 'at');
  return change(work, actor, now, 'aware_set', (w) => {
    w.awareAt = awareAt;
    w.awareReason = reason.value;
    return { awareAt };
  });
};

export const setStopped: Command<SetStoppedCmd> = (work, cmd, actor, now, ctx) => {
  if (!oneOf(STOPPED_STATES, cmd.stopped)) return fail('invalid_choice', 'stopped');
  const how = text('stopHow', cmd.stopHow, { max: WORK_LIMITS.stopHow, required: cmd.stopped === 'yes' });
  if (isErr(how)) return how;
  // "Stopped" is recorded at the moment it is said (the register's stoppedAt): not before the origin.
  if (cmd.stopped === 'yes') {
    const conflict = inTimeline(work, ctx, 'stopped', now, 'stopped', true);
    if (conflict) return conflict;
  }
  return change(work, actor, now, 'stopped_set', (w) => {
    w.stopped = cmd.stopped;
    w.stopHow = how.value === '' ? null : how.value;
    return { stopped: cmd.stopped };
  });
};

export const assess: Command<AssessCmd> = (work, cmd, actor, now) => {
  if (!oneOf(RISK_LEVELS, cmd.risk)) return fail('invalid_choice', 'risk');
  if (!oneOf(DECISIONS, cmd.decision)) return fail('invalid_choice', 'decision');
  if (cmd.risk !== 'none' && cmd.decision === 'do_not_notify') return fail('risk_requires_notification', 'decision');
  const justification = text('justification', cmd.justification, {
    max: WORK_LIMITS.justification,
    min: WORK_LIMITS.justificationMin,
  });
  if (isErr(justification)) return justification;
  // Not asked (absent): the answers stored with the previous assessment stay.
  const municipalRisks = cmd.municipalRisks === undefined ? municipalRisksOf(work) : parseMunicipalRisks(cmd.municipalRisks);
  if (municipalRisks === null) return fail('invalid_choice', 'municipalRisks');
  const enisaResult = cmd.enisa ? enisaScore(cmd.enisa) : undefined;
  return change(work, actor, now, 'assessed', (w) => {
    w.assessment = {
      risk: cmd.risk,
      ...(cmd.enisa ? { enisaInput: { ...cmd.enisa }, enisaResult } : {}),
      decision: cmd.decision,
      justification: justification.value,
      decidedAt: now.toISOString(),
      decidedBy: actor.name,
      ...(municipalRisks.length > 0 ? { municipalRisks } : {}),
    };
    involveCommittee(w, municipalRisks, now);
    return { risk: cmd.risk, decision: cmd.decision, ...(enisaResult ? { enisa: { score: enisaResult.score, band: enisaResult.band } } : {}) };
  });
};

export const recordAuthorityNotification: Command<RecordAuthorityNotificationCmd> = (work, cmd, actor, now, ctx) => {
  if (!oneOf(NOTIFICATION_KINDS, cmd.kind)) return fail('invalid_choice', 'kind');
  const hasInitial = work.authorityNotifications.some((n) => n.kind === 'initial');
  if (cmd.kind === 'follow_up' && !hasInitial) return fail('initial_required', 'kind');
  if (cmd.kind === 'initial' && hasInitial) return fail('initial_exists', 'kind');
  const at = instant('at', cmd.at, now, work, ctx, cmd.kind === 'initial' ? 'authority_initial' : 'authority_follow_up');
  if (isErr(at)) return at;
  const reference = text('reference', cmd.reference, { max: WORK_LIMITS.reference });
  if (isErr(reference)) return reference;
  const delay = text('delayReason', cmd.delayReason, { max: WORK_LIMITS.delayReason, required: false });
  if (isErr(delay)) return delay;
  if (cmd.kind === 'initial' && delay.value === '' && isLate(at.value, clockOf(work, ctx))) {
    return fail('delay_reason_required', 'delayReason');
  }
  return change(work, actor, now, 'authority_notified', (w) => {
    w.authorityNotifications.push({
      kind: cmd.kind,
      at: at.value.toISOString(),
      reference: reference.value,
      ...(delay.value === '' ? {} : { delayReason: delay.value }),
      followUpPending: cmd.followUpPending === true,
    });
    return { kind: cmd.kind, reference: reference.value };
  });
};

export const recordPersonsNotified: Command<RecordPersonsNotifiedCmd> = (work, cmd, actor, now, ctx) => {
  const at = instant('notifiedAt', cmd.notifiedAt, now, work, ctx, 'persons_notified');
  if (isErr(at)) return at;
  const how = text('how', cmd.how, { max: WORK_LIMITS.how });
  if (isErr(how)) return how;
  if (!Number.isInteger(cmd.count) || cmd.count < 1 || cmd.count > WORK_LIMITS.persons) return fail('invalid_count', 'count');
  return change(work, actor, now, 'persons_notified', (w) => {
    w.persons = { notifiedAt: at.value.toISOString(), how: how.value, count: cmd.count };
    return { count: cmd.count };
  });
};

export const recordPersonsExemption: Command<RecordPersonsExemptionCmd> = (work, cmd, actor, now) => {
  if (!oneOf(EXEMPTIONS, cmd.exemption)) return fail('invalid_choice', 'exemption');
  const explanation = text('explanation', cmd.explanation, {
    max: WORK_LIMITS.explanation,
    min: WORK_LIMITS.explanationMin,
  });
  if (isErr(explanation)) return explanation;
  return change(work, actor, now, 'persons_exempted', (w) => {
    w.persons = { exemption: cmd.exemption, explanation: explanation.value };
    return { exemption: cmd.exemption };
  });
};

export const dpoInformed: Command<DpoInformedCmd> = (work, cmd, actor, now, ctx) => {
  let at = now;
  if (cmd.at !== undefined && cmd.at.trim() !== '') {
    const parsed = instant('at', cmd.at, now, work, ctx, 'dpo_informed');
    if (isErr(parsed)) return parsed;
    at = parsed.value;
  } else {
    const conflict = inTimeline(work, ctx, 'dpo_informed', now, undefined, true);
    if (conflict) return conflict;
  }
  return change(work, actor, now, 'dpo_informed', (w) => {
    const informedAt = at.toISOString();
    w.dpoInformedAt = informedAt;
    return { informedAt };
  });
};

export const journalize: Command<JournalizeCmd> = (work, cmd, actor, now) => {
  const no = typeof cmd.sbsysJournalNo === 'string' ? cmd.sbsysJournalNo.trim().replace(/\s+/g, ' ') : '';
  if (no === '') return fail('required', 'sbsysJournalNo');
  if (no.length > WORK_LIMITS.journalNo) return fail('too_long', 'sbsysJournalNo', { limit: WORK_LIMITS.journalNo });
  if (!JOURNAL_NO.test(no)) return fail('invalid_journal_no', 'sbsysJournalNo');
  return change(work, actor, now, 'journalized', (w) => {
    w.sbsysJournalNo = no;
    return { journalNo: no };
  });
};

export const addNote: Command<AddNoteCmd> = (work, cmd, actor, now) => {
  const note = text('text', cmd.text, { max: WORK_LIMITS.note });
  if (isErr(note)) return note;
  return change(work, actor, now, 'note_added', (w) => {
    w.notes.push({ at: now.toISOString(), by: actor.name, text: note.value });
    // The note's text stays in the notes: the timeline only says that one was added.
    return {};
  });
};

export const link: Command<LinkCmd> = (work, cmd, actor, now, ctx) => {
  if (typeof cmd.toCaseNumber !== 'string' || cmd.toCaseNumber.trim() === '') return fail('required', 'toCaseNumber');
  const target = parseCaseNumber(cmd.toCaseNumber);
  if (target === null) return fail('invalid_case_number', 'toCaseNumber');
  const normalized = formatCaseNumber(target.year, target.sequence);
  const own = parseCaseNumber(ctx.caseNumber);
  if (own !== null && formatCaseNumber(own.year, own.sequence) === normalized) return fail('link_to_self', 'toCaseNumber');
  // A known incident gathers reports; it is not itself one of another's (end it first).
  if (activeIncident(work) !== null) return fail('incident_active', 'toCaseNumber');
  return change(work, actor, now, 'linked', (w) => {
    w.linkedTo = normalized;
    return { toCaseNumber: normalized };
  });
};

/**
 * Marks the case as a known incident (or renames the active one). Its title is public within the
 * tenant: every reporter is asked about it, so it is masked like every input and kept short.
 */
export const declareIncident: Command<DeclareIncidentCmd> = (work, cmd, actor, now) => {
  if (work.linkedTo !== null) return fail('linked_case', 'title');
  const title = text('title', cmd?.title, { max: WORK_LIMITS.incidentTitle, min: WORK_LIMITS.incidentTitleMin });
  if (isErr(title)) return title;
  const active = activeIncident(work);
  if (active !== null && active.title === title.value) return { ok: true, work, status: statusOf(work), events: [] };
  return change(work, actor, now, 'incident_declared', (w) => {
    w.incident = { title: title.value, declaredAt: active?.declaredAt ?? now.toISOString(), declaredBy: active?.declaredBy ?? actor.name, endedAt: null };
    return { title: title.value };
  });
};

/** Stops offering the incident to reporters; the reports linked so far stay linked. */
export const endIncident: Command<EndIncidentCmd> = (work, _cmd, actor, now) => {
  if (statusOf(work) === 'closed') return fail('case_closed');
  if (activeIncident(work) === null) return fail('not_incident');
  return change(work, actor, now, 'incident_ended', (w) => {
    w.incident = { ...w.incident!, endedAt: now.toISOString() };
    return {};
  });
};

export const close: Command<CloseCmd> = (work, cmd, actor, now, ctx) => {
  const status = statusOf(work);
  if (status === 'closed') return fail('case_closed');
  const d = duties(work, status, ctx, now);
  if (work.assessment === null) return fail('decision_missing', 'decision');
  if (d.authorityDue) return fail('authority_notification_missing');
  if (d.personsDue) return fail('persons_notification_missing');
  if (d.followUpPending) return fail('follow_up_pending');
  // A significant NIS2 incident's reports are duties like Art. 33's (src/domain/duties/dutyTable.ts): no close while one is owed.
  if (nis2ReportsDue(work, ctx, now).length > 0) return fail('nis2_report_missing');
  const lessons = text('lessonsLearned', cmd.lessonsLearned, { max: WORK_LIMITS.lessons });
  if (isErr(lessons)) return lessons;
  const fb = cmd.feedback ?? ({} as Partial<Feedback>);
  const feedback = {} as Feedback;
  const fields: [keyof Feedback, boolean][] = [
    ['done', true],
    ['authorityNotified', false],
    ['dpoInformed', false],
    ['personsInformed', false],
    ['prevention', true],
  ];
  for (const [field, required] of fields) {
    const t = text(`feedback.${field}`, fb[field], { max: WORK_LIMITS.feedback, required });
    if (isErr(t)) return t;
    feedback[field] = t.value;
  }
  // Checked last, so the coordinator sees the legal conditions and the texts first, then the checklist.
  const steps = missingCloseSteps(work);
  let anyway: { reason: string; steps: typeof steps } | null = null;
  if (steps.length > 0) {
    const reason = text('closeReason', cmd.closeReason, { max: WORK_LIMITS.closeReason, min: WORK_LIMITS.closeReasonMin, required: false });
    if (isErr(reason)) return reason;
    if (reason.value === '') return fail('close_steps_missing', 'closeReason', { steps });
    anyway = { reason: reason.value, steps };
  }
  // A close is after everything it closes: a notification typed a few minutes ahead (the tolerance) waits.
  const conflict = inTimeline(work, ctx, 'closed', now, undefined, true);
  if (conflict) return conflict;
  const result = change(work, actor, now, 'closed', (w) => {
    w.closedAt = now.toISOString();
    w.lessonsLearned = lessons.value;
    w.feedback = feedback;
    w.closedAnyway = anyway;
    // Closing a known incident ends it: reporters are no longer asked about it.
    if (w.incident !== null && w.incident.endedAt === null) w.incident = { ...w.incident, endedAt: now.toISOString() };
    // The reason is in the timeline too (masked like every input): who closed with what missing, and why.
    return anyway ? { anyway: { missing: [...anyway.steps], reason: anyway.reason } } : {};
  });
  if (!result.ok) return result;
  // change() gave an unowned case its owner (new → acknowledged) before the close, so the close
  // itself always leaves 'acknowledged'.
  return {
    ...result,
    events: [...result.events, { type: 'status_changed', from: 'acknowledged', to: 'closed' }],
  };
};

export const reopen: Command<ReopenCmd> = (work, cmd, actor, now, ctx) => {
  if (statusOf(work) !== 'closed') return fail('not_closed');
  // Decision (README, "Retention"): an anonymized case stays closed. Its reporter and its words are
  // gone for good; reopening it would start new personal data on a record that is only statistics
  // (and owe a reporter who can no longer be reached). A new development is a new report, linked.
  if (ctx.anonymized) return fail('anonymized');
  const reason = text('reason', cmd?.reason, { max: WORK_LIMITS.reason, required: false });
  if (isErr(reason)) return reason;
  const conflict = inTimeline(work, ctx, 'reopened', now, undefined, true);
  if (conflict) return conflict;
  // Clearing closedAt is what reopens the case (statusOf); the change then runs on the open work.
  const result = change({ ...work, closedAt: null }, actor, now, 'reopened', () => (reason.value === '' ? {} : { reason: reason.value }));
  if (!result.ok) return result;
  return {
    ...result,
    events: [{ type: 'status_changed', from: 'closed', to: 'acknowledged' }, ...result.events],
  };
};

/**
 * The central group sends the case on to registered units (issue 17): a report without a unit («Ved ikke»)
 * or with the wrong one. The units are added to the case's own (the reporter's «Ved ikke» is replaced); the
 * case keeps its number and history, and the new units' channels get its card (decide.ts). Who may do it
 * (the central seat) is the caller's to check, like every membership.
 */
export const route: Command<RouteCmd> = (work, cmd, actor, now, ctx) => {
  if (statusOf(work) === 'closed') return fail('case_closed');
  const targets = Array.isArray(cmd?.targets) ? cmd.targets.filter((t) => t && typeof t.unitId === 'string' && t.unitId !== '' && t.unitId !== CENTRAL) : [];
  if (targets.length === 0) return fail('required', 'routeUnits');
  const current = ctx.unitIds ?? [];
  if (targets.some((t) => current.includes(t.unitId))) return fail('already_routed', 'routeUnits');
  return change(work, actor, now, 'routed', () => ({ units: targets.map((t) => t.unitName) }));
};

/**
 * The supplier question answered on the card: yes with the supplier's name (and, if known, when the
 * processor told us: an instant the timeline rule checks as the processor's notice, so it cannot lie
 * after an awareness or a notification already recorded), or no. Allowed again to correct an answer.
 */
export const answerSupplier: Command<AnswerSupplierCmd> = (work, cmd, actor, now, ctx) => {
  if (statusOf(work) === 'closed') return fail('case_closed');
  if (cmd?.involved !== 'yes' && cmd?.involved !== 'no') return fail('invalid_choice', 'involved');
  if (cmd.involved === 'no') return change(work, actor, now, 'supplier_answered', () => ({ involved: 'no' as const }));
  const name = text('name', cmd.name, { max: WORK_LIMITS.supplierName });
  if (isErr(name)) return name;
  let notifiedAt: string | undefined;
  if (typeof cmd.notifiedAt === 'string' && cmd.notifiedAt.trim() !== '') {
    const at = instant('notifiedAt', cmd.notifiedAt, now, work, ctx, 'supplier_notified');
    if (isErr(at)) return at;
    notifiedAt = at.value.toISOString();
  }
  return change(work, actor, now, 'supplier_answered', () => ({ involved: 'yes' as const, ...(notifiedAt ? { notifiedAt } : {}) }));
};

/** The report's supplier fields after an accepted answerSupplier (decide.ts writes them), masked as the command checked them. */
export function supplierFieldsOf(cmd: AnswerSupplierCmd, notifiedAt: string | undefined): { supplierInvolved: 'yes' | 'no'; supplierName: string; supplierNotifiedAt: string } {
  if (cmd.involved === 'no') return { supplierInvolved: 'no', supplierName: '', supplierNotifiedAt: '' };
  return { supplierInvolved: 'yes', supplierName: maskCpr(cmd.name ?? '').trim(), supplierNotifiedAt: notifiedAt ?? '' };
}


/**
 * A linked report nobody has worked on (no owner: a report tied to a known incident, typically) is
 * closed by Brudvagt together with the case it is linked to, with that case's feedback: so it leaves
 * the open register, its reporter's "mine sager" says closed, and its retention clock starts. A linked
 * case a coordinator has taken keeps its own record and is closed by its coordinators. Null: leave it.
 */
export function closeWithLinked(work: CaseWork, linkedTo: string, feedback: Feedback | null, now: Date): CaseWork | null {
  if (statusOf(work) !== 'new' || work.linkedTo !== linkedTo) return null;
  const w = clone(work);
  w.closedAt = now.toISOString();
  w.feedback = feedback;
  w.timeline.push({ at: w.closedAt, by: 'Brudvagt', event: 'closed', withCase: linkedTo });
  return w;
}

/** One entry point for callers that receive a command from a card. */
export function applyCommand(
  work: CaseWork,
  cmd: CaseCommand,
  actor: Person,
  now: Date,
  ctx: WorkContext,
): CommandResult {
  switch (cmd.type) {
    case 'acknowledge':
      return acknowledge(work, {}, actor, now, ctx);
    case 'handOver':
      return handOver(work, cmd, actor, now, ctx);
    case 'setAware':
      return setAware(work, cmd, actor, now, ctx);
    case 'setStopped':
      return setStopped(work, cmd, actor, now, ctx);
    case 'assess':
      return assess(work, cmd, actor, now, ctx);
    case 'recordAuthorityNotification':
      return recordAuthorityNotification(work, cmd, actor, now, ctx);
    case 'recordPersonsNotified':
      return recordPersonsNotified(work, cmd, actor, now, ctx);
    case 'recordPersonsExemption':
      return recordPersonsExemption(work, cmd, actor, now, ctx);
    case 'dpoInformed':
      return dpoInformed(work, cmd, actor, now, ctx);
    case 'journalize':
      return journalize(work, cmd, actor, now, ctx);
    case 'addNote':
      return addNote(work, cmd, actor, now, ctx);
    case 'link':
      return link(work, cmd, actor, now, ctx);
    case 'declareIncident':
      return declareIncident(work, cmd, actor, now, ctx);
    case 'endIncident':
      return endIncident(work, {}, actor, now, ctx);
    case 'close':
      return close(work, cmd, actor, now, ctx);
    case 'reopen':
      return reopen(work, cmd, actor, now, ctx);
    case 'route':
      return route(work, cmd, actor, now, ctx);
    case 'answerSupplier':
      return answerSupplier(work, cmd, actor, now, ctx);
    case 'markNis2':
    case 'unmarkNis2':
    case 'recordNis2Report':
      return applyNis2Command(work, cmd, actor, now, ctx);
    case 'decideCrisisCell':
      return decideCrisisCell(work, cmd, actor, now, ctx);
  }
}
