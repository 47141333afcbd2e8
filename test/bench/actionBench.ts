/**
 * Benchmark (issue #3): the Action.Execute round trip on a case card, beside the echo bot's message turn,
 * in one process (in-memory Azurite, fake Bot Connector, both bots, the load).
 *
 * Timed window of an action = one POST of an `adaptiveCard/action` invoke to /api/messages until the HTTP
 * response (which carries the updated card) is read. What the bot does with the connector inside that window
 * is not assumed but measured per turn (AsyncLocalStorage over Node's http diagnostics channels): the PUT of
 * the channel card, the timeline line, the roster look-up, the reporter's message on acknowledge, and
 * whether each of them had been answered before the bot sent its HTTP response.
 * Echo turn = POST /api/messages until the response and the reply at the connector (as in run.ts).
 *
 * Set-up through the real journey: an admin registers the central channel and one unit channel with
 * `@Brudvagt tilmeld …`, 20 coordinators are on the unit team's roster, N reporters report into the unit.
 * Actions: `case.acknowledge` («Tag sagen») once per case (never raced by another action on that case), then
 * `case.addNote` and `case.journalize`, which a case accepts any number of times.
 *
 * Teams' pacing (src/teams/pacing.ts) is off here (UNPACED, as in the test harness; a 429 would still hold
 * its conversation): the load puts dozens of sends a second into one unit channel, where Teams allows 7 a
 * second and 60 in 30 s, so a paced run would wait on Teams' windows (and defer most sends to the sweep)
 * and measure those, not the bot's round trip. Before this was said (issue 16, finding 10) the set-up's 100
 * case cards were paced like production: the 61st waited past the pacer's 10 s bound, was left for a sweep
 * that this bench never runs, and the bench stopped with "BV-2026-00xx never reached the unit channel".
 * The cost of pacing is measured by the sweep bench's paced round and test/e2e/pacing.test.ts.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import diagnostics_channel from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage, Server, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { startBrudvagt } from '../../src/brudvagt';
import type { Logger } from '../../src/logging';
import type { RequestCounter } from '../../src/storage/tableClients';
import {
  TENANT,
  channelExecute,
  channelMessage,
  execute,
  message,
  personalConversationId,
  teamChannel,
  user,
  type TeamChannel,
  type User,
} from '../helpers/activities';
import { startTestStorage } from '../helpers/azurite';
import { testConfig, UNPACED } from '../helpers/botHarness';
import { FakeConnector, type RecordedCall } from '../helpers/fakeConnector';
import { startEchoBot } from './echoBot';
import { action, cardOf, percentile, validValues } from './journey';

const SCALE = Number(process.env.BENCH_SCALE ?? '1') || 1;
const n = (x: number) => Math.max(1, Math.round(x * SCALE));
const CONCURRENCY = 20;
const CASES = n(100);
const WARMUP_ACTIONS = n(150);
const SEQ_ACTIONS = n(120);
const CONC_ACTIONS = n(1000);
const ROUNDS = 4;

type Verb = 'acknowledge' | 'addNote' | 'journalize';
type Bot = 'brudvagt' | 'echo';

/** What one bot turn sent while it ran (attributed with 20 turns in flight), and what was still open when it answered. */
interface Turn {
  verb: string;
  table: number;
  connector: Map<string, number>; // 'PUT' | 'POST activities' | 'GET members' | ...
  open: number;
  /** Connector requests not answered when the bot's HTTP response finished. */
  openAtResponse: number;
  startedAfterResponse: number;
  responded: boolean;
}

