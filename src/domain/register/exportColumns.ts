/**
 * The register as a table (the export): one row per case, the columns of its record
 * (record.ts) in a fixed order, with headers and values in the channel's language. Pure: the file
 * formats (src/export) only lay these cells out.
 *
 * Data minimization (issue 8): the record carries no reporter name, mail or phone, so neither can the
 * export; coordinators' names (owner, decided by) stay, because the register documents who decided.
 * Free text was masked at the input gate; it is masked again here (maskCpr is idempotent) so a text
 * stored before the gate existed cannot leave in clear.
 */
import { instantToCopenhagenParts } from '../copenhagenTime';
import { maskCpr } from '../cpr';
import { formatPersons } from '../personsEstimate';
import type { RegisterRecord } from './record';
import type { RegisterStatistics } from './statistics';
import { DUTY_TABLE, type DutyId, type DutyOutcome } from '../duties/dutyTable';
import type { Nis2ReportKind } from '../caseWork/nis2';
import type { DutyStatistics } from './dutyStatistics';
import type { CommitteeColumnKey, CommitteeExportLabels } from './committeeRecord';

/**
 * A cell: text, a number, a yes/no, an instant or empty. Instants stay instants here; each format
 * decides how to write Copenhagen time (XLSX: a real Excel date; CSV: "2026-03-04 14:05").
 */
export type ExportCell = { kind: 'text'; text: string } | { kind: 'number'; value: number } | { kind: 'instant'; at: string } | { kind: 'empty' };

/**
 * Every record field is a column except the internal ones: ids, the year/month (the report date says
 * it), the unit ids (`unitNames` shows the names), two flags the deadline outcome already states and
 * the list's one-line headline (`whatHappened` is exported whole).
 */
export type ExportColumnKey = Exclude<keyof RegisterRecord, 'caseId' | 'tenantId' | 'sequence' | 'year' | 'month' | 'units' | 'justified' | 'authorityDue' | 'headline' | 'incidentTitle' | 'duties' | NameIndexKey> | 'unitNames';

/** A column per duty of the duty table (issue 18, part 3): `duty:art33`, `duty:nis2_early_warning`, … */
export type DutyColumnKey = `duty:${DutyId}`;

/** The duty columns' words (src/i18n/nis2Texts.ts nis2ExportLabels). */
export interface DutyExportLabels {
  header: Record<DutyId, string>;
  outcome: Record<DutyOutcome, string>;
  kind: Record<Nis2ReportKind, string>;
  /** The statistics sheet's row per duty and outcome: «{duty}: {outcome}». */
  statistic: string;
}

/** The index's name keys and one-line labels (issue 18 part 4): `system` and `supplierName` are exported whole. */
type NameIndexKey = 'systemKey' | 'systemLabel' | 'supplierKey' | 'supplierLabel';

export interface ExportColumn {
  key: ExportColumnKey | DutyColumnKey;
  header: string;
  /** Width in characters, for the XLSX sheet. */
  width: number;
  cell(r: RegisterRecord): ExportCell;
}

/** The labels the export needs, in one language (src/i18n/exportDa.ts, exportEn.ts). */
export interface ExportLabels {
  locale: 'da' | 'en';
  headers: Record<Exclude<ExportColumnKey, CommitteeColumnKey>, string>;
  yes: string;
  no: string;
  /** A question left unanswered (issue 17, finding 2): «ikke besvaret», never «Nej». */
  unanswered: string;
  noUnit: string;
  /** A case that is a known incident, with its public title: «Kendt hændelse: «{title}»». */
  knownIncident: string;
  status: Record<RegisterRecord['status'], string>;
  breachTypes: Record<RegisterRecord['breachTypes'][number], string>;
  breachExample: Record<string, string>;
  dataKinds: Record<RegisterRecord['dataKinds'][number], string>;
  stopped: Record<RegisterRecord['stopped'], string>;
  risk: Record<NonNullable<RegisterRecord['risk']>, string>;
  band: Record<NonNullable<RegisterRecord['enisaBand']>, string>;
  decision: Record<NonNullable<RegisterRecord['decision']>, string>;
  exemption: Record<NonNullable<RegisterRecord['personsExemption']>, string>;
  clockBasis: Record<RegisterRecord['clockBasis'], string>;
  deadlineOutcome: Record<RegisterRecord['deadlineOutcome'], string>;
  sheetCases: string;
  sheetStatistics: string;
  statistics: StatisticsLabels;
  audit: AuditExportLabels;
  /** «Nærmeste leder orienteret» (issue 18). */
  managerStatus: Record<RegisterRecord['managerStatus'], string>;
  duties: DutyExportLabels;
  /** The information-security committee's columns (issue 18, part 2). */
  committee: CommitteeExportLabels;
}

