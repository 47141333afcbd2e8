/**
 * Issue 10, item 1 and 2: one incident, many reporters. Through the real endpoint with Teams-shaped
 * activities, real Table Storage (Azurite) and the fake Bot Connector: a coordinator marks a case as a
 * known incident on its card; reporters are asked about it, report tied through the short form or
 * untied through the full one; the incident's card counts the tied reports in a few coalesced updates;
 * linking after the fact stops a case's own reminders and marks its card; ending stops the question;
 * closing tells every linked reporter and closes the tied reports with it.
 */
import { strict as assert } from 'node:assert';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { TENANT, channelExecute, channelMessage, execute, message, personalConversationId, teamChannel, user, type TeamChannel, type User } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { actionData, cardText as texts, inputValue } from '../helpers/cardQueries';
import type { BreachCase } from '../../src/domain/case';

describe('e2e: a known incident, many reporters (issue 10)', function () {
  this.timeout(120_000);
  let storage: TestStorage;
  let h: Harness;
  const clock = new ControlledClock(new Date('2026-11-23T09:00:00Z'));
  const admin = user(3000, 'Anne Admin');
  const coord = user(3001, 'Karin Koordinator');
  const central = teamChannel(30, 'Sikkerhedsgruppen');
  const school = teamChannel(31, 'Skoleområdet');
  const elderly = teamChannel(32, 'Ældreområdet');
  let seq = 3100;
  let incidentId = '';
  let incidentNumber = '';
  const tied: { reporter: User; number: string }[] = [];
  let untiedNumber = '';
  let untiedReporter: User;

  const cardOf = (activity: any) => activity?.attachments?.[0]?.content;
  const lastCard = (u: User) => cardOf(h.connector.sent(personalConversationId(u)).at(-1));
  const stored = async (id: string): Promise<BreachCase> => (await h.bot.storage.cases.get(TENANT, id))!.value;
  const byNumber = async (number: string): Promise<BreachCase> => (await h.bot.storage.cases.findByNumber(TENANT, number))!.value;

  function newReporter(): User {
    const r = user(seq++, `Rita Reporter ${seq}`);
    h.connector.members.set(personalConversationId(r), [{ id: r.id, aadObjectId: r.aadObjectId, name: r.name, email: r.email }]);
    return r;
  }

  const fullValues = (r: User, unitIds: string) => ({
    reporterName: r.name,
    reporterEmail: r.email,
    reporterTitle: 'Sagsbehandler',
    reporterDepartment: 'Skole',
    unitIds,
    breachTypes: 'availability',
    breachExample: 'system_unavailable',
    whatHappened: 'Fagsystemet Nexus svarer ikke, borgernes sager kan ikke åbnes.',
    dataKinds: 'names,health',
    personsAffected: 'ca. 400',
    discoveredDate: '2026-11-23',
    discoveredTime: '08:30',
    ongoing: 'ongoing',
    supplierInvolved: 'no',
  });

  /** The full form from a card that offers it (the form itself, or the question's «Nej»). */
  async function fullReport(r: User, form: any, unitIds = 'skoler'): Promise<string> {
    const summary = (await h.post(execute(r, h.connector.url, 'report.submit', { ...actionData(form, 'report.submit'), ...fullValues(r, unitIds) }))).body.value;
    const receipt = (await h.post(execute(r, h.connector.url, 'report.confirm', actionData(summary, 'report.confirm')))).body.value;
    const number = /BV-2026-\d{4}/.exec(texts(receipt))?.[0];
    assert.ok(number, texts(summary).slice(0, 300));
    return number;
  }

  async function act(u: User, ch: TeamChannel, caseId: string, verb: string, data: Record<string, unknown> = {}) {
    const c = await stored(caseId);
    const post = c.posts.find((p) => p.channel.channelId === ch.channelId) ?? c.posts[0];
    const res = await h.post(channelExecute(u, h.connector.url, ch, post.threadId ?? ch.channelId, verb, { caseId, rev: String(c.work.timeline.length), ...data }, post.activityId ?? 'x'));
    assert.equal(res.status, 200);
    return res.body.value;
  }

  /** `anmeld`, «Ja, det er om den», the short form: the tied report's receipt. */
  async function tiedReport(r: User, what: string, unitIds = 'skoler'): Promise<any> {
    await h.post(message(r, h.connector.url, 'anmeld'));
    const question = lastCard(r);
    assert.match(texts(question), /Er det om: «Nexus er nede»\?/);
    const form = (await h.post(execute(r, h.connector.url, 'report.tie', actionData(question, 'report.tie')))).body.value;
    assert.match(texts(form), /Anmeld: «Nexus er nede»/);
    return (await h.post(execute(r, h.connector.url, 'report.tied.submit', { ...actionData(form, 'report.tied.submit'), whatHappened: what, discoveredDate: '2026-11-23', discoveredTime: '08:45', unitIds }))).body.value;
  }

  const incidentThread = async () => (await stored(incidentId)).posts.find((p) => p.channel.channelId === school.channelId)!;

  before(async () => {
    storage = await startTestStorage();
    h = await startHarness(testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] }), { clock });
    h.connector.members.set(central.teamId, [{ id: admin.id, aadObjectId: admin.aadObjectId, name: admin.name, email: admin.email }]);
    h.connector.members.set(school.teamId, [{ id: coord.id, aadObjectId: coord.aadObjectId, name: coord.name, email: coord.email }]);
    h.connector.members.set(elderly.teamId, [{ id: coord.id, aadObjectId: coord.aadObjectId, name: coord.name, email: coord.email }]);
    for (const [ch, text] of [
      [central, 'tilmeld central'],
      [school, 'tilmeld Skoler'],
      [elderly, 'tilmeld Ældreplejen'],
    ] as const) {
      assert.equal((await h.post(channelMessage(admin, h.connector.url, ch, text))).status, 200);
    }
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });

  it('a coordinator marks a case as a known incident on its card; the title is checked beside its field and masked', async () => {
    const first = newReporter();
    await h.post(message(first, h.connector.url, 'anmeld'));
    const form = lastCard(first);
    assert.ok(actionData(form, 'report.submit'), 'no incident yet: the full form at once');
    incidentNumber = await fullReport(first, form);
    incidentId = (await byNumber(incidentNumber)).id;
    assert.equal(h.connector.threads(school.channelId).length, 1);

    const short = await act(coord, school, incidentId, 'case.declareIncident', { incidentTitle: 'Nex' });
    assert.match(texts(short), /Mindst 5 tegn/);
    // The box at the top names the field, as other refusals do (issue 17, finding 8); the message stays under the field.
    const topBox = short.body[1];
    assert.equal(topBox.style, 'attention', 'the error box is the card\'s second element');
    assert.match(texts(topBox), /Hændelsens titel: Mindst 5 tegn/);
    assert.equal(inputValue(short, 'incidentTitle'), 'Nex', 'the rejected title is kept in its field');
    assert.equal((await stored(incidentId)).work.incident, null);

    const masked = await act(coord, school, incidentId, 'case.declareIncident', { incidentTitle: 'Nexus nede hos 010203-1234' });
    assert.doesNotMatch(JSON.stringify(masked), /010203-1234/);
    assert.equal((await stored(incidentId)).work.incident!.title, 'Nexus nede hos 010203-xxxx');

    const card = await act(coord, school, incidentId, 'case.declareIncident', { incidentTitle: 'Nexus er nede' });
    assert.match(texts(card), /Kendt hændelse: «Nexus er nede»/);
    assert.match(texts(card), /Ingen anmeldelser knyttet endnu/);
    assert.ok(actionData(card, 'case.endIncident'), 'the card offers to end it');
    const listed = await h.bot.storage.incidents.active(TENANT);
    assert.deepEqual(listed.map((i) => [i.number, i.title]), [[incidentNumber, 'Nexus er nede']]);
  });

  it('a reporter is asked about it; the short form refuses what is missing beside its field and keeps the values', async () => {
    const r = newReporter();
    await h.post(message(r, h.connector.url, 'anmeld'));
    const question = lastCard(r);
    assert.match(texts(question), /Er det om: «Nexus er nede»\?/);
    const form = (await h.post(execute(r, h.connector.url, 'report.tie', actionData(question, 'report.tie')))).body.value;
    const bad = (await h.post(execute(r, h.connector.url, 'report.tied.submit', { ...actionData(form, 'report.tied.submit'), whatHappened: 'Kort', discoveredDate: '2026-11-23', discoveredTime: '', unitIds: 'skoler' }))).body.value;
    const t = texts(bad);
    assert.match(t, /Mindst 10 tegn/);
    assert.match(t, /Ret: Hvad så du\? · Klokkeslæt/);
    assert.equal(inputValue(bad, 'whatHappened'), 'Kort');
    assert.equal(inputValue(bad, 'unitIds'), 'skoler');
    const threadsBefore = h.connector.threads().length;

    const receipt = (await h.post(execute(r, h.connector.url, 'report.tied.submit', { ...actionData(bad, 'report.tied.submit'), whatHappened: 'Nexus viste en fejl, da jeg åbnede borgerens sag 010203-1234.', discoveredDate: '2026-11-23', discoveredTime: '08:40', unitIds: 'skoler' }))).body.value;
    const rt = texts(receipt);
    const number = /BV-2026-\d{4}/.exec(rt)?.[0];
    assert.ok(number, rt);
    assert.match(rt, /Hændelsen «Nexus er nede» er kendt og håndteres/);
    assert.match(rt, new RegExp(incidentNumber));
    tied.push({ reporter: r, number });

    assert.equal(h.connector.threads().length, threadsBefore, 'no card of its own');
    const c = await byNumber(number);
    assert.equal(c.work.linkedTo, incidentNumber);
    assert.deepEqual(c.posts, []);
    assert.ok(!c.report.whatHappened.includes('010203-1234'), 'the CPR number is masked');
    const incident = await stored(incidentId);
    assert.deepEqual(incident.linkedFrom.map((l) => [l.number, l.reporterName]), [[number, r.name]]);
    assert.deepEqual(c.schedule.outbox, [], 'the link was delivered and recorded');
  });

  it('a burst of tied reports makes one coalesced card update after the delay, with the count and who', async () => {
    const post = await incidentThread();
    const before = h.connector.updates(post.threadId).length;
    for (let i = 0; i < 5; i++) {
      const r = newReporter();
      const receipt = await tiedReport(r, `Nexus svarer ikke på skole nummer ${i + 1}.`, i % 2 === 0 ? 'skoler' : 'aeldreplejen');
      const number = /BV-2026-\d{4}/.exec(texts(receipt))?.[0];
      assert.ok(number, texts(receipt));
      tied.push({ reporter: r, number });
    }
    assert.equal((await stored(incidentId)).linkedFrom.length, 6);
    // The first tied report queued the refresh (within the delay); the burst joined it.
    await h.bot.sweep(clock.now());
    assert.equal(h.connector.updates(post.threadId).length - before, 0, 'no update before the delay');
    clock.advance(25_000);
    await h.bot.sweep(clock.now());
    const updates = h.connector.updates(post.threadId).slice(before);
    assert.equal(updates.length, 1, 'six linked reports, one card update');
    const card = updates[0].body.attachments[0].content;
    assert.match(texts(card), /6 anmeldelser knyttet · Skoler: 4 · Ældreplejen: 2/);
    assert.match(texts(card), new RegExp(`Fra: ${tied.at(-1)!.reporter.name}`));
    assert.equal(h.connector.threads().filter((t) => t.channelId === school.channelId || t.channelId === elderly.channelId).length, 1, 'still one card in the channels');
  });

  it('in English when Teams runs in English: the question, the short form and the receipt', async () => {
    const r = newReporter();
    await h.post(message(r, h.connector.url, 'report', 'en-US'));
    const question = lastCard(r);
    assert.match(texts(question), /Is this about: “Nexus er nede”\?/);
    const form = (await h.post(execute(r, h.connector.url, 'report.tie', actionData(question, 'report.tie'), 'en-US'))).body.value;
    assert.match(texts(form), /What did you see\?/);
    const receipt = (await h.post(execute(r, h.connector.url, 'report.tied.submit', { ...actionData(form, 'report.tied.submit'), whatHappened: 'Nexus shows an error on login.', discoveredDate: '2026-11-23', discoveredTime: '08:50', unitIds: 'skoler' }, 'en-US'))).body.value;
    assert.match(texts(receipt), /The incident “Nexus er nede” is known and handled by the coordinators/);
    const number = /BV-2026-\d{4}/.exec(texts(receipt))?.[0];
    assert.ok(number);
    tied.push({ reporter: r, number });
  });

  it('«Nej, det er noget andet» gives the full form: an untied report gets its own card', async () => {
    untiedReporter = newReporter();
    await h.post(message(untiedReporter, h.connector.url, 'anmeld'));
    const question = lastCard(untiedReporter);
    const form = (await h.post(execute(untiedReporter, h.connector.url, 'report.untied', actionData(question, 'report.untied')))).body.value;
    assert.ok(actionData(form, 'report.submit'), texts(form).slice(0, 200));
    untiedNumber = await fullReport(untiedReporter, form);
    assert.equal(h.connector.threads(school.channelId).length, 2, 'its own card');
    assert.equal((await byNumber(untiedNumber)).work.linkedTo, null);
  });

  it('linking after the fact stops the case\'s own reminders and marks its card', async () => {
    const controlReporter = newReporter();
    await h.post(message(controlReporter, h.connector.url, 'anmeld'));
    const controlForm = (await h.post(execute(controlReporter, h.connector.url, 'report.untied', actionData(lastCard(controlReporter), 'report.untied')))).body.value;
    const control = await fullReport(controlReporter, controlForm);
    const controlId = (await byNumber(control)).id;
    const untiedId = (await byNumber(untiedNumber)).id;
    await act(coord, school, controlId, 'case.acknowledge');
    const linked = await act(coord, school, untiedId, 'case.link', { linkTo: incidentNumber });
    assert.match(texts(linked), new RegExp(`Knyttet til ${incidentNumber}, som håndterer hændelsen`));
    assert.doesNotMatch(texts(linked), /Frist for Datatilsynet/, 'no countdown of its own');
    assert.ok(h.connector.sent(personalConversationId(untiedReporter)).some((a) => a.text?.includes(incidentNumber)), 'its reporter is told');
    assert.ok((await stored(incidentId)).linkedFrom.some((l) => l.number === untiedNumber), 'the incident counts it');

    // A day and a half later the 48-hour reminder is due on both; only the unlinked one says it.
    const untiedThread = (await stored(untiedId)).posts[0].threadId!;
    const controlThread = (await stored(controlId)).posts[0].threadId!;
    h.connector.clear();
    clock.advance(26 * 3_600_000);
    await h.bot.sweep(clock.now());
    await h.bot.idle();
    assert.ok(h.connector.sent(controlThread).some((a) => /fristen for anmeldelse til Datatilsynet/.test(a.text ?? '')), 'the control case is reminded');
    assert.equal(h.connector.sent(untiedThread).length, 0, 'the linked case is not');
  });

  it('ending the incident stops the question; an old question card leads to the full form', async () => {
    const r = newReporter();
    await h.post(message(r, h.connector.url, 'anmeld'));
    const oldQuestion = lastCard(r);
    // «Afslut hændelsen» asks first (issue 17, finding 8): the card comes back with «Ja, afslut hændelsen» / «Fortryd».
    const all = (card: any): any[] => (card && typeof card === 'object' ? [card, ...Object.values(card).flatMap(all)] : []);
    const confirmBox = (card: any) => all(card).find((n) => n.id === 'incident_end_confirm');
    const drawn = await act(coord, school, incidentId, 'case.addNote', { note: 'Leverandøren arbejder på det.' });
    assert.equal(confirmBox(drawn), undefined, 'no confirmation until asked for');
    assert.equal(actionData(drawn, 'case.endIncident').confirmed, undefined);
    const asked = await act(coord, school, incidentId, 'case.endIncident', actionData(drawn, 'case.endIncident'));
    assert.equal((await h.bot.storage.incidents.active(TENANT)).length, 1, 'the first press ends nothing');
    assert.equal((await stored(incidentId)).work.incident!.endedAt, null);
    assert.match(texts(confirmBox(asked)), /Anmeldere bliver ikke længere spurgt.*Afslut hændelsen\?/);
    const cancel = all(confirmBox(asked)).find((n) => n.type === 'Action.ToggleVisibility');
    assert.equal(cancel.title, 'Fortryd');
    assert.deepEqual(cancel.targetElements, [{ elementId: 'incident_end_confirm', isVisible: false }], 'targetElements, which Teams mobile needs');
    const yes = all(confirmBox(asked)).find((n) => n.type === 'Action.Execute');
    assert.equal(yes.title, 'Ja, afslut hændelsen');
    const ended = await act(coord, school, incidentId, 'case.endIncident', yes.data);
    assert.match(texts(ended), /Kendt hændelse \(afsluttet/);
    assert.ok(!actionData(ended, 'case.endIncident'));
    assert.deepEqual(await h.bot.storage.incidents.active(TENANT), []);

    const form = (await h.post(execute(r, h.connector.url, 'report.tie', actionData(oldQuestion, 'report.tie')))).body.value;
    assert.match(texts(form), /Den kendte hændelse er afsluttet/);
    assert.ok(actionData(form, 'report.submit'), 'the full form');

    const other = newReporter();
    await h.post(message(other, h.connector.url, 'anmeld'));
    assert.ok(actionData(lastCard(other), 'report.submit'), 'no question any more: the full form at once');
  });

  it('closing the incident gives every linked reporter the Ishøj feedback and closes the tied reports with it', async () => {
    for (const [verb, data] of [
      ['case.setStopped', { stopped: 'yes', stopHow: 'Leverandøren har genstartet Nexus.' }],
      ['case.assess', { risk: 'none', decision: 'do_not_notify', justification: 'Nedetid i to timer, ingen oplysninger er kommet til uvedkommende.' }],
      ['case.dpoInformed', {}],
    ] as const) {
      assert.doesNotMatch(texts(await act(coord, school, incidentId, verb, data)), /Fejl/);
    }
    h.connector.clear();
    const closed = await act(coord, school, incidentId, 'case.close', {
      lessonsLearned: 'Leverandøren skal varsle nedetid.',
      feedbackDone: 'Leverandøren har rettet fejlen i Nexus.',
      feedbackPrevention: 'Vi har aftalt overvågning med leverandøren.',
    });
    assert.equal((await stored(incidentId)).status, 'closed', texts(closed).slice(0, 400));
    await h.bot.idle();
    const told = [...tied.map((t) => t.reporter), untiedReporter];
    for (const r of told) {
      const feedback = h.connector.sent(personalConversationId(r)).find((a) => /Leverandøren har rettet fejlen/.test(JSON.stringify(a)));
      assert.ok(feedback, `feedback to ${r.name}`);
    }
    for (const t of tied) {
      const c = await byNumber(t.number);
      assert.equal(c.status, 'closed', `${t.number} closed with the incident`);
      assert.equal(c.work.feedback?.done, 'Leverandøren har rettet fejlen i Nexus.');
      assert.ok(c.schedule.key, 'its retention row');
    }
    assert.equal((await byNumber(untiedNumber)).status, 'acknowledged', 'a linked case a coordinator took is closed by its coordinators');
    const audit = (await h.bot.storage.audit.listForCase(TENANT, (await byNumber(tied[0].number)).id)).map((a) => a.action);
    assert.ok(audit.includes('case.create'));
  });
});
