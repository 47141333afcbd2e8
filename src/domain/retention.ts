/**
 * Retention of the breach register (issue 8, item 6). Pure: no clock, no I/O.
 *
 * A closed case keeps its register row for good (Art. 33(5): Datatilsynet must be able to check the
 * documentation), but after `years` from closing its personal data is anonymized in place: the
 * reporter's identity and conversation address, every free text of the report and of the
 * coordinators' work, and the names of people in the work and the timeline. What stays are the
 * structured facts the register and the statistics are made of: number, instants, units, breach
 * types, data kinds, persons affected, decision, risk, ENISA score, notified yes/no and when,
 * references (virk.dk receipt, SBSYS journal number, linked case numbers).
 *
 * Decisions:
 * - A free text that was given becomes ERASED_TEXT (not '' or null), so "a justification was
 *   recorded" survives as a fact while its words do not; one that was never given stays as it was.
 *   Names and ids become ''.
 * - Persons (reporter, owner) keep their place with empty ids and name: "the case had an owner".
 * - Timeline facts are kept where they are codes, instants or references (anonymizeEntry lists
 *   every event, so a new one needs a decision). The name in `handed_over` and the free text of
 *   `reopened` and of a close with steps missing go.
 * - Every field of the report, the work and the case is listed below, so the compiler asks for a
 *   decision when a field is added.
 * - An anonymized case cannot be reopened into a working case again: its words and its reporter are
 *   gone for good (see `canReopen`); the register row is what remains.
 */
import type { BreachCase, ConversationAddress, OutboxItem, Person } from './case';
import type { Assessment, AuthorityNotification, CaseWork, PersonsRecord, TimelineEntry, TimelineEvent } from './caseWork';
import type { Report } from './report';

