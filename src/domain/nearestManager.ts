/**
 * The nearest manager (issue 18, part 1): the Ishøj procedure's first instruction to an employee is «Du
 * skal kontakte nærmeste leder», and its promise back is that the coordinator tells «dig og din leder»
 * when the breach is handled. The report names the manager (Teams' people picker gives their AAD object
 * id; a mail address typed by hand is the fallback where the picker fails); the manager is told, in their
 * own 1:1 chat with the bot, exactly twice: when the report is received and when the case is closed. What
 * they see is the visibility policy's (src/domain/visibility.ts, managerView). Pure: no I/O, no clock.
 *
 * Decisions where the issue is silent:
 * - The field is optional. The procedure asks the employee to contact their manager themself anyway, and
 *   a report must never stall on a question the reporter cannot answer (a substitute, a new employee):
 *   without a manager nobody is messaged, and the receipt reminds the reporter to tell their manager.
 * - Picked and typed both given: the typed mail wins. Typing is deliberate, and the picker may hold a
 *   value prefilled from the last report that some clients cannot show or clear (iOS: msteams-docs #10472).
 * - Reachability is decided when the first message is delivered (the receipt): a manager the bot cannot
 *   reach then is recorded as such, the coordinators' card says so and the reporter is asked, once, to tell
 *   the manager themself. The close is then not attempted (the reporter was already asked to).
 * - A manager told of the receipt counts as told, also when their close cannot be delivered (the app was
 *   removed meanwhile): that is recorded apart (`closeUnreachableAt`, and the audit), the reporter is not
 *   asked (they get the close themself, and the manager knows of the report).
 * - Exactly two messages in a case's life: a reopened and closed again case owes the manager nothing new.
 * - A manager item Teams keeps failing is given up after MAX_DELIVERY_ATTEMPTS like any other item (about
 *   12 hours; no exemption: a manager is not worth an outbox that grows for ever), but never silently: the
 *   write that drops it records the manager as unreachable for that message, and where the manager had been
 *   told nothing, the reporter is asked to tell them (giveUpManagerItems).
 */
import type { BreachCase, OutboxItem } from './case';
import type { WorkEvent } from './caseWork';
import type { Claim } from './outbox';
import type { FieldErrors, ReportValues } from './report';

/** Who the reporter named: an AAD object id (picked), a mail (typed), or both. */
export interface ManagerRef {
  /** From the people picker (`graph.microsoft.com/users`): the Entra object id; '' when typed only. */
  aadObjectId: string;
  /** Typed by hand, lower-cased; '' when picked only. */
  email: string;
}

/** What became of telling the manager, on the case (absent on cases stored before, and on cases without a manager). */
export interface ManagerNotice {
  /** When the manager was told of the receipt. */
  receivedAt?: string;
  /** When the manager was told the case was closed. */
  closedAt?: string;
  /** When the bot found it could not reach the manager (and asked the reporter to tell them). */
  unreachableAt?: string;
  /** When the close could not be delivered to a manager told of the receipt (still «told»; the reporter is not asked). */
  closeUnreachableAt?: string;
}

/** The register's answer: «Nærmeste leder orienteret: ja/nej/kunne ikke nås» (and «ikke oplyst»). */
export type ManagerStatus = 'not_named' | 'pending' | 'told' | 'unreachable';

export const MANAGER_EMAIL_MAX = 254;
/** The picker's one static choice when nothing is remembered («Ingen valgt»): the same as no answer. */
export const NO_MANAGER = 'none';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** An Entra object id is a GUID; anything else from the picker field is not a person. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The manager fields of the form, checked on the server; errors go beside the fields (`managerId`,
 * `managerEmail`). Neither given is allowed (see the header). Returns the reference, or undefined.
 */
