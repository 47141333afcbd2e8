/**
 * Issue 18, part 2, as the README's Playground walkthrough sets it up: the Agents Playground has one channel
 * besides General, so the committee is registered in the central channel. Both registrations must hold side by
 * side: the central channel keeps its register commands, the committee's card arrives there, and its members
 * (here the central team) decide on it. In Teams the committee has a team of its own (test/e2e/committee.test.ts).
 */
import { strict as assert } from 'node:assert';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { TENANT, channelExecute, channelMessage, execute, message, personalConversationId, teamChannel, user, type TeamChannel, type User } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { actionData } from '../helpers/cardQueries';
import { copenhagenWallClock as local } from '../helpers/reportValues';
import type { BreachCase } from '../../src/domain/case';
import { CENTRAL_UNIT, COMMITTEE_UNIT } from '../../src/domain/unit';

describe('e2e: the committee registered in the central channel (the Playground walkthrough, issue 18)', function () {
  this.timeout(120_000);
  let storage: TestStorage;
  let h: Harness;
  const clock = new ControlledClock(new Date('2026-11-23T09:00:00Z'));
  const admin = user(9500, 'Mette Admin');
  const coord = user(9501, 'Karin Koordinator');
  const reporter = user(9502, 'Rasmus Anmelder');
  const central = teamChannel(95, 'Informationssikkerhed');
  const unit = teamChannel(96, 'Skoler');
  const m = (u: User) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email });
  const byNumber = async (number: string): Promise<BreachCase> => (await h.bot.storage.cases.findByNumber(TENANT, number))!.value;
  const say = async (u: User, ch: TeamChannel, text: string): Promise<string> => {
    const res = await h.post(channelMessage(u, h.connector.url, ch, text));
    assert.equal(res.status, 200);
    return JSON.stringify(h.connector.sent(ch.channelId).at(-1) ?? '');
  };

  before(async () => {
    storage = await startTestStorage();
    h = await startHarness(testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] }), { clock });
    h.connector.members.set(central.teamId, [m(admin)]);
    h.connector.members.set(unit.teamId, [m(coord)]);
    h.connector.members.set(personalConversationId(reporter), [m(reporter)]);
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });

  it('«tilmeld central» and «tilmeld udvalg» in one channel: both held, the register still answers there', async () => {
    assert.match(await say(admin, central, 'tilmeld central'), /centrale sikkerhedsgruppes/);
    assert.match(await say(admin, unit, 'tilmeld Skoler'), /Skoler/);
    await say(admin, central, 'tilmeld udvalg');
    assert.equal((await h.bot.storage.units.get(TENANT, CENTRAL_UNIT))?.channel.channelId, central.channelId);
    assert.equal((await h.bot.storage.units.get(TENANT, COMMITTEE_UNIT))?.channel.channelId, central.channelId);
    // `sager` in the shared channel is still the central register, not "this channel is not registered".
    assert.doesNotMatch(await say(admin, central, 'sager'), /ikke tilmeldt/);
  });

  it('a risk to the municipality: the committee card arrives in the shared channel, and its team decides on it', async () => {
    await h.post(message(reporter, h.connector.url, 'anmeld'));
    const form = h.connector.sent(personalConversationId(reporter)).at(-1).attachments[0].content;
    const discovered = local(new Date(clock.now().getTime() - 2 * 3600_000));
    const values = {
      reporterName: reporter.name, reporterEmail: reporter.email, reporterTitle: 'Lærer', reporterDepartment: 'Skoler',
      unitIds: 'skoler', breachTypes: 'confidentiality', whatHappened: 'Elevlister med navne blev sendt til en forkert forælder.', dataKinds: 'names', personsAffected: '30',
      discoveredDate: discovered.date, discoveredTime: discovered.time, ongoing: 'stopped', supplierInvolved: 'no', system: 'Aula',
    };
    const summary = (await h.post(execute(reporter, h.connector.url, 'report.submit', { ...actionData(form, 'report.submit'), ...values }))).body.value;
    const receipt = (await h.post(execute(reporter, h.connector.url, 'report.confirm', actionData(summary, 'report.confirm')))).body.value;
    const number = /BV-\d{4}-\d{4}/.exec(JSON.stringify(receipt))![0];
    await h.bot.idle();
    let c = await byNumber(number);
    const post = c.posts.find((p) => p.channel.channelId === unit.channelId)!;
    const press = async (verb: string, data: Record<string, unknown>) => {
      const res = await h.post(channelExecute(coord, h.connector.url, unit, post.threadId!, verb, { caseId: c.id, rev: String(c.work.timeline.length), ...data }, post.activityId!));
      assert.equal(res.status, 200);
      await h.bot.idle();
      c = await byNumber(number);
    };
    await press('case.acknowledge', {});
    await press('case.assess', { risk: 'risk', decision: 'notify', justification: 'Elevlister med navne til en forkert forælder.', municipalRisks: 'media' });
    assert.ok(c.committeePost?.threadId, 'the committee card is posted');
    assert.equal(c.committeePost?.channel?.channelId, central.channelId, 'in the shared channel');
    const cards = h.connector.createdThreads(central.channelId).filter((t) => JSON.stringify(t.body?.activity).includes(number));
    // The central copy of the case card is not posted (no escalation); the one new thread is the committee's card.
    assert.equal(cards.length, 1);
    assert.doesNotMatch(JSON.stringify(cards[0].body), /Elevlister|Rasmus|forkert forælder/, 'no report text, no reporter');
    const cp = c.committeePost!;
    const res = await h.post(channelExecute(admin, h.connector.url, central, cp.threadId!, 'committee.decide', { caseId: c.id, convene: 'no' }, cp.activityId!));
    assert.equal(res.status, 200);
    await h.bot.idle();
    c = await byNumber(number);
    assert.equal(c.work.committee?.decision?.convene, false, 'decided by the central team, the committee here');
    assert.equal(c.work.committee?.decision?.decidedBy, admin.name);
  });
});
