import type { CaseStatus } from '../case';
import { notificationDeadline } from '../deadline';
import { clockOf, type AuthorityNotification, type CaseWork, type WorkContext } from './model';

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
  const authorityDeadline = notificationDeadline(clockOf(work, ctx));
  if (status === 'closed' || work.linkedTo !== null) {
    return { authorityDeadline, authorityDue: false, personsDue: false, followUpPending: false, overdue: false };
  }
  const decision = work.assessment?.decision;
  const authorityDue = (decision === undefined || decision === 'notify') && work.authorityNotifications.length === 0;
  const personsDue = work.assessment?.risk === 'high' && work.persons === null;
  const last = work.authorityNotifications[work.authorityNotifications.length - 1];
  const followUpPending = last?.followUpPending === true;
  const overdue = authorityDue && now.getTime() > authorityDeadline.getTime();
  return { authorityDeadline, authorityDue, personsDue, followUpPending, overdue };
}

/** The initial notification, if recorded. */
export function initialNotification(work: CaseWork): AuthorityNotification | undefined {
  return work.authorityNotifications.find((n) => n.kind === 'initial');
}
