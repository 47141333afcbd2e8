/**
 * Issue 11, over HTTP: what an employee on a phone and a coordinator at 16:55 run into. Each rule of
 * the issue is checked on what the bot answered, posted and stored.
 */
import { strict as assert } from 'node:assert';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { TENANT, channelExecute, channelMessage, execute, installPersonal, message, personalConversationId, teamChannel, user, type User } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { actionData, cardOf, cardText, findInput } from '../helpers/cardQueries';
import { copenhagenWallClock, validReportValues } from '../helpers/reportValues';

/** Every node in a card. */
function nodes(card: any, out: any[] = []): any[] {
  if (Array.isArray(card)) card.forEach((n) => nodes(n, out));
  else if (card && typeof card === 'object') {
    out.push(card);
    Object.values(card).forEach((v) => nodes(v, out));
  }
  return out;
}
const byId = (card: any, id: string) => nodes(card).find((n) => n.id === id && !String(n.type).startsWith('Input.'));
/** The error TextBlock right after an input (the card puts each error under its field). */
function errorBeside(card: any, inputId: string): string | undefined {
  for (const n of nodes(card)) {
    const list: any[] | undefined = Array.isArray(n.items) ? n.items : Array.isArray(n.body) ? n.body : undefined;
    if (!list) continue;
    const i = list.findIndex((x) => x.id === inputId && String(x.type).startsWith('Input.'));
    if (i >= 0) return list[i + 1]?.type === 'TextBlock' && list[i + 1].color === 'attention' ? list[i + 1].text : undefined;
  }
  return undefined;
}

