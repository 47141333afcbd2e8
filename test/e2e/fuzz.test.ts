/**
 * Fuzz: over a thousand generated hostile inputs against the real server (port 0, Azurite in this
 * process, the fake Bot Connector), in four categories: HTTP, envelopes, card data from a person,
 * message text. Generated with fast-check from a fixed seed (test/fuzz/generators.ts), so a CI run
 * is reproducible.
 *
 * Asserted, and counted: no crash (the server answers /healthz and a normal request after every
 * batch), no 5xx (so no 500 and no 501 for a card action), no response body or reply with a stack
 * trace, an exception text or the serviceUrl of the input; everything a person could send (a valid
 * envelope from a user in a personal chat or a channel) is answered (an invoke with 200 and a card or
 * a message, a message with at least one reply at the connector); envelope garbage gets 400 with the
 * fixed body, HTTP garbage 400/413/415. A report.submit with a toString object in a field gets the
 * form card back with the other typed values. Afterwards a normal journey works.
 */
import { strict as assert } from 'node:assert';
import { connect } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import {
  TENANT,
  channelExecute,
  channelMessage,
  execute,
  installInTeam,
  message,
  personalConversationId,
  submit,
  teamChannel,
  user,
  type TeamChannel,
  type User,
} from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { actionData, cardOf, cardText, findInput } from '../helpers/cardQueries';
import { validReportValues } from '../helpers/reportValues';
import { CASE_VERBS } from '../../src/teams/caseCommandFromCard';
import { CENTRAL_UNIT_ID } from '../../src/app/ports';
import {
  CONTROL,
  CPR_LIKE,
  EMOJI,
  HUGE,
  RTL,
  hostileEtag,
  hostileId,
  hostileValue,
  messageTexts,
  sample,
  toStringObject,
  wrongKinds,
} from '../fuzz/generators';

type Category = 'http' | 'envelope' | 'card' | 'text';
/** http: 400/413/415. envelope: 400 with the fixed body. person: answered. either: 200 or 400, and answered when 200. any: 200 or 400. */
type Expect = 'http' | 'envelope' | 'person' | 'either' | 'any';

const CARD = 'application/vnd.microsoft.card.adaptive';
const MSG = 'application/vnd.microsoft.activity.message';
const LEAK = [/\bError\b/, /TypeError|ZodError|RangeError|SyntaxError|ReferenceError/, /\n\s+at /, /\bat [\w$.<>\[\] ]+ \(/, /node:internal|node_modules|\.ts:\d+/, /Cannot (read|convert)|is not a function|Unexpected token/];

interface Failure {
  category: Category;
  rule: string;
  label: string;
  input: string;
  status: number;
  body: string;
}

const tally = {
  inputs: { http: 0, envelope: 0, card: 0, text: 0 } as Record<Category, number>,
  statuses: { http: {}, envelope: {}, card: {}, text: {} } as Record<Category, Record<string, number>>,
  answeredPersonInputs: 0,
  rejectedEnvelopes: 0,
  liveness: 0,
  toStringChecked: 0,
  /** Observed, not asserted: accepted inputs no person could send that got no reply (an Action.Submit with a verb no card has, a blank text). */
  silentOddInputs: 0,
  silentOddLabels: new Set<string>(),
  /** Observed, not asserted: invokes the bot does not implement, answered 200 with an empty body. */
  emptyInvokeAnswers: 0,
  /** Observed: how long a message with an unreachable serviceUrl waits for its HTTP answer. */
  unreachableConnectorMs: {} as Record<string, number>,
  failures: [] as Failure[],
};
const processErrors: unknown[] = [];

const short = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

function fail(category: Category, rule: string, label: string, input: unknown, status: number, body: string) {
  const text = typeof input === 'string' ? input : Buffer.isBuffer(input) ? `<${input.length} bytes>` : JSON.stringify(input);
  tally.failures.push({ category, rule, label, input: text ?? String(input), status, body });
}

/** The smallest failing inputs per rule, for the assertion message (and the owner of src/). */
function report(category: Category): string {
  const mine = tally.failures.filter((f) => f.category === category);
  const byRule = new Map<string, Failure[]>();
  for (const f of mine) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  return [...byRule]
    .map(([rule, list]) => {
      const smallest = [...list].sort((a, b) => a.input.length - b.input.length).slice(0, 4);
      return `${list.length} × ${rule}\n${smallest.map((f) => `    [${f.label}] HTTP ${f.status} ${short(f.body, 200)}\n      input: ${short(f.input, 600)}`).join('\n')}`;
    })
    .join('\n');
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  });
  await Promise.all(workers);
}

