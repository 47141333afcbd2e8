import { strict as assert } from 'node:assert';
import type { BreachCase } from '../../src/domain/case';
import { SAME_SENDING_MS } from '../../src/domain/sameSending';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { channelMessage, execute, message, personalConversationId, teamChannel, TENANT, user, type User } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { actionData, cardOf, cardText } from '../helpers/cardQueries';
import { validReportValues } from '../helpers/reportValues';
import { caseOf } from '../domain/registerFixtures';

/**
 * Issue 17, finding 8 (the smaller items), over HTTP against the real server: what the person sees
 * after a double tap on «Send anmeldelse», a tied report in «mine sager», the channel's words about the
 * export's buttons in local mode, and a second «Hent filen». (Also the phone form's first report:
 * title and department are optional.)
 */
describe('e2e: issue 17, the smaller items of finding 8', function () {
  this.timeout(60000);
  let storage: TestStorage;
  let h: Harness;
  const clock = new ControlledClock(new Date('2026-11-23T09:30:00Z'));
  let n = 1700;
  let u: User;
  const admin = user(1790, 'Admin Person');
  const dpo = user(1791, 'Dorte DPO');
  const central = teamChannel(1791, 'Sikkerhedsgruppen');

  before(async () => {
    storage = await startTestStorage();
    h = await startHarness(testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] }), { clock });
    h.connector.members.set(central.teamId, [{ id: dpo.id, aadObjectId: dpo.aadObjectId, name: dpo.name }]);
    await h.post(channelMessage(admin, h.connector.url, central, 'tilmeld central'));
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });
  beforeEach(() => {
    n += 1;
    u = user(n);
    h.connector.members.set(personalConversationId(u), [{ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email }]);
    h.connector.clear();
  });

  async function run(verb: string, data: Record<string, unknown>, who = u): Promise<any> {
    const res = await h.post(execute(who, h.connector.url, verb, data));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  }
  async function summaryOf(values: Record<string, string>): Promise<any> {
    await h.post(message(u, h.connector.url, 'anmeld'));
    const form = cardOf(h.connector.sent(personalConversationId(u)).at(-1));
    return (await run('report.submit', { ...actionData(form, 'report.submit'), ...values })).value;
  }

  it('a double tap: both answers are the normal receipt; a press on the old card later says it was already received', async () => {
    const summary = await summaryOf({ ...validReportValues(clock.now()), unitIds: '_central' });
    assert.match(cardText(summary), /Tjek din anmeldelse/);
    const confirm = actionData(summary, 'report.confirm');
    const [a, b] = await Promise.all([run('report.confirm', confirm), run('report.confirm', confirm)]);
    for (const answer of [a, b]) {
      const text = cardText(answer.value);
      assert.match(text, /BV-2026-\d{4}/, text);
      assert.doesNotMatch(text, /allerede modtaget/, 'the first receipt the person sees is the normal one');
    }
    clock.advance(SAME_SENDING_MS - 1000);
    assert.doesNotMatch(cardText((await run('report.confirm', confirm)).value), /allerede modtaget/, 'a Teams retry within the window');
    clock.advance(2000);
    assert.match(cardText((await run('report.confirm', confirm)).value), /Anmeldelsen var allerede modtaget – her er kvitteringen igen/);
    assert.equal((await h.bot.storage.cases.listByReporter(TENANT, u.aadObjectId)).length, 1);
  });

  it('the phone form: a first report goes through without title and department (they wait, optional, behind «Flere oplysninger»)', async () => {
    const summary = await summaryOf({ ...validReportValues(clock.now()), unitIds: '_central', reporterTitle: '', reporterDepartment: '' });
    assert.match(cardText(summary), /Tjek din anmeldelse/, 'the summary, not the form with errors');
  });

  it('«mine sager»: a report tied to a known incident reads as tied and handled there, not as waiting for a coordinator', async () => {
    const reporter = { aadObjectId: u.aadObjectId, teamsUserId: u.id, name: u.name };
    const base = caseOf({ id: `tied-${n}`, number: 'BV-2026-0917', reportedAt: clock.now().toISOString(), units: ['skoler'] });
    const tied: BreachCase = { ...base, tenantId: TENANT, reporter, work: { ...base.work, linkedTo: 'BV-2026-0901' } };
    const own: BreachCase = { ...base, id: `own-${n}`, number: 'BV-2026-0918', tenantId: TENANT, reporter };
    assert.equal(await h.bot.storage.cases.create(tied), 'created');
    assert.equal(await h.bot.storage.cases.create(own), 'created');
    await h.post(message(u, h.connector.url, 'mine sager'));
    const text = cardText(cardOf(h.connector.sent(personalConversationId(u)).at(-1)));
    assert.match(text, /BV-2026-0917[\s\S]*Knyttet til BV-2026-0901 \(kendt hændelse\) – håndteres der/);
    assert.match(text, /BV-2026-0918[\s\S]*Modtaget – venter på koordinator/, 'a case of its own still waits for a coordinator');
    assert.equal(text.match(/venter på koordinator/g)?.length, 1);
    h.connector.clear();
    await h.post(message(u, h.connector.url, 'my cases', 'en-US'));
    assert.match(cardText(cardOf(h.connector.sent(personalConversationId(u)).at(-1))), /Tied to BV-2026-0901 \(known incident\) – handled there/);
  });

  it('local mode: the channel names «Gem filen» (the button shown), and a second «Hent filen» is a page in words, Danish or English', async () => {
    const res = await h.post(channelMessage(dpo, h.connector.url, central, 'eksport 2026'));
    assert.equal(res.status, 200);
    const said = h.connector.sent(central.channelId).at(-1).text as string;
    assert.match(said, /Tryk «Gem filen» der og derefter «Hent filen»/);
    assert.doesNotMatch(said, /Tillad/);
    const offer = h.connector.sent(`a:1on1-${dpo.id}`).at(-1).attachments[0].content;
    assert.ok(cardText(offer).includes('Gem filen') || JSON.stringify(offer).includes('Gem filen'), 'the button the channel named');
    const accept = offer.actions.find((a: any) => a.verb === 'export.local.accept');
    const ready = (
      await h.post({ ...execute(dpo, h.connector.url, 'export.local.accept', accept.data), conversation: { id: personalConversationId(dpo), conversationType: 'personal', tenantId: TENANT } })
    ).body.value;
    const link = ready.actions.find((a: any) => a.type === 'Action.OpenUrl');
    assert.equal((await fetch(link.url)).status, 200);
    const again = await fetch(link.url, { headers: { 'accept-language': 'da-DK,da;q=0.9,en;q=0.8' } });
    assert.equal(again.status, 404);
    assert.match(again.headers.get('content-type') ?? '', /^text\/html/);
    const page = await again.text();
    assert.match(page, /<html lang="da">/);
    assert.match(page, /allerede brugt eller udløbet/);
    assert.match(page, /Skriv «@Brudvagt eksport» i koordinatorkanalen for at få en ny fil/);
    assert.doesNotMatch(page, /not found/);
    const english = await fetch(link.url, { headers: { 'accept-language': 'en-US,en;q=0.9,da;q=0.5' } });
    assert.equal(english.status, 404);
    const englishPage = await english.text();
    assert.match(englishPage, /<html lang="en">/);
    assert.match(englishPage, /already been used or has expired[\s\S]*@Brudvagt export/);
    // No language header (a plain fetch): Danish, the product's default.
    assert.match(await (await fetch(`${h.url}/api/exports/${'x'.repeat(43)}`)).text(), /<html lang="da">/);
  });
});
