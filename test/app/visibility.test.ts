/**
 * Issue 16, "One policy for who sees what": units, memberships, links and ties drawn at random; every
 * exit of a case's text (the cards posted and redrawn in channels, `case.show`, the feedback to
 * reporters and linked reporters, what a tied report copies) is checked against the brief's rule,
 * written here independently of src/domain/visibility.ts:
 * - a channel's team sees a case iff it is the central team or the team of a unit the case belongs to;
 * - a reporter reads their own case, and the feedback of the case their report is linked to only when
 *   that case is a known incident or belongs to one of their report's units.
 * Every case's texts carry a marker `S<i>x` (its own number i), so a leak is a marker found where its
 * case may not go.
 * Issue 18, part 2: the information-security committee's seat. It opens no case (case.show refused), its
 * card (drawn as the notifier draws it, from visibility.ts committeeView) carries no report text, no
 * reporter and no personal data (no marker at all), and only it may decide on a crisis cell.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { actOnCase, type CaseActor } from '../../src/app/actOnCase';
import { confirmReport } from '../../src/app/confirmReport';
import { dispatchCase } from '../../src/app/dispatchCase';
import { CENTRAL_UNIT_ID, type UnitRegistration } from '../../src/app/ports';
import { readCase } from '../../src/app/readCase';
import { submitTiedReport } from '../../src/app/reportKnownIncident';
import { startReport } from '../../src/app/startReport';
import { submitReportForm } from '../../src/app/submitReportForm';
import { sweepReminders } from '../../src/app/sweepReminders';
import type { BreachCase, ConversationAddress, Person } from '../../src/domain/case';
import { MemoryPeopleDirectory } from '../../src/app/peopleDirectory';
import type { CaseCommand } from '../../src/domain/caseWork';
import { reporterFeedback } from '../../src/domain/notificationDrafts';
import { FakeRoster, memoryWorld, type MemoryWorld } from '../helpers/memoryPorts';
import { TENANT, addressOf, channel, local, person } from './fixtures';
import { COMMITTEE_UNIT } from '../../src/domain/unit';
import { renderCommitteeCard } from '../../src/teams/committeeCard';

/** The committee's team (issue 18, part 2) and one of its members. */
const COMMITTEE_CHANNEL = channel(49, 'Informationssikkerhedsudvalget');
const committeeMember = person(149, 'Udvalgsmedlem');

const UNITS = ['u1', 'u2', 'u3'] as const;
type UnitId = (typeof UNITS)[number];
const teamOf = (u: UnitId | 'central') => channel(u === 'central' ? 40 : 41 + UNITS.indexOf(u), u).teamId;
const coordinatorOf = (u: UnitId | 'central') => person(100 + (u === 'central' ? 9 : UNITS.indexOf(u)), `Koordinator ${u}`);
const MARK = /S(\d+)x/g;

interface Plan {
  cases: { unit: UnitId; incident: boolean; worked: boolean; municipalRisk: boolean }[];
  /** Crisis-cell decisions tried from a seat (the committee's, or a coordinators'). */
  decisions: { target: number; seat: UnitId | 'central' | 'committee' }[];
  links: { from: number; to: number; seat: UnitId | 'central' }[];
  ties: { incident: number; unit: UnitId }[];
  shows: { target: number; seat: UnitId | 'central' }[];
}

const planArb: fc.Arbitrary<Plan> = fc
  .array(fc.record({ unit: fc.constantFrom(...UNITS), incident: fc.boolean(), worked: fc.boolean(), municipalRisk: fc.boolean() }), { minLength: 2, maxLength: 5 })
  .chain((cases) =>
    fc.record({
      cases: fc.constant(cases),
      links: fc.array(fc.record({ from: fc.nat(cases.length - 1), to: fc.nat(cases.length - 1), seat: fc.constantFrom<UnitId | 'central'>(...UNITS, 'central') }), { maxLength: 4 }),
      ties: fc.array(fc.record({ incident: fc.nat(cases.length - 1), unit: fc.constantFrom(...UNITS) }), { maxLength: 4 }),
      shows: fc.array(fc.record({ target: fc.nat(cases.length - 1 + 4), seat: fc.constantFrom<UnitId | 'central'>(...UNITS, 'central') }), { maxLength: 8 }),
      decisions: fc.array(fc.record({ target: fc.nat(cases.length - 1), seat: fc.constantFrom<UnitId | 'central' | 'committee'>(...UNITS, 'central', 'committee') }), { maxLength: 4 }),
    }),
  );

