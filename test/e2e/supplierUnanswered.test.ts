/**
 * Issue 17, finding 2: unknown is not no. A report with «Er en leverandør/databehandler involveret?» left
 * unanswered says «Ikke besvaret» in the summary, on the case card, in the register's record and in the
 * export CSV (never «Nej»); the coordinator answers it under «Mere» on the card: refused beside the field
 * with the values kept when the name is missing, then stored on the report, in the timeline (and its
 * thread line), audited, and in the export as «Ja» with the name.
 */
import { strict as assert } from 'node:assert';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { BOT, TENANT, channelExecute, channelMessage, execute, message, personalConversationId, teamChannel, user, type TeamChannel, type User } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { actionData, cardText as texts, inputValue } from '../helpers/cardQueries';
import type { BreachCase } from '../../src/domain/case';

describe('e2e: an unanswered supplier question is «ikke besvaret», and the coordinator answers it on the card (issue 17, finding 2)', function () {
  this.timeout(60_000);
  let storage: TestStorage;
  let h: Harness;
  const clock = new ControlledClock(new Date('2026-11-23T12:00:00Z'));
  const admin = user(7700, 'Anne Admin');
  const frida = user(7701, 'Frida Skolekoordinator');
  const rita = user(7702, 'Rita Reporter');
  const central = teamChannel(86, 'Sikkerhedsgruppen');
  const skoler = teamChannel(87, 'Skoler');

  const byNumber = async (number: string): Promise<BreachCase> => (await h.bot.storage.cases.findByNumber(TENANT, number))!.value;

  async function press(u: User, ch: TeamChannel, c: BreachCase, verb: string, data: Record<string, unknown> = {}) {
    const post = c.posts.find((p) => p.channel.channelId === ch.channelId) ?? c.posts[0];
    const res = await h.post(channelExecute(u, h.connector.url, ch, post.threadId ?? ch.channelId, verb, { caseId: c.id, rev: String(c.work.timeline.length), ...data }, post.activityId ?? 'x'));
    assert.equal(res.status, 200);
    return res.body.value;
  }

  /** The unit's register as CSV through the file consent flow: header and the row of `number`, cell by cell. */
  async function csvRow(number: string, key: string): Promise<Record<string, string>> {
    h.connector.clear();
    assert.equal((await h.post(channelMessage(frida, h.connector.url, skoler, 'eksport 2026 csv'))).status, 200);
    // The consent card goes to the 1:1 chat the bot opens (POST v3/conversations), as in export.test.ts.
    const consent = h.connector.sent(`a:1on1-${frida.id}`).find((a) => a.attachments?.[0]?.contentType === 'application/vnd.microsoft.teams.card.file.consent');
    assert.ok(consent, 'a file consent card');
    const res = await h.post({
      type: 'invoke',
      name: 'fileConsent/invoke',
      id: `inv-${key}`,
      channelId: 'msteams',
      serviceUrl: h.connector.url,
      locale: 'da-DK',
      from: { id: frida.id, name: frida.name, aadObjectId: frida.aadObjectId },
      recipient: BOT,
      conversation: { id: personalConversationId(frida), conversationType: 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
      replyToId: 'consent-1',
      value: {
        type: 'fileUpload',
        action: 'accept',
        context: { requestId: consent.attachments[0].content.acceptContext.requestId },
        uploadInfo: { uploadUrl: h.connector.uploadUrl(key), contentUrl: `https://onedrive.example/${key}`, name: key, uniqueId: `uid-${key}`, fileType: 'csv' },
      },
    });
    assert.equal(res.status, 200);
    const lines = h.connector.uploads.get(key)!.bytes.toString('utf8').slice(1).trim().split('\r\n');
    const header = lines[0].split(';');
    const row = lines.find((l) => l.startsWith(`${number};`));
    assert.ok(row, `${number} in the CSV`);
    const cells = row.split(';');
    return Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']));
  }

  before(async () => {
    storage = await startTestStorage();
    h = await startHarness(testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] }), { clock });
    const m = (u: User) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email });
    h.connector.members.set(central.teamId, [m(admin)]);
    h.connector.members.set(skoler.teamId, [m(frida)]);
    h.connector.members.set(personalConversationId(rita), [m(rita)]);
    h.connector.members.set(personalConversationId(frida), [m(frida)]);
    for (const [ch, text] of [
      [central, 'tilmeld central'],
      [skoler, 'tilmeld Skoler'],
    ] as const) {
      assert.equal((await h.post(channelMessage(admin, h.connector.url, ch, text))).status, 200);
    }
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });

  it('summary → card → register record → CSV say «Ikke besvaret»; «Gem svar» with «Ja» and the name: stored, in the timeline, audited, in the CSV', async () => {
    await h.post(message(rita, h.connector.url, 'anmeld'));
    const form = h.connector.sent(personalConversationId(rita)).at(-1).attachments[0].content;
    assert.equal(inputValue(form, 'supplierInvolved'), '', 'the form chooses no answer for the reporter');
    const values = {
      reporterName: rita.name, reporterEmail: rita.email, reporterTitle: 'Sagsbehandler', reporterDepartment: 'Afdelingen', unitIds: 'skoler',
      breachTypes: 'confidentiality', whatHappened: 'Elevlisten blev sendt til en forkert forælder.', dataKinds: 'names', personsAffected: '12',
      discoveredDate: '2026-11-23', discoveredTime: '09:30', ongoing: 'stopped',
      // The collapsed section left alone: neither answer chosen.
      supplierInvolved: '', supplierName: '', supplierNotifiedDate: '', supplierNotifiedTime: '',
    };
    const summary = (await h.post(execute(rita, h.connector.url, 'report.submit', { ...actionData(form, 'report.submit'), ...values }))).body.value;
    const summaryFacts: { title: string; value: string }[] = JSON.parse(JSON.stringify(summary)).body.flatMap((n: { type: string; facts?: unknown[] }) => (n.type === 'FactSet' ? n.facts : []));
    assert.deepEqual(summaryFacts.find((f) => f.title === 'Leverandør'), { title: 'Leverandør', value: 'Ikke besvaret' }, 'the summary says «Ikke besvaret», not «Nej»');
    const receipt = (await h.post(execute(rita, h.connector.url, 'report.confirm', actionData(summary, 'report.confirm')))).body.value;
    const number = /BV-2026-\d{4}/.exec(texts(receipt))![0];
    await h.bot.idle();
    let c = await byNumber(number);
    assert.equal(c.report.supplierInvolved, 'unanswered', 'stored as unanswered');

    // The case card in the unit's channel says it and asks it under «Mere».
    const posted = h.connector.createdThreads(skoler.channelId).find((t) => JSON.stringify(t.body?.activity).includes(number))!.body.activity.attachments[0].content;
    assert.match(texts(posted), /Leverandør\nIkke besvaret – kan besvares under «Mere»/);
    assert.doesNotMatch(texts(posted), /Leverandør\nNej/);
    assert.ok(actionData(posted, 'case.answerSupplier'), 'the card offers «Gem svar»');

    // The register's record of the case (opened as from the register list) says it too.
    const record = await press(frida, skoler, c, 'case.show');
    assert.match(texts(record), /Leverandør\nIkke besvaret/);
    // The export CSV.
    const before = await csvRow(number, 'before.csv');
    assert.equal(before['Leverandør involveret'], 'Ikke besvaret');
    assert.equal(before['Leverandør'], '');

    // «Ja» without a name: refused beside the name, the answer and the time kept, nothing stored.
    c = await byNumber(number);
    const refused = await press(frida, skoler, c, 'case.answerSupplier', { supplierAnswer: 'yes', supplierAnswerName: '', supplierNoticeDate: '2026-11-23', supplierNoticeTime: '10:15' });
    assert.match(texts(refused), /Leverandørens navn: Skal udfyldes\./);
    assert.equal(inputValue(refused, 'supplierAnswer'), 'yes');
    assert.equal(inputValue(refused, 'supplierNoticeTime'), '10:15');
    assert.equal((await byNumber(number)).report.supplierInvolved, 'unanswered');

    // «Ja», the name and when the processor told us: stored on the report, the clock runs from the notice.
    const answered = await press(frida, skoler, c, 'case.answerSupplier', { supplierAnswer: 'yes', supplierAnswerName: 'Skoleintra A/S', supplierNoticeDate: '2026-11-23', supplierNoticeTime: '10:15' });
    await h.bot.idle();
    c = await byNumber(number);
    assert.equal(c.report.supplierInvolved, 'yes');
    assert.equal(c.report.supplierName, 'Skoleintra A/S');
    assert.equal(c.report.supplierNotifiedAt, '2026-11-23T09:15:00.000Z', '10:15 in Copenhagen');
    const entry = c.work.timeline.at(-1);
    assert.deepEqual({ event: entry?.event, by: entry?.by }, { event: 'supplier_answered', by: frida.name });
    assert.match(texts(answered), /Leverandør\nSkoleintra A\/S, gav besked 23\.11\.2026 kl\. 10:15/);
    assert.match(texts(answered), /Frida Skolekoordinator besvarede, om en leverandør\/databehandler er involveret: ja, leverandøren gav besked 23\.11\.2026 kl\. 10:15/);
    assert.equal(actionData(answered, 'case.answerSupplier'), undefined, 'answered: the form is gone');
    const post = c.posts.find((p) => p.channel.channelId === skoler.channelId)!;
    assert.ok(
      h.connector.sent(post.threadId).some((a) => /Frida Skolekoordinator besvarede, om en leverandør\/databehandler er involveret: ja/.test(String(a.text))),
      'a timeline line in the case thread',
    );
    // Audited through actOnCase as every command: the refusal as the attempt, then the answer.
    const audit = (await h.bot.storage.audit.listForCase(TENANT, c.id)).filter((a) => a.action === 'case.answerSupplier');
    assert.deepEqual(audit.map((a) => [a.outcome, a.actorName, a.detail ?? '']), [
      ['allowed', frida.name, 'rejected:required'],
      ['allowed', frida.name, ''],
    ]);

    const after = await csvRow(number, 'after.csv');
    assert.equal(after['Leverandør involveret'], 'Ja');
    assert.equal(after['Leverandør'], 'Skoleintra A/S');
    assert.equal(after['Leverandørens besked'], '2026-11-23 10:15');
    assert.equal(after['72 timer regnet fra'], '2026-11-23 10:15', 'the clock runs from the processor’s notice');
  });

  it('a report tied to a known incident whose supplier question is unanswered says «Ikke besvaret» too, in the CSV', async () => {
    const reporter = user(7703, 'Ole Opdager');
    const tiedReporter = user(7704, 'Tove Tilknyttet');
    for (const u of [reporter, tiedReporter]) h.connector.members.set(personalConversationId(u), [{ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email }]);
    await h.post(message(reporter, h.connector.url, 'anmeld'));
    const form = h.connector.sent(personalConversationId(reporter)).at(-1).attachments[0].content;
    const values = {
      reporterName: reporter.name, reporterEmail: reporter.email, reporterTitle: 'Lærer', reporterDepartment: 'Skolen', unitIds: 'skoler',
      breachTypes: 'availability', whatHappened: 'Elevplanen kan ikke åbnes på nogen skole.', dataKinds: 'names', personsAffected: 'ved ikke',
      discoveredDate: '2026-11-23', discoveredTime: '10:30', ongoing: 'ongoing', supplierInvolved: '',
    };
    const summary = (await h.post(execute(reporter, h.connector.url, 'report.submit', { ...actionData(form, 'report.submit'), ...values }))).body.value;
    const receipt = (await h.post(execute(reporter, h.connector.url, 'report.confirm', actionData(summary, 'report.confirm')))).body.value;
    const incidentNumber = /BV-2026-\d{4}/.exec(texts(receipt))![0];
    await h.bot.idle();
    const incident = await byNumber(incidentNumber);
    const declared = await press(frida, skoler, incident, 'case.declareIncident', { incidentTitle: 'Elevplanen er nede' });
    assert.match(texts(declared), /Elevplanen er nede/);

    await h.post(message(tiedReporter, h.connector.url, 'anmeld'));
    const question = h.connector.sent(personalConversationId(tiedReporter)).at(-1).attachments[0].content;
    const short = (await h.post(execute(tiedReporter, h.connector.url, 'report.tie', actionData(question, 'report.tie')))).body.value;
    const tiedReceipt = (await h.post(execute(tiedReporter, h.connector.url, 'report.tied.submit', { ...actionData(short, 'report.tied.submit'), whatHappened: 'Elevplanen viser en fejl hos os også.', discoveredDate: '2026-11-23', discoveredTime: '10:45', unitIds: 'skoler' }))).body.value;
    const tiedNumber = /BV-2026-\d{4}/.exec(texts(tiedReceipt))![0];
    assert.notEqual(tiedNumber, incidentNumber);
    await h.bot.idle();
    const tied = await byNumber(tiedNumber);
    assert.equal(tied.work.linkedTo, incidentNumber, 'tied to the incident');
    assert.equal(tied.report.supplierInvolved, 'unanswered', "the incident's answer, as it is");
    assert.equal((await csvRow(tiedNumber, 'tied.csv'))['Leverandør involveret'], 'Ikke besvaret');
  });
});
