/**
 * A report tied to a known incident (issue 10): the short form (what, when, which unit) becomes a case
 * of its own, linked to the incident's case at once, with no card, no reminders and no summary step.
 *
 * The same guarantees as confirmReport: the draft is claimed with its ETag and its number before the
 * case is created under the draft's id, so a double press, a Teams retry or a crash in between end with
 * one case, never two, never none. The link to the incident is an item in the new case's outbox from
 * its first write (src/app/linkReports.ts): delivered right after the receipt, or by the sweep after a
 * crash, so the incident's count never misses a report.
 */
import { randomUUID } from 'node:crypto';
import { formatCaseNumber, openCase, type BreachCase } from '../domain/case';
import { activeIncident } from '../domain/caseWork';
import { instantToCopenhagenParts } from '../domain/copenhagenTime';
import { mentionsCpr } from '../domain/cpr';
import { pickReportValues, REPORT_FIELDS, type FieldErrors, type ReportValues } from '../domain/report';
import { validateTiedReport } from '../domain/reportValidation';
import { isSameSending } from '../domain/sameSending';
import type { ReportingDeps } from './deps';
import { linkItem } from '../domain/outbox';
import { ConcurrencyError, type Draft, type Versioned } from './ports';
import type { DraftRef } from './submitReportForm';

/** How long the link item is reserved for the instance that created the case (then the sweep takes it). */
const LINK_LEASE_MS = 120_000;

export interface IncidentRef {
  number: string;
  title: string;
}

export type TiedResult =
  /** `sameSending` (duplicate): another press of the same sending (src/domain/sameSending.ts): the normal receipt. */
  | { kind: 'created'; breachCase: BreachCase; incident: IncidentRef }
  | { kind: 'duplicate'; breachCase: BreachCase; incident: IncidentRef; sameSending: boolean }
  | { kind: 'invalid'; values: ReportValues; errors: FieldErrors; etag: string; cprFound: boolean; incident: IncidentRef }
  /** The incident ended (or is no incident of this tenant): the full form, with what was typed. */
  | { kind: 'incident_gone'; values: ReportValues }
  | { kind: 'stale'; current: Versioned<Draft> | null };

/** The incident a card names, if it is an active one of this tenant. The listing is repaired on the way. */
export async function activeIncidentCase(deps: ReportingDeps, tenantId: string, caseId: string): Promise<Versioned<BreachCase> | null> {
  const found = caseId ? await deps.cases.get(tenantId, caseId) : null;
  if (!found || found.value.tenantId !== tenantId) return null;
  if (activeIncident(found.value.work) === null) {
    // A listing left behind (a crash after the end): this reporter was the first to notice.
    await deps.incidents.sync(found.value).catch(() => undefined);
    return null;
  }
  return found;
}

export async function submitTiedReport(
  deps: ReportingDeps,
  ref: DraftRef,
  input: Record<string, unknown>,
  registeredUnitIds: readonly string[],
  incidentId: string,
): Promise<TiedResult> {
  const [incident, current] = await Promise.all([activeIncidentCase(deps, ref.tenantId, incidentId), deps.drafts.get(ref.tenantId, ref.reporterAadId)]);
  if (!current || current.value.draftId !== ref.draftId || current.value.stage === 'submitted') return duplicateOrStale(deps, ref, current);
  // The short form's values over the draft's (the reporter's name and mail from Teams stay).
  const values = pickReportValues(input, current.value.values);
  if (!incident) return { kind: 'incident_gone', values };
  const about: IncidentRef = { number: incident.value.number, title: activeIncident(incident.value.work)!.title };
  const now = deps.clock.now();
  const validation = validateTiedReport(values, now, registeredUnitIds, incident.value.report);
  const cprFound = REPORT_FIELDS.some((f) => mentionsCpr(values[f]));
  if (!validation.ok) {
    try {
      const etag = await deps.drafts.patch(ref.tenantId, ref.reporterAadId, { values, errors: validation.errors, stage: 'form', updatedAt: now.toISOString() }, ref.etag);
      return { kind: 'invalid', values, errors: validation.errors, etag, cprFound, incident: about };
    } catch (error) {
      if (error instanceof ConcurrencyError) return { kind: 'stale', current: await deps.drafts.get(ref.tenantId, ref.reporterAadId) };
      throw error;
    }
  }

  // Claimed with its number before the case exists (the ETag the card carries): a second press fails here.
  const year = instantToCopenhagenParts(now).year;
  const number = formatCaseNumber(year, await deps.numbers.next(ref.tenantId, year));
  let claimed: Draft;
  try {
    claimed = (await deps.drafts.replace({ ...current.value, stage: 'submitted', caseNumber: number, values, errors: {}, updatedAt: now.toISOString() }, ref.etag)).value;
  } catch (error) {
    if (error instanceof ConcurrencyError) return duplicateOrStale(deps, ref, await deps.drafts.get(ref.tenantId, ref.reporterAadId));
    throw error;
  }

  const scheduleKey = await deps.schedule.put(ref.tenantId, claimed.draftId, now);
  const at = now.toISOString();
  const breachCase = openCase({
    id: claimed.draftId,
    tenantId: ref.tenantId,
    number,
    at: now,
    reporter: claimed.reporter,
    reporterAddress: claimed.address,
    reporterLocale: claimed.locale,
    report: validation.report,
    values,
    scheduleKey,
    tiedTo: { caseNumber: about.number, link: linkItem(about.number, at, { token: randomUUID(), until: new Date(now.getTime() + LINK_LEASE_MS).toISOString() }) },
  });
  if ((await deps.cases.create(breachCase)) === 'exists') return duplicateOrStale(deps, ref, null);
  await deps.audit.append({
    at,
    tenantId: ref.tenantId,
    actorAadId: claimed.reporter.aadObjectId,
    actorName: claimed.reporter.name,
    action: 'case.create',
    caseId: breachCase.id,
    outcome: 'allowed',
    detail: `${number} → ${about.number}`,
  });
  return { kind: 'created', breachCase, incident: about };
}

async function duplicateOrStale(deps: ReportingDeps, ref: DraftRef, current: Versioned<Draft> | null): Promise<TiedResult> {
  const existing = await deps.cases.get(ref.tenantId, ref.draftId);
  if (existing && existing.value.reporter.aadObjectId === ref.reporterAadId && existing.value.work.linkedTo !== null) {
    const incident = await deps.cases.findByNumber(ref.tenantId, existing.value.work.linkedTo);
    const title = incident?.value.work.incident?.title ?? '';
    const incidentRef = { number: existing.value.work.linkedTo, title };
    return { kind: 'duplicate', breachCase: existing.value, incident: incidentRef, sameSending: isSameSending(existing.value, ref.reporterAadId, deps.clock.now()) };
  }
  return { kind: 'stale', current };
}