export interface RetentionPolicy {
  /** Years from closing after which a closed case is anonymized. */
  years: number;
  /** Days a draft may stay untouched before it is deleted. */
  draftDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { years: 5, draftDays: 30 };

/** `iso` plus whole calendar years in UTC (29 February becomes 1 March in a common year). */
export function addYears(iso: string, years: number): Date {
  const d = new Date(iso);
  const out = new Date(d.getTime());
  out.setUTCFullYear(d.getUTCFullYear() + years);
  return out;
}

export function isAnonymized(c: BreachCase): boolean {
  return c.anonymizedAt !== undefined;
}

/** When a case is to be anonymized: closed, not yet anonymized, `years` after closing. Else null. */
export function anonymizationDueAt(c: BreachCase, years: number): Date | null {
  if (c.status !== 'closed' || isAnonymized(c)) return null;
  const closedAt = c.work.closedAt;
  if (!closedAt || !Number.isFinite(Date.parse(closedAt))) return null;
  return addYears(closedAt, years);
}

export function isAnonymizationDue(c: BreachCase, now: Date, years: number): boolean {
  const due = anonymizationDueAt(c, years);
  return due !== null && due.getTime() <= now.getTime();
}

/** An anonymized case stays closed: there is no reporter to tell and no text to work on. */
export function canReopen(c: BreachCase): boolean {
  return !isAnonymized(c);
}

/** When a draft last touched at `updatedAt` is to be deleted. */
export function draftExpiresAt(updatedAt: string, days: number): Date {
  const t = Date.parse(updatedAt);
  return new Date((Number.isFinite(t) ? t : 0) + days * 24 * 3_600_000);
}

/** Per field of the report: kept (a structured fact) or erased (identity or free text). */
export const REPORT_RETENTION: { readonly [K in keyof Report]-?: 'keep' | 'erase' } = {
  reporterName: 'erase',
  reporterPhone: 'erase',
  reporterEmail: 'erase',
  reporterTitle: 'erase',
  reporterDepartment: 'erase',
  reporterCenter: 'erase',
  unitIds: 'keep',
  breachTypes: 'keep',
  breachExample: 'keep',
  whatHappened: 'erase',
  dataKinds: 'keep',
  dataKindsOther: 'erase',
  personsAffected: 'keep',
  // Kind and range of the estimate: a structured fact, like the number.
  personsEstimate: 'keep',
  howHappened: 'erase',
  discoveredAt: 'keep',
  ongoing: 'keep',
  // Which system, and which supplier: typed free text, and a supplier's contact may be a person.
  system: 'erase',
  supplierInvolved: 'keep',
  supplierName: 'erase',
  supplierNotifiedAt: 'keep',
  // The nearest manager's id and mail identify a person: forgotten with the reporter (issue 18).
  manager: 'erase',
};

/**
 * Events whose old `detail` string was a code, an instant or a reference, never a name or free text:
 * what an unreadable old entry may keep (see anonymizeEntry).
 */
const DETAIL_KEPT: ReadonlySet<string> = new Set<TimelineEvent>([
  'acknowledged',
  'aware_set',
  'stopped_set',
  'assessed',
  'authority_notified',
  'persons_notified',
  'persons_exempted',
  'dpo_informed',
  'journalized',
  'linked',
]);

const NOBODY: Person = { aadObjectId: '', teamsUserId: '', name: '' };

/**
 * What a free text that was given becomes: a fixed marker, not '', so "a justification was recorded"
 * stays a fact the register counts (not notified with a recorded justification) and the export shows
 * that something was there. An empty or absent text stays as it was.
 */
export const ERASED_TEXT = '[anonymiseret]';
const erasedText = (text: string): string => (text.trim() === '' ? text : ERASED_TEXT);
const erased = (text: string | null): string | null => (text === null ? null : erasedText(text));

/**
 * The case with its personal data removed, as of `now`. Idempotent: an anonymized case comes back
 * unchanged. The caller writes it under the ETag it read, so a reopen in between wins.
 */
export function anonymizeCase(c: BreachCase, now: Date): BreachCase {
  if (isAnonymized(c)) return c;
  const report = {} as Record<keyof Report, unknown>;
  for (const field of Object.keys(REPORT_RETENTION) as (keyof Report)[]) {
    const value = c.report[field];
    report[field] = REPORT_RETENTION[field] === 'keep' ? value : typeof value === 'string' ? erasedText(value) : '';
  }
  // An object erased is no object (the manager): absent, as on a report that never named one.
  if (!report.manager) delete report.manager;
  const address: ConversationAddress = { serviceUrl: '', conversationId: '', tenantId: c.reporterAddress.tenantId, channelId: '', botId: '', botName: '' };
  // Every key listed (the compiler asks for new ones); optional ones absent on the original stay absent.
  const next: Record<keyof BreachCase, unknown> = {
    id: c.id,
    tenantId: c.tenantId,
    number: c.number,
    status: c.status,
    reportedAt: c.reportedAt,
    reporter: { ...NOBODY },
    reporterAddress: address,
    reporterLocale: c.reporterLocale,
    report: report as unknown as Report,
    cprMasked: c.cprMasked,
    work: anonymizeWork(c.work),
    // The coordinators' channels and the card ids: no person in them, and the card is redrawn from this case.
    posts: c.posts,
    // The links stay (case numbers are references); who sent each linked report goes.
    linkedFrom: c.linkedFrom.map((l) => ({ ...l, reporterName: '' })),
    schedule: { ...c.schedule, outbox: c.schedule.outbox.filter(keptItem).map(anonymizeItem) },
    anonymizedAt: now.toISOString(),
    // Instants only (told, unreachable): no person in them; the register keeps whether the manager was told.
    manager: c.manager,
    // The committee's channel and card ids: no person in them; the card is redrawn from this case.
    committeePost: c.committeePost,
    // The repeat counts name the system and the supplier (erased above): they go with them.
    repeats: undefined,
  };
  return Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)) as unknown as BreachCase;
}

