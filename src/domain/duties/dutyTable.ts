/**
 * Every duty a case can owe, as one table (issue 18, part 3: «one incident, more than one clock»). A row says
 * when the duty applies, where its clock starts, its deadline, when it reminds, when it is done, what records
 * it and which draft helps with it. The reminders (src/domain/reminders.ts), the card, the register, the
 * export and the statistics read the duties from here; a further regime is a further row.
 *
 * The rows:
 * - `art33` Datatilsynet, GDPR Art. 33: 72 continuous hours from awareness (src/domain/deadline.ts), phased
 *   (Art. 33(4)): an initial notification, then follow-ups while one promised more. Exactly the rules of
 *   src/domain/caseWork/duties.ts; its reminder ids ('dl-48' … 'dl-0', 'od-k', 'off', 'fu-i-k') predate the
 *   table and are kept, because stored cases hold them in `schedule.sent`.
 * - `art34` the persons, GDPR Art. 34: «without undue delay» when the risk is high; no fixed deadline, so
 *   no deadline reminders, but a reminder every `personsEveryHours` from the assessment ('pn-k') until the
 *   persons are notified or an exemption is recorded. Never judged late (no instant to judge by).
 * - `nis2_early_warning` NIS 2-loven / NIS2 Art. 23(4)(a): 24 hours from becoming aware. Done by the early
 *   warning, or by an incident notification submitted first (it carries everything the warning would).
 * - `nis2_notification` Art. 23(4)(b): 72 hours from becoming aware.
 * - `nis2_final_report` Art. 23(4)(d): one month after the incident notification was submitted
 *   (./calendarMonth.ts: the end of the same Copenhagen date next month). Before the notification is
 *   submitted its deadline is provisional: one month after the notification's deadline.
 *
 * Decision: NIS2's «becoming aware» is read from the same instant as Art. 33's clock (the coordinator's
 * awareAt, else the processor's notice, else the discovery): the safe reading, one awareness per case, and
 * a coordinator who judges later that the municipality became aware later moves both clocks with one entry.
 *
 * Decision (reminder hours): the 72-hour NIS2 notification reminds at the hours Art. 33 does (the policy's
 * hoursBeforeDeadline: 48, 24, 12, 4, 1, 0; overdue every 12 h): the same length, the same rhythm. The 24-hour
 * early warning at 12, 4, 1 and 0 hours before (half-way, the afternoon before, the last hour, the deadline),
 * overdue every 4 hours: a third of Art. 33's rhythm, as its clock is a third as long. The one-month final
 * report at 7 days, 2 days, 1 day and 0 before (a week to write it, then the last working days), overdue
 * daily. Every deadline outside working hours (Danish weekends and holidays, 08–16) also gets the
 * working-day warning ('off', src/domain/holidays.ts previousWorkingDayWarningAt); the final report's
 * deadline is midnight, so it always gets one, at 12:00 on its last working day.
 */
import { addHours, clockStart, NOTIFY_WITHIN_HOURS } from './clockMath';
import { clockOf, statusOf, type CaseWork, type WorkContext } from '../caseWork/model';
import { nis2Marking, nis2Report } from '../caseWork/nis2';
import { oneMonthAfter } from './calendarMonth';
import type { ReminderPolicy } from '../reminders';

export const DUTY_IDS = ['art33', 'art34', 'nis2_early_warning', 'nis2_notification', 'nis2_final_report'] as const;
export type DutyId = (typeof DUTY_IDS)[number];
export type Regime = 'gdpr' | 'nis2';

/** What a duty is read from: the coordinators' record and the report's facts the clocks need. */
export interface DutySubject {
  work: CaseWork;
  ctx: WorkContext;
}

/** Reminders while something other than the deadline is pending (Art. 33 follow-ups, Art. 34). */
export interface RepeatWhilePending {
  /** Slot id prefix: ids are `${prefix}-${k}`. */
  prefix: string;
  kind: 'persons' | 'follow_up';
  anchor: string;
  everyHours: number;
  /** The policy field it came from (the error names it). */
  field: keyof ReminderPolicy;
}

/** The draft that helps with the duty (src/domain/notificationDrafts.ts, src/domain/duties/nis2Drafts.ts). */
export type DutyDraft = 'authority' | 'persons' | 'nis2_early_warning' | 'nis2_notification' | 'nis2_final_report';