/**
 * The audit export's headers. Each row in words (what was done or tried, the outcome with its reason:
 * src/i18n/auditWords.ts) and, in columns of their own, the codes as stored: the action, the outcome
 * (allowed/refused) and the detail, for filtering and for tools.
 */
export interface AuditExportLabels {
  sheet: string;
  at: string;
  actor: string;
  actorId: string;
  what: string;
  outcome: string;
  caseNumber: string;
  target: string;
  actionCode: string;
  outcomeCode: string;
  detail: string;
}

export interface StatisticsLabels {
  figure: string;
  value: string;
  total: string;
  notified: string;
  linked: string;
  notifiedShare: string;
  within72h: string;
  within72hShare: string;
  medianNotify: string;
  personsNotified: string;
  personsNotifiedCount: string;
  personsExempted: string;
  notNotifiedJustified: string;
  medianTake: string;
  medianAssess: string;
  medianClose: string;
  openNow: string;
  overdueNow: string;
  reopened: string;
  impossibleLeftOut: string;
  month: string;
  months: readonly string[];
  byType: string;
  byUnit: string;
}

const EMPTY: ExportCell = { kind: 'empty' };
const text = (s: string | null | undefined): ExportCell => (s === null || s === undefined || s === '' ? EMPTY : { kind: 'text', text: maskCpr(s) });
const code = (s: string | null | undefined): ExportCell => (s === null || s === undefined || s === '' ? EMPTY : { kind: 'text', text: s });
const instant = (at: string | null | undefined): ExportCell => (at ? { kind: 'instant', at } : EMPTY);
const num = (n: number | null | undefined): ExportCell => (n === null || n === undefined || !Number.isFinite(n) ? EMPTY : { kind: 'number', value: n });

function label<K extends string>(labels: Record<K, string>, value: K | null): ExportCell {
  return value === null ? EMPTY : code(labels[value] ?? value);
}