async function setUp(world: MemoryWorld): Promise<FakeRoster> {
  const roster = new FakeRoster();
  const at = world.clock.now().toISOString();
  const admin = person(99, 'Admin');
  for (const u of [...UNITS, 'central'] as const) {
    const ch = channel(u === 'central' ? 40 : 41 + UNITS.indexOf(u), u);
    const registration: UnitRegistration = { id: u === 'central' ? CENTRAL_UNIT_ID : u, name: `Enhed ${u}`, tenantId: TENANT, channel: ch, registeredBy: admin, registeredAt: at, locale: 'da' };
    await world.units.save(registration);
    roster.add(ch.teamId, coordinatorOf(u));
  }
  await world.units.save({ id: COMMITTEE_UNIT, name: 'udvalg', tenantId: TENANT, channel: COMMITTEE_CHANNEL, registeredBy: admin, registeredAt: at, locale: 'da' });
  roster.add(COMMITTEE_CHANNEL.teamId, committeeMember);
  return roster;
}

async function report(world: MemoryWorld, who: Person, unit: UnitId, mark: string): Promise<BreachCase> {
  const { draft } = await startReport(world.reporting, { tenantId: TENANT, reporter: who, address: addressOf(who), locale: 'da', profile: { name: who.name, email: 'r@ishoj.example' } });
  const ref = { tenantId: TENANT, reporterAadId: who.aadObjectId, draftId: draft.value.draftId, etag: draft.etag };
  const discovered = local(new Date(world.clock.now().getTime() - 3600_000));
  const input = {
    reporterName: who.name,
    reporterEmail: 'r@ishoj.example',
    reporterTitle: 'Sagsbehandler',
    reporterDepartment: 'Afdeling',
    unitIds: unit,
    breachTypes: 'confidentiality,availability',
    whatHappened: `Et brev er sendt forkert ${mark} hvad.`,
    dataKinds: 'names,other',
    dataKindsOther: `Andet ${mark}`,
    personsAffected: '1',
    discoveredDate: discovered.date,
    discoveredTime: discovered.time,
    ongoing: 'stopped',
    system: `System ${mark}`,
    supplierInvolved: 'yes',
    supplierName: `Leverandør ${mark}`,
    supplierNotifiedDate: discovered.date,
    supplierNotifiedTime: discovered.time,
    // Issue 18: every reporter names a nearest manager by mail (every other one has the app).
    managerEmail: `leder-${mark.replace(/\D/g, '')}@ishoj.example`,
  };
  const form = await submitReportForm(world.reporting, ref, input, [...UNITS]);
  assert.equal(form.kind, 'summary', JSON.stringify(form.kind === 'invalid' ? form.errors : form.kind));
  if (form.kind !== 'summary') throw new Error('unreachable');
  const created = await confirmReport(world.reporting, { ...ref, etag: form.etag }, [...UNITS]);
  assert.equal(created.kind, 'created');
  if (created.kind !== 'created') throw new Error('unreachable');
  await dispatchCase(world.coordination, TENANT, created.breachCase.id, created.breachCase);
  return created.breachCase;
}

/** The markers in any value (deep). */
function marks(value: unknown): number[] {
  return [...JSON.stringify(value).matchAll(MARK)].map((m) => Number(m[1]));
}

