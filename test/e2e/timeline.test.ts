/**
 * Issue 17, finding 1, through the real endpoint, a real Azurite and the fake Bot Connector: an
 * impossible time typed on the card comes back refused beside its field with what was typed kept, and
 * a case an older version stored with an impossible timeline is listed by `sager tjek` (in the scope
 * of the channel asking) while `statistik` and the XLSX «Statistik» sheet stay non-negative.
 */
import { strict as assert } from 'node:assert';
import ExcelJS from 'exceljs';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { BOT, TENANT, channelExecute, channelMessage, execute, message, personalConversationId, teamChannel, user, type TeamChannel, type User } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { actionData, cardOf, cardText as texts, inputValue } from '../helpers/cardQueries';
import type { BreachCase } from '../../src/domain/case';
import { caseOf } from '../domain/registerFixtures';

/** The text drawn right under the input `id` (the card puts a field's message there). */
function messageUnder(card: any, id: string): string | undefined {
  let found: string | undefined;
  const walk = (n: any) => {
    if (found !== undefined || !n || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      const i = n.findIndex((x) => x && x.id === id && String(x.type).startsWith('Input.'));
      if (i >= 0 && n[i + 1]?.type === 'TextBlock') found = n[i + 1].text;
      n.forEach(walk);
      return;
    }
    Object.values(n).forEach(walk);
  };
  walk(card);
  return found;
}

