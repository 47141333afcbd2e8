import { strict as assert } from 'node:assert';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { execute, installPersonal, message, personalConversationId, submit, user, type User } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { actionData, cardOf, cardText, findInput } from '../helpers/cardQueries';
import { validReportValues as validValues } from '../helpers/reportValues';

const action = (card: any, verb: string) => ({ data: actionData(card, verb) });






describe('e2e: the reporter journey over HTTP', function () {
  this.timeout(30000);
  let storage: TestStorage;
  let h: Harness;
  let config: ReturnType<typeof testConfig>;
  const clock = new ControlledClock(new Date('2026-11-23T09:30:00Z'));
  let n = 100;
  let u: User;

  before(async () => {
    storage = await startTestStorage();
    config = testConfig(storage.connectionString);
    h = await startHarness(config, { clock });
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });
  beforeEach(() => {
    n += 1;
    u = user(n);
    h.connector.members.set(personalConversationId(u), [{ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email }]);
    h.connector.clear();
  });

  async function startForm(locale = 'da-DK'): Promise<any> {
    const res = await h.post(message(u, h.connector.url, 'anmeld', locale));
    assert.equal(res.status, 200);
    const sent = h.connector.sent(personalConversationId(u));
    return cardOf(sent[sent.length - 1]);
  }

  async function run(verb: string, data: Record<string, unknown>, locale = 'da-DK'): Promise<any> {
    const res = await h.post(execute(u, h.connector.url, verb, data, locale));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  }

  it('welcomes on install in personal scope, in Danish, with the Ishøj examples and a report button', async () => {
    const res = await h.post(installPersonal(u, h.connector.url));
    assert.equal(res.status, 200);
    const [welcome] = h.connector.sent(personalConversationId(u));
    const text = cardText(cardOf(welcome));
    assert.match(text, /tavshedspligt/);
    assert.match(text, /forkert borger/);
    assert.match(text, /utilgængeligt/);
    assert.ok(actionData(cardOf(welcome), 'report.start'), 'report button');
  });

  it('answers help, unknown text and cancel without a draft', async () => {
    await h.post(message(u, h.connector.url, 'hjælp'));
    await h.post(message(u, h.connector.url, 'hvad er klokken'));
    await h.post(message(u, h.connector.url, 'annuller'));
    const sent = h.connector.sent(personalConversationId(u));
    assert.equal(sent.length, 3);
    assert.match(cardText(cardOf(sent[0])), /Anmeld et brud/);
    // Issue 17: words that are no command are offered as a report (test/e2e/wordsStartReport.test.ts).
    assert.match(cardText(cardOf(sent[1])), /Vil du anmelde det, du skrev\?/);
    assert.match(sent[2].text, /ingen anmeldelse i gang/);
  });

  it('prefills name and mail from the Teams profile, rejects invalid values keeping them, then confirms and lists', async () => {
    const form = await startForm();
    assert.equal(findInput(form, 'reporterName').value, u.name);
    assert.equal(findInput(form, 'reporterEmail').value, u.email);
    const submitData = action(form, 'report.submit').data;

    const bad = { ...validValues(clock.now()), whatHappened: 'Borger 010203-1234 fik forkert brev.', personsAffected: '-3', discoveredDate: '2030-01-01', reporterEmail: 'ikke-en-mail' };
    const rejected = await run('report.submit', { ...submitData, ...bad });
    const card = rejected.value;
    assert.equal(rejected.type, 'application/vnd.microsoft.card.adaptive');
    assert.equal(findInput(card, 'whatHappened').value, 'Borger 010203-xxxx fik forkert brev.', 'typed text kept, CPR-like number masked');
    assert.match(cardText(card), /ligner et CPR-nummer/);
    assert.equal(findInput(card, 'personsAffected').value, '-3');
    const text = cardText(card);
    assert.match(text, /Antallet kan ikke være negativt/);
    assert.match(text, /fremtiden/);
    assert.match(text, /gyldig mailadresse/);

    const good = { ...validValues(clock.now()), whatHappened: 'Borger 010203-1234 fik forkert brev.' };
    const summary = (await run('report.submit', { ...action(card, 'report.submit').data, ...good })).value;
    const summaryText = cardText(summary);
    assert.match(summaryText, /ligner et CPR-nummer/);
    assert.match(summaryText, /010203-xxxx/);
    assert.doesNotMatch(summaryText, /010203-1234/);

    const receipt = (await run('report.confirm', action(summary, 'report.confirm').data)).value;
    const receiptText = cardText(receipt);
    const number = /BV-2026-\d{4}/.exec(receiptText)?.[0];
    assert.ok(number, 'case number on the receipt');
    assert.match(receiptText, /tavshedspligt/);

    const stored = await h.bot.storage.cases.findByNumber('11111111-2222-4333-8444-555555555555', number!);
    assert.ok(stored);
    assert.equal(stored.value.report.whatHappened, 'Borger 010203-xxxx fik forkert brev.');
    assert.equal(stored.value.reporter.aadObjectId, u.aadObjectId);
    assert.equal(stored.value.cprMasked, true);

    h.connector.clear();
    await h.post(message(u, h.connector.url, 'mine sager'));
    const list = cardText(cardOf(h.connector.sent()[0]));
    assert.match(list, new RegExp(number!));
    assert.match(list, /venter på koordinator/);
  });

  it('a confirm delivered twice, even at the same moment, makes one case', async () => {
    const form = await startForm();
    const summary = (await run('report.submit', { ...action(form, 'report.submit').data, ...validValues(clock.now()) })).value;
    const confirm = action(summary, 'report.confirm').data;
    const [a, b] = await Promise.all([run('report.confirm', confirm), run('report.confirm', confirm)]);
    const third = await run('report.confirm', confirm);
    const numbers = [a, b, third].map((r) => /BV-2026-\d{4}/.exec(cardText(r.value))?.[0]);
    assert.ok(numbers[0]);
    assert.deepEqual(new Set(numbers).size, 1, `one number for all: ${numbers.join(',')}`);
    const mine = await h.bot.storage.cases.listByReporter('11111111-2222-4333-8444-555555555555', u.aadObjectId);
    assert.equal(mine.length, 1);
  });

  it('mine sager shows only my own cases', async () => {
    const form = await startForm();
    const summary = (await run('report.submit', { ...action(form, 'report.submit').data, ...validValues(clock.now()) })).value;
    await run('report.confirm', action(summary, 'report.confirm').data);
    const other = user(n + 5000);
    h.connector.members.set(personalConversationId(other), [{ id: other.id, aadObjectId: other.aadObjectId, name: other.name, email: other.email }]);
    h.connector.clear();
    await h.post(message(other, h.connector.url, 'mine sager'));
    assert.match(cardText(cardOf(h.connector.sent()[0])), /ikke anmeldt nogen brud/);
  });

  it('a half-filled report survives a restart of the bot and annuller discards it', async () => {
    const form = await startForm();
    const partial = { ...validValues(clock.now()), whatHappened: 'Halvt skrevet beskrivelse af hændelsen', personsAffected: '' };
    await run('report.submit', { ...action(form, 'report.submit').data, ...partial });

    await h.bot.stop();
    h = await startHarness(config, { clock, connector: h.connector });

    h.connector.clear();
    const resumed = await startForm();
    assert.equal(findInput(resumed, 'whatHappened').value, partial.whatHappened);
    assert.match(cardText(resumed), /fortsætte, hvor du slap/);
    await h.post(message(u, h.connector.url, 'annuller'));
    assert.match(h.connector.sent().at(-1).text, /kasseret/);
    h.connector.clear();
    const fresh = await startForm();
    assert.equal(findInput(fresh, 'whatHappened').value, '');
    assert.equal(findInput(fresh, 'reporterTitle').value, 'Sagsbehandler', 'title carried over');
  });

  it('speaks English when the Teams locale is en-US, and understands the English commands', async () => {
    await h.post(installPersonal(u, h.connector.url, 'en-US'));
    assert.match(cardText(cardOf(h.connector.sent(personalConversationId(u))[0])), /duty of confidentiality/);
    for (const [command, expected] of [
      ['help', /Report a breach/],
      ['my reports', /not reported any breaches/],
      ['cancel', /no report in progress/],
      ['what now', /Do you want to report what you wrote\?/],
    ] as const) {
      h.connector.clear();
      await h.post(message(u, h.connector.url, command, 'en-US'));
      const reply = h.connector.sent(personalConversationId(u))[0];
      assert.match(reply.text ?? cardText(cardOf(reply)), expected, command);
    }
    h.connector.clear();
    await h.post(message(u, h.connector.url, 'report', 'en-US'));
    const form = cardOf(h.connector.sent(personalConversationId(u))[0]);
    assert.match(cardText(form), /Report a personal-data breach/);
    const rejected = (await run('report.submit', { ...action(form, 'report.submit').data, personsAffected: 'many' }, 'en-US')).value;
    // Issue 11: an estimate is accepted, so the message says what is.
    assert.match(cardText(rejected), /Enter a number, an estimate such as "about 400"/);
    assert.match(cardText(rejected), /Required/);
  });

  it('Action.Submit from the welcome card starts a report', async () => {
    await h.post(submit(u, h.connector.url, { verb: 'report.start' }));
    const card = cardOf(h.connector.sent(personalConversationId(u))[0]);
    assert.ok(findInput(card, 'whatHappened'));
  });
});
