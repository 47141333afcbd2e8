/**
 * Issue 16, finding 7 and "Must do" 5: every card within Teams' limits. Through the real endpoint with
 * Teams-shaped activities, real Table Storage (Azurite) and the fake Bot Connector, which refuses an
 * activity over Teams' limit with 413 as Teams does: every form is filled to the length it allows (the
 * report form, the short form of a tied report, every coordinator form, notes many times, a known
 * incident with many linked reports from many units, a close with every feedback text, a reopen), and
 * every activity the connector took and every invoke answer is measured against the one budget
 * (src/teams/cardBudget.ts: 40 KB counted as UTF-16). Every card carries a version, and what a card
 * had to shorten is still there in full behind «Vis hele sagen».
 */
import { strict as assert } from 'node:assert';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { TENANT, channelExecute, channelMessage, execute, message, personalConversationId, teamChannel, user, type TeamChannel, type User } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { actionData, cardOf, cardText, findInput, inputValue } from '../helpers/cardQueries';
import { FakeConnector } from '../helpers/fakeConnector';
import { LIMITS } from '../../src/domain/reportValidation';
import { WORK_LIMITS } from '../../src/domain/caseWork';
import { UNIT_NAME_MAX } from '../../src/domain/unit';
import type { BreachCase } from '../../src/domain/case';
import { CARD_BUDGET_BYTES, formatKb, MESSAGE_BUDGET_BYTES, TEAMS_MESSAGE_LIMIT_BYTES, utf16Bytes } from '../../src/teams/cardBudget';

/** Danish text with what costs the most in JSON and on a card: æøå, quotes, newlines, markdown brackets. */
const PHRASE = 'Æblegrød «citat» og "anførsel" – rødgrød [med] fløde <b> ved åen.\nNy linje: øst for søen, hvor ælling og bæver bor. ';
/** Exactly `n` characters, starting with `tag`, ending in a letter (the gate trims). */
function longText(n: number, tag: string): string {
  let out = `${tag}: `;
  while (out.length < n) out += PHRASE;
  return `${out.slice(0, n - 1)}x`;
}
/** The same, on one line (names, titles, single-line inputs). */
const longLine = (n: number, tag: string) => longText(n, tag).replace(/\n/g, ' ');

interface Measured {
  what: string;
  bytes: number;
}

