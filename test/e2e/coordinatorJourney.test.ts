import { strict as assert } from 'node:assert';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import {
  TENANT,
  channelExecute,
  channelMessage,
  execute,
  message,
  personalConversationId,
  teamChannel,
  user,
  type TeamChannel,
  type User,
} from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { actionData, cardText as texts, inputValue } from '../helpers/cardQueries';




describe('e2e: coordinators work the case on its card', function () {
  this.timeout(60000);
  let storage: TestStorage;
  let h: Harness;
  let config: ReturnType<typeof testConfig>;
  const configOf = () => config;
  const clock = new ControlledClock(new Date('2026-11-23T09:00:00Z'));
  const admin = user(1000, 'Anne Admin');
  const dpo = user(1001, 'Dorte DPO');
  const coordA = user(1002, 'Karin Koordinator');
  const coordB = user(1003, 'Bo Koordinator');
  const outsider = user(1004, 'Ulla Udenfor');
  const central = teamChannel(10, 'Sikkerhedsgruppen');
  const school = teamChannel(11, 'Skoleområdet');
  const elderly = teamChannel(12, 'Ældreområdet');
  let reporterSeq = 2000;

  const setMembers = (ch: TeamChannel, ...users: User[]) =>
    h.connector.members.set(ch.teamId, users.map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email })));

  before(async () => {
    storage = await startTestStorage();
    config = testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] });
    h = await startHarness(config, { clock });
    setMembers(central, dpo);
    setMembers(school, coordA, coordB);
    setMembers(elderly, outsider);
    for (const [u, ch, text] of [
      [admin, central, 'tilmeld central'],
      [dpo, school, 'tilmeld Skoler'],
      [dpo, elderly, 'tilmeld Ældreplejen'],
    ] as const) {
      const res = await h.post(channelMessage(u, h.connector.url, ch, text));
      assert.equal(res.status, 200);
    }
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });

  /** A reporter reports through the real card flow and gets a case number. */
  async function report(unitIds: string, whatHappened = 'Et brev blev sendt til en forkert borger.'): Promise<{ reporter: User; number: string; caseId: string }> {
    const reporter = user(reporterSeq++, `Rita Reporter ${reporterSeq}`);
    h.connector.members.set(personalConversationId(reporter), [{ id: reporter.id, aadObjectId: reporter.aadObjectId, name: reporter.name, email: reporter.email }]);
    await h.post(message(reporter, h.connector.url, 'anmeld'));
    const form = h.connector.sent(personalConversationId(reporter)).at(-1).attachments[0].content;
    assert.match(texts(form), /Skoler/, 'registered units offered on the report card');
    const values = {
      reporterName: reporter.name,
      reporterEmail: reporter.email,
      reporterTitle: 'Lærer',
      reporterDepartment: 'Skole',
      unitIds,
      breachTypes: 'confidentiality',
      breachExample: 'wrong_recipient',
      whatHappened,
      dataKinds: 'names,children',
      personsAffected: '25',
      discoveredDate: '2026-11-23',
      discoveredTime: '08:30',
      ongoing: 'stopped',
      supplierInvolved: 'no',
    };
    const summary = (await h.post(execute(reporter, h.connector.url, 'report.submit', { ...actionData(form, 'report.submit'), ...values }))).body.value;
    const receipt = (await h.post(execute(reporter, h.connector.url, 'report.confirm', actionData(summary, 'report.confirm')))).body.value;
    const number = /BV-2026-\d{4}/.exec(texts(receipt))?.[0];
    assert.ok(number, texts(summary));
    const stored = await h.bot.storage.cases.findByNumber(TENANT, number);
    return { reporter, number, caseId: stored!.value.id };
  }

  async function act(u: User, ch: TeamChannel, caseId: string, verb: string, data: Record<string, unknown> = {}) {
    const stored = await h.bot.storage.cases.get(TENANT, caseId);
    const post = stored!.value.posts!.find((p) => p.channel.channelId === ch.channelId) ?? stored!.value.posts![0];
    const res = await h.post(channelExecute(u, h.connector.url, ch, post.threadId ?? ch.channelId, verb, { caseId, ...data }, post.activityId ?? 'x'));
    assert.equal(res.status, 200);
    return res.body;
  }

  it('routes a report to its unit channel only, and a report without a known unit to central with a note', async () => {
    h.connector.clear();
    const { number } = await report('skoler');
    const schoolThreads = h.connector.threads(school.channelId);
    assert.equal(schoolThreads.length, 1);
    assert.equal(h.connector.threads(central.channelId).length, 0);
    assert.equal(h.connector.threads(elderly.channelId).length, 0);
    const card = schoolThreads[0].activity.attachments[0].content;
    const text = texts(card);
    assert.match(text, new RegExp(number));
    assert.match(text, /Frist/);
    assert.ok(!text.includes('010203-1234'));

    h.connector.clear();
    await report('_central');
    assert.equal(h.connector.threads(central.channelId).length, 1);
    assert.equal(h.connector.threads(school.channelId).length, 0);
  });

  it('acknowledge: the card is updated in place, a timeline line lands in the thread, the reporter hears who took it', async () => {
    const { reporter, number, caseId } = await report('skoler');
    h.connector.clear();
    const response = await act(coordA, school, caseId, 'case.acknowledge');
    assert.match(texts(response.value), /Karin Koordinator/);
    const stored = (await h.bot.storage.cases.get(TENANT, caseId))!.value;
    assert.equal(stored.status, 'acknowledged');
    assert.equal(stored.work?.owner?.aadObjectId, coordA.aadObjectId);
    const post = stored.posts![0];
    const updates = h.connector.updates(post.threadId);
    assert.equal(updates.length, 1, 'card updated for everyone');
    assert.match(updates[0].path, new RegExp(`/activities/${post.activityId}$`));
    assert.match(texts(updates[0].body.attachments[0].content), /Karin Koordinator/);
    assert.ok(h.connector.sent(post.threadId).some((a) => /Karin Koordinator/.test(a.text)), 'timeline line in the thread');
    const toReporter = h.connector.sent(personalConversationId(reporter));
    assert.ok(toReporter.some((a) => a.text?.includes(number) && a.text?.includes('Karin Koordinator')));
  });

  it('two coordinators acknowledging at the same moment: one owner, the other is told who took it', async () => {
    const { caseId } = await report('skoler');
    const [a, b] = await Promise.all([act(coordA, school, caseId, 'case.acknowledge'), act(coordB, school, caseId, 'case.acknowledge')]);
    const stored = (await h.bot.storage.cases.get(TENANT, caseId))!.value;
    const owner = stored.work!.owner!;
    const loser = owner.aadObjectId === coordA.aadObjectId ? b : a;
    assert.match(texts(loser.value), new RegExp(`allerede taget af ${owner.name}`));
    assert.equal(stored.work!.timeline.filter((e) => e.event === 'acknowledged').length, 1);
  });

  it('two bot instances on the same storage: concurrent actions lose no update', async () => {
    const { caseId } = await report('skoler');
    const other = await startHarness(configOf(), { clock, connector: h.connector });
    try {
      const stored = (await h.bot.storage.cases.get(TENANT, caseId))!.value;
      const post = stored.posts![0];
      const via = (harness: Harness, u: User, verb: string, data: Record<string, unknown>) =>
        harness.post(channelExecute(u, h.connector.url, school, post.threadId!, verb, { caseId, ...data }, post.activityId!));
      await via(h, coordA, 'case.acknowledge', {});
      await Promise.all([
        via(h, coordA, 'case.addNote', { note: 'Note fra instans 1' }),
        via(other, coordB, 'case.addNote', { note: 'Note fra instans 2' }),
        via(other, coordA, 'case.journalize', { sbsysJournalNo: '00.01.00-G01-1-26' }),
        via(h, coordB, 'case.setStopped', { stopped: 'yes', stopHow: 'Stoppet af leverandøren.' }),
      ]);
      const work = (await h.bot.storage.cases.get(TENANT, caseId))!.value.work!;
      assert.deepEqual(work.notes.map((n) => n.text).sort(), ['Note fra instans 1', 'Note fra instans 2']);
      assert.equal(work.sbsysJournalNo, '00.01.00-G01-1-26');
      assert.equal(work.stopped, 'yes');
    } finally {
      await other.bot.stop();
    }
  });

  it('refuses a non-member and a member removed after the card was posted, clearly and on the record', async () => {
    const { caseId } = await report('skoler');
    const refused = await act(outsider, school, caseId, 'case.acknowledge');
    assert.equal(typeof refused.value, 'string');
    assert.match(refused.value, /ikke medlem/);
    setMembers(school, coordA);
    try {
      const removed = await act(coordB, school, caseId, 'case.acknowledge');
      assert.match(removed.value, /ikke medlem/);
    } finally {
      setMembers(school, coordA, coordB);
    }
    const fromOtherTeam = await act(outsider, elderly, caseId, 'case.show');
    assert.match(fromOtherTeam.value, /egen kanal|own channel|centrale/);
    const stored = (await h.bot.storage.cases.get(TENANT, caseId))!.value;
    assert.equal(stored.status, 'new');
    const audit = await h.bot.storage.audit.listForCase(TENANT, caseId);
    const refusals = audit.filter((a) => a.outcome === 'refused').map((a) => [a.actorAadId, a.action]);
    assert.deepEqual(refusals, [
      [outsider.aadObjectId, 'case.acknowledge'],
      [coordB.aadObjectId, 'case.acknowledge'],
      [outsider.aadObjectId, 'case.read'],
    ]);
  });

  it('a roster lookup that fails refuses with its own message and audit outcome, not "not a member"', async () => {
    const { caseId } = await report('skoler');
    // 401: Teams refuses the bot itself (an expired secret); a 5xx would be retried by the SDK for seconds first.
    h.connector.outage = { path: /\/members\//, status: 401 };
    let refused;
    try {
      refused = await act(coordA, school, caseId, 'case.acknowledge');
    } finally {
      h.connector.outage = null;
    }
    assert.equal(typeof refused.value, 'string');
    assert.match(refused.value, /kunne ikke slå dit medlemskab/);
    assert.doesNotMatch(refused.value, /ikke medlem af teamet bag/);
    assert.equal((await h.bot.storage.cases.get(TENANT, caseId))!.value.status, 'new');
    const audit = await h.bot.storage.audit.listForCase(TENANT, caseId);
    assert.deepEqual(audit.filter((a) => a.outcome === 'refused').map((a) => [a.actorAadId, a.detail]), [[coordA.aadObjectId, 'roster_unavailable']]);
    assert.match(JSON.stringify((await act(coordA, school, caseId, 'case.acknowledge')).value), /Karin Koordinator/, 'allowed once Teams answers');
  });

  it('hands a case over to a colleague found by mail in the live team roster, and refuses someone outside it', async () => {
    const { caseId } = await report('skoler');
    await act(coordA, school, caseId, 'case.acknowledge');
    const outside = await act(coordA, school, caseId, 'case.handOver', { handOverTo: outsider.email });
    assert.match(texts(outside.value), /Ikke gemt/);
    assert.equal((await h.bot.storage.cases.get(TENANT, caseId))!.value.work!.owner!.aadObjectId, coordA.aadObjectId);
    const res = await act(coordA, school, caseId, 'case.handOver', { handOverTo: coordB.email });
    assert.match(texts(res.value), /Bo Koordinator/);
    assert.equal((await h.bot.storage.cases.get(TENANT, caseId))!.value.work!.owner!.aadObjectId, coordB.aadObjectId);
  });

  it('the central team may act on any case', async () => {
    const { caseId } = await report('skoler');
    const res = await act(dpo, central, caseId, 'case.show');
    assert.equal(typeof res.value, 'object');
  });

  it('carries a case from acknowledge to closed with feedback; invalid input keeps the values; drafts hold no personal data', async () => {
    const { reporter, number, caseId } = await report('skoler', 'Brev om Rasmus Hemmeligsen sendt til naboen.');
    const { reporter: second, number: secondNumber, caseId: secondId } = await report('skoler');
    await act(coordA, school, caseId, 'case.acknowledge');

    const bad = await act(coordA, school, caseId, 'case.assess', { risk: 'high', decision: 'notify', justification: 'kort', dpcBase: '4' });
    assert.match(texts(bad.value), /justification|begrundelse|Mindst|tegn/i);
    assert.equal(inputValue(bad.value, 'justification'), 'kort', 'typed value kept');

    const assessed = await act(coordA, school, caseId, 'case.assess', {
      risk: 'high',
      decision: 'notify',
      justification: 'Børns navne og skoleforhold er sendt til en uvedkommende.',
      dpcBase: '4',
      dpcAdjust: '0',
      ei: '1',
      confidentiality: '0.25',
      integrity: '0',
      availability: '0',
      malicious: 'false',
    });
    assert.match(texts(assessed.value), /4[.,]25/);
    const stored1 = (await h.bot.storage.cases.get(TENANT, caseId))!.value;
    assert.equal(stored1.work!.assessment!.enisaResult!.band, 'very_high');

    const draft = await act(coordA, school, caseId, 'case.draftAuthority');
    const draftText = inputValue(draft.value, 'draftText') as string;
    assert.match(draftText, /25/);
    for (const secret of ['Hemmeligsen', reporter.name, reporter.email]) assert.ok(!draftText.includes(secret), `draft leaks ${secret}`);

    for (const [verb, data] of [
      ['case.setStopped', { stopped: 'yes', stopHow: 'Brevet er hentet tilbage.' }],
      ['case.recordAuthorityNotification', { notifiedDate: '2026-11-23', notifiedTime: '10:00', reference: 'virk-12345', kind: 'initial', followUpPending: 'false' }],
      ['case.recordPersonsExemption', { exemption: 'art34_3_b', exemptionExplanation: 'Modtageren har bekræftet sletning, så risikoen er væk.' }],
      ['case.dpoInformed', {}],
      ['case.journalize', { sbsysJournalNo: '00.01.00-G01-12-26' }],
      ['case.addNote', { note: 'Talt med skolelederen.' }],
    ] as const) {
      const res = await act(coordA, school, caseId, verb, data);
      assert.doesNotMatch(texts(res.value), /Fejl|Error/, `${verb}: ${texts(res.value).slice(0, 300)}`);
    }

    const linked = await act(coordA, school, secondId, 'case.link', { linkTo: number });
    assert.doesNotMatch(texts(linked.value), /Fejl/);
    assert.ok(h.connector.sent(personalConversationId(second)).some((a) => a.text?.includes(number)), 'second reporter told about the link');

    h.connector.clear();
    const closed = await act(coordA, school, caseId, 'case.close', {
      lessonsLearned: 'Dobbelttjek af modtager før afsendelse.',
      feedbackDone: 'Brevet er hentet tilbage, og Datatilsynet er orienteret.',
      feedbackPrevention: 'Ny procedure for dobbelttjek af modtager.',
    });
    const closedCase = (await h.bot.storage.cases.get(TENANT, caseId))!.value;
    assert.equal(closedCase.status, 'closed', texts(closed.value).slice(0, 500));
    assert.deepEqual(closedCase.linkedFrom.map((l) => l.number), [secondNumber]);
    for (const r of [reporter, second]) {
      const feedback = h.connector.sent(personalConversationId(r)).find((a) => a.attachments?.[0]?.content);
      assert.ok(feedback, `feedback to ${r.name}`);
      const t = texts(feedback.attachments[0].content);
      assert.match(t, /Tak/);
      assert.match(t, /Datatilsynet/);
      assert.match(t, /Ny procedure for dobbelttjek/);
    }

    const audit = await h.bot.storage.audit.listForCase(TENANT, caseId);
    const actions = audit.map((a) => a.action);
    for (const a of ['case.create', 'case.post', 'case.acknowledge', 'case.assess', 'case.draft.authority', 'case.close']) assert.ok(actions.includes(a), `audit has ${a}`);
    assert.ok(audit.every((a) => a.at && a.actorAadId));
  });
});