class TurnTracker {
  readonly turns: Turn[] = [];
  record = false;
  private readonly als = new AsyncLocalStorage<Turn>();
  private readonly byResponse = new WeakMap<ServerResponse, Turn>();
  private readonly byRequest = new WeakMap<ClientRequest, Turn>();
  private readonly onServerStart = (m: unknown) => {
    const { response, server } = m as { response: ServerResponse; server: Server };
    if (portOf(server) !== this.botPort) {
      // Another server's request (the echo bot's, Azurite's, the connector's) must not inherit a Brudvagt turn
      // through a reused socket's async context.
      this.als.enterWith(undefined as unknown as Turn);
      return;
    }
    const turn: Turn = { verb: '', table: 0, connector: new Map(), open: 0, openAtResponse: 0, startedAfterResponse: 0, responded: false };
    this.byResponse.set(response, turn);
    this.als.enterWith(turn);
  };
  private readonly onServerFinish = (m: unknown) => {
    const { request, response, server } = m as { request: IncomingMessage & { body?: any }; response: ServerResponse; server: Server };
    if (portOf(server) !== this.botPort) return;
    const turn = this.byResponse.get(response);
    if (!turn) return;
    turn.responded = true;
    turn.openAtResponse = turn.open;
    // The bench names its own turns (a header): the server no longer leaves the parsed body on the request.
    turn.verb = String(request.headers['x-bench-turn'] ?? '');
    if (this.record) this.turns.push(turn);
  };
  private readonly onClientStart = (m: unknown) => {
    const { request } = m as { request: ClientRequest };
    const turn = this.als.getStore();
    if (!turn) return;
    const host = String(request.getHeader('host') ?? '');
    if (host.endsWith(`:${this.storagePort}`)) {
      turn.table += 1;
      return;
    }
    if (!host.endsWith(`:${this.connectorPort}`)) return;
    const path = request.path.split('?')[0];
    const kind = `${request.method} ${/\/members/.test(path) ? 'members' : /\/activities/.test(path) ? 'activities' : /^\/v3\/conversations\/?$/.test(path) ? 'conversations' : 'other'}`;
    turn.connector.set(kind, (turn.connector.get(kind) ?? 0) + 1);
    turn.open += 1;
    if (turn.responded) turn.startedAfterResponse += 1;
    this.byRequest.set(request, turn);
  };
  private readonly onClientFinish = (m: unknown) => {
    const { request } = m as { request: ClientRequest };
    const turn = this.byRequest.get(request);
    if (turn) turn.open -= 1;
  };

  constructor(
    private readonly botPort: number,
    private readonly storagePort: number,
    private readonly connectorPort: number,
  ) {
    diagnostics_channel.subscribe('http.server.request.start', this.onServerStart);
    diagnostics_channel.subscribe('http.server.response.finish', this.onServerFinish);
    diagnostics_channel.subscribe('http.client.request.start', this.onClientStart);
    diagnostics_channel.subscribe('http.client.response.finish', this.onClientFinish);
  }

  stop(): void {
    diagnostics_channel.unsubscribe('http.server.request.start', this.onServerStart);
    diagnostics_channel.unsubscribe('http.server.response.finish', this.onServerFinish);
    diagnostics_channel.unsubscribe('http.client.request.start', this.onClientStart);
    diagnostics_channel.unsubscribe('http.client.response.finish', this.onClientFinish);
  }
}

function portOf(server: Server): number | undefined {
  const address = server?.address?.();
  return typeof address === 'object' && address !== null ? address.port : undefined;
}

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const pad = (s: string | number, w: number) => String(s).padStart(w);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

interface BenchCase {
  id: string;
  threadId: string;
  activityId: string;
  state: 'new' | 'acking' | 'acked';
}

