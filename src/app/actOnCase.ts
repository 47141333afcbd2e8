import { randomUUID } from 'node:crypto';
import type { BreachCase, OutboxItem, Person } from '../domain/case';
import { applyCommand, workContext, type CaseCommand, type CommandResult, type DomainError, type WorkEvent } from '../domain/caseWork';
import { claimDue, coverage, queueAnnouncements, type Claim } from '../domain/outbox';
import { reminderSlots } from '../domain/reminders';
import type { CoordinationDeps } from './coordinationDeps';
import { deliverSoon, noteWritten, recentlyWritten, writtenSince } from './deliverOutbox';
import { performance } from 'node:perf_hooks';
import { CENTRAL_UNIT_ID, RosterUnavailableError, type Roster } from './ports';
import { SWEEP_DEFAULTS } from './sweepReminders';
import { linkItem } from './linkReports';
import { updateCase } from './updateCase';

export interface CaseActor {
  person: Person;
  /** The team the action came from (the channel card's team). */
  teamId: string;
  roster: Roster;
}

export type ActResult =
  | { kind: 'done'; breachCase: BreachCase; events: WorkEvent[] }
  | { kind: 'rejected'; breachCase: BreachCase; error: DomainError }
  | { kind: 'refused'; reason: Refusal }
  | { kind: 'not_found' };

/**
 * Least privilege (Copenhagen, Gladsaxe): a case is worked from one of its own channels or the central
 * channel, by someone who is a member of that team right now, asked through the live roster.
 */
/** Why an actor was refused; `roster_unavailable`: Teams could not be asked (refused, never granted on doubt). */
export type Refusal = 'not_member' | 'wrong_team' | 'roster_unavailable';

export async function authorize(deps: CoordinationDeps, breachCase: BreachCase, actor: CaseActor, membership?: Promise<boolean>): Promise<'ok' | Refusal> {
  const central = await deps.units.get(breachCase.tenantId, CENTRAL_UNIT_ID);
  const teams = new Set(breachCase.posts.map((p) => p.channel.teamId));
  if (central) teams.add(central.channel.teamId);
  if (!teams.has(actor.teamId)) return 'wrong_team';
  try {
    return (await (membership ?? actor.roster.isMember(actor.teamId, actor.person))) ? 'ok' : 'not_member';
  } catch (error) {
    if (error instanceof RosterUnavailableError) return 'roster_unavailable';
    throw error;
  }
}

export async function audit(deps: CoordinationDeps, breachCase: BreachCase, actor: Person, action: string, outcome: 'allowed' | 'refused', detail?: string) {
  await deps.audit.append({
    at: deps.clock.now().toISOString(),
    tenantId: breachCase.tenantId,
    actorAadId: actor.aadObjectId,
    actorName: actor.name,
    action,
    caseId: breachCase.id,
    outcome,
    detail,
  });
}

/**
 * A coordinator's action on the case card: authorize, apply the domain command under the case's ETag,
 * audit, then bring every copy of the card, the thread and the reporter up to date.
 *
 * Everything Teams is to be told (the channel copies of the card, a thread line per timeline entry, the
 * reporter's message, reminders now due) is queued in the case's outbox and claimed in the SAME write as
 * the change, so a crash, a Teams outage or a second instance can delay it but never lose or double it.
 * The person who pressed the button gets the new card in the invoke answer; the rest is delivered right
 * after (deferred), and what Teams refuses then is retried by a later sweep from any instance.
 */
export async function actOnCase(
  deps: CoordinationDeps,
  tenantId: string,
  caseId: string,
  actor: CaseActor,
  command: CaseCommand,
  leaseMs = SWEEP_DEFAULTS.leaseMs,
): Promise<ActResult> {
  // The version this instance wrote last (its previous action or delivery) saves the read; the write
  // is conditional on its ETag, and a refusal or rejection drawn from it is checked on a fresh read.
  const hint = recentlyWritten(deps, tenantId, caseId, HINT_MAX_AGE_MS);
  // The roster answer does not depend on the case: Teams is asked while the case is read, side by side
  // (one round trip instead of two). It is still the live membership at the moment of the action; which
  // team may act is decided from the case once it is read. (A refusal never waits for it: see authorize.)
  const membership = actor.roster.isMember(actor.teamId, actor.person);
  membership.catch(() => undefined); // awaited in authorize when the team is one of the case's; never unhandled
  let found = hint ?? (await deps.cases.get(tenantId, caseId));
  if (!found) return { kind: 'not_found' };
  let readAt = performance.now();
  const now = deps.clock.now();
  // The row that brings the case back if the delivery dies is written before the change that needs it
  // (findable by construction), alongside the roster look-up so it costs no time.
  const plan = coverage(found.value.schedule, keyDueAt(deps, found.value), now, leaseMs);
  let [access, early] = await Promise.all([authorize(deps, found.value, actor, membership), 'needsRowAt' in plan ? putRetryRow(deps, found.value, plan.needsRowAt) : undefined]);
  if (access !== 'ok' && hint) {
    found = await deps.cases.get(tenantId, caseId);
    if (!found) return { kind: 'not_found' };
    readAt = performance.now();
    access = await authorize(deps, found.value, actor);
  }
  if (access !== 'ok') {
    await audit(deps, found.value, actor.person, `case.${command.type}`, 'refused', access);
    return { kind: 'refused', reason: access };
  }

  const token = randomUUID();
  let retryRow = early;
  let outcome: Awaited<ReturnType<typeof updateCase<Applied>>> = null;
  let fromHint = hint !== undefined;
  for (let attempt = 0; attempt < 4; attempt++) {
    const row = retryRow;
    // A delivery of this instance may have written the case since it was read: start from that version.
    const known = attempt === 0 ? (writtenSince(deps, found.value, readAt) ?? found) : undefined;
    outcome = await updateCase<Applied>(deps.cases, tenantId, caseId, (c) => applyAndQueue(deps, c, actor, command, now, token, leaseMs, row), known);
    const applied = outcome?.result.command;
    if (fromHint && applied && (!applied.ok || applied.events.length === 0)) {
      // Nothing written: the remembered version may be stale. Decide on a fresh read.
      fromHint = false;
      continue;
    }
    const needs = outcome?.result.needsRowAt;
    if (!needs) break;
    retryRow = await putRetryRow(deps, found.value, needs);
  }
  if (!outcome?.saved || outcome.result.needsRowAt) return { kind: 'not_found' };
  const saved = outcome.saved;
  if (outcome.result.command?.ok && outcome.result.command.events.length > 0) noteWritten(deps, saved);
  const result = outcome.result.command!;
  const breachCase = saved.value;
  if (!result.ok) {
    await audit(deps, breachCase, actor.person, `case.${command.type}`, 'allowed', `rejected:${result.error}`);
    return { kind: 'rejected', breachCase, error: result };
  }
  await audit(deps, breachCase, actor.person, `case.${command.type}`, 'allowed');
  if (result.events.length > 0) {
    // The report form's question follows the case: listed while its incident is active (see ports).
    if (breachCase.work.incident !== null) await syncIncidentListing(deps, breachCase);
    // The person who pressed the button gets the new card now; Teams is told after, off the request.
    deps.defer(() => deliverSoon(deps, saved, token));
  }
  return { kind: 'done', breachCase, events: result.events };
}

