/**
 * Issue 17, finding 4 / must do 4: the bot proposes, the coordinator decides. Through the real endpoint,
 * a real Azurite and the fake Bot Connector: the ENISA inputs given without a decision bring the card
 * back with the score, the band and the proposal, risk and decision preselected and every typed value
 * kept, and nothing saved (an audit row says a proposal was shown); «Beregn forslag» does the same;
 * saving the card as it came back stores the decision with the ENISA result.
 */
import { strict as assert } from 'node:assert';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { TENANT, channelExecute, channelMessage, execute, message, personalConversationId, teamChannel, user, type TeamChannel, type User } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { actionData, cardText as texts, findInput, inputValue } from '../helpers/cardQueries';
import type { BreachCase } from '../../src/domain/case';

/** 3 × 1 + 0.25 = 3.25: high. */
const HIGH = { dpcBase: '3', dpcAdjust: '0', ei: '1', confidentiality: '0.25', integrity: '0', availability: '0', malicious: 'false' };
/** 1 × 0.5 = 0.5: low. */
const LOW = { dpcBase: '1', dpcAdjust: '0', ei: '0.5', confidentiality: '0', integrity: '0', availability: '0', malicious: 'false' };
const ASSESS_INPUTS = ['risk', 'dpcBase', 'dpcAdjust', 'ei', 'confidentiality', 'integrity', 'availability', 'malicious', 'decision', 'justification'];

/** What Teams sends with a button: the button's data and the value of every input on the card. */
function submitted(card: any, verb: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === 'object') {
      if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string') values[n.id] = n.value ?? '';
      Object.values(n).forEach(walk);
    }
  };
  walk(card.body);
  return { ...values, ...actionData(card, verb) };
}

