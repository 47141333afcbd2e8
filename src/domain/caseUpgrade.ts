/**
 * Cases as stored by every earlier version, read into today's shape: the one place that knows the old
 * forms (issue 8, item 7). Storage calls `upgradeCase` on every row it reads; nothing else looks at a
 * stored case's raw JSON, so the rest of the code sees one shape only: required work, posts, links and
 * schedule, the status derived from the work, and structured timeline entries.
 *
 * Old forms, all written by src/domain/caseWork/commands.ts before the entries were structured (see
 * its history): a timeline entry carried `detail?: string` —
 *   acknowledged        'implicit' or none
 *   handed_over         the receiver's name (none after retention removed it)
 *   aware_set           the awareAt instant (ISO)
 *   stopped_set         'yes' | 'no' | 'unknown'
 *   assessed            'risk=<risk> decision=<decision>' + ' enisa=<score>/<band>' when scored
 *   authority_notified  '<kind> <reference>'
 *   persons_notified    the count
 *   persons_exempted    the exemption code
 *   dpo_informed        the instant (ISO)
 *   journalized         the SBSYS number
 *   note_added          none
 *   linked              the case number
 *   closed              none, or '<step>,<step>: <reason>' when closed with steps missing
 *   reopened            the reason, or none
 * The parsing mirrors exactly what the card and the thread did with these strings (the regexes of the
 * old src/teams/views/timelineText.ts), so an old case reads and renders as it did. A detail that
 * matches none of them (no version wrote one) becomes an `unreadable` entry that renders as the old
 * code rendered it. Pure and idempotent: an entry already in the new shape comes back as it is.
 */
import { CRISIS_ROLES, type CrisisRole } from './committee';
import type { BreachCase, CasePost, CaseSchedule, LinkedReport, OutboxItem } from './case';
import { NIS2_REPORT_KINDS } from './caseWork/nis2';
import {
  CLOSE_STEPS,
  DECISIONS,
  EXEMPTIONS,
  NOTIFICATION_KINDS,
  RISK_LEVELS,
  STOPPED_STATES,
  emptyWork,
  statusOf,
  type CaseWork,
  type CloseStep,
  type TimelineEntry,
  type TimelineFacts,
} from './caseWork/model';
import type { SeverityBand } from './enisa';
import { SUPPLIER_ANSWERS, type Report, type SupplierAnswer } from './report';

