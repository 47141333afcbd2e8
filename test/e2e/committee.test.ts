/**
 * Issue 18, part 2: risk to the municipality, the information-security committee and the crisis cell,
 * over the real server with Azurite and the fake connector.
 * - `tilmeld udvalg` registers the committee's channel: administrators only; the word is reserved.
 * - An assessment with five «nej» gives the committee nothing; one «ja» gives its channel exactly one card,
 *   with no report text, no reporter name and no CPR number. Without a committee the coordinators' card
 *   says so, the central channel is told once, and the card goes as soon as a committee is registered.
 * - Only the committee's team decides on its card; the decision with its roles, who and when is recorded,
 *   audited, shown on the coordinators' card and in the export.
 * - Reminders in the committee's channel every 4 hours until the decision, none after.
 */
import { strict as assert } from 'node:assert';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { BOT, TENANT, channelExecute, channelMessage, execute, message, personalConversationId, teamChannel, user, type TeamChannel, type User } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { actionData, cardText } from '../helpers/cardQueries';
import { copenhagenWallClock as local } from '../helpers/reportValues';
import type { BreachCase } from '../../src/domain/case';
import { COMMITTEE_UNIT } from '../../src/domain/unit';
import { POST_BACKOFF_MS } from '../../src/domain/outbox';
import { containsCprLike } from '../../src/domain/cpr';

