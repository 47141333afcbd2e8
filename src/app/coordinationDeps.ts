import type { Logger } from '../logging';
import type { AuditLog, CaseNotifier, CaseRepository, Clock, UnitDirectory } from './ports';

/** What the coordinators' use cases need. */
export interface CoordinationDeps {
  cases: CaseRepository;
  units: UnitDirectory;
  notifier: CaseNotifier;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
}
