/**
 * One incident, many reports (issue 10): how a report reaches the case it is linked to, and how it is
 * closed with it. Both run as outbox deliveries of a case (deliverOutbox.ts), so a crash, a store that
 * stops or a second instance delays them and never loses or doubles them: the link is an item in the
 * linked report's outbox until the incident recorded it; the close of each linked report is an item in
 * the incident's outbox (`reporter_closed` with the report's number) until its reporter was told.
 */
import type { BreachCase, LinkedReport, OutboxItem } from '../domain/case';
import { closeWithLinked, statusOf } from '../domain/caseWork';
import { queueCardRefresh } from '../domain/outbox';
import { sharesFeedback } from '../domain/visibility';
import type { CoordinationDeps } from './coordinationDeps';
import { reschedule } from './reschedule';
import { CENTRAL_UNIT_ID } from './ports';
import { changeCase } from './changeCase';
import { managerItemsOnLinkedClose } from '../domain/nearestManager';

/**
 * How long an incident's card waits for more linked reports before it is redrawn: a burst of hundreds
 * makes one card update per this interval (plus the sweep's), not one per report. The count on the
 * card is at most this much (and one sweep interval) behind; the reporter's receipt is not delayed.
 */
export const INCIDENT_CARD_DELAY_MS = 20_000;

export { linkItem } from '../domain/outbox';

/**
 * The case `report` is linked to learns of it: the report is added to its `linkedFrom` (once), and its
 * cards are redrawn within INCIDENT_CARD_DELAY_MS, coalesced with every other link of that time. A
 * target that does not exist (a mistyped number on an after-the-fact link) is nothing owed.
 */
export async function linkInto(deps: CoordinationDeps, report: BreachCase): Promise<'linked' | 'already' | 'no_target'> {
  const toNumber = report.work.linkedTo;
  if (toNumber === null) return 'no_target';
  const target = await deps.cases.findByNumber(report.tenantId, toNumber);
  if (!target) return 'no_target';
  const delay = deps.incidentCardDelayMs ?? INCIDENT_CARD_DELAY_MS;
  // The unit directory is cached in the instance: naming the units costs no request in a burst.
  const units = await Promise.all(
    report.report.unitIds.filter((id) => id !== CENTRAL_UNIT_ID).map(async (id) => ({ id, name: (await deps.units.get(report.tenantId, id))?.name ?? id })),
  );
  const entry: LinkedReport = { number: report.number, at: deps.clock.now().toISOString(), reporterName: report.reporter.name, units };
  let row: { key: string; at: string } | undefined;
  const outcome = await changeCase<{ already?: boolean }>(
    deps.cases,
    report.tenantId,
    target.value.id,
    async (c) => {
      if (c.linkedFrom.some((l) => l.number === report.number)) return { next: null, result: { already: true } };
      const now = deps.clock.now();
      const refreshed = queueCardRefresh({ ...c, linkedFrom: [...c.linkedFrom, entry] }, now, delay);
      let next = refreshed.next;
      let dueAt = refreshed.dueAt;
      if (statusOf(c.work) === 'closed') {
        // Tied while the incident was open, linked after it closed: its feedback is owed all the same,
        // at once (the close's walk over linkedFrom may be done already).
        const at = now.toISOString();
        const owed: OutboxItem = { id: `reporter:closed:${report.number}@${at}`, kind: 'reporter_closed', target: 'reporter', detail: report.number, at, leaseUntil: at, attempts: 0 };
        next = { ...next, schedule: { ...next.schedule, outbox: [...next.schedule.outbox, owed] } };
        dueAt = at;
      }
      if (dueAt !== null) {
        const covering = await coverWithRow(deps, next, dueAt, row);
        next = covering.next;
        row = covering.row;
      }
      return { next, result: {} };
    },
    target,
  );
  if (!outcome) return 'no_target';
  return outcome.result.already ? 'already' : 'linked';
}

/**
 * What waits unclaimed until `dueAt` needs a due-index row that brings the case back then, written
 * before the case that needs it (findable by construction): the case's own row or its retry row when
 * one comes in time, else a new retry row (`row`, reused across retries of the same change).
 */
