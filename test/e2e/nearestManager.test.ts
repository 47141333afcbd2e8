/**
 * Issue 18, part 1: the nearest manager. Over the real server, Azurite and the fake connector (which, as
 * Teams, refuses a 1:1 chat with a person who does not have the app: `personalInstalls`):
 * - a report naming a manager who has the app: the manager gets exactly two messages in their own chat, the
 *   receipt (case number, unit, tavshedspligt) and the close (handled, Datatilsynet and the persons yes/no),
 *   and neither holds the report's text, the reporter's words, the coordinator's texts or the feedback;
 * - the next report's form is prefilled with that manager;
 * - a manager named by a typed mail (any case) is reached the same way;
 * - a manager without the app: the coordinators' card says so, the reporter is asked once to tell them;
 * - hostile values in the mail field: a localized error beside the field, the values kept, CPR masked.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { channelExecute, channelMessage, execute, installPersonal, message, personalConversationId, TENANT, teamChannel, user, type TeamChannel, type User } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { actionData, cardText as texts, inputValue } from '../helpers/cardQueries';
import type { BreachCase } from '../../src/domain/case';
import { masked } from '../../src/domain/maskedText';
import { MAX_DELIVERY_ATTEMPTS } from '../../src/domain/outbox';

describe('e2e: the nearest manager is told twice, or the reporter is asked to tell them (issue 18)', function () {
  this.timeout(120_000);
  let storage: TestStorage;
  let h: Harness;
  const clock = new ControlledClock(new Date('2026-11-23T12:00:00Z'));
  const admin = user(7800, 'Anne Admin');
  const frida = user(7801, 'Frida Skolekoordinator');
  const rita = user(7802, 'Rita Reporter');
  const mads = user(7803, 'Mads Mellemleder');
  const ole = user(7804, 'Ole Opdager');
  const nina = user(7805, 'Nina Nyansat');
  const absent = user(7806, 'Aksel Udenapp');
  const petra = user(7807, 'Petra Første');
  const tove = user(7808, 'Tove Tilknyttet');
  const morten = user(7809, 'Morten Mellemleder');
  const rune = user(7810, 'Rune Rapportør');
  const karl = user(7811, 'Karl Kontorchef');
  const sofie = user(7812, 'Sofie Sagsbehandler');
  const gert = user(7813, 'Gert Gruppeleder');
  const lone = user(7814, 'Lone Lærer');
  const hans = user(7815, 'Hans Vejformand');
  const ida = user(7816, 'Ida Vejarbejder');
  const jens = user(7817, 'Jens Skolesekretær');
  const central = teamChannel(88, 'Sikkerhedsgruppen');
  const skoler = teamChannel(89, 'Skoler');
  const managerChat = personalConversationId(mads);

  const byNumber = async (number: string): Promise<BreachCase> => (await h.bot.storage.cases.findByNumber(TENANT, number))!.value;
  const member = (u: User) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email, userPrincipalName: u.email });
  const toManager = () => h.connector.sent(managerChat).filter((a) => typeof a.text === 'string');

  const WHAT = 'Elevlisten med karakterer blev sendt til en forkert forælder ved en fejl.';
  const HOW = 'Autofuldførelse i Outlook valgte den forkerte modtager.';

  async function press(u: User, ch: TeamChannel, number: string, verb: string, data: Record<string, unknown> = {}) {
    const c = await byNumber(number);
    const post = c.posts.find((p) => p.channel.channelId === ch.channelId) ?? c.posts[0];
    const res = await h.post(channelExecute(u, h.connector.url, ch, post.threadId ?? ch.channelId, verb, { caseId: c.id, rev: String(c.work.timeline.length), ...data }, post.activityId ?? 'x'));
    assert.equal(res.status, 200);
    return res.body.value;
  }

  /** The form of a new report (`anmeld`) in the reporter's chat. */
  async function form(u: User) {
    await h.post(message(u, h.connector.url, 'anmeld'));
    return h.connector.sent(personalConversationId(u)).at(-1).attachments[0].content;
  }

  function values(u: User, manager: Record<string, string>) {
    return {
      reporterName: u.name, reporterEmail: u.email, unitIds: 'skoler', breachTypes: 'confidentiality', whatHappened: WHAT, howHappened: HOW,
      dataKinds: 'names', personsAffected: '12', discoveredDate: '2026-11-23', discoveredTime: '09:30', ongoing: 'stopped', supplierInvolved: 'no',
      managerId: '', managerEmail: '', ...manager,
    };
  }

  /** Reports with the manager fields given; returns the case number. */
  async function report(u: User, manager: Record<string, string>): Promise<string> {
    const f = await form(u);
    const summary = (await h.post(execute(u, h.connector.url, 'report.submit', { ...actionData(f, 'report.submit'), ...values(u, manager) }))).body.value;
    assert.ok(actionData(summary, 'report.confirm'), `a summary: ${texts(summary).slice(0, 300)}`);
    const receipt = (await h.post(execute(u, h.connector.url, 'report.confirm', actionData(summary, 'report.confirm')))).body.value;
    // The receipt says what the manager is told, or (none named) asks the reporter to tell them.
    assert.match(texts(receipt), manager.managerId || manager.managerEmail ? /Din nærmeste leder får besked om sagsnummer og enhed/ : /Husk at orientere din nærmeste leder/);
    await h.bot.idle();
    return /BV-2026-\d{4}/.exec(texts(receipt))![0];
  }

  /** The coordinator works the case to closed: no risk, not notified, with feedback texts of their own. */
  async function close(number: string, ch: TeamChannel = skoler) {
    await press(frida, ch, number, 'case.acknowledge');
    await press(frida, ch, number, 'case.setStopped', { stopped: 'yes', stopHow: 'Forælderen har slettet mailen (koordinatorens tekst).' });
    await press(frida, ch, number, 'case.assess', { risk: 'none', decision: 'do_not_notify', justification: 'Koordinatorens begrundelse: modtageren slettede straks.' });
    await press(frida, ch, number, 'case.dpoInformed');
    const closed = await press(frida, ch, number, 'case.close', {
      lessonsLearned: 'Koordinatorens læring: dobbelttjek modtageren.',
      feedbackDone: 'Tilbagemeldingens tekst: mailen er slettet.',
      feedbackPrevention: 'Tilbagemeldingens forebyggelse: ny vejledning.',
    });
    await h.bot.idle();
    assert.equal((await byNumber(number)).status, 'closed', texts(closed).slice(0, 400));
  }

  before(async () => {
    storage = await startTestStorage();
    h = await startHarness(testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] }), { clock });
    h.connector.members.set(central.teamId, [member(admin)]);
    h.connector.members.set(skoler.teamId, [member(frida)]);
    for (const u of [rita, mads, ole, nina, frida, absent, petra, tove, morten, rune, karl, sofie, gert, lone, hans, ida, jens]) h.connector.members.set(personalConversationId(u), [member(u)]);
    // As Teams: only people who have the app can be messaged. Aksel has not got it.
    h.connector.personalInstalls = new Set([rita, mads, ole, nina, frida, petra, tove, morten, rune, karl, sofie, gert, lone, hans, ida, jens].flatMap((u) => [u.id, u.aadObjectId]));
    for (const [ch, text] of [
      [central, 'tilmeld central'],
      [skoler, 'tilmeld Skoler'],
    ] as const) {
      assert.equal((await h.post(channelMessage(admin, h.connector.url, ch, text))).status, 200);
    }
    // The manager installs the app (as an app setup policy would for everyone): Brudvagt remembers them.
    assert.equal((await h.post(installPersonal(mads, h.connector.url))).status, 200);
    // Ole has the app too: the manager he names is remembered on his own row of the people directory.
    assert.equal((await h.post(installPersonal(ole, h.connector.url))).status, 200);
    for (const m of [morten, karl, gert, hans]) assert.equal((await h.post(installPersonal(m, h.connector.url))).status, 200);
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });

  it('a picked manager with the app gets exactly the receipt and the close, with nothing of the report, the reporter or the coordinator', async () => {
    const welcomeOnly = toManager().length;
    const number = await report(rita, { managerId: mads.aadObjectId });
    assert.equal((await byNumber(number)).report.manager?.aadObjectId, mads.aadObjectId);

    const receipt = toManager().slice(welcomeOnly);
    assert.equal(receipt.length, 1, 'one message on receipt');
    assert.match(receipt[0].text, new RegExp(number));
    assert.match(receipt[0].text, /Skoler/, 'the unit it went to');
    assert.match(receipt[0].text, /tavshedspligt/);
    assert.equal((await byNumber(number)).manager?.receivedAt !== undefined, true, 'recorded as told');

    await close(number);
    const both = toManager().slice(welcomeOnly);
    assert.equal(both.length, 2, `exactly two messages: ${both.map((a) => a.text).join(' | ')}`);
    assert.match(both[1].text, new RegExp(`${number} er håndteret og lukket`));
    assert.match(both[1].text, /Anmeldt til Datatilsynet: nej/);
    assert.match(both[1].text, /underrettet: nej/);
    const all = both.map((a) => a.text).join('\n');
    for (const secret of [WHAT, 'Elevlisten', HOW, 'Autofuldførelse', rita.name, rita.email, 'koordinatorens tekst', 'Koordinatorens begrundelse', 'Koordinatorens læring', 'Tilbagemeldingens', 'forælder']) {
      assert.ok(!all.includes(secret), `the manager read «${secret}»`);
    }
    // Audited, by Brudvagt: which message, and that it reached the manager.
    const audit = (await h.bot.storage.audit.listForCase(TENANT, (await byNumber(number)).id)).filter((a) => a.action === 'case.manager');
    assert.deepEqual(audit.map((a) => a.detail), ['received:told', 'closed:told']);
    // The coordinators' card and the register's record say the manager was told.
    const record = await press(frida, skoler, number, 'case.show');
    assert.match(texts(record), /Nærmeste leder\norienteret/);
  });

  it("the next report's form is prefilled with the manager named last time", async () => {
    const f = await form(rita);
    assert.equal(inputValue(f, 'managerId'), mads.aadObjectId);
    assert.equal(inputValue(f, 'managerEmail'), '');
    await h.post(execute(rita, h.connector.url, 'report.cancel', actionData(f, 'report.cancel') ?? {}));
  });

  it('a manager named by a typed mail (any case) is reached the same way', async () => {
    const before = toManager().length;
    const number = await report(ole, { managerEmail: mads.email.toUpperCase() });
    const sent = toManager().slice(before);
    assert.equal(sent.length, 1);
    assert.match(sent[0].text, new RegExp(number));
    assert.ok(!sent[0].text.includes(ole.name));
    // Remembered on his row (he has the app), in lower case, and prefilled in the mail field next time.
    assert.deepEqual((await h.bot.storage.people.get(TENANT, ole.aadObjectId))?.manager, { aadObjectId: '', email: mads.email.toLowerCase() });
    assert.equal(await h.bot.storage.people.get(TENANT, rita.aadObjectId), null, 'no row is made because of a report');
    const next = await form(ole);
    assert.equal(inputValue(next, 'managerEmail'), mads.email.toLowerCase());
    assert.equal(inputValue(next, 'managerId'), '');
  });

  it("a manager without the app: the coordinators' card says so and the reporter is asked once, also after the close", async () => {
    const before = toManager().length;
    const number = await report(nina, { managerId: absent.aadObjectId });
    // Teams refused the 1:1 chat (403), as for anyone without the app.
    assert.ok(h.connector.calls.some((c) => c.method === 'POST' && c.status === 403 && c.body?.members?.[0]?.aadObjectId === absent.aadObjectId), 'create-conversation tried and refused');
    const asked = () => h.connector.sent(personalConversationId(nina)).filter((a) => /kunne ikke få besked fra Brudvagt/.test(String(a.text)));
    assert.equal(asked().length, 1, 'the reporter is asked to tell the manager');
    const c = await byNumber(number);
    assert.ok(c.manager?.unreachableAt, 'recorded on the case');
    // The card redraw is queued with the record: the sweep sends it.
    clock.advance(5_000);
    await h.bot.sweep(clock.now());
    await h.bot.idle();
    const post = (await byNumber(number)).posts[0];
    const cards = h.connector.createdIn(post.threadId!, 'PUT').map((x) => JSON.stringify(x.body));
    assert.ok(cards.some((t) => t.includes('Nærmeste leder kunne ikke få besked – anmelderen er bedt om selv at orientere sin leder')), 'the card says the manager could not be told');
    const record = await press(frida, skoler, number, 'case.show');
    assert.match(texts(record), /Nærmeste leder kunne ikke få besked – anmelderen er bedt om selv at orientere sin leder/);

    await close(number);
    clock.advance(5_000);
    await h.bot.sweep(clock.now());
    await h.bot.idle();
    assert.equal(asked().length, 1, 'asked once, not again at the close');
    assert.equal(toManager().length, before, "nothing reached the other manager's chat");
  });

  it("a report tied to a known incident tells its own reporter's manager of its receipt, and of its close with the incident", async () => {
    const incident = await report(petra, {});
    await press(frida, skoler, incident, 'case.declareIncident', { incidentTitle: 'Elevplanen er nede' });
    const before = toManager().length;
    await h.post(message(tove, h.connector.url, 'anmeld'));
    const question = h.connector.sent(personalConversationId(tove)).at(-1).attachments[0].content;
    const short = (await h.post(execute(tove, h.connector.url, 'report.tie', actionData(question, 'report.tie')))).body.value;
    assert.ok(actionData(short, 'report.tied.submit'), 'the short form');
    assert.ok(inputValue(short, 'managerEmail') !== undefined, 'the short form asks for the manager too');
    const receipt = (await h.post(execute(tove, h.connector.url, 'report.tied.submit', { ...actionData(short, 'report.tied.submit'), whatHappened: 'Elevplanen viser en fejl hos os også.', discoveredDate: '2026-11-23', discoveredTime: '10:45', unitIds: 'skoler', managerEmail: mads.email }))).body.value;
    const tied = /BV-2026-\d{4}/.exec(texts(receipt).replace(incident, ''))![0];
    await h.bot.idle();
    // Its receipt is owed by its own outbox (a tied report has no card of its own): the sweep sends it.
    clock.advance(5_000);
    await h.bot.sweep(clock.now());
    await h.bot.idle();
    let sent = toManager().slice(before);
    assert.equal(sent.length, 1, sent.map((a) => a.text).join(' | '));
    assert.match(sent[0].text, new RegExp(tied));
    assert.ok(!sent[0].text.includes(incident), "not the incident's number");
    assert.match(sent[0].text, /Skoler/);

    await close(incident);
    clock.advance(5_000);
    await h.bot.sweep(clock.now());
    await h.bot.idle();
    sent = toManager().slice(before);
    assert.equal(sent.length, 2, sent.map((a) => a.text).join(' | '));
    assert.match(sent[1].text, new RegExp(`${tied} er håndteret og lukket`));
    for (const secret of ['Elevplanen', 'Tilbagemeldingens', 'Koordinatorens', tove.name, petra.name]) assert.ok(!sent[1].text.includes(secret), secret);
  });

  it('hostile values in the mail field: a Danish error beside it, every value kept, CPR masked', async () => {
    // Each answer is a new version of the draft: the next press comes from the card just answered.
    let current = await form(ole);
    const notMail = fc.string({ minLength: 1, maxLength: 80 }).filter((s) => {
      const m = masked(s);
      return m !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(m);
    });
    const hostile = fc.oneof(notMail, fc.constantFrom('<at>Rita</at>',  '${v.managerEmail}', 'a@b', '@kommune.dk', 'leder@', 'x'.repeat(300) + '@kommune.dk', 'leder 010190-1234@kommune.dk', '\u202e@moc.dk'));
    await fc.assert(
      fc.asyncProperty(hostile, async (raw) => {
        const res = await h.post(execute(ole, h.connector.url, 'report.submit', { ...actionData(current, 'report.submit'), ...values(ole, { managerEmail: raw }) }));
        const back = res.body.value;
        current = back;
        assert.doesNotMatch(texts(back), /ældre end din kladde/);
        assert.equal(res.status, 200);
        assert.equal(actionData(back, 'report.confirm'), undefined, `«${raw}» was accepted`);
        const t = texts(back);
        assert.match(t, /Skriv en gyldig mailadresse\.|Højst 254 tegn\./, 'the error in Danish');
        // Beside the field: the error text directly follows the mail input in the card.
        const body = JSON.stringify(back);
        assert.ok(body.indexOf('"id":"managerEmail"') < body.indexOf('Skriv en gyldig mailadresse.') || body.includes('Højst 254 tegn.'), 'the error is beside the field');
        assert.equal(inputValue(back, 'managerEmail'), masked(raw), `the value kept (masked): ${JSON.stringify(back).slice(0, 1500)}`);
        assert.equal(inputValue(back, 'whatHappened'), WHAT, 'the other values kept');
        assert.ok(!body.includes('010190-1234'), 'no CPR number on the card');
      }),
      { numRuns: 12 },
    );
  });

  it('a manager for whom the app was removed without Brudvagt hearing of it: Teams refuses the message, the reporter is asked, the manager is forgotten', async () => {
    h.connector.personalInstalls!.delete(mads.id);
    h.connector.personalInstalls!.delete(mads.aadObjectId);
    const before = toManager().length;
    const number = await report(rita, { managerId: mads.aadObjectId });
    assert.ok(h.connector.calls.some((c) => c.conversationId === managerChat && c.status === 403), 'Teams refused the message');
    assert.equal(toManager().length, before, 'nothing reached the manager');
    assert.ok(h.connector.sent(personalConversationId(rita)).some((a) => new RegExp(`kunne ikke få besked fra Brudvagt om sag ${number}`).test(String(a.text))), 'the reporter is asked');
    assert.ok((await byNumber(number)).manager?.unreachableAt);
    assert.equal(await h.bot.storage.people.get(TENANT, mads.aadObjectId), null, 'forgotten: Teams says he cannot be messaged');
  });

  const uninstall = (u: User) => {
    h.connector.personalInstalls!.delete(u.id);
    h.connector.personalInstalls!.delete(u.aadObjectId);
  };
  const askedToTell = (u: User) => h.connector.sent(personalConversationId(u)).filter((a) => /kunne ikke få besked fra Brudvagt/.test(String(a.text)));
  const callsAbout = (u: User) => h.connector.calls.filter((c) => c.conversationId === personalConversationId(u) || c.body?.members?.[0]?.aadObjectId === u.aadObjectId).length;

  it('review finding 5: the receipt and the close refused in one delivery ask the reporter once, not twice', async () => {
    // Teams fails the manager's chat (500) while the report is made and closed: both items wait for the retry.
    h.connector.outage = { path: new RegExp(`personal-${morten.aadObjectId}`), status: 500 };
    let number: string;
    try {
      number = await report(rune, { managerId: morten.aadObjectId });
      await close(number);
    } finally {
      h.connector.outage = null;
    }
    const waiting = (await byNumber(number)).schedule.outbox.filter((i) => i.target === 'manager').map((i) => i.kind);
    assert.deepEqual(waiting.sort(), ['manager_closed', 'manager_received'], 'both wait for the retry');
    assert.equal(askedToTell(rune).length, 0);
    // Then the app is removed for him: the next delivery finds him unreachable for both, in one batch.
    uninstall(morten);
    clock.advance(10 * 60_000);
    await h.bot.sweep(clock.now());
    await h.bot.idle();
    const c = await byNumber(number);
    assert.equal(c.schedule.outbox.filter((i) => i.target === 'manager').length, 0, 'both delivered (unreachable)');
    assert.equal(askedToTell(rune).length, 1, 'the reporter is asked once');
    assert.ok(c.manager?.unreachableAt);
  });

  it('review findings 4 and 2: told of the receipt, the close refused: still «orienteret», nobody asked; a reopened case closed again tells the manager nothing more', async () => {
    const number = await report(sofie, { managerId: karl.aadObjectId });
    assert.ok((await byNumber(number)).manager?.receivedAt, 'told of the receipt');
    uninstall(karl);
    await close(number);
    clock.advance(5_000);
    await h.bot.sweep(clock.now());
    await h.bot.idle();
    let c = await byNumber(number);
    assert.equal(c.manager?.unreachableAt, undefined, 'not «could not be reached»');
    assert.ok(c.manager?.closeUnreachableAt, 'the refused close is recorded apart');
    assert.equal(askedToTell(sofie).length, 0, 'the reporter is not asked: the manager knows of the report');
    const audit = (await h.bot.storage.audit.listForCase(TENANT, c.id)).filter((a) => a.action === 'case.manager');
    assert.deepEqual(audit.map((a) => a.detail), ['received:told', 'closed:unreachable']);
    const record = await press(frida, skoler, number, 'case.show');
    assert.match(texts(record), /Nærmeste leder\norienteret/);
    assert.doesNotMatch(texts(record), /kunne ikke få besked/);

    // Reopened and closed again: the manager's two messages were had; nothing more is tried.
    h.connector.personalInstalls!.add(karl.aadObjectId);
    h.connector.personalInstalls!.add(karl.id);
    const before = callsAbout(karl);
    await press(frida, skoler, number, 'case.reopen', { reopenReason: 'Forælderen har klaget' });
    await h.bot.idle();
    assert.equal((await byNumber(number)).status !== 'closed', true, 'reopened');
    await press(frida, skoler, number, 'case.close', { lessonsLearned: 'Læring igen.', feedbackDone: 'Igen lukket.', feedbackPrevention: 'Ny vejledning.' });
    await h.bot.idle();
    clock.advance(5_000);
    await h.bot.sweep(clock.now());
    await h.bot.idle();
    c = await byNumber(number);
    assert.equal(c.status, 'closed');
    assert.equal(c.schedule.outbox.filter((i) => i.target === 'manager').length, 0, 'no close item');
    assert.equal(callsAbout(karl), before, 'the manager is not tried again');
  });

  it('review finding 3: a receipt Teams keeps failing is given up with a record: «kunne ikke nås», and the reporter is asked', async () => {
    h.connector.outage = { path: new RegExp(`personal-${gert.aadObjectId}`), status: 500 };
    try {
      const number = await report(lone, { managerId: gert.aadObjectId });
      const found = (await h.bot.storage.cases.findByNumber(TENANT, number))!;
      const receipt = found.value.schedule.outbox.find((i) => i.target === 'manager');
      assert.ok(receipt, 'the receipt waits for the retry');
      // About twelve hours of failures, as the cap counts them (outbox.ts, MAX_DELIVERY_ATTEMPTS).
      const worn = found.value.schedule.outbox.map((i) => (i === receipt ? { ...i, attempts: MAX_DELIVERY_ATTEMPTS } : i));
      await h.bot.storage.cases.update({ ...found.value, schedule: { ...found.value.schedule, outbox: worn } }, found.etag);
      clock.advance(10 * 60_000);
      await h.bot.sweep(clock.now());
      await h.bot.idle();
      const c = await byNumber(number);
      assert.equal(c.schedule.outbox.filter((i) => i.target === 'manager' || i.kind === 'reporter_tell_manager').length, 0, 'given up, and the reporter told');
      assert.ok(c.manager?.unreachableAt, 'recorded as unreachable');
      assert.equal(askedToTell(lone).length, 1, 'the reporter is asked to tell the manager');
      const record = await press(frida, skoler, number, 'case.show');
      assert.match(texts(record), /Nærmeste leder kunne ikke få besked/);
      const audit = (await h.bot.storage.audit.listForCase(TENANT, c.id)).filter((a) => a.action === 'case.manager');
      assert.deepEqual(audit.map((a) => a.detail), ['received:unreachable']);
    } finally {
      h.connector.outage = null;
    }
  });

  it("review finding 1: a report linked to another unit's case: its manager is told it was handled with another case, no yes/no", async () => {
    // Veje's channel sits in the schools' team: Frida opens both units' cases and may link them.
    const veje: TeamChannel = { ...skoler, channelId: '19:channel-veje@thread.tacv2', channelName: 'Veje' };
    assert.equal((await h.post(channelMessage(admin, h.connector.url, veje, 'tilmeld Veje'))).status, 200);
    const hansChat = () => h.connector.sent(personalConversationId(hans)).filter((a) => typeof a.text === 'string');
    const before = hansChat().length;
    const other = await report(jens, {});
    const number = await report(ida, { unitIds: 'veje', managerId: hans.aadObjectId });
    assert.equal(hansChat().length, before + 1, 'the receipt');
    await press(frida, veje, number, 'case.link', { linkTo: other });
    await h.bot.idle();
    assert.equal((await byNumber(number)).work.linkedTo, other);
    await close(other);
    // The link made Frida its owner (she worked on it): it is closed by her, not with the other case.
    await close(number, veje);
    clock.advance(5_000);
    await h.bot.sweep(clock.now());
    await h.bot.idle();
    const sent = hansChat().slice(before);
    assert.equal(sent.length, 2, sent.map((a) => a.text).join(' | '));
    assert.match(sent[1].text, new RegExp(`${number} er håndteret sammen med en anden sag og lukket`));
    for (const told of ['Datatilsynet', 'underrettet', ': nej', ': ja', other, 'Tilbagemeldingens', 'Koordinatorens']) assert.ok(!sent[1].text.includes(told), `the manager read «${told}»`);
  });

  it("an uninstall (Teams' installationUpdate «remove») forgets the person in the directory", async () => {
    assert.ok(await h.bot.storage.people.get(TENANT, ole.aadObjectId), 'Ole has the app');
    const res = await h.post({ ...installPersonal(ole, h.connector.url), type: 'installationUpdate', action: 'remove', membersAdded: undefined });
    assert.equal(res.status, 200);
    assert.equal(await h.bot.storage.people.get(TENANT, ole.aadObjectId), null);
  });
});
