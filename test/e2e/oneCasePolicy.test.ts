/**
 * Issue 16 through the real endpoint, a real Azurite and the fake Bot Connector: the findings a tester
 * made as an attacker and as an unlucky world, reproduced as they were reported.
 * 1. Another unit's closing feedback delivered by a link (closed and open case).
 * 2. A tied report copying an incident's texts into the reporter's chosen unit; a unit that lists a case
 *    it cannot open.
 * 5. Retention missing a linked reporter's name on the other case (and in every table).
 * 6. An incident title with a CPR number in other digits, and control characters.
 * 8. Closing an incident while 40 reports are tied to it.
 */
import { strict as assert } from 'node:assert';
import { TableClient, TableServiceClient } from '@azure/data-tables';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { TENANT, channelExecute, channelMessage, execute, message, personalConversationId, teamChannel, user, type TeamChannel, type User } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { actionData, cardText as texts } from '../helpers/cardQueries';
import type { BreachCase } from '../../src/domain/case';
import type { Config } from '../../src/config';
import { addYears } from '../../src/domain/retention';

const FEEDBACK = {
  feedbackDone: 'Skolens mail er slettet hos modtageren Skoletekst1',
  feedbackPrevention: 'Skolerne får dobbelttjek af modtagere Skoletekst2',
  feedbackAuthority: 'Vurderet uden risiko af skolerne Skoletekst3',
  feedbackDpo: 'DPO orienteret af skolerne Skoletekst4',
  feedbackPersons: 'Forældrene er ikke kontaktet Skoletekst5',
};

