/**
 * Telling the reporter's nearest manager (issue 18), as an outbox item delivered by deliverOutbox.ts: the
 * receipt (`manager_received`) and the close (`manager_closed`). What the manager reads is the visibility
 * policy's (src/domain/visibility.ts, managerView); the words are src/i18n/managerTexts.ts.
 *
 * Reaching the manager: Teams lets a bot message only a person who has its app (README, "Installing the app
 * for everyone"). The manager is looked up in the people directory (everyone the app was installed for:
 * src/app/peopleDirectory.ts), by the picked Entra id or the typed mail (case-insensitive). A picked id not in
 * the directory is tried with Teams' create-conversation: Teams refuses it (403/404) when the app is not
 * installed for that person. A typed mail not in the directory cannot be tried: the bot has no Graph
 * permission to turn a mail into a person. Unreachable: the reporter is asked, once, to tell the manager
 * themself, and the case records it (the coordinators' card says so).
 */
import type { BreachCase, ConversationAddress, Locale, OutboxItem } from '../domain/case';
import { MANAGER_CLOSED, managerOf, mustAskReporter, type ManagerOutcome } from '../domain/nearestManager';
import { managerView } from '../domain/visibility';
import { managerMessageText, managerTexts } from '../i18n/managerTexts';
import type { CoordinationDeps } from './coordinationDeps';
import { CENTRAL_UNIT_ID, SYSTEM_ACTOR } from './ports';

interface Reached {
  aadObjectId: string;
  address: ConversationAddress;
  teamsUserId: string;
  locale: Locale;
}

/** Finds the manager's 1:1 chat, or null when they cannot be reached. Throws on a failure worth retrying. */
async function reach(deps: CoordinationDeps, c: BreachCase): Promise<Reached | null> {
  const ref = managerOf(c);
  if (!ref) return null;
  const people = deps.people;
  const found = people ? (ref.aadObjectId ? await people.get(c.tenantId, ref.aadObjectId) : await people.findByMail(c.tenantId, ref.email)) : null;
  if (found?.address) return { aadObjectId: found.aadObjectId, address: found.address, teamsUserId: found.teamsUserId, locale: found.locale ?? 'da' };
  if (!ref.aadObjectId || !deps.notifier.openPersonalChat) return null;
  // Not seen installing the app (installed before this version, or not at all): Teams decides.
  const from = c.reporterAddress;
  const opened = await deps.notifier.openPersonalChat({ tenantId: c.tenantId, serviceUrl: from.serviceUrl, botId: from.botId, botName: from.botName, aadObjectId: ref.aadObjectId });
  if (!opened) return null;
  await people?.remember({ tenantId: c.tenantId, aadObjectId: ref.aadObjectId, address: opened });
  return { aadObjectId: ref.aadObjectId, address: opened, teamsUserId: found?.teamsUserId ?? '', locale: found?.locale ?? 'da' };
}

/** The names of the units the report went to, in the manager's language (the central group named as such). */
async function unitNames(deps: CoordinationDeps, c: BreachCase, locale: Locale): Promise<string[]> {
  const central = managerTexts(locale).manager.central;
  if (c.posts.length > 0) return [...new Set(c.posts.map((p) => (p.viaCentral ? central : p.unitName)))];
  const names: string[] = [];
  for (const id of c.report.unitIds) {
    if (id === CENTRAL_UNIT_ID) names.push(central);
    else names.push((await deps.units.get(c.tenantId, id))?.name ?? central);
  }
  return [...new Set(names)];
}

/**
 * Delivers one manager item. 'told': the manager has the message. 'unreachable': they cannot be reached,
 * and the reporter has been asked to tell them (only the first time: a case already marked unreachable
 * asks nobody again). A failure is thrown: the item stays for the retry.
 */
export async function deliverToManager(deps: CoordinationDeps, c: BreachCase, item: OutboxItem): Promise<ManagerOutcome> {
  // Erased by retention (its items are dropped then; one delivered in the same moment finds nobody to tell).
  if (!managerOf(c) || c.anonymizedAt) return 'unreachable';
  // Told already (a second item for the same message, or an outcome recorded since this item was claimed): never twice.
  if (item.kind === MANAGER_CLOSED ? c.manager?.closedAt : c.manager?.receivedAt) return 'told';
  const reached = await reach(deps, c);
  if (!reached) return unreachable(deps, c, item);
  if (!deps.notifier.sendToPerson) throw new Error('this notifier cannot send to a person');
  let text: string;
  if (item.kind === MANAGER_CLOSED) {
    // A report linked to another case: its facts only where its reporter may read them, else «handled with another case».
    const target = c.work.linkedTo ? (await deps.cases.findByNumber(c.tenantId, c.work.linkedTo))?.value : undefined;
    text = managerMessageText(managerView(c, 'closed', target), reached.locale);
  } else {
    text = managerMessageText(managerView(c, 'received', await unitNames(deps, c, reached.locale)), reached.locale);
  }
  if ((await deps.notifier.sendToPerson(reached.address, reached.teamsUserId, text)) === 'refused') {
    // The app was uninstalled for the manager (Teams refuses the chat for good): not retried for hours and
    // given up, but said now, as for a manager who never had it.
    await deps.people?.forget(c.tenantId, reached.aadObjectId);
    return unreachable(deps, c, item);
  }
  await audit(deps, c, item, 'told');
  return 'told';
}

/**
 * The manager cannot be reached: the reporter is asked to tell them, once per case and only while the
 * manager knows nothing (a close refused after a told receipt asks nobody). `c` must carry the outcomes
 * of the items delivered before this one in the same batch (deliverItems records them as it goes).
 */
async function unreachable(deps: CoordinationDeps, c: BreachCase, item: OutboxItem): Promise<ManagerOutcome> {
  if (mustAskReporter(c)) await deps.notifier.sendToReporter(c, { kind: 'tellManager' });
  if (mustAskReporter(c) || item.kind === MANAGER_CLOSED) await audit(deps, c, item, 'unreachable');
  return 'unreachable';
}

/** A manager item was given up (nearestManager.ts, giveUpManagerItems): the reporter is asked, as for a manager without the app. */
export async function askReporterToTellManager(deps: CoordinationDeps, c: BreachCase, item: OutboxItem): Promise<void> {
  await deps.notifier.sendToReporter(c, { kind: 'tellManager' });
  await audit(deps, c, { ...item, kind: item.detail ?? item.kind }, 'unreachable');
}

/** Every message about a case to someone outside it is logged (Gladsaxe): by Brudvagt, which message, what came of it. */
async function audit(deps: CoordinationDeps, c: BreachCase, item: OutboxItem, outcome: ManagerOutcome): Promise<void> {
  deps.log.info('case.manager', { case: c.number, message: item.kind, outcome });
  await deps.audit.append({
    at: deps.clock.now().toISOString(),
    tenantId: c.tenantId,
    actorAadId: SYSTEM_ACTOR.aadObjectId,
    actorName: SYSTEM_ACTOR.name,
    action: 'case.manager',
    caseId: c.id,
    outcome: 'allowed',
    detail: `${item.kind === MANAGER_CLOSED ? 'closed' : 'received'}:${outcome}`,
  });
}
