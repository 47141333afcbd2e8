import type { BreachCase, OutboxItem, Person } from '../domain/case';
import { applyCommand, emptyWork, workContext, type CaseCommand, type CommandResult, type DomainError, type WorkEvent } from '../domain/caseWork';
import { reminderSlots } from '../domain/reminders';
import type { CoordinationDeps } from './coordinationDeps';
import { CENTRAL_UNIT_ID, type Roster } from './ports';
import { attendCase } from './sweepReminders';
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
  | { kind: 'refused'; reason: 'not_member' | 'wrong_team' }
  | { kind: 'not_found' };

/**
 * Least privilege (Copenhagen, Gladsaxe): a case is worked from one of its own channels or the central
 * channel, by someone who is a member of that team right now, asked through the live roster.
 */
export async function authorize(deps: CoordinationDeps, breachCase: BreachCase, actor: CaseActor): Promise<'ok' | 'not_member' | 'wrong_team'> {
  const central = await deps.units.get(breachCase.tenantId, CENTRAL_UNIT_ID);
  const teams = new Set((breachCase.posts ?? []).map((p) => p.channel.teamId));
  if (central) teams.add(central.channel.teamId);
  if (!teams.has(actor.teamId)) return 'wrong_team';
  return (await actor.roster.isMember(actor.teamId, actor.person)) ? 'ok' : 'not_member';
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
 */
export async function actOnCase(deps: CoordinationDeps, tenantId: string, caseId: string, actor: CaseActor, command: CaseCommand): Promise<ActResult> {
  const found = await deps.cases.get(tenantId, caseId);
  if (!found) return { kind: 'not_found' };
  const access = await authorize(deps, found.value, actor);
  if (access !== 'ok') {
    await audit(deps, found.value, actor.person, `case.${command.type}`, 'refused', access);
    return { kind: 'refused', reason: access };
  }

  const now = deps.clock.now();
  const outcome = await updateCase<CommandResult>(deps.cases, tenantId, caseId, (c) => {
    const result = applyCommand(c.work ?? emptyWork(), c.status, command, actor.person, now, workContext(c));
    if (!result.ok) return { next: null, result };
    let next: BreachCase = { ...c, work: result.work, status: result.status };
    const messages = reporterMessages(next, command, result.events, now);
    if (messages.length > 0) {
      const schedule = next.schedule ?? { sent: [], outbox: [] };
      next = { ...next, schedule: { ...schedule, outbox: [...schedule.outbox, ...messages] } };
    }
    if (command.type === 'setAware' && next.schedule) {
      // The deadline moved: its reminders that now lie ahead must fire again at their new times.
      const ahead = new Set(reminderSlots(next, now, deps.policy).filter((s) => s.at > now).map((s) => s.id));
      next = { ...next, schedule: { ...next.schedule, sent: next.schedule.sent.filter((id) => !ahead.has(id)) } };
    }
    return { next: result.events.length > 0 ? next : null, result };
  }, found);
  if (!outcome?.saved) return { kind: 'not_found' };
  const breachCase = outcome.saved.value;
  const result = outcome.result;
  if (!result.ok) {
    await audit(deps, breachCase, actor.person, `case.${command.type}`, 'allowed', `rejected:${result.error}`);
    return { kind: 'rejected', breachCase, error: result };
  }
  await audit(deps, breachCase, actor.person, `case.${command.type}`, 'allowed');
  if (result.events.length > 0) {
    // The person who pressed the button gets the new card now; Teams is told after, off the request.
    deps.defer(async () => {
      if (command.type === 'link') await linkBack(deps, breachCase, command.toCaseNumber);
      await announce(deps, breachCase, result.events);
      // Delivers the reporter's messages from the outbox, and moves the reminders: a change can bring
      // them forward (an earlier awareAt) or end them (notified, closed). Notes and the like cannot.
      // (A quiet command that takes an untaken case implicitly changes the status: then it is not quiet.)
      const statusChanged = result.events.some((e) => e.type === 'status_changed');
      if (!QUIET_COMMANDS.has(command.type) || statusChanged) await attendCase(deps, outcome.saved!.value, now, {}, undefined, outcome.saved!);
    });
  }
  return { kind: 'done', breachCase, events: result.events };
}

/** Commands that change neither the reminders nor the reporter's messages. */
const QUIET_COMMANDS = new Set<CaseCommand['type']>(['addNote', 'journalize', 'dpoInformed', 'handOver']);

/** What the reporter is told, queued in the case's outbox in the same write as the change. */
function reporterMessages(c: BreachCase, command: CaseCommand, events: WorkEvent[], now: Date): OutboxItem[] {
  const at = now.toISOString();
  const item = (id: string, kind: string, detail?: string): OutboxItem => ({ id: `${id}@${at}`, kind, target: 'reporter', at, detail, leaseUntil: at, attempts: 0 });
  const items: OutboxItem[] = [];
  for (const event of events) {
    if (event.type === 'status_changed' && event.from === 'new' && event.to === 'acknowledged' && c.work?.owner) {
      items.push(item('reporter:ack', 'reporter_acknowledged', c.work.owner.name));
    }
    if (event.type === 'status_changed' && event.to === 'closed') {
      items.push(item('reporter:closed', 'reporter_closed'));
      // One incident, many reports: every linked report's reporter hears back too.
      for (const number of c.linkedFrom ?? []) items.push(item(`reporter:closed:${number}`, 'reporter_closed', number));
    }
  }
  if (command.type === 'link' && events.length > 0) items.push(item('reporter:linked', 'reporter_linked', c.work?.linkedTo ?? command.toCaseNumber));
  return items;
}

/** Side effects after the write. A Teams failure here never undoes the stored change. */
async function announce(deps: CoordinationDeps, breachCase: BreachCase, events: WorkEvent[]): Promise<void> {
  const attempt = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (error) {
      deps.log.error(`notify.${what}.failed`, error, { case: breachCase.number });
    }
  };
  const timeline = events.flatMap((event) => (event.type === 'recorded' ? [event.entry] : []));
  for (const post of breachCase.posts ?? []) {
    if (!post.activityId) continue;
    await attempt('card', () => deps.notifier.updateCaseCard(post, breachCase, timeline));
  }
}

/** The other case learns that this report belongs to it; its reporter's feedback then covers both. */
async function linkBack(deps: CoordinationDeps, breachCase: BreachCase, toCaseNumber: string): Promise<void> {
  const target = await deps.cases.findByNumber(breachCase.tenantId, toCaseNumber);
  if (!target) return;
  await updateCase(deps.cases, breachCase.tenantId, target.value.id, (c) =>
    (c.linkedFrom ?? []).includes(breachCase.number)
      ? { next: null, result: undefined }
      : { next: { ...c, linkedFrom: [...(c.linkedFrom ?? []), breachCase.number] }, result: undefined },
  );
}
