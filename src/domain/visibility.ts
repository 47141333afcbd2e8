/**
 * Who may see what of a case: the one policy (issue 16). Every exit of a case's text asks here: the
 * card in a channel and `case.show` (mayOpen), a link made by a coordinator (mayOpen on the target), the
 * feedback a linked reporter is sent (linkedFeedback) and what a linked report keeps of it (sharesFeedback),
 * what a report tied to a known incident copies from it (tiedCopy), and the export (inRegisterScope). The
 * register index's unit scope (listing, statistics) is written from the same `report.unitIds` (unitsOf's
 * rule) by the storage adapter. Pure: no I/O.
 *
 * The people the brief names (BRIEF, "The bot must not become the next case in seeds/", Copenhagen):
 * - the central group (the central channel's team) sees every case of its tenant;
 * - a unit's coordinators (the team of the channel a unit is registered to) see the cases of that unit:
 *   the units the reporter named (`report.unitIds`), and any case whose card was posted in their team
 *   (a card routed there is in front of them anyway). So a unit that lists a case can open it: the
 *   register's unit scope is the same `report.unitIds`;
 * - the reporter sees their own case's receipt, status and the feedback to them;
 * - a reporter whose report is linked to another case gets that case's feedback only where its texts
 *   were written for them: the case is a known incident (its title is public in the tenant and its
 *   feedback is the answer to everyone who tied a report to it), or the two reports share a unit (the
 *   same coordinators wrote it). Otherwise they are told their report was handled with the other case
 *   and closed, without its texts (see linkedFeedback).
 * - the information-security committee's team (`tilmeld udvalg`, issue 18) sees committeeView of the cases
 *   it was asked about, opens none, and may only decide on their crisis cell (mayDecideCrisisCell).
 * Membership is live Teams membership, asked by the caller at the moment of the action (Gladsaxe); this
 * module decides only which seats a case is visible from.
 */
import type { BreachCase, CasePost } from './case';
import type { CaseWork } from './caseWork/model';
import type { Report } from './report';

import { CENTRAL_UNIT as CENTRAL } from './unit';
import type { CaseStatus } from './case';
import { duties } from './caseWork/duties';
import { workContext } from './caseWork/model';
import type { NotifyDecision } from './caseWork/model';
import type { SeverityBand } from './enisa';
import { municipalRisksOf, type CrisisCellDecision, type MunicipalRisk } from './committee';

/**
 * Where a person stands when they act or read in a channel: the team, and what that team is
 * registered as (the central group's team, and/or the units whose channel is in this team).
 */
export interface Seat {
  teamId: string;
  central: boolean;
  unitIds: readonly string[];
  /** The team of the information-security committee's channel (`tilmeld udvalg`): sees committeeView only. */
  committee?: boolean;
}

/** The units a case belongs to: the ones its reporter named (never the central pseudo-unit). */
export function unitsOf(c: Pick<BreachCase, 'report'>): string[] {
  return c.report.unitIds.filter((u) => u !== CENTRAL);
}

/** May coordinators in this seat open the case (read it whole and act on it)? */
export function mayOpen(c: Pick<BreachCase, 'report' | 'posts'>, seat: Seat): boolean {
  if (seat.central) return true;
  if (c.posts.some((p) => p.channel.teamId === seat.teamId && !p.viaCentral)) return true;
  const units = unitsOf(c);
  return seat.unitIds.some((u) => units.includes(u));
}

/** Does a register read of this scope (the tenant, or one unit) include the case? */
export function inRegisterScope(c: Pick<BreachCase, 'report'>, scope: { kind: 'all' } | { kind: 'unit'; unitId: string }): boolean {
  return scope.kind === 'all' || unitsOf(c).includes(scope.unitId);
}

/** Were the target's feedback texts written for the reporter of `report` (see the header)? */
export function sharesFeedback(report: Pick<BreachCase, 'report'>, target: Pick<BreachCase, 'report' | 'work'>): boolean {
  if (target.work.incident !== null) return true;
  const theirs = unitsOf(report);
  return unitsOf(target).some((u) => theirs.includes(u));
}

/**
 * The record a linked reporter's closing message is drawn from: the target's work where its feedback
 * was written for them, else a record without the target's texts (no feedback, no comments), so the
 * message says the report was handled with the other case and is closed, and nothing of how.
 */
export function linkedFeedback(report: BreachCase, target: BreachCase): BreachCase {
  if (sharesFeedback(report, target)) return { ...report, work: target.work };
  const bare: CaseWork = {
    ...report.work,
    closedAt: report.work.closedAt ?? target.work.closedAt,
    feedback: null,
    assessment: null,
    authorityNotifications: [],
    persons: null,
    dpoInformedAt: null,
    closedAnyway: null,
  };
  return { ...report, work: bare };
}

/**
 * What a report tied to a known incident takes over from the incident's report: its codes (breach
 * types, the example, data kinds) and whether a processor is involved, never its words. The incident
 * may belong to another unit than the one the reporter picks, and that unit may not read the
 * incident's system, supplier or "other data" texts (finding 2 of issue 16).
 */
export function tiedCopy(incident: Report): Pick<Report, 'breachTypes' | 'breachExample' | 'dataKinds' | 'dataKindsOther' | 'system' | 'supplierInvolved' | 'supplierName' | 'supplierNotifiedAt'> {
  return {
    breachTypes: [...incident.breachTypes],
    breachExample: incident.breachExample,
    dataKinds: [...incident.dataKinds],
    dataKindsOther: '',
    system: '',
    // The incident's answer as it is: 'unanswered' stays unanswered on every tied report, never «Nej».
    supplierInvolved: incident.supplierInvolved,
    supplierName: '',
    supplierNotifiedAt: incident.supplierNotifiedAt,
  };
}