describe('e2e: fuzz, hostile inputs against the real server', function () {
  this.timeout(120000);
  let storage: TestStorage;
  let h: Harness;
  const clock = new ControlledClock(new Date('2026-11-23T09:00:00Z'));
  const admin = user(9000, 'Anne Admin');
  const dpo = user(9001, 'Dorte DPO');
  const coordA = user(9002, 'Karin Koordinator');
  const coordB = user(9003, 'Bo Koordinator');
  const prober = user(9004, 'Liv Liveness');
  const central = teamChannel(90, 'Sikkerhedsgruppen');
  const school = teamChannel(91, 'Skoleområdet');
  const unregistered = teamChannel(99, 'Uregistreret');
  let fuzzCase: { caseId: string; threadId: string; activityId: string };
  let reporterSeq = 9100;
  const started = Date.now();

  const onUnhandled = (error: unknown) => processErrors.push(error);

  const newPerson = (name?: string): User => {
    const u = user(reporterSeq++, name);
    h.connector.members.set(personalConversationId(u), [{ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email }]);
    return u;
  };

  // ---- sending ------------------------------------------------------------------------------

  async function send(body: string | Buffer | ReadableStream<Uint8Array>, headers: Record<string, string>, timeoutMs = 10000): Promise<{ status: number; text: string }> {
    try {
      const res = await fetch(`${h.url}/api/messages`, {
        method: 'POST',
        headers,
        body: body as BodyInit,
        signal: AbortSignal.timeout(timeoutMs),
        ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit);
      return { status: res.status, text: await res.text() };
    } catch {
      return { status: 0, text: '' };
    }
  }

  /** Bytes on a socket, for what fetch refuses to send (a lying Content-Length); the first status line. */
  function raw(head: string, body: Buffer, opts: { hangUp?: boolean } = {}): Promise<{ status: number; text: string }> {
    return new Promise((resolve) => {
      const port = Number(new URL(h.url).port);
      const socket = connect(port, '127.0.0.1');
      let data = '';
      const done = () => {
        clearTimeout(timer);
        socket.destroy();
        const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(data)?.[1] ?? 0);
        resolve({ status, text: data.split('\r\n\r\n').slice(1).join('\r\n\r\n') });
      };
      const timer = setTimeout(done, 3000);
      socket.on('data', (chunk) => {
        data += String(chunk);
      });
      socket.on('close', done);
      socket.on('error', () => undefined);
      socket.write(head);
      socket.write(body);
      if (opts.hangUp) socket.end();
    });
  }

  function checkLeaks(category: Category, label: string, input: unknown, status: number, text: string, serviceUrl?: unknown) {
    for (const pattern of LEAK) if (pattern.test(text)) return fail(category, `body leaks ${pattern}`, label, input, status, text);
    if (typeof serviceUrl === 'string' && serviceUrl.length >= 8 && text.includes(serviceUrl)) fail(category, 'body echoes the serviceUrl', label, input, status, text);
  }

  function count(category: Category, status: number) {
    tally.inputs[category] += 1;
    tally.statuses[category][status] = (tally.statuses[category][status] ?? 0) + 1;
  }

  /** An HTTP-level input: only the status family and the body are judged. */
  async function probeHttp(label: string, result: Promise<{ status: number; text: string }>, input: unknown, allowed: number[] = [400, 413, 415]) {
    const { status, text } = await result;
    count('http', status);
    if (status >= 500) fail('http', `HTTP ${status}`, label, input, status, text);
    else if (!allowed.includes(status)) fail('http', `expected ${allowed.join('/')}`, label, input, status, text);
    checkLeaks('http', label, input, status, text);
  }

  function isAnsweredInvoke(body: any): boolean {
    if (!body || body.statusCode !== 200) return false;
    if (body.type === CARD) return !!body.value && body.value.type === 'AdaptiveCard';
    if (body.type === MSG) return typeof body.value === 'string' && body.value.length > 0;
    return false;
  }

  /**
   * One activity (or a raw JSON text of one), judged by `expect`. Returns the parsed answer body.
   * A person input is answered: an adaptiveCard/action invoke with a card or a message, any other
   * invoke with 200, a message with at least one reply to it at the connector.
   */
  async function probe(category: Category, label: string, activity: any, expect: Expect, opts: { rawBody?: string; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<any> {
    const bodyText = opts.rawBody ?? JSON.stringify(activity);
    const { status, text } = await send(bodyText, { 'content-type': 'application/json', ...opts.headers }, opts.timeoutMs);
    await h.bot.idle();
    count(category, status);
    const input = opts.rawBody ?? activity;
    let body: any;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const serviceUrl = activity && typeof activity === 'object' ? activity.serviceUrl : undefined;
    checkLeaks(category, label, input, status, text, serviceUrl);
    if (status === 0) return void fail(category, 'no answer within 10 s', label, input, status, text);
    if (status >= 500) return void fail(category, `HTTP ${status}`, label, input, status, text);
    if (status === 400) {
      if (text !== '{"error":"invalid activity"}') fail(category, '400 without the fixed body', label, input, status, text);
      if (expect === 'person') fail(category, 'a person input refused with 400', label, input, status, text);
      else tally.rejectedEnvelopes += 1;
      return body;
    }
    if (expect === 'envelope') return void fail(category, 'envelope garbage not refused with 400', label, input, status, text);
    if (expect === 'http') return void fail(category, 'expected 400/413/415', label, input, status, text);
    if (status !== 200) return void fail(category, `HTTP ${status} (expected 200)`, label, input, status, text);
    if (expect === 'any') {
      if (activity?.type === 'message' && !h.connector.calls.some((c) => c.body?.replyToId === activity.id)) {
        tally.silentOddInputs += 1;
        tally.silentOddLabels.add(label.replace(/ \(.*$/, ''));
      }
      return body;
    }
    // person or either+accepted: answered?
    if (activity.type === 'invoke') {
      if (activity.name === 'adaptiveCard/action') {
        if (!isAnsweredInvoke(body)) return void fail(category, 'card action not answered with a card or a message', label, input, status, text);
      } else if (!isAnsweredInvoke(body)) tally.emptyInvokeAnswers += 1;
      tally.answeredPersonInputs += 1;
      return body;
    }
    const replies = h.connector.calls.filter((c) => c.body?.replyToId === activity.id);
    if (replies.length === 0) return void fail(category, 'message not answered (no reply at the connector)', label, input, status, text);
    for (const r of replies) checkLeaks(category, `${label} (reply)`, input, r.status ?? 200, JSON.stringify(r.body), undefined);
    tally.answeredPersonInputs += 1;
    return body;
  }

  /** The server is alive: /healthz 200 and a normal "hjælp" in a personal chat answered with the welcome card. */
  async function alive(): Promise<void> {
    const health = await fetch(`${h.url}/healthz`, { signal: AbortSignal.timeout(5000) });
    assert.equal(health.status, 200, '/healthz after a batch');
    const activity = message(prober, h.connector.url, 'hjælp');
    const res = await send(JSON.stringify(activity), { 'content-type': 'application/json' });
    await h.bot.idle();
    assert.equal(res.status, 200, `a normal request after a batch: ${res.text}`);
    const reply = h.connector.calls.find((c) => c.body?.replyToId === activity.id);
    assert.ok(reply && cardOf(reply.body), 'the normal request answered with the welcome card');
    tally.liveness += 1;
    assert.equal((Object.prototype as any).polluted, undefined, 'Object.prototype polluted');
    assert.deepEqual(processErrors, [], 'unhandled rejections or exceptions in the server process');
  }

  async function batches<T>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
    for (let i = 0; i < items.length; i += 100) {
      await pool(items.slice(i, i + 100), concurrency, (item, j) => fn(item, i + j));
      await alive();
    }
  }

  function assertCategory(category: Category, minimum: number) {
    assert.ok(tally.inputs[category] >= minimum, `${category}: ${tally.inputs[category]} inputs, expected at least ${minimum}`);
    const mine = tally.failures.filter((f) => f.category === category);
    assert.equal(mine.length, 0, `${category}: ${mine.length} of ${tally.inputs[category]} inputs failed\n${report(category)}`);
  }

  // ---- setup: a central channel, a unit channel with a case on it ---------------------------

  /** The real card flow: anmeld → submit → confirm; the case id and where its card is. */
  async function reportCase(reporter: User): Promise<{ number: string; caseId: string; threadId: string; activityId: string }> {
    await h.post(message(reporter, h.connector.url, 'anmeld'));
    const form = cardOf(h.connector.sent(personalConversationId(reporter)).at(-1));
    const values = { ...validReportValues(clock.now()), unitIds: 'skoler' };
    const summary = (await h.post(execute(reporter, h.connector.url, 'report.submit', { ...actionData(form, 'report.submit'), ...values }))).body.value;
    const receipt = (await h.post(execute(reporter, h.connector.url, 'report.confirm', actionData(summary, 'report.confirm')))).body.value;
    const number = /BV-2026-\d{4}/.exec(cardText(receipt))?.[0];
    assert.ok(number, `receipt: ${cardText(receipt)}`);
    const stored = await h.bot.storage.cases.findByNumber(TENANT, number);
    const post = stored!.value.posts!.find((p) => p.channel.channelId === school.channelId);
    assert.ok(post?.threadId && post.activityId, 'the case card was posted in the unit channel');
    return { number, caseId: stored!.value.id, threadId: post.threadId, activityId: post.activityId };
  }

  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
    storage = await startTestStorage();
    h = await startHarness(testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] }), { clock });
    const setMembers = (ch: TeamChannel, ...users: User[]) =>
      h.connector.members.set(ch.teamId, users.map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email })));
    setMembers(central, admin, dpo);
    setMembers(school, coordA, coordB);
    setMembers(unregistered, coordA);
    h.connector.members.set(personalConversationId(prober), [{ id: prober.id, aadObjectId: prober.aadObjectId, name: prober.name, email: prober.email }]);
    for (const ch of [central, school]) assert.equal((await h.post(installInTeam(admin, h.connector.url, ch))).status, 200);
    assert.equal((await h.post(channelMessage(admin, h.connector.url, central, 'tilmeld central'))).status, 200);
    assert.equal((await h.post(channelMessage(dpo, h.connector.url, school, 'tilmeld Skoler'))).status, 200);
    fuzzCase = await reportCase(newPerson('Rita Reporter'));
    await alive();
  });

  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
    const total = Object.values(tally.inputs).reduce((a, b) => a + b, 0);
    const statuses = (Object.keys(tally.inputs) as Category[]).map((c) => `${c} ${tally.inputs[c]} (${Object.entries(tally.statuses[c]).map(([s, n]) => `${s}×${n}`).join(' ')})`);
    console.log(
      `      fuzz: ${total} hostile inputs: ${statuses.join('; ')}; person inputs answered ${tally.answeredPersonInputs}, envelopes refused ${tally.rejectedEnvelopes}, ` +
        `toString forms checked ${tally.toStringChecked}, other invokes answered 200 without a card or message ${tally.emptyInvokeAnswers}, odd accepted inputs without a reply ${tally.silentOddInputs} (${[...tally.silentOddLabels].slice(0, 5).join('; ')}), with an unreachable serviceUrl a channel invoke answered after ${tally.unreachableConnectorMs.invoke} ms and a message after ${tally.unreachableConnectorMs.message} ms, liveness checks ${tally.liveness}, failures ${tally.failures.length}, process errors ${processErrors.length}, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    await h?.stop();
    await storage?.close();
  });

  // ---- 1. HTTP ------------------------------------------------------------------------------

  it('1. HTTP: encodings, bombs, content types, non-JSON, non-objects, oversized and lying bodies, deep nesting: 400/413/415, never a crash', async () => {
    const u = newPerson();
    const valid = () => message(u, h.connector.url, 'hjælp');
    const validText = () => JSON.stringify(valid());
    const zeros = Buffer.alloc(10 * 1024 * 1024);
    const bombs: [string, Buffer][] = [
      ['gzip', gzipSync(zeros)],
      ['deflate', deflateSync(zeros)],
      ['br', brotliCompressSync(Buffer.alloc(1024 * 1024))],
    ];
    const encodings = ['gzip', 'deflate', 'br', 'x-gzip', 'GZIP', 'gzip, identity', 'identity, gzip', 'identity,br', 'compress', 'zstd', '*', 'identity;q=0', 'chunked', 'aes128gcm'];
    const garbage = [Buffer.from('x'), Buffer.from('{"type":"message"}'), Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff]), ...sample(fc.uint8Array({ minLength: 1, maxLength: 256 }), 4, 1).map((a) => Buffer.from(a))];
    const rssBefore = process.memoryUsage().rss;
    const tasks: (() => Promise<void>)[] = [];
    for (const enc of encodings) {
      for (const g of garbage) tasks.push(() => probeHttp(`Content-Encoding ${enc}, garbage`, send(g, { 'content-type': 'application/json', 'content-encoding': enc }), { enc, body: g.toString('hex').slice(0, 40) }, [415]));
      tasks.push(() => probeHttp(`Content-Encoding ${enc}, real gzip of an activity`, send(gzipSync(validText()), { 'content-type': 'application/json', 'content-encoding': enc }), { enc }, [415]));
    }
    for (const [enc, bomb] of bombs) {
      // Three at once, as in the finding.
      for (let i = 0; i < 3; i++) tasks.push(() => probeHttp(`${enc} bomb (${bomb.length} bytes)`, send(bomb, { 'content-type': 'application/json', 'content-encoding': enc }), { enc, bytes: bomb.length }, [415]));
    }
    // Content types: the refused ones 415, the JSON ones (with parameters, other case, +json) are answered.
    for (const type of ['', 'text/plain', 'text/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/jsonx', 'application/json, text/plain', 'json', '*/*', 'application/']) {
      tasks.push(() => probeHttp(`content-type ${JSON.stringify(type)}`, send(validText(), { 'content-type': type }), { type }, [415]));
    }
    tasks.push(() => probeHttp('no content-type', send(Buffer.from(validText()), {}), { type: null }, [415]));
    for (const type of ['APPLICATION/JSON', 'application/json; charset=utf-8', 'application/json;charset=UTF-8 ', 'application/vnd.api+json', 'application/activity+json']) {
      tasks.push(async () => {
        const a = valid();
        await probe('http', `content-type ${type} with a valid activity`, a, 'person', { headers: { 'content-type': type } });
      });
    }
    // Not JSON.
    const notJson = ['', ' ', 'x', '{', '{"type":', '{"a":1,}', "{'type':'message'}", 'undefined', 'NaN', 'Infinity', '{"a":01}', '\ufeff' + validText(), validText() + 'x', validText().slice(0, -1), '<xml/>', 'type=message'];
    for (const t of notJson) tasks.push(() => probeHttp(`not JSON ${JSON.stringify(t.slice(0, 20))}`, send(t, { 'content-type': 'application/json' }), t));
    for (const bytes of sample(fc.uint8Array({ minLength: 1, maxLength: 512 }), 10, 2)) {
      const b = Buffer.from(bytes);
      tasks.push(() => probeHttp('random bytes', send(b, { 'content-type': 'application/json' }), b, [400]));
    }
    tasks.push(() => probeHttp('invalid UTF-8 around an activity', send(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(validText())]), { 'content-type': 'application/json' }), 'ff fe + activity', [400]));
    // JSON that is not an object, and random JSON.
    const nonObjects = ['[]', '[{}]', `[${validText()}]`, '0', '-1', '1e999', '"message"', `"${'x'.repeat(1000)}"`, 'null', 'true', 'false', '{}', '{"type":null}'];
    for (const t of nonObjects) tasks.push(() => probeHttp(`JSON ${t.slice(0, 20)}`, send(t, { 'content-type': 'application/json' }), t, [400]));
    for (const v of sample(fc.jsonValue({ maxDepth: 4 }), 20, 3)) {
      const t = JSON.stringify(v) ?? 'null';
      tasks.push(() => probeHttp('random JSON', send(t, { 'content-type': 'application/json' }), t, [400]));
    }
    // Oversized: an honest length, chunked without a length, a length that lies either way, a bad length.
    const big = JSON.stringify({ ...valid(), text: 'a'.repeat(300 * 1024) });
    tasks.push(() => probeHttp('300 KB with its Content-Length', send(big, { 'content-type': 'application/json' }), '<300 KB activity>', [413]));
    tasks.push(() => probeHttp('257 KB of spaces', send(' '.repeat(257 * 1024) + validText(), { 'content-type': 'application/json' }), '<257 KB spaces + activity>', [413]));
    const stream = (bytes: number) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          const chunk = new Uint8Array(64 * 1024).fill(0x20);
          for (let sent = 0; sent < bytes; sent += chunk.length) controller.enqueue(chunk);
          controller.close();
        },
      });
    tasks.push(() => probeHttp('300 KB chunked, no Content-Length', send(stream(300 * 1024), { 'content-type': 'application/json' }), '<300 KB chunked>', [413]));
    tasks.push(() => probeHttp('8 MB chunked, no Content-Length', send(stream(8 * 1024 * 1024), { 'content-type': 'application/json' }), '<8 MB chunked>', [413, 0]));
    const head = (length: string, extra = '') => `POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\nConnection: close\r\n${extra}\r\n`;
    const bigBuffer = Buffer.from(big);
    tasks.push(() => probeHttp('Content-Length 100, 300 KB sent', raw(head('100'), bigBuffer), 'Content-Length: 100 + 300 KB'));
    tasks.push(() => probeHttp('Content-Length 2, a valid activity sent', raw(head('2'), Buffer.from(validText())), 'Content-Length: 2 + activity'));
    tasks.push(() => probeHttp('Content-Length 10 GB, tiny body', raw(head('10737418240'), Buffer.from('{}')), 'Content-Length: 10737418240 + {}', [413]));
    tasks.push(() => probeHttp('Content-Length 262145, 10 bytes then hang-up', raw(head('262145'), Buffer.from('{"type":"m'), { hangUp: true }), 'Content-Length: 262145 + 10 bytes', [413, 400, 0]));
    tasks.push(() => probeHttp('Content-Length 1000, 10 bytes then hang-up', raw(head('1000'), Buffer.from('{"type":"m'), { hangUp: true }), 'Content-Length: 1000 + 10 bytes + FIN', [400, 0]));
    tasks.push(() => probeHttp('Content-Length -1', raw(head('-1'), Buffer.from('{}')), 'Content-Length: -1'));
    tasks.push(() => probeHttp('Content-Length abc', raw(head('abc'), Buffer.from('{}')), 'Content-Length: abc'));
    tasks.push(() => probeHttp('two Content-Lengths', raw(head('2', 'Content-Length: 300000\r\n'), Buffer.from('{}')), 'Content-Length: 2 and 300000'));
    tasks.push(() => probeHttp('Content-Length and chunked', raw(head('5', 'Transfer-Encoding: chunked\r\n'), Buffer.from('2\r\n{}\r\n0\r\n\r\n')), 'Content-Length + Transfer-Encoding'));
    // Deep nesting, top level (not an object) and inside an otherwise valid activity.
    for (const depth of [1000, 10_000, 100_000]) {
      tasks.push(() => probeHttp(`[ × ${depth}`, send('['.repeat(depth) + ']'.repeat(depth), { 'content-type': 'application/json' }), `[ × ${depth}`, [400]));
    }
    const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    tasks.push(() => probeHttp('{"a": × 40000', send(deepObject(40_000), { 'content-type': 'application/json' }), '{"a": × 40000', [400]));
    const inside = (field: string, depth: number) => {
      const a = valid();
      const t = JSON.stringify({ ...a, [field]: '__DEEP__' }).replace('"__DEEP__"', deepObject(depth));
      return { a, t };
    };
    for (const [field, depth] of [['channelData', 5000], ['value', 20_000], ['entities', 1000], ['deep', 40_000], ['from', 3000], ['conversation', 3000]] as const) {
      tasks.push(async () => {
        const { a, t } = inside(field, depth);
        await probe('http', `valid activity with ${field} nested ${depth} deep`, a, 'either', { rawBody: t });
      });
    }
    tasks.push(async () => {
      const a = execute(u, h.connector.url, 'report.submit', {});
      const t = JSON.stringify(a).replace('"data":{}', `"data":{"whatHappened":${deepObject(20_000)}}`);
      await probe('http', 'card data nested 20000 deep', a, 'person', { rawBody: t });
    });

    await pool(tasks, 3, (task) => task());
    await alive();
    const grown = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
    assert.ok(grown < 300, `RSS grew ${grown.toFixed(0)} MB during the HTTP batch`);
    assertCategory('http', 150);
  });

  // ---- 2. envelopes -------------------------------------------------------------------------

  it('2. envelopes: every field with the wrong type, empty tenant, prototype keys, unknown types: 400 or answered', async () => {
    const sender = newPerson();
    type Base = { name: string; make: () => any; person: boolean };
    // Deep copies: the helpers share objects (the bot account), a mutation must not leak into them.
    const fresh = (a: object) => JSON.parse(JSON.stringify(a));
    const bases: Base[] = [
      { name: 'personal message', make: () => fresh(message(sender, h.connector.url, 'hjælp')), person: true },
      { name: 'channel message', make: () => fresh(channelMessage(coordA, h.connector.url, school, 'enheder')), person: true },
      { name: 'personal invoke', make: () => fresh(execute(sender, h.connector.url, 'report.cancel', {})), person: true },
      { name: 'channel invoke', make: () => fresh(channelExecute(coordA, h.connector.url, school, fuzzCase.threadId, 'case.show', { caseId: fuzzCase.caseId }, fuzzCase.activityId)), person: true },
      { name: 'install in team', make: () => fresh(installInTeam(coordA, h.connector.url, unregistered)), person: false },
    ];
    const paths = [
      'type', 'id', 'serviceUrl', 'locale', 'channelId', 'from', 'from.id', 'from.name', 'from.aadObjectId', 'recipient', 'recipient.id',
      'conversation', 'conversation.id', 'conversation.tenantId', 'conversation.conversationType', 'conversation.isGroup', 'channelData', 'channelData.tenant',
      'channelData.tenant.id', 'channelData.team', 'channelData.team.id', 'channelData.channel', 'channelData.channel.id', 'text', 'value', 'name', 'replyToId',
      'entities', 'membersAdded', 'membersRemoved', 'attachments', 'deliveryMode', 'timestamp',
    ];
    const set = (a: any, path: string, value: unknown) => {
      const keys = path.split('.');
      let node = a;
      for (const k of keys.slice(0, -1)) {
        if (!node[k] || typeof node[k] !== 'object') node[k] = {};
        node = node[k];
      }
      node[keys.at(-1)!] = value;
      return a;
    };
    const plain = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
    /** What the gate must do: 'reject' where the value cannot be what Teams sends; 'either' otherwise. */
    const verdict = (path: string, value: unknown): 'reject' | 'either' => {
      const str = typeof value === 'string';
      const accountLike = plain(value) && typeof (value as any).id === 'string' && (value as any).id.length > 0;
      switch (path) {
        case 'type':
        case 'channelId':
          return str && (value as string).length > 0 && (value as string).length <= 64 ? 'either' : 'reject';
        case 'serviceUrl':
          return str && /^https?:\/\/\S+$/i.test(value as string) ? 'either' : 'reject';
        case 'locale':
          return str && (value as string).length <= 64 ? 'either' : 'reject';
        case 'from':
        case 'recipient':
        case 'conversation':
        case 'channelData.tenant':
        case 'channelData.team':
        case 'channelData.channel':
          return accountLike ? 'either' : 'reject';
        case 'from.id':
        case 'recipient.id':
        case 'conversation.id':
        case 'channelData.team.id':
        case 'channelData.channel.id':
          return str && (value as string).length > 0 && (value as string).length <= 1024 ? 'either' : 'reject';
        case 'conversation.tenantId':
        case 'channelData.tenant.id':
          return str && /^[A-Za-z0-9._:-]{1,128}$/.test(value as string) ? 'either' : 'reject';
        case 'channelData':
          return plain(value) ? 'either' : 'reject';
        case 'text':
          return str ? 'either' : 'reject';
        case 'entities':
        case 'membersAdded':
        case 'membersRemoved':
        case 'attachments':
          return Array.isArray(value) && value.every(plain) ? 'either' : 'reject';
        case 'isGroup':
        case 'conversation.isGroup':
          return typeof value === 'boolean' ? 'either' : 'reject';
        default:
          return 'either';
      }
    };
    /** Still a person's input when accepted: the who and where are intact, only the content is odd. */
    const personKept = (path: string, value: unknown) =>
      ['locale', 'value', 'timestamp', 'deliveryMode', 'attachments', 'from.name', 'entities', 'replyToId'].includes(path) ||
      (path === 'text' && typeof value === 'string' && value.replace(/<at>[^<]*<\/at>/gi, '').trim() !== '');

    type Case = { label: string; activity: any; expect: Expect; rawBody?: string; timeoutMs?: number };
    const cases: Case[] = [];
    const escalations: Case[] = [];
    const add = (base: Base, path: string, kind: string, value: unknown) => {
      const activity = set(base.make(), path, value);
      // The invoke bases have no text; a text on them says nothing about a person's message.
      const v = verdict(path, value);
      const expect: Expect = v === 'reject' ? 'envelope' : base.person && personKept(path, value) && !(path === 'text' && base.name.includes('invoke')) ? 'either' : 'any';
      cases.push({ label: `${base.name}: ${path} = ${kind}`, activity, expect });
    };
    // Every field × every wrong kind, on a personal message and a channel invoke; a random share on the others.
    for (const path of paths) for (const { kind, value } of wrongKinds()) for (const base of [bases[0], bases[3]]) add(base, path, kind, value);
    const randomMutations = sample(fc.record({ base: fc.constantFrom(...bases), path: fc.constantFrom(...paths), value: hostileValue }), 260, 10);
    for (const m of randomMutations) add(m.base, m.path, 'random', m.value);
    // The tenant: empty, missing on both sides, a space, too long, not a tenant.
    for (const tenant of ['', ' ', 'x'.repeat(129), '../t', 'a b', '\u0000', 'ø']) {
      for (const base of bases) {
        cases.push({ label: `${base.name}: tenant ${JSON.stringify(tenant.slice(0, 10))} on both sides`, activity: set(set(base.make(), 'conversation.tenantId', tenant), 'channelData.tenant.id', tenant), expect: 'envelope' });
        cases.push({ label: `${base.name}: channelData.tenant.id ${JSON.stringify(tenant.slice(0, 10))}`, activity: set(base.make(), 'channelData.tenant.id', tenant), expect: 'envelope' });
      }
    }
    // Required fields missing.
    for (const path of ['type', 'serviceUrl', 'channelId', 'from', 'recipient', 'conversation', 'from.id', 'conversation.id']) {
      for (const base of [bases[0], bases[2]]) {
        const a = base.make();
        const keys = path.split('.');
        delete (keys.length === 1 ? a : a[keys[0]])[keys.at(-1)!];
        cases.push({ label: `${base.name}: ${path} missing`, activity: a, expect: 'envelope' });
      }
    }
    // Prototype-pollution keys at every level (own keys, as JSON.parse makes them).
    const polluted = '{"polluted":"yes","isAdmin":true,"aadObjectId":"' + admin.aadObjectId + '","deliveryMode":"expectReplies"}';
    for (const base of bases) {
      for (const where of ['top', 'from', 'conversation', 'channelData', 'value', 'channelData.tenant']) {
        const a = base.make();
        const text = JSON.stringify(where === 'top' ? a : set(a, where === 'top' ? '' : `${where}.__marker__`, 1)).replace(where === 'top' ? /^\{/ : /"__marker__":1/, where === 'top' ? `{"__proto__":${polluted},"constructor":{"prototype":{"polluted":"yes"}},` : `"__proto__":${polluted},"constructor":{"prototype":{"polluted":"yes"}}`);
        cases.push({ label: `${base.name}: __proto__/constructor keys in ${where}`, activity: a, expect: base.person && where !== 'channelData.tenant' ? 'either' : 'any', rawBody: text });
      }
    }
    // A serviceUrl that is a URL but not the connector's: the reply cannot be delivered; the invoke is still
    // answered in its HTTP body, and no answer repeats the URL.
    // (A message's HTTP answer waits for its reply: with the connector unreachable that is the SDK's retries,
    // about 11 s, so only one message is sent this way, with a longer deadline, and its time is reported.)
    for (const url of ['http://127.0.0.1:1/', 'http://127.0.0.1:1/v3/../../evil?x=<script>', 'http://[::1]:1/', 'https://127.0.0.1:1/' + 'p'.repeat(1500)]) {
      cases.push({ label: `${bases[2].name}: serviceUrl ${url.slice(0, 40)}`, activity: { ...bases[2].make(), serviceUrl: url }, expect: 'either' });
    }
    // In a channel the roster is asked first: with the connector unreachable that takes seconds (reported).
    cases.push({ label: 'channel invoke: serviceUrl unreachable', activity: { ...bases[3].make(), serviceUrl: 'http://127.0.0.1:1/' }, expect: 'either', timeoutMs: 30000 });
    cases.push({ label: 'personal message: serviceUrl unreachable', activity: { ...bases[0].make(), serviceUrl: 'http://127.0.0.1:1/' }, expect: 'any', timeoutMs: 30000 });
    for (const base of bases.filter((b) => b.person)) cases.push({ label: `${base.name}: deliveryMode expectReplies`, activity: { ...base.make(), deliveryMode: 'expectReplies' }, expect: 'either' });
    // Unknown and odd activity types.
    const types = ['foo', 'Message', 'MESSAGE', 'message ', 'invoke ', 'Invoke', 'event', 'typing', 'endOfConversation', 'messageReaction', 'installationUpdate', 'messageUpdate', 'messageDelete', 'handoff', 'trace', 'delay', 'suggestion', 'command', 'invokeResponse', '__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    for (const type of [...types, ...sample(fc.string({ unit: 'binary', minLength: 1, maxLength: 64 }), 20, 11)]) {
      for (const base of [bases[0], bases[3]]) cases.push({ label: `${base.name}: type ${JSON.stringify(type)}`, activity: { ...base.make(), type }, expect: 'any' });
    }

    // Privilege through a prototype: a non-admin whose `from` carries the admin's id only under __proto__
    // (or constructor.prototype) asks to take over the central channel. Refused, and central stays put.
    for (const key of ['__proto__', 'constructor']) {
      const a = fresh(channelMessage(coordA, h.connector.url, unregistered, 'tilmeld central'));
      const inject = key === '__proto__' ? `"__proto__":{"aadObjectId":"${admin.aadObjectId}"}` : `"constructor":{"prototype":{"aadObjectId":"${admin.aadObjectId}"}}`;
      const text = JSON.stringify(a).replace(`"aadObjectId":"${coordA.aadObjectId}"`, inject);
      escalations.push({ label: `tilmeld central with the admin's id under from.${key}`, activity: a, expect: 'person', rawBody: text });
    }
    cases.push(...escalations);

    await batches(cases, 3, async (c) => {
      const t0 = Date.now();
      await probe('envelope', c.label, c.activity, c.expect, { rawBody: c.rawBody, timeoutMs: c.timeoutMs });
      if (c.timeoutMs) tally.unreachableConnectorMs[c.activity.type] = Date.now() - t0;
    });
    assert.equal((Object.prototype as any).polluted, undefined);
    const centralNow = await h.bot.storage.units.get(TENANT, CENTRAL_UNIT_ID);
    assert.equal(centralNow?.channel.channelId, central.channelId, 'the central channel did not move');
    for (const e of escalations) {
      const reply = h.connector.calls.find((c) => c.body?.replyToId === e.activity.id);
      assert.match(reply?.body?.text ?? '', /Kun administratorerne/, `${e.label}: refused`);
    }
    assertCategory('envelope', 400);
  });

  // ---- 3. card data from a person -----------------------------------------------------------

  it('3. card data: report.* and case.* verbs with hostile values and ids, broken actions, unknown verbs and invokes: always answered', async () => {
    // Title and department are optional since issue 17 (the phone form): not among the required.
    const REQUIRED = ['reporterName', 'reporterEmail', 'unitIds', 'breachTypes', 'whatHappened', 'dataKinds', 'personsAffected', 'discoveredDate', 'ongoing'];
    const FIELDS = [...Object.keys(validReportValues(clock.now())), 'unitIds'];
    const valid = () => ({ ...validReportValues(clock.now()), unitIds: 'skoler', whatHappened: 'Et brev om en borgers sag blev sendt til en anden borger.', howHappened: 'Forkert adresse valgt.', system: 'SBSYS' });

    // a) report.submit, chained per reporter so the card's draft and ETag stay current.
    const chains = Array.from({ length: 4 }, () => ({ u: newPerson(), data: undefined as any }));
    const open = async (chain: (typeof chains)[number]) => {
      const activity = message(chain.u, h.connector.url, 'anmeld');
      await send(JSON.stringify(activity), { 'content-type': 'application/json' });
      await h.bot.idle();
      const reply = h.connector.calls.find((c) => c.body?.replyToId === activity.id);
      chain.data = draftRef(cardOf(reply?.body));
    };
    /** The draft id and ETag a card carries: the form's submit button, or the summary's confirm button. */
    const draftRef = (card: any) => {
      const data = card ? (actionData(card, 'report.submit') ?? actionData(card, 'report.confirm')) : undefined;
      return data?.etag ? { draftId: data.draftId, etag: data.etag } : undefined;
    };
    const advance = (chain: (typeof chains)[number], body: any) => {
      chain.data = draftRef(body?.type === CARD ? body.value : undefined);
    };
    for (const chain of chains) await open(chain);
    const submits = sample(fc.array(fc.record({ field: fc.constantFrom(...FIELDS), value: hostileValue }), { minLength: 1, maxLength: 4 }), 200, 20);
    const toStrings = sample(fc.record({ field: fc.constantFrom(...REQUIRED.filter((f) => f !== 'whatHappened' && f !== 'system')), value: toStringObject }), 40, 21);
    await pool(chains, chains.length, async (chain, c) => {
      for (let i = c; i < submits.length; i += chains.length) {
        if (!chain.data) await open(chain);
        const hostile = Object.fromEntries(submits[i].map(({ field, value }) => [field, value]));
        const activity = execute(chain.u, h.connector.url, 'report.submit', { ...chain.data, ...valid(), ...hostile });
        advance(chain, await probe('card', `report.submit with ${submits[i].map((s) => s.field).join(', ')} hostile`, activity, 'person'));
      }
      // toString objects in a required field: the form comes back, the other typed values kept.
      for (let i = c; i < toStrings.length; i += chains.length) {
        if (!chain.data) await open(chain);
        const { field, value } = toStrings[i];
        const typed = valid();
        const activity = execute(chain.u, h.connector.url, 'report.submit', { ...chain.data, ...typed, [field]: value });
        const label = `report.submit with ${field} = ${JSON.stringify(value)}`;
        const body = await probe('card', label, activity, 'person');
        advance(chain, body);
        const card = body?.type === CARD ? body.value : undefined;
        const kept = ['whatHappened', 'howHappened', 'system', 'reporterName'].filter((f) => f !== field);
        if (!card || !findInput(card, 'whatHappened')) fail('card', 'toString in a field: not the form card', label, activity, 200, short(JSON.stringify(body), 400));
        else {
          const lost = kept.filter((f) => findInput(card, f)?.value !== typed[f as keyof typeof typed]);
          if (lost.length > 0) fail('card', `toString in a field: typed values lost (${lost.join(', ')})`, label, activity, 200, lost.map((f) => `${f}=${JSON.stringify(findInput(card, f)?.value)}`).join(' '));
          tally.toStringChecked += 1;
        }
      }
    });
    await alive();

    // b) report.confirm / edit / cancel with hostile ids, ETags and values; report.submit with hostile ids.
    const tampered = sample(
      fc.record({
        verb: fc.constantFrom('report.confirm', 'report.edit', 'report.cancel', 'report.submit', 'report.tie', 'report.untied', 'report.tied.submit'),
        draftId: hostileId,
        // Issue 10: the known incident a card names (re-checked against the case on every use).
        incidentId: hostileId,
        etag: hostileEtag,
        values: fc.oneof(hostileValue, fc.dictionary(fc.constantFrom(...FIELDS), hostileValue, { maxKeys: 5 }).map((v) => JSON.stringify(v))),
        locale: fc.constantFrom('da-DK', 'en-US', 'xx', ''),
      }),
      120,
      22,
    );
    const confirmer = newPerson();
    const items: (() => Promise<unknown>)[] = tampered.map((t) => () =>
      probe('card', `${t.verb} with draftId ${short(JSON.stringify(t.draftId) ?? '', 30)}`, execute(confirmer, h.connector.url, t.verb, { draftId: t.draftId, etag: t.etag, values: t.values, incidentId: t.incidentId, whatHappened: t.values }, t.locale), 'person'),
    );

    // c) case.* verbs in the unit channel: the real case with hostile field values, hostile case ids.
    const caseFields = ['note', 'stopped', 'stopHow', 'risk', 'decision', 'justification', 'awareDate', 'awareTime', 'awareReason', 'notifiedDate', 'notifiedTime', 'kind', 'reference', 'delayReason', 'followUpPending', 'personsNotifiedDate', 'personsNotifiedTime', 'personsCount', 'personsHow', 'exemption', 'exemptionExplanation', 'sbsysJournalNo', 'handOverTo', 'dpcBase', 'dpcAdjust', 'ei', 'confidentiality', 'integrity', 'availability', 'malicious', 'linkedNumber', 'reason', 'etag', 'version', 'incidentTitle'];
    const allCaseVerbs = [...CASE_VERBS.map((v) => `case.${v}`), 'case.show', 'case.draftAuthority', 'case.draftPersons', 'case.proposeAssessment'];
    const onCase = sample(fc.record({ verb: fc.constantFrom(...allCaseVerbs), fields: fc.dictionary(fc.constantFrom(...caseFields), hostileValue, { minKeys: 1, maxKeys: 5 }), who: fc.constantFrom(coordA, coordB, dpo) }), 150, 23);
    for (const t of onCase) {
      items.push(() =>
        probe('card', `${t.verb} on the case with ${Object.keys(t.fields).join(', ')} hostile`, channelExecute(t.who, h.connector.url, school, fuzzCase.threadId, t.verb, { ...t.fields, caseId: fuzzCase.caseId }, fuzzCase.activityId), 'person'),
      );
    }
    const badCaseIds = sample(fc.record({ verb: fc.constantFrom(...allCaseVerbs), caseId: hostileId, where: fc.constantFrom('school', 'unregistered', 'personal') }), 100, 24);
    const fixedIds: unknown[] = ['', HUGE, '../', '../../counters/x', "'", '"', 'ø', '案件', '😀', RTL, CONTROL, EMOJI, null, 0, {}, [], { toString: 'x' }];
    for (const id of fixedIds) badCaseIds.push({ verb: 'case.acknowledge', caseId: id, where: 'school' }, { verb: 'case.show', caseId: id, where: 'school' });
    for (const t of badCaseIds) {
      const data = { caseId: t.caseId, note: 'x' };
      const activity =
        t.where === 'personal'
          ? execute(confirmer, h.connector.url, t.verb, data)
          : channelExecute(coordA, h.connector.url, t.where === 'school' ? school : unregistered, t.where === 'school' ? fuzzCase.threadId : unregistered.channelId, t.verb, data, fuzzCase.activityId);
      items.push(() => probe('card', `${t.verb} with caseId ${short(JSON.stringify(t.caseId) ?? '', 30)} in ${t.where}`, activity, 'person'));
    }

    // d) broken actions: value.action missing or not an object, verb missing, not a string, unknown; data not an object.
    const actionShapes = sample(
      fc.record({
        value: fc.oneof(
          hostileValue.map((v) => ({ kind: 'value', value: v })),
          hostileValue.map((v) => ({ kind: 'action', value: { action: v } })),
          fc.record({ verb: fc.oneof(hostileValue, fc.constantFrom('report.submit', 'case.show', 'case.acknowledge')), data: hostileValue }).map((a) => ({ kind: 'verb/data', value: { action: { type: 'Action.Execute', ...a } } })),
          fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('case.nope', 'report.nope', 'case.', 'report.', 'case.__proto__', 'case.constructor', 'review.confirm', 'cases.mine', 'report.start', 'CASE.SHOW', 'case.show ', 'case.toString')).map((verb) => ({ kind: 'unknown verb', value: { action: { type: 'Action.Execute', verb, data: { caseId: fuzzCase.caseId } } } })),
        ),
        where: fc.constantFrom('personal', 'school'),
      }),
      110,
      25,
    );
    for (const t of actionShapes) {
      const base = t.where === 'personal' ? execute(confirmer, h.connector.url, 'x', {}) : channelExecute(coordA, h.connector.url, school, fuzzCase.threadId, 'x', {}, fuzzCase.activityId);
      items.push(() => probe('card', `adaptiveCard/action, ${t.value.kind} in ${t.where}`, { ...base, value: t.value.value }, 'person'));
    }
    // e) invoke names the bot does not implement.
    const names = ['task/fetch', 'task/submit', 'composeExtension/query', 'composeExtension/submitAction', 'composeExtension/queryLink', 'signin/verifyState', 'signin/tokenExchange', 'fileConsent/invoke', 'actionableMessage/executeAction', 'config/fetch', 'tab/fetch', 'message/submitAction', 'healthCheck', 'adaptiveCard/action ', 'AdaptiveCard/Action', '', '__proto__', 'constructor'];
    for (const name of [...names, ...sample(fc.string({ unit: 'binary', maxLength: 40 }), 12, 26)]) {
      for (const value of [{ commandId: 'x', parameters: [{ name: 'q', value: HUGE.slice(0, 100) }] }, { state: '123' }, 'x', null]) {
        const a = execute(confirmer, h.connector.url, 'case.show', {});
        items.push(() => probe('card', `invoke ${JSON.stringify(name.slice(0, 30))}`, { ...a, name, value }, name.length > 256 ? 'envelope' : 'person'));
      }
    }
    // f) Action.Submit (a message with the card's data): the bot's own submit verbs and unknown ones.
    const submitsData = sample(fc.record({ verb: fc.oneof(fc.constantFrom('report.start', 'cases.mine'), hostileValue), rest: fc.dictionary(fc.string({ maxLength: 8 }), hostileValue, { maxKeys: 4 }) }), 60, 27);
    for (const t of submitsData) {
      const s = newPerson();
      const known = t.verb === 'report.start' || t.verb === 'cases.mine';
      items.push(() => probe('card', `Action.Submit verb ${short(JSON.stringify(t.verb) ?? '', 30)}`, submit(s, h.connector.url, { ...t.rest, verb: t.verb }), known ? 'person' : 'any'));
    }

    await batches(items, 3, (item) => item().then(() => undefined));
    assertCategory('card', 800);
    assert.ok(tally.toStringChecked >= 30, `toString forms checked: ${tally.toStringChecked}`);
  });

  // ---- 4. message text ----------------------------------------------------------------------

  it('4. message text: random unicode, very long, mentions only, markdown, <at> soup, commands with junk, in a personal chat and in channels', async () => {
    const texts = sample(fc.record({ t: messageTexts(), where: fc.constantFrom('personal', 'personal', 'school', 'central', 'unregistered') }), 260, 30);
    const fixed: { kind: string; text: string }[] = [
      ...CPR_LIKE.map((c) => ({ kind: 'cpr', text: `anmeld ${c}` })),
      { kind: 'rtl', text: RTL },
      { kind: 'emoji', text: EMOJI },
      { kind: 'control', text: CONTROL },
      { kind: 'huge', text: HUGE },
      { kind: 'tilmeld junk', text: `tilmeld ${HUGE}` },
      { kind: 'tilmeld junk', text: 'tilmeld ../../central' },
      { kind: 'tilmeld junk', text: 'tilmeld <at>x</at>' },
      { kind: 'tilmeld junk', text: `tilmeld ${CPR_LIKE[0]}` },
      { kind: 'tilmeld junk', text: 'tilmeld __proto__' },
      { kind: 'tilmeld junk', text: 'tilmeld constructor' },
      { kind: 'tilmeld junk', text: 'tilmeld \u0000' },
      { kind: 'afmeld junk', text: 'afmeld __proto__' },
    ];
    const items = [...texts, ...fixed.flatMap((t) => ['personal', 'school', 'unregistered'].map((where) => ({ t, where })))];
    const people = Array.from({ length: 6 }, () => newPerson());
    const senders = [coordA, coordB, dpo, ...people];
    await batches(items, 3, async ({ t, where }, i) => {
      const who = senders[i % senders.length];
      const personal = where === 'personal';
      const ch = where === 'school' ? school : where === 'central' ? central : unregistered;
      // A personal message from a person has text beyond mentions; Teams sends nothing for an empty one.
      const activity = personal ? message(who, h.connector.url, t.text) : channelMessage(who, h.connector.url, ch, t.text);
      const visible = activity.text.replace(/<at>Brudvagt<\/at>/g, '').trim() !== '';
      const expect: Expect = personal && !visible ? 'any' : 'person';
      await probe('text', `${t.kind} in ${where}`, activity, expect);
    });
    assertCategory('text', 300);
  });

  // ---- afterwards ---------------------------------------------------------------------------

  it('afterwards a normal journey works: report, receipt, the case card in the unit channel, take', async () => {
    await alive();
    // The hostile probes may have left the fuzzed case a known incident: «Afslut hændelsen» only ends it
    // once confirmed (issue 17, finding 8), so end it as a coordinator would, and `anmeld` gives the full form.
    if ((await h.bot.storage.incidents.active(TENANT)).length > 0) {
      const end = await h.post(channelExecute(coordA, h.connector.url, school, fuzzCase.threadId, 'case.endIncident', { caseId: fuzzCase.caseId, confirmed: 'yes' }, fuzzCase.activityId));
      assert.equal(end.status, 200);
      assert.deepEqual(await h.bot.storage.incidents.active(TENANT), [], 'the confirmed press ends it');
    }
    const reporter = newPerson('Rita Efterfølger');
    const { number, caseId, threadId, activityId } = await reportCase(reporter);
    const thread = h.connector.threads(school.channelId).find((t) => cardText(cardOf(t.activity)).includes(number));
    assert.ok(thread, 'the case card in the unit channel');
    const taken = await h.post(channelExecute(coordA, h.connector.url, school, threadId, 'case.acknowledge', { caseId }, activityId));
    assert.equal(taken.status, 200);
    assert.match(cardText(taken.body.value), /Karin Koordinator/);
    const stored = (await h.bot.storage.cases.get(TENANT, caseId))!.value;
    assert.equal(stored.status, 'acknowledged');
    assert.equal(stored.work?.owner?.aadObjectId, coordA.aadObjectId);
    const total = Object.values(tally.inputs).reduce((a, b) => a + b, 0);
    assert.ok(total >= 1000, `${total} hostile inputs, expected at least 1,000`);
    assert.deepEqual(processErrors, []);
  });
});
