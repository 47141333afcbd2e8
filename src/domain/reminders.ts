/**
 * Reminders on a case (issue: "Reminders"). Pure: no I/O, time is passed in.
 *
 * Model: `reminderSlots` lists every reminder that is relevant to the case's
 * CURRENT state, each with a stable id and an instant that may be in the past or
 * the future. A duty that is done simply produces no slots any more ("every
 * reminder stops the moment its duty is done"), so nothing has to be cancelled.
 * The caller keeps a list of sent ids per case; `dueReminders` returns what is
 * due and not yet sent plus when to look again, and `collapse` turns any number
 * of due slots into at most one thread message and one central message. The
 * caller marks ALL due ids as sent and delivers only the collapsed ones: that is
 * how missed reminders after downtime are caught up exactly once, per case.
 *
 * Decisions callers must know:
 * - Times: 'ack' and 'esc' count from `reportedAt` (when the bot received the
 *   report and posted the card), not from discoveredAt. Deadline slots count
 *   back from duties().authorityDeadline (awareAt, else the processor's notice,
 *   else discoveredAt; 72 real hours, so DST never shifts them).
 * - 'ack'/'esc' exist only while status is 'new'; 'esc' goes to the central
 *   channel, everything else to the case's thread.
 * - Deadline slots ('dl-N', 'off', 'od-k') exist only while the authority
 *   notification is due (not notified and not decided 'do_not_notify').
 *   'dl-N' for N in policy.hoursBeforeDeadline (0 = at the deadline);
 *   'od-k' (k >= 1) at deadline + k × overdueEveryHours, with negative
 *   hoursLeft: the message must ask for the reason for the delay, which a late
 *   initial notification is refused without.
 * - Slots before the case was reported are still returned (a case reported
 *   late has past deadline slots): they are due at once and collapse into one
 *   message, the most urgent.
 * - Repeating slots are generated up to and including the first one after
 *   `now`, so while a duty lasts there is always a next one. Ids are indexed
 *   from their anchor, so they are stable between calls.
 * - Ids are stable per case but do NOT encode the deadline: if awareAt moves
 *   the deadline later, deadline slots already sent are not sent again at the
 *   new time (no duplicate "48 hours left"). A caller that wants them re-armed
 *   drops the 'dl-', 'od-' and 'off' ids from its sent list on 'aware_set'.
 * - Closed cases have no slots (a reopened case gets them back), nor have cases linked to another
 *   case (one incident, many reports: the case it is linked to carries the duties and their reminders).
 */
import type { BreachCase } from './case';
import { workContext } from './caseWork';
import { previousWorkingDayWarningAt } from './holidays';
import { dutyStates, type DutyId, type DutyState, type DutySubject } from './duties/dutyTable';
import { committeeAwaited, COMMITTEE_REMINDER_HOURS } from './committee';

export interface ReminderPolicy {
  /** Not acknowledged: a reminder in the thread after this many minutes. */
  ackReminderMinutes: number;
  /** Not acknowledged: escalation to the central channel after this many minutes. */
  escalateAfterMinutes: number;
  /** Hours before the Datatilsynet deadline to remind at; 0 = at the deadline. */
  hoursBeforeDeadline: number[];
  /** Past the deadline and still not notified: every this many hours. */
  overdueEveryHours: number;
  /** High risk and persons neither notified nor exempted: every this many hours. */
  personsEveryHours: number;
  /** Phased notification with a follow-up pending: every this many hours. */
  followUpEveryHours: number;
  /** Copenhagen hour of the early warning on the last working day before an off-hours deadline. */
  offHoursWarningHour: number;
}

export const DEFAULT_POLICY: ReminderPolicy = Object.freeze({
  ackReminderMinutes: 30,
  escalateAfterMinutes: 120,
  hoursBeforeDeadline: Object.freeze([48, 24, 12, 4, 1, 0]) as number[],
  overdueEveryHours: 12,
  personsEveryHours: 24,
  followUpEveryHours: 24,
  offHoursWarningHour: 12,
});

export type ReminderKind =
  | 'not_acknowledged'
  | 'escalation'
  | 'deadline'
  | 'overdue'
  | 'deadline_off_hours'
  | 'persons'
  | 'follow_up'
  /** The information-security committee has not decided on a crisis cell (issue 18, part 2): in its channel. */
  | 'committee';

