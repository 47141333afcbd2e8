/**
 * A coordinator's action on the case card, as a table of contents: authorize → change → audit → deliver.
 * The rules are the case's (src/domain/decide.ts): the change and everything Teams is to be told are one
 * next state, claimed by this action's token in the SAME write, so a crash, a Teams outage or a second
 * instance can delay an effect but never lose or double it. The person who pressed the button gets the
 * new card in the invoke answer; the rest leaves by the one delivery path, off the request.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { formatCaseNumber, parseCaseNumber, type BreachCase } from '../domain/case';
import type { CaseCommand, CommandResult, DomainError, WorkEvent } from '../domain/caseWork';
import { decide } from '../domain/decide';
import { coverage } from '../domain/outbox';
import { mayOpen } from '../domain/visibility';
import { audit, authorize, seatOf, type CaseActor, type Refusal } from './caseAccess';
import { changeCase, ContendedError } from './changeCase';
import type { CoordinationDeps } from './coordinationDeps';
import { deliverSoon } from './deliverOutbox';
import { countRepeats } from './countRepeats';
import { noteWritten, recentlyWritten, writtenSince } from './writtenCases';
import { SWEEP_DEFAULTS } from './sweepReminders';

export { audit, authorize, type CaseActor, type Refusal } from './caseAccess';

export type ActResult =
  | { kind: 'done'; breachCase: BreachCase; events: WorkEvent[] }
  | { kind: 'rejected'; breachCase: BreachCase; error: DomainError }
  | { kind: 'refused'; reason: Refusal }
  /** Others kept writing the case through every attempt (CONFLICT_POLICY): nothing changed, try again. */
  | { kind: 'contended' }
  | { kind: 'not_found' };

/** How old a remembered version may be to save the read (older ones more likely meet a 412). */
const HINT_MAX_AGE_MS = 60_000;

export async function actOnCase(
  deps: CoordinationDeps,
  tenantId: string,
  caseId: string,
  actor: CaseActor,
  command: CaseCommand,
  leaseMs = SWEEP_DEFAULTS.leaseMs,
): Promise<ActResult> {
  // Teams is asked for the live membership while the case is read (one round trip, not two); which
  // team may act is decided from the case once it is read.
  const membership = actor.roster.isMember(actor.teamId, actor.person);
  membership.catch(() => undefined); // awaited in authorize when the seat may see the case; never unhandled
  // The version this instance wrote last saves the read; a refusal drawn from it is checked on a fresh read.
  const hint = recentlyWritten(deps, tenantId, caseId, HINT_MAX_AGE_MS);
  let found = hint ?? (await deps.cases.get(tenantId, caseId));
  if (!found) return { kind: 'not_found' };
  const readAt = performance.now();
  const now = deps.clock.now();
  // A due-index row the change will need is written beside the roster look-up, so it costs no time.
  const early = retryRowFor(deps, found.value, now, leaseMs);
  // An assessment counts the repeats again (issue 18 part 4), and so does the answer to a supplier question
  // the reporter left open (the supplier is named only now): beside the roster look-up too; never fails.
  const recount =
    command.type === 'assess'
      ? found.value
      : command.type === 'answerSupplier' && command.involved === 'yes'
        ? { ...found.value, report: { ...found.value.report, supplierInvolved: 'yes' as const, supplierName: typeof command.name === 'string' ? command.name : '' } }
        : null;
  const repeats = recount && deps.repeats ? countRepeats(deps.repeats, recount, now) : undefined;

  // 1. Authorize (the visibility policy and the live roster); a link also needs the target in sight.
  let access = await authorize(deps, found.value, actor, membership, command.type);
  if (access !== 'ok' && hint) {
    found = await deps.cases.get(tenantId, caseId);
    if (!found) return { kind: 'not_found' };
    access = await authorize(deps, found.value, actor, undefined, command.type);
  }
  if (access !== 'ok') {
    await audit(deps, found.value, actor.person, `case.${command.type}`, 'refused', access);
    return { kind: 'refused', reason: access };
  }
  // Routing a case to units is the central group's (issue 17): from the central channel only.
  if (command.type === 'route' && !(await seatOf(deps, tenantId, actor.teamId)).central) {
    await audit(deps, found.value, actor.person, 'case.route', 'refused', 'central_only');
    return { kind: 'refused', reason: 'central_only' };
  }
  const hidden = command.type === 'link' ? await linkTargetHidden(deps, found.value, command.toCaseNumber, actor) : null;
  if (hidden) {
    await audit(deps, found.value, actor.person, 'case.link', 'refused', 'link_not_visible');
    return { kind: 'rejected', breachCase: found.value, error: hidden };
  }

  // 2. Change: the case decides; the one ETag policy retries on a newer version.
  const token = randomUUID();
  let row = await early;
  let outcome: { saved: { value: BreachCase; etag: string }; result: CommandResult; written: boolean } | null;
  try {
    const first = writtenSince(deps, found.value, readAt) ?? found;
    const attempt = (known?: typeof first) =>
      changeCase(deps.cases, tenantId, caseId, async (c) => {
        const plan = coverage(c.schedule, keyDueAt(deps, c), now, leaseMs);
        if ('needsRowAt' in plan && !row) row = await putRetryRow(deps, c, plan.needsRowAt);
        const until = 'lease' in plan ? plan.lease : row!.at;
        const decided = decide(c, command, actor.person, now, { token, until }, deps.policy);
        const snapshot = decided.next && decided.result.ok ? await repeats : undefined;
        const decision = snapshot ? { ...decided, next: { ...decided.next!, repeats: snapshot } } : decided;
        if (!decision.next || 'lease' in plan) return { next: decision.next, result: decision.result };
        return { next: { ...decision.next, schedule: { ...decision.next.schedule, retryKey: row!.key, retryAt: row!.at } }, result: decision.result };
      }, known);
    outcome = await attempt(first);
    // Nothing written from a remembered version: it may be stale. Decide again on a fresh read.
    if (outcome && !outcome.written && hint) outcome = await attempt();
  } catch (error) {
    if (!(error instanceof ContendedError)) throw error;
    await audit(deps, found.value, actor.person, `case.${command.type}`, 'refused', 'contended');
    return { kind: 'contended' };
  }
  if (!outcome) return { kind: 'not_found' };
  const { saved, result } = outcome;

  // 3. Audit, in words a DPO can read (the refusal's code is the detail).
  if (!result.ok) {
    await audit(deps, saved.value, actor.person, `case.${command.type}`, 'allowed', `rejected:${result.error}`);
    return { kind: 'rejected', breachCase: saved.value, error: result };
  }
  await audit(deps, saved.value, actor.person, `case.${command.type}`, 'allowed');

  // 4. Deliver: the button's presser has the card now; the rest leaves by the one path, off the request.
  if (outcome.written) {
    noteWritten(deps, saved);
    // The report form's question follows the case: listed while its incident is active (see ports).
    if (saved.value.work.incident !== null) await syncIncidentListing(deps, saved.value);
    deps.defer(() => deliverSoon(deps, saved, token));
  }
  return { kind: 'done', breachCase: saved.value, events: result.events };
}