describe('e2e: under time pressure (issue 11)', function () {
  this.timeout(60000);
  let storage: TestStorage;
  let h: Harness;
  const clock = new ControlledClock(new Date('2026-11-23T15:55:00Z'));
  const admin = user(1100, 'Anne Admin');
  const coord = user(1101, 'Karin Koordinator');
  const central = teamChannel(40, 'Sikkerhedsgruppen');
  const school = teamChannel(41, 'Skoleområdet');
  let seq = 4000;

  before(async () => {
    storage = await startTestStorage();
    h = await startHarness(testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] }), { clock });
    h.connector.members.set(central.teamId, [{ id: admin.id, aadObjectId: admin.aadObjectId, name: admin.name }]);
    h.connector.members.set(school.teamId, [{ id: coord.id, aadObjectId: coord.aadObjectId, name: coord.name, email: coord.email }]);
    await h.post(channelMessage(admin, h.connector.url, central, 'tilmeld central'));
    await h.post(channelMessage(admin, h.connector.url, school, 'tilmeld Skoler'));
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });

  function reporter(): User {
    const u = user(seq++, `Rita Reporter ${seq}`);
    h.connector.members.set(personalConversationId(u), [{ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email }]);
    return u;
  }
  async function openForm(u: User): Promise<any> {
    await h.post(message(u, h.connector.url, 'anmeld'));
    return cardOf(h.connector.sent(personalConversationId(u)).at(-1));
  }
  async function run(u: User, verb: string, data: Record<string, unknown>): Promise<any> {
    const res = await h.post(execute(u, h.connector.url, verb, data));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.type === 'application/vnd.microsoft.card.adaptive' ? res.body.value : res.body.value;
  }
  async function report(values: Record<string, string> = {}): Promise<{ u: User; caseId: string; number: string; receipt: any }> {
    const u = reporter();
    const form = await openForm(u);
    const summary = await run(u, 'report.submit', { ...actionData(form, 'report.submit'), ...validReportValues(clock.now()), unitIds: 'skoler', ...values });
    assert.ok(actionData(summary, 'report.confirm'), cardText(summary));
    const receipt = await run(u, 'report.confirm', actionData(summary, 'report.confirm'));
    const number = /BV-2026-\d{4}/.exec(cardText(receipt))![0];
    const stored = (await h.bot.storage.cases.findByNumber(TENANT, number))!.value;
    return { u, caseId: stored.id, number, receipt };
  }
  async function act(caseId: string, verb: string, data: Record<string, unknown> = {}): Promise<any> {
    const stored = (await h.bot.storage.cases.get(TENANT, caseId))!.value;
    const post = stored.posts![0];
    const res = await h.post(channelExecute(coord, h.connector.url, school, post.threadId!, verb, { caseId, ...data }, post.activityId!));
    assert.equal(res.status, 200);
    return res.body.value;
  }

  it('1+3: the form prefills discovery with Copenhagen now, keeps optional fields collapsed, names every error beside its field and in the summary', async () => {
    const u = reporter();
    const form = await openForm(u);
    const now = copenhagenWallClock(clock.now());
    assert.equal(findInput(form, 'discoveredDate').value, now.date);
    assert.equal(findInput(form, 'discoveredTime').value, now.time);
    assert.equal(byId(form, 'moreDetails').isVisible, false, 'optional fields wait behind a toggle');
    assert.ok(findInput(form, 'discoveredDate').placeholder, 'a Danish placeholder on the date');

    const typed: Record<string, string> = { ...validReportValues(clock.now()), unitIds: 'skoler', discoveredTime: '', supplierInvolved: 'yes', supplierName: '' };
    const rejected = await run(u, 'report.submit', { ...actionData(form, 'report.submit'), ...typed });
    assert.equal(errorBeside(rejected, 'discoveredTime'), 'Skal udfyldes.', 'an empty time is named beside it');
    assert.equal(errorBeside(rejected, 'supplierName'), 'Skal udfyldes.');
    const summaries = nodes(rejected).filter((n) => typeof n.text === 'string' && n.text.startsWith('Ret: '));
    assert.equal(summaries.length, 2, 'the fields to fix are listed at the top and above the button');
    assert.match(summaries[0].text, /Klokkeslæt/);
    assert.match(summaries[0].text, /Leverandørens navn/);
    assert.equal(byId(rejected, 'moreDetails').isVisible, true, 'an error in the optional part opens it');
    assert.equal(findInput(rejected, 'whatHappened').value, typed.whatHappened, 'values kept');
  });

  it('4: a unit and "don\'t know" cannot both be chosen', async () => {
    const u = reporter();
    const form = await openForm(u);
    const rejected = await run(u, 'report.submit', { ...actionData(form, 'report.submit'), ...validReportValues(clock.now()), unitIds: 'skoler,_central' });
    assert.match(errorBeside(rejected, 'unitIds') ?? '', /enten en eller flere enheder eller «Ved ikke»/);
    assert.ok(!actionData(rejected, 'report.confirm'), 'no summary');
  });

  it('2+8: "ca. 400" is accepted and stored as an estimate; the card, the draft and the register say so; the receipt names the unit', async () => {
    const { caseId, receipt } = await report({ personsAffected: 'ca. 400' });
    assert.match(cardText(receipt), /Informationssikkerhedskoordinatorerne for Skoler/);
    const stored = (await h.bot.storage.cases.get(TENANT, caseId))!.value;
    assert.equal(stored.report.personsAffected, 400);
    assert.deepEqual(stored.report.personsEstimate, { kind: 'approximate', count: 400 });
    const card = cardOf(h.connector.threads(school.channelId).find((t) => JSON.stringify(t.activity).includes(stored.number))!.activity);
    assert.match(cardText(card), /^ca\. 400$/m);
    const draft = await act(caseId, 'case.draftAuthority');
    assert.match(findInput(draft, 'draftText').value, /Omtrentligt antal berørte personer: ca\. 400 \(anmelderens skøn\)/);
    const { registerRecord } = await import('../../src/domain/register/record');
    assert.deepEqual(registerRecord(stored, clock.now()).personsEstimate, { kind: 'approximate', count: 400 });

    const unknown = await report({ personsAffected: 'ved ikke' });
    const u2 = (await h.bot.storage.cases.get(TENANT, unknown.caseId))!.value;
    assert.equal(u2.report.personsEstimate?.kind, 'unknown');
    const draft2 = await act(unknown.caseId, 'case.draftAuthority');
    assert.match(findInput(draft2, 'draftText').value, /anmelderen kendte det ikke/);
  });

  it('1: a Datatilsynet save without its time comes back open, the error beside "Klokkeslæt" and named at the top, values kept', async () => {
    const { caseId } = await report();
    const { date } = copenhagenWallClock(clock.now());
    const card = await act(caseId, 'case.recordAuthorityNotification', { notifiedDate: date, notifiedTime: '', reference: 'VIRK-1', kind: 'initial' });
    assert.equal(byId(card, 'form_authority').isVisible, true, 'the form stays open');
    assert.equal(errorBeside(card, 'notifiedTime'), 'Skal udfyldes.');
    assert.match(cardText(card), /Anmeldt, klokkeslæt: Skal udfyldes\./);
    assert.equal(findInput(card, 'reference').value, 'VIRK-1');
    const handOver = await act(caseId, 'case.handOver', { handOverTo: 'ingen@kommune.example' });
    assert.equal(byId(handOver, 'form_more').isVisible, true);
    assert.match(cardText(handOver), /Giv sagen videre til: Skal udfyldes\./);
    assert.equal(errorBeside(handOver, 'handOverTo'), 'Skal udfyldes.');
  });

  it('4: the reporter\'s statement on stopping beside the coordinator\'s confirmation; the draft says whose it is', async () => {
    const { caseId } = await report({ ongoing: 'stopped' });
    const card = await act(caseId, 'case.acknowledge');
    assert.match(cardText(card), /Anmelderen: stoppet · Koordinatoren: ikke bekræftet endnu/);
    const stoppedFact = nodes(card).find((n) => n.title === 'Stoppet' && typeof n.value === 'string');
    assert.ok(stoppedFact && !/Ukendt/.test(stoppedFact.value), 'not "Stoppet: Ukendt"');
    const draft = await act(caseId, 'case.draftAuthority');
    const text = findInput(draft, 'draftText').value as string;
    assert.match(text, /Ifølge anmelderen er bruddet stoppet \(endnu ikke bekræftet af kommunen\)/);
    assert.doesNotMatch(text, /uafklaret/);
  });

  it('4: closing lists the Ishøj steps not done and needs them or a written reason, recorded on the case and in the timeline; the feedback does not say the DPO was not informed', async () => {
    const { u, caseId } = await report();
    await act(caseId, 'case.assess', { risk: 'none', decision: 'do_not_notify', justification: 'Modtageren er en kollega med samme adgang.' });
    const closeData = { lessonsLearned: 'Dobbelttjek.', feedbackDone: 'Brevet er slettet.', feedbackPrevention: 'Dobbelttjek af modtager.' };
    const open = await act(caseId, 'case.show');
    assert.match(cardText(open), /Ikke gjort endnu: bruddet er ikke bekræftet stoppet .*; DPO er ikke orienteret/);
    const refused = await act(caseId, 'case.close', closeData);
    assert.equal(byId(refused, 'form_close').isVisible, true);
    assert.match(errorBeside(refused, 'closeReason') ?? '', /mangler trin/);
    assert.equal(findInput(refused, 'feedbackDone').value, 'Brevet er slettet.');
    assert.equal((await h.bot.storage.cases.get(TENANT, caseId))!.value.status, 'acknowledged');

    h.connector.clear();
    const closed = await act(caseId, 'case.close', { ...closeData, closeReason: 'Koordinator på ferie, DPO orienteres mandag.' });
    assert.match(cardText(closed), /Afsluttet trods manglende trin/);
    const stored = (await h.bot.storage.cases.get(TENANT, caseId))!.value;
    assert.equal(stored.status, 'closed');
    assert.deepEqual(stored.work!.closedAnyway, { reason: 'Koordinator på ferie, DPO orienteres mandag.', steps: ['stopped_confirmed', 'dpo_informed'] });
    const post = stored.posts![0];
    assert.ok(h.connector.sent(post.threadId).some((a) => /trods manglende trin .*DPO orienteres mandag/.test(a.text ?? '')), 'reason in the thread line');
    const feedback = h.connector.sent(personalConversationId(u)).map((a) => cardText(cardOf(a)) + (a.text ?? '')).join('\n');
    assert.match(feedback, /uden at det er registreret, at kommunens databeskyttelsesrådgiver \(DPO\) er orienteret/);
    assert.doesNotMatch(feedback, /\(DPO\) er ikke orienteret/);
  });

  it('5: the old form after annuller says so and offers a new report with the typed values', async () => {
    const u = reporter();
    const form = await openForm(u);
    const typed = { ...validReportValues(clock.now()), whatHappened: 'Et brev blev lagt i den forkerte kuvert til en forælder.' };
    await run(u, 'report.submit', { ...actionData(form, 'report.submit'), ...typed, personsAffected: '' });
    await h.post(message(u, h.connector.url, 'annuller'));
    const stale = await run(u, 'report.submit', { ...actionData(form, 'report.submit'), ...typed });
    assert.match(cardText(stale), /Denne anmeldelse blev annulleret/);
    const restartData = actionData(stale, 'report.restart');
    assert.ok(restartData, 'a button to start again');
    const fresh = await run(u, 'report.restart', restartData);
    assert.equal(findInput(fresh, 'whatHappened').value, typed.whatHappened, 'the typed text is back');
    assert.match(cardText(fresh), /En ny anmeldelse med det, du skrev/);
    const summary = await run(u, 'report.submit', { ...actionData(fresh, 'report.submit'), ...typed, unitIds: 'skoler' });
    assert.ok(actionData(summary, 'report.confirm'));

    // A summary from before a new report was started: told, and shown the current one.
    await h.post(message(u, h.connector.url, 'annuller'));
    const newer = await openForm(u);
    assert.ok(actionData(newer, 'report.submit'), 'a new form');
    const old = await run(u, 'report.confirm', actionData(summary, 'report.confirm'));
    assert.match(cardText(old), /Knappen hørte til en ældre anmeldelse/);
    assert.equal(actionData(old, 'report.submit').draftId, actionData(newer, 'report.submit').draftId, 'the report in progress now');
    assert.equal((await h.bot.storage.cases.listByReporter(TENANT, u.aadObjectId)).length, 0, 'nothing sent');
  });

  it('5: a case card of a reopened case says what happened since it was drawn', async () => {
    const { caseId } = await report();
    await act(caseId, 'case.setStopped', { stopped: 'yes', stopHow: 'Brevet er hentet tilbage.' });
    await act(caseId, 'case.dpoInformed');
    await act(caseId, 'case.assess', { risk: 'none', decision: 'do_not_notify', justification: 'Modtageren er en kollega med samme adgang.' });
    const closedCard = await act(caseId, 'case.close', { lessonsLearned: 'Dobbelttjek.', feedbackDone: 'Hentet.', feedbackPrevention: 'Dobbelttjek.' });
    const oldRev = actionData(closedCard, 'case.reopen').rev;
    await act(caseId, 'case.reopen', { reopenReason: 'Ny oplysning', rev: oldRev });
    const stale = await act(caseId, 'case.reopen', { reopenReason: 'Ny oplysning', rev: oldRev });
    assert.match(cardText(stale), /Kortet var forældet: .*genåbnede sagen/);
    assert.match(cardText(stale), /Sagen er ikke lukket/);
  });

  it('6: a reminder posted in the thread also redraws the card, and a passed deadline is shown as overdue in red', async () => {
    const discovered = copenhagenWallClock(new Date(clock.now().getTime() - 71 * 3600_000));
    const { caseId } = await report({ discoveredDate: discovered.date, discoveredTime: discovered.time });
    const stored = (await h.bot.storage.cases.get(TENANT, caseId))!.value;
    const post = stored.posts![0];
    h.connector.clear();
    await h.bot.sweep(clock.now());
    assert.ok(h.connector.sent(post.threadId).some((a) => /⏰|🔴/.test(a.text ?? '')), 'a reminder in the thread');
    const updates = h.connector.updates(post.threadId);
    assert.equal(updates.length, 1, 'the card redrawn once with the reminder');
    assert.match(cardText(updates[0].body.attachments[0].content), /\(59 min\)|\(1 t\)|\(58 min\)/);

    clock.advance(2 * 3600_000);
    h.connector.clear();
    await h.bot.sweep(clock.now());
    const late = h.connector.updates(post.threadId).at(-1);
    assert.ok(late, 'redrawn with the overdue reminder');
    const box = nodes(late.body.attachments[0].content).find((n) => typeof n.text === 'string' && /Frist for Datatilsynet: .* – overskredet med/.test(n.text));
    assert.ok(box, 'overdue text');
    assert.equal(box.color, 'attention');
    clock.advance(-2 * 3600_000);
  });

  it('7: the Datatilsynet draft reads as sections with headings plus one copyable field, numbers in Danish', async () => {
    const { caseId } = await report();
    await act(caseId, 'case.assess', { risk: 'high', decision: 'notify', justification: 'Helbredsoplysninger om et barn.', dpcBase: '4', dpcAdjust: '0', ei: '1', confidentiality: '0.25', integrity: '0', availability: '0', malicious: 'false' });
    const draft = await act(caseId, 'case.draftAuthority');
    const headings = nodes(draft).filter((n) => n.type === 'TextBlock' && n.weight === 'bolder').map((n) => n.text);
    assert.ok(headings.some((t) => /^a\) Bruddets karakter/.test(t)), headings.join('\n'));
    assert.ok(headings.includes('Tidspunkter'));
    assert.equal(nodes(draft).filter((n) => n.type === 'Input.Text').length, 1, 'one copyable field');
    assert.equal(findInput(draft, 'draftText').isMultiline, true);
    assert.match(cardText(draft), /ENISA-metoden: 4,25/);
    assert.doesNotMatch(cardText(draft), /4\.25/);
  });

  it('9: welcome and hjælp ask "Er det et brud?" in three questions ending in report it or ask your coordinator', async () => {
    const u = reporter();
    await h.post(installPersonal(u, h.connector.url));
    await h.post(message(u, h.connector.url, 'hjælp'));
    for (const sent of h.connector.sent(personalConversationId(u))) {
      const card = cardOf(sent);
      const show = nodes(card).find((n) => n.type === 'Action.ShowCard' && n.title === 'Er det et brud?');
      assert.ok(show, 'the question');
      const text = cardText(show.card);
      assert.match(text, /1\/3 .*2\/3 .*3\/3/s);
      assert.match(text, /forkert borger/);
      assert.match(text, /Anmeld det nu/);
      assert.match(text, /spørg din lokale informationssikkerhedskoordinator/);
      assert.ok(actionData(show.card, 'report.start'));
    }
  });
});
