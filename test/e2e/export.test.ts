import { strict as assert } from 'node:assert';
import ExcelJS from 'exceljs';
import { containsCprLike } from '../../src/domain/cpr';
import type { BreachCase } from '../../src/domain/case';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { BOT, channelMessage, execute, personalConversationId, teamChannel, TENANT, user, type TeamChannel, type User } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { privacyWatch } from '../helpers/privacyWatch';
import { caseOf, KNOWN_NOW, knownYear } from '../domain/registerFixtures';

/**
 * `eksport`: the register and the audit trail as files, through Teams' file consent flow against the
 * fake connector (the 1:1 chat it opens, the upload URL an accept hands out). The bytes put there are
 * parsed back with exceljs / as CSV and compared with the cases.
 */
describe('e2e: the register export (eksport, file consent)', function () {
  this.timeout(60000);
  let storage: TestStorage;
  let h: Harness;
  const clock = new ControlledClock(new Date(KNOWN_NOW));
  const admin = user(960, 'Admin Person');
  const dpo = user(961, 'Dorte DPO');
  const sofie = user(962, 'Sofie Skole');
  const viggo = user(963, 'Viggo Vej');
  const outsider = user(964, 'Ude Person');
  const central = teamChannel(71, 'Sikkerhedsgruppen');
  const school = teamChannel(72, 'Skoleområdet');
  const roads = teamChannel(73, 'Vej og Park');
  const CPR = '010203-1234';
  const FORMULA = '=HYPERLINK("http://evil.example","klik")';

  before(async () => {
    storage = await startTestStorage();
    h = await startHarness(testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] }), { clock });
    const m = (u: User) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name });
    h.connector.members.set(central.teamId, [m(dpo)]);
    h.connector.members.set(school.teamId, [m(sofie)]);
    h.connector.members.set(roads.teamId, [m(viggo)]);
    await h.post(channelMessage(admin, h.connector.url, central, 'tilmeld central'));
    await h.post(channelMessage(dpo, h.connector.url, school, 'tilmeld Skoler'));
    await h.post(channelMessage(dpo, h.connector.url, roads, 'tilmeld Vej'));
    const cases: BreachCase[] = knownYear('exp').map((c) => ({ ...c, tenantId: TENANT }));
    // Stored as if from before the input gate: a CPR number and a formula in clear in the free text.
    cases[0] = { ...cases[0], report: { ...cases[0].report, whatHappened: `Brev om ${CPR} sendt forkert.`, howHappened: FORMULA } };
    // A case of another year stays out of a 2026 export.
    cases.push({ ...caseOf({ id: 'exp-old', number: 'BV-2025-0009', reportedAt: '2025-06-01T08:00:00.000Z', units: ['skoler'] }), tenantId: TENANT });
    for (const c of cases) assert.equal(await h.bot.storage.cases.create(c), 'created');
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });
  beforeEach(() => {
    h.connector.clear();
    h.connector.uploads.clear();
  });

  const say = async (u: User, ch: TeamChannel, text: string) => {
    const res = await h.post(channelMessage(u, h.connector.url, ch, text));
    assert.equal(res.status, 200);
    return h.connector.sent(ch.channelId).at(-1);
  };
  /** The consent card the bot put into the person's 1:1 chat (opened through POST v3/conversations). */
  const consentFor = (u: User) => {
    const opened = h.connector.calls.filter((c) => c.method === 'POST' && /^\/v3\/conversations\/?$/.test(c.path) && c.body?.isGroup === false);
    assert.equal(opened.length, 1, 'one 1:1 chat opened');
    assert.deepEqual(opened[0].body.members.map((x: { id: string }) => x.id), [u.id]);
    const sent = h.connector.sent(`a:1on1-${u.id}`);
    // The consent card, and (local mode: the Playground draws none) the same offer as buttons.
    assert.equal(sent.length, 2);
    assert.equal(sent[1].attachments[0].contentType, 'application/vnd.microsoft.card.adaptive');
    const card = sent[0].attachments[0];
    assert.equal(card.contentType, 'application/vnd.microsoft.teams.card.file.consent');
    return card as { name: string; content: { description: string; sizeInBytes: number; acceptContext: { requestId: string }; declineContext: { requestId: string } } };
  };
  const answer = async (u: User, action: 'accept' | 'decline', requestId: string, key = 'file.xlsx') => {
    const res = await h.post({
      type: 'invoke',
      name: 'fileConsent/invoke',
      id: `inv-${Math.random()}`,
      channelId: 'msteams',
      serviceUrl: h.connector.url,
      locale: 'da-DK',
      from: { id: u.id, name: u.name, aadObjectId: u.aadObjectId },
      recipient: BOT,
      conversation: { id: personalConversationId(u), conversationType: 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
      replyToId: 'consent-1',
      value: {
        type: 'fileUpload',
        action,
        context: { requestId },
        ...(action === 'accept'
          ? { uploadInfo: { uploadUrl: h.connector.uploadUrl(key), contentUrl: `https://onedrive.example/${key}`, name: key, uniqueId: `uid-${key}`, fileType: key.split('.').pop() } }
          : {}),
      },
    });
    assert.equal(res.status, 200);
    return h.connector.sent(personalConversationId(u));
  };
  const audit = (target: string) => h.bot.storage.audit.listForCase(TENANT, target);

  async function workbookOf(key: string) {
    const file = h.connector.uploads.get(key);
    assert.ok(file?.complete, `upload ${key} complete`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file!.bytes as unknown as ArrayBuffer);
    return wb;
  }
  const sheetRows = (ws: ExcelJS.Worksheet) => {
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return rows;
  };

  it('central: eksport offers the year in a 1:1 consent card; accept uploads an XLSX of every case, without reporter identity, CPR or formulas', async () => {
    const said = await say(dpo, central, 'eksport 2026');
    assert.match(said.text, /sendt dig filen «brudregister-2026\.xlsx» \(5 sager\)/);
    const card = consentFor(dpo);
    assert.equal(card.name, 'brudregister-2026.xlsx');
    assert.match(card.content.description, /5 sager/);
    assert.ok(card.content.sizeInBytes > 1000);
    assert.equal(card.content.acceptContext.requestId, card.content.declineContext.requestId);

    const replies = await answer(dpo, 'accept', card.content.acceptContext.requestId, 'brudregister-2026.xlsx');
    const info = replies.find((a) => a.attachments?.[0]?.contentType === 'application/vnd.microsoft.teams.card.file.info');
    assert.ok(info, 'a file card after the upload');
    assert.equal(info.attachments[0].content.uniqueId, 'uid-brudregister-2026.xlsx');
    assert.match(replies.at(-1).text, /er gemt i din OneDrive \(5 rækker\)/);

    const wb = await workbookOf('brudregister-2026.xlsx');
    // The third sheet: «Systemer og leverandører» (issue 18 part 4; test/e2e/repeats.test.ts reads it).
    assert.deepEqual(wb.worksheets.map((w) => w.name), ['Sager', 'Statistik', 'Systemer og leverandører']);
    const rows = sheetRows(wb.getWorksheet('Sager')!);
    const header = rows[0] as string[];
    assert.equal(header[0], 'Sagsnummer');
    assert.ok(header.includes('Begrundelse for beslutningen') && header.includes('Frist overholdt'));
    assert.deepEqual(rows.slice(1).map((r) => r[0]), ['BV-2026-0001', 'BV-2026-0002', 'BV-2026-0003', 'BV-2026-0004', 'BV-2026-0005']);
    // Real Excel dates, in Copenhagen time: reported 2026-03-02T08:00Z is 09:00 in Copenhagen.
    const reported = rows[1][header.indexOf('Anmeldt internt')];
    assert.ok(reported instanceof Date);
    assert.equal((reported as Date).toISOString(), '2026-03-02T09:00:00.000Z');
    // Late with its reason, decided not to notify, exemption.
    const col = (name: string) => rows.slice(1).map((r) => r[header.indexOf(name)] ?? null);
    assert.deepEqual(col('Frist overholdt'), ['Ja', 'Nej, for sent', 'Ikke anmeldt (besluttet)', 'Overskredet, ikke anmeldt', 'Ja']);
    assert.equal(col('Begrundelse for forsinkelse')[1], 'Påske');
    const everything = JSON.stringify(rows);
    for (const identity of ['Rikke Reporter', 'rikke@example.org', '12345678', 'Borgerservice']) assert.ok(!everything.includes(identity), `no ${identity}`);
    assert.ok(!containsCprLike(everything), 'no CPR in clear');
    assert.ok(everything.includes('Brev om '), 'free text is there, masked');
    // In XLSX a formula-looking text stays text (a string cell, never a formula).
    assert.equal(rows[1][header.indexOf('Hvordan skete det')], FORMULA);
    const stats = sheetRows(wb.getWorksheet('Statistik')!);
    assert.deepEqual(stats.find((r) => r[0] === 'Anmeldelser i alt'), ['Anmeldelser i alt', 5]);
    assert.deepEqual(stats.find((r) => r[0] === 'Anmeldt til Datatilsynet'), ['Anmeldt til Datatilsynet', 3]);
    // Issue 17: the count of impossible timelines left out of the medians is always on the sheet (none here).
    assert.deepEqual(stats.find((r) => String(r[0]).startsWith('Sager med umulig tidslinje'))?.[1], 0);
    privacyWatch.sent('export xlsx cells', everything);

    const trail = (await audit('register:*')).filter((a) => a.action.startsWith('register.export'));
    assert.deepEqual(trail.map((a) => [a.actorAadId, a.action, a.outcome]), [
      [dpo.aadObjectId, 'register.export.offer', 'allowed'],
      [dpo.aadObjectId, 'register.export', 'allowed'],
    ]);
    assert.match(trail[1].detail ?? '', /kind=register year=2026 scope=all format=xlsx rows=5 file=brudregister-2026\.xlsx/);

    // Pressing accept again (or a Teams retry) uploads nothing more.
    const pieces = h.connector.uploads.get('brudregister-2026.xlsx')!.pieces;
    const again = await answer(dpo, 'accept', card.content.acceptContext.requestId, 'brudregister-2026.xlsx');
    assert.match(again.at(-1).text, /allerede gemt/);
    assert.equal(h.connector.uploads.get('brudregister-2026.xlsx')!.pieces, pieces);
  });

  it("a unit's CSV holds its own cases only: UTF-8 with BOM, ';' and decimal comma, formulas defused", async () => {
    await say(sofie, school, 'eksport 2026 csv');
    const card = consentFor(sofie);
    assert.equal(card.name, 'brudregister-2026-skoler.csv');
    await answer(sofie, 'accept', card.content.acceptContext.requestId, 'skoler.csv');
    const bytes = h.connector.uploads.get('skoler.csv')!.bytes;
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    assert.match(lines[0], /^Sagsnummer;Status;Enhed;Anmeldt internt;/);
    assert.deepEqual(lines.slice(1).map((l) => l.split(';')[0]), ['BV-2026-0001', 'BV-2026-0002']);
    assert.match(lines[1], /;2026-03-02 09:00;/);
    assert.ok(lines[1].includes(`"'=HYPERLINK(""http://evil.example"",""klik"")"`), 'a formula is defused with an apostrophe');
    assert.ok(!containsCprLike(bytes.toString('utf8')));
    const trail = (await audit('register:skoler')).filter((a) => a.action === 'register.export');
    assert.match(trail.at(-1)?.detail ?? '', /scope=unit:skoler format=csv rows=2/);
  });

  it('decline writes nothing and is audited; an accept after it uploads nothing', async () => {
    await say(viggo, roads, 'eksport');
    const card = consentFor(viggo);
    const replies = await answer(viggo, 'decline', card.content.declineContext.requestId);
    assert.match(replies.at(-1).text, /annulleret\. Der er ikke gemt nogen fil/);
    const late = await answer(viggo, 'accept', card.content.acceptContext.requestId, 'late.xlsx');
    assert.match(late.at(-1).text, /annulleret/);
    assert.equal(h.connector.uploads.size, 0);
    const trail = (await audit('register:export:' + card.content.declineContext.requestId)).map((a) => [a.action, a.outcome]);
    assert.deepEqual(trail, [['register.export.declined', 'allowed']]);
  });

  it('refused: an outsider (no chat opened), another person accepting, a member removed before accepting; all audited', async () => {
    assert.match((await say(outsider, central, 'eksport')).text, /Kun medlemmer af kanalens team/);
    assert.equal(h.connector.calls.filter((c) => c.body?.isGroup === false).length, 0);
    assert.deepEqual((await audit('register:*')).filter((a) => a.actorAadId === outsider.aadObjectId).map((a) => [a.action, a.outcome, a.detail]), [
      ['register.export.offer', 'refused', 'not_member'],
    ]);

    await say(viggo, roads, 'eksport');
    const card = consentFor(viggo);
    const stranger = await answer(outsider, 'accept', card.content.acceptContext.requestId, 'stolen.xlsx');
    assert.match(stranger.at(-1).text, /bestilt af en anden/);
    h.connector.members.set(roads.teamId, []);
    const removed = await answer(viggo, 'accept', card.content.acceptContext.requestId, 'removed.xlsx');
    assert.match(removed.at(-1).text, /Kun medlemmer af kanalens team/);
    h.connector.members.set(roads.teamId, [{ id: viggo.id, aadObjectId: viggo.aadObjectId, name: viggo.name }]);
    assert.equal(h.connector.uploads.size, 0);
    const id = card.content.acceptContext.requestId;
    assert.deepEqual((await audit(`register:export:${id}`)).map((a) => [a.actorAadId, a.outcome, a.detail]), [[outsider.aadObjectId, 'refused', 'not_requester']]);
    assert.deepEqual((await audit('register:vej')).filter((a) => a.action === 'register.export').map((a) => [a.actorAadId, a.outcome, a.detail]), [[viggo.aadObjectId, 'refused', 'not_member']]);
  });

  it('an upload URL that keeps failing: the person is told, nothing is recorded as exported, and accepting again works', async () => {
    await say(dpo, central, 'eksport 2026 csv');
    const card = consentFor(dpo);
    h.connector.uploadFailNext = [500, 503, 500, 500];
    const failed = await answer(dpo, 'accept', card.content.acceptContext.requestId, 'retry.csv');
    assert.match(failed.at(-1).text, /kunne ikke gemmes/);
    assert.equal(h.connector.uploads.size, 0);
    h.connector.uploadFailNext = [503];
    const ok = await answer(dpo, 'accept', card.content.acceptContext.requestId, 'retry.csv');
    assert.match(ok.at(-1).text, /er gemt/);
    assert.ok(h.connector.uploads.get('retry.csv')?.complete);
    const outcomes = (await audit('register:*')).filter((a) => a.action === 'register.export').slice(-2).map((a) => [a.outcome, (a.detail ?? '').split(' ')[0]]);
    assert.deepEqual(outcomes, [['refused', 'failed'], ['allowed', 'kind=register']]);
  });

  it('eksport log <fra> <til>: the audit rows of the period as CSV with case numbers, central only; the export is audited', async () => {
    assert.match((await say(sofie, school, 'eksport log 01-01-2026 31-12-2026')).text, /kun i den centrale/);
    assert.match((await say(dpo, central, 'eksport log 31-02-2026 x')).text, /to datoer/);
    // A read of a case to find in the log.
    await say(dpo, central, 'log BV-2026-0001');
    await say(dpo, central, 'eksport log 2026-01-01 2026-12-31');
    const card = consentFor(dpo);
    assert.equal(card.name, 'adgangslog-2026-01-01-2026-12-31.csv');
    await answer(dpo, 'accept', card.content.acceptContext.requestId, 'log.csv');
    const text = h.connector.uploads.get('log.csv')!.bytes.toString('utf8');
    const lines = text.slice(1).trim().split('\r\n');
    // Each row in words, then the codes as stored in columns of their own (issue 17).
    assert.equal(lines[0], 'Tidspunkt;Navn;Azure AD-id;Hvad;Udfald;Sagsnummer;Sag eller register (id);Handling (kode);Udfald (kode);Detaljer (kode)');
    assert.ok(lines.some((l) => l.includes(';læste adgangsloggen;udført;BV-2026-0001;')), 'the case read, with its case number');
    assert.ok(lines.some((l) => l.includes(`;${outsider.aadObjectId};forsøgte at bede om registret som fil;nægtet: ikke medlem af teamet;;register:*;register.export.offer;refused;not_member`)));
    const times = lines.slice(1).map((l) => l.split(';')[0]);
    assert.deepEqual([...times].sort(), times, 'oldest first');
    assert.deepEqual((await audit('register:*')).filter((a) => a.action === 'audit.export').map((a) => a.outcome), ['allowed']);
    assert.deepEqual((await audit('register:skoler')).filter((a) => a.action === 'audit.export.offer').map((a) => a.detail), ['central_only']);
  });

  it('local mode (the Playground): the offer as buttons; "Gem filen" gives a one-time download link on this server', async () => {
    await say(dpo, central, 'eksport 2026');
    const offer = h.connector.sent(`a:1on1-${dpo.id}`)[1].attachments[0].content;
    const accept = offer.actions.find((a: any) => a.verb === 'export.local.accept');
    const res = await h.post({ ...execute(dpo, h.connector.url, 'export.local.accept', accept.data), conversation: { id: personalConversationId(dpo), conversationType: 'personal', tenantId: TENANT } });
    assert.equal(res.status, 200);
    const ready = res.body.value;
    const link = ready.actions.find((a: any) => a.type === 'Action.OpenUrl');
    assert.ok(link, JSON.stringify(ready));
    assert.match(link.url, new RegExp(`^${h.url}/api/exports/[A-Za-z0-9_-]{43}$`));
    const download = await fetch(link.url);
    assert.equal(download.status, 200);
    assert.match(download.headers.get('content-disposition') ?? '', /brudregister-2026\.xlsx/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await download.arrayBuffer());
    assert.equal(wb.getWorksheet('Sager')!.rowCount, 6);
    assert.equal((await fetch(link.url)).status, 404, 'once only');
    assert.equal((await fetch(`${h.url}/api/exports/${'x'.repeat(43)}`)).status, 404);
    assert.deepEqual((await audit('register:*')).filter((a) => a.action === 'register.export').map((a) => a.outcome).at(-1), 'allowed');
  });

  it('a malformed consent answer is answered in words, and a forged request id finds nothing', async () => {
    const res = await h.post({
      type: 'invoke', name: 'fileConsent/invoke', id: 'x', channelId: 'msteams', serviceUrl: h.connector.url, locale: 'da-DK',
      from: { id: dpo.id, name: dpo.name, aadObjectId: dpo.aadObjectId }, recipient: BOT,
      conversation: { id: personalConversationId(dpo), conversationType: 'personal', tenantId: TENANT }, channelData: { tenant: { id: TENANT } },
      value: { action: 'accept', context: { requestId: { toString: 'x' } }, uploadInfo: { uploadUrl: 'file:///etc/passwd' } },
    });
    assert.equal(res.status, 200);
    assert.match(h.connector.sent(personalConversationId(dpo)).at(-1).text, /kunne ikke læses/);
    const forged = await answer(dpo, 'accept', '00000000-0000-4000-8000-000000000000', 'forged.xlsx');
    assert.match(forged.at(-1).text, /findes ikke længere/);
    assert.equal(h.connector.uploads.size, 0);
  });
});
