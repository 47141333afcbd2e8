import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { BOT, TENANT, channelExecute, channelMessage, execute, message, personalConversationId, teamChannel, user } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { actionData, cardText } from '../helpers/cardQueries';
import { copenhagenWallClock as local } from '../helpers/reportValues';

/**
 * Issue 18, part 3 («NIS2: one incident, more than one clock») over the real endpoint, Azurite and the fake
 * connector: a hacked fagsystem reported by an employee, marked a significant NIS2 incident with a reason on
 * the case card, then the clock is moved and the sweep run: the early warning (24 h), the notification
 * (72 h) and the final report (one month, across the March DST change and Easter) remind at their hours, each
 * in a message of its own beside Datatilsynet's. A late notification is refused without a reason and accepted
 * with one; the drafts hold no personal data; the export says for each duty whether it was met.
 */
describe('e2e: NIS2 – one incident, more than one clock', function () {
  this.timeout(120000);
  let storage: TestStorage;
  let h: Harness;
  // Tuesday 3 March 2026, 10:00 Copenhagen (CET).
  const clock = new ControlledClock(new Date('2026-03-03T09:00:00Z'));
  const admin = user(4800, 'Anne Admin');
  const coord = user(4801, 'Karin Koordinator');
  const reporter = user(4802, 'Rita Reportersen');
  const central = teamChannel(48, 'Sikkerhedsgruppen');
  const unit = teamChannel(49, 'Borgerservice');
  const CPR = '010190-1234';
  let caseId = '';
  let number = '';
  let threadId = '';
  let activityId = '';

  before(async () => {
    storage = await startTestStorage();
    h = await startHarness(testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] }), { clock });
    h.connector.members.set(central.teamId, [{ id: admin.id, aadObjectId: admin.aadObjectId, name: admin.name }]);
    h.connector.members.set(unit.teamId, [{ id: coord.id, aadObjectId: coord.aadObjectId, name: coord.name }]);
    h.connector.members.set(personalConversationId(reporter), [{ id: reporter.id, aadObjectId: reporter.aadObjectId, name: reporter.name, email: reporter.email }]);
    await h.post(channelMessage(admin, h.connector.url, central, 'tilmeld central'));
    await h.post(channelMessage(admin, h.connector.url, unit, 'tilmeld Borgerservice'));
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });

  /** Advance the server clock to `iso` and run the sweep twice (the second must find nothing new). */
  async function at(iso: string): Promise<void> {
    clock.advance(Date.parse(iso) - clock.now().getTime());
    await h.bot.sweep(clock.now());
    await h.bot.sweep(clock.now());
  }
  const reminders = () => h.connector.sent(threadId).filter((a) => /⏰|🔴|📅|👥|📨/.test(a.text ?? '')).map((a) => a.text as string);
  const of = (texts: string[], what: RegExp) => texts.filter((t) => what.test(t));
  const EARLY = /NIS2 tidlig varsling/;
  const NOTIFICATION = /NIS2 hændelsesunderretning/;
  const FINAL = /NIS2 endelig rapport/;
  const DATATILSYNET = /Datatilsynet/;

  async function act(verb: string, data: Record<string, unknown> = {}): Promise<any> {
    const res = await h.post(channelExecute(coord, h.connector.url, unit, threadId, verb, { caseId, ...data }, activityId));
    assert.equal(res.status, 200);
    return res.body.value;
  }
  const stored = async () => (await h.bot.storage.cases.get(TENANT, caseId))!.value;

  it('a hacked fagsystem is reported; the coordinator marks it a significant NIS2 incident, with a reason (required)', async () => {
    await h.post(message(reporter, h.connector.url, 'anmeld'));
    const form = h.connector.sent(personalConversationId(reporter)).at(-1).attachments[0].content;
    const discovered = local(new Date('2026-03-03T08:30:00Z'));
    const values = {
      reporterName: reporter.name, reporterEmail: reporter.email, reporterPhone: '22334455', reporterTitle: 'Sagsbehandler', reporterDepartment: 'Borgerservice',
      unitIds: 'borgerservice', breachTypes: 'availability,confidentiality', breachExample: 'hacked', system: 'KMD Nexus',
      whatHappened: `Nexus viser en løsesumsbesked; borger ${CPR} Jens Hansen ringede om sin sag.`, howHappened: 'Rita så beskeden kl. 9.30.',
      dataKinds: 'health', personsAffected: '1200', discoveredDate: discovered.date, discoveredTime: discovered.time, ongoing: 'ongoing', supplierInvolved: 'no',
    };
    const summary = (await h.post(execute(reporter, h.connector.url, 'report.submit', { ...actionData(form, 'report.submit'), ...values }))).body.value;
    const receipt = (await h.post(execute(reporter, h.connector.url, 'report.confirm', actionData(summary, 'report.confirm')))).body.value;
    number = /BV-\d{4}-\d{4}/.exec(JSON.stringify(receipt))![0];
    const c = (await h.bot.storage.cases.findByNumber(TENANT, number))!.value;
    caseId = c.id;
    threadId = c.posts![0].threadId!;
    activityId = c.posts![0].activityId!;

    // The case card offers «NIS2 …»; it opens the NIS2 card, which asks for the marking.
    const nis2 = await act('case.nis2');
    assert.match(cardText(nis2), /Markér som væsentlig NIS2-hændelse/);
    const refused = await act('case.markNis2', { nis2Reason: '' });
    assert.match(cardText(refused), /Skal udfyldes/);
    assert.equal((await stored()).work.nis2 ?? null, null);
    const marked = await act('case.markNis2', { nis2Reason: `Nexus er nede for hele kommunen (ref. ${CPR}).` });
    const text = cardText(marked);
    assert.match(text, /Markeret som væsentlig NIS2-hændelse/);
    assert.doesNotMatch(text, new RegExp(CPR), 'the reason is masked');
    assert.match(text, /NIS2 tidlig varsling \(24 t\): frist 04\.03\.2026 kl\. 09:30/);
    assert.match(text, /NIS2 hændelsesunderretning \(72 t\): frist 06\.03\.2026 kl\. 09:30/);
    assert.match(text, /NIS2 endelig rapport \(1 måned\): foreløbig frist 06\.04\.2026 kl\. 24:00/);
    const c2 = await stored();
    assert.equal(c2.work.nis2?.significant, true);
    assert.equal(c2.work.timeline.at(-1)?.event, 'nis2_marked');
    const trail = await h.bot.storage.audit.listForCase(TENANT, caseId);
    assert.ok(trail.some((a) => a.action === 'case.markNis2' && a.outcome === 'allowed' && a.actorAadId === coord.aadObjectId));
    // The case card lists the duties and keeps «NIS2 …».
    const card = await act('case.show');
    assert.match(cardText(card), /NIS2 tidlig varsling \(24 t\): frist/);
    assert.ok(JSON.stringify(card).includes('"verb":"case.nis2"'));
    // Datatilsynet: a risk, to notify (its own 72 hours run beside).
    await act('case.assess', { risk: 'risk', decision: 'notify', justification: 'Helbredsoplysninger kan være tilgået af angriberne.' });
    await at('2026-03-03T09:05:00Z');
    assert.deepEqual(reminders(), [], 'nothing due yet');
  });

  it('the early warning reminds 12 and 4 hours before its 24 hours end, one message each', async () => {
    await at('2026-03-03T20:31:00Z');
    let all = reminders();
    assert.equal(all.length, 1, all.join('\n'));
    assert.match(all[0], EARLY);
    assert.match(all[0], /11 t 59 min tilbage/);
    await at('2026-03-04T04:31:00Z');
    all = reminders();
    assert.equal(of(all, EARLY).length, 2, all.join('\n'));
    assert.match(all.at(-1)!, /3 t 59 min tilbage/);
    assert.equal(all.length, 2);
  });

  it('the early warning recorded in time stops its clock; at 48 hours Datatilsynet and the NIS2 notification remind separately', async () => {
    const d = local(new Date('2026-03-04T04:30:00Z'));
    const card = await act('case.recordNis2Report', { nis2Kind: 'early_warning', nis2Date: d.date, nis2Time: d.time, nis2Reference: 'VIRK-EW-1' });
    assert.match(cardText(card), /Tidlig varsling: 04\.03\.2026 kl\. 05:30, kvittering VIRK-EW-1/);
    assert.match(cardText(card), /NIS2 tidlig varsling \(24 t\): opfyldt/);
    await at('2026-03-04T08:31:00Z');
    const all = reminders();
    assert.equal(all.length, 4, all.join('\n'));
    assert.equal(of(all, EARLY).length, 2, 'no 1-hour or deadline reminder for a report made');
    assert.equal(of(all.slice(2), NOTIFICATION).length, 1);
    assert.equal(of(all.slice(2), DATATILSYNET).length, 1);
    assert.match(of(all, NOTIFICATION)[0], /1 d 23 t 59 min tilbage/);
  });

  it('after the deadlines passed (the bot down for two days) each clock catches up in one message; a late notification needs a reason', async () => {
    await at('2026-03-06T08:35:00Z');
    const all = reminders();
    assert.equal(all.length, 6, all.join('\n'));
    assert.equal(of(all.slice(4), NOTIFICATION).length, 1);
    assert.equal(of(all.slice(4), DATATILSYNET).length, 1);
    assert.match(of(all.slice(4), NOTIFICATION)[0], /er nu|overskredet/);

    const d = local(new Date('2026-03-06T08:34:00Z'));
    const refused = await act('case.recordNis2Report', { nis2Kind: 'notification', nis2Date: d.date, nis2Time: d.time, nis2Reference: 'VIRK-N-2' });
    assert.match(cardText(refused), /Begrundelse for forsinkelse/);
    assert.equal((await stored()).work.nis2?.reports.length, 1, 'nothing stored');
    const trail = await h.bot.storage.audit.listForCase(TENANT, caseId);
    // The domain's refusal is audited as the attempt it was, with its reason.
    assert.ok(trail.some((a) => a.action === 'case.recordNis2Report' && a.detail === 'rejected:delay_reason_required'), trail.map((a) => `${a.action}:${a.outcome}:${a.detail}`).join('\n'));
    const accepted = await act('case.recordNis2Report', { nis2Kind: 'notification', nis2Date: d.date, nis2Time: d.time, nis2Reference: 'VIRK-N-2', nis2DelayReason: 'Driften var optaget af gendannelsen.' });
    assert.match(cardText(accepted), /NIS2 hændelsesunderretning \(72 t\): opfyldt for sent/);
    // One month from 6 March: 24:00 on 6 April (CEST since 29 March).
    assert.match(cardText(accepted), /NIS2 endelig rapport \(1 måned\): frist 06\.04\.2026 kl\. 24:00/);
    // Datatilsynet, late too, with its reason.
    await act('case.recordAuthorityNotification', { kind: 'initial', notifiedDate: d.date, notifiedTime: d.time, reference: 'DT-2026-77', delayReason: 'Samme årsag som NIS2-underretningen.' });
  });

  it('the final report reminds a week before (across the DST change) and warns on the last working day before Easter', async () => {
    await at('2026-03-30T21:59:00Z');
    assert.equal(of(reminders(), FINAL).length, 0, 'not before its time');
    await at('2026-03-30T22:01:00Z');
    let final = of(reminders(), FINAL);
    assert.equal(final.length, 1);
    assert.match(final[0], /7 d .*tilbage|6 d 23 t 59 min tilbage/);
    // The deadline (Monday 6 April 24:00 = Easter Monday) is outside working hours: warned Wednesday 1 April 12:00.
    await at('2026-04-01T09:59:00Z');
    assert.equal(of(reminders(), FINAL).length, 1);
    await at('2026-04-01T10:01:00Z');
    final = of(reminders(), FINAL);
    assert.equal(final.length, 2);
    assert.match(final[1], /uden for arbejdstid/);
    const d = local(new Date('2026-04-01T10:00:00Z'));
    await act('case.recordNis2Report', { nis2Kind: 'final', nis2Date: d.date, nis2Time: d.time, nis2Reference: 'VIRK-F-3' });
    const before = reminders().length;
    await at('2026-04-08T10:00:00Z');
    assert.equal(reminders().length, before, 'every duty done: no more reminders\n' + reminders().join('\n'));
  });

  it('the three drafts hold what the case knows and no name, mail, phone, CPR or free text of the report', async () => {
    for (const kind of ['nis2_early_warning', 'nis2_notification', 'nis2_final_report']) {
      const draft = JSON.stringify(await act('case.draftNis2', { kind }));
      assert.match(draft, /ondsindede handlinger/);
      assert.match(draft, /KMD Nexus/);
      for (const secret of ['Rita', 'Reportersen', reporter.email, '22334455', CPR, '0101901234', 'Jens Hansen', 'løsesumsbesked']) {
        assert.ok(!draft.includes(secret), `${kind} holds «${secret}»`);
      }
    }
    const trail = await h.bot.storage.audit.listForCase(TENANT, caseId);
    assert.equal(trail.filter((a) => a.action === 'case.draft.nis2').length, 3);
  });

  it('the export has a column per duty saying whether it was met, and statistik counts them', async () => {
    h.connector.clear();
    await h.post(channelMessage(coord, h.connector.url, unit, 'eksport 2026 csv'));
    const card = h.connector.sent(`a:1on1-${coord.id}`)[0].attachments[0];
    const res = await h.post({
      type: 'invoke',
      name: 'fileConsent/invoke',
      id: 'inv-nis2',
      channelId: 'msteams',
      serviceUrl: h.connector.url,
      locale: 'da-DK',
      from: { id: coord.id, name: coord.name, aadObjectId: coord.aadObjectId },
      recipient: BOT,
      conversation: { id: personalConversationId(coord), conversationType: 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
      replyToId: 'consent-1',
      value: { type: 'fileUpload', action: 'accept', context: { requestId: card.content.acceptContext.requestId }, uploadInfo: { uploadUrl: h.connector.uploadUrl('nis2.csv'), contentUrl: 'https://onedrive.example/nis2.csv', name: 'nis2.csv', uniqueId: 'uid-nis2', fileType: 'csv' } },
    });
    assert.equal(res.status, 200);
    const csv = h.connector.uploads.get('nis2.csv')!.bytes.toString('utf8').slice(1);
    const lines = parseCsv(csv);
    const header = lines[0];
    const row = lines.find((l) => l[0] === number)!;
    const cell = (name: string) => row[header.indexOf(name)];
    assert.equal(cell('Pligt: Datatilsynet (art. 33)'), 'opfyldt for sent');
    assert.equal(cell('Pligt: De registrerede (art. 34)'), 'ikke relevant');
    assert.equal(cell('Pligt: NIS2 tidlig varsling (24 t)'), 'opfyldt rettidigt');
    assert.equal(cell('Pligt: NIS2 hændelsesunderretning (72 t)'), 'opfyldt for sent');
    assert.equal(cell('Pligt: NIS2 endelig rapport (1 måned)'), 'opfyldt rettidigt');
    assert.match(cell('NIS2-indberetninger (virk.dk)'), /Tidlig varsling 2026-03-04 05:30 \(VIRK-EW-1\)/);
    assert.ok(!csv.includes(CPR));

    await h.post(channelMessage(coord, h.connector.url, unit, 'statistik 2026'));
    const stats = JSON.stringify(h.connector.sent(unit.channelId).at(-1));
    assert.match(stats, /NIS2 hændelsesunderretning \(72 t\)/);
    assert.match(stats, /0 opfyldt rettidigt · 1 opfyldt for sent · 0 åben · 0 ikke opfyldt/);
  });

  it('hostile input on the NIS2 card: always answered, nothing stored unmasked or over its limit', async () => {
    const cprLike = fc.tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 9999 })).map(
      ([d, m, y, n]) => `${String(d).padStart(2, '0')}${String(m).padStart(2, '0')}${String(y).padStart(2, '0')}-${String(n).padStart(4, '0')}`,
    );
    const hostile = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.tuple(fc.string({ maxLength: 20 }), cprLike).map(([a, cpr]) => `${a} ${cpr} <at>x</at> [klik](http://evil.example)`),
      fc.constantFrom('x'.repeat(9000), '', '\u0000\u202e', '2026-02-30', '25:61', 'early_warning', 'final', '__proto__'),
      fc.constantFrom(null, 7, true, { a: 1 }, ['x']),
    );
    const fields = ['nis2Reason', 'nis2UnmarkReason', 'nis2Kind', 'nis2Date', 'nis2Time', 'nis2Reference', 'nis2DelayReason', 'kind'];
    const verbs = ['case.nis2', 'case.markNis2', 'case.unmarkNis2', 'case.recordNis2Report', 'case.draftNis2'];
    const probes = fc.sample(fc.record({ verb: fc.constantFrom(...verbs), data: fc.dictionary(fc.constantFrom(...fields), hostile, { minKeys: 1, maxKeys: 5 }) }), { numRuns: 60, seed: 18 });
    for (const p of probes) {
      const res = await h.post(channelExecute(coord, h.connector.url, unit, threadId, p.verb, { ...p.data, caseId }, activityId));
      assert.equal(res.status, 200, p.verb);
      assert.ok(res.body?.value !== undefined, `${p.verb} answered`);
    }
    const c = await stored();
    const json = JSON.stringify(c.work.nis2);
    assert.ok(!/\b\d{6}-\d{4}\b/.test(json), 'no CPR-like number stored in clear');
    assert.ok((c.work.nis2?.reason.length ?? 0) <= 1000);
    for (const r of c.work.nis2?.reports ?? []) assert.ok(r.reference.length <= 100 && (r.delayReason ?? '').length <= 2000);
  });
});

/** CSV as the export writes it (';', fields with ';', quotes or line breaks quoted, quotes doubled). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}
