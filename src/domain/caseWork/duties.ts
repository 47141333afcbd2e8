import type { CaseStatus } from '../case';
import { notificationDeadline } from '../deadline';
import { clockOf, type AuthorityNotification, type CaseWork, type WorkContext } from './model';
import { dutyRow, dutyState } from '../duties/dutyTable';
import type { ReminderPolicy } from '../reminders';

export interface Duties {
  /** 72 hours from awareAt, else the processor's notice, else discoveredAt. */
  authorityDeadline: Date;
  /** Decision 'notify' or not yet decided, and no authority notification recorded. */
  authorityDue: boolean;
  /** Risk high and persons neither notified nor exempted. */
  personsDue: boolean;
  /** The latest authority notification promised more information (Art. 33(4)). */
  followUpPending: boolean;
  /** authorityDue and the deadline has passed. */
  overdue: boolean;
}

/**
 * On a closed case nothing is due (the deadline is still reported), nor on a case linked to another:
 * one incident, many reports, and the case they are linked to carries the duties (issue 10).
 */
export function duties(work: CaseWork, status: CaseStatus, ctx: WorkContext, now: Date): Duties {
  // Read from the one duty table (src/domain/duties/dutyTable.ts): its Art. 33 and Art. 34 rows are these rules.
  const subject = { work, ctx };
  const art33 = dutyState(dutyRow('art33'), subject, now);
  const authorityDeadline = art33.deadline ?? notificationDeadline(clockOf(work, ctx));
  if (status === 'closed' || work.linkedTo !== null) {
    return { authorityDeadline, authorityDue: false, personsDue: false, followUpPending: false, overdue: false };
  }
  const authorityDue = art33.applies && art33.doneAt === null && work.authorityNotifications.length === 0;
  const personsDue = dutyRow('art34').repeat?.(subject, DEFAULT_PERSONS_POLICY) != null;
  const followUpPending = dutyRow('art33').repeat?.(subject, DEFAULT_PERSONS_POLICY) != null;
  const overdue = authorityDue && now.getTime() > authorityDeadline.getTime();
  return { authorityDeadline, authorityDue, personsDue, followUpPending, overdue };
}

/** The rows' pending reminders need a policy for their rhythm only; whether one is pending does not depend on it. */
const DEFAULT_PERSONS_POLICY = { personsEveryHours: 24, followUpEveryHours: 24 } as ReminderPolicy;

/** The initial notification, if recorded. */
export function initialNotification(work: CaseWork): AuthorityNotification | undefined {
  return work.authorityNotifications.find((n) => n.kind === 'initial');
}