describe('e2e: a timeline that can have happened (issue 17)', function () {
  this.timeout(90_000);
  let storage: TestStorage;
  let h: Harness;
  // 23 November 2026, 13:30 in Copenhagen (CET).
  const clock = new ControlledClock(new Date('2026-11-23T12:30:00Z'));
  const admin = user(8700, 'Anne Admin');
  const dpo = user(8701, 'Dorte DPO');
  const karin = user(8702, 'Karin Koordinator');
  const viggo = user(8703, 'Viggo Vej');
  const outsider = user(8704, 'Ulla Udenfor');
  const central = teamChannel(87, 'Sikkerhedsgruppen');
  const school = teamChannel(88, 'Skoleområdet');
  const roads = teamChannel(89, 'Vej og Park');
  const OLD = 'BV-2026-0990';
  let seq = 8800;

  before(async () => {
    storage = await startTestStorage();
    h = await startHarness(testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] }), { clock });
    const m = (u: User) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email });
    h.connector.members.set(central.teamId, [m(dpo)]);
    h.connector.members.set(school.teamId, [m(karin)]);
    h.connector.members.set(roads.teamId, [m(viggo)]);
    for (const [u, ch, text] of [
      [admin, central, 'tilmeld central'],
      [dpo, school, 'tilmeld Skoler'],
      [dpo, roads, 'tilmeld Vej'],
    ] as const) assert.equal((await h.post(channelMessage(u, h.connector.url, ch, text))).status, 200);

    // As an older version could have stored it (it accepted instants up to 30 days before the discovery):
    // discovered 13:08, «Anmeldt til Datatilsynet» and «Registrerede underrettet» 13:00, closed.
    const base = caseOf({
      id: 'old-impossible', number: OLD, reportedAt: '2026-11-23T12:12:00.000Z', discoveredAt: '2026-11-23T12:08:00.000Z', units: ['skoler'],
      steps: [[0.1, { type: 'assess', risk: 'risk', decision: 'notify', justification: 'Helbredsoplysninger sendt til forkert borger.' }]],
    });
    const old: BreachCase = {
      ...base,
      tenantId: TENANT,
      work: {
        ...base.work,
        authorityNotifications: [{ kind: 'initial', at: '2026-11-23T12:00:00.000Z', reference: 'virk-old', followUpPending: false }],
        persons: { notifiedAt: '2026-11-23T12:00:00.000Z', how: 'Brev', count: 2 },
      },
    };
    assert.equal(await h.bot.storage.cases.create(old), 'created');
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });

  const say = async (u: User, ch: TeamChannel, text: string) => {
    assert.equal((await h.post(channelMessage(u, h.connector.url, ch, text))).status, 200);
    return h.connector.sent(ch.channelId).at(-1);
  };

  /** A report through the real form, discovered 23.11.2026 13:08, for the school unit. */
  async function report(): Promise<{ caseId: string; number: string }> {
    const reporter = user(seq++, `Rita Reporter ${seq}`);
    h.connector.members.set(personalConversationId(reporter), [{ id: reporter.id, aadObjectId: reporter.aadObjectId, name: reporter.name, email: reporter.email }]);
    await h.post(message(reporter, h.connector.url, 'anmeld'));
    const form = cardOf(h.connector.sent(personalConversationId(reporter)).at(-1));
    const values = {
      reporterName: reporter.name, reporterEmail: reporter.email, reporterTitle: 'Lærer', reporterDepartment: 'Skole', unitIds: 'skoler',
      breachTypes: 'confidentiality', breachExample: 'wrong_recipient', whatHappened: 'Et brev blev sendt til en forkert borger.',
      dataKinds: 'names', personsAffected: '2', discoveredDate: '2026-11-23', discoveredTime: '13:08', ongoing: 'stopped', supplierInvolved: 'no',
    };
    const summary = (await h.post(execute(reporter, h.connector.url, 'report.submit', { ...actionData(form, 'report.submit'), ...values }))).body.value;
    const receipt = (await h.post(execute(reporter, h.connector.url, 'report.confirm', actionData(summary, 'report.confirm')))).body.value;
    const number = /BV-2026-\d{4}/.exec(texts(receipt))?.[0];
    assert.ok(number, texts(summary).slice(0, 300));
    return { number, caseId: (await h.bot.storage.cases.findByNumber(TENANT, number))!.value.id };
  }

  async function act(u: User, ch: TeamChannel, caseId: string, verb: string, data: Record<string, unknown>) {
    const stored = (await h.bot.storage.cases.get(TENANT, caseId))!.value;
    const post = stored.posts!.find((p) => p.channel.channelId === ch.channelId) ?? stored.posts![0];
    const res = await h.post(channelExecute(u, h.connector.url, ch, post.threadId ?? ch.channelId, verb, { caseId, ...data }, post.activityId ?? 'x'));
    assert.equal(res.status, 200);
    return res.body.value;
  }

  it('«Anmeldt til Datatilsynet» 13:00 for a breach discovered 13:08 comes back refused beside its field, with the typed values kept', async () => {
    const { caseId } = await report();
    const typed = { notifiedDate: '2026-11-23', notifiedTime: '13:00', reference: 'virk-12345', kind: 'initial', followUpPending: 'false' };
    const card = await act(karin, school, caseId, 'case.recordAuthorityNotification', typed);
    assert.equal(typeof card, 'object', 'the card comes back, not a line of text');
    assert.equal(messageUnder(card, 'notifiedDate'), 'Tidspunktet ligger før bruddet blev opdaget (23.11.2026 kl. 13:08).');
    assert.match(texts(card), /Anmeldt, dato: Tidspunktet ligger før bruddet blev opdaget/, 'named by its label at the top too');
    for (const [id, value] of Object.entries({ notifiedDate: '2026-11-23', notifiedTime: '13:00', reference: 'virk-12345' })) assert.equal(inputValue(card, id), value, id);
    assert.deepEqual((await h.bot.storage.cases.get(TENANT, caseId))!.value.work!.authorityNotifications, [], 'nothing stored');

    // «Registrerede underrettet» 13:00 likewise, beside its own field.
    const persons = await act(karin, school, caseId, 'case.recordPersonsNotified', { personsNotifiedDate: '2026-11-23', personsNotifiedTime: '13:00', personsHow: 'Brev', personsCount: '2' });
    assert.equal(messageUnder(persons, 'personsNotifiedDate'), 'Tidspunktet ligger før bruddet blev opdaget (23.11.2026 kl. 13:08).');
    assert.equal(inputValue(persons, 'personsNotifiedTime'), '13:00');

    // 13:08 itself can have happened.
    await act(karin, school, caseId, 'case.recordAuthorityNotification', { ...typed, notifiedTime: '13:08' });
    const stored = (await h.bot.storage.cases.get(TENANT, caseId))!.value;
    assert.deepEqual(stored.work!.authorityNotifications.map((n) => n.at), ['2026-11-23T12:08:00.000Z']);
    const audit = await h.bot.storage.audit.listForCase(TENANT, caseId);
    assert.ok(audit.some((a) => a.action === 'case.recordAuthorityNotification' && (a.detail ?? '').includes('timeline_conflict')), 'the refusal is on the record');
  });

  it('`sager tjek` lists the stored impossible case in the scope of the channel asking; `sager` is still the register', async () => {
    const centralAnswer = await say(dpo, central, 'sager tjek');
    assert.match(centralAnswer.text, /Sager med umulig tidslinje \(2026, alle kommunens sager\)/);
    assert.ok(centralAnswer.text.includes(`**${OLD}**: Anmeldt til Datatilsynet 23.11.2026 kl. 13:00 ligger før bruddet blev opdaget (23.11.2026 kl. 13:08).`), centralAnswer.text);
    assert.ok(centralAnswer.text.includes(`**${OLD}**: Registrerede underrettet 23.11.2026 kl. 13:00 ligger før bruddet blev opdaget (23.11.2026 kl. 13:08).`));
    assert.equal((centralAnswer.text.match(/BV-2026-\d{4}/g) ?? []).filter((n: string) => n !== OLD).length, 0, 'the cases worked through the card are possible');

    assert.match((await say(karin, school, 'cases check')).text, new RegExp(OLD), 'its own unit sees it');
    assert.equal((await say(viggo, roads, 'sager tjek')).text, 'Ingen sager fra 2026 (Vej) har en umulig tidslinje.');
    assert.match((await say(outsider, central, 'sager tjek')).text, /Kun medlemmer/);

    const trail = (await h.bot.storage.audit.listForCase(TENANT, 'register:*')).filter((a) => a.action === 'register.check');
    assert.deepEqual(trail.map((a) => [a.actorAadId, a.outcome]), [[dpo.aadObjectId, 'allowed'], [outsider.aadObjectId, 'refused']]);
    assert.equal(trail[0].detail, `year=2026 found=1 ${OLD}`);

    // Not mistaken for `sager` with a filter, nor the other way round.
    const register = await say(dpo, central, 'sager');
    assert.equal(register.attachments?.[0]?.contentType, 'application/vnd.microsoft.card.adaptive', 'the register card');
  });

  it('`statistik` and the XLSX «Statistik» sheet: no negative duration, the impossible case counted apart', async () => {
    const card = cardOf(await say(dpo, central, 'statistik 2026'));
    const facts = ((card.body as any[]).filter((b) => b.type === 'FactSet').flatMap((f) => f.facts) as { title: string; value: string }[]);
    const fact = (title: string) => facts.find((f) => f.title.startsWith(title))?.value;
    assert.equal(fact('Sager med umulig tidslinje'), '1');
    // Only the card-worked case's 0 hours remain: 13:08 → 13:08.
    assert.equal(fact('Median timer fra kendskab til anmeldelse'), '0 t');
    for (const f of facts) assert.ok(!/^[−-]\d/.test(f.value), `${f.title}: ${f.value}`);

    h.connector.clear();
    await say(dpo, central, 'eksport 2026');
    const consent = h.connector.sent(`a:1on1-${dpo.id}`).find((a) => a.attachments?.[0]?.contentType === 'application/vnd.microsoft.teams.card.file.consent');
    assert.ok(consent, 'the consent card in the 1:1 chat');
    const requestId = consent.attachments[0].content.acceptContext.requestId;
    const key = 'tjek.xlsx';
    const res = await h.post({
      type: 'invoke', name: 'fileConsent/invoke', id: 'inv-tjek', channelId: 'msteams', serviceUrl: h.connector.url, locale: 'da-DK',
      from: { id: dpo.id, name: dpo.name, aadObjectId: dpo.aadObjectId }, recipient: BOT,
      conversation: { id: personalConversationId(dpo), conversationType: 'personal', tenantId: TENANT }, channelData: { tenant: { id: TENANT } }, replyToId: 'consent-1',
      value: { type: 'fileUpload', action: 'accept', context: { requestId }, uploadInfo: { uploadUrl: h.connector.uploadUrl(key), contentUrl: `https://onedrive.example/${key}`, name: key, uniqueId: 'uid-tjek', fileType: 'xlsx' } },
    });
    assert.equal(res.status, 200);
    const file = h.connector.uploads.get(key);
    assert.ok(file?.complete, 'uploaded');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file!.bytes as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.getWorksheet('Statistik')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const row = (label: string) => rows.find((r) => String(r[0]).startsWith(label));
    assert.deepEqual(row('Sager med umulig tidslinje'), ['Sager med umulig tidslinje, udeladt af medianerne (se «sager tjek»)', 1]);
    assert.deepEqual(row('Median timer fra kendskab til anmeldelse'), ['Median timer fra kendskab til anmeldelse', 0]);
    for (const r of rows) if (typeof r[1] === 'number') assert.ok(r[1] >= 0, `${r[0]}: ${r[1]}`);
  });
});