describe('e2e: every card within Teams\' limits (issue 16, finding 7)', function () {
  this.timeout(600_000);
  let storage: TestStorage;
  let h: Harness;
  const clock = new ControlledClock(new Date('2026-11-23T09:00:00Z'));
  const admin = user(7000, 'Anne Admin');
  const dpo = user(7001, 'Dorte DPO');
  const coord = user(7002, longLine(100, 'Koordinator'));
  const central = teamChannel(70, 'Sikkerhedsgruppen');
  const UNIT_COUNT = 10;
  const units: TeamChannel[] = Array.from({ length: UNIT_COUNT }, (_, i) => teamChannel(71 + i, `Team ${i + 1}`));
  const unitNames = units.map((_, i) => longLine(UNIT_NAME_MAX, `U${i + 1} Center for Børn, Unge og Familier`));
  let unitIds: string[] = [];
  let seq = 7100;
  const invokes: Measured[] = [];
  /** Every card on its own (the renderers hold each to CARD_BUDGET_BYTES, leaving room for the activity around it). */
  const cards: Measured[] = [];
  const versionless: string[] = [];
  let incidentId = '';
  let incidentNumber = '';
  const linkedNumbers: string[] = [];
  const reporters: User[] = [];

  const stored = async (id: string): Promise<BreachCase> => (await h.bot.storage.cases.get(TENANT, id))!.value;
  const byNumber = async (number: string): Promise<BreachCase> => (await h.bot.storage.cases.findByNumber(TENANT, number))!.value;

  function checkVersion(card: any, where: string): void {
    if (card && typeof card === 'object' && card.type === 'AdaptiveCard' && (typeof card.version !== 'string' || card.version === '')) versionless.push(where);
  }

  /** Every request to the bot goes through here: an invoke's answer is measured (it is the HTTP response, never sent through the connector). */
  async function send(activity: any, what: string): Promise<any> {
    const res = await h.post(activity);
    assert.equal(res.status, 200, `${what}: HTTP ${res.status}`);
    if (activity.type === 'invoke') {
      invokes.push({ what, bytes: utf16Bytes(res.body ?? '') });
      if (res.body?.value?.type === 'AdaptiveCard') cards.push({ what: `invoke answer: ${what}`, bytes: utf16Bytes(res.body.value) });
      checkVersion(res.body?.value, `invoke answer: ${what}`);
    }
    return res.body;
  }

  function newReporter(name = longLine(LIMITS.name, `Reporter ${seq}`)): User {
    const r = user(seq++, name);
    h.connector.members.set(personalConversationId(r), [{ id: r.id, aadObjectId: r.aadObjectId, name: r.name, email: r.email }]);
    reporters.push(r);
    return r;
  }
  const lastCard = (u: User) => cardOf(h.connector.sent(personalConversationId(u)).at(-1));

  /** Every field of the report form at the length it allows, every data kind, every breach type. */
  const fullValues = (chosen: string[]) => ({
    reporterName: longLine(LIMITS.name, 'Navn'),
    reporterEmail: `${'r'.repeat(LIMITS.email - '@kommune.example'.length)}@kommune.example`,
    reporterPhone: '+45 (12) 34 56 78 (90) 12 34 5',
    reporterTitle: longLine(LIMITS.shortText, 'Titel'),
    reporterDepartment: longLine(LIMITS.shortText, 'Afdeling'),
    reporterCenter: longLine(LIMITS.shortText, 'Center'),
    unitIds: chosen.join(','),
    breachTypes: 'confidentiality,integrity,availability',
    breachExample: 'wrong_recipient',
    whatHappened: longText(LIMITS.whatHappened, 'Hvad skete der'),
    dataKinds: 'names,cpr,health,addresses,financial,children,other',
    dataKindsOther: longLine(LIMITS.dataKindsOther, 'Andet'),
    personsAffected: String(LIMITS.persons),
    howHappened: longText(LIMITS.howHappened, 'Hvordan'),
    discoveredDate: '2026-11-23',
    discoveredTime: '08:30',
    ongoing: 'ongoing',
    system: longLine(LIMITS.system, 'System'),
    supplierInvolved: 'yes',
    supplierName: longLine(LIMITS.system, 'Leverandør'),
    supplierNotifiedDate: '2026-11-23',
    supplierNotifiedTime: '08:40',
  });

  async function act(u: User, ch: TeamChannel, caseId: string, verb: string, data: Record<string, unknown> = {}) {
    const c = await stored(caseId);
    const post = c.posts.find((p) => p.channel.channelId === ch.channelId) ?? c.posts[0];
    const body = await send(
      channelExecute(u, h.connector.url, ch, post?.threadId ?? ch.channelId, verb, { caseId, rev: String(c.work.timeline.length), ...data }, post?.activityId ?? 'x'),
      `${verb} on ${c.number}`,
    );
    return body.value;
  }
  const ok = (card: any, what: string) => assert.doesNotMatch(cardText(card).split('\n').slice(0, 3).join(' '), /Ikke gemt/, `${what}: ${cardText(card).slice(0, 400)}`);

  /** The full form: anmeld (or «Nej, det er noget andet»), submit, confirm → the case number. */
  async function fullReport(r: User, chosen: string[]): Promise<string> {
    await send(message(r, h.connector.url, 'anmeld'), 'anmeld');
    let form = lastCard(r);
    if (!actionData(form, 'report.submit')) form = (await send(execute(r, h.connector.url, 'report.untied', actionData(form, 'report.untied')), 'report.untied')).value;
    const summary = (await send(execute(r, h.connector.url, 'report.submit', { ...actionData(form, 'report.submit'), ...fullValues(chosen) }), 'report.submit (every field at its limit)')).value;
    assert.ok(actionData(summary, 'report.confirm'), cardText(summary).slice(0, 400));
    const receipt = (await send(execute(r, h.connector.url, 'report.confirm', actionData(summary, 'report.confirm')), 'report.confirm')).value;
    const number = /BV-2026-\d{4}/.exec(cardText(receipt))?.[0];
    assert.ok(number, cardText(receipt).slice(0, 300));
    return number;
  }

  before(async () => {
    storage = await startTestStorage();
    h = await startHarness(testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] }), { clock });
    const member = (u: User) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email });
    h.connector.members.set(central.teamId, [member(admin), member(dpo)]);
    for (const ch of units) h.connector.members.set(ch.teamId, [member(coord), member(admin)]);
    assert.equal((await h.post(channelMessage(admin, h.connector.url, central, 'tilmeld central'))).status, 200);
    for (const [i, ch] of units.entries()) assert.equal((await h.post(channelMessage(admin, h.connector.url, ch, `tilmeld ${unitNames[i]}`))).status, 200);
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });

  it('the fake connector refuses what Teams refuses: 413 MessageSizeTooBig above its limit, and records the size of what it took', async () => {
    const fake = await new FakeConnector().start();
    const small = await new FakeConnector({ messageLimitBytes: 2_000 }).start();
    try {
      assert.equal(fake.messageLimitBytes, TEAMS_MESSAGE_LIMIT_BYTES);
      const activity = (chars: number) => ({ type: 'message', text: 'a'.repeat(chars) });
      const postTo = (c: FakeConnector, path: string, body: unknown, method = 'POST') =>
        fetch(`${c.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      // Teams counts UTF-16, two bytes a character: 51,200 characters are over 100 KB though their UTF-8 is half that.
      const over = activity(TEAMS_MESSAGE_LIMIT_BYTES / 2);
      assert.ok(utf16Bytes(over) > TEAMS_MESSAGE_LIMIT_BYTES && Buffer.byteLength(JSON.stringify(over)) < TEAMS_MESSAGE_LIMIT_BYTES);
      for (const [path, body, method] of [
        ['v3/conversations/19:c@thread.tacv2/activities', over, 'POST'],
        ['v3/conversations/19:c@thread.tacv2;messageid=1/activities/1', over, 'PUT'],
        ['v3/conversations', { isGroup: true, channelData: { channel: { id: '19:c@thread.tacv2' } }, activity: over }, 'POST'],
      ] as const) {
        const res = await postTo(fake, path, body, method);
        assert.equal(res.status, 413, `${method} ${path}`);
        assert.equal(((await res.json()) as any).error.code, 'MessageSizeTooBig');
      }
      assert.equal(fake.tooLarge().length, 3);
      assert.equal(fake.acceptedActivities().length, 0, 'nothing was created');
      const fits = activity(1_000);
      assert.equal((await postTo(fake, 'v3/conversations/19:c@thread.tacv2/activities', fits)).status, 200);
      assert.deepEqual(fake.acceptedActivities().map((a) => a.bytes), [utf16Bytes(fits)]);
      assert.equal(fake.maxAcceptedBytes(), utf16Bytes(fits));
      // The limit is the test's to set.
      assert.equal((await postTo(small, 'v3/conversations/19:c@thread.tacv2/activities', fits)).status, 413);
      assert.equal((await postTo(small, 'v3/conversations/19:c@thread.tacv2/activities', activity(100))).status, 200);
    } finally {
      await fake.stop();
      await small.stop();
    }
  });

  it('a report with every field at its limit: the form, its errors, the summary, the receipt and the case cards in every unit', async () => {
    const r = newReporter();
    await send(message(r, h.connector.url, 'anmeld'), 'anmeld');
    const form = lastCard(r);
    unitIds = (findInput(form, 'unitIds')?.choices ?? []).map((c: any) => c.value).filter((v: string) => v !== '_central');
    assert.equal(unitIds.length, UNIT_COUNT, 'every unit offered');
    // The form comes back with its errors and every value kept, also values over the form's limits.
    const tooLong = { ...fullValues(unitIds.slice(0, 3)), reporterEmail: 'ikke en mail', whatHappened: longText(LIMITS.whatHappened + 1, 'For lang') };
    const back = (await send(execute(r, h.connector.url, 'report.submit', { ...actionData(form, 'report.submit'), ...tooLong }), 'report.submit with errors')).value;
    assert.ok(actionData(back, 'report.submit'), 'the form again');
    // A hostile client sends every field at the gate's limit (8,000 characters), far over the form's.
    const hostile = Object.fromEntries(Object.keys(tooLong).map((k) => [k, longLine(8000, k)]));
    await send(execute(r, h.connector.url, 'report.submit', { ...actionData(form, 'report.submit'), ...hostile }), 'report.submit, every field 8,000 characters');

    const number = await fullReport(r, unitIds.slice(0, 3));
    const c = await byNumber(number);
    incidentId = c.id;
    incidentNumber = number;
    assert.equal(c.report.whatHappened.length, LIMITS.whatHappened);
    assert.equal(c.posts.length, 3, 'a card in each chosen unit');
    // Every unit chosen: the summary lists them all, and the case has a card in every unit channel.
    const everywhere = await byNumber(await fullReport(newReporter(), unitIds));
    assert.equal(everywhere.posts.length, UNIT_COUNT);
    assert.equal(h.connector.tooLarge().length, 0);
  });

  it('every coordinator form at its limit, notes many times, a known incident: every answer and card update', async () => {
    const [ch] = units;
    clock.advance(2 * 3_600_000);
    const steps: [string, Record<string, unknown>][] = [
      ['case.acknowledge', {}],
      ['case.setAware', { awareDate: '2026-11-23', awareTime: '08:45', awareReason: longText(WORK_LIMITS.reason, 'Bevidst') }],
      ['case.setStopped', { stopped: 'yes', stopHow: longText(WORK_LIMITS.stopHow, 'Stoppet') }],
      [
        'case.assess',
        {
          risk: 'high', decision: 'notify', justification: longText(WORK_LIMITS.justification, 'Begrundelse'),
          dpcBase: '4', dpcAdjust: '1', ei: '1', confidentiality: '0.5', integrity: '0.5', availability: '0.5', malicious: 'true',
        },
      ],
      ['case.recordAuthorityNotification', { notifiedDate: '2026-11-23', notifiedTime: '09:30', reference: longLine(WORK_LIMITS.reference, 'Ref'), kind: 'initial', followUpPending: 'true', delayReason: longText(WORK_LIMITS.delayReason, 'Forsinkelse') }],
      ['case.recordAuthorityNotification', { notifiedDate: '2026-11-23', notifiedTime: '10:00', reference: longLine(WORK_LIMITS.reference, 'Ref2'), kind: 'follow_up', followUpPending: 'false', delayReason: longText(WORK_LIMITS.delayReason, 'Opfølgning') }],
      ['case.recordPersonsNotified', { personsNotifiedDate: '2026-11-23', personsNotifiedTime: '10:15', personsHow: longText(WORK_LIMITS.how, 'Hvordan underrettet'), personsCount: String(WORK_LIMITS.persons) }],
      ['case.journalize', { sbsysJournalNo: `00.01.00-G01-${'1'.repeat(WORK_LIMITS.journalNo - 13)}` }],
      ['case.declareIncident', { incidentTitle: longLine(WORK_LIMITS.incidentTitle, 'Nexus nede') }],
    ];
    for (const [verb, data] of steps) ok(await act(coord, ch, incidentId, verb, data), verb);
    for (let i = 1; i <= 15; i++) ok(await act(coord, ch, incidentId, 'case.addNote', { note: longText(WORK_LIMITS.note, `Note ${i}`) }), `note ${i}`);
    const c = await stored(incidentId);
    assert.equal(c.work.notes.length, 15);
    assert.equal(c.work.notes[0].text.length, WORK_LIMITS.note);
    // The central channel opens it too (the DPO's view).
    await act(dpo, central, incidentId, 'case.show');
  });

  it('many reports tied to the incident from every unit, and a full report linked to it: the incident panel and the short form', async () => {
    for (let i = 0; i < 16; i++) {
      const r = newReporter();
      await send(message(r, h.connector.url, 'anmeld'), 'anmeld (incident question)');
      const question = lastCard(r);
      const form = (await send(execute(r, h.connector.url, 'report.tie', actionData(question, 'report.tie')), 'report.tie')).value;
      const data = { ...actionData(form, 'report.tied.submit'), discoveredDate: '2026-11-23', discoveredTime: '09:00', unitIds: unitIds[i % UNIT_COUNT] };
      // First with an error beside its field (and the long text kept), then as it should be.
      const back = (await send(execute(r, h.connector.url, 'report.tied.submit', { ...data, whatHappened: longText(LIMITS.whatHappened + 1, 'For lang') }), 'report.tied.submit with errors')).value;
      const again = { ...data, ...actionData(back, 'report.tied.submit') };
      const receipt = (await send(execute(r, h.connector.url, 'report.tied.submit', { ...again, whatHappened: longText(LIMITS.whatHappened, `Tied ${i}`) }), 'report.tied.submit')).value;
      const number = /BV-2026-\d{4}/.exec(cardText(receipt))?.[0];
      assert.ok(number, cardText(receipt).slice(0, 300));
      linkedNumbers.push(number);
    }
    clock.advance(25_000);
    await h.bot.sweep(clock.now());
    await h.bot.idle();

    // A full report of its own, linked on its card.
    const own = newReporter();
    // In a unit that also has the incident: a case may be linked only to one its team may open.
    const ownNumber = await fullReport(own, [unitIds[0], ...unitIds.slice(3, 5)]);
    const ownCase = await byNumber(ownNumber);
    ok(await act(coord, units[0], ownCase.id, 'case.link', { linkTo: incidentNumber }), 'link');
    linkedNumbers.push(ownNumber);
    clock.advance(25_000);
    await h.bot.sweep(clock.now());
    await h.bot.idle();
    assert.equal((await stored(incidentId)).linkedFrom.length, 17);
  });

  it('a rejected command keeps what was typed, also values over the card\'s limits', async () => {
    const [ch] = units;
    const typed = {
      risk: 'high', decision: 'notify', justification: longText(WORK_LIMITS.justification + 1, 'For lang begrundelse'),
    };
    const refused = await act(coord, ch, incidentId, 'case.assess', typed);
    assert.match(cardText(refused), /Ikke gemt/);
    // What was typed comes back whole (up to what the field can send), or, on a card that had to leave it
    // out, the form says so: never a text cut short that a second «Gem» would store.
    const kept = inputValue(refused, 'justification') as string;
    assert.ok(kept === typed.justification.slice(0, WORK_LIMITS.justification) || kept === typed.justification || (kept === '' && /for lang til kortet|Lange tekster/.test(cardText(refused))), kept.slice(0, 80));
    // «Beregn forslag» (issue 17) with other ENISA inputs and the longest justification: the proposal card is measured too.
    const lowInputs = { dpcBase: '1', dpcAdjust: '0', ei: '0.5', confidentiality: '0', integrity: '0', availability: '0', malicious: 'false' };
    const proposed = await act(coord, ch, incidentId, 'case.proposeAssessment', { ...lowInputs, justification: longText(WORK_LIMITS.justification, 'Forslag') });
    assert.match(cardText(proposed), /Forslag: lav \(0,5\)/);
    const proposedKept = inputValue(proposed, 'justification') as string;
    assert.ok(proposedKept.length === WORK_LIMITS.justification || (proposedKept === '' && /for lang til kortet|Lange tekster/.test(cardText(proposed))), proposedKept.slice(0, 80));
    // Every input of the card at the gate's limit (8,000 characters): the card comes back with the error.
    const hostile = Object.fromEntries(
      ['justification', 'awareReason', 'stopHow', 'delayReason', 'personsHow', 'exemptionExplanation', 'note', 'lessonsLearned', 'feedbackDone', 'feedbackPrevention', 'feedbackAuthority', 'feedbackDpo', 'feedbackPersons', 'closeReason', 'reopenReason', 'reference', 'incidentTitle', 'linkTo', 'handOverTo', 'sbsysJournalNo', 'risk', 'decision']
        .map((k) => [k, longLine(8000, k)]),
    );
    await act(coord, ch, incidentId, 'case.assess', hostile);
    await act(coord, ch, incidentId, 'case.close', hostile);
  });

  it('closing with every feedback text at its limit tells every linked reporter; reopening and closing again', async () => {
    const [ch] = units;
    const closing = {
      lessonsLearned: longText(WORK_LIMITS.lessons, 'Læring'),
      feedbackDone: longText(WORK_LIMITS.feedback, 'Gjort'),
      feedbackPrevention: longText(WORK_LIMITS.feedback, 'Forebyggelse'),
      feedbackAuthority: longText(WORK_LIMITS.feedback, 'Datatilsynet'),
      feedbackDpo: longText(WORK_LIMITS.feedback, 'DPO'),
      feedbackPersons: longText(WORK_LIMITS.feedback, 'Registrerede'),
    };
    // The DPO is not informed: the close needs a reason, refused first with every text kept.
    await act(coord, ch, incidentId, 'case.close', closing);
    ok(await act(coord, ch, incidentId, 'case.close', { ...closing, closeReason: longText(WORK_LIMITS.closeReason, 'Lukket alligevel') }), 'close');
    await h.bot.idle();
    assert.equal((await stored(incidentId)).status, 'closed');
    ok(await act(coord, ch, incidentId, 'case.reopen', { reopenReason: longText(WORK_LIMITS.reason, 'Genåbnet') }), 'reopen');
    // Open again: the close form is prefilled with every stored text.
    await act(coord, ch, incidentId, 'case.show');
    ok(await act(coord, ch, incidentId, 'case.close', { ...closing, closeReason: longText(WORK_LIMITS.closeReason, 'Lukket igen') }), 'close again');
    await h.bot.idle();
  });

  it('the register, statistics, audit log and «mine sager» of the same cases', async () => {
    await send(channelMessage(dpo, h.connector.url, central, 'sager'), 'sager');
    await send(channelMessage(dpo, h.connector.url, central, 'statistik'), 'statistik');
    await send(channelMessage(dpo, h.connector.url, central, `log ${incidentNumber}`), 'log');
    await send(message(reporters[0], h.connector.url, 'mine sager'), 'mine sager');
    await h.bot.idle();
  });

  it('every activity the connector took and every invoke answer is within the budget, and every card has a version', () => {
    const accepted = h.connector.acceptedActivities();
    for (const a of accepted) {
      for (const att of a.call.body?.attachments ?? a.call.body?.activity?.attachments ?? []) {
        checkVersion(att.content, `${a.call.method} ${a.call.path}`);
        if (att.content?.type === 'AdaptiveCard') cards.push({ what: `${a.call.method} ${a.call.path}`, bytes: utf16Bytes(att.content) });
      }
    }
    const largest = [...accepted].sort((a, b) => b.bytes - a.bytes)[0];
    const largestInvoke = [...invokes].sort((a, b) => b.bytes - a.bytes)[0];
    process.stdout.write(
      `      card budget: ${accepted.length} activities taken, largest ${formatKb(largest.bytes)} (${largest.call.method} ${largest.call.path.slice(0, 40)}); ` +
        `${invokes.length} invoke answers, largest ${formatKb(largestInvoke.bytes)} (${largestInvoke.what}); ` +
        `largest card ${formatKb(Math.max(...cards.map((c) => c.bytes)))}; budget ${formatKb(MESSAGE_BUDGET_BYTES)}, card budget ${formatKb(CARD_BUDGET_BYTES)}\n`,
    );
    assert.deepEqual(h.connector.tooLarge().map((c) => `${c.method} ${c.path}: ${formatKb(c.bytes ?? 0)}`), [], 'Teams would have refused these');
    const over = accepted.filter((a) => a.bytes > MESSAGE_BUDGET_BYTES).map((a) => `${a.call.method} ${a.call.path}: ${formatKb(a.bytes)}`);
    assert.deepEqual(over, [], 'activities over the budget');
    assert.deepEqual(invokes.filter((i) => i.bytes > MESSAGE_BUDGET_BYTES).map((i) => `${i.what}: ${formatKb(i.bytes)}`), [], 'invoke answers over the budget');
    assert.deepEqual(versionless, [], 'cards without a version');
    assert.deepEqual(cards.filter((c) => c.bytes > CARD_BUDGET_BYTES).map((c) => `${c.what}: ${formatKb(c.bytes)}`), [], 'cards over the card budget');
  });

  it('what the card shortened is there in full behind «Vis hele sagen»: every note, text, timeline entry and linked report', async () => {
    const [ch] = units;
    const c = await stored(incidentId);
    const card = await act(coord, ch, incidentId, 'case.show');
    const show = actionData(card, 'case.show');
    assert.ok(show, '«Vis hele sagen» on the case card');
    const parts: any[] = [];
    let data: any = show;
    for (let i = 0; i < 40 && data; i++) {
      const part = await act(coord, ch, incidentId, 'case.show', data);
      parts.push(part);
      const next = String(parts.length + 1);
      data = walkExecutes(part).find((a) => a.verb === 'case.show' && a.data?.part === next)?.data;
    }
    assert.ok(parts.length > 1, 'the record is split into parts');
    assert.ok(!walkExecutes(parts.at(-1)).some((a) => a.verb === 'case.show' && a.data?.part === String(parts.length + 1)), 'the last part has no «next»');
    const whole = parts.map((p) => cardText(p)).join('\n').replace(/\u200B/g, '');
    const expected = [
      ...c.work.notes.map((n) => n.text),
      c.report.whatHappened,
      c.report.howHappened,
      c.work.assessment!.justification,
      c.work.stopHow!,
      c.work.awareReason!,
      ...c.work.authorityNotifications.map((n) => n.delayReason!),
      c.work.lessonsLearned!,
      ...Object.values(c.work.feedback!),
      c.work.closedAnyway!.reason,
      ...c.linkedFrom.map((l) => l.number),
      ...c.linkedFrom.map((l) => l.reporterName),
    ];
    for (const text of expected) assert.ok(whole.includes(text), `not in the full record: ${text.slice(0, 60)}…`);
    assert.equal(c.work.timeline.length > 20, true);
    for (const part of parts) {
      assert.ok(utf16Bytes(part) <= MESSAGE_BUDGET_BYTES, `a part of ${formatKb(utf16Bytes(part))}`);
      assert.equal(typeof part.version, 'string');
    }
    // «Tilbage til sagen» gives the case card again.
    const back = walkExecutes(parts[0]).find((a) => a.verb === 'case.show' && !a.data?.part);
    assert.ok(back, '«Tilbage til sagen»');
    const again = await act(coord, ch, incidentId, 'case.show', back.data);
    assert.ok(actionData(again, 'case.reopen') || actionData(again, 'case.addNote'), 'the case card');
    assert.deepEqual(invokes.filter((i) => i.bytes > MESSAGE_BUDGET_BYTES).map((i) => `${i.what}: ${formatKb(i.bytes)}`), []);
  });
});

function walkExecutes(card: any): any[] {
  const out: any[] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === 'object') {
      if (n.type === 'Action.Execute') out.push(n);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return out;
}