export async function runActionBench(): Promise<void> {
  const tStart = performance.now();
  const storage = await startTestStorage();
  const connector = await new FakeConnector().start();

  const replied = new Set<string>();
  const lastSent = new Map<string, any>();
  const calls: RecordedCall[] = [];
  // Sends the bot made to the connector in the measured phase (posts, replies, card updates, thread lines).
  let measuredSends = 0;
  let countSends = false;
  calls.push = (...items: RecordedCall[]) => {
    for (const c of items) {
      if (countSends && (c.method === 'PUT' || c.method === 'POST')) measuredSends += 1;
      if (c.method === 'POST' && /\/activities/.test(c.path)) {
        lastSent.set(c.conversationId, c.body);
        if (c.body?.replyToId) replied.add(c.body.replyToId);
      }
    }
    return 0;
  };
  connector.calls = calls;

  // Outcomes as the bot logs them ('case.action' {verb, outcome}), and every notify/turn failure.
  const outcomes = new Map<string, number>();
  const errors = new Map<string, number>();
  const log: Logger = {
    info: (event, fields) => {
      if (event === 'case.action') {
        const key = `${fields?.outcome}${fields?.error ? `:${fields.error}` : ''}`;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      }
    },
    warn: (event) => void errors.set(event, (errors.get(event) ?? 0) + 1),
    error: (event) => void errors.set(event, (errors.get(event) ?? 0) + 1),
  };

  const admin = user(7000, 'Anne Admin');
  const coordinators = Array.from({ length: CONCURRENCY }, (_, i) => user(7001 + i, `Koordinator ${i + 1}`));
  const echoUsers = Array.from({ length: CONCURRENCY }, (_, i) => user(8001 + i));
  const central = teamChannel(70, 'Sikkerhedsgruppen');
  const unit: TeamChannel = teamChannel(71, 'Borgerservice');
  const member = (u: User) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email });
  connector.members.set(central.teamId, [member(admin)]);
  connector.members.set(unit.teamId, coordinators.map(member));
  for (const u of echoUsers) connector.members.set(personalConversationId(u), [member(u)]);

  const bvCounter: RequestCounter = { count: 0 };
  const echoCounter: RequestCounter = { count: 0 };
  const config = testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] });
  const bv = await startBrudvagt(config, log, { counter: bvCounter, pacing: UNPACED });
  const echo = await startEchoBot(storage.connectionString, { tableName: `${config.tablePrefix}echo`, counter: echoCounter });
  const connectorPort = Number(new URL(connector.url).port);
  const tracker = new TurnTracker(bv.port, storage.port, connectorPort);
  const urls: Record<Bot, string> = {
    brudvagt: `http://127.0.0.1:${bv.port}/api/messages`,
    echo: `http://127.0.0.1:${echo.port}/api/messages`,
  };

  async function post(bot: Bot, activity: { type?: string; value?: any }): Promise<any> {
    const turn = activity.type === 'invoke' ? String(activity.value?.action?.verb ?? '') : String(activity.type ?? '');
    const res = await fetch(urls[bot], { method: 'POST', headers: { 'content-type': 'application/json', 'x-bench-turn': turn }, body: JSON.stringify(activity) });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${bot}: HTTP ${res.status} ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : undefined;
  }
  async function replyOf(activityId: string): Promise<void> {
    const until = Date.now() + 5000;
    while (!replied.has(activityId)) {
      if (Date.now() > until) throw new Error('no reply reached the connector');
      await new Promise((r) => setTimeout(r, 1));
    }
    replied.delete(activityId);
  }

  // ---- set-up through the real journey ------------------------------------------------------------
  let t = performance.now();
  for (const [ch, text] of [
    [central, 'tilmeld central'],
    [unit, 'tilmeld Borgerservice'],
  ] as const) {
    const a = channelMessage(admin, connector.url, ch, text);
    await post('brudvagt', a);
    await replyOf(a.id);
  }
  const reporters = Array.from({ length: CASES }, (_, i) => user(9001 + i));
  for (const r of reporters) connector.members.set(personalConversationId(r), [member(r)]);
  const numbers: string[] = [];
  let nextReporter = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (nextReporter < reporters.length) {
        const r = reporters[nextReporter++];
        const start = message(r, connector.url, 'anmeld');
        await post('brudvagt', start);
        await replyOf(start.id);
        const form = cardOf(lastSent.get(personalConversationId(r)));
        const submitData = action(form, 'report.submit')?.data;
        if (!submitData) throw new Error('anmeld: no form card');
        const summary = (await post('brudvagt', execute(r, connector.url, 'report.submit', { ...submitData, ...validValues(new Date()), unitIds: 'borgerservice' })))?.value;
        const confirmData = action(summary, 'report.confirm')?.data;
        if (!confirmData) throw new Error(`submit: no summary card (${JSON.stringify(summary).slice(0, 300)})`);
        const receipt = (await post('brudvagt', execute(r, connector.url, 'report.confirm', confirmData)))?.value;
        const number = /BV-\d{4}-\d{4,}/.exec(JSON.stringify(receipt))?.[0];
        if (!number) throw new Error('confirm: no case number');
        numbers.push(number);
      }
    }),
  );
  const cases: BenchCase[] = [];
  for (const number of numbers) {
    const until = Date.now() + 10_000;
    for (;;) {
      const found = await bv.storage.cases.findByNumber(TENANT, number);
      const p = found?.value.posts?.find((x) => x.channel.channelId === unit.channelId);
      if (found && p?.threadId && p.activityId) {
        cases.push({ id: found.value.id, threadId: p.threadId, activityId: p.activityId, state: 'new' });
        break;
      }
      if (Date.now() > until) throw new Error(`${number} never reached the unit channel (unpaced: no Teams window can hold it back)`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const setupMs = performance.now() - t;

  // ---- the load --------------------------------------------------------------------------------------
  const lat = new Map<string, number[]>(); // `${bot}@${conc}` and `${verb}@${conc}`
  const push = (key: string, ms: number) => (lat.get(key) ?? (lat.set(key, []), lat.get(key)!)).push(ms);
  let badResponses = 0;
  const phaseMs: Record<string, number> = {};
  const acked = () => cases.filter((c) => c.state === 'acked');
  let noteSeq = 0;

  async function act(u: User, conc: number | null, ackShare: number): Promise<void> {
    const fresh = cases.find((c) => c.state === 'new');
    let c: BenchCase;
    let verb: Verb;
    if (fresh && (acked().length === 0 || Math.random() < ackShare)) {
      c = fresh;
      c.state = 'acking';
      verb = 'acknowledge';
    } else {
      const pool = acked();
      c = pool[Math.floor(Math.random() * pool.length)];
      verb = Math.random() < 0.7 ? 'addNote' : 'journalize';
    }
    const data: Record<string, unknown> = { caseId: c.id };
    if (verb === 'addNote') data.note = `Opfølgning ${++noteSeq}: talt med lederen.`;
    if (verb === 'journalize') data.sbsysJournalNo = '00.01.00-G01-12-26';
    const activity = channelExecute(u, connector.url, unit, c.threadId, `case.${verb}`, data, c.activityId);
    const t0 = performance.now();
    const body = await post('brudvagt', activity);
    const ms = performance.now() - t0;
    if (verb === 'acknowledge') c.state = 'acked';
    if (body?.value?.type !== 'AdaptiveCard') badResponses += 1;
    if (conc !== null) {
      push(`brudvagt@${conc}`, ms);
      push(`${verb}@${conc}`, ms);
    }
  }
  async function echoTurn(u: User, conc: number | null): Promise<void> {
    const a = message(u, connector.url, 'hej');
    const t0 = performance.now();
    await post('echo', a);
    await replyOf(a.id);
    if (conc !== null) push(`echo@${conc}`, performance.now() - t0);
  }
  async function round(bot: Bot, conc: number, units: number, measured: boolean, ackShare: number): Promise<void> {
    const users = (bot === 'brudvagt' ? coordinators : echoUsers).slice(0, conc);
    let taken = 0;
    await Promise.all(
      users.map(async (u) => {
        while (taken < units) {
          taken += 1;
          await (bot === 'brudvagt' ? act(u, measured ? conc : null, ackShare) : echoTurn(u, measured ? conc : null));
        }
      }),
    );
  }

  t = performance.now();
  const warmAcks = Math.round(CASES * 0.3);
  await round('brudvagt', CONCURRENCY, WARMUP_ACTIONS, false, warmAcks / WARMUP_ACTIONS);
  await round('echo', CONCURRENCY, WARMUP_ACTIONS, false, 0);
  phaseMs.warmup = performance.now() - t;
  const outcomesBefore = new Map(outcomes);
  const errorsBefore = new Map(errors);
  const r0 = { bv: bvCounter.count, echo: echoCounter.count };
  tracker.record = true;
  countSends = true;
  const measuredStart = performance.now();
  let bvTurns = 0;
  for (const [conc, total] of [
    [1, SEQ_ACTIONS],
    [CONCURRENCY, CONC_ACTIONS],
  ] as const) {
    t = performance.now();
    const per = Math.ceil(total / ROUNDS);
    const remainingNew = () => cases.filter((c) => c.state === 'new').length;
    for (let r = 0; r < ROUNDS; r++) {
      const order: Bot[] = r % 2 === 0 ? ['brudvagt', 'echo'] : ['echo', 'brudvagt'];
      // c=1 takes a few acknowledges, c=20 spreads the rest of them over its rounds.
      const acksWanted = conc === 1 ? Math.min(2, remainingNew()) : Math.ceil(remainingNew() / (ROUNDS - r));
      for (const bot of order) await round(bot, conc, per, true, acksWanted / per);
      bvTurns += per;
    }
    phaseMs[`c=${conc}`] = performance.now() - t;
  }
  tracker.record = false;
  countSends = false;
  const measuredSeconds = (performance.now() - measuredStart) / 1000;
  const bvRequests = bvCounter.count - r0.bv;
  const echoRequests = echoCounter.count - r0.echo;
  const mem = process.memoryUsage();

  // ---- report ----------------------------------------------------------------------------------------
  const diff = (now: Map<string, number>, before: Map<string, number>) =>
    [...now].map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const).filter(([, v]) => v > 0);
  const measuredOutcomes = diff(outcomes, outcomesBefore);
  const allNotDone = [...outcomes].filter(([k]) => k !== 'done').reduce((a, [, v]) => a + v, 0);
  const measuredNotDone = measuredOutcomes.filter(([k]) => k !== 'done').reduce((a, [, v]) => a + v, 0);
  const measuredErrors = diff(errors, errorsBefore);

  const out: string[] = [];
  const line = (s = '') => out.push(s);
  line();
  line(`Action.Execute round trip (issue #3) — case card actions by coordinators in a unit channel, beside the echo bot's message turn.`);
  line(`set-up through the real journey: central + 1 unit channel registered, ${CASES} cases reported (${fmt(setupMs / 1000)} s), ${CONCURRENCY} coordinators on the unit team's roster.`);
  line(`timed: POST adaptiveCard/action → HTTP response with the updated card read. echo: POST message → response + reply at the connector.`);
  line(
    `pacing: off (UNPACED). In the measured phase the bot sent ${fmt(measuredSends / measuredSeconds, 0)} requests a second to the connector, nearly all into one unit channel; ` +
      `Teams allows 7 a second and 60 in 30 s per channel, so paced they would wait or go to the sweep (README, "Teams' rate limits").`,
  );
  line(`durations: warm-up ${fmt(phaseMs.warmup / 1000)} s (${WARMUP_ACTIONS} actions, ${WARMUP_ACTIONS} echo turns), c=1 ${fmt(phaseMs['c=1'] / 1000)} s, c=${CONCURRENCY} ${fmt(phaseMs[`c=${CONCURRENCY}`] / 1000)} s (rounds alternate B E E B)`);
  line();
  line(`turn                conc  turns   p50 ms   p99 ms`);
  for (const conc of [1, CONCURRENCY]) {
    for (const key of ['brudvagt', 'echo', 'acknowledge', 'addNote', 'journalize']) {
      const s = lat.get(`${key}@${conc}`) ?? [];
      const label = key === 'brudvagt' ? 'brudvagt (all)' : key === 'echo' ? 'echo message' : key === 'acknowledge' ? '  «Tag sagen»' : `  case.${key}`;
      line(`${label.padEnd(19)} ${pad(conc, 4)} ${pad(s.length, 6)} ${pad(fmt(percentile(s, 50)), 8)} ${pad(fmt(percentile(s, 99)), 8)}`);
    }
  }
  line();
  // What happened inside the window, per action turn (measured phase).
  const byVerb = new Map<string, Turn[]>();
  for (const turn of tracker.turns) if (turn.verb.startsWith('case.')) (byVerb.get(turn.verb) ?? (byVerb.set(turn.verb, []), byVerb.get(turn.verb)!)).push(turn);
  line(`inside the timed window, per action turn (mean, measured turns; from the bot's own HTTP client calls):`);
  for (const [verb, turns] of byVerb) {
    const kinds = new Set(turns.flatMap((x) => [...x.connector.keys()]));
    const parts = [...kinds].sort().map((k) => `${k} ${fmt(mean(turns.map((x) => x.connector.get(k) ?? 0)), 2)}`);
    const open = turns.reduce((a, x) => a + x.openAtResponse, 0);
    const late = turns.reduce((a, x) => a + x.startedAfterResponse, 0);
    line(`  ${verb.padEnd(16)} n=${pad(turns.length, 4)}  Table requests ${fmt(mean(turns.map((x) => x.table)), 2)}; connector: ${parts.join(', ')}; unanswered at response ${open}, started after response ${late}`);
  }
  const allTurns = [...byVerb.values()].flat();
  const answeredBefore = allTurns.length > 0 && allTurns.every((x) => x.openAtResponse === 0 && x.startedAfterResponse === 0);
  const anyConnector = allTurns.some((x) => x.connector.size > 0);
  line(
    allTurns.length === 0
      ? `  → no action turn was attributed (the tracker saw none): nothing is claimed about the window.`
      : !anyConnector
        ? `  → no connector call inside any action's window: the card PUT and the timeline POST go out after the HTTP response (follow-up work).`
        : `  → the connector calls of an action are ${answeredBefore ? 'all sent AND answered before the HTTP response: inside the window' : 'NOT all inside the window (see counts above)'}.`,
  );
  line(`Table requests per action (measured, counter): ${fmt(bvRequests / bvTurns, 2)}; echo per turn: ${fmt(echoRequests / (bvTurns), 2)}`);
  line(
    `domain rejections + refusals + not found: ${measuredNotDone} in the measured phase, ${allNotDone} in the whole run (outcomes measured: ${measuredOutcomes.map(([k, v]) => `${k} ${v}`).join(', ') || '-'}); ` +
      `responses without a card: ${badResponses}; logged warnings/errors: ${[...errors].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
  );
  line();
  const b = lat.get(`brudvagt@${CONCURRENCY}`)!;
  const e = lat.get(`echo@${CONCURRENCY}`)!;
  const ratio = percentile(b, 50) / percentile(e, 50);
  line(`targets:`);
  line(`  ${ratio <= 2 ? 'PASS' : 'MISS'}  action p50 at c=${CONCURRENCY} ≤ 2× echo p50            ${fmt(percentile(b, 50))} vs ${fmt(percentile(e, 50))} ms → ${fmt(ratio, 2)}×`);
  line(`  ${measuredNotDone === 0 && allNotDone === 0 ? 'PASS' : 'MISS'}  0 domain rejections / refusals              ${allNotDone}`);
  const p99ratio = percentile(b, 99) / percentile(e, 99);
  line(`  (info) action p99 at c=${CONCURRENCY} vs echo p99                 ${fmt(percentile(b, 99))} vs ${fmt(percentile(e, 99))} ms → ${fmt(p99ratio, 2)}×`);
  if (measuredErrors.length) line(`  note: errors logged during the measured phase: ${measuredErrors.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  line();
  const mb = (x: number) => `${fmt(x / 1048576, 0)} MB`;
  line(`memory after the action bench: rss ${mb(mem.rss)}, heapUsed ${mb(mem.heapUsed)}; total ${fmt((performance.now() - tStart) / 1000)} s`);
  process.stdout.write(out.join('\n') + '\n');

  tracker.stop();
  await bv.stop();
  await echo.stop();
  await connector.stop();
  await storage.close();
}