export function validateManager(values: Pick<ReportValues, 'managerId' | 'managerEmail'>, errors: FieldErrors): ManagerRef | undefined {
  const picked = values.managerId.trim();
  const id = picked === NO_MANAGER ? '' : picked;
  const mail = values.managerEmail.trim();
  if (id && !GUID.test(id)) errors.managerId = { code: 'invalidChoice' };
  if (mail.length > MANAGER_EMAIL_MAX) errors.managerEmail = { code: 'tooLong', limit: MANAGER_EMAIL_MAX };
  else if (mail && !EMAIL.test(mail)) errors.managerEmail = { code: 'invalidEmail' };
  if (errors.managerId || errors.managerEmail) return undefined;
  if (!id && !mail) return undefined;
  // The typed mail wins over a picked id (see the header): one person, never two.
  return mail ? { aadObjectId: '', email: mail.toLowerCase() } : { aadObjectId: id.toLowerCase(), email: '' };
}

/** The case's manager reference, if any (retention erases it to '', older cases have none). */
export function managerOf(c: Pick<BreachCase, 'report'>): ManagerRef | undefined {
  const m = (c.report as { manager?: unknown }).manager;
  if (!m || typeof m !== 'object') return undefined;
  const ref = m as Partial<ManagerRef>;
  const aadObjectId = typeof ref.aadObjectId === 'string' ? ref.aadObjectId : '';
  const email = typeof ref.email === 'string' ? ref.email : '';
  return aadObjectId || email ? { aadObjectId, email } : undefined;
}

export function managerStatus(c: Pick<BreachCase, 'report' | 'manager'>): ManagerStatus {
  if (!managerOf(c)) return 'not_named';
  // Told of the receipt is told, whatever became of the close afterwards.
  if (c.manager?.receivedAt || c.manager?.closedAt) return 'told';
  if (c.manager?.unreachableAt) return 'unreachable';
  return 'pending';
}

/** Must a manager found unreachable now make the bot ask the reporter? Only while the manager knows nothing and nobody asked yet. */
export function mustAskReporter(c: Pick<BreachCase, 'manager'>): boolean {
  return !c.manager?.receivedAt && !c.manager?.closedAt && !c.manager?.unreachableAt;
}

export const MANAGER_RECEIVED = 'manager_received';
export const MANAGER_CLOSED = 'manager_closed';

/** The receipt item a new case with a manager owes (unclaimed: the dispatch or the sweep claims it). */
export function managerItemsOnOpen(c: Pick<BreachCase, 'report'>, at: string): OutboxItem[] {
  if (!managerOf(c)) return [];
  return [{ id: `manager:received@${at}`, kind: MANAGER_RECEIVED, target: 'manager', at, leaseUntil: at, attempts: 0 }];
}

/** Claims the case's manager items that are due, with the claim of the write that routes the case. */
export function claimManagerItems(c: BreachCase, now: Date, claim: Claim): { next: BreachCase; claimed: OutboxItem[] } {
  const at = now.toISOString();
  const claimed: OutboxItem[] = [];
  const outbox = c.schedule.outbox.map((i) => {
    if (i.target !== 'manager' || i.leaseUntil > at) return i;
    const taken = { ...i, claim: claim.token, leaseUntil: claim.until, attempts: i.attempts + 1 };
    claimed.push(taken);
    return taken;
  });
  return claimed.length === 0 ? { next: c, claimed } : { next: { ...c, schedule: { ...c.schedule, outbox } }, claimed };
}

/**
 * The close owes the manager their second message, once in the case's life: not when they could not be
 * reached (the reporter was asked), not when the close was told or tried already (a reopened case closed
 * again), and not while a close item waits in the outbox.
 */
