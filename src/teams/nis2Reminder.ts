import type { BreachCase, Locale, OutboxItem } from '../domain/case';
import { workContext } from '../domain/caseWork';
import { formatDuration } from '../domain/copenhagenTime';
import { formatDeadline } from '../domain/duties/calendarMonth';
import { DUTY_IDS, dutyRow, dutyState, type DutyId } from '../domain/duties/dutyTable';
import { fill } from '../i18n';
import { nis2Texts } from '../i18n/nis2Texts';

/**
 * The thread line of a NIS2 duty's reminder (issue 18, part 3): which report, its deadline and the time left,
 * from the case as it is now (like the Art. 33 reminders, reminderTexts.ts). Null for a reminder of no NIS2
 * duty (the caller says it as before).
 */
export function nis2ReminderText(c: BreachCase, reminder: OutboxItem, locale: Locale, now: Date, who: string): string | null {
  const id = reminder.duty;
  if (id === undefined || !(DUTY_IDS as readonly string[]).includes(id)) return null;
  const state = dutyState(dutyRow(id as DutyId), { work: c.work, ctx: workContext(c) }, now);
  if (state.deadline === null) return null;
  const t = nis2Texts(locale);
  const left = state.deadline.getTime() - now.getTime();
  const kind = reminder.kind === 'deadline' && (reminder.hoursLeft ?? 1) <= 0 ? 'deadline_now' : reminder.kind;
  const template = (t.reminder as Record<string, string>)[kind] ?? t.reminder.deadline;
  return fill(template, {
    who,
    number: c.number,
    duty: t.duty[id as DutyId],
    deadline: formatDeadline(state.deadline, locale),
    left: formatDuration(Math.max(left, 0), locale),
    over: formatDuration(Math.max(-left, 0), locale),
  });
}
