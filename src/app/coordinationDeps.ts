import type { PeopleDirectory } from './peopleDirectory';
import type { Logger } from '../logging';
import type { RepeatDeps } from './countRepeats';
import type { ReminderPolicy } from '../domain/reminders';
import type { RetentionPolicy } from '../domain/retention';
import type { AccessReviewStore, AuditLog, CaseNotifier, CaseRepository, Clock, IncidentDirectory, ScheduleIndex, UnitDirectory } from './ports';

/** What the coordinators' use cases need. */
export interface CoordinationDeps {
  cases: CaseRepository;
  units: UnitDirectory;
  notifier: CaseNotifier;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  schedule: ScheduleIndex;
  policy: AttentionPolicy;
  reviews: AccessReviewStore;
  /** Runs follow-up work after the answer to a person is on its way (Teams invokes must answer fast). */
  defer(task: () => Promise<void>): void;
  /** The tenant's active known incidents, kept in line with their cases by actOnCase. */
  incidents: IncidentDirectory;
  /** How long a known incident's card waits to take more linked reports along (default: linkReports.ts). */
  incidentCardDelayMs?: number;
  /** Months between access reviews, at most 18. */
  accessReviewMonths: number;
  /** Who can be messaged in a 1:1 chat (issue 18): without it every nearest manager counts as unreachable. */
  people?: PeopleDirectory;
  /** The repeat counts, counted again when a case is assessed (issue 18 part 4); absent: not counted. */
  repeats?: RepeatDeps;
}

/**
 * When the sweep must look at a case: its reminders and, for a closed case, its retention. Retention
 * travels with the reminder policy because every write that moves a case in the due-index (a
 * coordinator's action, a delivery, the sweep) computes the next instant from this one object.
 * Absent: the defaults (5 years; a case is never kept past them by omission).
 */
export type AttentionPolicy = ReminderPolicy & { retention?: RetentionPolicy };
