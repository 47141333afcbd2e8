import type { BreachCase, ConversationAddress, Locale, Person } from '../domain/case';
import type { ReportValues } from '../domain/report';
import { formatCaseNumber, openCase } from '../domain/case';
import { instantToCopenhagenParts } from '../domain/copenhagenTime';
import { validateReport } from '../domain/reportValidation';
import { isSameSending } from '../domain/sameSending';
import { managerOf } from '../domain/nearestManager';
import type { ReportingDeps } from './deps';
import { countRepeats } from './countRepeats';
import { ConcurrencyError, type Draft, type Versioned } from './ports';
import type { DraftRef } from './submitReportForm';

export type ConfirmResult =
  | { kind: 'created'; breachCase: BreachCase }
  /**
   * The same confirm arrived again (double tap, Teams retry, an old card pressed later): the first case, never
   * a second. `sameSending`: moments after the case was made by the same reporter (src/domain/sameSending.ts),
   * so the person gets the normal receipt; a later press is told the report was already received.
   */
  | { kind: 'duplicate'; breachCase: BreachCase; sameSending: boolean }
  /** Values no longer pass validation (e.g. the unit was unregistered meanwhile): back to the form. */
  | { kind: 'invalid'; draft: Versioned<Draft> }
  | { kind: 'stale'; current: Versioned<Draft> | null };


/**
 * The reporter pressed "send": the draft becomes a case with a human number.
 *
 * Two steps, each safe to repeat: (1) claim the draft with its ETag, writing the number into it;
 * (2) create the case whose id is the draft id. A second confirm, a Teams retry or a crash between
 * the steps all end in step 2 with the same id and number, so one case exists, never two, never none.
 */
export async function confirmReport(
  deps: ReportingDeps,
  ref: DraftRef,
  registeredUnitIds: readonly string[],
  fromCard?: CardConfirmation,
): Promise<ConfirmResult> {
  if (fromCard) {
    const fast = await claimFromCard(deps, ref, registeredUnitIds, fromCard);
    if (fast) return fast;
  }
  let current = await deps.drafts.get(ref.tenantId, ref.reporterAadId);
  if (!current || current.value.draftId !== ref.draftId) return duplicateOrStale(deps, ref, current);
  if (current.value.stage === 'form') return { kind: 'stale', current };

  if (current.value.stage === 'summary') {
    const claimed = await claim(deps, current, registeredUnitIds);
    if (claimed.kind === 'invalid') return claimed;
    current = claimed.draft;
    if (!current || current.value.draftId !== ref.draftId || current.value.stage !== 'submitted') {
      return duplicateOrStale(deps, ref, current);
    }
  }
  return createCase(deps, current.value);
}

/** What the summary card carries: the values it showed, and who pressed "send" where. */
export interface CardConfirmation {
  values: ReportValues;
  reporter: Person;
  address: ConversationAddress;
  locale: Locale;
}

/**
 * The common path without reading the draft: the summary card carries the values it showed and the
 * ETag of the draft it was drawn from. The claim succeeds only if the draft is still exactly that
 * draft, so the values are the stored ones; the reporter can only ever send their own report.
 * Anything unusual (edited elsewhere, a second press, invalid meanwhile) returns null: the read path decides.
 */
