import { strict as assert } from 'node:assert';
import type { BreachCase, CasePost } from '../../src/domain/case';
import { parseChannelCommand, type ChannelCommand } from '../../src/domain/unit';
import { CARD_BUDGET_BYTES, MESSAGE_BUDGET_BYTES, utf16Bytes } from '../../src/teams/cardBudget';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { BOT, channelExecute, channelMessage, personalConversationId, teamChannel, TENANT, user, type TeamChannel, type User } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { cardOf, cardText, findInput, inputValue } from '../helpers/cardQueries';
import { FIXTURE_CLOSE_REASON } from '../helpers/closeReason';
import { caseOf, feedback, KNOWN_NOW, noRisk } from '../domain/registerFixtures';

/**
 * Issue 17, Must do 6 and 7, over HTTP against the real bot (fake Bot Connector, real Azurite):
 * - the audit trail a DPO reads: `log BV-…` and the audit export say who, when, what was done or
 *   tried and the outcome in words, and the export keeps the codes in columns of their own;
 * - finding everything from inside Teams: `hjælp` lists every channel command, the register list shows
 *   a line of what happened and the unit, and a case opened from the list leads back to it.
 */
describe('e2e: the audit trail in words, and finding everything from inside Teams (issue 17)', function () {
  this.timeout(60000);
  let storage: TestStorage;
  let h: Harness;
  const clock = new ControlledClock(new Date(KNOWN_NOW)); // 2026-05-20 10:00 in Copenhagen
  const admin = user(1950, 'Admin Person');
  const dpo = user(1951, 'Dorte DPO');
  const sofie = user(1952, 'Sofie Skole');
  const outsider = user(1954, 'Ude Person');
  const central = teamChannel(161, 'Sikkerhedsgruppen');
  const school = teamChannel(162, 'Skoleområdet');
  const roads = teamChannel(163, 'Vej og Park');
  const CPR = '010203-1234';
  /** Longer than a line: the list shows its first 80 characters, masked. */
  const LONG = `Et brev med ${CPR} og elevens trivselsplan blev sendt til en forkert forælder på Skolevej, som ringede og sagde det straks, hvorefter brevet blev hentet.`;
  const caseA = 'words-a';

  const postIn = (ch: TeamChannel, unitId: string): CasePost => ({
    unitId,
    unitName: unitId,
    channel: { serviceUrl: 'http://127.0.0.1:1/', tenantId: TENANT, teamId: ch.teamId, teamName: ch.teamName, channelId: ch.channelId, channelName: ch.channelName, botId: BOT.id },
    viaCentral: false,
    locale: 'da',
    threadId: `${ch.channelId};messageid=1`,
    activityId: '1',
    postedAt: KNOWN_NOW,
  });

  before(async () => {
    storage = await startTestStorage();
    h = await startHarness(testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] }), { clock });
    const m = (u: User) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name });
    h.connector.members.set(central.teamId, [m(dpo)]);
    h.connector.members.set(school.teamId, [m(sofie)]);
    h.connector.members.set(roads.teamId, []);
    await h.post(channelMessage(admin, h.connector.url, central, 'tilmeld central'));
    await h.post(channelMessage(dpo, h.connector.url, school, 'tilmeld Skoler'));
    await h.post(channelMessage(dpo, h.connector.url, roads, 'tilmeld Vej og Park'));
    // Case A: reported two hours ago to Skoler, its card in the school channel. Its description is
    // stored as if from before the input gate (a CPR number in clear): the list must mask it anyway.
    const reportedAt = new Date(Date.parse(KNOWN_NOW) - 2 * 3_600_000).toISOString();
    const a = caseOf({ id: caseA, number: 'BV-2026-0101', reportedAt, units: ['skoler'] });
    const stored: BreachCase = { ...a, tenantId: TENANT, report: { ...a.report, whatHappened: LONG }, posts: [postIn(school, 'skoler')] };
    assert.equal(await h.bot.storage.cases.create(stored), 'created');
    // 22 closed cases of 2025, for two units each, with descriptions far longer than a line: two pages.
    for (let i = 0; i < 22; i++) {
      const at = new Date(Date.UTC(2025, 0, 2 + i * 5, 9)).toISOString();
      const c = caseOf({
        id: `words-old${i}`, number: `BV-2025-${String(i + 101).padStart(4, '0')}`, reportedAt: at, units: ['skoler', 'vej-og-park'],
        steps: [
          [1, { type: 'assess', risk: 'none', decision: 'do_not_notify', justification: noRisk }],
          [2, { type: 'close', closeReason: FIXTURE_CLOSE_REASON, lessonsLearned: 'Ingen.', feedback }],
        ],
      });
      const what = `Sag ${i}: ${'en lang beskrivelse af hvad der skete på skolen med brevene og adresserne '.repeat(6)}`;
      assert.equal(await h.bot.storage.cases.create({ ...c, tenantId: TENANT, report: { ...c.report, whatHappened: what } }), 'created');
    }
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });
  beforeEach(() => {
    h.connector.clear();
    h.connector.uploads.clear();
  });

  const say = async (u: User, ch: TeamChannel, text: string, locale = 'da-DK') => {
    const res = await h.post(channelMessage(u, h.connector.url, ch, text, locale));
    assert.equal(res.status, 200);
    return h.connector.sent(ch.channelId).at(-1);
  };
  const press = async (u: User, ch: TeamChannel, verb: string, data: Record<string, unknown>) => {
    const res = await h.post(channelExecute(u, h.connector.url, ch, ch.channelId, verb, data, 'card-1'));
    assert.equal(res.status, 200);
    assert.ok(utf16Bytes(res.body) <= MESSAGE_BUDGET_BYTES, `${verb}: the answer is within the message budget`);
    return res.body.value;
  };
  /** What Teams sends for a button: the card's inputs with the button's data. */
  const inputsOf = (card: any): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const id of ['status', 'year', 'unit', 'notified']) {
      const input = findInput(card, id);
      if (input) out[id] = String(input.value ?? '');
    }
    return out;
  };
  const rowsOf = (card: any): string[] => (JSON.stringify(card).match(/"title":"BV-\d{4}-\d{4}"/g) ?? []).map((m) => m.slice(9, 21));
  const rowButton = (card: any, number: string): any => {
    let found: any;
    JSON.stringify(card, (_k, v) => {
      if (v && v.type === 'Action.Execute' && v.title === number) found = v;
      return v;
    });
    assert.ok(found, `a button for ${number}`);
    return found;
  };
  /** The audit card's rows, each as its texts: time, who, what, outcome. */
  const auditRows = (card: any): string[] => (card.body as any[]).filter((b) => b.type === 'ColumnSet').map((b) => cardText(b));
  const persons = (over: Record<string, string>) => ({
    caseId: caseA,
    personsNotifiedDate: '2026-05-20',
    personsNotifiedTime: '09:30',
    personsHow: 'Brev med posten',
    personsCount: '2',
    ...over,
  });

  describe('Must do 6: an audit trail a DPO reads', () => {
    before(async () => {
      // In this order: a save refused for an empty date, the real save a moment later, a time in the
      // future (the domain's rejection), and a stranger's attempt (refused by access).
      clock.set(new Date(Date.parse(KNOWN_NOW) - 3 * 60_000));
      const empty = await press(sofie, school, 'case.recordPersonsNotified', persons({ personsNotifiedDate: '' }));
      assert.match(cardText(empty), /Skal udfyldes/, 'the empty date is refused beside its field');
      clock.set(new Date(Date.parse(KNOWN_NOW) - 2 * 60_000));
      await press(sofie, school, 'case.recordPersonsNotified', persons({}));
      clock.set(new Date(Date.parse(KNOWN_NOW) - 60_000));
      const future = await press(sofie, school, 'case.recordPersonsNotified', persons({ personsNotifiedTime: '23:00' }));
      assert.match(cardText(future), /fremtiden/);
      clock.set(new Date(KNOWN_NOW));
      const refused = await press(outsider, school, 'case.recordPersonsNotified', persons({}));
      assert.match(String(refused), /medlem/i);
    });

    it('log BV-…: the four attempts read as four distinct rows in words, in Copenhagen time, without codes', async () => {
      const card = cardOf(await say(dpo, central, 'log BV-2026-0101'));
      const rows = auditRows(card);
      const text = cardText(card);
      // Newest first: reading the trail, the stranger, the future time, the save, the empty date.
      assert.match(rows[0], /^20\.05\.2026 kl\. 10:00\nDorte DPO\nlæste adgangsloggen\nudført$/);
      assert.match(rows[1], /^20\.05\.2026 kl\. 10:00\nUde Person\nforsøgte at registrere at de registrerede er underrettet\nnægtet: ikke medlem af teamet$/);
      assert.match(rows[2], /^20\.05\.2026 kl\. 09:59\nSofie Skole\nforsøgte at registrere at de registrerede er underrettet\nafvist: tidspunktet ligger i fremtiden$/);
      assert.match(rows[3], /^20\.05\.2026 kl\. 09:58\nSofie Skole\nregistrerede at de registrerede er underrettet\nudført$/);
      assert.match(rows[4], /^20\.05\.2026 kl\. 09:57\nSofie Skole\nforsøgte at registrere at de registrerede er underrettet\nafvist: Underrettet, dato – skal udfyldes$/);
      // Four distinct rows once the time is left out: the empty-date refusal no longer reads as the save.
      assert.equal(new Set(rows.slice(1, 5).map((r) => r.split('\n').slice(1).join('\n'))).size, 4);
      assert.doesNotMatch(text, /rejected:|tilladt|case\.record|not_member|in_future/);
      // A refusal or rejection stands out; what was done does not.
      const colours = (card.body as any[]).filter((b) => b.type === 'ColumnSet').slice(0, 5).map((b) => b.columns[2].items[1].color);
      assert.deepEqual(colours, ['default', 'attention', 'attention', 'default', 'attention']);
      // The stored rows are unchanged: the codes are where they were.
      const stored = (await h.bot.storage.audit.listForCase(TENANT, caseA)).filter((e) => e.action === 'case.recordPersonsNotified');
      assert.deepEqual(stored.map((e) => [e.outcome, e.detail ?? null]), [
        ['allowed', 'rejected:required:personsNotifiedDate'],
        ['allowed', null],
        ['allowed', 'rejected:in_future'],
        ['refused', 'not_member'],
      ]);
    });

    it('in English when Teams runs English', async () => {
      const card = cardOf(await say(dpo, central, 'audit BV-2026-0101', 'en-US'));
      // Newest first: this read, the Danish read before it, then the four attempts.
      const rows = auditRows(card);
      assert.match(rows[0], /^20 May 2026, 10:00\nDorte DPO\nread the audit trail\ndone$/);
      assert.match(rows[2], /Ude Person\ntried to record that the data subjects were notified\nrefused: not a member of the team$/);
      assert.match(rows[3], /tried to record that the data subjects were notified\nrejected: the time is in the future$/);
      assert.match(rows[4], /\nrecorded that the data subjects were notified\ndone$/);
      assert.match(rows[5], /tried to record that the data subjects were notified\nrejected: Informed, date – required$/);
    });

    it('the audit export has the words and, in columns of their own, the codes', async () => {
      await say(dpo, central, 'eksport log 2026-05-20 2026-05-20');
      const sent = h.connector.sent(`a:1on1-${dpo.id}`);
      const consent = sent.find((a) => a.attachments?.[0]?.contentType === 'application/vnd.microsoft.teams.card.file.consent').attachments[0];
      const res = await h.post({
        type: 'invoke',
        name: 'fileConsent/invoke',
        id: 'inv-words',
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
          uploadInfo: { uploadUrl: h.connector.uploadUrl('words.csv'), contentUrl: 'https://onedrive.example/words.csv', name: 'words.csv', uniqueId: 'uid-words', fileType: 'csv' },
        },
      });
      assert.equal(res.status, 200);
      const lines = h.connector.uploads.get('words.csv')!.bytes.toString('utf8').slice(1).trim().split('\r\n');
      assert.equal(lines[0], 'Tidspunkt;Navn;Azure AD-id;Hvad;Udfald;Sagsnummer;Sag eller register (id);Handling (kode);Udfald (kode);Detaljer (kode)');
      const of = (who: User) => lines.filter((l) => l.includes(`;${who.aadObjectId};`) && l.includes('case.recordPersonsNotified'));
      assert.deepEqual(of(sofie).map((l) => l.split(';').slice(3).join(';')), [
        `forsøgte at registrere at de registrerede er underrettet;afvist: Underrettet, dato – skal udfyldes;BV-2026-0101;${caseA};case.recordPersonsNotified;allowed;rejected:required:personsNotifiedDate`,
        `registrerede at de registrerede er underrettet;udført;BV-2026-0101;${caseA};case.recordPersonsNotified;allowed;`,
        `forsøgte at registrere at de registrerede er underrettet;afvist: tidspunktet ligger i fremtiden;BV-2026-0101;${caseA};case.recordPersonsNotified;allowed;rejected:in_future`,
      ]);
      assert.deepEqual(of(outsider).map((l) => l.split(';').slice(3).join(';')), [
        `forsøgte at registrere at de registrerede er underrettet;nægtet: ikke medlem af teamet;BV-2026-0101;${caseA};case.recordPersonsNotified;refused;not_member`,
      ]);
      // Copenhagen time in the file too.
      assert.ok(of(sofie)[1].startsWith('2026-05-20 09:58'), of(sofie)[1]);
    });
  });

  describe('Must do 7: find everything from inside Teams', () => {
    /** The command a help line names, with its placeholders filled as a person would. */
    const example = (line: string): string =>
      (/^[«"]([^»"]+)[»"]/.exec(line)?.[1] ?? '')
        .replace(/<(enhed|unit)>/, 'Skoler')
        .replace(/<(sagsnummer|case number)>/, 'BV-2026-0101')
        .replace(/<(fra|from)> <(til|to)>/, '2026-01-01 2026-12-31')
        .replace(/\s*\[[^\]]+\]/g, '');

    for (const [words, locale] of [['hjælp', 'da-DK'], ['sagr', 'da-DK'], ['help', 'en-US']] as const) {
      it(`«${words}» in a channel lists every channel command, one line each, eksport and eksport log among them`, async () => {
        const text: string = (await say(dpo, central, words, locale)).text;
        const lines = text.split('\n\n').slice(1);
        if (locale === 'da-DK') {
          assert.ok(lines.some((l) => l.startsWith('«eksport [år] [csv]» – ')), text);
          assert.ok(lines.some((l) => l.startsWith('«eksport log <fra> <til>» – ')), text);
        } else {
          assert.ok(lines.some((l) => l.startsWith('"export [year] [csv]" – ')), text);
          assert.ok(lines.some((l) => l.startsWith('"export audit <from> <to>" – ')), text);
        }
        // Every line is one command the channel understands, and every command has its line.
        const kinds = new Set(lines.map((l) => parseChannelCommand(example(l)).kind));
        const all: ChannelCommand['kind'][] = ['registerCentral', 'register', 'unregister', 'units', 'cases', 'statistics', 'auditLog', 'export', 'exportAudit', 'help'];
        for (const kind of all) assert.ok(kinds.has(kind), `${kind} in the help: ${text}`);
        assert.ok(!kinds.has('unknown'), text);
        assert.equal(kinds.size, lines.length, 'one line per command');
      });
    }

    it('sager: each row has a masked line of what happened (at most 80 characters) and the unit by name', async () => {
      const card = cardOf(await say(dpo, central, 'sager'));
      const text = cardText(card);
      assert.ok(!text.includes(CPR), 'the CPR number is masked');
      const line = text.split('\n').find((l) => l.startsWith('Et brev med'));
      assert.ok(line, text);
      assert.ok(line.length <= 80 && line.endsWith('…'), line);
      assert.match(text, /Skoler/);
      // A unit channel names its unit by name, not by its id.
      const unit = cardText(cardOf(await say(sofie, school, 'sager')));
      assert.match(unit, /Et brev med/);
      assert.match(unit, /· Skoler/);
      assert.doesNotMatch(unit, /· skoler/);
    });

    it('a page of 20 rows with lines of 80 characters and two units each stays within the card budget', async () => {
      const first = await press(dpo, central, 'register.list', { status: 'all', year: '2025', unit: '*', notified: '*', cursor: '' });
      assert.equal(rowsOf(first).length, 20);
      assert.ok(utf16Bytes(first) <= CARD_BUDGET_BYTES);
      const lines = cardText(first).split('\n').filter((l) => l.startsWith('Sag '));
      assert.equal(lines.length, 20);
      for (const l of lines) assert.ok(l.length <= 80 && l.length >= 75 && l.endsWith('…'), l);
      assert.match(cardText(first), /Skoler, Vej og Park/);
      const next = first.actions.find((a: any) => a.title === 'Næste side');
      const second = await press(dpo, central, 'register.list', { ...inputsOf(first), ...next.data });
      assert.ok(utf16Bytes(second) <= CARD_BUDGET_BYTES);
    });

    it('«Tilbage til listen» on a case opened from the list returns to the same filter and page', async () => {
      const filter = { status: 'closed', year: '2025', unit: 'skoler', notified: '*', cursor: '' };
      const first = await press(dpo, central, 'register.list', filter);
      const next = first.actions.find((a: any) => a.title === 'Næste side');
      const second = await press(dpo, central, 'register.list', { ...inputsOf(first), ...next.data });
      assert.match(cardText(second), /Side 2/);
      const onSecond = rowsOf(second);
      assert.deepEqual(onSecond, ['BV-2025-0102', 'BV-2025-0101']);
      // Open a case from page 2, as Teams sends it: the list card's inputs with the row's data.
      const opened = await press(dpo, central, 'case.show', { ...inputsOf(second), ...rowButton(second, 'BV-2025-0101').data });
      assert.match(cardText(opened), /BV-2025-0101/);
      assert.ok(utf16Bytes(opened) <= CARD_BUDGET_BYTES);
      const back = opened.body[0].actions[0];
      assert.equal(back.title, 'Tilbage til listen');
      const list = await press(dpo, central, back.verb, back.data);
      assert.deepEqual(rowsOf(list), onSecond);
      assert.match(cardText(list), /Side 2/);
      assert.equal(inputValue(list, 'status'), 'closed');
      assert.equal(inputValue(list, 'year'), '2025');
      assert.equal(inputValue(list, 'unit'), 'skoler');
      // From the first page: back to the first page of the same filter.
      const fromFirst = await press(dpo, central, 'case.show', { ...inputsOf(first), ...rowButton(first, 'BV-2025-0122').data });
      const backFirst = fromFirst.body[0].actions[0];
      const firstAgain = await press(dpo, central, backFirst.verb, backFirst.data);
      assert.deepEqual(rowsOf(firstAgain), rowsOf(first));
      assert.match(cardText(firstAgain), /Side 1/);
      // Opened elsewhere (the case card's own «Vis sagen»), a case has no way back to a list it did not come from.
      const plain = await press(dpo, central, 'case.show', { caseId: 'words-old0' });
      assert.doesNotMatch(cardText(plain), /Tilbage til listen/);
    });
  });
});