function anonymizeWork(w: CaseWork): CaseWork {
  const next: { [K in keyof CaseWork]-?: CaseWork[K] } = {
    owner: w.owner ? { ...NOBODY } : null,
    acknowledgedAt: w.acknowledgedAt,
    awareAt: w.awareAt,
    awareReason: erased(w.awareReason),
    stopped: w.stopped,
    stopHow: erased(w.stopHow),
    assessment: w.assessment ? anonymizeAssessment(w.assessment) : null,
    authorityNotifications: w.authorityNotifications.map(anonymizeNotification),
    persons: w.persons ? anonymizePersons(w.persons) : null,
    dpoInformedAt: w.dpoInformedAt,
    sbsysJournalNo: w.sbsysJournalNo,
    notes: w.notes.map((n) => ({ at: n.at, by: '', text: erasedText(n.text) })),
    linkedTo: w.linkedTo,
    // The public title names no person (it was shown to every reporter of the tenant); kept as the register's fact.
    incident: w.incident ? { ...w.incident, declaredBy: '' } : null,
    closedAt: w.closedAt,
    lessonsLearned: erased(w.lessonsLearned),
    feedback: w.feedback
      ? {
          done: erasedText(w.feedback.done),
          authorityNotified: erasedText(w.feedback.authorityNotified),
          dpoInformed: erasedText(w.feedback.dpoInformed),
          personsInformed: erasedText(w.feedback.personsInformed),
          prevention: erasedText(w.feedback.prevention),
        }
      : null,
    closedAnyway: w.closedAnyway ? { steps: w.closedAnyway.steps, reason: erasedText(w.closedAnyway.reason) } : null,
    timeline: w.timeline.map(anonymizeEntry),
    // NIS2 (issue 18): the marking, the instants and the receipts stay (the register's facts); the reasons and the name go.
    nis2: w.nis2
      ? {
          ...w.nis2,
          reason: erasedText(w.nis2.reason),
          by: '',
          reports: w.nis2.reports.map(({ delayReason, ...r }) => (delayReason === undefined ? r : { ...r, delayReason: erasedText(delayReason) })),
        }
      : null,
    // The committee's decision and roles stay register facts; the member who decided is a name.
    committee: w.committee ? { askedAt: w.committee.askedAt, decision: w.committee.decision ? { ...w.committee.decision, decidedBy: '' } : null } : null,
  };
  return next;
}

function anonymizeAssessment(a: Assessment): Assessment {
  return { ...a, justification: erasedText(a.justification), decidedBy: '' };
}

function anonymizeNotification(n: AuthorityNotification): AuthorityNotification {
  const { delayReason, ...rest } = n;
  return delayReason === undefined ? rest : { ...rest, delayReason: erasedText(delayReason) };
}

function anonymizePersons(p: PersonsRecord): PersonsRecord {
  return 'exemption' in p ? { exemption: p.exemption, explanation: erasedText(p.explanation) } : { notifiedAt: p.notifiedAt, how: erasedText(p.how), count: p.count };
}

/**
 * Every event listed (the compiler asks for a decision on a new one): codes, instants and references
 * stay; names and free text go. The receiver of a hand-over becomes '' like every name; the reason of
 * a reopen goes; a close with steps missing becomes a plain close in the timeline, as before (the
 * steps stay a fact in work.closedAnyway, its reason erased there).
 */
function anonymizeEntry(e: TimelineEntry): TimelineEntry {
  const base = { at: e.at, by: '' };
  switch (e.event) {
    case 'acknowledged':
    case 'aware_set':
    case 'stopped_set':
    case 'assessed':
    case 'authority_notified':
    case 'persons_notified':
    case 'persons_exempted':
    case 'dpo_informed':
    case 'journalized':
    case 'note_added':
    case 'linked':
    case 'incident_declared':
    case 'incident_ended':
    case 'routed':
    // The answer and an instant only: the supplier's name lives on the report, erased there.
    case 'supplier_answered':
    // NIS2: the kind and virk.dk's receipt number; the reasons are on work.nis2, erased there.
    case 'nis2_marked':
    case 'nis2_unmarked':
    case 'nis2_reported':
    // Whether a crisis cell was convened and its roles (codes): no person named.
    case 'crisis_cell_decided':
      return { ...e, ...base };
    case 'handed_over':
      return { ...base, event: e.event, to: '' };
    case 'closed':
    case 'reopened':
      return { ...base, event: e.event };
    case 'unreadable':
      // An old entry's raw text: kept only where that event's detail was a code (DETAIL_KEPT).
      return { ...base, event: e.event, was: e.was, detail: DETAIL_KEPT.has(e.was) ? e.detail : '' };
  }
}

/**
 * What the outbox may still owe after anonymization: nothing to the reporter (there is no address
 * left) or their nearest manager, no thread lines (they carry names); card updates stay, drawn from the anonymized case.
 */
function keptItem(item: OutboxItem): boolean {
  // Nor to the nearest manager (issue 18): who they are is erased with the reporter.
  return item.kind === 'card_update' || (item.target !== 'reporter' && item.line === undefined && item.target !== 'post' && item.target !== 'manager');
}

function anonymizeItem(item: OutboxItem): OutboxItem {
  const { detail: _detail, line: _line, ...rest } = item;
  return rest;
}