export interface DutyRow {
  id: DutyId;
  regime: Regime;
  /** Prefix of the duty's deadline reminder ids; '' for Art. 33, whose ids predate the table. */
  slotPrefix: string;
  applies(s: DutySubject): boolean;
  /** Where the clock starts (ISO), or null when it has not started. */
  start(s: DutySubject): string | null;
  /** Before the clock starts: the instant it will start at the latest (a provisional deadline). */
  provisionalStart?(s: DutySubject): string | null;
  /** The deadline from the start; null: no fixed deadline («without undue delay»). */
  deadline(start: Date): Date | null;
  /** Hours before the deadline to remind at (0 = at the deadline). */
  reminderHours(p: ReminderPolicy): readonly number[];
  /** Past the deadline and not done: every this many hours; with the policy field it came from, if any. */
  overdueEvery(p: ReminderPolicy): { hours: number; field?: keyof ReminderPolicy };
  /** When the duty was done (ISO), or null. */
  doneAt(s: DutySubject): string | null;
  repeat?(s: DutySubject, p: ReminderPolicy): RepeatWhilePending | null;
  /** The command that records it. */
  recordKind: 'recordAuthorityNotification' | 'recordPersons' | 'recordNis2Report';
  draft: DutyDraft;
}

const awareness = (s: DutySubject): string => clockStart(clockOf(s.work, s.ctx)).at.toISOString();
const nis2Done = (s: DutySubject, kind: 'early_warning' | 'notification' | 'final'): string | null => nis2Report(s.work, kind)?.at ?? null;

export const DUTY_TABLE: readonly DutyRow[] = [
  {
    id: 'art33',
    regime: 'gdpr',
    slotPrefix: '',
    applies: (s) => s.work.assessment?.decision !== 'do_not_notify',
    start: awareness,
    deadline: (start) => addHours(start, NOTIFY_WITHIN_HOURS),
    reminderHours: (p) => p.hoursBeforeDeadline,
    overdueEvery: (p) => ({ hours: p.overdueEveryHours, field: 'overdueEveryHours' }),
    doneAt: (s) => s.work.authorityNotifications.find((n) => n.kind === 'initial')?.at ?? null,
    repeat: (s, p) => {
      const i = s.work.authorityNotifications.length - 1;
      const last = s.work.authorityNotifications[i];
      if (last?.followUpPending !== true) return null;
      return { prefix: `fu-${i}`, kind: 'follow_up', anchor: last.at, everyHours: p.followUpEveryHours, field: 'followUpEveryHours' };
    },
    recordKind: 'recordAuthorityNotification',
    draft: 'authority',
  },
  {
    id: 'art34',
    regime: 'gdpr',
    slotPrefix: 'pn',
    // Persons told without a high risk (a cautious letter) is the duty met all the same.
    applies: (s) => s.work.assessment?.risk === 'high' || s.work.persons !== null,
    start: (s) => s.work.assessment?.decidedAt ?? null,
    deadline: () => null,
    reminderHours: () => [],
    overdueEvery: (p) => ({ hours: p.personsEveryHours, field: 'personsEveryHours' }),
    doneAt: (s) => {
      const p = s.work.persons;
      if (p === null) return null;
      if ('notifiedAt' in p) return p.notifiedAt;
      return [...s.work.timeline].reverse().find((e) => e.event === 'persons_exempted')?.at ?? s.work.assessment?.decidedAt ?? null;
    },
    repeat: (s, p) =>
      s.work.assessment !== null && s.work.assessment.risk === 'high' && s.work.persons === null
        ? { prefix: 'pn', kind: 'persons', anchor: s.work.assessment.decidedAt, everyHours: p.personsEveryHours, field: 'personsEveryHours' }
        : null,
    recordKind: 'recordPersons',
    draft: 'persons',
  },
  {
    id: 'nis2_early_warning',
    regime: 'nis2',
    slotPrefix: 'n2w-',
    applies: (s) => nis2Marking(s.work) !== null,
    start: awareness,
    deadline: (start) => addHours(start, 24),
    reminderHours: () => [12, 4, 1, 0],
    overdueEvery: () => ({ hours: 4 }),
    doneAt: (s) => earliest(nis2Done(s, 'early_warning'), nis2Done(s, 'notification')),
    recordKind: 'recordNis2Report',
    draft: 'nis2_early_warning',
  },
  {
    id: 'nis2_notification',
    regime: 'nis2',
    slotPrefix: 'n2n-',
    applies: (s) => nis2Marking(s.work) !== null,
    start: awareness,
    deadline: (start) => addHours(start, 72),
    reminderHours: (p) => p.hoursBeforeDeadline,
    overdueEvery: (p) => ({ hours: p.overdueEveryHours, field: 'overdueEveryHours' }),
    doneAt: (s) => nis2Done(s, 'notification'),
    recordKind: 'recordNis2Report',
    draft: 'nis2_notification',
  },
  {
    id: 'nis2_final_report',
    regime: 'nis2',
    slotPrefix: 'n2f-',
    applies: (s) => nis2Marking(s.work) !== null,
    start: (s) => nis2Done(s, 'notification'),
    provisionalStart: (s) => addHours(new Date(awareness(s)), 72).toISOString(),
    deadline: (start) => oneMonthAfter(start),
    reminderHours: () => [7 * 24, 2 * 24, 24, 0],
    overdueEvery: () => ({ hours: 24 }),
    doneAt: (s) => nis2Done(s, 'final'),
    recordKind: 'recordNis2Report',
    draft: 'nis2_final_report',
  },
];