async function claimFromCard(deps: ReportingDeps, ref: DraftRef, registeredUnitIds: readonly string[], card: CardConfirmation): Promise<ConfirmResult | null> {
  if (!ref.etag || card.reporter.aadObjectId !== ref.reporterAadId) return null;
  const now = deps.clock.now();
  if (!validateReport(card.values, now, registeredUnitIds).ok) return null;
  // Masked text by type: the values came through pickReportValues at the gate.
  const values = card.values;
  const draft: Draft = {
    tenantId: ref.tenantId,
    reporterAadId: ref.reporterAadId,
    draftId: ref.draftId,
    stage: 'submitted',
    values,
    errors: {},
    locale: card.locale,
    reporter: card.reporter,
    address: card.address,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  // Claimed before a number is taken: a second press fails here and wastes no number.
  let saved: Versioned<Draft>;
  try {
    saved = await deps.drafts.replace(draft, ref.etag);
  } catch (error) {
    if (error instanceof ConcurrencyError) return null;
    throw error;
  }
  // Just claimed from a summary-stage draft: no case with this id can exist yet.
  return createCase(deps, saved.value, true);
}


async function claim(
  deps: ReportingDeps,
  current: Versioned<Draft>,
  registeredUnitIds: readonly string[],
): Promise<{ kind: 'claimed'; draft: Versioned<Draft> | null } | { kind: 'invalid'; draft: Versioned<Draft> }> {
  const draft = current.value;
  const now = deps.clock.now();
  const validation = validateReport(draft.values, now, registeredUnitIds);
  if (!validation.ok) {
    const saved = await deps.drafts.replace({ ...draft, stage: 'form', errors: validation.errors, updatedAt: now.toISOString() }, current.etag);
    return { kind: 'invalid', draft: saved };
  }
  const year = instantToCopenhagenParts(now).year;
  const number = formatCaseNumber(year, await deps.numbers.next(draft.tenantId, year));
  const values = draft.values;
  try {
    const saved = await deps.drafts.replace(
      { ...draft, stage: 'submitted', caseNumber: number, values, errors: {}, updatedAt: now.toISOString() },
      current.etag,
    );
    return { kind: 'claimed', draft: saved };
  } catch (error) {
    // Someone else (the same confirm delivered twice) claimed it first; their number wins.
    if (error instanceof ConcurrencyError) return { kind: 'claimed', draft: await deps.drafts.get(draft.tenantId, draft.reporterAadId) };
    throw error;
  }
}

async function createCase(deps: ReportingDeps, draft: Draft, justClaimed = false): Promise<ConfirmResult> {
  const now = deps.clock.now();
  // The stored values are already masked and were valid when claimed; units are not re-checked here.
  const validation = validateReport(draft.values, now, []);
  if (!validation.ok) throw new Error('a claimed draft must be complete');
  let number = draft.caseNumber;
  if (!number) {
    // Claimed without a number (the card path): a repeat finds the case; otherwise take a number now.
    // Only a crash or a true race can leave a number unused; numbers are unique, not gap-free.
    if (!justClaimed) {
      const existing = await deps.cases.get(draft.tenantId, draft.draftId);
      if (existing) return found(existing.value, draft.reporterAadId, now);
    }
    const year = instantToCopenhagenParts(now).year;
    number = formatCaseNumber(year, await deps.numbers.next(draft.tenantId, year));
  }
  // The due-index row is written before the case exists: a crash in between leaves a stale row the
  // sweep drops, never a case the sweep cannot find. Due at once, so the first sweep plans its reminders.
  // The repeat counts (issue 18 part 4) are asked beside the due-index write: no time added to the turn.
  const repeats = deps.repeats ? countRepeats(deps.repeats, { id: draft.draftId, tenantId: draft.tenantId, report: validation.report }, now) : undefined;
  const scheduleKey = await deps.schedule.put(draft.tenantId, draft.draftId, now);
  const opened = openCase({
    id: draft.draftId,
    tenantId: draft.tenantId,
    number,
    at: now,
    reporter: draft.reporter,
    reporterAddress: draft.address,
    reporterLocale: draft.locale,
    report: validation.report,
    values: draft.values,
    scheduleKey,
  });
  const snapshot = await repeats;
  const breachCase = snapshot ? { ...opened, repeats: snapshot } : opened;
  const outcome = await deps.cases.create(breachCase);
  if (outcome === 'exists') {
    const existing = await deps.cases.get(draft.tenantId, draft.draftId);
    if (!existing) throw new Error('case reported as existing but not found');
    return found(existing.value, draft.reporterAadId, now);
  }
  // The manager is remembered beside the audit row (issue 18): one round trip, not two.
  await Promise.all([
    deps.audit.append({
      at: now.toISOString(),
      tenantId: breachCase.tenantId,
      actorAadId: breachCase.reporter.aadObjectId,
      actorName: breachCase.reporter.name,
      action: 'case.create',
      caseId: breachCase.id,
      outcome: 'allowed',
      detail: breachCase.number,
    }),
    rememberReporter(deps, breachCase),
  ]);
  return { kind: 'created', breachCase };
}

/**
 * Issue 18: the manager the reporter named is remembered on their own row of the people directory, which
 * exists while they have the app (written by Teams' install event, removed by the uninstall), for the next
 * form; none named forgets it. No row is made because of a report: a reporter's identity must not outlive
 * their case's retention in a table of its own (test/e2e/oneCasePolicy.test.ts, finding 5). Without a row,
 * the last draft carries it over (src/app/startReport.ts, as title and department). Retention forgets it
 * with the report that named it (src/app/deliverOutbox.ts, the 'record' item). A convenience: a
 * failure here must not fail a report that is already a case.
 */
async function rememberReporter(deps: ReportingDeps, c: BreachCase): Promise<void> {
  await deps.people?.rememberManager(c.tenantId, c.reporter.aadObjectId, managerOf(c) ?? null, c.reportedAt).catch(() => undefined);
}

async function duplicateOrStale(deps: ReportingDeps, ref: DraftRef, current: Versioned<Draft> | null): Promise<ConfirmResult> {
  const existing = await deps.cases.get(ref.tenantId, ref.draftId);
  if (existing && existing.value.reporter.aadObjectId === ref.reporterAadId) return found(existing.value, ref.reporterAadId, deps.clock.now());
  return { kind: 'stale', current };
}

/** A press that found its case already made: the same sending reads as made, a later press as a repeat. */
function found(breachCase: BreachCase, reporterAadId: string, now: Date): ConfirmResult {
  return { kind: 'duplicate', breachCase, sameSending: isSameSending(breachCase, reporterAadId, now) };
}
