import { strict as assert } from 'node:assert';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { channelMessage, installInTeam, teamChannel, user, type TeamChannel, type User } from '../helpers/activities';
import { startHarness, testConfig, type Harness } from '../helpers/botHarness';

describe('e2e: channels and routing', function () {
  this.timeout(30000);
  let storage: TestStorage;
  let h: Harness;
  const admin = user(900, 'Admin Person');
  const dpo = user(901, 'Dpo Person');
  const outsider = user(902, 'Ude Person');
  const central = teamChannel(1, 'Sikkerhedsgruppen');
  const school = teamChannel(2, 'Skoleområdet');

  const memberOf = (ch: TeamChannel, ...users: User[]) =>
    h.connector.members.set(ch.teamId, users.map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));

  before(async () => {
    storage = await startTestStorage();
    h = await startHarness(testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] }));
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });
  beforeEach(() => h.connector.clear());

  const say = async (u: User, ch: TeamChannel, text: string) => {
    const res = await h.post(channelMessage(u, h.connector.url, ch, text));
    assert.equal(res.status, 200);
    return h.connector.sent().at(-1)?.text as string;
  };

  it('introduces itself when installed in a team', async () => {
    await h.post(installInTeam(admin, h.connector.url, central));
    assert.match(h.connector.sent()[0].text, /jeg er Brudvagt/);
  });

  it('only an administrator may register the central channel', async () => {
    memberOf(central, dpo);
    assert.match(await say(dpo, central, 'tilmeld central'), /Kun administratorerne/);
    assert.match(await say(admin, central, 'tilmeld central'), /centrale sikkerhedsgruppes/);
  });

  it('a member of the central team may register a unit; an outsider is refused, and both are audited', async () => {
    memberOf(central, dpo);
    assert.match(await say(outsider, school, 'tilmeld Skoler og Dagtilbud'), /Kun medlemmer af den centrale/);
    assert.match(await say(dpo, school, 'register Skoler og Dagtilbud'), /koordinatorkanal for «Skoler og Dagtilbud»/);
    const units = await h.bot.storage.units.list('11111111-2222-4333-8444-555555555555');
    assert.deepEqual(units, [{ id: 'skoler-og-dagtilbud', name: 'Skoler og Dagtilbud' }]);
    const audit = await h.bot.storage.audit.listForCase('11111111-2222-4333-8444-555555555555', 'routing:skoler-og-dagtilbud');
    assert.deepEqual(audit.map((a) => [a.actorAadId, a.outcome]), [
      [outsider.aadObjectId, 'refused'],
      [dpo.aadObjectId, 'allowed'],
    ]);
  });

  it('someone removed from the central team loses the right at once', async () => {
    memberOf(central);
    assert.match(await say(dpo, school, 'tilmeld Ældreplejen'), /Kun medlemmer/);
  });

  it('shows the routing only to administrators and central members, and audits a refusal', async () => {
    memberOf(central, dpo);
    assert.match(await say(outsider, school, 'enheder'), /Kun medlemmer af den centrale sikkerhedsgruppes team eller administratorerne kan se/);
    assert.match(await say(dpo, school, 'units'), /Skoler og Dagtilbud: Skoleområdet/);
    const audit = await h.bot.storage.audit.listForCase('11111111-2222-4333-8444-555555555555', 'routing:all');
    assert.deepEqual(audit.map((a) => [a.actorAadId, a.outcome]), [
      [outsider.aadObjectId, 'refused'],
      [dpo.aadObjectId, 'allowed'],
    ]);
  });

  it('a roster that does not answer refuses with its own message and audit outcome, never "not a member"', async () => {
    memberOf(central, dpo);
    // 401: Teams refuses the bot itself (an expired secret); 5xx would be retried by the SDK for seconds.
    h.connector.outage = { path: /\/members\//, status: 401 };
    try {
      assert.match(await say(dpo, school, 'tilmeld Kulturhuset'), /kunne ikke slå dit medlemskab op/);
      assert.match(await say(dpo, school, 'enheder'), /kunne ikke slå dit medlemskab op/);
    } finally {
      h.connector.outage = null;
    }
    const audit = await h.bot.storage.audit.listForCase('11111111-2222-4333-8444-555555555555', 'routing:kulturhuset');
    assert.deepEqual(audit.map((a) => [a.actorAadId, a.outcome, a.detail]), [[dpo.aadObjectId, 'refused', 'roster_unavailable']]);
    assert.match(await say(dpo, school, 'tilmeld Kulturhuset'), /koordinatorkanal for «Kulturhuset»/, 'allowed again once Teams answers');
  });

  it('lists the routing and unregisters a unit', async () => {
    const list = await say(admin, school, 'enheder');
    assert.match(list, /Central: Sikkerhedsgruppen/);
    assert.match(list, /Skoler og Dagtilbud: Skoleområdet/);
    assert.match(await say(admin, school, 'afmeld Skoler og Dagtilbud'), /er afmeldt/);
    assert.match(await say(admin, school, 'afmeld Skoler og Dagtilbud'), /ikke tilmeldt/);
    assert.match(await say(admin, school, 'noget andet'), /tilmeld <enhed>/);
  });
});