/** How old a remembered version may be to save the read (older ones more likely meet a 412). */
const HINT_MAX_AGE_MS = 60_000;

interface Applied {
  command?: CommandResult;
  /** The case's due-index rows would bring it back too late: write a retry row, then try again. */
  needsRowAt?: Date;
}

/** The change and everything it owes Teams, claimed by `token`, as one next state of the case. */
function applyAndQueue(
  deps: CoordinationDeps,
  c: BreachCase,
  actor: CaseActor,
  command: CaseCommand,
  now: Date,
  token: string,
  leaseMs: number,
  row: RetryRow | undefined,
): { next: BreachCase | null; result: Applied } {
  const result = applyCommand(c.work, command, actor.person, now, workContext(c));
  if (!result.ok || result.events.length === 0) return { next: null, result: { command: result } };
  const schedule = c.schedule;
  const plan = coverage(schedule, keyDueAt(deps, c), now, leaseMs);
  let lease: string;
  let next: BreachCase = { ...c, work: result.work, status: result.status };
  if ('lease' in plan) lease = plan.lease;
  else if (row) {
    lease = row.at;
    next = { ...next, schedule: { ...schedule, retryKey: row.key, retryAt: row.at } };
  } else return { next: null, result: { needsRowAt: plan.needsRowAt } };
  const claim: Claim = { token, until: lease };

  if (command.type === 'setAware') {
    // The deadline moved: its reminders that now lie ahead must fire again at their new times.
    const ahead = new Set(reminderSlots(next, now, deps.policy).filter((s) => s.at > now).map((s) => s.id));
    next = { ...next, schedule: { ...next.schedule, sent: next.schedule.sent.filter((id) => !ahead.has(id)) } };
  }
  const timeline = result.events.flatMap((event) => (event.type === 'recorded' ? [event.entry] : []));
  next = queueAnnouncements(next, timeline, claim, now).next;
  const messages = reporterMessages(next, command, result.events, now, claim);
  // The other case learns that this report belongs to it (its card counts it, its close tells this
  // reporter), through the outbox like every side effect: delayed by a failure, never lost.
  if (command.type === 'link' && next.work.linkedTo !== null) messages.push(linkItem(next.work.linkedTo, now.toISOString(), claim));
  if (messages.length > 0) {
    const s = next.schedule;
    next = { ...next, schedule: { ...s, outbox: [...s.outbox, ...messages] } };
  }
  // Reminders due now (an earlier awareAt brings them forward) and items whose holder died go along.
  next = claimDue(next, now, deps.policy, claim)?.next ?? next;
  return { next, result: { command: result } };
}

interface RetryRow {
  key: string;
  at: string;
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

/** What the reporter is told, queued in the case's outbox in the same write as the change. */
function reporterMessages(c: BreachCase, command: CaseCommand, events: WorkEvent[], now: Date, claim: Claim): OutboxItem[] {
  const at = now.toISOString();
  const item = (id: string, kind: string, detail?: string): OutboxItem => ({
    id: `${id}@${at}`,
    kind,
    target: 'reporter',
    at,
    detail,
    leaseUntil: claim.until,
    claim: claim.token,
    attempts: 1,
  });
  const items: OutboxItem[] = [];
  for (const event of events) {
    if (event.type === 'status_changed' && event.from === 'new' && event.to === 'acknowledged' && c.work.owner) {
      items.push(item('reporter:ack', 'reporter_acknowledged', c.work.owner.name));
    }
    if (event.type === 'status_changed' && event.to === 'closed') {
      items.push(item('reporter:closed', 'reporter_closed'));
      // One incident, many reports: every linked report's reporter hears back too, through one item that
      // walks the list (deliverOutbox.ts), so an incident of thousands does not hold thousands of items.
      if (c.linkedFrom.length > 0) items.push({ ...item('reporter:closed-linked', 'reporter_closed_linked'), cursor: 0 });
    }
  }
  if (command.type === 'link' && events.length > 0) items.push(item('reporter:linked', 'reporter_linked', c.work.linkedTo ?? command.toCaseNumber));
  return items;
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
