/**
 * Retention, run by the sweep through the due-index (README, "Retention"):
 * - a closed case has a due-index row at closedAt + RETENTION_YEARS (nextAttention puts it there in
 *   the write that closes it, or in the delivery after); when the sweep meets it, the case is
 *   anonymized in one write under the ETag it read, so a reopen in between wins (the write fails,
 *   the re-read case is open and not due). Only the instance whose write succeeded audits it.
 * - a draft has a due-index row at updatedAt + DRAFT_RETENTION_DAYS, written when it is created
 *   (withDraftRetention). Updates do not move it (that would cost a write per card submit): when the
 *   row comes due the sweep reads the draft and either deletes it under its ETag or moves the row to
 *   the draft's own updatedAt + days. So a draft costs one row write when created and one visit per
 *   30 days of activity, and a sweep reads only the drafts that may have expired, never all drafts.
 */
import { randomUUID } from 'node:crypto';
import type { BreachCase, OutboxItem } from '../domain/case';
import { changeCase } from './changeCase';
import { queueAnnouncements } from '../domain/outbox';
import { anonymizeCase, DEFAULT_RETENTION, draftExpiresAt, isAnonymizationDue, type RetentionPolicy } from '../domain/retention';
import type { CoordinationDeps } from './coordinationDeps';
import { deliverClaimed } from './deliverOutbox';
import { reschedule } from './reschedule';
import { noteWritten } from './writtenCases';
import { ConcurrencyError, SYSTEM_ACTOR, type Draft, type DraftRepository, type ScheduleEntry, type ScheduleIndex, type Versioned } from './ports';

export { SYSTEM_ACTOR } from './ports';

/** Due-index rows of drafts carry this instead of a case id (drafts are keyed by reporter). */
export const DRAFT_ENTRY_PREFIX = '_draft:';

export const draftEntryId = (reporterAadId: string) => `${DRAFT_ENTRY_PREFIX}${reporterAadId}`;
export const isDraftEntry = (entry: ScheduleEntry) => entry.caseId.startsWith(DRAFT_ENTRY_PREFIX);

export function retentionOf(deps: CoordinationDeps): RetentionPolicy {
  return deps.policy.retention ?? DEFAULT_RETENTION;
}

export type AnonymizeOutcome =
  | { outcome: 'anonymized'; version: Versioned<BreachCase> | undefined }
  /** Reopened (or otherwise no longer due) when the write was tried: the caller attends it as usual. */
  | { outcome: 'not_due'; version: Versioned<BreachCase> | null };

/**
 * Anonymizes the case if it is due, under the ETag of `found`. The card copies in the channels are
 * redrawn from the anonymized case (card updates claimed in the same write), so the report's words
 * leave the coordinators' channels too; the case stays at its due-index row until they are delivered.
 */
