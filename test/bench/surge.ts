/**
 * The surge (issue 10, item 4): many employees report within minutes, as after a supplier incident.
 * Two bot instances (child processes running the server as `npm run serve` does, BOT_INSTANCES=2) on
 * one standalone Azurite, every report over real HTTP with Teams-shaped activities (anmeld → submit →
 * confirm, each turn to either instance as Azure Bot Service would spread them), the fake Bot Connector
 * in this process enforcing Teams' rate per conversation (429 with Retry-After over the limit).
 *
 * Counted: receipts, stored cases (lost, duplicates), cards per report in the channels, sends per
 * conversation per window as the fake saw them (attempts), 429s and whether any send arrived while a
 * Retry-After ran. Measured: receipt latency, peak RSS per instance (the kernel's VmHWM), Table
 * requests per report (a counting HTTP proxy between the instances and Azurite: seen from outside),
 * channel sends per minute. Used by `npm run surge` (figures) and test/e2e/surge.test.ts (the counts).
 */
import * as fs from 'node:fs';
import { createServer, request as httpRequest, Agent, type Server } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { devConnectionString } from '../../src/storage/embeddedAzurite';
import { openTables } from '../../src/storage/tableClients';
import { TableCaseRepository } from '../../src/storage/tableCaseRepository';
import { TENANT, channelMessage, execute, message, personalConversationId, teamChannel, user, type TeamChannel } from '../helpers/activities';
import { startStandaloneAzurite, type StandaloneAzurite } from '../helpers/azurite';
import { actionData, cardOf, cardText } from '../helpers/cardQueries';
import { FakeConnector, TEAMS_RATE, type RecordedCall } from '../helpers/fakeConnector';
import { postActivity } from '../helpers/httpJourney';
import { validReportValues } from '../helpers/reportValues';
import { buildServerForChildProcess, startServerProcess, type ServerProcess } from '../helpers/serverProcess';
import { percentile } from './journey';

export interface SurgeOptions {
  reports: number;
  /** Over how long the reports start (evenly spread). */
  minutes: number;
  /** Unit channels the reports are spread over (round robin). */
  channels: number;
  /** How long to wait, after the last receipt, for every card to be in its channel. */
  drainMs: number;
  /** Before the load: how long to count the idle instances' Table requests (their sweeps), 0 for none. */
  idleMs?: number;
}

export interface SurgeResult {
  options: SurgeOptions;
  receipts: number;
  failedJourneys: number;
  casesStored: number;
  lost: number;
  duplicateCases: number;
  /** Reports whose card is in the channel once / not at all / more than once. */
  cardsOnce: number;
  cardsMissing: number;
  cardsExtra: number;
  peaks: { ms: number; max: number; seen: number; key: string }[];
  throttled: number;
  retryAfterViolations: number;
  receiptP50: number;
  receiptP99: number;
  peakRssMb: (number | undefined)[];
  tableRequests: number;
  /** Per method, table (the prefix removed) and status, during the load and drain. */
  tableBreakdown: [string, number][];
  /** Table requests a second of the two idle instances (sweeps), measured before the load; undefined when not measured. */
  idleRequestsPerSecond?: number;
  channelSendsPerMinute: number[];
  loadSeconds: number;
  drainSeconds: number;
  /**
   * Sends that did not go at their first delivery and were left to the sweep: the instances' log lines
   * for a failed post, card update, thread line or reminder (a deferral by the pacer, or 429s past the
   * retries; the log names the error class only, so the two are not told apart).
   */
  leftForSweep: number;
  /** Of those, the pacer's deferrals (the log's error class names the cause). */
  deferredByPacer: number;
}

