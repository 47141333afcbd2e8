import type { PeopleDirectory } from './peopleDirectory';
import type { RepeatDeps } from './countRepeats';
import type { AuditLog, CaseNumberAllocator, CaseRepository, Clock, DraftRepository, IncidentDirectory, ScheduleIndex } from './ports';

/** What the reporter's use cases need; wired in src/index.ts, faked in unit tests. */
export interface ReportingDeps {
  cases: CaseRepository;
  drafts: DraftRepository;
  numbers: CaseNumberAllocator;
  audit: AuditLog;
  clock: Clock;
  schedule: ScheduleIndex;
  /** The tenant's active known incidents, asked about before the report form. */
  incidents: IncidentDirectory;
  newId(): string;
  /** People who have the app, and the manager each named last (issue 18); without it no manager is remembered. */
  people?: PeopleDirectory;
  /** The repeat counts on a new case's card (issue 18 part 4); absent: not counted. */
  repeats?: RepeatDeps;
}
