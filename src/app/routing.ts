import type { Locale, Person } from '../domain/case';
import { COMMITTEE_UNIT, COMMITTEE_WORDS, isReservedUnitName, UNIT_NAME_MAX, unitIdFrom } from '../domain/unit';
import type { AuditLog, ChannelAddress, Clock, Roster, UnitDirectory, UnitRegistration } from './ports';
import { CENTRAL_UNIT_ID, RosterUnavailableError } from './ports';

export interface RoutingDeps {
  units: UnitDirectory;
  audit: AuditLog;
  clock: Clock;
  adminAadIds: readonly string[];
}

export type RoutingRefusal = 'admins_only' | 'not_authorized' | 'no_central' | 'invalid_name' | 'not_registered' | 'roster_unavailable' | 'reserved_name';

export type RoutingResult =
  | { ok: true; registration?: UnitRegistration; removed?: string }
  | { ok: false; reason: RoutingRefusal };

/**
 * Who may change routing: the administrators named in configuration, or live members of the central
 * channel's team. Only administrators may register the central channel itself: otherwise anyone who
 * installed the bot in any team could make their channel the one that sees every case.
 */
async function mayChangeRouting(deps: RoutingDeps, tenantId: string, actor: Person, roster: Roster): Promise<true | 'not_authorized' | 'roster_unavailable'> {
  if (deps.adminAadIds.includes(actor.aadObjectId)) return true;
  const central = await deps.units.get(tenantId, CENTRAL_UNIT_ID);
  if (!central) return 'not_authorized';
  try {
    return (await roster.isMember(central.channel.teamId, actor)) ? true : 'not_authorized';
  } catch (error) {
    if (error instanceof RosterUnavailableError) return 'roster_unavailable';
    throw error;
  }
}

async function audited(deps: RoutingDeps, tenantId: string, actor: Person, action: string, target: string, result: RoutingResult) {
  await deps.audit.append({
    at: deps.clock.now().toISOString(),
    tenantId,
    actorAadId: actor.aadObjectId,
    actorName: actor.name,
    action,
    caseId: `routing:${target}`,
    outcome: result.ok ? 'allowed' : 'refused',
    detail: result.ok ? undefined : result.reason,
  });
  return result;
}

/**
 * `enheder`: the routing says which teams see which unit's cases, so it is shown to those who may
 * change it (administrators, live members of the central team) and to no one else. Audited.
 */
export async function readRouting(
  deps: RoutingDeps,
  tenantId: string,
  actor: Person,
  roster: Roster,
): Promise<{ ok: true; registrations: UnitRegistration[] } | { ok: false; reason: 'not_authorized' | 'roster_unavailable' }> {
  const allowed = await mayChangeRouting(deps, tenantId, actor, roster);
  await audited(deps, tenantId, actor, 'routing.list', 'all', allowed === true ? { ok: true } : { ok: false, reason: allowed });
  if (allowed !== true) return { ok: false, reason: allowed };
  return { ok: true, registrations: await deps.units.all(tenantId) };
}

export async function registerCentral(deps: RoutingDeps, tenantId: string, actor: Person, channel: ChannelAddress, locale: Locale): Promise<RoutingResult> {
  return registerReserved(deps, tenantId, actor, channel, locale, { id: CENTRAL_UNIT_ID, name: 'central', action: 'routing.registerCentral' });
}

/**
 * The registrations that are no unit: the central channel and the committee's (issue 18). Administrators
 * only, stored under a reserved id; registered again in another channel, it moves there.
 */
async function registerReserved(
  deps: RoutingDeps,
  tenantId: string,
  actor: Person,
  channel: ChannelAddress,
  locale: Locale,
  what: { id: string; name: string; action: 'routing.registerCentral' | 'routing.registerCommittee' },
): Promise<RoutingResult> {
  if (!deps.adminAadIds.includes(actor.aadObjectId)) {
    return audited(deps, tenantId, actor, what.action, what.id, { ok: false, reason: 'admins_only' });
  }
  const registration: UnitRegistration = { id: what.id, name: what.name, tenantId, channel, registeredBy: actor, registeredAt: deps.clock.now().toISOString(), locale };
  await deps.units.save(registration);
  return audited(deps, tenantId, actor, what.action, what.id, { ok: true, registration });
}

export async function registerUnit(
  deps: RoutingDeps,
  tenantId: string,
  actor: Person,
  roster: Roster,
  unitName: string,
  channel: ChannelAddress,
  locale: Locale,
): Promise<RoutingResult> {
  const name = unitName.trim();
  const id = unitIdFrom(name);
  if (!id || name.length > UNIT_NAME_MAX) return { ok: false, reason: 'invalid_name' };
  // «Central» and «Udvalg» are the registrations' own words (a «tilmeld udvalg» is the committee's).
  if (isReservedUnitName(name)) return { ok: false, reason: 'reserved_name' };
  const allowed = await mayChangeRouting(deps, tenantId, actor, roster);
  if (allowed !== true) return audited(deps, tenantId, actor, 'routing.register', id, { ok: false, reason: allowed });
  const registration: UnitRegistration = { id, name, tenantId, channel, registeredBy: actor, registeredAt: deps.clock.now().toISOString(), locale };
  await deps.units.save(registration);
  return audited(deps, tenantId, actor, 'routing.register', id, { ok: true, registration });
}

export async function unregisterUnit(deps: RoutingDeps, tenantId: string, actor: Person, roster: Roster, unitName: string): Promise<RoutingResult> {
  const id = /^central$/i.test(unitName.trim()) ? CENTRAL_UNIT_ID : COMMITTEE_WORDS.test(unitName.trim()) ? COMMITTEE_UNIT : unitIdFrom(unitName);
  const allowed = id === CENTRAL_UNIT_ID || id === COMMITTEE_UNIT ? deps.adminAadIds.includes(actor.aadObjectId) || 'admins_only' : await mayChangeRouting(deps, tenantId, actor, roster);
  if (allowed !== true) return audited(deps, tenantId, actor, 'routing.unregister', id, { ok: false, reason: allowed });
  const removed = await deps.units.remove(tenantId, id);
  if (!removed) return { ok: false, reason: 'not_registered' };
  return audited(deps, tenantId, actor, 'routing.unregister', id, { ok: true, removed: id });
}

/**
 * `tilmeld udvalg`: the information-security committee's channel (issue 18, part 2). Administrators only,
 * like the central channel: the committee's channel is told of every case with a risk to the municipality.
 * Stored as the reserved registration `_committee`; a channel registered again moves it there.
 */
export async function registerCommittee(deps: RoutingDeps, tenantId: string, actor: Person, channel: ChannelAddress, locale: Locale): Promise<RoutingResult> {
  return registerReserved(deps, tenantId, actor, channel, locale, { id: COMMITTEE_UNIT, name: 'udvalg', action: 'routing.registerCommittee' });
}
