/**
 * A significant NIS2 incident on a case (issue 18, part 3): the coordinator's marking with its reason, and the
 * reports submitted through virk.dk («Indberet hændelse»), which forwards them to the sector authority and the
 * CSIRT (CFCS, Styrelsen for Samfundssikkerhed). The deadlines are rows of the one duty table
 * (src/domain/duties/dutyTable.ts); the commands are in ./nis2Commands.ts.
 */

/**
 * NIS2 Directive Art. 23(4), as the Danish NIS 2-lov (LOV nr. 434 af 06/05/2025) carries it: (a) the early
 * warning within 24 hours of becoming aware; (b) the incident notification within 72 hours; (c) an
 * intermediate report on request (no deadline of its own here); (d) the final report within one month of
 * the notification. A progress report (Art. 23(4)(e), the incident still going on at the final report's
 * deadline) is recorded as an intermediate report.
 */
export const NIS2_REPORT_KINDS = ['early_warning', 'notification', 'intermediate', 'final'] as const;
export type Nis2ReportKind = (typeof NIS2_REPORT_KINDS)[number];

export interface Nis2Report {
  kind: Nis2ReportKind;
  /** When it was submitted on virk.dk (ISO). */
  at: string;
  /** virk.dk's receipt number. */
  reference: string;
  /** Required when it was submitted after its deadline (masked, like every typed text). */
  delayReason?: string;
}

export interface Nis2Record {
  /** Marked a significant incident now; false after an unmarking (the reports stay recorded). */
  significant: boolean;
  /** The reason of the latest marking or unmarking (masked). */
  reason: string;
  /** When and by whom the latest marking or unmarking was made. */
  at: string;
  by: string;
  reports: Nis2Report[];
}

/** The marking in force: null when never marked or unmarked. */
export function nis2Marking(work: { nis2?: Nis2Record | null }): Nis2Record | null {
  return work.nis2 && work.nis2.significant ? work.nis2 : null;
}

/** The first report of a kind, if recorded. */
export function nis2Report(work: { nis2?: Nis2Record | null }, kind: Nis2ReportKind): Nis2Report | undefined {
  return work.nis2?.reports.find((r) => r.kind === kind);
}
