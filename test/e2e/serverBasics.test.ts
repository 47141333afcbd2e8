import { strict as assert } from 'node:assert';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { execute, message, personalConversationId, user } from '../helpers/activities';
import { startHarness, testConfig } from '../helpers/botHarness';

describe('e2e: server, authentication, health and log privacy', function () {
  this.timeout(30000);
  let storage: TestStorage;
  before(async () => {
    storage = await startTestStorage();
  });
  after(async () => storage?.close());

  it('with BOT_ID set, an unsigned request is refused with 401 and nothing is sent', async () => {
    const h = await startHarness(
      testConfig(storage.connectionString, { bot: { id: '0b0b0b0b-1111-4222-8333-444444444444', password: 'secret' } }),
    );
    try {
      const res = await h.post(message(user(1), h.connector.url, 'anmeld'));
      assert.equal(res.status, 401);
      assert.equal(h.connector.calls.length, 0);
    } finally {
      await h.stop();
    }
  });

  it('GET /healthz is 200 while storage answers and 503 when it does not', async () => {
    const own = await startTestStorage();
    const h = await startHarness(testConfig(own.connectionString));
    try {
      assert.equal((await fetch(`${h.url}/healthz`)).status, 200);
      await own.close();
      assert.equal((await fetch(`${h.url}/healthz`)).status, 503);
    } finally {
      await h.stop();
    }
  });

  it('a storage outage tells the reporter nothing was lost, and hands the card back with the values', async () => {
    const own = await startTestStorage();
    const h = await startHarness(testConfig(own.connectionString));
    const u = user(7);
    h.connector.members.set(personalConversationId(u), [{ id: u.id, aadObjectId: u.aadObjectId, name: u.name }]);
    try {
      await h.post(message(u, h.connector.url, 'anmeld'));
      const form = h.connector.sent()[0].attachments[0].content;
      const data = form.actions.find((a: any) => a.verb === 'report.submit').data;
      await own.close();
      const res = await h.post(execute(u, h.connector.url, 'report.submit', { ...data, whatHappened: 'Noget gik galt med et brev' }));
      const json = JSON.stringify(res.body);
      assert.match(json, /Intet er gået tabt/);
      assert.match(json, /Noget gik galt med et brev/);
      h.connector.clear();
      await h.post(message(u, h.connector.url, 'mine sager'));
      assert.match(JSON.stringify(h.connector.sent()), /Intet er gået tabt/);
    } finally {
      await h.stop();
    }
  });

  it('logs no report content, names, mails or CPR numbers through a whole journey', async () => {
    const lines: string[] = [];
    const { jsonLogger } = await import('../../src/logging');
    const h = await startHarness(testConfig(storage.connectionString), { log: jsonLogger((l) => lines.push(l)) });
    const u = user(8, 'Hemmelig Person');
    h.connector.members.set(personalConversationId(u), [{ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: 'hemmelig@kommune.example' }]);
    try {
      await h.post(message(u, h.connector.url, 'anmeld'));
      const form = h.connector.sent()[0].attachments[0].content;
      const data = form.actions.find((a: any) => a.verb === 'report.submit').data;
      await h.post(execute(u, h.connector.url, 'report.submit', { ...data, whatHappened: 'Borger 010203-1234 Hansen fik brev', personsAffected: 'x' }));
      assert.ok(lines.length >= 2, 'something was logged');
      const all = lines.join('\n');
      for (const secret of ['010203', 'Hansen', 'Hemmelig', 'hemmelig@', 'fik brev']) assert.ok(!all.includes(secret), `log contains ${secret}`);
    } finally {
      await h.stop();
    }
  });
});
