/**
 * Risk to the municipality: the information-security committee and the crisis cell (issue 18, part 2;
 * Ishøj, «Vurdering af risici for kommunen og kommunens omdømme»). Pure: no I/O, time comes in.
 *
 * The rules callers must know:
 * - The assessment asks five yes/no questions (MUNICIPAL_RISKS; «nej» unless ticked; an assessment
 *   stored before them reads as five «nej»; an assessment saved from a card that did not ask them, the
 *   case card drawn compact at its budget, keeps the previous answers). The first assessment with a «ja» involves the committee:
 *   `work.committee` is set with `askedAt`, and stays set (a later assessment with five «nej» does not
 *   withdraw the question; the committee may answer «Ingen krisecelle»).
 * - The committee's channel (`tilmeld udvalg`, the reserved registration COMMITTEE_UNIT) is owed a card
 *   drawn from visibility.ts `committeeView` only: no report text, no personal data, no name but the
 *   owning coordinator's. The card is an outbox item like the case card's posts (committeeOutbox.ts).
 * - Its members decide «Indkald krisecelle» (with at least one role ticked) or «Ingen krisecelle»:
 *   `decideCrisisCell`, which only the committee's seat may do (src/app/caseAccess.ts). It does NOT make
 *   the committee member the case's owner (unlike the coordinators' commands), is allowed on a closed
 *   case (the committee's answer is its own), refused on an anonymized one, and may be changed later
 *   (each decision is a timeline entry; the latest is the one that counts).
 * - Until the first decision, the committee's channel is reminded every COMMITTEE_REMINDER_HOURS real
 *   hours from `askedAt` (src/domain/reminders.ts, slots 'cm-1', 'cm-2' …), like every duty; the
 *   reminders stop the moment a decision is recorded, or the case is closed or linked to another.
 * - The card itself stays owed until the decision, closed case or not, and follows the committee when it is
 *   moved or unregistered (committeeOutbox.ts).
 */
import type { BreachCase } from './case';
import { statusOf, type CaseWork, type CommandResult, type DomainError, type TimelineEntry, type WorkContext } from './caseWork/model';
import type { Person } from './case';

/** The procedure's five risks to the municipality, in its order. */
export const MUNICIPAL_RISKS = ['media', 'fine', 'reputation', 'employees', 'economy'] as const;
export type MunicipalRisk = (typeof MUNICIPAL_RISKS)[number];

/** The crisis cell's roles as the procedure lists them. */
export const CRISIS_ROLES = [
  'area_leader',
  'centre_chief',
  'director',
  'municipal_director',
  'it_leader',
  'security_group_member',
  'communications_chief',
  'security_centre_chief',
  'reporter',
  'lawyer',
] as const;
export type CrisisRole = (typeof CRISIS_ROLES)[number];

export interface CrisisCellDecision {
  convene: boolean;
  /** The roles ticked when convened (in CRISIS_ROLES order); empty for «Ingen krisecelle». */
  roles: CrisisRole[];
  decidedAt: string;
  /** The committee member's name ('' after retention). */
  decidedBy: string;
}

/** The committee's part of a case: when it was asked, and its answer. */
export interface CommitteeRecord {
  askedAt: string;
  decision: CrisisCellDecision | null;
}

/** Every 4 real hours (nights and weekends too, like the 72 hours): simple, and a committee of few people. */
export const COMMITTEE_REMINDER_HOURS = 4;

export interface DecideCrisisCellCmd {
  convene: boolean;
  roles: CrisisRole[];
}

/** The risks of a stored assessment, «nej» for every question an older version did not ask. */
export function municipalRisksOf(work: Pick<CaseWork, 'assessment'>): MunicipalRisk[] {
  const risks = work.assessment?.municipalRisks;
  return Array.isArray(risks) ? MUNICIPAL_RISKS.filter((r) => risks.includes(r)) : [];
}

/** The answers of the assessment form, or the field at fault. Unknown codes are refused, duplicates dropped. */
export function parseMunicipalRisks(raw: unknown): MunicipalRisk[] | null {
  if (!Array.isArray(raw) || raw.some((r) => typeof r !== 'string' || !(MUNICIPAL_RISKS as readonly string[]).includes(r))) return null;
  return MUNICIPAL_RISKS.filter((r) => raw.includes(r));
}

/** Is the committee's answer still owed (asked, not decided, the case open and not linked)? */
export function committeeAwaited(c: Pick<BreachCase, 'work' | 'status'>): boolean {
  const committee = c.work.committee;
  return !!committee && committee.decision === null && c.status !== 'closed' && c.work.linkedTo === null;
}

const fail = (error: DomainError['error'], field?: string): DomainError => ({ ok: false, error, ...(field === undefined ? {} : { field }) });

/**
 * The committee's decision on the crisis cell. The roles come from the card's toggles; a role code the
 * procedure does not name is refused (an edited card), a convened cell needs at least one role.
 */
export function decideCrisisCell(work: CaseWork, cmd: DecideCrisisCellCmd, actor: Person, now: Date, ctx: WorkContext): CommandResult {
  if (ctx.anonymized) return fail('anonymized');
  if (!work.committee) return fail('invalid_choice', 'convene');
  if (typeof cmd?.convene !== 'boolean') return fail('invalid_choice', 'convene');
  const raw: unknown[] = Array.isArray(cmd.roles) ? cmd.roles : [];
  if (raw.some((r) => typeof r !== 'string' || !(CRISIS_ROLES as readonly string[]).includes(r))) return fail('invalid_choice', 'roles');
  const roles = cmd.convene ? CRISIS_ROLES.filter((r) => raw.includes(r)) : [];
  if (cmd.convene && roles.length === 0) return fail('required', 'roles');
  const previous = work.committee.decision;
  // The same answer pressed twice (two members, a double click): nothing new to record.
  if (previous && previous.convene === cmd.convene && previous.roles.join() === roles.join()) return { ok: true, work, status: statusOf(work), events: [] };
  const w = structuredClone(work);
  const at = now.toISOString();
  w.committee = { ...w.committee!, decision: { convene: cmd.convene, roles, decidedAt: at, decidedBy: actor.name } };
  const entry: TimelineEntry = { at, by: actor.name, event: 'crisis_cell_decided', convene: cmd.convene, roles };
  w.timeline.push(entry);
  return { ok: true, work: w, status: statusOf(w), events: [{ type: 'recorded', entry }] };
}

/** The committee is involved by the first assessment with a «ja» (called by the assess command). */
export function involveCommittee(w: CaseWork, risks: readonly MunicipalRisk[], now: Date): void {
  if (risks.length > 0 && !w.committee) w.committee = { askedAt: now.toISOString(), decision: null };
}