const SEVERITY_BANDS: readonly SeverityBand[] = ['low', 'medium', 'high', 'very_high'];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T => typeof v === 'string' && (list as readonly string[]).includes(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isInstant = (v: string): boolean => ISO.test(v) && !Number.isNaN(Date.parse(v));

type Raw = Record<string, unknown>;

/** A case as a stored row may hold it: the fields later versions made required may be absent. */
export type StoredCase = Omit<BreachCase, 'work' | 'posts' | 'linkedFrom' | 'schedule' | 'report'> & {
  /** `supplierInvolved` was a boolean before the question could be stored as unanswered (issue 17). */
  report: Omit<Report, 'supplierInvolved'> & { supplierInvolved: SupplierAnswer | boolean };
  work?: unknown;
  posts?: CasePost[];
  /** Case numbers only, before the link recorded who and when. */
  linkedFrom?: (string | LinkedReport)[];
  schedule?: Partial<CaseSchedule> & { outbox?: unknown[] };
};

/** Any stored case (old or current) in today's shape; the status is derived from its work. */
export function upgradeCase(raw: StoredCase): BreachCase {
  const work = upgradeWork(raw.work);
  return {
    ...raw,
    report: upgradeReport(raw.report),
    // The stored status column is kept for queries; the record decides (statusOf), and the two agree
    // for every case a version of the commands wrote (the status always came from the same rules).
    status: statusOf(work),
    work,
    // Absent on cases stored before routing, linking and the due-index existed: nothing yet.
    posts: raw.posts ?? [],
    linkedFrom: (raw.linkedFrom ?? []).map((l) => (typeof l === 'string' ? { number: l, at: '', reporterName: '', units: [] } : l)),
    schedule: upgradeSchedule(raw.schedule),
  };
}

/**
 * The report. Before issue 17 (finding 2) `supplierInvolved` was a boolean, and a question left
 * unanswered was stored as `false`, the same as «Nej»: the two cannot be told apart now. Decision: an
 * old `false` reads as 'no', because that is what the record said and what every register row, export
 * and notification drawn from it said; turning it into 'unanswered' would change what was reported to
 * have been answered for the cases that were answered «Nej». An old `true` is 'yes'. A coordinator who
 * knows better records the answer on the card (case.answerSupplier), which is on the timeline.
 */
export function upgradeReport(raw: StoredCase['report']): Report {
  const s = raw.supplierInvolved;
  const supplierInvolved: SupplierAnswer = s === true ? 'yes' : s === false ? 'no' : oneOf(SUPPLIER_ANSWERS, s) ? s : 'unanswered';
  return { ...raw, supplierInvolved };
}

/** The coordinators' record; absent on cases stored before issue #3: an empty one (a new case). */
export function upgradeWork(raw: unknown): CaseWork {
  if (raw === null || typeof raw !== 'object') return emptyWork();
  const w = raw as Partial<CaseWork> & { timeline?: unknown[] };
  return {
    ...emptyWork(),
    ...w,
    // Absent on cases closed before the close checklist: closed with every step done, as far as we know.
    closedAnyway: w.closedAnyway ?? null,
    timeline: (w.timeline ?? []).map(upgradeTimelineEntry),
  } as CaseWork;
}

export function upgradeSchedule(raw: StoredCase['schedule']): CaseSchedule {
  const s = raw ?? {};
  return { ...s, sent: s.sent ?? [], outbox: (s.outbox ?? []).map(upgradeOutboxItem) };
}

/** An outbox item; a thread line carries a timeline entry, upgraded like the timeline's. */
export function upgradeOutboxItem(raw: unknown): OutboxItem {
  const item = raw as OutboxItem & { line?: unknown };
  return item.line === undefined ? item : { ...item, line: upgradeTimelineEntry(item.line) };
}

/** One timeline entry, old (`detail` string) or current, in the current shape. */
export function upgradeTimelineEntry(raw: unknown): TimelineEntry {
  const r: Raw = raw !== null && typeof raw === 'object' ? (raw as Raw) : {};
  const at = isString(r.at) ? r.at : '';
  const by = isString(r.by) ? r.by : '';
  const event = isString(r.event) ? r.event : '';
  if (!('detail' in r) || event === 'unreadable') {
    const current = currentFacts(event, r);
    if (current) return { at, by, ...current };
  }
  return { at, by, ...fromDetail(event, isString(r.detail) ? r.detail : undefined) };
}

/** The facts of an entry already in the current shape, or null when it is not (an old entry). */
function currentFacts(event: string, r: Raw): TimelineFacts | null {
  switch (event) {
    case 'acknowledged':
      return r.implicit === true ? { event, implicit: true } : { event };
    case 'handed_over':
      return isString(r.to) ? { event, to: r.to } : null;
    case 'aware_set':
      return isString(r.awareAt) ? { event, awareAt: r.awareAt } : null;
    case 'stopped_set':
      return oneOf(STOPPED_STATES, r.stopped) ? { event, stopped: r.stopped } : null;
    case 'assessed': {
      if (!oneOf(RISK_LEVELS, r.risk) || !oneOf(DECISIONS, r.decision)) return null;
      const enisa = r.enisa as { score?: unknown; band?: unknown } | undefined;
      const scored = enisa !== undefined && typeof enisa.score === 'number' && oneOf(SEVERITY_BANDS, enisa.band);
      return { event, risk: r.risk, decision: r.decision, ...(scored ? { enisa: { score: enisa.score as number, band: enisa.band as SeverityBand } } : {}) };
    }
    case 'authority_notified':
      return oneOf(NOTIFICATION_KINDS, r.kind) && isString(r.reference) ? { event, kind: r.kind, reference: r.reference } : null;
    case 'persons_notified':
      return typeof r.count === 'number' ? { event, count: r.count } : null;
    case 'persons_exempted':
      return oneOf(EXEMPTIONS, r.exemption) ? { event, exemption: r.exemption } : null;
    case 'dpo_informed':
      return isString(r.informedAt) ? { event, informedAt: r.informedAt } : null;
    case 'journalized':
      return isString(r.journalNo) ? { event, journalNo: r.journalNo } : null;
    case 'note_added':
      return { event };
    case 'linked':
      return isString(r.toCaseNumber) ? { event, toCaseNumber: r.toCaseNumber } : null;
    // Written only in the structured form (issue 10): never in an old row.
    case 'incident_declared':
      return isString(r.title) ? { event, title: r.title } : null;
    case 'incident_ended':
      return r.byClose === true ? { event, byClose: true } : { event };
    // Written only in the structured form (issue 17): unit names, not personal data.
    case 'routed':
      return Array.isArray(r.units) && r.units.every(isString) ? { event, units: r.units as string[] } : null;
    case 'supplier_answered':
      if (r.involved !== 'yes' && r.involved !== 'no') return null;
      return isString(r.notifiedAt) ? { event, involved: r.involved, notifiedAt: r.notifiedAt } : { event, involved: r.involved };
    case 'closed': {
      const anyway = r.anyway as { missing?: unknown; reason?: unknown } | undefined;
      if (isString(r.withCase)) return { event, withCase: r.withCase };
      if (anyway === undefined) return { event };
      const missing = Array.isArray(anyway.missing) ? anyway.missing : [];
      return missing.every((s) => oneOf(CLOSE_STEPS, s)) && isString(anyway.reason)
        ? { event, anyway: { missing: missing as CloseStep[], reason: anyway.reason } }
        : null;
    }
    case 'reopened':
      return isString(r.reason) ? { event, reason: r.reason } : { event };
    // Written only in the structured form (issue 18, NIS2).
    case 'nis2_marked':
    case 'nis2_unmarked':
      return { event };
    case 'nis2_reported':
      return oneOf(NIS2_REPORT_KINDS, r.kind) && isString(r.reference) ? { event, kind: r.kind, reference: r.reference } : null;
    case 'unreadable':
      return isString(r.was) && isString(r.detail) ? { event, was: r.was, detail: r.detail } : null;
    // Written only in the structured form (issue 18): the decision and role codes.
    case 'crisis_cell_decided':
      return typeof r.convene === 'boolean' && Array.isArray(r.roles) && r.roles.every((x) => oneOf(CRISIS_ROLES, x))
        ? { event, convene: r.convene, roles: r.roles as CrisisRole[] }
        : null;
    default:
      return null;
  }
}

/** The facts an old entry's `detail` string stood for (undefined: the entry had none). */
function fromDetail(event: string, detail: string | undefined): TimelineFacts {
  // The old view trimmed the detail before reading it (the close reason excepted, see below).
  const d = detail?.trim() ?? '';
  const unreadable: TimelineFacts = { event: 'unreadable', was: event, detail: d };
  switch (event) {
    case 'acknowledged':
      if (detail === undefined) return { event };
      return d === 'implicit' ? { event, implicit: true } : unreadable;
    case 'handed_over':
      // Retention removed the name from old entries (no detail): the name is '' like every erased name.
      return { event, to: d };
    case 'aware_set':
      return isInstant(d) ? { event, awareAt: d } : unreadable;
    case 'dpo_informed':
      return isInstant(d) ? { event, informedAt: d } : unreadable;
    case 'stopped_set':
      return oneOf(STOPPED_STATES, d) ? { event, stopped: d } : unreadable;
    case 'assessed': {
      const match = /risk=(\w+) decision=(\w+)(?: enisa=([\d.]+)\/(\w+))?/.exec(d);
      if (!match || !oneOf(RISK_LEVELS, match[1]) || !oneOf(DECISIONS, match[2])) return unreadable;
      // The old view showed the score only with a band it knew; so does the entry.
      const enisa = match[3] !== undefined && oneOf(SEVERITY_BANDS, match[4]) ? { enisa: { score: Number(match[3]), band: match[4] } } : {};
      return { event, risk: match[1], decision: match[2], ...enisa };
    }
    case 'authority_notified': {
      const match = /^(\S+) (.*)$/.exec(d);
      return match && oneOf(NOTIFICATION_KINDS, match[1]) ? { event, kind: match[1], reference: match[2] } : unreadable;
    }
    case 'persons_notified':
      return /^\d+$/.test(d) ? { event, count: Number(d) } : unreadable;
    case 'persons_exempted':
      return oneOf(EXEMPTIONS, d) ? { event, exemption: d } : unreadable;
    case 'journalized':
      return d !== '' ? { event, journalNo: d } : unreadable;
    case 'note_added':
      return { event };
    case 'linked':
      return d !== '' ? { event, toCaseNumber: d } : unreadable;
    case 'closed': {
      if (detail === undefined) return { event };
      // Read untrimmed, as the old view did: the reason is the coordinator's text after ': '.
      const match = /^([a-z_,]+): ([\s\S]*)$/.exec(detail);
      const missing = match ? match[1].split(',') : [];
      return match && missing.every((s) => oneOf(CLOSE_STEPS, s)) ? { event, anyway: { missing: missing as CloseStep[], reason: match[2] } } : unreadable;
    }
    case 'reopened':
      return d === '' ? { event } : { event, reason: d };
    default:
      return { event: 'unreadable', was: event, detail: d };
  }
}
