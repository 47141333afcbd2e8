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
  /** Runs follow-up work after the answer to a person is on its way (Teams invokes must answer fast). */
  defer(task: () => Promise<void>): void;
  /** Months between access reviews, at most 18. */
  accessReviewMonths: number;
}