/**
 * What the reporter's nearest manager sees (issue 18): two messages in their 1:1 chat, drawn from this
 * alone. On receipt: the case number, the unit(s) the report went to, and that the duty of
 * confidentiality (tavshedspligt) applies; never what happened. On close: that it is handled, and
 * whether Datatilsynet and the persons were told (yes/no); never the coordinators' texts, the feedback's
 * texts or anything of the report. A linked report's manager gets the close of their own report as its
 * reporter does: where the other case's feedback was written for them (sharesFeedback), its two yes/no
 * facts; otherwise (another unit's case, or the other case not found) only that the report was handled
 * together with another case, never a yes/no: the linked report's own record has no notifications of its
 * own, so its «nej» would be false, and the other case's facts are not theirs to learn.
 */
export type ManagerView =
  | { kind: 'received'; caseNumber: string; units: string[] }
  | { kind: 'closed'; caseNumber: string; authorityNotified: boolean; personsNotified: boolean }
  | { kind: 'closed'; caseNumber: string; handledWithOtherCase: true };

export function managerView(c: BreachCase, kind: 'received', units: readonly string[]): ManagerView;
export function managerView(c: BreachCase, kind: 'closed', linkedTarget?: BreachCase): ManagerView;
export function managerView(c: BreachCase, kind: 'received' | 'closed', extra?: readonly string[] | BreachCase): ManagerView {
  if (kind === 'received') return { kind, caseNumber: c.number, units: [...((extra as readonly string[] | undefined) ?? [])] };
  const target = extra && !Array.isArray(extra) ? (extra as BreachCase) : undefined;
  if (c.work.linkedTo !== null && (!target || !sharesFeedback(c, target))) return { kind, caseNumber: c.number, handledWithOtherCase: true };
  const seen = target ? linkedFeedback(c, target) : c;
  const persons = seen.work.persons;
  return {
    kind,
    caseNumber: c.number,
    authorityNotified: seen.work.authorityNotifications.length > 0,
    personsNotified: persons !== null && 'notifiedAt' in persons,
  };
}

/**
 * The information-security committee (issue 18, part 2): its seat may decide on the crisis cell of a case
 * the committee was asked about, and nothing else (mayOpen never lets it in: it reads no case, no thread).
 */
export function mayDecideCrisisCell(c: Pick<BreachCase, 'work'>, seat: Seat): boolean {
  return seat.committee === true && !!c.work.committee;
}

/**
 * What the committee's channel is told of a case: the facts it decides on, and nothing of what happened.
 * No report text (what happened, how, the system, the supplier, data kinds), no personal data (reporter,
 * persons, the coordinators' texts), no name but the coordinator who owns the case, so the committee
 * knows whom to ask (decided: the owner is an official acting in office, like the names in the audit).
 * The card (src/teams/views/committeeCardView.ts) is drawn from this and only this.
 */
export interface CommitteeView {
  caseId: string;
  number: string;
  /** The units the case belongs to, by name where a card of the case names it (ids are unit names made key-safe). */
  units: string[];
  discoveredAt: string;
  reportedAt: string;
  /** The risks to the municipality answered «ja». */
  risks: MunicipalRisk[];
  band: SeverityBand | null;
  /** The coordinators' decision on notifying Datatilsynet; null until assessed. */
  notify: NotifyDecision | null;
  /** The Art. 33 deadline (ISO) and, once notified, when. */
  deadline: string;
  notifiedAt: string | null;
  status: CaseStatus;
  /** The owning coordinator's name, or null while nobody has taken it. */
  ownerName: string | null;
  askedAt: string | null;
  decision: CrisisCellDecision | null;
  /** Retention removed the case's personal data. */
  anonymized: boolean;
}

export function committeeView(c: BreachCase, now: Date): CommitteeView {
  const names = new Map(c.posts.map((p) => [p.unitId, p.unitName]));
  const w = c.work;
  const d = duties(w, c.status, workContext(c), now);
  const initial = w.authorityNotifications.find((n) => n.kind === 'initial');
  return {
    caseId: c.id,
    number: c.number,
    units: unitsOf(c).map((u) => names.get(u) ?? u),
    discoveredAt: c.report.discoveredAt,
    reportedAt: c.reportedAt,
    risks: municipalRisksOf(w),
    band: w.assessment?.enisaResult?.band ?? null,
    notify: w.assessment?.decision ?? null,
    deadline: d.authorityDeadline.toISOString(),
    notifiedAt: initial?.at ?? null,
    status: c.status,
    ownerName: w.owner && w.owner.name !== '' ? w.owner.name : null,
    askedAt: w.committee?.askedAt ?? null,
    decision: w.committee?.decision ?? null,
    anonymized: c.anonymizedAt !== undefined,
  };
}

/**
 * The repeat counts a case card shows in one channel (issue 18 part 4): the other cases of the last 12
 * months with the same system or supplier, as far as that channel may see them. The central channel (the
 * card's central copy, or a unit without a channel of its own whose card went there) sees every one; a
 * unit's channel only the cases of its unit, by the register's rule (inRegisterScope), so it learns
 * neither the numbers nor the count of other units' cases. A card drawn outside any of the case's posts
 * shows none. A channel that serves two units sees the repeats of the unit this post is for.
 */
export function repeatsSeen<R extends { units: readonly string[] }>(repeats: readonly R[], post: Pick<CasePost, 'unitId' | 'viaCentral'> | undefined): R[] {
  if (!post) return [];
  if (post.viaCentral || post.unitId === CENTRAL) return [...repeats];
  // inRegisterScope's rule for a unit scope, on the repeat's units (unitsOf: never the central pseudo-unit).
  return repeats.filter((r) => r.units.filter((u) => u !== CENTRAL).includes(post.unitId));
}
