/**
 * Issue 10, item 3: Teams' rate limits respected for every proactive send. The real server, a real
 * Azurite and the fake Bot Connector enforcing a rate per conversation as Teams does (429 with
 * Retry-After over the limit). Counted at the fake: the sends each conversation received per window
 * (attempts, refused ones included), whether any arrived while a Retry-After was running, and what
 * exists in the end (one card per case, every reminder said).
 */
import { strict as assert } from 'node:assert';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { TENANT, channelMessage, execute, message, personalConversationId, teamChannel, user, type User } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { TEAMS_RATE } from '../helpers/fakeConnector';
import { limitsFor } from '../../src/teams/pacing';
import type { BreachCase } from '../../src/domain/case';
import { actionData } from '../helpers/cardQueries';
import { copenhagenWallClock as local } from '../helpers/reportValues';

describe('e2e: Teams rate limits respected for every proactive send (issue 10)', function () {
  this.timeout(120_000);
  let storage: TestStorage;
  let h: Harness;
  const clock = new ControlledClock(new Date('2026-11-24T09:00:00Z'));
  const admin = user(6000, 'Anne Admin');
  const coord = user(6001, 'Karin Koordinator');
  const central = teamChannel(60, 'Sikkerhedsgruppen');
  const unit = teamChannel(61, 'Borgerservice');
  // Its own channel for the strict connector: the first test filled Borgerservice's 30 s window.
  const school = teamChannel(62, 'Skolen');
  let seq = 6100;

  before(async () => {
    storage = await startTestStorage();
    // Teams' own limits, as `npm run serve` paces with one instance (the harness is unpaced by default).
    h = await startHarness(testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] }), { clock, pacing: limitsFor(1) });
    h.connector.members.set(central.teamId, [{ id: admin.id, aadObjectId: admin.aadObjectId, name: admin.name }]);
    h.connector.members.set(unit.teamId, [{ id: coord.id, aadObjectId: coord.aadObjectId, name: coord.name }]);
    await h.post(channelMessage(admin, h.connector.url, central, 'tilmeld central'));
    await h.post(channelMessage(admin, h.connector.url, unit, 'tilmeld Borgerservice'));
    await h.post(channelMessage(admin, h.connector.url, school, 'tilmeld Skolen'));
  });
  afterEach(() => {
    h.connector.rateLimit = null;
    h.connector.delayMs = 0;
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });

  async function summaryOf(unitId: string): Promise<{ reporter: User; confirm: () => ReturnType<typeof execute> }> {
    const reporter = user(seq++);
    h.connector.members.set(personalConversationId(reporter), [{ id: reporter.id, aadObjectId: reporter.aadObjectId, name: reporter.name, email: reporter.email }]);
    await h.post(message(reporter, h.connector.url, 'anmeld'));
    const form = h.connector.sent(personalConversationId(reporter)).at(-1).attachments[0].content;
    const d = local(new Date(clock.now().getTime() - 3600_000));
    const values = {
      reporterName: reporter.name, reporterEmail: reporter.email, reporterTitle: 'Sagsbehandler', reporterDepartment: 'Borgerservice',
      unitIds: unitId, breachTypes: 'confidentiality', whatHappened: 'Et brev er sendt til en forkert borger.', dataKinds: 'names',
      personsAffected: '1', discoveredDate: d.date, discoveredTime: d.time, ongoing: 'stopped', supplierInvolved: 'no',
    };
    const summary = (await h.post(execute(reporter, h.connector.url, 'report.submit', { ...actionData(form, 'report.submit'), ...values }))).body.value;
    return { reporter, confirm: () => execute(reporter, h.connector.url, 'report.confirm', actionData(summary, 'report.confirm')) };
  }

  /** POST without waiting for the follow-up work (as Teams does), so the burst is a burst. */
  async function raw(activity: object): Promise<{ status: number; body: any }> {
    const res = await fetch(`${h.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  const numberIn = (body: any) => /BV-\d{4}-\d{4}/.exec(JSON.stringify(body))![0];
  const stored = async (number: string): Promise<BreachCase> => (await h.bot.storage.cases.findByNumber(TENANT, number))!.value;
  const cardsOf = (number: string, channelId: string) => h.connector.createdThreads(channelId).filter((c) => /BV-\d{4}-\d{4}/.exec(JSON.stringify(c.body?.activity))?.[0] === number);

  /** A burst of `n` confirms to one channel; then sweeps (a lease apart) until every card is posted. */
  async function burst(n: number, unitId: string): Promise<{ numbers: string[]; sweeps: number }> {
    const summaries = [];
    for (let i = 0; i < n; i++) summaries.push(await summaryOf(unitId));
    h.connector.clear();
    const answers = await Promise.all(summaries.map((s) => raw(s.confirm())));
    for (const a of answers) assert.equal(a.status, 200);
    await h.bot.idle();
    const numbers = answers.map((a) => numberIn(a.body));
    let sweeps = 0;
    for (; sweeps < 8; sweeps++) {
      const pending = [];
      for (const number of numbers) if (!(await stored(number)).posts?.[0]?.activityId) pending.push(number);
      if (pending.length === 0) break;
      // The pacer counts real time: a deferred card waits for its turn there, the lease on the test's clock.
      await new Promise((r) => setTimeout(r, 1000));
      clock.advance(130_000);
      await h.bot.sweep(clock.now());
    }
    return { numbers, sweeps };
  }

  function assertPaced(what: string): void {
    for (const p of h.connector.peakSends(TEAMS_RATE)) assert.ok(p.seen <= p.max, `${what}: ${p.seen} sends within ${p.ms} ms to one conversation (Teams allows ${p.max})`);
    assert.deepEqual(h.connector.retryAfterViolations(), [], `${what}: nothing sent to a conversation while its Retry-After ran`);
  }

  it('a burst of 20 cases to one channel, then their 20 reminders: never over Teams\' rate there, one card each, every reminder said', async () => {
    h.connector.rateLimit = { windows: TEAMS_RATE, retryAfterSeconds: 1 };
    h.connector.delayMs = 30;
    const { numbers } = await burst(20, 'borgerservice');
    assertPaced('the cards');
    for (const number of numbers) assert.equal(cardsOf(number, unit.channelId).length, 1, `${number}: one card`);
    const peakCards = h.connector.peakSends(TEAMS_RATE)[0];
    assert.equal(peakCards.key, unit.channelId, 'the busiest conversation is the unit channel');
    assert.ok(peakCards.seen >= 5, `the burst was a burst (${peakCards.seen} in a second)`);

    // 31 minutes on: every case is owed its "not taken" reminder, said in its thread with the card redrawn.
    clock.advance(31 * 60_000);
    for (let i = 0; i < 6; i++) {
      await h.bot.sweep(clock.now());
      const owed = [];
      for (const number of numbers) if (((await stored(number)).schedule?.outbox ?? []).length > 0) owed.push(number);
      if (owed.length === 0) break;
      clock.advance(130_000);
    }
    for (const number of numbers) {
      const c = await stored(number);
      assert.deepEqual(c.schedule?.outbox ?? [], [], `${number}: nothing left in the outbox`);
      const lines = h.connector.createdIn(c.posts![0].threadId!, 'POST').filter((call) => /<at>/.test(call.body?.text ?? ''));
      assert.equal(lines.length, 1, `${number}: its reminder said once in its thread`);
    }
    assertPaced('cards and reminders');
    const sends = [...h.connector.sendTimes().get(unit.channelId)!];
    assert.ok(sends.length >= 60, `20 cards + 20 reminder lines + 20 card updates reached the channel (${sends.length})`);
  });

  it('a connector stricter than Teams (2 a second, Retry-After 2 s): its 429s are honoured for the whole channel, and every card arrives once', async () => {
    h.connector.rateLimit = { windows: [{ ms: 1000, max: 2 }], retryAfterSeconds: 2 };
    const { numbers } = await burst(10, 'skolen');
    assert.ok(h.connector.throttles.length > 0, 'the stricter connector did answer 429');
    assert.deepEqual(h.connector.retryAfterViolations(), [], 'no send reached the channel before its Retry-After had passed');
    for (const number of numbers) assert.equal(cardsOf(number, school.channelId).length, 1, `${number}: one card, none lost, none doubled`);
    assert.equal(h.connector.createdThreads(school.channelId).length, numbers.length);
  });
});
