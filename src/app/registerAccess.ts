/**
 * Who may read the register (list, statistics, audit trail). Least privilege, as for case actions:
 * the channel asked from must be a registered one; the central channel sees the tenant, a unit's
 * channel its own unit only; the person must be a live member of that channel's team right now
 * (asked through the roster, never a copied list) or an administrator. Every answer is audited.
 */
import { COMMITTEE_UNIT } from '../domain/unit';
import type { Person } from '../domain/case';
import { CENTRAL_UNIT_ID, RosterUnavailableError, type AuditLog, type CaseRepository, type ChannelAddress, type Clock, type NameAliases, type RegisterIndex, type RegisterScope, type Roster, type UnitDirectory, type UnitRegistration } from './ports';

export interface RegisterDeps {
  cases: CaseRepository;
  register: RegisterIndex;
  units: UnitDirectory;
  audit: AuditLog;
  clock: Clock;
  adminAadIds: readonly string[];
  /** The central group's merged spellings (issue 18 part 4): statistik's «Systemer og leverandører» and the export read them. */
  names?: NameAliases;
}

export interface RegisterViewer {
  person: Person;
  /** The channel the request came from; null: a personal or group chat. */
  channel: ChannelAddress | null;
  roster: Roster;
}

export type RegisterRefusal = 'not_channel' | 'not_registered' | 'not_member' | 'roster_unavailable' | 'central_only';

export type RegisterAccess =
  | { ok: true; central: boolean; registration: UnitRegistration; scope: RegisterScope }
  /** `registration`: the channel's, when the refusal is about the person (what they tried to read). */
  | { ok: false; reason: RegisterRefusal; registration?: UnitRegistration };

export async function registerAccess(deps: RegisterDeps, tenantId: string, viewer: RegisterViewer, opts: { centralOnly?: boolean } = {}): Promise<RegisterAccess> {
  if (!viewer.channel) return { ok: false, reason: 'not_channel' };
  const channelId = viewer.channel.channelId;
  // The committee's registration is no register seat: it sees only its card (src/domain/visibility.ts).
  const here = (await deps.units.all(tenantId)).filter((r) => r.channel.channelId === channelId && r.channel.teamId === viewer.channel?.teamId && r.id !== COMMITTEE_UNIT);
  // A channel registered as central and for a unit as well acts as central.
  const registration = here.find((r) => r.id === CENTRAL_UNIT_ID) ?? here[0];
  if (!registration) return { ok: false, reason: 'not_registered' };
  const central = registration.id === CENTRAL_UNIT_ID;
  if (opts.centralOnly && !central) return { ok: false, reason: 'central_only', registration };
  const access: RegisterAccess = { ok: true, central, registration, scope: central ? { kind: 'all' } : { kind: 'unit', unitId: registration.id } };
  if (deps.adminAadIds.includes(viewer.person.aadObjectId)) return access;
  try {
    return (await viewer.roster.isMember(registration.channel.teamId, viewer.person)) ? access : { ok: false, reason: 'not_member', registration };
  } catch (error) {
    if (error instanceof RosterUnavailableError) return { ok: false, reason: 'roster_unavailable', registration };
    throw error;
  }
}

/** Audit rows of register reads: `caseId` names what was read (`register:*`, `register:<unit>` or a case id). */
export async function auditRegister(deps: RegisterDeps, tenantId: string, person: Person, action: string, target: string, outcome: 'allowed' | 'refused', detail?: string): Promise<void> {
  await deps.audit.append({
    at: deps.clock.now().toISOString(),
    tenantId,
    actorAadId: person.aadObjectId,
    actorName: person.name,
    action,
    caseId: target,
    outcome,
    ...(detail === undefined ? {} : { detail }),
  });
}

export function registerTarget(access: RegisterAccess): string {
  const registration = access.registration;
  if (!registration) return 'register:?';
  return registration.id === CENTRAL_UNIT_ID ? 'register:*' : `register:${registration.id}`;
}