/**
 * Linking is allowed only to a case the linker may see (the visibility policy): otherwise a coordinator
 * could pull another unit's case, and its closing feedback, into a report of their own (issue 16,
 * finding 1). One answer for "no such case" and "not yours", so the refusal tells nothing.
 */
async function linkTargetHidden(deps: CoordinationDeps, c: BreachCase, toCaseNumber: string, actor: CaseActor): Promise<DomainError | null> {
  const parsed = parseCaseNumber(typeof toCaseNumber === 'string' ? toCaseNumber : '');
  // A malformed number is the domain's to refuse, with its own message.
  if (!parsed) return null;
  const number = formatCaseNumber(parsed.year, parsed.sequence);
  if (number === c.number) return null;
  const target = await deps.cases.findByNumber(c.tenantId, number);
  if (target && target.value.tenantId === c.tenantId && mayOpen(target.value, await seatOf(deps, c.tenantId, actor.teamId))) return null;
  return { ok: false, error: 'link_not_visible', field: 'toCaseNumber' };
}

interface RetryRow {
  key: string;
  at: string;
}

/** The due-index row a change of `c` will need, written now (before the change), or undefined. */
async function retryRowFor(deps: CoordinationDeps, c: BreachCase, now: Date, leaseMs: number): Promise<RetryRow | undefined> {
  const plan = coverage(c.schedule, keyDueAt(deps, c), now, leaseMs);
  return 'needsRowAt' in plan ? putRetryRow(deps, c, plan.needsRowAt) : undefined;
}

async function putRetryRow(deps: CoordinationDeps, c: BreachCase, at: Date): Promise<RetryRow> {
  return { key: await deps.schedule.put(c.tenantId, c.id, at), at: at.toISOString() };
}

/** When the case's due-index row is due: recorded by reschedule; the first row is written at the report's time. */
function keyDueAt(deps: CoordinationDeps, c: BreachCase): string | undefined {
  const schedule = c.schedule;
  if (!schedule.key) return undefined;
  if (schedule.dueAt) return schedule.dueAt;
  return schedule.key === deps.schedule.keyFor(c.tenantId, c.id, new Date(c.reportedAt)) ? c.reportedAt : undefined;
}

/**
 * A failed listing write must not fail an action that is stored: it is logged, and the next change of
 * the case (or a reporter's tie, which re-checks the case) brings the listing in line.
 */
async function syncIncidentListing(deps: CoordinationDeps, c: BreachCase): Promise<void> {
  try {
    await deps.incidents.sync(c);
  } catch (error) {
    deps.log.error('incident.listing.failed', error, { case: c.number });
  }
}
