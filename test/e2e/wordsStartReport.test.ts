/**
 * Issue 17, must do 3: words start a report. Through the real endpoint with Teams-shaped activities, real
 * Table Storage (Azurite) and the fake Bot Connector: words in the 1:1 chat that are no command get a card
 * offering «Anmeld et brud med denne tekst» and «Er det et brud?», with a line that nothing was sent; the
 * button starts the report with the words (masked) as «Hvad er der sket?», through the known-incident
 * question while an incident is active; a report in progress is not overwritten; a near miss («anmled»)
 * gets «Mente du «anmeld»?» with a button that runs it; Danish and English; every card within the budget.
 */
import { strict as assert } from 'node:assert';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { TENANT, channelExecute, channelMessage, execute, message, personalConversationId, teamChannel, user, type User } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { actionData, cardOf, cardText, findInput, inputValue } from '../helpers/cardQueries';
import { validReportValues } from '../helpers/reportValues';
import { CARD_BUDGET_BYTES, MESSAGE_BUDGET_BYTES, utf16Bytes } from '../../src/teams/cardBudget';
import { LIMITS } from '../../src/domain/reportValidation';

const WORDS = 'Jeg har sendt en mail med en borgers sag til den forkerte, hvad gør jeg?';
const WITH_CPR = 'Jeg sendte sagen om 010203-1234 til den forkerte borger i går';
const WITH_CPR_MASKED = 'Jeg sendte sagen om 010203-xxxx til den forkerte borger i går';

/** Every Action.Execute in a card, sub-cards («Er det et brud?») included. */
function executeActions(card: any, verb: string): any[] {
  const out: any[] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === 'object') {
      if (n.type === 'Action.Execute' && n.verb === verb) out.push(n);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** What Teams sends for a button: the card's inputs (with what the person left in them) and the button's data. */
function pressed(card: any, action: any): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === 'object') {
      if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string') inputs[n.id] = n.value ?? '';
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return { ...(action.data ?? {}), ...inputs };
}