describe('e2e: the case decides who sees what (issue 16)', function () {
  this.timeout(180_000);
  let storage: TestStorage;
  let h: Harness;
  let config: Config;
  const clock = new ControlledClock(new Date('2026-11-23T09:00:00Z'));
  const admin = user(7000, 'Anne Admin');
  const bo = user(7001, 'Bo Børnekoordinator');
  const frida = user(7002, 'Frida Skolekoordinator');
  const central = teamChannel(70, 'Sikkerhedsgruppen');
  const born = teamChannel(71, 'Børn og Unge');
  const skoler = teamChannel(72, 'Skoler');
  let seq = 7100;

  const stored = async (id: string): Promise<BreachCase> => (await h.bot.storage.cases.get(TENANT, id))!.value;
  const byNumber = async (number: string): Promise<BreachCase> => (await h.bot.storage.cases.findByNumber(TENANT, number))!.value;
  const lastCard = (u: User) => h.connector.sent(personalConversationId(u)).at(-1)?.attachments?.[0]?.content;

  function newReporter(name = `Rita Reporter ${seq}`, u = user(seq++, name)): User {
    h.connector.members.set(personalConversationId(u), [{ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email }]);
    return u;
  }

  async function report(r: User, unitIds: string, extra: Record<string, string> = {}): Promise<BreachCase> {
    await h.post(message(r, h.connector.url, 'anmeld'));
    const form = lastCard(r);
    const submit = actionData(form, 'report.submit') ?? actionData(form, 'report.untied');
    assert.ok(submit, texts(form).slice(0, 200));
    const values = {
      reporterName: r.name, reporterEmail: r.email, reporterTitle: 'Sagsbehandler', reporterDepartment: 'Afdelingen', unitIds,
      breachTypes: 'confidentiality', whatHappened: 'Et brev er sendt til en forkert borger i området.', dataKinds: 'names', personsAffected: '1',
      discoveredDate: '2026-11-23', discoveredTime: '08:30', ongoing: 'stopped', supplierInvolved: 'no', ...extra,
    };
    const summary = (await h.post(execute(r, h.connector.url, 'report.submit', { ...submit, ...values }))).body.value;
    const receipt = (await h.post(execute(r, h.connector.url, 'report.confirm', actionData(summary, 'report.confirm')))).body.value;
    const number = /BV-2026-\d{4}/.exec(texts(receipt))?.[0];
    assert.ok(number, texts(summary).slice(0, 300));
    return byNumber(number);
  }

  async function act(u: User, ch: TeamChannel, caseId: string, verb: string, data: Record<string, unknown> = {}) {
    const c = await stored(caseId);
    const post = c.posts.find((p) => p.channel.channelId === ch.channelId) ?? c.posts[0];
    const res = await h.post(channelExecute(u, h.connector.url, ch, post?.threadId ?? ch.channelId, verb, { caseId, rev: String(c.work.timeline.length), ...data }, post?.activityId ?? 'x'));
    assert.equal(res.status, 200);
    return res.body.value;
  }

  async function readyToClose(u: User, ch: TeamChannel, caseId: string) {
    await act(u, ch, caseId, 'case.setStopped', { stopped: 'yes', stopHow: 'Stoppet med det samme.' });
    await act(u, ch, caseId, 'case.assess', { risk: 'none', decision: 'do_not_notify', justification: 'Ingen risiko for de registrerede.' });
    await act(u, ch, caseId, 'case.dpoInformed');
  }

  async function close(u: User, ch: TeamChannel, caseId: string) {
    await readyToClose(u, ch, caseId);
    return act(u, ch, caseId, 'case.close', { lessonsLearned: 'Dobbelttjek.', ...FEEDBACK });
  }

  const sweepALot = async (rounds = 3) => {
    for (let i = 0; i < rounds; i++) {
      clock.advance(3 * 60_000);
      await h.bot.sweep(clock.now());
      await h.bot.idle();
    }
  };

  before(async () => {
    storage = await startTestStorage();
    config = testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] });
    h = await startHarness(config, { clock });
    h.connector.members.set(central.teamId, [{ id: admin.id, aadObjectId: admin.aadObjectId, name: admin.name, email: admin.email }]);
    h.connector.members.set(born.teamId, [{ id: bo.id, aadObjectId: bo.aadObjectId, name: bo.name, email: bo.email }]);
    h.connector.members.set(skoler.teamId, [{ id: frida.id, aadObjectId: frida.aadObjectId, name: frida.name, email: frida.email }]);
    for (const [ch, text] of [
      [central, 'tilmeld central'],
      [born, 'tilmeld Børn og Unge'],
      [skoler, 'tilmeld Skoler'],
    ] as const) {
      assert.equal((await h.post(channelMessage(admin, h.connector.url, ch, text))).status, 200);
    }
    newReporter(bo.name, bo);
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });

  it('finding 1: bo may not link his own Børn report to a Skoler case he cannot open (closed or open); no Skoler text reaches his chat', async () => {
    const skolerClosed = await report(newReporter(), 'skoler');
    await close(frida, skoler, skolerClosed.id);
    assert.equal((await stored(skolerClosed.id)).status, 'closed');
    const refusedShow = await act(bo, born, skolerClosed.id, 'case.show');
    assert.match(JSON.stringify(refusedShow), /hører ikke til dette team/);

    const own = await report(bo, 'boern-og-unge');
    const linked = await act(bo, born, own.id, 'case.link', { linkTo: skolerClosed.number });
    assert.match(texts(linked), /ingen sag med det nummer, som dit team har adgang til/);
    assert.equal((await stored(own.id)).work.linkedTo, null, 'not linked');
    const skolerOpen = await report(newReporter(), 'skoler');
    const linkedOpen = await act(bo, born, own.id, 'case.link', { linkTo: skolerOpen.number });
    assert.match(texts(linkedOpen), /ingen sag med det nummer/);
    await close(frida, skoler, skolerOpen.id);
    await sweepALot();
    const toBo = JSON.stringify(h.connector.sent(personalConversationId(bo)));
    for (const text of Object.values(FEEDBACK)) assert.ok(!toBo.includes(text.split(' ').at(-1)!), `bo's chat holds "${text}"`);
    const refusals = (await h.bot.storage.audit.listForCase(TENANT, own.id)).filter((a) => a.action === 'case.link');
    assert.deepEqual(refusals.map((a) => [a.outcome, a.detail]), [['refused', 'link_not_visible'], ['refused', 'link_not_visible']]);
  });

  it("finding 1: central may link a Børn report to a Skoler case; its reporter is told it is closed, without Skoler's texts", async () => {
    const rita = newReporter();
    const bornReport = await report(rita, 'boern-og-unge');
    const skolerCase = await report(newReporter(), 'skoler');
    const linked = await act(admin, central, bornReport.id, 'case.link', { linkTo: skolerCase.number });
    assert.doesNotMatch(texts(linked), /ingen sag med det nummer/);
    assert.equal((await stored(bornReport.id)).work.linkedTo, skolerCase.number);
    await sweepALot(1);
    await close(frida, skoler, skolerCase.id);
    await sweepALot();
    const toRita = h.connector.sent(personalConversationId(rita));
    const closing = toRita.filter((a) => JSON.stringify(a).includes(bornReport.number) && a.attachments?.length);
    assert.ok(closing.length >= 1, 'rita hears that her report is closed');
    for (const text of Object.values(FEEDBACK)) assert.ok(!JSON.stringify(toRita).includes(text.split(' ').at(-1)!), `rita's chat holds "${text}"`);
  });

  it("finding 2: a tied report takes the incident's codes, not its texts; the unit it names lists it and can open it", async () => {
    const incident = await report(newReporter(), 'boern-og-unge', {
      breachTypes: 'availability', dataKinds: 'names,other', dataKindsOther: 'Børnesagsnotater hemmelig1', system: 'Børnesystemet hemmelig2',
      supplierInvolved: 'yes', supplierName: 'Leverandøren hemmelig3', supplierNotifiedDate: '2026-11-23', supplierNotifiedTime: '08:40',
    });
    await act(bo, born, incident.id, 'case.declareIncident', { incidentTitle: 'Børnesystemet er nede' });
    const r = newReporter();
    await h.post(message(r, h.connector.url, 'anmeld'));
    const question = lastCard(r);
    const form = (await h.post(execute(r, h.connector.url, 'report.tie', actionData(question, 'report.tie')))).body.value;
    const receipt = (await h.post(execute(r, h.connector.url, 'report.tied.submit', { ...actionData(form, 'report.tied.submit'), whatHappened: 'Jeg kan ikke åbne børnesagerne.', discoveredDate: '2026-11-23', discoveredTime: '08:45', unitIds: 'skoler' }))).body.value;
    const number = /BV-2026-\d{4}/.exec(texts(receipt))![0];
    const tied = await byNumber(number);
    const json = JSON.stringify(tied);
    for (const secret of ['hemmelig1', 'hemmelig2', 'hemmelig3']) assert.ok(!json.includes(secret), `the tied report carries "${secret}"`);
    assert.deepEqual(tied.report.breachTypes, ['availability'], 'the codes are taken over');
    // frida's register lists it (the unit scope of the index), and «Åbn» opens it.
    const listed = await h.bot.storage.register.open(TENANT, 2026, { kind: 'unit', unitId: 'skoler' });
    assert.ok(listed.some((row) => row.number === number), "listed in Skoler's register");
    const opened = await act(frida, skoler, tied.id, 'case.show');
    assert.doesNotMatch(JSON.stringify(opened), /hører ikke til dette team/);
    assert.match(texts(opened), new RegExp(number));
    // …and the incident itself stays closed to her.
    assert.match(JSON.stringify(await act(frida, skoler, incident.id, 'case.show')), /hører ikke til dette team/);
  });

  it('finding 6: an incident title with a CPR number in Arabic-Indic or Devanagari digits, or four dashes, is masked; control characters are dropped', async () => {
    for (const [title, expected] of [
      ['Nexus ٠١٠٢٠٣-١٢٣٤ nede', /^Nexus 010203-xxxx nede$/],
      ['Nexus ०१०२०३-१२३४ nede', /^Nexus 010203-xxxx nede$/],
      ['Lukket 110740----7390', /^Lukket 110740-xxxx$/],
      ['Ne\u0000xus\u0007 \u001b[31mnede\b', /^Nexus \[31mnede$/],
    ] as const) {
      const c = await report(newReporter(), 'boern-og-unge');
      const card = await act(bo, born, c.id, 'case.declareIncident', { incidentTitle: title });
      const stored_ = (await stored(c.id)).work.incident?.title ?? '';
      assert.match(stored_, expected, JSON.stringify(stored_));
      assert.ok(!/[\u0000-\u0008\u000b-\u001f]/.test(JSON.stringify(card).replace(/\\u00[0-1][0-9a-f]/gi, '')), 'no control characters drawn');
      await act(bo, born, c.id, 'case.endIncident', { confirmed: 'yes' }); // «Ja, afslut hændelsen»
    }
  });

  it('finding 8: «Luk sagen» pressed 200 ms into 40 tied reports closes the incident (or answers in words and changes nothing); every tied reporter hears back', async () => {
    const incident = await report(newReporter(), 'skoler');
    await act(frida, skoler, incident.id, 'case.declareIncident', { incidentTitle: 'Skoleportalen er nede' });
    await readyToClose(frida, skoler, incident.id);
    const reporters = Array.from({ length: 40 }, () => newReporter());
    const forms = [];
    for (const r of reporters) {
      await h.post(message(r, h.connector.url, 'anmeld'));
      const question = lastCard(r);
      // «Ja, det er om den» of this incident (an earlier test's incident is active too).
      assert.match(texts(question), /Er det om: «Skoleportalen er nede»\?/);
      const tie = { ...actionData(question, 'report.tie'), incidentId: incident.id };
      const form = (await h.post(execute(r, h.connector.url, 'report.tie', tie))).body.value;
      forms.push({ r, data: actionData(form, 'report.tied.submit') });
    }
    const c = await stored(incident.id);
    const post = c.posts[0];
    const ties = forms.map(({ r, data }) => h.post(execute(r, h.connector.url, 'report.tied.submit', { ...data, whatHappened: 'Portalen svarer ikke for mig.', discoveredDate: '2026-11-23', discoveredTime: '08:50', unitIds: 'skoler' })));
    await new Promise((res) => setTimeout(res, 200));
    const closing = h.post(channelExecute(frida, h.connector.url, skoler, post.threadId!, 'case.close', { caseId: incident.id, rev: String(c.work.timeline.length), lessonsLearned: 'Overvågning.', ...FEEDBACK }, post.activityId!));
    const [answer, ...tiedAnswers] = await Promise.all([closing, ...ties]);
    assert.equal(answer.status, 200);
    assert.doesNotMatch(JSON.stringify(answer.body), /Noget gik galt/);
    for (const t of tiedAnswers) assert.equal(t.status, 200);
    let after = await stored(incident.id);
    if (after.status !== 'closed') {
      // Answered in words, nothing changed: the coordinator presses again.
      assert.match(JSON.stringify(answer.body), /ændret af andre i samme øjeblik/);
      await act(frida, skoler, incident.id, 'case.close', { lessonsLearned: 'Overvågning.', ...FEEDBACK });
      after = await stored(incident.id);
    }
    assert.equal(after.status, 'closed');
    await sweepALot(4);
    after = await stored(incident.id);
    const tiedNumbers = tiedAnswers.map((t) => /BV-2026-\d{4}/.exec(texts(t.body.value))?.[0]).filter((n): n is string => !!n);
    assert.equal(tiedNumbers.length, 40, 'every tie got its receipt');
    assert.equal(after.linkedFrom.length, 40, 'every tied report is linked');
    for (const r of reporters) {
      const told = h.connector.sent(personalConversationId(r)).filter((a) => a.attachments?.some((x: any) => JSON.stringify(x).includes('Skoletekst1')));
      assert.equal(told.length, 1, `${r.name} hears back once`);
    }
  });

  it('finding 5: retention reaches every copy: after the period no table holds the linked reporter\'s name or words', async () => {
    const ulla = newReporter('Ulla Isbjørnsen');
    const target = await report(newReporter(), 'skoler');
    const hers = await report(ulla, 'skoler', { whatHappened: 'Ullas egne ord om brevet til den forkerte forælder.' });
    await act(frida, skoler, hers.id, 'case.link', { linkTo: target.number });
    await sweepALot(1);
    assert.ok((await stored(target.id)).linkedFrom.some((l) => l.reporterName === ulla.name), 'the other case names her');
    await close(frida, skoler, hers.id);
    await sweepALot(2);
    const closedAt = (await stored(hers.id)).work.closedAt!;
    clock.set(new Date(addYears(closedAt, config.retention.years).getTime() + 60_000));
    await sweepALot(2);
    assert.ok((await stored(hers.id)).anonymizedAt, 'anonymized');
    const redrawn = h.connector.updates((await stored(target.id)).posts[0].threadId!).at(-1);
    assert.ok(redrawn && !JSON.stringify(redrawn.body).includes(ulla.name), "the other case's card is redrawn without her name");

    // Every table of this deployment, every row.
    const service = TableServiceClient.fromConnectionString(storage.connectionString, { allowInsecureConnection: true });
    let rows = 0;
    for await (const table of service.listTables()) {
      if (!table.name?.startsWith(config.tablePrefix)) continue;
      const client = TableClient.fromConnectionString(storage.connectionString, table.name, { allowInsecureConnection: true });
      for await (const entity of client.listEntities()) {
        rows += 1;
        const json = JSON.stringify(entity);
        for (const text of [ulla.name, ulla.aadObjectId, ulla.email, 'Ullas egne ord']) assert.ok(!json.includes(text), `${table.name} still holds "${text}": ${json.slice(0, 300)}`);
      }
    }
    assert.ok(rows > 50, `looked at ${rows} rows`);
  });
});
