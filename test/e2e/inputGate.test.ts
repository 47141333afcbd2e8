/**
 * The input gate at the HTTP and Teams seam (issue 7, finding 1 and 7): what is refused before
 * anything is parsed, what a bad envelope gets, and that a person's bad card data keeps their values.
 */
import { strict as assert } from 'node:assert';
import { gzipSync } from 'node:zlib';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { execute, message, personalConversationId, user } from '../helpers/activities';
import { startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { findInput } from '../helpers/cardQueries';
import { validReportValues } from '../helpers/reportValues';

describe('e2e: the input gate', function () {
  this.timeout(30000);
  let storage: TestStorage;
  let h: Harness;
  let signed: Harness;
  const u = user(31);

  before(async () => {
    storage = await startTestStorage();
    h = await startHarness(testConfig(storage.connectionString));
    signed = await startHarness(testConfig(storage.connectionString, { bot: { id: '0b0b0b0b-1111-4222-8333-444444444444', password: 'secret' } }));
    h.connector.members.set(personalConversationId(u), [{ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: 'u31@kommune.example' }]);
  });
  after(async () => {
    await h?.stop();
    await signed?.stop();
    await storage?.close();
  });

  const raw = (url: string, body: Buffer | string, headers: Record<string, string>) =>
    fetch(`${url}/api/messages`, { method: 'POST', headers, body: body as BodyInit }).then(async (r) => ({ status: r.status, text: await r.text() }));

  it('a compressed body gets 415 before it is read, also with BOT_ID set; the process keeps answering', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024)); // 20 MB of zeros in ~20 KB
    // Measured as growth during this test: the suite's one process holds every earlier test's stores (its
    // RSS passed 1 GB once the suite grew), which says nothing about this bomb.
    const before = process.memoryUsage().rss;
    for (const target of [h, signed]) {
      for (const [encoding, body] of [['gzip', 'x'], ['gzip', bomb], ['deflate', 'x'], ['br', 'x'], ['gzip, identity', 'x']] as const) {
        const res = await raw(target.url, body, { 'content-type': 'application/json', 'content-encoding': encoding });
        assert.equal(res.status, 415, encoding);
      }
      assert.equal((await fetch(`${target.url}/healthz`)).status, 200);
    }
    const grown = process.memoryUsage().rss - before;
    assert.ok(grown < 64 * 1024 * 1024, `memory stays bounded (grew ${Math.round(grown / 1e6)} MB; an inflated bomb would add 20 MB per request, twice more as a string; about 5–11 MB seen here)`);
  });

  it('the limit counts the bytes read: over 256 KB is 413, also when Content-Length lies', async () => {
    const big = JSON.stringify({ ...message(u, h.connector.url, 'x'), text: 'a'.repeat(300 * 1024) });
    assert.equal((await raw(h.url, big, { 'content-type': 'application/json' })).status, 413);
    const chunked = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    const res = await fetch(`${h.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chunked, duplex: 'half' } as RequestInit);
    assert.equal(res.status, 413, 'chunked, no Content-Length');
  });

  it('not JSON, or not an activity: 400 with a fixed text, no exception text', async () => {
    const bodies = ['{', '[]', '42', '"x"', 'null', JSON.stringify({ type: 7 }), JSON.stringify({ ...message(u, h.connector.url, 'hej'), serviceUrl: { href: 'x' } }),
      JSON.stringify({ ...message(u, h.connector.url, 'hej'), locale: 5 }), JSON.stringify({ ...message(u, h.connector.url, 'hej'), conversation: { id: 'c', tenantId: '' } })];
    for (const body of bodies) {
      const res = await raw(h.url, body, { 'content-type': 'application/json' });
      assert.equal(res.status, 400, body.slice(0, 60));
      assert.doesNotMatch(res.text, /[A-Za-z]+Error|\bat |zod|Expected|serviceUrl|href/, body.slice(0, 60));
    }
    assert.equal((await raw(h.url, '{}', { 'content-type': 'text/plain' })).status, 415);
  });

  it('card data that is not text (an object with its own toString) becomes empty: the form comes back with the error beside it and every other value kept', async () => {
    h.connector.clear();
    await h.post(message(u, h.connector.url, 'anmeld'));
    const form = h.connector.sent()[0].attachments[0].content;
    const data = form.actions.find((a: any) => a.verb === 'report.submit').data;
    const values = validReportValues(new Date());
    const res = await h.post(execute(u, h.connector.url, 'report.submit', { ...data, ...values, whatHappened: { toString: 'Borger 010203-1234' }, system: ['SBSYS'] }));
    assert.equal(res.status, 200);
    const card = res.body.value;
    assert.equal(findInput(card, 'whatHappened').value, '');
    assert.match(JSON.stringify(card), /Skal udfyldes|skal udfyldes/);
    assert.equal(findInput(card, 'howHappened').value, values.howHappened);
    assert.equal(findInput(card, 'reporterTitle').value, values.reporterTitle);
  });

  it('an unknown verb, an unknown invoke name and a malformed case id are answered in words, never 501 or 500', async () => {
    for (const [name, verb, data] of [
      ['adaptiveCard/action', 'report.nonsense', {}],
      ['adaptiveCard/action', 'case.acknowledge', { caseId: '' }],
      ['adaptiveCard/action', 'case.show', { caseId: 'x'.repeat(10_000) }],
      ['task/fetch', '', {}],
    ] as const) {
      const activity = { ...execute(u, h.connector.url, verb, data), name };
      const res = await h.post(activity);
      assert.equal(res.status, 200, `${name} ${verb}`);
    }
    const unknown = await h.post(execute(u, h.connector.url, 'report.nonsense', {}));
    assert.match(unknown.body.value, /ældre udgave af kortet/);
  });
});
