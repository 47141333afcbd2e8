/**
 * Issue 17, item 5: the central channel routes a case from its card. A report marked «Ved ikke» lands in the
 * central channel; «Send videre til en enhed …» opens the units to choose; «Send videre» gives the unit's
 * channel the card (same number, same history), tells the reporter where it went, and is audited. Only the
 * central channel can do it; a unit the case already belongs to is refused beside the field, the choice kept.
 */
import { strict as assert } from 'node:assert';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { TENANT, channelExecute, channelMessage, execute, message, personalConversationId, teamChannel, user, type TeamChannel, type User } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { actionData, cardText as texts } from '../helpers/cardQueries';
import type { BreachCase } from '../../src/domain/case';

describe('e2e: the central channel routes a case from its card (issue 17, item 5)', function () {
  this.timeout(60_000);
  let storage: TestStorage;
  let h: Harness;
  const clock = new ControlledClock(new Date('2026-11-23T09:00:00Z'));
  const admin = user(7600, 'Anne Admin');
  const frida = user(7601, 'Frida Skolekoordinator');
  const rita = user(7602, 'Rita Reporter');
  const central = teamChannel(76, 'Sikkerhedsgruppen');
  const skoler = teamChannel(77, 'Skoler');
  const born = teamChannel(78, 'Børn og Unge');

  const byNumber = async (number: string): Promise<BreachCase> => (await h.bot.storage.cases.findByNumber(TENANT, number))!.value;

  async function press(u: User, ch: TeamChannel, c: BreachCase, verb: string, data: Record<string, unknown> = {}) {
    const post = c.posts.find((p) => p.channel.channelId === ch.channelId) ?? c.posts[0];
    const res = await h.post(channelExecute(u, h.connector.url, ch, post.threadId ?? ch.channelId, verb, { caseId: c.id, rev: String(c.work.timeline.length), ...data }, post.activityId ?? 'x'));
    assert.equal(res.status, 200);
    return res.body.value;
  }

  before(async () => {
    storage = await startTestStorage();
    h = await startHarness(testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] }), { clock });
    h.connector.members.set(central.teamId, [{ id: admin.id, aadObjectId: admin.aadObjectId, name: admin.name, email: admin.email }]);
    h.connector.members.set(skoler.teamId, [{ id: frida.id, aadObjectId: frida.aadObjectId, name: frida.name, email: frida.email }]);
    h.connector.members.set(born.teamId, [{ id: frida.id, aadObjectId: frida.aadObjectId, name: frida.name, email: frida.email }]);
    h.connector.members.set(personalConversationId(rita), [{ id: rita.id, aadObjectId: rita.aadObjectId, name: rita.name, email: rita.email }]);
    for (const [ch, text] of [
      [central, 'tilmeld central'],
      [skoler, 'tilmeld Skoler'],
      [born, 'tilmeld Børn og Unge'],
    ] as const) {
      assert.equal((await h.post(channelMessage(admin, h.connector.url, ch, text))).status, 200);
    }
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });

  it('«Ved ikke» → central card → «Send videre» to Skoler: the card in Skoler, the reporter told, audited; only from central; a unit it has is refused beside the field', async () => {
    await h.post(message(rita, h.connector.url, 'anmeld'));
    const form = h.connector.sent(personalConversationId(rita)).at(-1).attachments[0].content;
    const values = {
      reporterName: rita.name, reporterEmail: rita.email, reporterTitle: 'Sagsbehandler', reporterDepartment: 'Afdelingen', unitIds: '_central',
      breachTypes: 'confidentiality', whatHappened: 'Et brev er sendt til en forkert forælder.', dataKinds: 'names', personsAffected: '1',
      discoveredDate: '2026-11-23', discoveredTime: '08:30', ongoing: 'stopped', supplierInvolved: 'no',
    };
    const summary = (await h.post(execute(rita, h.connector.url, 'report.submit', { ...actionData(form, 'report.submit'), ...values }))).body.value;
    const receipt = (await h.post(execute(rita, h.connector.url, 'report.confirm', actionData(summary, 'report.confirm')))).body.value;
    const number = /BV-2026-\d{4}/.exec(texts(receipt))![0];
    let c = await byNumber(number);
    assert.equal(c.posts.length, 1);
    assert.equal(c.posts[0].channel.channelId, central.channelId, 'a «Ved ikke» report lands in the central channel');
    const centralCard = h.connector.createdThreads(central.channelId).find((t) => JSON.stringify(t.body?.activity).includes(number))!.body.activity.attachments[0].content;
    assert.ok(actionData(centralCard, 'case.routeForm'), 'the central card offers «Send videre til en enhed …»');
    assert.equal(h.connector.createdThreads(skoler.channelId).filter((t) => JSON.stringify(t.body?.activity).includes(number)).length, 0);

    // A unit channel cannot route (nor open this case yet).
    const fromUnit = await press(frida, skoler, c, 'case.route', { routeUnits: 'skoler' });
    assert.doesNotMatch(JSON.stringify(fromUnit), /Sendt videre/);
    assert.deepEqual((await byNumber(number)).report.unitIds, ['_central'], 'nothing changed');

    // The route card lists the registered units.
    const routeCard = await press(admin, central, c, 'case.routeForm');
    assert.match(texts(routeCard), new RegExp(`Send ${number} videre til en enhed`));
    assert.match(texts(routeCard), /Skoler/);
    assert.match(texts(routeCard), /Børn og Unge/);
    assert.match(texts(routeCard), /«Ved ikke»/);

    // Nothing chosen: refused beside the field.
    const none = await press(admin, central, c, 'case.route', { routeUnits: '' });
    assert.match(texts(none), /Send .* videre/);

    // «Send videre» to Skoler.
    const done = await press(admin, central, c, 'case.route', { routeUnits: 'skoler' });
    assert.match(texts(done), new RegExp(number));
    await h.bot.idle();
    c = await byNumber(number);
    assert.equal(c.number, number, 'the same number');
    assert.deepEqual(c.report.unitIds, ['skoler']);
    assert.ok(c.work.timeline.some((e) => e.event === 'routed'), 'in its history');
    const skolerCards = h.connector.createdThreads(skoler.channelId).filter((t) => JSON.stringify(t.body?.activity).includes(number));
    assert.equal(skolerCards.length, 1, "Skoler's channel gets the card");
    assert.ok(c.posts.find((p) => p.channel.channelId === skoler.channelId)?.threadId, 'recorded');
    const told = h.connector.sent(personalConversationId(rita)).filter((a) => String(a.text ?? '').includes(number) && /sendt videre til Skoler/.test(String(a.text)));
    assert.equal(told.length, 1, 'the reporter is told where it went');
    // Skoler can open it now, but not send it on: that is the central group's.
    const opened = await press(frida, skoler, c, 'case.show');
    assert.doesNotMatch(JSON.stringify(opened), /hører ikke til dette team/);
    const onward = await press(frida, skoler, c, 'case.route', { routeUnits: 'boern-og-unge' });
    assert.match(JSON.stringify(onward), /Kun den centrale gruppe kan sende en sag videre/);
    const audit = await h.bot.storage.audit.listForCase(TENANT, c.id);
    assert.deepEqual(audit.filter((a) => a.action === 'case.route').map((a) => [a.outcome, a.actorName, a.detail ?? '']), [
      ['refused', frida.name, 'wrong_team'],
      ['allowed', admin.name, 'rejected:required'],
      ['allowed', admin.name, ''],
      ['refused', frida.name, 'central_only'],
    ]);

    // Routing to Skoler again: refused beside the field, the choice kept.
    const again = await press(admin, central, c, 'case.route', { routeUnits: 'skoler' });
    assert.match(texts(again), /hører allerede til den enhed/);
    assert.deepEqual(again.body.find((n: { id?: string }) => n.id === 'routeUnits')?.value, 'skoler');
  });
});