/** The columns in their order. `unitNames` maps unit ids to the names the channel knows. */
export function exportColumns(l: ExportLabels, unitNames: ReadonlyMap<string, string>): ExportColumn[] {
  const list = (items: readonly string[]) => (items.length === 0 ? EMPTY : code(items.join(', ')));
  const c = (key: ExportColumnKey, width: number, cell: (r: RegisterRecord) => ExportCell): ExportColumn => ({
    key,
    header: key in l.committee.headers ? l.committee.headers[key as CommitteeColumnKey] : l.headers[key as Exclude<ExportColumnKey, CommitteeColumnKey>],
    width,
    cell,
  });
  return [
    c('number', 14, (r) => code(r.number)),
    c('status', 14, (r) => label(l.status, r.status)),
    c('unitNames', 24, (r) => (r.units.length === 0 ? code(l.noUnit) : code(r.units.map((u) => unitNames.get(u) ?? u).join(', ')))),
    c('reportedAt', 17, (r) => instant(r.reportedAt)),
    c('discoveredAt', 17, (r) => instant(r.discoveredAt)),
    c('awareAt', 17, (r) => instant(r.awareAt)),
    c('awareReason', 30, (r) => text(r.awareReason)),
    c('supplierNotifiedAt', 17, (r) => instant(r.supplierNotifiedAt)),
    c('clockStartAt', 17, (r) => instant(r.clockStartAt)),
    c('clockBasis', 16, (r) => label(l.clockBasis, r.clockBasis)),
    c('deadline', 17, (r) => instant(r.deadline)),
    c('deadlineOutcome', 18, (r) => label(l.deadlineOutcome, r.deadlineOutcome)),
    c('breachTypes', 24, (r) => list(r.breachTypes.map((t) => l.breachTypes[t] ?? t))),
    c('breachExample', 24, (r) => code(l.breachExample[r.breachExample] ?? r.breachExample)),
    c('whatHappened', 50, (r) => text(r.whatHappened)),
    c('howHappened', 40, (r) => text(r.howHappened)),
    c('system', 20, (r) => text(r.system)),
    c('supplierInvolved', 10, (r) => code(r.supplierInvolved === 'yes' ? l.yes : r.supplierInvolved === 'no' ? l.no : l.unanswered)),
    c('supplierName', 20, (r) => text(r.supplierInvolved === 'yes' ? r.supplierName : '')),
    c('dataKinds', 30, (r) => list(r.dataKinds.map((k) => l.dataKinds[k] ?? k))),
    c('dataKindsOther', 24, (r) => text(r.dataKindsOther)),
    // The number the reporter's answer means (empty when unknown), and the answer as they gave it.
    c('personsAffected', 10, (r) => (r.personsEstimate.kind === 'unknown' ? EMPTY : num(r.personsEstimate.count))),
    c('personsEstimate', 18, (r) => code(formatPersons(r.personsEstimate, l.locale))),
    c('takenAt', 17, (r) => instant(r.takenAt)),
    c('ownerName', 22, (r) => text(r.ownerName)),
    c('stopped', 10, (r) => label(l.stopped, r.stopped)),
    c('stoppedAt', 17, (r) => instant(r.stoppedAt)),
    c('stopHow', 36, (r) => text(r.stopHow)),
    c('assessedAt', 17, (r) => instant(r.assessedAt)),
    c('risk', 14, (r) => label(l.risk, r.risk)),
    c('enisaScore', 8, (r) => num(r.enisaScore)),
    c('enisaBand', 10, (r) => label(l.band, r.enisaBand)),
    c('decision', 24, (r) => label(l.decision, r.decision)),
    c('justification', 50, (r) => text(r.justification)),
    c('decidedBy', 22, (r) => text(r.decidedBy)),
    c('authorityNotifiedAt', 17, (r) => instant(r.authorityNotifiedAt)),
    c('delayReason', 36, (r) => text(r.delayReason)),
    c('authorityReference', 18, (r) => text(r.authorityReference)),
    c('followUpsAt', 24, (r) => list(r.followUpsAt.map(copenhagenText))),
    c('personsNotifiedAt', 17, (r) => instant(r.personsNotifiedAt)),
    c('personsNotifiedCount', 10, (r) => (r.personsNotifiedAt === null ? EMPTY : num(r.personsNotifiedCount))),
    c('personsHow', 30, (r) => text(r.personsHow)),
    c('personsExemption', 24, (r) => label(l.exemption, r.personsExemption)),
    c('personsExemptionExplanation', 40, (r) => text(r.personsExemptionExplanation)),
    c('dpoInformedAt', 17, (r) => instant(r.dpoInformedAt)),
    c('sbsysJournalNo', 16, (r) => text(r.sbsysJournalNo)),
    // One column for the incident a case belongs to (issue 17, finding 8): the number of the case it is
    // linked to, or, for a known incident, its title (public within the tenant: src/domain/visibility.ts).
    c('linkedTo', 30, (r) => incidentCell(l, r)),
    c('lessonsLearned', 40, (r) => text(r.lessonsLearned)),
    c('prevention', 40, (r) => text(r.prevention)),
    c('closedAt', 17, (r) => instant(r.closedAt)),
    c('reopened', 8, (r) => num(r.reopened)),
    c('managerStatus', 18, (r) => label(l.managerStatus, r.managerStatus ?? 'not_named')),
    // Every duty and whether it was met (issue 18, part 3), from the duty table: a further regime is a further column.
    ...DUTY_TABLE.map((row): ExportColumn => ({
      key: `duty:${row.id}`,
      header: l.duties.header[row.id],
      width: 20,
      cell: (r) => {
        const outcome = r.duties?.[row.id];
        return outcome === undefined ? EMPTY : code(l.duties.outcome[outcome]);
      },
    })),
    c('nis2Reason', 36, (r) => text(r.nis2Reason)),
    c('nis2Reports', 40, (r) => list(r.nis2Reports.map((n) => `${l.duties.kind[n.kind]} ${copenhagenText(n.at)} (${maskCpr(n.reference)})`))),
    // The information-security committee and the crisis cell (issue 18, part 2).
    c('municipalRisks', 30, (r) => list(r.municipalRisks.map((k) => l.committee.risks[k] ?? k))),
    c('committeeAskedAt', 17, (r) => instant(r.committeeAskedAt)),
    c('crisisCell', 20, (r) => label(l.committee.crisisCell, r.crisisCell)),
    c('crisisCellRoles', 50, (r) => list(r.crisisCellRoles.map((k) => l.committee.roles[k] ?? k))),
    c('crisisCellDecidedBy', 22, (r) => text(r.crisisCellDecidedBy)),
    c('crisisCellDecidedAt', 17, (r) => instant(r.crisisCellDecidedAt)),
  ];
}