describe('e2e: the ENISA proposal before the decision (issue 17, finding 4)', function () {
  this.timeout(180_000);
  let storage: TestStorage;
  let h: Harness;
  const clock = new ControlledClock(new Date('2026-11-23T09:00:00Z'));
  const admin = user(7400, 'Anne Admin');
  const frida = user(7401, 'Frida Skolekoordinator');
  const central = teamChannel(74, 'Sikkerhedsgruppen');
  const skoler = teamChannel(75, 'Skoler');
  let seq = 7410;

  const stored = async (id: string): Promise<BreachCase> => (await h.bot.storage.cases.get(TENANT, id))!.value;
  const lastCard = (u: User) => h.connector.sent(personalConversationId(u)).at(-1)?.attachments?.[0]?.content;
  const auditOf = async (id: string) => (await h.bot.storage.audit.listForCase(TENANT, id)).map((a) => [a.action, a.outcome, a.detail ?? '']);

  async function report(): Promise<BreachCase> {
    const r = user(seq++, `Rita Reporter ${seq}`);
    h.connector.members.set(personalConversationId(r), [{ id: r.id, aadObjectId: r.aadObjectId, name: r.name, email: r.email }]);
    await h.post(message(r, h.connector.url, 'anmeld'));
    const form = lastCard(r);
    const values = {
      reporterName: r.name, reporterEmail: r.email, reporterTitle: 'Sagsbehandler', reporterDepartment: 'Afdelingen', unitIds: 'skoler',
      breachTypes: 'confidentiality', whatHappened: 'Et brev med helbredsoplysninger er sendt til en forkert forælder.', dataKinds: 'health', personsAffected: '1',
      discoveredDate: '2026-11-23', discoveredTime: '08:30', ongoing: 'stopped', supplierInvolved: 'no',
    };
    const summary = (await h.post(execute(r, h.connector.url, 'report.submit', { ...actionData(form, 'report.submit'), ...values }))).body.value;
    const receipt = (await h.post(execute(r, h.connector.url, 'report.confirm', actionData(summary, 'report.confirm')))).body.value;
    const number = /BV-2026-\d{4}/.exec(texts(receipt))?.[0];
    assert.ok(number, texts(summary).slice(0, 300));
    return (await h.bot.storage.cases.findByNumber(TENANT, number))!.value;
  }

  async function act(u: User, ch: TeamChannel, caseId: string, verb: string, data: Record<string, unknown> = {}, locale = 'da-DK') {
    const c = await stored(caseId);
    const post = c.posts.find((p) => p.channel.channelId === ch.channelId) ?? c.posts[0];
    const res = await h.post(channelExecute(u, h.connector.url, ch, post?.threadId ?? ch.channelId, verb, { caseId, rev: String(c.work.timeline.length), ...data }, post?.activityId ?? 'x', locale));
    assert.equal(res.status, 200);
    return res.body.value;
  }

  before(async () => {
    storage = await startTestStorage();
    h = await startHarness(testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] }), { clock });
    h.connector.members.set(central.teamId, [{ id: admin.id, aadObjectId: admin.aadObjectId, name: admin.name, email: admin.email }]);
    h.connector.members.set(skoler.teamId, [{ id: frida.id, aadObjectId: frida.aadObjectId, name: frida.name, email: frida.email }]);
    for (const [ch, text] of [[central, 'tilmeld central'], [skoler, 'tilmeld Skoler']] as const) {
      assert.equal((await h.post(channelMessage(admin, h.connector.url, ch, text))).status, 200);
    }
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });

  it('«Gem vurdering» with the ENISA inputs and no decision: the proposal, the decision preselected, the justification kept, nothing saved; then saved as preselected', async () => {
    const c = await report();
    await act(frida, skoler, c.id, 'case.acknowledge');
    await h.bot.idle();
    const before = await stored(c.id);
    const auditBefore = (await auditOf(c.id)).length;
    const updatesBefore = h.connector.updates().length;
    const justification = 'Helbredsoplysninger om barnet med CPR 010203-1234 er sendt til en forkert forælder.';

    const card = await act(frida, skoler, c.id, 'case.assess', { ...HIGH, justification });
    const text = texts(card);
    assert.match(text, /Forslag: høj \(3,25\) – anmeld til Datatilsynet og underret de registrerede\. Foreslået risiko: Høj risiko\./);
    assert.match(text, /Intet er gemt, før du trykker «Gem vurdering»/);
    assert.doesNotMatch(text, /Vælg fra listen/);
    assert.equal(inputValue(card, 'decision'), 'notify', 'the decision preselected from the proposal');
    assert.equal(inputValue(card, 'risk'), 'high', 'the risk preselected from the proposal');
    assert.equal(inputValue(card, 'justification'), 'Helbredsoplysninger om barnet med CPR 010203-xxxx er sendt til en forkert forælder.', 'the typed justification kept, masked');
    for (const [id, value] of Object.entries(HIGH)) assert.equal(inputValue(card, id), value, id);
    // The decision stays the coordinator's: a choice set they can change, on the form drawn open.
    assert.deepEqual(findInput(card, 'decision').choices.map((ch: any) => ch.value).sort(), ['do_not_notify', 'notify']);
    assert.ok(JSON.stringify(card).includes('"id":"form_assess"'));

    const after = await stored(c.id);
    assert.equal(after.work.assessment, null, 'nothing saved');
    assert.equal(after.work.timeline.length, before.work.timeline.length, 'no timeline entry');
    const rows = (await auditOf(c.id)).slice(auditBefore);
    assert.deepEqual(rows, [['case.proposeAssessment', 'allowed', '']], 'audited as a proposal shown (a read), not as a save');
    await h.bot.idle();
    assert.equal(h.connector.updates().length, updatesBefore, 'the channel card is not updated: nothing changed');

    // «Gem vurdering» on the card as it came back stores the preselected decision with the ENISA result.
    const saved = await act(frida, skoler, c.id, 'case.assess', submitted(card, 'case.assess'));
    assert.doesNotMatch(texts(saved), /Ikke gemt/);
    const a = (await stored(c.id)).work.assessment;
    assert.ok(a, 'assessed');
    assert.equal(a.risk, 'high');
    assert.equal(a.decision, 'notify');
    assert.equal(a.justification, 'Helbredsoplysninger om barnet med CPR 010203-xxxx er sendt til en forkert forælder.');
    assert.deepEqual(a.enisaInput, { dpcBase: 3, dpcAdjust: 0, ei: 1, confidentiality: 0.25, integrity: 0, availability: 0, malicious: false });
    assert.deepEqual(a.enisaResult, { dpc: 3, score: 3.25, band: 'high', proposal: 'notify_authority_and_persons' });
    assert.match(texts(saved), /Gemt ENISA-vurdering: 3,25 \(høj\)/);
    assert.deepEqual((await auditOf(c.id)).at(-1), ['case.assess', 'allowed', '']);
  });

  it('«Beregn forslag» proposes risk and decision from the inputs (low: no notification), keeps the rest, saves nothing; without inputs it names the field', async () => {
    const c = await report();
    const justification = 'Kun et navn, kendt modtager, slettet straks.';
    const proposeData = (card: any, extra: Record<string, unknown>) => ({ ...submitted(card, 'case.proposeAssessment'), ...extra });

    const first = await act(frida, skoler, c.id, 'case.show');
    assert.ok(actionData(first, 'case.proposeAssessment'), '«Beregn forslag» on the card');
    assert.match(texts(first), /Beregn forslag/);

    const empty = await act(frida, skoler, c.id, 'case.proposeAssessment', proposeData(first, { justification }));
    assert.match(texts(empty), /Udfyld ENISA-felterne for at få et forslag/);
    assert.equal(inputValue(empty, 'justification'), justification);

    // The risk typed before pressing is replaced by the proposal's (the button asks for both); changeable.
    const card = await act(frida, skoler, c.id, 'case.proposeAssessment', proposeData(first, { ...LOW, risk: 'high', justification }));
    assert.match(texts(card), /Forslag: lav \(0,5\) – ingen anmeldelse\. Foreslået risiko: Ingen risiko\./);
    assert.equal(inputValue(card, 'risk'), 'none');
    assert.equal(inputValue(card, 'decision'), 'do_not_notify');
    assert.equal(inputValue(card, 'justification'), justification);
    assert.equal((await stored(c.id)).work.assessment, null, 'nothing saved');
    assert.equal((await stored(c.id)).status, 'new', 'a proposal does not take the case');
    assert.deepEqual((await auditOf(c.id)).filter((r) => r[0] === 'case.proposeAssessment'), [
      ['case.proposeAssessment', 'allowed', ''],
      ['case.proposeAssessment', 'allowed', ''],
    ]);

    // The coordinator decides otherwise: a cautious notification, saved with the proposal it departs from.
    const saved = await act(frida, skoler, c.id, 'case.assess', { ...submitted(card, 'case.assess'), decision: 'notify' });
    assert.doesNotMatch(texts(saved), /Ikke gemt/);
    const a = (await stored(c.id)).work.assessment!;
    assert.deepEqual([a.risk, a.decision, a.enisaResult?.band, a.enisaResult?.proposal], ['none', 'notify', 'low', 'no_notification']);
  });

  it('in English: the proposal in English, the risk the coordinator chose kept on a save without a decision', async () => {
    const c = await report();
    const card = await act(frida, skoler, c.id, 'case.assess', { ...LOW, risk: 'risk', justification: 'Known recipient.' }, 'en-US');
    assert.match(texts(card), /Proposal: low \(0\.5\) – no notification\. Proposed risk: No risk\./);
    assert.equal(inputValue(card, 'risk'), 'risk', 'the chosen risk kept');
    assert.equal(inputValue(card, 'decision'), 'notify', 'a risk means notifying (Art. 33(1)), whatever the score');
    assert.equal((await stored(c.id)).work.assessment, null);
  });

  it('a save without a decision and without the ENISA inputs is refused as before (nothing to propose from)', async () => {
    const c = await report();
    const card = await act(frida, skoler, c.id, 'case.assess', { risk: 'high', justification: 'Vurderet uden ENISA.' });
    assert.match(texts(card), /Vælg fra listen/);
    assert.doesNotMatch(texts(card), /Forslag:/);
    const rows = await auditOf(c.id);
    assert.deepEqual(rows.at(-1)?.slice(0, 2), ['case.assess', 'allowed'], 'the refused save audited as before');
    assert.ok(!rows.some((r) => r[0] === 'case.proposeAssessment'), 'no proposal shown');
    for (const id of ASSESS_INPUTS.filter((i) => i !== 'decision' && i !== 'risk' && i !== 'justification' && i !== 'malicious')) assert.equal(inputValue(card, id), '', id);
  });
});
