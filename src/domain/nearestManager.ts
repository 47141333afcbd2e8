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
  if (c.manager?.unreachableAt) return 'unreachable';
  if (c.manager?.receivedAt) return 'told';
  return 'pending';
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

/** The close owes the manager their second message, unless they could not be reached (the reporter was asked). */
export function managerItemsOnClose(c: BreachCase, events: readonly WorkEvent[], now: Date, claim?: Claim): OutboxItem[] {
  if (!managerOf(c) || c.manager?.unreachableAt) return [];
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
