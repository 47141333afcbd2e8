/**
 * Who may open and act on a case, asked at the moment of the action: the seat the person acts from
 * (the team of the channel, and what it is registered as) must be one the case is visible from
 * (src/domain/visibility.ts, the one policy), and the person must be a live member of that team
 * (Gladsaxe: never a copied list). Every answer, either way, is audited.
 */
import type { BreachCase, Person } from '../domain/case';
import { mayDecideCrisisCell, mayOpen, type Seat } from '../domain/visibility';
import { COMMITTEE_UNIT } from '../domain/unit';
import type { CoordinationDeps } from './coordinationDeps';
import { CENTRAL_UNIT_ID, RosterUnavailableError, type Roster } from './ports';

export interface CaseActor {
  person: Person;
  /** The team the action came from (the channel card's team). */
  teamId: string;
  roster: Roster;
}

/** Why an actor was refused; `roster_unavailable`: Teams could not be asked (refused, never granted on doubt). */
export type Refusal = 'not_member' | 'wrong_team' | 'roster_unavailable' | 'central_only' | 'committee_only';

/** What the team is registered as: the central group's, and/or the units whose channel is in it. */
export async function seatOf(deps: Pick<CoordinationDeps, 'units'>, tenantId: string, teamId: string): Promise<Seat> {
  const here = (await deps.units.all(tenantId)).filter((r) => r.channel.teamId === teamId);
  return {
    teamId,
    central: here.some((r) => r.id === CENTRAL_UNIT_ID),
    unitIds: here.filter((r) => r.id !== CENTRAL_UNIT_ID && r.id !== COMMITTEE_UNIT).map((r) => r.id),
    committee: here.some((r) => r.id === COMMITTEE_UNIT),
  };
}

/**
 * Least privilege (Copenhagen, Gladsaxe). `membership`: the roster answer when the caller asked it
 * already (side by side with reading the case); a refusal by seat never waits for it.
 */
export async function authorize(
  deps: CoordinationDeps,
  breachCase: BreachCase,
  actor: CaseActor,
  membership?: Promise<boolean>,
  /** The command to authorize: the committee's decision is its seat's alone (issue 18, part 2); anything else needs mayOpen. */
  command?: string,
): Promise<'ok' | Refusal> {
  const seat = await seatOf(deps, breachCase.tenantId, actor.teamId);
  if (command === 'decideCrisisCell') {
    if (!mayDecideCrisisCell(breachCase, seat)) return 'committee_only';
  } else if (!mayOpen(breachCase, seat)) return 'wrong_team';
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