export async function anonymizeIfDue(deps: CoordinationDeps, found: Versioned<BreachCase>, now: Date, leaseMs: number, retryMs: number): Promise<AnonymizeOutcome> {
  const { years } = retentionOf(deps);
  const claim = { token: randomUUID(), until: new Date(now.getTime() + leaseMs).toISOString() };
  const outcome = await changeCase<{ due: boolean; claimed: number }>(
    deps.cases,
    found.value.tenantId,
    found.value.id,
    (current) => {
      if (!isAnonymizationDue(current, now, years)) return { next: null, result: { due: false, claimed: 0 } };
      let next = anonymizeCase(current, now);
      // Retention reaches every copy (issue 16): the case this report is linked to names its reporter in
      // its list of linked reports and on its card. That case forgets the name through the outbox, like
      // every effect on another case: delayed by a failure, never lost.
      const owed: OutboxItem[] = [];
      if (current.work.linkedTo !== null) owed.push(forgetItem(current.work.linkedTo, now.toISOString(), claim));
      // The case's audit rows name its reporter (ports.ts, AuditLog): they keep what was done and when, not
      // who. An item of its own, so a store error or a crash delays it and never skips it.
      if (current.reporter.aadObjectId !== '') owed.push({ id: 'forget:audit', kind: 'forget_audit', target: 'record', detail: current.reporter.aadObjectId, at: now.toISOString(), leaseUntil: claim.until, claim: claim.token, attempts: 1 });
      const ids = new Set(owed.map((i) => i.id));
      next = { ...next, schedule: { ...next.schedule, outbox: [...next.schedule.outbox.filter((i) => !ids.has(i.id)), ...owed] } };
      const queued = queueAnnouncements(next, [], claim, now);
      const claimed = queued.claimed.length + owed.length;
      return { next: queued.next, result: { due: true, claimed } };
    },
    found,
  );
  if (!outcome || !outcome.result.due) return { outcome: 'not_due', version: outcome?.saved ?? null };
  const saved = outcome.saved;
  noteWritten(deps, saved);
  // After the write, by the one instance whose write succeeded: audited once. A crash right here
  // leaves the case anonymized without its audit row; `anonymizedAt` on the case still says when.
  await deps.audit.append({
    at: now.toISOString(),
    tenantId: saved.value.tenantId,
    actorAadId: SYSTEM_ACTOR.aadObjectId,
    actorName: SYSTEM_ACTOR.name,
    action: 'case.anonymize',
    caseId: saved.value.id,
    outcome: 'allowed',
    detail: `${saved.value.number} retention ${years}y`,
  });
  deps.log.info('case.anonymized', { case: saved.value.number });
  const after =
    outcome.result.claimed > 0
      ? (await deliverClaimed(deps, saved, claim.token, now, retryMs)).version
      : ((await reschedule(deps, saved.value.tenantId, saved.value.id, now, retryMs, saved)).version ?? undefined);
  return { outcome: 'anonymized', version: after };
}

/** The outbox item an anonymized report owes the case it is linked to: forget its reporter's name there. */
export function forgetItem(toCaseNumber: string, at: string, claim: { token: string; until: string }): OutboxItem {
  return { id: `forget:${toCaseNumber}`, kind: 'forget_link', target: 'incident', detail: toCaseNumber, at, leaseUntil: claim.until, claim: claim.token, attempts: 1 };
}

export type DraftOutcome = 'deleted' | 'kept' | 'gone';

/** A draft's due-index row came due: delete the draft if untouched for `draftDays`, else move the row. */
export async function expireDraft(drafts: DraftRepository, schedule: ScheduleIndex, retention: RetentionPolicy, entry: ScheduleEntry, now: Date): Promise<DraftOutcome> {
  const reporterAadId = entry.caseId.slice(DRAFT_ENTRY_PREFIX.length);
  for (let attempt = 0; attempt < 3; attempt++) {
    const found = await drafts.get(entry.tenantId, reporterAadId);
    if (!found) {
      await schedule.remove(entry.key);
      return 'gone';
    }
    const expires = draftExpiresAt(found.value.updatedAt, retention.draftDays);
    if (expires.getTime() > now.getTime()) {
      // Touched since the row was written: the row follows the draft (new row first, then the old one goes).
      const key = await schedule.put(entry.tenantId, entry.caseId, expires);
      if (key !== entry.key) await schedule.remove(entry.key);
      return 'kept';
    }
    try {
      await drafts.delete(entry.tenantId, reporterAadId, found.etag);
    } catch (error) {
      // The reporter touched it this very moment: read again.
      if (error instanceof ConcurrencyError) continue;
      throw error;
    }
    await schedule.remove(entry.key);
    return 'deleted';
  }
  return 'kept';
}

/**
 * The draft repository with retention: every draft created gets its due-index row first (as a case
 * does), so a draft is always findable by the sweep. One extra write per draft row created (a
 * reporter's first report; later reports reuse the row), none per card submit.
 */
export function withDraftRetention(drafts: DraftRepository, schedule: ScheduleIndex, draftDays: number): DraftRepository {
  return {
    get: (tenantId, reporterAadId) => drafts.get(tenantId, reporterAadId),
    create: async (draft: Draft) => {
      await schedule.put(draft.tenantId, draftEntryId(draft.reporterAadId), draftExpiresAt(draft.updatedAt, draftDays));
      return drafts.create(draft);
    },
    replace: (draft, etag) => drafts.replace(draft, etag),
    patch: (tenantId, reporterAadId, fields, etag) => drafts.patch(tenantId, reporterAadId, fields, etag),
    delete: (tenantId, reporterAadId, etag) => drafts.delete(tenantId, reporterAadId, etag),
  };
}