describe('e2e: the information-security committee and the crisis cell (issue 18, part 2)', function () {
  this.timeout(120_000);
  let storage: TestStorage;
  let h: Harness;
  const clock = new ControlledClock(new Date('2026-11-23T09:00:00Z'));
  const admin = user(9200, 'Anne Admin');
  const dpo = user(9201, 'Dorte DPO');
  const coord = user(9202, 'Karin Koordinator');
  const member = user(9203, 'Ulla Udvalgsmedlem');
  const stranger = user(9204, 'Sten Fremmed');
  const central = teamChannel(92, 'Sikkerhedsgruppen');
  const unit = teamChannel(93, 'Borgerservice');
  const committee = teamChannel(94, 'Informationssikkerhedsudvalget');
  const CPR = '010203-1234';
  let seq = 9300;

  const m = (u: User) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email });
  const byNumber = async (number: string): Promise<BreachCase> => (await h.bot.storage.cases.findByNumber(TENANT, number))!.value;
  const say = async (u: User, ch: TeamChannel, text: string): Promise<string> => {
    const res = await h.post(channelMessage(u, h.connector.url, ch, text));
    assert.equal(res.status, 200);
    return String(h.connector.sent(ch.channelId).at(-1)?.text ?? '');
  };
  /** Every activity the bot put into the committee's channel: its cards (new threads) and what it said in them. */
  const committeeCards = (number: string) => h.connector.createdThreads(committee.channelId).filter((t) => JSON.stringify(t.body?.activity).includes(number));
  const committeeReminders = (c: BreachCase) => (c.committeePost?.threadId ? h.connector.sent(c.committeePost.threadId).filter((a) => /har ikke besluttet/.test(a.text ?? '')) : []);

  before(async () => {
    storage = await startTestStorage();
    h = await startHarness(testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] }), { clock });
    h.connector.members.set(central.teamId, [m(dpo)]);
    h.connector.members.set(unit.teamId, [m(coord)]);
    h.connector.members.set(committee.teamId, [m(member)]);
    assert.match(await say(admin, central, 'tilmeld central'), /centrale sikkerhedsgruppes/);
    assert.match(await say(admin, unit, 'tilmeld Borgerservice'), /Borgerservice/);
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });

  async function report(reporterName: string, whatHappened: string): Promise<BreachCase> {
    const reporter = user(seq++, reporterName);
    h.connector.members.set(personalConversationId(reporter), [m(reporter)]);
    await h.post(message(reporter, h.connector.url, 'anmeld'));
    const form = h.connector.sent(personalConversationId(reporter)).at(-1).attachments[0].content;
    const discovered = local(new Date(clock.now().getTime() - 2 * 3600_000));
    const values = {
      reporterName: reporter.name, reporterEmail: reporter.email, reporterTitle: 'Sagsbehandler', reporterDepartment: 'Borgerservice',
      unitIds: 'borgerservice', breachTypes: 'confidentiality', whatHappened, dataKinds: 'names,cpr', personsAffected: '1',
      discoveredDate: discovered.date, discoveredTime: discovered.time, ongoing: 'stopped', supplierInvolved: 'no', system: 'Fagsystemet Nexus',
    };
    const summary = (await h.post(execute(reporter, h.connector.url, 'report.submit', { ...actionData(form, 'report.submit'), ...values }))).body.value;
    const receipt = (await h.post(execute(reporter, h.connector.url, 'report.confirm', actionData(summary, 'report.confirm')))).body.value;
    const number = /BV-\d{4}-\d{4}/.exec(JSON.stringify(receipt))![0];
    await h.bot.idle();
    const c = await byNumber(number);
    assert.ok(c.posts[0]?.threadId, 'the case card is in the unit channel');
    return c;
  }

  /** A coordinator's press on the case card in the unit channel. */
  async function press(c: BreachCase, verb: string, data: Record<string, unknown>) {
    const post = c.posts.find((p) => p.channel.channelId === unit.channelId)!;
    const res = await h.post(channelExecute(coord, h.connector.url, unit, post.threadId!, verb, { caseId: c.id, rev: String(c.work.timeline.length), ...data }, post.activityId!));
    assert.equal(res.status, 200);
    await h.bot.idle();
    return res.body.value;
  }
  const assess = (c: BreachCase, municipalRisks: string) =>
    press(c, 'case.assess', { risk: 'risk', decision: 'notify', justification: 'Brevet indeholdt CPR-numre og helbredsoplysninger.', municipalRisks });

  /** A press on the committee's card, by `u` from channel `ch`. */
  async function decide(u: User, ch: TeamChannel, c: BreachCase, data: Record<string, unknown>) {
    const cp = c.committeePost!;
    const res = await h.post(channelExecute(u, h.connector.url, ch, cp.threadId ?? ch.channelId, 'committee.decide', { caseId: c.id, ...data }, cp.activityId ?? 'x'));
    assert.equal(res.status, 200);
    await h.bot.idle();
    return res.body.value;
  }

  let waiting: BreachCase;
  let loudNumber = '';
  let decidedReminders = 0;

  it('without a committee: the coordinators\' card says so and the central channel is told once', async () => {
    waiting = await report('Vera Ventesen', 'Et brev med oplysninger om en borger blev sendt til en forkert adresse.');
    await press(waiting, 'case.acknowledge', {});
    waiting = await byNumber(waiting.number);
    await assess(waiting, 'fine');
    // The notice is owed from the delivery's record: the sweep meets it at the case's retry row (2 minutes).
    clock.advance(2 * 60_000 + 1000);
    await h.bot.sweep(clock.now());
    await h.bot.idle();
    waiting = await byNumber(waiting.number);
    assert.ok(waiting.work.committee?.askedAt, 'the committee is asked');
    assert.deepEqual(waiting.work.assessment?.municipalRisks, ['fine']);
    assert.ok(waiting.committeePost?.missingSince, 'recorded: no committee registered');
    const notices = () => h.connector.threads(central.channelId).filter((t) => /intet informationssikkerhedsudvalg er tilmeldt/.test(t.activity?.text ?? '') && t.activity.text.includes(waiting.number));
    assert.equal(notices().length, 1, 'the central channel is told');
    assert.doesNotMatch(notices()[0].activity.text, /forkert adresse|Vera/, 'no report text, no reporter');
    const cardUpdates = h.connector.updates().filter((u) => u.conversationId === waiting.posts[0].threadId);
    assert.match(JSON.stringify(cardUpdates.at(-1)?.body), /intet informationssikkerhedsudvalg er tilmeldt/, "the coordinators' card says so");
    clock.advance(POST_BACKOFF_MS[0] + 1000);
    await h.bot.sweep(clock.now());
    await h.bot.idle();
    assert.equal(notices().length, 1, 'told once');
  });

  it('«tilmeld udvalg»: refused for a non-administrator (the word is reserved), accepted for an administrator; «enheder» shows it', async () => {
    const refused = await say(dpo, committee, 'tilmeld udvalg');
    assert.match(refused, /Kun administratorerne/);
    assert.match(refused, /«udvalg» er forbeholdt udvalget/);
    assert.equal(await h.bot.storage.units.get(TENANT, COMMITTEE_UNIT), null, 'nothing registered');
    // A unit cannot be named so either (its id would be the word).
    assert.match(await say(dpo, unit, 'tilmeld Committee'), /Kun administratorerne|forbeholdt/);
    assert.match(await say(admin, unit, 'tilmeld Udvalg!'), /forbeholdt en af Brudvagts egne kanaler/);
    assert.equal(await h.bot.storage.units.get(TENANT, 'udvalg'), null);
    // The help says what «tilmeld udvalg» now does.
    assert.match(await say(dpo, committee, 'hjælp'), /«tilmeld udvalg» – gør kanalen til informationssikkerhedsudvalgets/);
    assert.match(await say(admin, committee, 'tilmeld udvalg'), /Kanalen er nu informationssikkerhedsudvalgets/);
    const registered = await h.bot.storage.units.get(TENANT, COMMITTEE_UNIT);
    assert.equal(registered?.channel.channelId, committee.channelId);
    assert.match(await say(admin, central, 'enheder'), /Informationssikkerhedsudvalget: Informationssikkerhedsudvalget › kanal/);
    // The committee is no unit a reporter can pick, and its channel is no register.
    assert.ok(!(await h.bot.storage.units.list(TENANT)).some((u) => u.id === COMMITTEE_UNIT));
    assert.match(await say(member, committee, 'sager'), /ikke tilmeldt|tilmeld/i);
    const audit = (await h.bot.storage.audit.listForCase(TENANT, `routing:${COMMITTEE_UNIT}`)).map((a) => [a.action, a.outcome, a.actorName]);
    assert.deepEqual(audit, [
      ['routing.registerCommittee', 'refused', dpo.name],
      ['routing.registerCommittee', 'refused', dpo.name],
      ['routing.registerCommittee', 'allowed', admin.name],
    ]);
  });

  it('the waiting case\'s card reaches the committee once it is registered (after its backoff), once', async () => {
    clock.advance(15 * 60_000);
    await h.bot.sweep(clock.now());
    await h.bot.idle();
    assert.equal(committeeCards(waiting.number).length, 1);
    await h.bot.sweep(clock.now());
    assert.equal(committeeCards(waiting.number).length, 1, 'and only once');
    waiting = await byNumber(waiting.number);
    assert.ok(waiting.committeePost?.activityId);
  });

  it('five «nej»: no committee card; one «ja»: exactly one, without report text, reporter name or CPR', async () => {
    const quiet = await report('Nanna Nejsen', `Et brev om ${CPR} blev lagt i en forkert e-boks (stille sag).`);
    await press(quiet, 'case.acknowledge', {});
    await assess(await byNumber(quiet.number), '');
    await h.bot.sweep(clock.now());
    await h.bot.idle();
    const q = await byNumber(quiet.number);
    assert.equal(q.work.committee ?? null, null, 'the committee is not asked');
    assert.equal(q.work.assessment?.municipalRisks, undefined, 'five «nej»');
    assert.equal(committeeCards(quiet.number).length, 0);

    const loud = await report('Rasmus Reporterson', `Et brev om ${CPR} med helbredsoplysninger blev sendt til en journalist.`);
    await press(loud, 'case.acknowledge', {});
    const answer = await assess(await byNumber(loud.number), 'media,reputation');
    assert.match(cardText(answer), /Informationssikkerhedsudvalget er spurgt \(medier, omdømme\)/, "the coordinators' card says the committee is asked");
    await h.bot.sweep(clock.now());
    await h.bot.idle();
    loudNumber = loud.number;
    const cards = committeeCards(loud.number);
    assert.equal(cards.length, 1, 'exactly one committee card');
    const card = cards[0].body.activity.attachments[0].content;
    const text = cardText(card);
    assert.match(text, new RegExp(loud.number));
    assert.match(text, /Risiko for mediebevågenhed; Risiko for kommunens omdømme/);
    assert.match(text, /Karin Koordinator/, 'the owning coordinator is named');
    assert.match(text, /Borgerservice/);
    const all = JSON.stringify(card);
    for (const secret of ['journalist', 'helbredsoplysninger', 'Rasmus', 'Reporterson', CPR, '010203-xxxx', 'Fagsystemet Nexus', 'CPR-numre og helbred']) {
      assert.ok(!all.includes(secret), `the committee card does not carry «${secret}»`);
    }
    assert.ok(!containsCprLike(all.split(loud.id).join(''), { uuidsAreIds: true }));
    // The roles checklist and the two buttons.
    assert.equal(card.body.flatMap((b: { items?: unknown[] }) => b.items ?? []).filter((i: { type?: string }) => i.type === 'Input.Toggle').length, 10);
    assert.ok(actionData(card, 'committee.decide'));
    // The committee's seat opens no case.
    const opened = await h.post(channelExecute(member, h.connector.url, committee, (await byNumber(loud.number)).committeePost!.threadId!, 'case.show', { caseId: loud.id }, 'x'));
    assert.match(JSON.stringify(opened.body), /hører ikke til dette team/);
  });

  it('only the committee decides; the decision with its roles is recorded, audited, on the coordinators\' card and in the export', async () => {
    const number = loudNumber;
    let c = await byNumber(number);
    assert.ok(c.committeePost?.threadId);
    // A coordinator of the unit, from the unit's channel.
    const fromUnit = await decide(coord, unit, c, { convene: 'yes', role_it_leader: 'true' });
    assert.match(JSON.stringify(fromUnit), /Kun informationssikkerhedsudvalgets team/);
    // Someone in the committee's channel who is not a member of its team.
    const fromStranger = await decide(stranger, committee, c, { convene: 'no' });
    assert.match(JSON.stringify(fromStranger), /ikke medlem af teamet/);
    c = await byNumber(number);
    assert.equal(c.work.committee?.decision, null, 'nothing decided');
    // Convening without a role: refused beside the roles, the ticks kept.
    const none = await decide(member, committee, c, { convene: 'yes' });
    assert.match(cardText(none), /Sæt kryds ved mindst én rolle/);
    // Convened with two roles.
    const done = await decide(member, committee, c, { convene: 'yes', role_it_leader: 'true', role_municipal_director: 'true', role_lawyer: 'false' });
    assert.match(cardText(done), /Krisecelle indkaldt – besluttet af Ulla Udvalgsmedlem/);
    c = await byNumber(number);
    assert.deepEqual(c.work.committee?.decision?.roles, ['municipal_director', 'it_leader']);
    assert.equal(c.work.committee?.decision?.convene, true);
    assert.equal(c.work.committee?.decision?.decidedBy, member.name);
    assert.equal(c.work.owner?.aadObjectId, coord.aadObjectId, 'the committee member does not take the case');
    assert.ok(c.work.timeline.some((e) => e.event === 'crisis_cell_decided' && e.convene && e.by === member.name));
    const audit = (await h.bot.storage.audit.listForCase(TENANT, c.id)).filter((a) => a.action === 'case.decideCrisisCell').map((a) => [a.outcome, a.actorName, a.detail ?? '']);
    assert.deepEqual(audit, [
      ['refused', coord.name, 'committee_only'],
      ['refused', stranger.name, 'not_member'],
      ['allowed', member.name, 'rejected:required'],
      ['allowed', member.name, ''],
    ]);
    // The coordinators' card is redrawn with it; the committee's card too.
    const unitUpdates = h.connector.updates().filter((u) => u.conversationId === c.posts[0].threadId);
    assert.match(JSON.stringify(unitUpdates.at(-1)?.body), /krisecelle indkaldt af Ulla Udvalgsmedlem/);
    const committeeUpdates = h.connector.updates().filter((u) => u.conversationId === c.committeePost!.threadId);
    assert.match(JSON.stringify(committeeUpdates.at(-1)?.body), /Krisecelle indkaldt/);
    assert.doesNotMatch(JSON.stringify(committeeUpdates.at(-1)?.body), /journalist|Rasmus/);

    // The export (the unit's CSV): the committee's columns.
    h.connector.uploads.clear();
    await say(coord, unit, 'eksport 2026 csv');
    const consent = h.connector.sent(`a:1on1-${coord.id}`).find((a) => a.attachments?.[0]?.contentType === 'application/vnd.microsoft.teams.card.file.consent')!.attachments[0];
    const res = await h.post({
      type: 'invoke', name: 'fileConsent/invoke', id: 'inv-committee', channelId: 'msteams', serviceUrl: h.connector.url, locale: 'da-DK',
      from: { id: coord.id, name: coord.name, aadObjectId: coord.aadObjectId }, recipient: BOT,
      conversation: { id: personalConversationId(coord), conversationType: 'personal', tenantId: TENANT }, channelData: { tenant: { id: TENANT } }, replyToId: 'consent-1',
      value: { type: 'fileUpload', action: 'accept', context: consent.content.acceptContext, uploadInfo: { uploadUrl: h.connector.uploadUrl('u.csv'), contentUrl: 'https://onedrive.example/u.csv', name: 'u.csv', uniqueId: 'uid-u', fileType: 'csv' } },
    });
    assert.equal(res.status, 200);
    const csv = h.connector.uploads.get('u.csv')!.bytes.toString('utf8').slice(1).trim().split('\r\n');
    const header = csv[0].split(';');
    const row = csv.find((l) => l.startsWith(number))!.split(';');
    const col = (name: string) => row[header.indexOf(name)];
    assert.equal(col('Risiko for kommunen'), 'medier, omdømme');
    assert.equal(col('Krisecelle'), 'krisecelle indkaldt');
    assert.match(col('Krisecellens deltagere'), /Kommunaldirektøren.*Lederen af IT-afdelingen/);
    assert.equal(col('Krisecelle besluttet af'), member.name);
    assert.match(col('Krisecelle besluttet'), /^2026-11-23 \d\d:\d\d$/);
    decidedReminders = committeeReminders(c).length;
    const quietRow = csv.find((l) => l.startsWith('BV-2026-0002'))!.split(';');
    assert.equal(quietRow[header.indexOf('Krisecelle')], '', 'a case the committee was never asked about');
  });

  it('reminders in the committee\'s channel every 4 hours until the decision, none after', async () => {
    // The waiting case: asked long ago, not decided. Its reminders are said in its committee thread.
    waiting = await byNumber(waiting.number);
    const before = committeeReminders(waiting).length;
    clock.advance(4 * 3600_000 + 60_000);
    await h.bot.sweep(clock.now());
    await h.bot.idle();
    const first = committeeReminders(waiting);
    assert.equal(first.length, before + 1, 'one reminder (missed slots collapsed into one)');
    assert.match(first.at(-1).text, new RegExp(waiting.number));
    assert.doesNotMatch(first.at(-1).text, /forkert adresse|Vera/);
    await h.bot.sweep(clock.now());
    assert.equal(committeeReminders(waiting).length, before + 1, 'a second sweep sends nothing new');
    clock.advance(4 * 3600_000);
    await h.bot.sweep(clock.now());
    await h.bot.idle();
    assert.equal(committeeReminders(waiting).length, before + 2, 'the next 4 hours later');
    // The decision: «Ingen krisecelle». The reminders stop at once.
    const done = await decide(member, committee, waiting, { convene: 'no' });
    assert.match(cardText(done), /Ingen krisecelle – besluttet af Ulla Udvalgsmedlem/);
    for (const hours of [4, 8, 12, 24]) {
      clock.advance(hours * 3600_000);
      await h.bot.sweep(clock.now());
      await h.bot.idle();
    }
    assert.equal(committeeReminders(waiting).length, before + 2, 'no reminder after the decision');
    // The case decided in the previous test got none after its decision either.
    assert.equal(committeeReminders(await byNumber(loudNumber)).length, decidedReminders);
  });

  let tove: BreachCase;
  it("a committee card Teams refuses is tried again after its backoff, and arrives once", async () => {
    const c = await report('Tove Tilbage', 'En mappe med sager blev glemt i en bus.');
    tove = c;
    await press(c, 'case.acknowledge', {});
    h.connector.outage = { path: /^\/v3\/conversations\/?$/, status: 503 };
    await assess(await byNumber(c.number), 'employees');
    h.connector.outage = null;
    assert.equal(committeeCards(c.number).length, 0, 'Teams refused it');
    const failed = await byNumber(c.number);
    assert.equal(failed.committeePost?.failures, 1);
    assert.equal(failed.committeePost?.activityId, undefined);
    // Its backoff (15 s) has run out by the case's retry row (the lease, on a minute boundary).
    clock.advance(3 * 60_000);
    await h.bot.sweep(clock.now());
    await h.bot.idle();
    assert.equal(committeeCards(c.number).length, 1, 'posted by the sweep');
    await h.bot.sweep(clock.now());
    assert.equal(committeeCards(c.number).length, 1, 'and only once');
  });

  it('«afmeld udvalg»: administrators only; then the committee is no longer registered', async () => {
    assert.match(await say(dpo, committee, 'afmeld udvalg'), /Kun administratorerne/);
    assert.ok(await h.bot.storage.units.get(TENANT, COMMITTEE_UNIT), 'still registered');
    const said = await say(admin, committee, 'afmeld udvalg');
    assert.match(said, /Informationssikkerhedsudvalgets kanal er afmeldt/);
    // It says what happens to the cards awaiting a decision, not only to new ones.
    assert.match(said, /Knapperne på kortene her virker ikke længere/);
    assert.match(said, /venter på udvalgets beslutning, trækkes tilbage ved sagens næste påmindelse eller ændring/);
    assert.equal(await h.bot.storage.units.get(TENANT, COMMITTEE_UNIT), null);
    assert.match(await say(admin, central, 'enheder'), /Informationssikkerhedsudvalget: ikke tilmeldt/);
  });

  /** Sweeps a minute apart: a move, the card's post and a notice each take one. */
  async function settle(sweeps = 3) {
    for (let n = 0; n < sweeps; n++) {
      clock.advance(60_000);
      await h.bot.sweep(clock.now());
      await h.bot.idle();
    }
  }
  const missingNotices = (number: string) => h.connector.threads(central.channelId).filter((t) => /intet informationssikkerhedsudvalg er tilmeldt/.test(t.activity?.text ?? '') && t.activity.text.includes(number));
  const lastCardUpdate = (c: BreachCase) => JSON.stringify(h.connector.updates().filter((u) => u.conversationId === c.posts[0].threadId).at(-1)?.body);

  it('after «afmeld udvalg» a card awaiting its decision is withdrawn at its next reminder: nothing more in the old thread; it waits like a new one, the central channel told', async () => {
    let c = await byNumber(tove.number);
    assert.equal(c.work.committee?.decision, null);
    const oldThread = c.committeePost!.threadId!;
    const saidBefore = h.connector.sent(oldThread).length;
    assert.equal(missingNotices(tove.number).length, 0);
    clock.advance(4 * 3600_000);
    await settle();
    assert.equal(h.connector.sent(oldThread).length, saidBefore, 'no reminder in the channel that is no longer the committee\'s');
    c = await byNumber(tove.number);
    assert.equal(c.committeePost?.activityId, undefined, 'the old card is forgotten');
    assert.ok(c.committeePost?.missingSince, 'it waits for a committee');
    assert.equal(missingNotices(tove.number).length, 1, 'the central channel is told');
    assert.doesNotMatch(missingNotices(tove.number)[0].activity.text, /mappe|bus|Tove/);
    assert.match(lastCardUpdate(c), /intet informationssikkerhedsudvalg er tilmeldt/, "the coordinators' card says so");
    await settle();
    assert.equal(missingNotices(tove.number).length, 1, 'told once');
  });

  let closedBeforeLanding: BreachCase;
  it('a case closed before its committee card could land keeps it owed (no committee registered)', async () => {
    let c = await report('Carl Lukket', 'En taske med journaler blev stjålet fra en bil.');
    await press(c, 'case.acknowledge', {});
    await press(await byNumber(c.number), 'case.setStopped', { stopped: 'yes', stopHow: 'Tasken er fundet.' });
    await press(await byNumber(c.number), 'case.assess', { risk: 'none', decision: 'do_not_notify', justification: 'Tasken blev fundet uåbnet.', municipalRisks: 'economy' });
    await press(await byNumber(c.number), 'case.dpoInformed', {});
    await press(await byNumber(c.number), 'case.close', { lessonsLearned: 'Læring: lås bilen.', feedbackDone: 'Tasken er fundet.', feedbackPrevention: 'Ny vejledning.' });
    await settle();
    c = await byNumber(c.number);
    assert.equal(c.status, 'closed');
    assert.ok(c.work.committee?.askedAt);
    assert.ok(c.committeePost?.missingSince);
    assert.ok(c.schedule.outbox.some((i) => i.id === 'committee:post'), 'still owed after the close');
    closedBeforeLanding = c;
  });

  const committee2 = teamChannel(95, 'Udvalgets nye team');
  const member2 = user(9205, 'Mads Nyudvalg');
  const cardsIn = (ch: TeamChannel, number: string) => h.connector.createdThreads(ch.channelId).filter((t) => JSON.stringify(t.body?.activity).includes(number));

  it('«tilmeld udvalg» in another team: the waiting cards go there once (the closed case\'s too, its coordinators\' card no longer says «no committee»), and its reminders', async () => {
    h.connector.members.set(committee2.teamId, [m(member2)]);
    assert.match(await say(admin, committee2, 'tilmeld udvalg'), /sendes hertil ved sagens næste påmindelse eller ændring/);
    await settle();
    assert.equal(cardsIn(committee2, tove.number).length, 1, 'the waiting card');
    assert.equal(cardsIn(committee2, closedBeforeLanding.number).length, 1, 'the closed case\'s card');
    await settle();
    assert.equal(cardsIn(committee2, tove.number).length, 1, 'once');
    assert.equal(cardsIn(committee2, closedBeforeLanding.number).length, 1, 'once');
    const closed = await byNumber(closedBeforeLanding.number);
    assert.equal(closed.committeePost?.missingSince, undefined);
    assert.equal(closed.committeePost?.channel?.channelId, committee2.channelId);
    assert.doesNotMatch(lastCardUpdate(closed), /intet informationssikkerhedsudvalg er tilmeldt/, "the coordinators' card is redrawn");
    assert.match(lastCardUpdate(closed), /er spurgt/);
    // A decision on the closed case's card, by the committee's new team.
    await decide(member2, committee2, closed, { convene: 'no' });
    assert.equal((await byNumber(closed.number)).work.committee?.decision?.convene, false);
    // Tove's next reminder is said in the new thread.
    clock.advance(4 * 3600_000);
    await settle(1);
    const c = await byNumber(tove.number);
    assert.equal(c.committeePost?.channel?.channelId, committee2.channelId);
    assert.equal(committeeReminders(c).length, 1);
  });

  it('«tilmeld udvalg» moved straight to another channel: the card follows at its next reminder, the reminder in its new thread; the old channel is refused, the new one decides', async () => {
    const atOld = await byNumber(tove.number);
    const oldThread = atOld.committeePost!.threadId!;
    const saidBefore = h.connector.sent(oldThread).length;
    const cardsBefore = committeeCards(tove.number).length;
    assert.match(await say(admin, committee, 'tilmeld udvalg'), /Kanalen er nu informationssikkerhedsudvalgets/);
    clock.advance(4 * 3600_000);
    await settle(2);
    assert.equal(h.connector.sent(oldThread).length, saidBefore, 'nothing more in the old thread');
    assert.equal(committeeCards(tove.number).length, cardsBefore + 1, 'the card anew in the registered channel');
    const c = await byNumber(tove.number);
    assert.equal(c.committeePost?.channel?.channelId, committee.channelId);
    assert.equal(committeeReminders(c).length, 1, 'the reminder in the new card\'s thread');
    await decide(member2, committee2, atOld, { convene: 'no' });
    assert.equal((await byNumber(tove.number)).work.committee?.decision, null, 'the old channel\'s members are refused');
    await decide(member, committee, c, { convene: 'no' });
    assert.equal((await byNumber(tove.number)).work.committee?.decision?.convene, false, 'the registered channel decides');
  });

  it('a committee card Teams refuses for good (403: the bot left the team): the central channel is told once, without report text, and the card still arrives later', async () => {
    h.connector.refuseThreadsIn.set(committee.channelId, 403);
    const c = await report('Rita Refused', 'Et USB-stik med lønsedler blev væk på rådhuset.');
    await press(c, 'case.acknowledge', {});
    await assess(await byNumber(c.number), 'reputation');
    const failing = () => h.connector.threads(central.channelId).filter((t) => /Teams afviser kortet/.test(t.activity?.text ?? '') && t.activity.text.includes(c.number));
    for (let n = 0; n < 6; n++) await settle(1);
    assert.equal(failing().length, 1, 'told once');
    const stored = await byNumber(c.number);
    assert.ok((stored.committeePost?.sendFailures ?? 0) >= 3, `failures: ${stored.committeePost?.sendFailures}`);
    assert.doesNotMatch(failing()[0].activity.text, /USB|lønsedler|Rita/);
    for (let n = 0; n < 4; n++) await settle(1);
    assert.equal(failing().length, 1, 'still once');
    h.connector.refuseThreadsIn.delete(committee.channelId);
    clock.advance(15 * 60_000);
    await settle(1);
    assert.equal(committeeCards(c.number).length, 1, 'the card arrives once the bot is back');
  });
});