describe('app: one policy for who sees what (property)', () => {
  it('no text of a case reaches a channel or a person the brief does not name, whatever the units, links and ties', async () => {
    await fc.assert(
      fc.asyncProperty(planArb, async (plan) => {
        const world = memoryWorld('2026-11-24T10:00:00Z');
        const roster = await setUp(world);
        const toManagers = await withManagers(world, plan.cases.length);
        const actor = (seat: UnitId | 'central'): CaseActor => ({ person: coordinatorOf(seat), teamId: teamOf(seat), roster });
        const act = (c: BreachCase, seat: UnitId | 'central', command: CaseCommand) => actOnCase(world.coordination, TENANT, c.id, actor(seat), command);

        // The cases, their markers and their units.
        const cases: BreachCase[] = [];
        const unitOf = new Map<number, UnitId>();
        const reporterOf = new Map<string, number>();
        for (const [i, spec] of plan.cases.entries()) {
          const who = person(200 + i, `Anmelder S${i}x`);
          const c = await report(world, who, spec.unit, `S${i}x`);
          cases.push(c);
          unitOf.set(i, spec.unit);
          reporterOf.set(who.aadObjectId, i);
          // A case nobody works on is closed by Brudvagt with the case it is linked to (closeWithLinked).
          if (spec.worked || spec.incident) assert.equal((await act(c, spec.unit, { type: 'addNote', text: `Notat S${i}x` })).kind, 'done');
          if (spec.incident) assert.equal((await act(c, spec.unit, { type: 'declareIncident', title: `Hændelse nummer ${i}` })).kind, 'done');
        }
        const incidentCases = new Set(plan.cases.flatMap((spec, i) => (spec.incident ? [i] : [])));

        // Ties: a reporter of any unit ties a report to an active incident and picks a unit.
        const tiedTo = new Map<number, number>();
        for (const [k, tie] of plan.ties.entries()) {
          if (!incidentCases.has(tie.incident)) continue;
          const n = cases.length;
          const who = person(300 + k, `Tilknyttet S${n}x`);
          const { draft } = await startReport(world.reporting, { tenantId: TENANT, reporter: who, address: addressOf(who), locale: 'da', profile: { name: who.name, email: 'r@ishoj.example' } });
          const ref = { tenantId: TENANT, reporterAadId: who.aadObjectId, draftId: draft.value.draftId, etag: draft.etag };
          const input = { discoveredDate: '2026-11-24', discoveredTime: '10:30', unitIds: tie.unit, whatHappened: `Jeg så fejlen S${n}x igen.` };
          const tied = await submitTiedReport(world.reporting, ref, input, [...UNITS], cases[tie.incident].id);
          assert.equal(tied.kind, 'created');
          if (tied.kind !== 'created') continue;
          // What a tied report copies from the incident: its codes, never its words.
          assert.deepEqual(marks(tied.breachCase.report).filter((m) => m !== n), [], 'a tied report carries no text of the incident');
          cases.push(tied.breachCase);
          unitOf.set(n, tie.unit);
          reporterOf.set(who.aadObjectId, n);
          tiedTo.set(n, tie.incident);
        }
        await world.runDeferred();

        // Links tried from any seat: allowed only where the seat sees both cases.
        const linkedTo = new Map<number, number>(tiedTo);
        const sees = (seat: UnitId | 'central', i: number) => seat === 'central' || unitOf.get(i) === seat;
        for (const l of plan.links) {
          if (l.from >= cases.length || l.to >= cases.length) continue;
          const result = await act(cases[l.from], l.seat, { type: 'link', toCaseNumber: cases[l.to].number });
          if (result.kind === 'done') {
            assert.ok(sees(l.seat, l.from) && sees(l.seat, l.to), `linked ${l.from}→${l.to} from ${l.seat}`);
            linkedTo.set(l.from, l.to);
          } else if (sees(l.seat, l.from) && !sees(l.seat, l.to)) {
            assert.equal(result.kind, 'rejected');
            if (result.kind === 'rejected') assert.equal(result.error.error, 'link_not_visible');
          }
        }
        await world.runDeferred();
        await sweepReminders(world.coordination, new Date(world.clock.now().getTime() + 60_000));
        await world.runDeferred();

        // Close every case that can be closed (incidents last, so their linked reports hear back).
        const order = [...cases.keys()].sort((a, b) => Number(incidentCases.has(a)) - Number(incidentCases.has(b)));
        for (const i of order) {
          const seat = unitOf.get(i)!;
          if (i < plan.cases.length && !plan.cases[i].worked && !plan.cases[i].incident && linkedTo.has(i)) continue;
          const steps: CaseCommand[] = [
            { type: 'setStopped', stopped: 'yes', stopHow: `Stoppet S${i}x.` },
            {
              type: 'assess',
              risk: 'none',
              decision: 'do_not_notify',
              justification: `Ingen risiko S${i}x her.`,
              ...(i < plan.cases.length && plan.cases[i].municipalRisk ? { municipalRisks: ['media', 'reputation'] as const } : {}),
            } as CaseCommand,
            { type: 'dpoInformed' },
            { type: 'close', lessonsLearned: `Lære S${i}x`, feedback: { done: `Gjort S${i}x`, prevention: `Forebyg S${i}x`, authorityNotified: '', dpoInformed: '', personsInformed: '' } },
          ];
          for (const step of steps) await act(cases[i], seat, step);
        }
        // Crisis-cell decisions from any seat: only the committee's, and only on a case it was asked about.
        const asked = (i: number) => i < plan.cases.length && plan.cases[i].municipalRisk && (plan.cases[i].worked || plan.cases[i].incident || !linkedTo.has(i));
        for (const decision of plan.decisions) {
          const who: CaseActor =
            decision.seat === 'committee' ? { person: committeeMember, teamId: COMMITTEE_CHANNEL.teamId, roster } : actor(decision.seat);
          const result = await actOnCase(world.coordination, TENANT, cases[decision.target].id, who, { type: 'decideCrisisCell', convene: true, roles: ['it_leader'] });
          if (decision.seat !== 'committee') assert.deepEqual(result.kind === 'refused' && result.reason, 'committee_only', `decided from ${decision.seat}`);
          else if (asked(decision.target)) assert.equal(result.kind, 'done');
          else assert.notEqual(result.kind, 'done');
        }
        for (let round = 0; round < 4; round++) {
          await world.runDeferred();
          world.clock.advance(3 * 60_000);
          await sweepReminders(world.coordination, world.clock.now());
        }
        await world.runDeferred();

        // Exit 1: cards in channels. A card shows its case, and the names of the reports linked to it.
        for (const call of world.notifier.calls) {
          if (call.method !== 'postCaseCard' && call.method !== 'updateCaseCard') continue;
          if (call.post.unitId === COMMITTEE_UNIT || call.post.channel.teamId === COMMITTEE_CHANNEL.teamId) {
            // The committee's card: drawn as the notifier draws it. No case's text, no reporter, no CPR.
            assert.equal(call.post.unitId, COMMITTEE_UNIT, 'only the committee card goes to the committee channel');
            const drawn = JSON.stringify(renderCommitteeCard(call.breachCase, 'da', world.clock.now())).split(call.breachCase.id).join('');
            assert.deepEqual(marks(drawn), [], `the committee card carries no report text: ${drawn}`);
            assert.ok(!drawn.includes(call.breachCase.reporter.name), 'no reporter name');
            assert.ok(!/\d{6}-?\d{4}/.test(drawn), 'no CPR-like number');
            continue;
          }
          const team = call.post.channel.teamId;
          const seat = team === teamOf('central') ? 'central' : UNITS.find((u) => teamOf(u) === team)!;
          const own = reporterOf.get(call.breachCase.reporter.aadObjectId);
          assert.ok(own !== undefined && sees(seat, own), `a card of case ${own} in ${seat}`);
          const shown = marks({ report: call.breachCase.report, work: call.breachCase.work });
          for (const m of shown) assert.ok(sees(seat, m), `case ${m}'s text on a card in ${seat}`);
        }

        // Exit 2: what reporters are sent (drawn as the feedback card draws it).
        for (const call of world.notifier.delivered('sendToReporter')) {
          const to = reporterOf.get(call.breachCase.reporter.aadObjectId)!;
          const drawn = call.message.kind === 'closed' ? reporterFeedback(call.breachCase, call.breachCase.work, 'da') : call.message;
          for (const m of marks(drawn)) {
            const target = linkedTo.get(to);
            const entitled = m === to || (target === m && (incidentCases.has(m) || unitOf.get(m) === unitOf.get(to)));
            assert.ok(entitled, `case ${m}'s feedback reached the reporter of case ${to}`);
          }
        }

        // Exit 3: what each stored case holds is what its own seats read (case.show, «Vis hele sagen», the
        // export): its own texts, and a linked case's feedback only where the brief lets its reporter have it.
        for (const [i, c] of cases.entries()) {
          const now = world.cases.peek(TENANT, c.id)!.value;
          const target = linkedTo.get(i);
          for (const m of marks({ report: now.report, work: now.work })) {
            const entitled = m === i || (target === m && (incidentCases.has(m) || unitOf.get(m) === unitOf.get(i)));
            assert.ok(entitled, `case ${i}'s stored record holds case ${m}'s text`);
          }
        }

        // Exit 5 (issue 18): what nearest managers are sent. Manager i (case i's, when they have the app)
        // reads only case i's number and its units; never any case's texts (report, coordinators',
        // feedback), nor another case's number; at most one receipt and one close.
        const numbers = cases.map((c) => c.number);
        for (const [i, sent] of toManagers.entries()) {
          assert.ok(i % 2 === 0, `manager ${i} has no app, yet was sent something`);
          assert.ok(sent.filter((t) => /anmeldt et brud/.test(t)).length <= 1 && sent.filter((t) => /håndteret og lukket/.test(t)).length <= 1, `manager ${i}: ${sent.length} messages`);
          for (const text of sent) {
            assert.deepEqual(marks(text), [], `a case's text reached manager ${i}: ${text}`);
            assert.ok(text.includes(numbers[i]), `manager ${i}'s message names their case`);
            for (const [j, n] of numbers.entries()) if (j !== i) assert.ok(!text.includes(n), `manager ${i} read case ${j}'s number`);
          }
        }
        for (let i = 0; i < plan.cases.length; i += 2) assert.ok((toManagers.get(i) ?? []).some((t) => /anmeldt et brud/.test(t)), `manager ${i} got the receipt`);

        // Exit 4: case.show from any seat opens exactly the cases the seat sees (a unit that lists a case can open it).
        for (const show of plan.shows) {
          const i = show.target % cases.length;
          const read = await readCase(world.coordination, TENANT, cases[i].id, actor(show.seat), 'case.read');
          assert.equal(read.kind === 'ok', sees(show.seat, i), `case.show of ${i} from ${show.seat}`);
          // The committee's seat opens no case, whatever it was told about it.
          const committee = await readCase(world.coordination, TENANT, cases[i].id, { person: committeeMember, teamId: COMMITTEE_CHANNEL.teamId, roster }, 'case.read');
          assert.equal(committee.kind, 'refused', `case.show of ${i} from the committee`);
        }
        // The committee was told of exactly the cases asked about (one card each, at most).
        const committeePosts = world.notifier.delivered('postCaseCard').filter((call) => call.post.unitId === COMMITTEE_UNIT);
        for (const call of committeePosts) assert.ok(call.breachCase.work.committee, 'a committee card only for a case the committee was asked about');
      }),
      { numRuns: 40 },
    );
  });
});

/**
 * Issue 18: the nearest managers of the planned cases, `leder-<i>@ishoj.example`; those of even cases have
 * the app (a row with a chat in the people directory). Returns what each was sent, by case index.
 */
async function withManagers(world: MemoryWorld, count: number): Promise<Map<number, string[]>> {
  const people = new MemoryPeopleDirectory();
  world.reporting.people = people;
  world.coordination.people = people;
  const sent = new Map<number, string[]>();
  for (let i = 0; i < count; i += 2) {
    const m = person(500 + i, `Leder ${i}`);
    await people.remember({ tenantId: TENANT, aadObjectId: m.aadObjectId, teamsUserId: m.teamsUserId, name: m.name, email: `leder-${i}@ishoj.example`, userPrincipalName: '', address: { ...addressOf(m), conversationId: `chat-leder-${i}` } });
  }
  Object.assign(world.notifier, {
    async sendToPerson(address: ConversationAddress, _teamsUserId: string, text: string) {
      const i = Number(/chat-leder-(\d+)/.exec(address.conversationId)?.[1] ?? -1);
      sent.set(i, [...(sent.get(i) ?? []), text]);
      return 'sent' as const;
    },
  });
  return sent;
}