export interface ReminderSlot {
  /** Stable and unique per case: 'ack', 'esc', 'dl-48', 'dl-0', 'od-1', 'off', 'pn-1', 'fu-<notificationIndex>-1'. */
  id: string;
  kind: ReminderKind;
  at: Date;
  /** Where it goes: the case's thread, the central channel, or the committee's card (issue 18, part 2). */
  target: 'thread' | 'central' | 'committee';
  /** Deadline kinds only: whole hours to the deadline at `at` (negative when overdue). */
  hoursLeft?: number;
  /**
   * The duty of a NIS2 row (src/domain/duties/dutyTable.ts), whose ids carry its prefix ('n2w-dl-4'); absent
   * on the case's own slots and the GDPR duties', whose ids and shape predate the table.
   */
  duty?: DutyId;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

function parse(field: string, iso: string): Date {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new RangeError(`${field} is not an instant`);
  return new Date(t);
}

function positive(field: keyof ReminderPolicy | string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`policy.${field} must be a positive number`);
  return value;
}

/** anchor + k × every for k = 1, 2, ... up to and including the first after now. */
function repeating(
  prefix: string,
  kind: ReminderKind,
  anchor: Date,
  everyHours: number,
  now: Date,
  hoursLeftOf?: (k: number) => number,
): ReminderSlot[] {
  const slots: ReminderSlot[] = [];
  for (let k = 1; ; k++) {
    const at = new Date(anchor.getTime() + k * everyHours * HOUR_MS);
    slots.push({
      id: `${prefix}-${k}`,
      kind,
      at,
      target: 'thread',
      ...(hoursLeftOf ? { hoursLeft: hoursLeftOf(k) } : {}),
    });
    if (at.getTime() > now.getTime()) return slots;
  }
}

/** All reminders relevant to the case's current state, sorted by time (then id). */
export function reminderSlots(c: BreachCase, now: Date, policy: ReminderPolicy = DEFAULT_POLICY): ReminderSlot[] {
  // A report linked to another case is handled there (issue 10, item 2): its own duties do not remind.
  if (c.status === 'closed' || c.work.linkedTo !== null) return [];
  const slots: ReminderSlot[] = [];

  if (c.status === 'new') {
    const reported = parse('reportedAt', c.reportedAt).getTime();
    slots.push({ id: 'ack', kind: 'not_acknowledged', at: new Date(reported + policy.ackReminderMinutes * MINUTE_MS), target: 'thread' });
    slots.push({ id: 'esc', kind: 'escalation', at: new Date(reported + policy.escalateAfterMinutes * MINUTE_MS), target: 'central' });
  }

  // Every duty's reminders from its row of the duty table: a further regime is a further row.
  const subject: DutySubject = { work: c.work, ctx: workContext(c) };
  for (const state of dutyStates(subject, now)) slots.push(...dutySlots(state, subject, now, policy));

  // Issue 18, part 2: until the committee has decided on a crisis cell, 'cm-1', 'cm-2' … every
  // COMMITTEE_REMINDER_HOURS from when it was asked, in the committee's channel (src/domain/committee.ts).
  if (committeeAwaited(c)) {
    const asked = parse('work.committee.askedAt', c.work.committee!.askedAt);
    slots.push(...repeating('cm', 'committee', asked, COMMITTEE_REMINDER_HOURS, now).map((slot) => ({ ...slot, target: 'committee' as const })));
  }

  return slots.sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));
}

/**
 * What to post now and when to look again. `due`: slots at or before now whose
 * id is not in `sent`, oldest first; `nextAt`: the earliest later slot not
 * sent, or null when nothing is left (all duties done).
 */
export function dueReminders(
  c: BreachCase,
  sent: readonly string[],
  now: Date,
  policy: ReminderPolicy = DEFAULT_POLICY,
): { due: ReminderSlot[]; nextAt: Date | null } {
  const done = new Set(sent);
  const due: ReminderSlot[] = [];
  let nextAt: Date | null = null;
  for (const slot of reminderSlots(c, now, policy)) {
    if (done.has(slot.id)) continue;
    if (slot.at.getTime() <= now.getTime()) due.push(slot);
    else if (nextAt === null || slot.at.getTime() < nextAt.getTime()) nextAt = slot.at;
  }
  return { due, nextAt };
}

/**
 * One duty's reminders. While it is owed and has a deadline: `${prefix}dl-N` for N in the row's reminder
 * hours, `${prefix}od-k` every overdueEvery hours past it, and `${prefix}off` on the last working day at
 * offHoursWarningHour when the deadline falls outside working hours. While something else is pending
 * (the row's `repeat`: Art. 33's promised follow-up, Art. 34's persons) a repeating reminder from its anchor.
 * Art. 33's prefix is '', so its ids are the ones stored cases already hold ('dl-48', 'od-1', 'off').
 */