export function managerItemsOnClose(c: BreachCase, events: readonly WorkEvent[], now: Date, claim?: Claim): OutboxItem[] {
  if (!managerOf(c)) return [];
  const m = c.manager;
  if (m?.unreachableAt || m?.closedAt || m?.closeUnreachableAt) return [];
  if (c.schedule.outbox.some((i) => i.target === 'manager' && i.kind === MANAGER_CLOSED)) return [];
  if (!events.some((e) => e.type === 'status_changed' && e.to === 'closed')) return [];
  const at = now.toISOString();
  return [{ id: `manager:closed@${at}`, kind: MANAGER_CLOSED, target: 'manager', at, leaseUntil: claim?.until ?? at, ...(claim ? { claim: claim.token } : {}), attempts: claim ? 1 : 0 }];
}

/** A linked report closed with its incident (src/app/linkReports.ts): its own manager is owed the close. */
export function managerItemsOnLinkedClose(c: BreachCase, now: Date): OutboxItem[] {
  return managerItemsOnClose(c, [{ type: 'status_changed', from: 'acknowledged', to: 'closed' } as WorkEvent], now);
}

export type ManagerOutcome = 'told' | 'unreachable';

/**
 * Records what telling the manager came to, in the write that records the delivery: the instants on the
 * case, and where the manager was found unreachable the first time, a refresh of the coordinators' cards
 * (which then say so). `refresh` is the caller's card refresh (outbox.ts queueCardRefresh).
 */
export function recordManagerOutcomes(
  c: BreachCase,
  delivered: readonly { id: string; manager?: ManagerOutcome }[],
  now: Date,
  refresh: (c: BreachCase) => BreachCase,
): BreachCase {
  let next = c;
  for (const d of delivered) {
    if (!d.manager) continue;
    const at = now.toISOString();
    const notice: ManagerNotice = { ...(next.manager ?? {}) };
    if (d.manager === 'unreachable') {
      // The close of a manager told of the receipt: recorded apart, the manager stays «told».
      if (d.id.startsWith('manager:closed') && notice.receivedAt) {
        if (notice.closeUnreachableAt) continue;
        next = { ...next, manager: { ...notice, closeUnreachableAt: at } };
        continue;
      }
      if (notice.unreachableAt) continue;
      notice.unreachableAt = at;
      next = refresh({ ...next, manager: notice });
      continue;
    }
    if (d.id.startsWith('manager:closed')) notice.closedAt ??= at;
    else notice.receivedAt ??= at;
    next = { ...next, manager: notice };
  }
  return next;
}

/** The reporter's message asking them to tell their manager themself, queued where a manager item was given up. */
export const REPORTER_TELL_MANAGER = 'reporter_tell_manager';

/**
 * Manager items given up after MAX_DELIVERY_ATTEMPTS (src/domain/outbox.ts, claimDue), recorded in the
 * write that drops them: as unreachable for that message (recordManagerOutcomes' rule, so the card and
 * the register say so), and where the manager had been told nothing and the reporter not asked yet, a
 * message asking the reporter to tell them, claimed by `claim` so the same delivery sends it.
 */
export function giveUpManagerItems(
  c: BreachCase,
  givenUp: readonly OutboxItem[],
  now: Date,
  claim: Claim,
  refresh: (c: BreachCase) => BreachCase,
): { next: BreachCase; claimed: OutboxItem[] } {
  const items = givenUp.filter((i) => i.target === 'manager');
  if (items.length === 0) return { next: c, claimed: [] };
  const ask = mustAskReporter(c) && managerOf(c) !== undefined && !c.anonymizedAt;
  let next = recordManagerOutcomes(c, items.map((i) => ({ id: i.id, manager: 'unreachable' as const })), now, refresh);
  if (!ask) return { next, claimed: [] };
  const at = now.toISOString();
  const item: OutboxItem = { id: `reporter:tell-manager@${at}`, kind: REPORTER_TELL_MANAGER, target: 'reporter', detail: items[0].kind, at, leaseUntil: claim.until, claim: claim.token, attempts: 1 };
  next = { ...next, schedule: { ...next.schedule, outbox: [...next.schedule.outbox, item] } };
  return { next, claimed: [item] };
}
