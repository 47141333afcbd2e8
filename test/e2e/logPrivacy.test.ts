/**
 * The pino log under a whole report journey with CPR-like numbers and distinctive report text in every
 * free-text field: every line is pino JSON with a level, turn lines carry a request id, and no line holds a
 * CPR-like number or any of the typed text (the same scan as the suite-wide privacy watch, whose logger is
 * this pino logger too).
 */
import { strict as assert } from 'node:assert';
import { jsonLogger } from '../../src/logging';
import { execute, message, personalConversationId, user } from '../helpers/activities';
import { cardOf, cardText, inputValue } from '../helpers/cardQueries';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { startHarness, testConfig } from '../helpers/botHarness';
import { confirmReport, listMyCaseNumbers, openReportForm, submitReport, postActivity } from '../helpers/httpJourney';
import { privacyProblems } from '../helpers/privacyWatch';
import { validReportValues } from '../helpers/reportValues';

describe('e2e: pino log lines through a report journey hold no CPR numbers and no report text', function () {
  this.timeout(30000);
  let storage: TestStorage;
  before(async () => {
    storage = await startTestStorage();
  });
  after(async () => storage?.close());

  it('JSON lines with levels and request ids; the typed text and numbers appear in none', async () => {
    const lines: string[] = [];
    const h = await startHarness(testConfig(storage.connectionString), { log: jsonLogger((l) => lines.push(l)) });
    const u = user(91, 'Frederikke Lindqvist-Hemmelig');
    h.connector.members.set(personalConversationId(u), [{ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: 'frederikke.hemmelig@kommune.example' }]);
    const typed = {
      whatHappened: 'Brevet til borgeren Ingeborg Skovhøj med CPR 050607-4321 blev lagt i forkert e-Boks lilla elefant',
      howHappened: 'Sagsbehandleren kopierede 1203851234 fra journalen til en mail om vandskaden på Kirkevej',
      system: 'Fagsystem Opus Borgerdata 2211903333',
      dataKindsOther: 'Helbredsoplysninger om 311299-9876 og hendes søn',
      reporterName: u.name,
      reporterEmail: 'frederikke.hemmelig@kommune.example',
    };
    try {
      const form = await openReportForm(h.url, h.connector, u);
      const summary = await submitReport(h.url, h.connector, u, form, { ...validReportValues(new Date()), ...typed, dataKinds: 'names,cpr,other' });
      const number = await confirmReport(h.url, h.connector, u, summary);
      await h.bot.idle();
      assert.deepEqual(await listMyCaseNumbers(h.url, h.connector, u), [number]);
      // Free text outside the form too, and the offer's «Anmeld et brud med denne tekst» (issue 17): the
      // words go into a draft and onto the form, never into a line.
      const words = message(u, h.connector.url, 'hvad gør jeg med 010203-1234 og sagen om lilla elefant');
      await postActivity(h.url, words);
      await h.connector.waitFor((calls) => calls.some((c) => c.body?.replyToId === words.id));
      const offer = cardOf(h.connector.calls.find((c) => c.body?.replyToId === words.id)!.body);
      const seeded = await postActivity(h.url, execute(u, h.connector.url, 'report.fromText', { whatHappened: inputValue(offer, 'whatHappened') }));
      assert.match(cardText(seeded.body?.value), /lilla elefant/, 'the words on the form');
      await h.bot.idle();
    } finally {
      await h.stop();
    }

    assert.ok(lines.length >= 6, `some lines were logged (${lines.length})`);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const p of parsed) {
      assert.ok(['info', 'warn', 'error'].includes(String(p.level)), `a level label: ${JSON.stringify(p)}`);
      assert.equal(typeof p.event, 'string');
      assert.ok(!Number.isNaN(Date.parse(String(p.time))), 'an ISO time');
    }
    const requests = parsed.filter((p) => p.event === 'http.request');
    assert.ok(requests.length >= 5, 'every POST /api/messages is logged once');
    const ids = requests.map((p) => p.requestId);
    assert.ok(ids.every((id) => typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id as string)), 'with a request id');
    assert.equal(new Set(ids).size, ids.length, 'one id per request');
    const turnLines = parsed.filter((p) => p.event !== 'http.request' && p.requestId !== undefined);
    assert.ok(turnLines.length >= 1, 'lines written inside a turn (e.g. case.created) carry its request id');
    for (const line of turnLines) assert.ok(ids.includes(line.requestId), 'the id of a request that was handled');

    const texts = new Set(Object.values(typed).map((t) => t.slice(0, 40)));
    for (const word of ['Ingeborg', 'Skovhøj', 'lilla elefant', 'Kirkevej', 'Lindqvist', 'frederikke', 'Opus Borgerdata']) texts.add(word);
    const numbers = ['050607-4321', '1203851234', '2211903333', '311299-9876', '010203-1234'].map((n) => {
      const digits = n.replace(/\D/g, '');
      return { date: digits.slice(0, 6), serial: digits.slice(6) };
    });
    const problems = privacyProblems([], lines, texts, numbers);
    assert.deepEqual(problems, []);
    // Request ids (UUIDs) and millisecond figures are the bot's own: a serial such as 1234 can occur in them
    // by chance (it did, about one run in twenty). What a person typed can only come through a text field.
    const ours = (l: string) => l.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>').replace(/"(ms|time|at|\w+Ms|\w+At)":("[^"]*"|\d+)/g, '');
    for (const n of numbers) assert.ok(!lines.map(ours).join('\n').includes(n.serial), `serial ${n.serial} in no line: ${lines.find((l) => ours(l).includes(n.serial))}`);
  });

  it('the scan finds a CPR number or typed text that a line would hold (the test can fail)', () => {
    const lines: string[] = [];
    const log = jsonLogger((l) => lines.push(l));
    log.info('bad.example', { note: 'borger 050607-4321 ringede' });
    log.warn('bad.example', { field: 'lilla elefant i e-Boks' });
    const problems = privacyProblems([], lines, new Set(['lilla elefant']), [{ date: '050607', serial: '4321' }]);
    assert.ok(problems.some((p) => /CPR-like number in a log line/.test(p)));
    assert.ok(problems.some((p) => /typed text in a log line/.test(p)));
  });
});