describe('e2e: words in the 1:1 chat start a report (issue 17, must do 3)', function () {
  this.timeout(60_000);
  let storage: TestStorage;
  let h: Harness;
  const clock = new ControlledClock(new Date('2026-11-23T09:30:00Z'));
  let n = 17_000;
  let u: User;
  const admin = user(17_900, 'Anne Admin');

  const lastSent = (who: User = u) => h.connector.sent(personalConversationId(who)).at(-1);
  async function say(text: string, locale = 'da-DK', who: User = u): Promise<any> {
    const before = h.connector.sent(personalConversationId(who)).length;
    const res = await h.post(message(who, h.connector.url, text, locale));
    assert.equal(res.status, 200);
    const sent = h.connector.sent(personalConversationId(who));
    assert.equal(sent.length, before + 1, 'one answer');
    return sent.at(-1);
  }
  async function run(verb: string, data: Record<string, unknown>, locale = 'da-DK', who: User = u): Promise<any> {
    const res = await h.post(execute(who, h.connector.url, verb, data, locale));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.ok(utf16Bytes(res.body) <= MESSAGE_BUDGET_BYTES, 'the answer within the budget');
    return res.body.value;
  }
  const draftOf = async (who: User = u) => (await h.bot.storage.drafts.get(TENANT, who.aadObjectId))?.value;
  function newUser(): User {
    n += 1;
    const who = user(n);
    h.connector.members.set(personalConversationId(who), [{ id: who.id, aadObjectId: who.aadObjectId, name: who.name, email: who.email }]);
    return who;
  }

  before(async () => {
    storage = await startTestStorage();
    h = await startHarness(testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] }), { clock });
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });
  beforeEach(() => {
    u = newUser();
  });

  it('words → the offer card (nothing stored, nothing sent) → «Anmeld …» → the form with the words, masked → summary → receipt', async () => {
    const offer = cardOf(await say(WITH_CPR));
    const text = cardText(offer);
    assert.match(text, /Vil du anmelde det, du skrev\?/);
    assert.match(text, /Teksten er ikke sendt til nogen/);
    assert.match(text, /ligner et CPR-nummer/, 'told as in the form');
    assert.equal(inputValue(offer, 'whatHappened'), WITH_CPR_MASKED, 'the words on the card, masked');
    assert.doesNotMatch(JSON.stringify(offer), /010203-1234/);
    assert.equal(await draftOf(), undefined, 'nothing is stored before the button');
    const buttons = executeActions(offer, 'report.fromText');
    assert.equal(buttons[0].title, 'Anmeld et brud med denne tekst');
    assert.ok(utf16Bytes(offer) <= CARD_BUDGET_BYTES);

    const form = await run('report.fromText', pressed(offer, buttons[0]));
    assert.ok(actionData(form, 'report.submit'), `the form: ${cardText(form).slice(0, 200)}`);
    assert.equal(inputValue(form, 'whatHappened'), WITH_CPR_MASKED);
    assert.match(cardText(form), /Det, du skrev i chatten, står under «Beskriv hvad der er sket»/);
    assert.match(cardText(form), /ligner et CPR-nummer/);
    assert.equal(inputValue(form, 'reporterName'), u.name, 'prefilled as with «anmeld»');
    assert.equal((await draftOf())?.values.whatHappened, WITH_CPR_MASKED, 'kept in the draft, masked');

    const values = { ...validReportValues(clock.now()) } as Record<string, unknown>;
    delete values.whatHappened;
    const summary = await run('report.submit', { ...pressed(form, { data: actionData(form, 'report.submit') }), ...values });
    assert.match(cardText(summary), /Jeg sendte sagen om 010203-xxxx/);
    const receipt = await run('report.confirm', actionData(summary, 'report.confirm'));
    const number = /BV-2026-\d{4}/.exec(cardText(receipt))?.[0];
    assert.ok(number, cardText(receipt).slice(0, 300));
    const stored = await h.bot.storage.cases.findByNumber(TENANT, number);
    assert.equal(stored?.value.report.whatHappened, WITH_CPR_MASKED);
  });

  it('«Er det et brud?» holds the three questions, and its buttons carry the words too', async () => {
    const offer = cardOf(await say(WORDS));
    const text = cardText(offer);
    assert.match(text, /Er det et brud\?/);
    for (const q of [/1\/3 · Har nogen/, /2\/3 · Er oplysningerne/, /3\/3 · Kan du ikke tilgå/]) assert.match(text, q);
    const buttons = executeActions(offer, 'report.fromText');
    assert.equal(buttons.length, 3, 'the offer, and «Anmeld» after «Ja» and after «Nej»');
    const form = await run('report.fromText', pressed(offer, buttons[1]));
    assert.equal(inputValue(form, 'whatHappened'), WORDS);
  });

  it('words too short to describe anything are offered a plain report, and empty words the hint', async () => {
    const offer = cardOf(await say('hej'));
    assert.equal(findInput(offer, 'whatHappened'), undefined, 'no words carried');
    assert.equal(executeActions(offer, 'report.fromText')[0].title, 'Anmeld et brud');
    const form = await run('report.fromText', pressed(offer, executeActions(offer, 'report.fromText')[0]));
    assert.equal(inputValue(form, 'whatHappened'), '');
    assert.match((await say('<at>Brudvagt</at>')).text, /Det forstod jeg ikke/);
  });

  it('a report in progress is not overwritten: the words are added below its own description, once, and it says so', async () => {
    await say('anmeld');
    const first = cardOf(lastSent());
    const own = 'Min egen beskrivelse af bruddet, skrevet i formularen.';
    // Half filled: kept in the draft with its errors.
    const rejected = await run('report.submit', { ...actionData(first, 'report.submit'), whatHappened: own });
    assert.equal(inputValue(rejected, 'whatHappened'), own);

    const offer = cardOf(await say(WORDS));
    const press = pressed(offer, executeActions(offer, 'report.fromText')[0]);
    const form = await run('report.fromText', press);
    assert.equal(inputValue(form, 'whatHappened'), `${own}\n\n${WORDS}`);
    assert.match(cardText(form), /allerede en anmeldelse i gang, og den er ikke overskrevet/);
    assert.equal((await draftOf())?.values.whatHappened, `${own}\n\n${WORDS}`);

    const again = await run('report.fromText', press);
    assert.equal(inputValue(again, 'whatHappened'), `${own}\n\n${WORDS}`, 'a second press adds nothing');
    assert.match(cardText(again), /står allerede i den/);
  });

  it('a report in progress with no description yet continues, with the words as its description', async () => {
    await say('anmeld');
    const draftId = (await draftOf())?.draftId;
    const offer = cardOf(await say(WORDS));
    const form = await run('report.fromText', pressed(offer, executeActions(offer, 'report.fromText')[0]));
    assert.equal(inputValue(form, 'whatHappened'), WORDS);
    assert.match(cardText(form), /fortsætte, hvor du slap.*står under «Beskriv hvad der er sket»/s);
    assert.equal((await draftOf())?.draftId, draftId, 'the same draft');
  });

  it('a summary waiting for «Send» is not overwritten either: words with no room are left out, with a word why', async () => {
    await say('anmeld');
    const form = cardOf(lastSent());
    const own = `${'Lang beskrivelse. '.repeat(220)}slut`.slice(0, LIMITS.whatHappened);
    const summary = await run('report.submit', { ...actionData(form, 'report.submit'), ...validReportValues(clock.now()), whatHappened: own });
    assert.ok(actionData(summary, 'report.confirm'), cardText(summary).slice(0, 300));
    const offer = cardOf(await say(WORDS));
    const after = await run('report.fromText', pressed(offer, executeActions(offer, 'report.fromText')[0]));
    assert.ok(actionData(after, 'report.confirm'), 'still the summary');
    assert.match(cardText(after), /er ikke tilføjet, fordi beskrivelsen så ville blive længere end 4000 tegn/);
    assert.equal((await draftOf())?.values.whatHappened, own.trim());
  });

  it('words longer than the field are cut to it near a word, said so, and every card stays within the budget', async () => {
    const long = `${'Borgerens brev gik til den forkerte modtager «æøå». '.repeat(160)}`;
    assert.ok(long.length > 8000);
    const sent = await say(long);
    assert.ok(utf16Bytes(sent) <= MESSAGE_BUDGET_BYTES);
    const offer = cardOf(sent);
    assert.ok(utf16Bytes(offer) <= CARD_BUDGET_BYTES);
    const carried = inputValue(offer, 'whatHappened') as string;
    assert.ok(carried.length <= LIMITS.whatHappened && carried.length > LIMITS.whatHappened - 200, `${carried.length}`);
    assert.match(cardText(offer), /længere end 4000 tegn/);
    const form = await run('report.fromText', pressed(offer, executeActions(offer, 'report.fromText')[0]));
    assert.equal(inputValue(form, 'whatHappened'), carried);
    assert.ok(utf16Bytes(form) <= CARD_BUDGET_BYTES);
  });

  it('«anmled» → «Mente du «anmeld»?» whose button gives the form; «mine sagr» → «mine sager»', async () => {
    const question = cardOf(await say('anmled'));
    assert.match(cardText(question), /Mente du «anmeld»\?/);
    assert.equal(await draftOf(), undefined);
    const button = executeActions(question, 'command.run')[0];
    assert.equal(button.title, 'anmeld');
    const form = await run('command.run', pressed(question, button));
    assert.ok(findInput(form, 'whatHappened'), 'the report form');
    assert.ok((await draftOf())?.draftId);

    const mine = cardOf(await say('mine sagr'));
    assert.match(cardText(mine), /Mente du «mine sager»\?/);
    const list = await run('command.run', pressed(mine, executeActions(mine, 'command.run')[0]));
    assert.match(cardText(list), /Dine anmeldelser/);

    const cancel = cardOf(await say('annuler'));
    assert.match(await run('command.run', pressed(cancel, executeActions(cancel, 'command.run')[0])), /kasseret/);
    assert.ok((await draftOf())?.cancelledAt, 'the draft is discarded');
  });

  it('speaks English when the Teams locale is English', async () => {
    const offer = cardOf(await say('I sent an email about a citizen to the wrong person, what do I do?', 'en-US'));
    const text = cardText(offer);
    assert.match(text, /Do you want to report what you wrote\?/);
    assert.match(text, /has not been sent to anyone/);
    assert.match(text, /Is it a breach\?/);
    assert.equal(executeActions(offer, 'report.fromText')[0].title, 'Report a breach with this text');
    const form = await run('report.fromText', pressed(offer, executeActions(offer, 'report.fromText')[0]), 'en-US');
    assert.match(cardText(form), /What you wrote in the chat is under "Describe what happened"/);
    assert.match(cardText(form), /Report a personal-data breach/);

    const question = cardOf(await say('cancle', 'en-US'));
    assert.match(cardText(question), /Did you mean "cancel"\?/);
    assert.match(await run('command.run', pressed(question, executeActions(question, 'command.run')[0]), 'en-US'), /discarded/);
  });

  it('while an incident is active the words go through the known-incident question into whichever form follows', async () => {
    const coord = user(17_901, 'Karin Koordinator');
    const central = teamChannel(1790, 'Sikkerhedsgruppen');
    const school = teamChannel(1791, 'Skoleområdet');
    h.connector.members.set(central.teamId, [{ id: admin.id, aadObjectId: admin.aadObjectId, name: admin.name, email: admin.email }]);
    h.connector.members.set(school.teamId, [{ id: coord.id, aadObjectId: coord.aadObjectId, name: coord.name, email: coord.email }]);
    for (const [ch, text] of [
      [central, 'tilmeld central'],
      [school, 'tilmeld Skoler'],
    ] as const) {
      assert.equal((await h.post(channelMessage(admin, h.connector.url, ch, text))).status, 200);
    }
    const first = newUser();
    await say('anmeld', 'da-DK', first);
    const firstForm = cardOf(lastSent(first));
    const summary = await run('report.submit', { ...actionData(firstForm, 'report.submit'), ...validReportValues(clock.now()), unitIds: 'skoler' }, 'da-DK', first);
    const number = /BV-2026-\d{4}/.exec(cardText(await run('report.confirm', actionData(summary, 'report.confirm'), 'da-DK', first)))![0];
    const incident = (await h.bot.storage.cases.findByNumber(TENANT, number))!.value;
    const post = incident.posts.find((p) => p.channel.channelId === school.channelId)!;
    const declared = await h.post(
      channelExecute(coord, h.connector.url, school, post.threadId ?? school.channelId, 'case.declareIncident', { caseId: incident.id, rev: String(incident.work.timeline.length), incidentTitle: 'Mails til forkerte borgere' }, post.activityId ?? 'x'),
    );
    assert.equal(declared.status, 200);

    const offer = cardOf(await say(WORDS));
    const question = await run('report.fromText', pressed(offer, executeActions(offer, 'report.fromText')[0]));
    assert.match(cardText(question), /Er det om: «Mails til forkerte borgere»\?/, 'the question first, as with «anmeld»');
    assert.match(cardText(question), /står under «Beskriv hvad der er sket»/);
    const short = await run('report.tie', actionData(question, 'report.tie'));
    assert.equal(inputValue(short, 'whatHappened'), WORDS, 'the words in the short form');
    const full = await run('report.untied', pressed(short, { data: actionData(short, 'report.untied') }));
    assert.equal(inputValue(full, 'whatHappened'), WORDS, 'and in the full form');
  });
});
