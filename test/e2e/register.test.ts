import { FIXTURE_CLOSE_REASON } from '../helpers/closeReason';
import { strict as assert } from 'node:assert';
import type { BreachCase, CasePost } from '../../src/domain/case';
import type { TableRegisterIndex } from '../../src/storage/tableRegisterIndex';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { channelExecute, channelMessage, message, teamChannel, TENANT, user, type TeamChannel, type User } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { cardOf, cardText, inputValue } from '../helpers/cardQueries';
import { after as hoursAfter, caseOf, feedback, KNOWN_NOW, knownYear, noRisk } from '../domain/registerFixtures';

describe('e2e: the breach register (sager, statistik, log)', function () {
  this.timeout(30000);
  let storage: TestStorage;
  let h: Harness;
  const clock = new ControlledClock(new Date(KNOWN_NOW));
  const admin = user(950, 'Admin Person');
  const dpo = user(951, 'Dorte DPO');
  const sofie = user(952, 'Sofie Skole');
  const viggo = user(953, 'Viggo Vej');
  const outsider = user(954, 'Ude Person');
  const central = teamChannel(61, 'Sikkerhedsgruppen');
  const school = teamChannel(62, 'Skoleområdet');
  const roads = teamChannel(63, 'Vej og Park');
  const cases = new Map<string, BreachCase>();

  const postIn = (ch: TeamChannel, unitId: string): CasePost => ({
    unitId,
    unitName: unitId,
    channel: { serviceUrl: 'http://127.0.0.1:1/', tenantId: TENANT, teamId: ch.teamId, teamName: ch.teamName, channelId: ch.channelId, channelName: ch.channelName, botId: '28:brudvagt-bot' },
    viaCentral: false,
    locale: 'da',
    threadId: `${ch.channelId};messageid=1`,
    activityId: '1',
    postedAt: KNOWN_NOW,
  });

  before(async () => {
    storage = await startTestStorage();
    h = await startHarness(testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] }), { clock });
    h.connector.members.set(central.teamId, [dpo].map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));
    h.connector.members.set(school.teamId, [sofie].map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));
    h.connector.members.set(roads.teamId, [viggo].map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));
    await h.post(channelMessage(admin, h.connector.url, central, 'tilmeld central'));
    await h.post(channelMessage(dpo, h.connector.url, school, 'tilmeld Skoler'));
    await h.post(channelMessage(dpo, h.connector.url, roads, 'tilmeld Vej'));
    // The known year (2026) and 22 closed cases of 2025 to page through.
    const year2025 = Array.from({ length: 22 }, (_, i) => {
      const at = new Date(Date.UTC(2025, 0, 2 + i * 5, 9)).toISOString();
      return caseOf({
        id: `old${i}`, number: `BV-2025-${String(i + 1).padStart(4, '0')}`, reportedAt: at, units: ['vej'],
        steps: [
          [1, { type: 'assess', risk: 'none', decision: 'do_not_notify', justification: noRisk }],
          [2, { type: 'close', closeReason: FIXTURE_CLOSE_REASON, lessonsLearned: 'Ingen.', feedback }],
        ],
      });
    });
    for (const c of [...knownYear('reg'), ...year2025]) {
      const unit = c.report.unitIds[0];
      const placed: BreachCase = { ...c, tenantId: TENANT, posts: unit === 'skoler' ? [postIn(school, 'skoler')] : unit === 'vej' ? [postIn(roads, 'vej')] : [] };
      assert.equal(await h.bot.storage.cases.create(placed), 'created');
      cases.set(c.number, placed);
    }
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });
  beforeEach(() => h.connector.clear());

  const say = async (u: User, ch: TeamChannel, text: string) => {
    const res = await h.post(channelMessage(u, h.connector.url, ch, text));
    assert.equal(res.status, 200);
    return h.connector.sent().at(-1);
  };
  const press = async (u: User, ch: TeamChannel, verb: string, data: Record<string, unknown>) => {
    const res = await h.post(channelExecute(u, h.connector.url, ch, ch.channelId, verb, data, 'card-1'));
    assert.equal(res.status, 200);
    return res.body;
  };
  /** The case numbers on a register card, in order (the row buttons). */
  const rowsOf = (card: any): string[] => (JSON.stringify(card).match(/"title":"BV-\d{4}-\d{4}"/g) ?? []).map((m) => m.slice(9, 21));
  const auditOf = (target: string) => h.bot.storage.audit.listForCase(TENANT, target);
  const filter = (over: Record<string, string>) => ({ status: 'all', year: '2026', unit: '*', notified: '*', cursor: '', ...over });

  it('the central channel sees every case of the tenant: open ones by deadline, then closed ones newest first', async () => {
    const card = cardOf(await say(dpo, central, 'sager'));
    assert.deepEqual(rowsOf(card), ['BV-2026-0004', 'BV-2026-0005', 'BV-2026-0003', 'BV-2026-0002', 'BV-2026-0001']);
    assert.equal(inputValue(card, 'unit'), '*');
    assert.match(cardText(card), /Frist overskredet/);
    const audit = await auditOf('register:*');
    assert.deepEqual(audit.map((a) => [a.actorAadId, a.action, a.outcome]).at(-1), [dpo.aadObjectId, 'register.list', 'allowed']);
  });

  it("a unit channel sees its own unit's cases only, without a unit filter", async () => {
    const card = cardOf(await say(sofie, school, 'cases'));
    assert.deepEqual(rowsOf(card), ['BV-2026-0002', 'BV-2026-0001']);
    assert.equal(inputValue(card, 'unit'), undefined);
    // A unit channel cannot widen its scope through the card's data.
    const widened = (await press(sofie, school, 'register.list', filter({ unit: 'vej' }))).value;
    assert.deepEqual(rowsOf(widened), ['BV-2026-0002', 'BV-2026-0001']);
  });

  it("an outsider, and a unit member in another unit's channel, are refused, and both are audited", async () => {
    assert.match((await say(outsider, central, 'sager')).text, /Kun medlemmer af kanalens team/);
    assert.match((await say(sofie, roads, 'sager')).text, /Kun medlemmer af kanalens team/);
    assert.match(String((await press(outsider, central, 'register.list', filter({}))).value), /Kun medlemmer/);
    assert.deepEqual((await auditOf('register:*')).filter((a) => a.outcome === 'refused').map((a) => [a.actorAadId, a.detail]), [
      [outsider.aadObjectId, 'not_member'],
      [outsider.aadObjectId, 'not_member'],
    ]);
    assert.deepEqual((await auditOf('register:vej')).filter((a) => a.outcome === 'refused').map((a) => a.actorAadId), [sofie.aadObjectId]);
  });

  it('a personal chat and an unregistered channel are refused and audited', async () => {
    await h.post(message(dpo, h.connector.url, 'sager'));
    assert.match(h.connector.sent().at(-1).text, /kun i de tilmeldte koordinatorkanaler/);
    assert.match((await say(dpo, teamChannel(69, 'Frokost'), 'statistik')).text, /ikke tilmeldt som koordinatorkanal/);
    const refused = (await auditOf('register:?')).map((a) => [a.actorAadId, a.action, a.detail]);
    assert.deepEqual(refused, [
      [dpo.aadObjectId, 'register.list', 'not_channel'],
      [dpo.aadObjectId, 'register.statistics', 'not_registered'],
    ]);
  });

  it('each filter: status, year, unit (central) and notified', async () => {
    const rows = async (over: Record<string, string>) => rowsOf((await press(dpo, central, 'register.list', filter(over))).value);
    assert.deepEqual(await rows({ status: 'open' }), ['BV-2026-0004', 'BV-2026-0005']);
    assert.deepEqual(await rows({ status: 'overdue' }), ['BV-2026-0004']);
    assert.deepEqual(await rows({ status: 'awaiting' }), ['BV-2026-0004']);
    assert.deepEqual(await rows({ status: 'closed' }), ['BV-2026-0003', 'BV-2026-0002', 'BV-2026-0001']);
    assert.deepEqual(await rows({ unit: 'skoler' }), ['BV-2026-0002', 'BV-2026-0001']);
    assert.deepEqual(await rows({ notified: 'yes' }), ['BV-2026-0005', 'BV-2026-0002', 'BV-2026-0001']);
    assert.deepEqual(await rows({ notified: 'no', status: 'closed' }), ['BV-2026-0003']);
    assert.deepEqual((await rows({ year: '2025', status: 'open' })), []);
    // The filter is written to the audit with the read.
    assert.match((await auditOf('register:*')).at(-1)!.detail!, /status=open year=2025/);
  });

  it('pages about 20 at a time, newest first, and back to the first page', async () => {
    const first = (await press(dpo, central, 'register.list', filter({ year: '2025' }))).value;
    assert.equal(rowsOf(first).length, 20);
    assert.equal(rowsOf(first)[0], 'BV-2025-0022');
    assert.match(cardText(first), /Side 1/);
    const next = first.actions.find((a: any) => a.title === 'Næste side');
    const second = (await press(dpo, central, 'register.list', { ...filter({ year: '2025' }), ...next.data })).value;
    assert.deepEqual(rowsOf(second), ['BV-2025-0002', 'BV-2025-0001']);
    assert.match(cardText(second), /Side 2/);
    assert.ok(!second.actions.some((a: any) => a.title === 'Næste side'));
    assert.ok(second.actions.some((a: any) => a.title === 'Første side'));
    // "Next page" pressed after changing a filter starts that list from its first page.
    const changed = (await press(dpo, central, 'register.list', { ...filter({ year: '2025', notified: 'no' }), ...next.data })).value;
    assert.equal(rowsOf(changed)[0], 'BV-2025-0022');
    assert.match(cardText(changed), /Side 1/);
  });

  it('a row opens the case card, and the read is audited', async () => {
    const card = cardOf(await say(dpo, central, 'sager'));
    const button = JSON.stringify(card).match(/"title":"BV-2026-0001","verb":"case.show","data":\{"caseId":"([^"]+)","fromList":"1","cursor":""\}/);
    assert.ok(button, 'a case.show button for BV-2026-0001');
    const opened = (await press(dpo, central, 'case.show', { caseId: button[1] })).value;
    assert.match(cardText(opened), /BV-2026-0001/);
    const reads = (await auditOf(button[1])).filter((a) => a.action === 'case.read');
    assert.deepEqual(reads.map((a) => [a.actorAadId, a.outcome]), [[dpo.aadObjectId, 'allowed']]);
    // From a unit channel too, for its own unit's case.
    const fromSchool = (await press(sofie, school, 'case.show', { caseId: button[1] })).value;
    assert.match(cardText(fromSchool), /BV-2026-0001/);
  });

  it('the audit trail: in the central channel only, newest first, and reading it is audited', async () => {
    const id = cases.get('BV-2026-0001')!.id;
    const card = cardOf(await say(dpo, central, 'log BV-2026-0001'));
    const text = cardText(card);
    assert.match(text, /Adgangslog for BV-2026-0001/);
    const lines = (card.body as any[]).filter((b) => b.type === 'ColumnSet').map((b) => cardText(b));
    // In words (issue 17): who, what they did, the outcome.
    assert.match(lines[0], /Dorte DPO\nlæste adgangsloggen\nudført/);
    assert.ok(lines.some((l) => /Sofie Skole\nåbnede sagen\nudført/.test(l)));
    assert.match(lines[0], /20\.05\.2026 kl\. 10:00/); // Copenhagen time (08:00Z, summer time)
    assert.match((await say(sofie, school, 'audit BV-2026-0001')).text, /kun i den centrale sikkerhedsgruppes kanal/);
    assert.match((await say(outsider, central, 'log BV-2026-0001')).text, /Kun medlemmer/);
    const trail = await auditOf(id);
    assert.equal(trail.filter((a) => a.action === 'audit.read' && a.outcome === 'allowed').length, 1);
    assert.deepEqual((await auditOf('audit:BV-2026-0001')).map((a) => [a.actorAadId, a.detail]), [
      [sofie.aadObjectId, 'central_only'],
      [outsider.aadObjectId, 'not_member'],
    ]);
    assert.match((await say(dpo, central, 'log BV-2026-9999')).text, /findes ikke/);
  });

  it('a long audit trail is paged, newest first', async () => {
    const id = cases.get('BV-2026-0002')!.id;
    for (let i = 0; i < 30; i++) await press(dpo, central, 'case.show', { caseId: id });
    const first = cardOf(await say(dpo, central, 'audit BV-2026-0002'));
    assert.match(cardText(first), /Side 1 af 2/);
    assert.equal((first.body as any[]).filter((b) => b.type === 'ColumnSet').length, 25);
    const older = first.actions.find((a: any) => a.verb === 'audit.page');
    const second = (await press(dpo, central, 'audit.page', older.data)).value;
    assert.match(cardText(second), /Side 2 af 2/);
    assert.equal((second.body as any[]).filter((b) => b.type === 'ColumnSet').length, 32 - 25);
  });

  it('statistics: the known figures on the card, beside the charts, for the whole tenant or one unit', async () => {
    const card = cardOf(await say(dpo, central, 'statistik 2026'));
    const facts = JSON.stringify((card.body as any[]).filter((b) => b.type === 'FactSet'));
    for (const f of [
      '"Anmeldelser i alt","value":"5"',
      '"Anmeldt til Datatilsynet","value":"3"',
      '"Andel anmeldt","value":"60 %"',
      '"Andel anmeldt inden for 72 timer","value":"67 %"',
      '"Median timer fra kendskab til anmeldelse","value":"10 t"',
      '"Ikke anmeldt, med begrundelse","value":"1"',
      '"Median timer til afslutning","value":"24 t"',
      '"Åbne nu","value":"2"',
      '"Frist overskredet nu","value":"1"',
      '"Skoler","value":"2"',
    ]) assert.ok(facts.includes(f), f);
    const charts = (card.body as any[]).filter((b) => String(b.type).startsWith('Chart.'));
    assert.deepEqual(charts.map((c) => c.type), ['Chart.VerticalBar', 'Chart.Donut', 'Chart.Gauge']);
    const unit = cardOf(await say(sofie, school, 'statistics'));
    assert.ok(JSON.stringify(unit).includes('"Anmeldelser i alt","value":"2"'));
    // An empty year draws no chart (its axis read «.00e-4 / .50e-5»: issue 17, finding 8); the facts say 0.
    const empty = cardOf(await say(dpo, central, 'statistik 2020'));
    assert.deepEqual((empty.body as any[]).filter((b) => String(b.type).startsWith('Chart.')), []);
    assert.match(cardText(empty), /Ingen anmeldelser i 2020\./);
    assert.match(cardText(empty), /Anmeldelser pr\. måned/);
    assert.ok(JSON.stringify(empty.body).includes('"Anmeldelser i alt","value":"0"'));
    assert.ok(JSON.stringify(empty.body).includes('"jan","value":"0"'), 'the months are listed with 0');
    assert.match((await say(outsider, central, 'statistik')).text, /Kun medlemmer/);
  });

  it('listing repairs what a crash left behind (a marker older than a minute), at most once a minute', async () => {
    const index = h.bot.storage.register as TableRegisterIndex;
    await index.announce(TENANT, 2026, 'ghostcase', clock.now());
    clock.advance(2 * 60_000);
    try {
      await say(dpo, central, 'sager');
      assert.deepEqual(await index.unsynced(TENANT, 2026, clock.now()), []);
    } finally {
      clock.set(new Date(KNOWN_NOW));
    }
  });

  it('a case written later shows in the register at once (the index follows the case write)', async () => {
    const c = cases.get('BV-2026-0004')!;
    const found = (await h.bot.storage.cases.get(TENANT, c.id))!;
    const later = caseOf({ id: c.id, number: c.number, reportedAt: c.reportedAt, units: [], steps: [[1, { type: 'assess', risk: 'risk', decision: 'notify', justification: 'Risiko for de berørte borgere.' }], [2, { type: 'recordAuthorityNotification', kind: 'initial', at: hoursAfter(c.reportedAt, 2), reference: 'DT-4', followUpPending: false }]] });
    await h.bot.storage.cases.update({ ...found.value, work: later.work, status: later.status }, found.etag);
    const rows = rowsOf((await press(dpo, central, 'register.list', filter({ status: 'overdue' }))).value);
    assert.deepEqual(rows, []);
  });
});