function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

export function dutyRow(id: DutyId): DutyRow {
  const row = DUTY_TABLE.find((r) => r.id === id);
  if (!row) throw new RangeError(`no duty ${id}`);
  return row;
}

/**
 * How a duty stands, for the card, the register, the export and the statistics:
 * - `met`: done by its deadline (or done, for a duty without one);
 * - `met_late`: done after its deadline;
 * - `open`: owed, its deadline not passed (or none);
 * - `missed`: owed and its deadline passed, or not done on a case closed or linked to another;
 * - `not_relevant`: the duty does not apply to the case.
 */
export const DUTY_OUTCOMES = ['met', 'met_late', 'open', 'missed', 'not_relevant'] as const;
export type DutyOutcome = (typeof DUTY_OUTCOMES)[number];

export interface DutyState {
  row: DutyRow;
  applies: boolean;
  start: Date | null;
  /** The deadline is computed from a provisional start (the final report before the notification). */
  provisional: boolean;
  deadline: Date | null;
  doneAt: Date | null;
  /** Done after the deadline; null when not done or without a deadline. */
  late: boolean | null;
  /** Owed now: applies, not done, the case open and not linked to another (that case carries it). */
  due: boolean;
  overdue: boolean;
  outcome: DutyOutcome;
}

const instantOrNull = (iso: string | null | undefined): Date | null => {
  if (typeof iso !== 'string' || iso.trim() === '') return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : new Date(t);
};

export function dutyState(row: DutyRow, s: DutySubject, now: Date): DutyState {
  const applies = row.applies(s);
  const actual = instantOrNull(row.start(s));
  const provisionalStart = actual === null && row.provisionalStart ? instantOrNull(row.provisionalStart(s)) : null;
  const start = actual ?? provisionalStart;
  const deadline = start === null ? null : row.deadline(start);
  const doneAt = instantOrNull(row.doneAt(s));
  const late = doneAt === null || deadline === null ? null : doneAt.getTime() > deadline.getTime();
  const open = statusOf(s.work) !== 'closed' && s.work.linkedTo === null;
  const due = applies && doneAt === null && open;
  const overdue = due && deadline !== null && now.getTime() > deadline.getTime();
  const outcome: DutyOutcome = !applies
    ? 'not_relevant'
    : doneAt !== null
      ? late
        ? 'met_late'
        : 'met'
      : !open || overdue
        ? 'missed'
        : 'open';
  return { row, applies, start, provisional: actual === null && provisionalStart !== null, deadline, doneAt, late, due, overdue, outcome };
}

/** Every row's state, in the table's order. */
export function dutyStates(s: DutySubject, now: Date): DutyState[] {
  return DUTY_TABLE.map((row) => dutyState(row, s, now));
}

/** The NIS2 reports owed now (a close waits for them). */
export function nis2ReportsDue(work: CaseWork, ctx: WorkContext, now: Date): DutyState[] {
  return dutyStates({ work, ctx }, now).filter((d) => d.row.regime === 'nis2' && d.due);
}
