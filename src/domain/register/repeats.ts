/**
 * «Hvis der opleves gentagne sikkerhedsbrud i samme system, bør det overvejes om kontrakten skal
 * ophæves» (the Ishøj procedure; issue 18 part 4). When a case is reported and when it is assessed, the
 * use case asks the register index which other cases of the last 12 months name the same system or the
 * same supplier (nameKey.ts, merged spellings included: nameAliases.ts) and stores the answer on the case
 * as a snapshot: each repeat's number and units, so every channel's card shows only the repeats that
 * channel may see (visibility.ts, repeatsSeen). Pure: the clock and the rows come in as arguments.
 */
import type { Report } from '../report';
import { maskCpr } from '../cpr';
import { nameKey, nameLabel } from './nameKey';

/** The window the card counts: the 12 months before the moment of counting. */
export const REPEAT_MONTHS = 12;

/** At most this many repeats are kept per name on the case (the card lists fewer, then «og N flere»). */
export const REPEATS_KEPT = 50;

/** Another case that named the same system or supplier: its number and the units it belongs to. */
export interface RepeatCase {
  number: string;
  /** The reporter's units (report.unitIds); empty: a report sent to the central channel. */
  units: string[];
  reportedAt: string;
}

export interface RepeatGroup {
  /** The name as this case's report gave it (one line, trimmed). */
  label: string;
  /** Other cases in the window, newest first, at most REPEATS_KEPT. */
  cases: RepeatCase[];
  /** All found, also beyond REPEATS_KEPT (the central channel's count). */
  total: number;
  /**
   * The register held more matches than one count reads (namedRows' cap): the newest were read, so
   * `cases` are the newest, but `total` is a lower bound («mindst N»). Absent on older snapshots: exact.
   */
  atLeast?: true;
}

/** What the card says about repeats, as counted at `at` (the report's confirm or its assessment). */
export interface RepeatSnapshot {
  at: string;
  system: RepeatGroup | null;
  supplier: RepeatGroup | null;
}

/** The names a report gives: the system, and the supplier when one is involved; '' key = none. */
export function namesOf(report: Pick<Report, 'system' | 'supplierInvolved' | 'supplierName'>): { system: string; supplier: string } {
  return {
    system: nameKey(report.system ?? ''),
    supplier: report.supplierInvolved === 'yes' ? nameKey(report.supplierName ?? '') : '',
  };
}

/** The start of the window that ends at `now`: the same Copenhagen wall date a year before is close enough; UTC months are used. */
export function windowStart(now: Date): Date {
  const start = new Date(now.getTime());
  start.setUTCMonth(start.getUTCMonth() - REPEAT_MONTHS);
  return start;
}

/** A register row as the repeat query returns it. */
export interface NamedRow {
  caseId: string;
  number: string;
  units: string[];
  reportedAt: string;
  systemKey?: string;
  supplierKey?: string;
}

/** What the repeat query answers: the rows, and whether they are every match in the window. */
export interface NamedRows {
  rows: NamedRow[];
  /** false: the cap was reached with more matches in the window; the rows are the newest ones. */
  complete: boolean;
}

/**
 * The snapshot for the case `caseId` from the rows found. `systemKeys`/`supplierKeys`: every key that
 * counts as this case's name (its own and the spellings merged with it). Rows outside the window, the
 * case itself, and rows for other names (a store that ignored the filter) are left out.
 */
export function repeatSnapshot(
  caseId: string,
  report: Pick<Report, 'system' | 'supplierInvolved' | 'supplierName'>,
  rows: readonly NamedRow[],
  keys: { system: readonly string[]; supplier: readonly string[] },
  now: Date,
  complete = true,
): RepeatSnapshot {
  const from = windowStart(now).getTime();
  const inWindow = rows.filter((r) => r.caseId !== caseId && Date.parse(r.reportedAt) >= from && Date.parse(r.reportedAt) <= now.getTime());
  const group = (label: string, wanted: readonly string[], keyOf: (r: NamedRow) => string | undefined): RepeatGroup | null => {
    if (wanted.length === 0) return null;
    const seen = new Set<string>();
    const found = inWindow
      .filter((r) => wanted.includes(keyOf(r) ?? ''))
      .filter((r) => (seen.has(r.caseId) ? false : (seen.add(r.caseId), true)))
      .sort((a, b) => (a.reportedAt < b.reportedAt ? 1 : a.reportedAt > b.reportedAt ? -1 : 0));
    const cases = found.slice(0, REPEATS_KEPT).map((r) => ({ number: r.number, units: [...r.units], reportedAt: r.reportedAt }));
    // Rows left unread (the cap) are older than every row read, but may be this name's: the count is a floor.
    return { label: nameLabel(maskCpr(label)), cases, total: found.length, ...(complete ? {} : { atLeast: true as const }) };
  };
  return {
    at: now.toISOString(),
    system: group(report.system, keys.system, (r) => r.systemKey),
    supplier: report.supplierInvolved === 'yes' ? group(report.supplierName, keys.supplier, (r) => r.supplierKey) : null,
  };
}