function dutySlots(state: DutyState, subject: DutySubject, now: Date, policy: ReminderPolicy): ReminderSlot[] {
  const row = state.row;
  const p = row.slotPrefix;
  const tag = row.regime === 'gdpr' ? {} : { duty: row.id };
  const slots: ReminderSlot[] = [];
  const deadline = state.deadline;
  if (state.due && deadline !== null) {
    for (const hours of new Set(row.reminderHours(policy))) {
      if (!Number.isFinite(hours) || hours < 0) continue;
      slots.push({ id: `${p}dl-${hours}`, kind: 'deadline', at: new Date(deadline.getTime() - hours * HOUR_MS), target: 'thread', hoursLeft: hours, ...tag });
    }
    const overdue = row.overdueEvery(policy);
    const every = positive(overdue.field ?? `${row.id}.overdueEveryHours`, overdue.hours);
    slots.push(...repeating(`${p}od`, 'overdue', deadline, every, now, (k) => -k * every).map((s) => ({ ...s, ...tag })));
    const warnAt = previousWorkingDayWarningAt(deadline, policy.offHoursWarningHour);
    if (warnAt !== null) {
      slots.push({
        id: `${p}off`,
        kind: 'deadline_off_hours',
        at: warnAt,
        target: 'thread',
        hoursLeft: Math.floor((deadline.getTime() - warnAt.getTime()) / HOUR_MS),
        ...tag,
      });
    }
  }
  const pending = row.repeat?.(subject, policy) ?? null;
  if (pending !== null) {
    const every = positive(pending.field, pending.everyHours);
    slots.push(...repeating(pending.prefix, pending.kind, parse(`${row.id}.anchor`, pending.anchor), every, now).map((s) => ({ ...s, ...tag })));
  }
  return slots;
}

/**
 * Many due slots → at most one message per duty clock: the case's own (acknowledgement, escalation and the
 * GDPR duties, collapsed as they always were) and one per NIS2 duty. One incident, more than one clock: a
 * NIS2 early warning due at the same moment as Datatilsynet's 48 hours is a different report to a different
 * recipient, and the thread says both.
 */
export function collapseByDuty(due: ReminderSlot[]): ReminderSlot[] {
  const groups = new Map<string, ReminderSlot[]>();
  for (const slot of due) {
    const key = slot.duty ?? '';
    groups.set(key, [...(groups.get(key) ?? []), slot]);
  }
  const out: ReminderSlot[] = [];
  for (const slots of groups.values()) {
    const { thread, central } = collapse(slots);
    if (thread) out.push(thread);
    if (central) out.push(central);
  }
  return out;
}

/** Lower is more urgent. */
const THREAD_RANK: Record<ReminderKind, number> = {
  overdue: 0,
  deadline: 1,
  deadline_off_hours: 2,
  persons: 3,
  follow_up: 4,
  not_acknowledged: 5,
  escalation: 6,
  committee: 7,
};

/**
 * Many due slots → at most one message per destination.
 * Thread: the most urgent kind, overdue > deadline > deadline_off_hours >
 * persons > follow_up > not_acknowledged; within a kind the one closest to the
 * deadline (smallest hoursLeft; for overdue that is the longest overdue) and
 * otherwise the latest. The older ones are superseded: the message is rendered
 * from the case's current state (time left, status), so it says everything the
 * missed ones would have. Central: the escalation, if due.
 */
export function collapse(due: ReminderSlot[]): { thread: ReminderSlot | null; central: ReminderSlot | null } {
  let thread: ReminderSlot | null = null;
  let central: ReminderSlot | null = null;
  for (const slot of due) {
    // The committee's reminders go to its own channel: committeeOutbox.ts collapses them (one per case).
    if (slot.target === 'committee') continue;
    if (slot.target === 'central') {
      if (central === null || slot.at.getTime() > central.at.getTime()) central = slot;
      continue;
    }
    if (thread === null || moreUrgent(slot, thread)) thread = slot;
  }
  return { thread, central };
}

function moreUrgent(a: ReminderSlot, b: ReminderSlot): boolean {
  const rank = THREAD_RANK[a.kind] - THREAD_RANK[b.kind];
  if (rank !== 0) return rank < 0;
  const left = (a.hoursLeft ?? 0) - (b.hoursLeft ?? 0);
  if (left !== 0) return left < 0;
  return a.at.getTime() > b.at.getTime();
}
