import type { Logger } from '../logging';
import type { ReminderPolicy } from '../domain/reminders';
import type { AccessReviewStore, AuditLog, CaseNotifier, CaseRepository, Clock, ScheduleIndex, UnitDirectory } from './ports';

/** What the coordinators' use cases need. */
export interface CoordinationDeps {
  cases: CaseRepository;
  units: UnitDirectory;
  notifier: CaseNotifier;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  schedule: ScheduleIndex;
  policy: ReminderPolicy;
  reviews: AccessReviewStore;
  /** Months between access reviews, at most 18. */
  accessReviewMonths: number;
}
