/**
 * The case decides (issue 16): one pure function takes a case, a coordinator's command, the actor and
 * the time, and returns the next case with every effect the change owes as data in its outbox, held by
 * the caller's claim: the channel copies of the card and a thread line per timeline entry, the
 * reporter's message, the link the other case must learn of, the reminders that are due now. The use
 * case only authorizes, writes this under the ETag, audits, and hands the claim to the one delivery path
 * (src/app/deliverOutbox.ts). No I/O, no clock.
 */
import { CENTRAL_UNIT } from './unit';
import type { BreachCase, OutboxItem, Person } from './case';
import { applyCommand, supplierFieldsOf, workContext, type CaseCommand, type CommandResult, type RouteTarget, type WorkEvent } from './caseWork';
import { claimDue, linkItem, queueAnnouncements, type Claim } from './outbox';
import { reminderSlots, type ReminderPolicy } from './reminders';
import { managerItemsOnClose } from './nearestManager';
import { oweCommittee } from './committeeOutbox';

export interface Decision {
  result: CommandResult;
  /** The case to write; null when nothing changes (a refusal, or a repeat such as taking one's own case). */
  next: BreachCase | null;
}

export function decide(c: BreachCase, command: CaseCommand, actor: Person, now: Date, claim: Claim, policy: ReminderPolicy): Decision {
  const result = applyCommand(c.work, command, actor, now, workContext(c));
  if (!result.ok || result.events.length === 0) return { result, next: null };
  let next: BreachCase = { ...c, work: result.work, status: result.status };
  if (command.type === 'route') next = routed(next, command.targets);
  if (command.type === 'answerSupplier') {
    // The answer is the report's (the register, the export and the clock read it there); the entry records who gave it.
    const entry = result.work.timeline[result.work.timeline.length - 1];
    const notifiedAt = entry?.event === 'supplier_answered' ? entry.notifiedAt : undefined;
    next = { ...next, report: { ...next.report, ...supplierFieldsOf(command, notifiedAt) } };
  }
  if (command.type === 'setAware' || command.type === 'answerSupplier') {
    // The deadline moved (an awareness, or a processor's notice): its reminders that now lie ahead must fire again at their new times.
    const ahead = new Set(reminderSlots(next, now, policy).filter((s) => s.at > now).map((s) => s.id));
    next = { ...next, schedule: { ...next.schedule, sent: next.schedule.sent.filter((id) => !ahead.has(id)) } };
  }
  const timeline = result.events.flatMap((event) => (event.type === 'recorded' ? [event.entry] : []));
  next = queueAnnouncements(next, timeline, claim, now).next;
  // The information-security committee's card (issue 18, part 2): posted once asked, redrawn after every change.
  next = oweCommittee(next, claim, now);
  const owed = reporterMessages(next, command, result.events, now, claim);
  // The close tells the reporter's nearest manager too (issue 18), what managerView lets through.
  owed.push(...managerItemsOnClose(next, result.events, now, claim));
  // The other case learns that this report belongs to it (its card counts it, its close tells this
  // reporter), through the outbox like every side effect: delayed by a failure, never lost.
  if (command.type === 'link' && next.work.linkedTo !== null) owed.push(linkItem(next.work.linkedTo, now.toISOString(), claim));
  if (owed.length > 0) next = { ...next, schedule: { ...next.schedule, outbox: [...next.schedule.outbox, ...owed] } };
  // Reminders due now (an earlier awareAt brings them forward) and items whose holder died go along.
  next = claimDue(next, now, policy, claim)?.next ?? next;
  return { result, next };
}

/** What the reporter (and a closed incident's linked reporters) are owed by the change. */
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
      // What each is told is the visibility policy's (src/domain/visibility.ts, linkedFeedback).
      // The walk covers the reports linked when the case closed (`end`); one linked after the close is
      // owed its own message by the link itself (src/app/linkReports.ts), so nobody is told twice.
      if (c.linkedFrom.length > 0) items.push({ ...item('reporter:closed-linked', 'reporter_closed_linked'), cursor: 0, end: c.linkedFrom.length });
    }
  }
  if (command.type === 'link' && events.length > 0) items.push(item('reporter:linked', 'reporter_linked', c.work.linkedTo ?? command.toCaseNumber));
  if (command.type === 'route' && events.length > 0) items.push(item('reporter:routed', 'reporter_routed', command.targets.map((t) => t.unitName).join(', ')));
  return items;
}

/**
 * The case belongs to the units it was sent to as well (the reporter's «Ved ikke» gives way), and each new
 * unit's channel is owed the card: a post (its item is claimed with the rest of the change, claimDue).
 * A unit whose channel already has the card (two units, one channel) gets no second card.
 */
function routed(c: BreachCase, targets: RouteTarget[]): BreachCase {
  const unitIds = [...new Set([...c.report.unitIds.filter((u) => u !== CENTRAL_UNIT), ...targets.map((t) => t.unitId)])];
  const posts = [...c.posts];
  for (const t of targets) {
    if (posts.some((p) => p.channel.channelId === t.channel.channelId)) continue;
    posts.push({ unitId: t.unitId, unitName: t.unitName, channel: t.channel, viaCentral: false, locale: t.locale });
  }
  return { ...c, report: { ...c.report, unitIds }, posts };
}
