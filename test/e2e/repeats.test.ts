/**
 * Issue 18 part 4, «the same system, the same supplier, again», over the real server, Azurite and the fake
 * connector: the case card says how many breaches the same supplier (and system) had in the last 12 months,
 * with their numbers, as far as the card's channel may see (the central channel every one, a unit's channel
 * its own unit's); spellings are one («KMD A/S» = «kmd» = «KMD  a/s» = «K.M.D. ApS»); a case 13 months old
 * does not count; the central group merges two spellings (a unit channel is refused), which changes the
 * count; `navne` lists it and `fjern fletning` undoes it; the export's «Systemer og leverandører» sheet
 * counts the merged group as one. Hostile names in the merge command: no crash, a localized answer.
 */
import { strict as assert } from 'node:assert';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { containsCprLike } from '../../src/domain/cpr';
import type { BreachCase } from '../../src/domain/case';
import { repeatsTexts } from '../../src/i18n/repeatsTexts';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { BOT, channelExecute, channelMessage, execute, message, personalConversationId, teamChannel, TENANT, user, type TeamChannel, type User } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { actionData, cardText } from '../helpers/cardQueries';
import { copenhagenWallClock, validReportValues } from '../helpers/reportValues';
import type { RequestCounter } from '../../src/storage/tableClients';

const NOW = new Date('2026-11-23T09:00:00Z');
const da = repeatsTexts('da');

