import type { BreachCase, Locale } from '../../domain/case';
import { workContext } from '../../domain/caseWork';
import { formatCopenhagen, formatDuration } from '../../domain/copenhagenTime';
import { dutyStates, type DutyState } from '../../domain/duties/dutyTable';
import { formatDeadline } from '../../domain/duties/calendarMonth';
import { fill } from '../../i18n';
import { nis2Texts } from '../../i18n/nis2Texts';
import { asPlainText } from './plainText';

/**
 * Every duty that applies to the case as one line each (issue 18, part 3): its deadline and time left while
 * it is open, met in time or late, or not met. `color` is the line's Adaptive Card colour: attention when it
 * is overdue or was not met, or less than a day is left.
 */
export function dutyLines(c: BreachCase, locale: Locale, now: Date, filter: (d: DutyState) => boolean = () => true): { text: string; color: string }[] {
  const t = nis2Texts(locale);
  const when = (d: Date | null) => (d ? formatCopenhagen(d, locale) : '');
  const deadlineText = (d: Date | null) => (d ? formatDeadline(d, locale) : '');
  return dutyStates({ work: c.work, ctx: workContext(c) }, now)
    .filter((d) => d.applies && filter(d))
    .map((d) => {
      const duty = t.duty[d.row.id];
      const left = d.deadline ? d.deadline.getTime() - now.getTime() : 0;
      const params = { duty, deadline: deadlineText(d.deadline), left: formatDuration(left, locale), at: when(d.doneAt) };
      let template: string;
      let color = 'default';
      switch (d.outcome) {
        case 'met':
          template = t.line.met;
          color = 'good';
          break;
        case 'met_late':
          template = t.line.met_late;
          color = 'warning';
          break;
        case 'missed':
          template = d.overdue ? t.line.overdue : t.line.missed;
          color = 'attention';
          break;
        default:
          template = d.deadline === null ? t.line.openNoDeadline : d.provisional ? t.line.openProvisional : t.line.open;
          if (d.deadline !== null && left < 24 * 3_600_000) color = 'attention';
      }
      return { text: asPlainText(fill(template, params)), color };
    });
}