/** Counts the HTTP requests the instances make to Azurite: a pass-through proxy. */
async function countingProxy(targetPort: number): Promise<{ port: number; count: () => number; byTable: Map<string, number>; close: () => Promise<void> }> {
  let n = 0;
  const byTable = new Map<string, number>();
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const server: Server = createServer((req, res) => {
    n += 1;
    // "/devstoreaccount1/<prefix><table>(keys)?query": which table, which method.
    const table = /^\/[^/]+\/([A-Za-z0-9$]+)/.exec(decodeURIComponent((req.url ?? '').split('?')[0]))?.[1] ?? '?';
    const upstream = httpRequest({ host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
      // By method, table and status: a 412 is a lost ETag race (two instances on one row), a 404 a miss.
      const key = `${req.method} ${table} ${answer.statusCode}`;
      byTable.set(key, (byTable.get(key) ?? 0) + 1);
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    count: () => n,
    byTable,
    close: () => {
      agent.destroy();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The kernel's peak resident set of a process (VmHWM), in MB; undefined off Linux. */
function peakRssMb(pid: number | undefined): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : undefined;
  } catch {
    return undefined;
  }
}

const UNIT_NAMES = ['Borgerservice', 'Jobcenter', 'Skolen', 'Familie', 'Teknik', 'Kultur', 'Sundhed', 'Miljoe'];
const caseNumberOf = (activity: unknown) => /BV-\d{4}-\d{4,}/.exec(JSON.stringify(activity ?? ''))?.[0];

export async function runSurge(options: SurgeOptions, progress: (line: string) => void = () => undefined): Promise<SurgeResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brudvagt-surge-'));
  const build = buildServerForChildProcess();
  const connector = await new FakeConnector().start();
  let azurite: StandaloneAzurite | undefined;
  let proxy: Awaited<ReturnType<typeof countingProxy>> | undefined;
  const servers: ServerProcess[] = [];
  try {
    // The 1:1 replies (the report form) are kept by the activity they answer, their bodies out of the
    // call log; channel posts keep theirs (the card's case number is counted).
    const replies = new Map<string, any>();
    const calls: RecordedCall[] = [];
    const push = calls.push.bind(calls);
    calls.push = (...items: RecordedCall[]) => {
      for (const c of items) {
        const replyTo = c.body?.replyToId;
        if (replyTo && c.conversationId.startsWith('a:')) {
          replies.set(replyTo, c.body);
          c.body = { replyToId: replyTo };
        }
      }
      return push(...items);
    };
    connector.calls = calls;
    connector.rateLimit = { windows: TEAMS_RATE, retryAfterSeconds: 1 };

    azurite = await startStandaloneAzurite({ location: dir });
    proxy = await countingProxy(azurite.port);
    const prefix = `surge${Math.random().toString(36).replace(/[^a-z]/g, '').slice(0, 6)}`;
    const admin = user(9000, 'Anne Admin');
    const env = {
      AZURE_TABLES_CONNECTION_STRING: devConnectionString('127.0.0.1', proxy.port),
      TABLE_PREFIX: prefix,
      ADMIN_AAD_IDS: admin.aadObjectId,
      BOT_INSTANCES: '2',
      // The sweep delivers what the pacer deferred (and what Teams refused): on, and often.
      REMINDER_SWEEP: 'on',
      REMINDER_SWEEP_SECONDS: '5',
    };
    servers.push(...(await Promise.all([startServerProcess(build.entry, env), startServerProcess(build.entry, env)])));
    const urls = servers.map((s) => s.url);

    // The coordinators' channels, registered through the first instance (the second has cached nothing yet).
    const central = teamChannel(900, 'Sikkerhedsgruppen');
    const units: { channel: TeamChannel; id: string }[] = UNIT_NAMES.slice(0, Math.max(1, options.channels)).map((name, i) => ({ channel: teamChannel(901 + i, name), id: name.toLowerCase() }));
    for (const ch of [central, ...units.map((u) => u.channel)]) connector.members.set(ch.teamId, [{ id: admin.id, aadObjectId: admin.aadObjectId, name: admin.name }]);
    const register = async (ch: TeamChannel, text: string) => {
      const res = await postActivity(urls[0], channelMessage(admin, connector.url, ch, text));
      if (res.status !== 200) throw new Error(`${text}: HTTP ${res.status}`);
    };
    await register(central, 'tilmeld central');
    for (const u of units) await register(u.channel, `tilmeld ${u.channel.teamName}`);

    const waitReply = async (activityId: string, timeoutMs = 20_000): Promise<any> => {
      const until = Date.now() + timeoutMs;
      while (!replies.has(activityId)) {
        if (Date.now() > until) throw new Error('no reply reached the connector');
        await new Promise((r) => setTimeout(r, 10));
      }
      const body = replies.get(activityId);
      replies.delete(activityId);
      return body;
    };

    const receipts: string[] = [];
    const receiptMs: number[] = [];
    let failed = 0;
    const failures: string[] = [];
    const journey = async (i: number): Promise<void> => {
      const u = user(100_000 + i);
      connector.members.set(personalConversationId(u), [{ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email }]);
      const unit = units[i % units.length];
      // Each turn to either instance, as the Bot Service spreads them: the draft lives in the store.
      const at = (k: number) => urls[(i + k) % urls.length];
      try {
        const start = message(u, connector.url, 'anmeld');
        const opened = await postActivity(at(0), start);
        if (opened.status !== 200) throw new Error(`anmeld HTTP ${opened.status}`);
        const form = cardOf(await waitReply(start.id));
        const submitData = actionData(form, 'report.submit');
        if (!submitData) throw new Error('no report form');
        const values = { ...validReportValues(new Date()), reporterName: u.name, reporterEmail: u.email, unitIds: unit.id };
        const submitted = await postActivity(at(1), execute(u, connector.url, 'report.submit', { ...submitData, ...values }));
        const confirmData = actionData(submitted.body?.value, 'report.confirm');
        if (submitted.status !== 200 || !confirmData) throw new Error(`submit HTTP ${submitted.status}`);
        const confirmed = await postActivity(at(2), execute(u, connector.url, 'report.confirm', confirmData));
        const number = /BV-\d{4}-\d{4,}/.exec(cardText(confirmed.body?.value))?.[0];
        if (confirmed.status !== 200 || !number) throw new Error(`confirm HTTP ${confirmed.status}`);
        receipts.push(number);
        receiptMs.push(confirmed.ms);
      } catch (error) {
        failed += 1;
        if (failures.length < 5) failures.push(String((error as Error).message));
      }
    };

    let idleRequestsPerSecond: number | undefined;
    if (options.idleMs) {
      const idle0 = proxy.count();
      await new Promise((r) => setTimeout(r, options.idleMs));
      idleRequestsPerSecond = (proxy.count() - idle0) / (options.idleMs / 1000);
    }
    const requests0 = proxy.count();
    const before = new Map(proxy.byTable);
    const t0 = Date.now();
    const interval = (options.minutes * 60_000) / options.reports;
    const running: Promise<void>[] = [];
    for (let i = 0; i < options.reports; i++) {
      const due = t0 + i * interval;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      running.push(journey(i));
      if (i > 0 && i % Math.max(1, Math.round(options.reports / 10)) === 0) progress(`  ${i} reports started, ${receipts.length} receipts, ${connector.createdThreads().length} cards`);
    }
    await Promise.all(running);
    const loadSeconds = (Date.now() - t0) / 1000;
    if (failures.length) progress(`  failed journeys (first ${failures.length}): ${failures.join('; ')}`);

    // Drain: every receipted report's card in its channel, or the time is up.
    const cardsByNumber = () => {
      const counts = new Map<string, number>();
      for (const c of connector.createdThreads()) {
        const n = caseNumberOf(c.body?.activity);
        if (n) counts.set(n, (counts.get(n) ?? 0) + 1);
      }
      return counts;
    };
    const t1 = Date.now();
    while (Date.now() - t1 < options.drainMs) {
      const cards = cardsByNumber();
      if (receipts.every((n) => (cards.get(n) ?? 0) >= 1)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    // A little longer: a duplicate card would show up now.
    await new Promise((r) => setTimeout(r, 1500));
    const drainSeconds = (Date.now() - t1) / 1000;
    const tableRequests = proxy.count() - requests0;
    const peakRss = servers.map((s) => peakRssMb(s.child.pid));

    // What the store holds: every case of the tenant (one scan).
    const tables = await openTables(azurite.connectionString, { prefix });
    const repo = new TableCaseRepository(tables.cases);
    const stored: { number: string; reporter: string }[] = [];
    for await (const c of repo.reportedBetween(TENANT, new Date(t0 - 3600_000), new Date(Date.now() + 3600_000))) stored.push({ number: c.number, reporter: c.reporter.aadObjectId });
    const storedNumbers = new Set(stored.map((s) => s.number));
    const perReporter = new Map<string, number>();
    for (const s of stored) perReporter.set(s.reporter, (perReporter.get(s.reporter) ?? 0) + 1);
    const duplicateCases = [...perReporter.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0) + (stored.length - storedNumbers.size);

    const cards = cardsByNumber();
    const channelKeys = new Set(units.map((u) => u.channel.channelId).concat(central.channelId));
    const perMinute: number[] = [];
    for (const c of connector.calls) {
      if (!c.rateKey || !channelKeys.has(c.rateKey) || c.at < t0) continue;
      const minute = Math.floor((c.at - t0) / 60_000);
      while (perMinute.length <= minute) perMinute.push(0);
      perMinute[minute] += 1;
    }
    const output = servers.map((s) => s.output()).join('\n');
    return {
      options,
      receipts: receipts.length,
      failedJourneys: failed,
      casesStored: stored.length,
      lost: receipts.filter((n) => !storedNumbers.has(n)).length,
      duplicateCases,
      cardsOnce: receipts.filter((n) => cards.get(n) === 1).length,
      cardsMissing: receipts.filter((n) => !cards.get(n)).length,
      cardsExtra: receipts.filter((n) => (cards.get(n) ?? 0) > 1).length,
      peaks: connector.peakSends(TEAMS_RATE),
      throttled: connector.throttles.length,
      retryAfterViolations: connector.retryAfterViolations().length,
      receiptP50: percentile(receiptMs, 50),
      receiptP99: percentile(receiptMs, 99),
      peakRssMb: peakRss,
      tableRequests,
      tableBreakdown: [...proxy.byTable]
        .map(([k, v]): [string, number] => [k.replace(prefix, ''), v - (before.get(k) ?? 0)])
        .filter(([, v]) => v > 0)
        .sort((a, b) => b[1] - a[1]),
      idleRequestsPerSecond,
      channelSendsPerMinute: perMinute,
      loadSeconds,
      drainSeconds,
      deferredByPacer: (output.match(/<-PacingDeferred/g) ?? []).length,
      leftForSweep: (output.match(/"(case\.post|notify\.card|notify\.line|reminder\.delivery)\.failed"/g) ?? []).length,
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await proxy?.close();
    await azurite?.stop();
    await connector.stop();
    build.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function surgeReport(r: SurgeResult): string[] {
  const f = (x: number | undefined, d = 0) => (x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(d));
  const o = r.options;
  const check = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  return [
    `Surge: ${o.reports} reports over ${o.minutes} min through 2 bot instances (child processes, BOT_INSTANCES=2) on one standalone Azurite, ` +
      `${o.channels} unit channel(s); the fake Bot Connector enforces Teams' rate per conversation (7/1 s, 8/2 s, 60/30 s, 1,800/h).`,
    `known incidents: not built yet (issue 10, item 1): all ${o.reports} reports are untied, each gets its own case and card.`,
    `load ${f(r.loadSeconds, 1)} s, drain after the last receipt ${f(r.drainSeconds, 1)} s`,
    `  ${check(r.failedJourneys === 0)}  journeys failed: ${r.failedJourneys}`,
    `  ${check(r.lost === 0)}  lost (a receipt without a stored case): ${r.lost}`,
    `  ${check(r.duplicateCases === 0)}  duplicate cases: ${r.duplicateCases}`,
    `  ${check(r.receipts === r.casesStored && r.receipts === o.reports)}  receipts = cases: ${r.receipts} receipts, ${r.casesStored} cases stored, ${o.reports} reports`,
    `  ${check(r.cardsOnce === r.receipts)}  exactly one channel card per report: ${r.cardsOnce} once, ${r.cardsMissing} missing, ${r.cardsExtra} more than once`,
    ...r.peaks.map((p) => `  ${check(p.seen <= p.max)}  sends to one conversation within ${p.ms / 1000} s: at most ${p.seen} (Teams allows ${p.max})`),
    `  ${check(r.retryAfterViolations === 0)}  sends that arrived while a Retry-After ran: ${r.retryAfterViolations} (429s answered: ${r.throttled})`,
    `receipt latency (report.confirm turn): p50 ${f(r.receiptP50)} ms, p99 ${f(r.receiptP99)} ms`,
    `peak RSS per instance (VmHWM): ${r.peakRssMb.map((m) => `${f(m)} MB`).join(', ')}`,
    `Table requests per report (counted by a proxy in front of Azurite; both instances, all three turns, follow-ups and sweeps): ${f(r.tableRequests / Math.max(1, r.receipts), 2)} (${r.tableRequests} / ${r.receipts})`,
    `  by method, table and status, per report: ${r.tableBreakdown.map(([k, v]) => `${k} ${f(v / Math.max(1, r.receipts), 2)}`).join(', ')}`,
    ...(r.idleRequestsPerSecond === undefined
      ? []
      : [`  of which the idle instances' sweeps (${f(r.idleRequestsPerSecond, 2)} requests/s measured before the load): about ${f((r.idleRequestsPerSecond * (r.loadSeconds + r.drainSeconds)) / Math.max(1, r.receipts), 2)} per report`]),
    `channel sends per minute (posts, attempts included): ${r.channelSendsPerMinute.join(', ')}; peak ${Math.max(0, ...r.channelSendsPerMinute)}`,
    `sends left to the sweep at their first delivery (deferred by the pacer or refused past the retries; log lines): ${r.leftForSweep}, of which deferred by the pacer ${r.deferredByPacer}`,
  ];
}

export function surgeOk(r: SurgeResult): boolean {
  return (
    r.failedJourneys === 0 &&
    r.lost === 0 &&
    r.duplicateCases === 0 &&
    r.receipts === r.casesStored &&
    r.receipts === r.options.reports &&
    r.cardsOnce === r.receipts &&
    r.retryAfterViolations === 0 &&
    r.peaks.every((p) => p.seen <= p.max)
  );
}