async function coverWithRow(deps: CoordinationDeps, c: BreachCase, dueAt: string, row: { key: string; at: string } | undefined) {
  if (covered(deps, c, dueAt)) return { next: c, row };
  const r = row && row.at <= dueAt ? row : { key: await deps.schedule.put(c.tenantId, c.id, new Date(dueAt)), at: dueAt };
  return { next: { ...c, schedule: { ...c.schedule, retryKey: r.key, retryAt: r.at } }, row: r };
}

/**
 * Retention reached a report linked to `toNumber` (src/app/retention.ts): that case's list of linked
 * reports forgets the reporter's name, and its cards are redrawn without it. Idempotent; a target that
 * is gone owes nothing.
 */
export async function forgetLink(deps: CoordinationDeps, report: BreachCase, toNumber: string): Promise<void> {
  const target = await deps.cases.findByNumber(report.tenantId, toNumber);
  if (!target) return;
  let row: { key: string; at: string } | undefined;
  await changeCase(
    deps.cases,
    report.tenantId,
    target.value.id,
    async (c) => {
      if (!c.linkedFrom.some((l) => l.number === report.number && l.reporterName !== '')) return { next: null, result: undefined };
      const now = deps.clock.now();
      const linkedFrom = c.linkedFrom.map((l) => (l.number === report.number ? { ...l, reporterName: '' } : l));
      const refreshed = queueCardRefresh({ ...c, linkedFrom }, now, 0);
      if (refreshed.dueAt === null) return { next: refreshed.next, result: undefined };
      const covering = await coverWithRow(deps, refreshed.next, refreshed.dueAt, row);
      row = covering.row;
      return { next: covering.next, result: undefined };
    },
    target,
  );
}

/** A due-index row of the case comes by `dueAt` (plus a minute of slack): its key or a pending retry row. */
function covered(deps: CoordinationDeps, c: BreachCase, dueAt: string): boolean {
  const by = Date.parse(dueAt) + 60_000;
  const now = deps.clock.now().getTime();
  const s = c.schedule;
  if (s.retryAt && Date.parse(s.retryAt) > now && Date.parse(s.retryAt) <= by) return true;
  return s.dueAt !== undefined && s.key !== undefined && Date.parse(s.dueAt) <= by;
}

/**
 * The incident was closed: a linked report nobody worked on is closed with it (same feedback, its
 * retention clock starts) before its reporter is told, so the message and the record agree. Idempotent:
 * a retry after a crash finds it closed and only the message is left. Returns the report as it is now,
 * or null when there is nobody to tell (not found, or anonymized by retention).
 */
export async function closeLinkedReport(deps: CoordinationDeps, incident: BreachCase, number: string): Promise<BreachCase | null> {
  const found = await deps.cases.findByNumber(incident.tenantId, number);
  if (!found || found.value.anonymizedAt !== undefined) return null;
  const now = deps.clock.now();
  const outcome = await changeCase(
    deps.cases,
    incident.tenantId,
    found.value.id,
    (c) => {
      // The report keeps the incident's feedback texts only where the visibility policy lets its reader see
      // them (its unit's coordinators open it: src/domain/visibility.ts); otherwise it is closed without.
      const work = closeWithLinked(c.work, incident.number, sharesFeedback(c, incident) ? incident.work.feedback : null, now);
      if (!work) return { next: null, result: false };
      const closed: BreachCase = { ...c, work, status: 'closed' };
      // Its own nearest manager is told it was handled (issue 18), by the sweep: unclaimed, due now.
      const owed = managerItemsOnLinkedClose(closed, now);
      return { next: owed.length > 0 ? { ...closed, schedule: { ...closed.schedule, outbox: [...closed.schedule.outbox, ...owed] } } : closed, result: true };
    },
    found,
  );
  if (!outcome?.saved) return null;
  // Its due-index row moves to its anonymization (closedAt + RETENTION_YEARS).
  if (outcome.result) await reschedule(deps, incident.tenantId, found.value.id, now, undefined, outcome.saved);
  return outcome.saved.value;
}

/**
 * Delivers the link a report tied to a known incident was created with (right after its receipt) and
 * records it; a failure leaves the item with its lease, and the sweep delivers it then.
 */
export async function deliverLink(deps: CoordinationDeps, c: BreachCase): Promise<void> {
  const item = c.schedule.outbox.find((i) => i.target === 'incident');
  if (!item) return;
  await linkInto(deps, c);
  await reschedule(deps, c.tenantId, c.id, deps.clock.now(), undefined, undefined, [{ id: item.id, claim: item.claim }]);
}