describe('e2e: repeats of a system and a supplier (issue 18 part 4)', function () {
  this.timeout(120_000);
  let storage: TestStorage;
  let h: Harness;
  const clock = new ControlledClock(new Date(NOW));
  const admin = user(8800, 'Anne Admin');
  const dpo = user(8801, 'Dorte DPO');
  const sofie = user(8802, 'Sofie Skole');
  const viggo = user(8803, 'Viggo Vej');
  const central = teamChannel(88, 'Sikkerhedsgruppen');
  const school = teamChannel(89, 'Skoleområdet');
  const roads = teamChannel(90, 'Vej og Park');
  let reporterNo = 8900;
  const numbers: Record<string, string> = {};
  const counter: RequestCounter = { count: 0 };

  const byNumber = async (number: string): Promise<BreachCase> => (await h.bot.storage.cases.findByNumber(TENANT, number))!.value;

  /** A report by a new employee (one draft each), confirmed; the card dispatched. */
  async function report(unitIds: string, supplierName: string, system = 'SBSYS', cost?: { requests: number }): Promise<string> {
    const rita = user(reporterNo++, `Anmelder ${reporterNo}`);
    h.connector.members.set(personalConversationId(rita), [{ id: rita.id, aadObjectId: rita.aadObjectId, name: rita.name, email: rita.email }]);
    await h.post(message(rita, h.connector.url, 'anmeld'));
    const form = h.connector.sent(personalConversationId(rita)).at(-1).attachments[0].content;
    const at = copenhagenWallClock(new Date(clock.now().getTime() - 3600_000));
    const values = {
      ...validReportValues(clock.now()),
      reporterName: rita.name,
      unitIds,
      system,
      supplierInvolved: supplierName === '?' ? '' : supplierName === '' ? 'no' : 'yes',
      supplierName: supplierName === '?' ? '' : supplierName,
      supplierNotifiedDate: supplierName === '?' ? '' : at.date,
      supplierNotifiedTime: supplierName === '?' ? '' : at.time,
    };
    const summary = (await h.post(execute(rita, h.connector.url, 'report.submit', { ...actionData(form, 'report.submit'), ...values }))).body.value;
    assert.ok(actionData(summary, 'report.confirm'), `the summary of «${supplierName}»: ${cardText(summary).slice(0, 300)}`);
    const before = counter.count;
    const receipt = (await h.post(execute(rita, h.connector.url, 'report.confirm', actionData(summary, 'report.confirm')))).body.value;
    const number = /BV-\d{4}-\d{4}/.exec(cardText(receipt))![0];
    await h.bot.idle();
    if (cost) cost.requests = counter.count - before;
    return number;
  }

  /** The case card posted in a channel for this case. */
  function cardIn(ch: TeamChannel, number: string): any {
    const threads = h.connector.createdThreads(ch.channelId).filter((t) => JSON.stringify(t.body?.activity).includes(`${number} ·`));
    assert.equal(threads.length, 1, `one card of ${number} in ${ch.channelId}`);
    return threads[0].body.activity.attachments[0].content;
  }

  /** A fact's value on a card (FactSet facts), or undefined. */
  function fact(card: any, title: string): string | undefined {
    let found: string | undefined;
    const walk = (n: any) => {
      if (found !== undefined) return;
      if (Array.isArray(n)) return n.forEach(walk);
      if (n && typeof n === 'object') {
        if (n.title === title && typeof n.value === 'string') found = n.value;
        else Object.values(n).forEach(walk);
      }
    };
    walk(card);
    return found;
  }

  const say = async (u: User, ch: TeamChannel, text: string): Promise<string> => {
    const res = await h.post(channelMessage(u, h.connector.url, ch, text));
    assert.equal(res.status, 200);
    return String(h.connector.sent(ch.channelId).at(-1)?.text ?? '');
  };

  before(async () => {
    storage = await startTestStorage();
    h = await startHarness(testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] }), { clock, counter });
    const m = (u: User) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name });
    h.connector.members.set(central.teamId, [m(dpo)]);
    h.connector.members.set(school.teamId, [m(sofie)]);
    h.connector.members.set(roads.teamId, [m(viggo)]);
    await say(admin, central, 'tilmeld central');
    await say(dpo, school, 'tilmeld Skoler');
    await say(dpo, roads, 'tilmeld Vej');

    // 13 months before: a KMD case of the school that must not count.
    clock.set(new Date('2025-10-20T09:00:00Z'));
    numbers.old = await report('skoler', 'KMD A/S');
    clock.set(new Date(NOW));
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });

  it('three spellings of KMD in 12 months: the third card (central) names the two others; a unit card only its own unit\'s; 13 months back does not count', async () => {
    numbers.a = await report('skoler', 'KMD A/S');
    clock.advance(3600_000);
    numbers.b = await report('vej', 'kmd');
    clock.advance(3600_000);
    numbers.c = await report('_central', 'KMD  a/s');
    clock.advance(3600_000);
    numbers.d = await report('skoler', 'K.M.D. ApS');

    // The first in the window: the old case is 13 months back.
    assert.equal(fact(cardIn(school, numbers.a), da.card.supplier), da.card.none);
    // Roads' card: the school's case A is not theirs to see, neither its number nor that it exists.
    const roadsCard = cardIn(roads, numbers.b);
    assert.equal(fact(roadsCard, da.card.supplier), da.card.none);
    // (Every text of the card; the link input's placeholder is an example number, not a case.)
    assert.ok(!cardText(roadsCard).includes(numbers.a), 'the school\'s case is not on roads\' card');

    // The third, in the central channel: both others, with numbers; never the 13-month-old one.
    const centralCard = cardIn(central, numbers.c);
    const said = fact(centralCard, da.card.supplier)!;
    assert.match(said, /^2 andre brud: /);
    assert.ok(said.includes(numbers.a) && said.includes(numbers.b), said);
    assert.ok(!cardText(centralCard).includes(numbers.old), 'the case 13 months back is not counted');
    // The same system (SBSYS in every report) is counted the same way.
    assert.match(fact(centralCard, da.card.system)!, /^2 andre brud: /);

    // The school's later card: only the school's own case A (not B of roads, not C of central).
    const schoolCard = cardIn(school, numbers.d);
    const seen = fact(schoolCard, da.card.supplier)!;
    assert.equal(seen, `1 andet brud: ${numbers.a}`);
    for (const hidden of [numbers.b, numbers.c]) assert.ok(!cardText(schoolCard).includes(hidden), `${hidden} not on the school's card`);

    // A supplier the reporter left unanswered, named by the coordinator: the answer counts again.
    numbers.g = await report('skoler', '?');
    assert.equal(fact(cardIn(school, numbers.g), da.card.supplier), undefined, 'no supplier, no count');
    const g = await byNumber(numbers.g);
    const post = g.posts.find((p) => p.channel.channelId === school.channelId)!;
    const at = copenhagenWallClock(new Date(clock.now().getTime() - 1800_000));
    const answered = await h.post(
      channelExecute(sofie, h.connector.url, school, post.threadId!, 'case.answerSupplier', { caseId: g.id, supplierAnswer: 'yes', supplierAnswerName: 'KMD', supplierNoticeDate: at.date, supplierNoticeTime: at.time }, post.activityId!),
    );
    const afterAnswer = fact(answered.body.value, da.card.supplier)!;
    assert.match(afterAnswer, /^2 andre brud: /, afterAnswer);
    assert.ok(afterAnswer.includes(numbers.a) && afterAnswer.includes(numbers.d), 'the school\'s own two');
    await h.bot.idle();

    // Stored on the case: each repeat with its units, so every channel's card filters the same snapshot.
    const d = await byNumber(numbers.d);
    assert.deepEqual(d.repeats?.supplier?.cases.map((r) => r.number).sort(), [numbers.a, numbers.b, numbers.c].sort());
  });

  it('a merge in a unit channel is refused and audited; in the central channel it merges, changes the count, is listed and undone', async () => {
    numbers.e = await report('_central', 'KMD Danmark');
    assert.equal(fact(cardIn(central, numbers.e), da.card.supplier), da.card.none, '«KMD Danmark» is not «KMD» by itself');

    const refused = await say(sofie, school, 'flet leverandør "KMD Danmark" "KMD"');
    assert.equal(refused, da.merge.centralOnly);
    assert.deepEqual(await h.bot.storage.names.list(TENANT), [], 'nothing merged');

    const merged = await say(dpo, central, 'flet leverandør “KMD Danmark” “KMD”');
    assert.match(merged, /^Flettet: leverandør «KMD Danmark» tælles nu som «KMD»/);
    assert.match(await say(dpo, central, 'flet leverandør "kmd danmark" "KMD A/S"'), /tælles allerede som det samme/);

    clock.advance(3600_000);
    numbers.f = await report('_central', 'KMD Danmark A/S');
    const f = fact(cardIn(central, numbers.f), da.card.supplier)!;
    assert.match(f, /^6 andre brud: /, f);
    for (const n of [numbers.a, numbers.b, numbers.c, numbers.d, numbers.e, numbers.g]) assert.ok(f.includes(n), `${n} in ${f}`);

    // The assessment counts again: E, reported before the merge, now has the merged group's six others.
    const e = await byNumber(numbers.e);
    const act = async (verb: string, data: Record<string, unknown> = {}) => {
      const post = (await byNumber(numbers.e)).posts.find((p) => p.channel.channelId === central.channelId)!;
      const res = await h.post(channelExecute(dpo, h.connector.url, central, post.threadId!, verb, { caseId: e.id, ...data }, post.activityId!));
      assert.equal(res.status, 200);
      return res.body.value;
    };
    await act('case.acknowledge');
    const assessed = await act('case.assess', { risk: 'none', decision: 'do_not_notify', justification: 'Kun et navn, straks slettet af modtageren.' });
    const afterAssess = fact(assessed, da.card.supplier)!;
    assert.match(afterAssess, /^6 andre brud: /, afterAssess);
    assert.ok(afterAssess.includes(numbers.f) && !afterAssess.includes(numbers.e));
    assert.ok((await byNumber(numbers.e)).repeats!.supplier!.cases.some((r) => r.number === numbers.f), 'stored on the case');
    await h.bot.idle();

    const listed = await say(dpo, central, 'navne');
    assert.match(listed, /Leverandør: «KMD Danmark» tælles som «KMD» – Dorte DPO/);
    assert.equal(await say(sofie, school, 'navne'), da.merge.centralOnly);

    const rows = await h.bot.storage.audit.listForCase(TENANT, 'register:skoler');
    assert.ok(rows.some((r) => r.action === 'names.merge' && r.outcome === 'refused' && r.detail === 'central_only'), 'the refusal is audited');
    const central_rows = await h.bot.storage.audit.listForCase(TENANT, 'register:*');
    assert.ok(central_rows.some((r) => r.action === 'names.merge' && r.outcome === 'allowed' && r.actorName === dpo.name));
  });

  it('statistik and the export\'s «Systemer og leverandører» count the merged supplier as one, under the merge\'s name', async () => {
    await h.post(channelMessage(dpo, h.connector.url, central, 'statistik'));
    const stats = h.connector.sent(central.channelId).at(-1).attachments[0].content;
    const text = cardText(stats);
    assert.match(text, /Systemer og leverandører/);
    assert.equal(fact(stats, 'KMD'), '7 brud (0 anmeldt til Datatilsynet, 7 ikke)');
    assert.equal(fact(stats, 'SBSYS'), '7 brud (0 anmeldt til Datatilsynet, 7 ikke)');

    h.connector.clear();
    h.connector.uploads.clear();
    await say(dpo, central, 'eksport');
    const consent = h.connector.sent(`a:1on1-${dpo.id}`)[0].attachments[0];
    const res = await h.post({
      type: 'invoke',
      name: 'fileConsent/invoke',
      id: 'inv-repeats',
      channelId: 'msteams',
      serviceUrl: h.connector.url,
      locale: 'da-DK',
      from: { id: dpo.id, name: dpo.name, aadObjectId: dpo.aadObjectId },
      recipient: BOT,
      conversation: { id: personalConversationId(dpo), conversationType: 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
      replyToId: 'consent-1',
      value: {
        type: 'fileUpload',
        action: 'accept',
        context: { requestId: consent.content.acceptContext.requestId },
        uploadInfo: { uploadUrl: h.connector.uploadUrl('r.xlsx'), contentUrl: 'https://onedrive.example/r.xlsx', name: 'r.xlsx', uniqueId: 'uid-r', fileType: 'xlsx' },
      },
    });
    assert.equal(res.status, 200);
    const file = h.connector.uploads.get('r.xlsx');
    assert.ok(file?.complete);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file!.bytes as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Systemer og leverandører');
    assert.ok(sheet, `sheets: ${wb.worksheets.map((w) => w.name).join(', ')}`);
    const rows: unknown[][] = [];
    sheet!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    assert.deepEqual(rows[0], ['Art', 'Navn', 'År', 'Brud', 'Anmeldt til Datatilsynet', 'Ikke anmeldt', 'Stavemåder', 'Sager']);
    const kmd = rows.find((r) => r[0] === 'Leverandør' && r[1] === 'KMD')!;
    assert.ok(kmd, JSON.stringify(rows));
    assert.deepEqual(kmd.slice(2, 6), [2026, 7, 0, 7]);
    const listed = String(kmd[7]).split(', ');
    assert.deepEqual(listed.sort(), [numbers.a, numbers.b, numbers.c, numbers.d, numbers.e, numbers.f, numbers.g].sort(), 'the 2025 case is in 2025\'s export, not this one');
    assert.equal(rows.filter((r) => r[0] === 'Leverandør').length, 1, 'every spelling is one supplier');
    assert.deepEqual(rows.find((r) => r[0] === 'System')!.slice(1, 4), ['SBSYS', 2026, 7]);
  });

  it('fjern fletning undoes the merge; navne says none are merged', async () => {
    assert.match(await say(sofie, school, 'fjern fletning leverandør "KMD Danmark"'), new RegExp(da.merge.centralOnly.slice(0, 30)));
    assert.match(await say(dpo, central, 'fjern fletning leverandør "KMD Danmark"'), /Fletningen er fjernet/);
    assert.match(await say(dpo, central, 'fjern fletning leverandør "KMD Danmark"'), /er ikke flettet/);
    assert.equal(await say(dpo, central, 'navne'), da.names.none);
  });

  it('in English when Teams says so; in a 1:1 chat the commands are refused (no report offered), audited', async () => {
    const res = await h.post(channelMessage(dpo, h.connector.url, central, 'merge system "SBSYS Cloud" "SBSYS"', 'en-US'));
    assert.equal(res.status, 200);
    assert.match(String(h.connector.sent(central.channelId).at(-1).text), /^Merged: system "SBSYS Cloud" now counts as "SBSYS"/);
    await h.post(channelMessage(dpo, h.connector.url, central, 'unmerge system "SBSYS Cloud"', 'en-US'));
    assert.match(String(h.connector.sent(central.channelId).at(-1).text), /^The merge is removed/);

    const rita = user(8999, 'Rita Reporter');
    await h.post(message(rita, h.connector.url, 'flet leverandør "KMD Danmark" "KMD"'));
    const answer = h.connector.sent(personalConversationId(rita)).at(-1);
    assert.match(String(answer.text), /Registret vises kun i de tilmeldte koordinatorkanaler/);
    assert.equal(answer.attachments, undefined, 'no card offering to start a report with the text');
    const rows = await h.bot.storage.audit.listForCase(TENANT, 'register:?');
    assert.ok(rows.some((r) => r.action === 'names.merge' && r.outcome === 'refused' && r.detail === 'not_channel' && r.actorAadId === rita.aadObjectId));
  });

  it('what it costs: one Table request more per confirmed report that names a system or supplier, none without', async () => {
    const named = { requests: 0 };
    const plain = { requests: 0 };
    // The tenant's merges are kept 30 s by an instance: a first named report reads them (one request more).
    await report('skoler', 'Netcompany', 'Opus');
    await report('skoler', 'Netcompany', 'Opus', named);
    await report('skoler', '', '', plain);
    assert.equal(named.requests - plain.requests, 1, `with names ${named.requests}, without ${plain.requests} (confirm and card post)`);
  });

  it('hostile names in the merge command: never a crash, always a localized answer, no CPR number in clear', async () => {
    const known = new Set<string>([da.merge.centralOnly, da.merge.emptyName, da.merge.unmergeUsage]);
    const allowed = (reply: string) =>
      known.has(reply) || reply.startsWith('Flettet: ') || reply.startsWith('Skriv f.eks.') || /tælles allerede som det samme/.test(reply) || /Fletningen er fjernet|er ikke flettet/.test(reply);
    const name = fc.oneof(
      fc.string({ maxLength: 120 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.constantFrom('', ' ', '""', '«»', 'ved ikke', 'A/S', '010203-1234', '=HYPERLINK("x")', '<at>x</at>', '**KMD**', '[x](http://evil)', 'x'.repeat(200), '\u0000\u202e', 'KMD\nDanmark'),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(central, school), fc.constantFrom('flet leverandør', 'merge system', 'flet', 'fjern fletning system', 'unmerge supplier'), name, name, async (ch, verb, a, b) => {
        h.connector.clear();
        const reply = await say(ch === central ? dpo : sofie, ch, `${verb} "${a}" "${b}"`);
        assert.equal(h.connector.sent(ch.channelId).length, 1, 'one answer');
        assert.ok(allowed(reply), `unexpected answer: ${reply.slice(0, 200)}`);
        assert.ok(!containsCprLike(reply), 'no CPR number in clear');
      }),
      { numRuns: 30 },
    );
    // Whatever was merged by the fuzz, nothing of it is a person's number.
    for (const a of await h.bot.storage.names.list(TENANT)) assert.ok(!containsCprLike(`${a.fromName} ${a.toName}`));
  });
});