function incidentCell(l: ExportLabels, r: RegisterRecord): ExportCell {
  const parts = [
    ...(r.incidentTitle !== null ? [l.knownIncident.replace('{title}', maskCpr(r.incidentTitle))] : []),
    ...(r.linkedTo !== null ? [r.linkedTo] : []),
  ];
  return parts.length === 0 ? EMPTY : code(parts.join(' · '));
}

/** "2026-03-04 14:05" in Copenhagen time: sortable, and read as a date by a Danish Excel. */
export function copenhagenText(at: string): string {
  const p = instantToCopenhagenParts(new Date(at));
  return `${p.date} ${p.time}`;
}

/**
 * The same Copenhagen wall-clock time as a Date whose UTC fields carry it: spreadsheets have no time
 * zones, so an Excel date must be the time people read, not the UTC instant.
 */
export function copenhagenWallClock(at: string): Date {
  const p = instantToCopenhagenParts(new Date(at));
  const seconds = new Date(at).getUTCSeconds();
  return new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, seconds));
}

/** The statistics sheet as label/value rows, then the breakdowns (month, type, unit). */
export function statisticsRows(s: RegisterStatistics, l: ExportLabels, unitNames: ReadonlyMap<string, string>, duties?: DutyStatistics): [string, ExportCell][] {
  const t = l.statistics;
  const pct = (share: number | null): ExportCell => (share === null ? EMPTY : num(Math.round(share * 1000) / 10));
  const rows: [string, ExportCell][] = [
    [t.total, num(s.total)],
    [t.notified, num(s.notified)],
    [t.linked, num(s.linked)],
    [t.notifiedShare, pct(s.notifiedShare)],
    [t.within72h, num(s.notifiedWithin72h)],
    [t.within72hShare, pct(s.within72hShare)],
    [t.medianNotify, num(s.medianHoursAwareToNotified)],
    [t.personsNotified, num(s.personsNotified)],
    [t.personsNotifiedCount, num(s.personsNotifiedCount)],
    [t.personsExempted, num(s.personsExempted)],
    [t.notNotifiedJustified, num(s.notNotifiedJustified)],
    [t.medianTake, num(s.medianHoursToTake)],
    [t.medianAssess, num(s.medianHoursToAssess)],
    [t.medianClose, num(s.medianHoursToClose)],
    [t.openNow, num(s.openNow)],
    [t.overdueNow, num(s.overdueNow)],
    [t.reopened, num(s.reopened)],
    // Always shown, 0 too: the reader knows the medians left nothing out.
    [t.impossibleLeftOut, num(s.impossibleTimelines)],
  ];
  s.perMonth.forEach((n, i) => rows.push([`${t.month}: ${t.months[i]}`, num(n)]));
  for (const [type, n] of Object.entries(s.byBreachType)) rows.push([`${t.byType}: ${l.breachTypes[type as keyof ExportLabels['breachTypes']] ?? type}`, num(n)]);
  for (const u of s.byUnit) rows.push([`${t.byUnit}: ${u.unitId === '' ? l.noUnit : (unitNames.get(u.unitId) ?? u.unitId)}`, num(u.count)]);
  // Each duty and how often it was met in time, late, or not (issue 18, part 3).
  for (const d of duties ?? []) {
    for (const [outcome, n] of Object.entries(d.counts) as [DutyOutcome, number][]) {
      rows.push([l.duties.statistic.replace('{duty}', l.duties.header[d.duty]).replace('{outcome}', l.duties.outcome[outcome]), num(n)]);
    }
  }
  return rows;
}
