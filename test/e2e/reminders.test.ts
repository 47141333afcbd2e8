import { strict as assert } from 'node:assert';
import { POST_BACKOFF_MS } from '../../src/domain/outbox';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { TENANT, channelExecute, channelMessage, execute, message, personalConversationId, teamChannel, user, type User } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import type { Config } from '../../src/config';
import { actionData } from '../helpers/cardQueries';
import { copenhagenWallClock as local } from '../helpers/reportValues';



describe('e2e: deadlines, reminders and escalation', function () {
  this.timeout(60000);
  let storage: TestStorage;
  let h: Harness;
  let config: Config;
  const clock = new ControlledClock(new Date('2026-11-23T09:00:00Z'));
  const admin = user(3000, 'Anne Admin');
  const coord = user(3001, 'Karin Koordinator');
  const central = teamChannel(30, 'Sikkerhedsgruppen');
  const unit = teamChannel(31, 'Borgerservice');
  let seq = 3100;

  before(async () => {
    storage = await startTestStorage();
    config = testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] });
    h = await startHarness(config, { clock });
    h.connector.members.set(central.teamId, [{ id: admin.id, aadObjectId: admin.aadObjectId, name: admin.name }]);
    h.connector.members.set(unit.teamId, [{ id: coord.id, aadObjectId: coord.aadObjectId, name: coord.name }]);
    await h.post(channelMessage(admin, h.connector.url, central, 'tilmeld central'));
    await h.post(channelMessage(admin, h.connector.url, unit, 'tilmeld Borgerservice'));
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });

  async function report(discoveredHoursAgo: number): Promise<{ caseId: string; threadId: string; number: string; reporter: User }> {
    const reporter = user(seq++);
    h.connector.members.set(personalConversationId(reporter), [{ id: reporter.id, aadObjectId: reporter.aadObjectId, name: reporter.name, email: reporter.email }]);
    await h.post(message(reporter, h.connector.url, 'anmeld'));
    const form = h.connector.sent(personalConversationId(reporter)).at(-1).attachments[0].content;
    const discovered = local(new Date(clock.now().getTime() - discoveredHoursAgo * 3600_000));
    const values = {
      reporterName: reporter.name, reporterEmail: reporter.email, reporterTitle: 'Sagsbehandler', reporterDepartment: 'Borgerservice',
      unitIds: 'borgerservice', breachTypes: 'confidentiality', whatHappened: 'Et brev er sendt til en forkert borger.', dataKinds: 'names',
      personsAffected: '1', discoveredDate: discovered.date, discoveredTime: discovered.time, ongoing: 'stopped', supplierInvolved: 'no',
    };
    const summary = (await h.post(execute(reporter, h.connector.url, 'report.submit', { ...actionData(form, 'report.submit'), ...values }))).body.value;
    const receipt = (await h.post(execute(reporter, h.connector.url, 'report.confirm', actionData(summary, 'report.confirm')))).body.value;
    const number = /BV-\d{4}-\d{4}/.exec(JSON.stringify(receipt))![0];
    const stored = (await h.bot.storage.cases.findByNumber(TENANT, number))!.value;
    assert.ok(stored.posts?.[0]?.threadId, 'posted to the unit channel');
    return { caseId: stored.id, threadId: stored.posts![0].threadId!, number, reporter };
  }

  const remindersIn = (threadId: string) => h.connector.sent(threadId).filter((a) => /⏰|🔴|📅|👥|📨/.test(a.text ?? ''));

  it('a report discovered 70 hours ago gets its last-hours reminder in its thread within one sweep, @mentioning the channel', async () => {
    const { threadId, number } = await report(70);
    await h.bot.sweep(clock.now());
    const reminders = remindersIn(threadId);
    assert.equal(reminders.length, 1, 'collapsed into one message');
    assert.match(reminders[0].text, new RegExp(number));
    assert.match(reminders[0].text, /1 t 59 min|2 t/);
    assert.equal(reminders[0].entities?.[0]?.type, 'mention');
    await h.bot.sweep(clock.now());
    assert.equal(remindersIn(threadId).length, 1, 'a second sweep sends nothing new');
  });

  it('two instances sweeping the same storage at once send each reminder exactly once', async () => {
    const { threadId } = await report(47.5);
    const other = await startHarness(config, { clock, connector: h.connector });
    try {
      clock.advance(60 * 60_000);
      await Promise.all([h.bot.sweep(clock.now()), other.bot.sweep(clock.now()), h.bot.sweep(clock.now()), other.bot.sweep(clock.now())]);
      assert.equal(remindersIn(threadId).length, 1);
    } finally {
      await other.bot.stop();
    }
  });

  it('after downtime the missed reminders are caught up once, collapsed into one message per case', async () => {
    const { threadId } = await report(1);
    await h.bot.sweep(clock.now());
    const before = remindersIn(threadId).length;
    // The bot was down for 40 hours: ack (30 min), escalation (2 h) and the 48 h / 24 h marks were missed.
    await h.bot.stop();
    clock.advance(40 * 3600_000);
    h = await startHarness(config, { clock, connector: h.connector });
    await h.bot.sweep(clock.now());
    await h.bot.sweep(clock.now());
    const after = remindersIn(threadId);
    assert.equal(after.length - before, 1, after.map((a) => a.text).join('\n'));
    assert.match(after.at(-1).text, /tilbage|overskredet/);
  });

  it('a connector answering 429 then 500 still delivers the reminder, once', async () => {
    const { threadId } = await report(71.5);
    h.connector.clear();
    h.connector.failNext = [429, 500];
    await h.bot.sweep(clock.now());
    assert.deepEqual(h.connector.calls.slice(0, 2).map((c) => c.status), [429, 500], 'Teams refused twice first');
    // The 429 is retried at once; a 500 may hide a message Teams took, so it waits for the lease (issue 7).
    clock.advance(120_000 + 1000);
    await h.bot.sweep(clock.now());
    await h.bot.sweep(clock.now());
    assert.equal(remindersIn(threadId).length, 1);
  });

  it('a channel post that Teams refused when the case arrived is retried by the sweep, and the receipt was not held back', async () => {
    const reporter = user(seq++);
    h.connector.members.set(personalConversationId(reporter), [{ id: reporter.id, aadObjectId: reporter.aadObjectId, name: reporter.name, email: reporter.email }]);
    await h.post(message(reporter, h.connector.url, 'anmeld'));
    const form = h.connector.sent(personalConversationId(reporter)).at(-1).attachments[0].content;
    const d = local(new Date(clock.now().getTime() - 3600_000));
    const values = {
      reporterName: reporter.name, reporterEmail: reporter.email, reporterTitle: 'Sagsbehandler', reporterDepartment: 'Borgerservice',
      unitIds: 'borgerservice', breachTypes: 'availability', whatHappened: 'Fagsystemet har været nede i to timer.', dataKinds: 'names',
      personsAffected: '0', discoveredDate: d.date, discoveredTime: d.time, ongoing: 'ongoing', supplierInvolved: 'no',
    };
    const summary = (await h.post(execute(reporter, h.connector.url, 'report.submit', { ...actionData(form, 'report.submit'), ...values }))).body.value;
    h.connector.outage = { path: /^\/v3\/conversations\/?$/, status: 503 };
    const started = Date.now();
    const receipt = (await h.post(execute(reporter, h.connector.url, 'report.confirm', actionData(summary, 'report.confirm')))).body.value;
    const refused = h.connector.calls.filter((c) => c.status === 503).length;
    h.connector.outage = null;
    assert.ok(refused >= 2, `Teams refused the post ${refused} times in ${Date.now() - started} ms`);
    const number = /BV-\d{4}-\d{4}/.exec(JSON.stringify(receipt))![0];
    const pending = (await h.bot.storage.cases.findByNumber(TENANT, number))!.value;
    assert.equal(pending.posts?.length, 1);
    assert.equal(pending.posts![0].threadId, undefined, 'the post failed');
    h.connector.clear();
    await h.bot.sweep(clock.now());
    assert.equal(h.connector.threads(unit.channelId).length, 0, 'not before its backoff has run out');
    clock.advance(POST_BACKOFF_MS[0]);
    await h.bot.sweep(clock.now());
    assert.equal(h.connector.threads(unit.channelId).length, 1, 'posted by the sweep');
    const posted = (await h.bot.storage.cases.findByNumber(TENANT, number))!.value;
    assert.ok(posted.posts![0].threadId);
    await h.bot.sweep(clock.now());
    assert.equal(h.connector.threads(unit.channelId).length, 1, 'and only once');
  });

  it('reminders stop the moment the duty is done', async () => {
    const { caseId, threadId } = await report(10);
    await h.bot.sweep(clock.now());
    const stored = (await h.bot.storage.cases.get(TENANT, caseId))!.value;
    const post = stored.posts![0];
    const notify = (verb: string, data: Record<string, unknown>) =>
      h.post(channelExecute(coord, h.connector.url, unit, threadId, verb, { caseId, ...data }, post.activityId!));
    await notify('case.acknowledge', {});
    const now = local(clock.now());
    const res = await notify('case.recordAuthorityNotification', { notifiedDate: now.date, notifiedTime: now.time, reference: 'virk-1', kind: 'initial', followUpPending: 'false' });
    assert.equal(res.status, 200);
    const count = remindersIn(threadId).length;
    for (const hours of [20, 40, 62, 80, 100]) {
      clock.set(new Date(Date.parse(stored.reportedAt) + hours * 3600_000));
      await h.bot.sweep(clock.now());
    }
    assert.equal(remindersIn(threadId).length, count, 'no deadline reminder after the notification');
  });

  // Issue 17 changed this deliberately: it set awareness 60 hours before a breach discovered 1 hour ago,
  // which can no longer be recorded. Now: awareness first set late (when a leader confirmed it), then
  // corrected back towards the discovery 61 hours ago; the reminders follow at once.
  it('setting an earlier awareAt brings the deadline reminders forward at once', async () => {
    const { caseId, threadId } = await report(61);
    const setAware = async (hoursAgo: number, awareReason: string) => {
      const stored = (await h.bot.storage.cases.get(TENANT, caseId))!.value;
      const aware = local(new Date(clock.now().getTime() - hoursAgo * 3600_000));
      const res = await h.post(
        channelExecute(coord, h.connector.url, unit, threadId, 'case.setAware', { caseId, awareDate: aware.date, awareTime: aware.time, awareReason }, stored.posts![0].activityId!),
      );
      assert.equal(res.status, 200);
      assert.equal((await h.bot.storage.cases.get(TENANT, caseId))!.value.work!.awareAt?.slice(0, 16), new Date(clock.now().getTime() - hoursAgo * 3600_000).toISOString().slice(0, 16), 'awareness recorded');
    };
    await setAware(1, 'Lederen bekræftede bruddet for en time siden.');
    await h.bot.sweep(clock.now());
    const before = remindersIn(threadId).length;
    await setAware(60, 'Leverandøren vidste det allerede for 60 timer siden.');
    await h.bot.sweep(clock.now());
    const after = remindersIn(threadId);
    assert.equal(after.length - before, 1, after.map((a) => a.text).join('\n'));
    assert.match(after.at(-1).text, /tilbage/);
  });

  it('an unacknowledged case is escalated to the central channel after 2 hours', async () => {
    const { number } = await report(0.5);
    await h.bot.sweep(clock.now());
    clock.advance(2 * 3600_000 + 60_000);
    h.connector.clear();
    await h.bot.sweep(clock.now());
    const centralThreads = h.connector.threads(central.channelId);
    assert.equal(centralThreads.length, 1, 'the case card goes to central');
    assert.ok(h.connector.sent().some((a) => /Eskalering/.test(a.text ?? '') && a.text.includes(number)));
  });
});
