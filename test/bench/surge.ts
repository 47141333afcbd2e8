/**
 * The surge (issue 10, item 4): many employees report within minutes, as after a supplier incident.
 * Two bot instances (child processes running the server as `npm run serve` does, BOT_INSTANCES=2) on
 * one standalone Azurite, every report over real HTTP with Teams-shaped activities, each turn to either
 * instance as Azure Bot Service would spread them, the fake Bot Connector in this process enforcing
 * Teams' rate per conversation (429 with Retry-After over the limit).
 *
 * Before the load one report is made the normal way and a coordinator declares it a known incident on
 * its channel card. During the load a share of the reports (`tiedShare`, half by default) is tied to it
 * (anmeld → the question → report.tie → report.tied.submit: a case of its own, no card, linked to the
 * incident), the rest is not (anmeld → the question → report.untied → report.submit → report.confirm:
 * a case and a card of its own).
 *
 * Counted: receipts (tied and untied), stored cases (lost, duplicates, linked as they should be), cards
 * per untied report in the channels and none for a tied one, the incident's linked reports, its card
 * updates and the count its last one shows, sends per conversation per window as the fake saw them
 * (attempts), 429s and whether any send arrived while a Retry-After ran. Measured: receipt latency
 * (all, tied, untied), peak RSS per instance (the kernel's VmHWM), Table requests per report (a
 * counting HTTP proxy between the instances and Azurite: seen from outside), channel sends per minute.
 * Used by `npm run surge` (figures) and test/e2e/surge.test.ts (the counts).
 */
import * as fs from 'node:fs';
import { createServer, request as httpRequest, Agent, type Server } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { INCIDENT_CARD_DELAY_MS } from '../../src/app/linkReports';
import type { BreachCase } from '../../src/domain/case';
import { formatCount } from '../../src/domain/personsEstimate';
import { devConnectionString } from '../../src/storage/embeddedAzurite';
import { openTables } from '../../src/storage/tableClients';
import { TableCaseRepository } from '../../src/storage/tableCaseRepository';
import { TENANT, channelExecute, channelMessage, execute, message, personalConversationId, teamChannel, user, type TeamChannel, type User } from '../helpers/activities';
import { startStandaloneAzurite, type StandaloneAzurite } from '../helpers/azurite';
import { actionData, cardOf, cardText } from '../helpers/cardQueries';
import { FakeConnector, TEAMS_RATE, type RecordedCall } from '../helpers/fakeConnector';
import { postActivity } from '../helpers/httpJourney';
import { copenhagenWallClock, validReportValues } from '../helpers/reportValues';
import { buildServerForChildProcess, startServerProcess, type ServerProcess } from '../helpers/serverProcess';
import { percentile } from './journey';

export interface SurgeOptions {
  reports: number;
  /** Over how long the reports start (evenly spread). */
  minutes: number;
  /** Unit channels the reports are spread over (round robin). */
  channels: number;
  /** How long to wait, after the last receipt, for every card to be in its channel and the incident's card to be current. */
  drainMs: number;
  /** Before the load: how long to count the idle instances' Table requests (their sweeps), 0 for none. */
  idleMs?: number;
  /** The share of the reports tied to the known incident (0 to 1, spread evenly over the load); 0.5 unless given. */
  tiedShare?: number;
}

export interface SurgeResult {
  options: SurgeOptions;
  /** The known incident's case number (made and declared before the load; not counted among the reports). */
  incidentNumber: string;
  /** Reports the load made tied / untied (by the share). */
  tiedPlanned: number;
  untiedPlanned: number;
  receipts: number;
  tiedReceipts: number;
  untiedReceipts: number;
  failedJourneys: number;
  /** The load's cases in the store (the incident's own case not counted). */
  casesStored: number;
  lost: number;
  duplicateCases: number;
  /** Stored tied cases not linked to the incident, and untied ones linked to something. */
  misLinked: number;
  /** Untied reports whose card is in the channel once / not at all / more than once. */
  cardsOnce: number;
  cardsMissing: number;
  cardsExtra: number;
  /** Tied reports whose number is in a new channel thread (there should be none). */
  tiedWithCard: number;
  /** The incident's `linkedFrom` at the end: its length, numbers in it twice, tied receipts missing from it, numbers in it that are no tied receipt. */
  incidentLinked: number;
  incidentLinkedDuplicates: number;
  incidentLinkedMissing: number;
  incidentLinkedExtra: number;
  /** Outbox items the incident case still holds at the end (a card update never sent would be one). */
  incidentOutboxLeft: number;
  /** Card updates (PUT) of the incident's thread(s) since the load began: carried out / attempts (429s included). */
  incidentCardUpdates: number;
  incidentCardUpdateAttempts: number;
  /** The count line the last carried-out update of the incident's card shows, what it should show, and whether its per-unit counts are right. */
  incidentCardCount: string;
  incidentCardExpected: string;
  incidentCardCountOk: boolean;
  incidentCardUnitsOk: boolean;
  peaks: { ms: number; max: number; seen: number; key: string }[];
  throttled: number;
  retryAfterViolations: number;
  receiptP50: number;
  receiptP99: number;
  tiedReceiptP50: number;
  tiedReceiptP99: number;
  untiedReceiptP50: number;
  untiedReceiptP99: number;
  peakRssMb: (number | undefined)[];
  tableRequests: number;
  /** Per method, table (the prefix removed) and status, during the load and drain. */
  tableBreakdown: [string, number][];
  /** Table requests a second of the two idle instances (sweeps), measured before the load; undefined when not measured. */
  idleRequestsPerSecond?: number;
  channelSendsPerMinute: number[];
  /** The same sends by what they were: new threads (cards), card updates, lines into threads (replies); their incident-thread share. */
  channelSendsByKind: { posts: number; updates: number; lines: number; incidentLines: number };
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
const CASE_NUMBER = /BV-\d{4}-\d{4,}/g;
const caseNumbersOf = (activity: unknown): string[] => JSON.stringify(activity ?? '').match(CASE_NUMBER) ?? [];
const caseNumberOf = (activity: unknown) => caseNumbersOf(activity)[0];
/** How often the instances sweep (REMINDER_SWEEP_SECONDS): what the pacer deferred and the incident's coalesced card update go then. */
const SWEEP_SECONDS = 5;
const INCIDENT_TITLE = 'Nexus er nede';
/** The incident card's count line, as caseCardView words it. */
const COUNT_LINE = /(Ingen anmeldelser knyttet endnu|[\d.]+ anmeldelser? knyttet)/;

function expectedCountLine(n: number): string {
  return n === 0 ? 'Ingen anmeldelser knyttet endnu' : n === 1 ? '1 anmeldelse knyttet' : `${formatCount(n, 'da')} anmeldelser knyttet`;
}

/** Whether report `i` of the load is tied, spreading `share` evenly (0.5: every other one). */
export function isTied(i: number, share: number): boolean {
  return Math.floor((i + 1) * share) > Math.floor(i * share);
}

export async function runSurge(options: SurgeOptions, progress: (line: string) => void = () => undefined): Promise<SurgeResult> {
  const tiedShare = Math.min(1, Math.max(0, options.tiedShare ?? 0.5));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brudvagt-surge-'));
  const build = buildServerForChildProcess();
  const connector = await new FakeConnector().start();
  let azurite: StandaloneAzurite | undefined;
  let proxy: Awaited<ReturnType<typeof countingProxy>> | undefined;
  const servers: ServerProcess[] = [];
  try {
    // The 1:1 replies (the report form, the question) are kept by the activity they answer, their bodies
    // out of the call log; channel posts and card updates keep theirs (the case number and count are read).
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
    const coordinator = user(9001, 'Karin Koordinator');
    const env = {
      AZURE_TABLES_CONNECTION_STRING: devConnectionString('127.0.0.1', proxy.port),
      TABLE_PREFIX: prefix,
      ADMIN_AAD_IDS: admin.aadObjectId,
      BOT_INSTANCES: '2',
      // The sweep delivers what the pacer deferred (and what Teams refused) and the incident's coalesced
      // card update: on, and often.
      REMINDER_SWEEP: 'on',
      REMINDER_SWEEP_SECONDS: String(SWEEP_SECONDS),
    };
    servers.push(...(await Promise.all([startServerProcess(build.entry, env), startServerProcess(build.entry, env)])));
    const urls = servers.map((s) => s.url);
    // The store as it is, read directly (not through the counting proxy).
    const tables = await openTables(azurite.connectionString, { prefix });
    const repo = new TableCaseRepository(tables.cases);

    // The coordinators' channels, registered through the first instance (the second has cached nothing yet).
    const central = teamChannel(900, 'Sikkerhedsgruppen');
    const units: { channel: TeamChannel; id: string }[] = UNIT_NAMES.slice(0, Math.max(1, options.channels)).map((name, i) => ({ channel: teamChannel(901 + i, name), id: name.toLowerCase() }));
    const member = (u: User) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email });
    for (const ch of [central, ...units.map((u) => u.channel)]) connector.members.set(ch.teamId, [member(admin)]);
    // The incident's unit team has a coordinator (who declares it).
    connector.members.set(units[0].channel.teamId, [member(admin), member(coordinator)]);
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
    let incidentNumber = '';
    /** The receipt's own case number (a tied report's receipt names the incident's too). */
    const ownNumber = (receipt: any) => cardText(receipt).match(CASE_NUMBER)?.find((n) => n !== incidentNumber);

    /** The full form (from `anmeld` or the question's «Nej») → report.submit → report.confirm: the receipt's number and the confirm turn's time. */
    const untiedReport = async (u: User, form: any, unitId: string, at: (k: number) => string): Promise<{ number: string; ms: number }> => {
      const submitData = actionData(form, 'report.submit');
      if (!submitData) throw new Error('no report form');
      const values = { ...validReportValues(new Date()), reporterName: u.name, reporterEmail: u.email, unitIds: unitId };
      const submitted = await postActivity(at(0), execute(u, connector.url, 'report.submit', { ...submitData, ...values }));
      const confirmData = actionData(submitted.body?.value, 'report.confirm');
      if (submitted.status !== 200 || !confirmData) throw new Error(`submit HTTP ${submitted.status}`);
      const confirmed = await postActivity(at(1), execute(u, connector.url, 'report.confirm', confirmData));
      const number = ownNumber(confirmed.body?.value);
      if (confirmed.status !== 200 || !number) throw new Error(`confirm HTTP ${confirmed.status}`);
      return { number, ms: confirmed.ms };
    };

    // The known incident: one report the normal way (no incident yet: the form at once), its card in the
    // first unit's channel, and the coordinator declares it there.
    const incidentReporter = user(90_000, 'Ida Indberetter');
    connector.members.set(personalConversationId(incidentReporter), [member(incidentReporter)]);
    const first = message(incidentReporter, connector.url, 'anmeld');
    if ((await postActivity(urls[0], first)).status !== 200) throw new Error('the incident report: anmeld failed');
    incidentNumber = (await untiedReport(incidentReporter, cardOf(await waitReply(first.id)), units[0].id, () => urls[0])).number;
    await connector.waitFor(() => connector.createdThreads(units[0].channel.channelId).some((c) => caseNumberOf(c.body?.activity) === incidentNumber), 30_000);
    let incidentCase: BreachCase | undefined;
    for (let tries = 0; tries < 100; tries++) {
      incidentCase = (await repo.findByNumber(TENANT, incidentNumber))?.value;
      if (incidentCase?.posts.some((p) => p.threadId && p.activityId)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const cardPost = incidentCase?.posts.find((p) => p.channel.channelId === units[0].channel.channelId && p.threadId && p.activityId);
    if (!incidentCase || !cardPost) throw new Error(`the incident's case ${incidentNumber} has no posted card`);
    const incidentId = incidentCase.id;
    const declared = await postActivity(
      urls[1],
      channelExecute(coordinator, connector.url, units[0].channel, cardPost.threadId!, 'case.declareIncident', { caseId: incidentId, rev: String(incidentCase.work.timeline.length), incidentTitle: INCIDENT_TITLE }, cardPost.activityId!),
    );
    if (declared.status !== 200 || !cardText(declared.body?.value).includes(`Kendt hændelse: «${INCIDENT_TITLE}»`)) {
      throw new Error(`declaring ${incidentNumber} a known incident: HTTP ${declared.status}, ${cardText(declared.body?.value).slice(0, 300)}`);
    }
    // What the declaration owes Teams (its thread line, the card's other copies) is delivered before the
    // load begins: the incident's card updates counted from then on are the linked reports'.
    let declaredCase = (await repo.get(TENANT, incidentId))!.value;
    for (let tries = 0; declaredCase.schedule.outbox.length > 0 && tries < 300; tries++) {
      await new Promise((r) => setTimeout(r, 100));
      declaredCase = (await repo.get(TENANT, incidentId))!.value;
    }
    if (declaredCase.schedule.outbox.length > 0) throw new Error(`the declaration of ${incidentNumber} was not delivered in 30 s`);
    // The other instance offers the new incident once its cached listing has expired (README, "Known
    // incidents": at most 5 s); the load's tied reporters are meant to be asked about it on both.
    await new Promise((r) => setTimeout(r, 5_000));
    const incidentThreads = new Set(declaredCase.posts.flatMap((p) => (p.threadId ? [p.threadId] : [])));
    progress(`  known incident ${incidentNumber} «${INCIDENT_TITLE}» declared by ${coordinator.name}; ${Math.round(tiedShare * 100)} % of the reports are tied to it`);

    type Kind = 'tied' | 'untied';
    const receipts: { number: string; kind: Kind; ms: number }[] = [];
    let failed = 0;
    const failures: string[] = [];
    // Tied and untied reports each go round robin over the units (so both reach every channel).
    const counters = { tied: 0, untied: 0 };
    const journey = async (i: number, kind: Kind): Promise<void> => {
      const u = user(100_000 + i);
      connector.members.set(personalConversationId(u), [member(u)]);
      const unit = units[counters[kind]++ % units.length];
      // Each turn to either instance, as the Bot Service spreads them: the draft lives in the store.
      const at = (k: number) => urls[(i + k) % urls.length];
      try {
        const start = message(u, connector.url, 'anmeld');
        const opened = await postActivity(at(0), start);
        if (opened.status !== 200) throw new Error(`anmeld HTTP ${opened.status}`);
        const question = cardOf(await waitReply(start.id));
        if (!cardText(question).includes(`Er det om: «${INCIDENT_TITLE}»?`)) throw new Error('no question about the known incident');
        if (kind === 'untied') {
          const untied = await postActivity(at(1), execute(u, connector.url, 'report.untied', actionData(question, 'report.untied') ?? {}));
          if (untied.status !== 200) throw new Error(`untied HTTP ${untied.status}`);
          const { number, ms } = await untiedReport(u, untied.body?.value, unit.id, (k) => at(2 + k));
          receipts.push({ number, kind, ms });
          return;
        }
        const tie = actionData(question, 'report.tie');
        if (!tie || tie.incidentId !== incidentId) throw new Error('the question does not offer the incident');
        const tied = await postActivity(at(1), execute(u, connector.url, 'report.tie', tie));
        const formData = actionData(tied.body?.value, 'report.tied.submit');
        if (tied.status !== 200 || !formData) throw new Error(`tie HTTP ${tied.status}, no short form`);
        const { date, time } = copenhagenWallClock(new Date(Date.now() - 3600_000));
        const values = { whatHappened: `Nexus svarer ikke, når jeg åbner en sag (anmeldelse ${i}).`, discoveredDate: date, discoveredTime: time, unitIds: unit.id };
        const submitted = await postActivity(at(2), execute(u, connector.url, 'report.tied.submit', { ...formData, ...values }));
        const text = cardText(submitted.body?.value);
        const number = ownNumber(submitted.body?.value);
        if (submitted.status !== 200 || !number || !text.includes('er kendt og håndteres')) throw new Error(`tied submit HTTP ${submitted.status}: ${text.slice(0, 120)}`);
        receipts.push({ number, kind, ms: submitted.ms });
      } catch (error) {
        failed += 1;
        if (failures.length < 5) failures.push(`${kind}: ${String((error as Error).message)}`);
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
    let tiedPlanned = 0;
    for (let i = 0; i < options.reports; i++) {
      const due = t0 + i * interval;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const kind: Kind = isTied(i, tiedShare) ? 'tied' : 'untied';
      if (kind === 'tied') tiedPlanned += 1;
      running.push(journey(i, kind));
      if (i > 0 && i % Math.max(1, Math.round(options.reports / 10)) === 0) progress(`  ${i} reports started, ${receipts.length} receipts, ${connector.createdThreads().length} cards`);
    }
    await Promise.all(running);
    const loadSeconds = (Date.now() - t0) / 1000;
    if (failures.length) progress(`  failed journeys (first ${failures.length}): ${failures.join('; ')}`);
    const tiedNumbers = receipts.filter((r) => r.kind === 'tied').map((r) => r.number);
    const untiedNumbers = receipts.filter((r) => r.kind === 'untied').map((r) => r.number);

    const cardsByNumber = () => {
      const counts = new Map<string, number>();
      for (const c of connector.createdThreads()) {
        const n = caseNumberOf(c.body?.activity);
        if (n) counts.set(n, (counts.get(n) ?? 0) + 1);
      }
      return counts;
    };
    const incidentUpdates = () => connector.calls.filter((c) => c.method === 'PUT' && c.at >= t0 && incidentThreads.has(c.conversationId));
    /** The count line of the last update of the incident's card Teams carried out ('' before there is one). */
    const lastIncidentCount = () => {
      const last = incidentUpdates().filter((c) => c.created).at(-1);
      return { line: COUNT_LINE.exec(cardText(cardOf(last?.body)))?.[1] ?? '', text: cardText(cardOf(last?.body)) };
    };
    const expectedCount = expectedCountLine(tiedNumbers.length);
    // Drain: every untied report's card in its channel, every tied report in the incident's linkedFrom and
    // the incident's card showing them all, or the time is up. The incident's card is redrawn coalesced
    // (INCIDENT_CARD_DELAY_MS, then a sweep): the drain waits at least that long (and a sweep more) after
    // the last link, so a late update with a stale count would be seen.
    const settleMs = INCIDENT_CARD_DELAY_MS + 2 * SWEEP_SECONDS * 1000 + 1000;
    const t1 = Date.now();
    let allLinkedAt: number | undefined;
    let lastPoll = 0;
    while (Date.now() - t1 < options.drainMs) {
      const cards = cardsByNumber();
      const cardsDone = untiedNumbers.every((n) => (cards.get(n) ?? 0) >= 1);
      if (allLinkedAt === undefined && Date.now() - lastPoll >= 1000) {
        lastPoll = Date.now();
        const linked = new Set((await repo.get(TENANT, incidentId))?.value.linkedFrom.map((l) => l.number));
        if (tiedNumbers.every((n) => linked.has(n))) allLinkedAt = Date.now();
      }
      const settled = allLinkedAt !== undefined && Date.now() - allLinkedAt >= settleMs && lastIncidentCount().line === expectedCount;
      if (cardsDone && settled) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    // A little longer: a duplicate card would show up now.
    await new Promise((r) => setTimeout(r, 1500));
    const drainSeconds = (Date.now() - t1) / 1000;
    const tableRequests = proxy.count() - requests0;
    const peakRss = servers.map((s) => peakRssMb(s.child.pid));

    // What the store holds: every case of the tenant (one scan), the incident's apart.
    const stored: { number: string; reporter: string; linkedTo: string | null }[] = [];
    for await (const c of repo.reportedBetween(TENANT, new Date(t0 - 3600_000), new Date(Date.now() + 3600_000))) {
      if (c.id !== incidentId) stored.push({ number: c.number, reporter: c.reporter.aadObjectId, linkedTo: c.work.linkedTo });
    }
    const storedByNumber = new Map(stored.map((s) => [s.number, s]));
    const perReporter = new Map<string, number>();
    for (const s of stored) perReporter.set(s.reporter, (perReporter.get(s.reporter) ?? 0) + 1);
    const duplicateCases = [...perReporter.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0) + (stored.length - storedByNumber.size);
    const misLinked =
      tiedNumbers.filter((n) => storedByNumber.has(n) && storedByNumber.get(n)!.linkedTo !== incidentNumber).length +
      untiedNumbers.filter((n) => storedByNumber.has(n) && storedByNumber.get(n)!.linkedTo !== null).length;

    const incident = (await repo.get(TENANT, incidentId))!.value;
    const linkedNumbers = incident.linkedFrom.map((l) => l.number);
    const linkedSet = new Set(linkedNumbers);
    const tiedSet = new Set(tiedNumbers);
    const last = lastIncidentCount();
    // Per unit: what the tied reports named (the incident's card counts each unit a linked report names).
    const unitNames = new Map(units.map((u) => [u.id, u.channel.teamName]));
    const perUnit = new Map<string, number>();
    for (const l of incident.linkedFrom) for (const u of l.units) perUnit.set(u.id, (perUnit.get(u.id) ?? 0) + 1);
    const unitsOk = [...perUnit].every(([id, n]) => last.text.includes(`${unitNames.get(id) ?? id}: ${formatCount(n, 'da')}`));

    const cards = cardsByNumber();
    const inThreads = new Set(connector.createdThreads().flatMap((c) => caseNumbersOf(c.body?.activity)));
    const channelKeys = new Set(units.map((u) => u.channel.channelId).concat(central.channelId));
    const perMinute: number[] = [];
    const byKind = { posts: 0, updates: 0, lines: 0, incidentLines: 0 };
    for (const c of connector.calls) {
      if (!c.rateKey || !channelKeys.has(c.rateKey) || c.at < t0) continue;
      const minute = Math.floor((c.at - t0) / 60_000);
      while (perMinute.length <= minute) perMinute.push(0);
      perMinute[minute] += 1;
      if (c.method === 'PUT') byKind.updates += 1;
      else if (/^\/v3\/conversations\/?$/.test(c.path)) byKind.posts += 1;
      else {
        byKind.lines += 1;
        if (incidentThreads.has(c.conversationId)) byKind.incidentLines += 1;
      }
    }
    const ms = (kind?: Kind) => receipts.filter((r) => !kind || r.kind === kind).map((r) => r.ms);
    const output = servers.map((s) => s.output()).join('\n');
    return {
      options: { ...options, tiedShare },
      incidentNumber,
      tiedPlanned,
      untiedPlanned: options.reports - tiedPlanned,
      receipts: receipts.length,
      tiedReceipts: tiedNumbers.length,
      untiedReceipts: untiedNumbers.length,
      failedJourneys: failed,
      casesStored: stored.length,
      lost: receipts.filter((r) => !storedByNumber.has(r.number)).length,
      duplicateCases,
      misLinked,
      cardsOnce: untiedNumbers.filter((n) => cards.get(n) === 1).length,
      cardsMissing: untiedNumbers.filter((n) => !cards.get(n)).length,
      cardsExtra: untiedNumbers.filter((n) => (cards.get(n) ?? 0) > 1).length,
      tiedWithCard: tiedNumbers.filter((n) => inThreads.has(n)).length,
      incidentLinked: linkedNumbers.length,
      incidentLinkedDuplicates: linkedNumbers.length - linkedSet.size,
      incidentLinkedMissing: tiedNumbers.filter((n) => !linkedSet.has(n)).length,
      incidentLinkedExtra: [...linkedSet].filter((n) => !tiedSet.has(n)).length,
      incidentOutboxLeft: incident.schedule.outbox.length,
      incidentCardUpdates: incidentUpdates().filter((c) => c.created).length,
      incidentCardUpdateAttempts: incidentUpdates().length,
      incidentCardCount: last.line,
      incidentCardExpected: expectedCount,
      incidentCardCountOk: last.line === expectedCount,
      incidentCardUnitsOk: unitsOk,
      peaks: connector.peakSends(TEAMS_RATE),
      throttled: connector.throttles.length,
      retryAfterViolations: connector.retryAfterViolations().length,
      receiptP50: percentile(ms(), 50),
      receiptP99: percentile(ms(), 99),
      tiedReceiptP50: percentile(ms('tied'), 50),
      tiedReceiptP99: percentile(ms('tied'), 99),
      untiedReceiptP50: percentile(ms('untied'), 50),
      untiedReceiptP99: percentile(ms('untied'), 99),
      peakRssMb: peakRss,
      tableRequests,
      tableBreakdown: [...proxy.byTable]
        .map(([k, v]): [string, number] => [k.replace(prefix, ''), v - (before.get(k) ?? 0)])
        .filter(([, v]) => v > 0)
        .sort((a, b) => b[1] - a[1]),
      idleRequestsPerSecond,
      channelSendsPerMinute: perMinute,
      channelSendsByKind: byKind,
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

/** At most this many updates of the incident's card: one per coalescing window of the run (and its drain), a resend each, and a few more. */
export function incidentUpdateBound(r: SurgeResult): number {
  const windows = Math.ceil(((r.loadSeconds + r.drainSeconds) * 1000) / INCIDENT_CARD_DELAY_MS);
  return 2 * windows + 3;
}

export function surgeReport(r: SurgeResult): string[] {
  const f = (x: number | undefined, d = 0) => (x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(d));
  const o = r.options;
  const check = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  return [
    `Surge: ${o.reports} reports over ${o.minutes} min through 2 bot instances (child processes, BOT_INSTANCES=2) on one standalone Azurite, ` +
      `${o.channels} unit channel(s); the fake Bot Connector enforces Teams' rate per conversation (7/1 s, 8/2 s, 60/30 s, 1,800/h).`,
    `known incident ${r.incidentNumber} «${INCIDENT_TITLE}» (declared on its card before the load): ${r.tiedPlanned} reports tied to it (the short form, no card of their own), ` +
      `${r.untiedPlanned} untied (the full form, a case and card each)`,
    `load ${f(r.loadSeconds, 1)} s, drain after the last receipt ${f(r.drainSeconds, 1)} s`,
    `  ${check(r.failedJourneys === 0)}  journeys failed: ${r.failedJourneys}`,
    `  ${check(r.lost === 0)}  lost (a receipt without a stored case): ${r.lost}`,
    `  ${check(r.duplicateCases === 0)}  duplicate cases: ${r.duplicateCases}`,
    `  ${check(r.receipts === r.casesStored && r.receipts === o.reports)}  receipts = cases: ${r.receipts} receipts (${r.tiedReceipts} tied, ${r.untiedReceipts} untied), ${r.casesStored} cases stored (the incident's own not counted), ${o.reports} reports`,
    `  ${check(r.misLinked === 0)}  cases linked wrongly (a tied one not to the incident, an untied one to anything): ${r.misLinked}`,
    `  ${check(r.cardsOnce === r.untiedReceipts)}  exactly one channel card per untied report: ${r.cardsOnce} once, ${r.cardsMissing} missing, ${r.cardsExtra} more than once`,
    `  ${check(r.tiedWithCard === 0)}  tied reports in a channel card of their own: ${r.tiedWithCard}`,
    `  ${check(r.incidentLinked === r.tiedReceipts && r.incidentLinkedDuplicates === 0 && r.incidentLinkedMissing === 0 && r.incidentLinkedExtra === 0)}  ` +
      `the incident's linked reports: ${r.incidentLinked} for ${r.tiedReceipts} tied receipts (${r.incidentLinkedDuplicates} twice, ${r.incidentLinkedMissing} missing, ${r.incidentLinkedExtra} not tied)`,
    `  ${check(r.incidentCardCountOk && r.incidentCardUnitsOk)}  the incident card's last update reads «${r.incidentCardCount}» (expected «${r.incidentCardExpected}»), per-unit counts ${r.incidentCardUnitsOk ? 'right' : 'WRONG'}`,
    `  ${check(r.incidentCardUpdates >= (r.tiedReceipts > 0 ? 1 : 0) && r.incidentCardUpdates <= incidentUpdateBound(r))}  incident card updates during the run: ${r.incidentCardUpdates} carried out (${r.incidentCardUpdateAttempts} attempts) for ${r.tiedReceipts} tied reports (at most ${incidentUpdateBound(r)} allowed); ` +
      `outbox items left on the incident: ${r.incidentOutboxLeft}`,
    ...r.peaks.map((p) => `  ${check(p.seen <= p.max)}  sends to one conversation within ${p.ms / 1000} s: at most ${p.seen} (Teams allows ${p.max})`),
    `  ${check(r.retryAfterViolations === 0)}  sends that arrived while a Retry-After ran: ${r.retryAfterViolations} (429s answered: ${r.throttled})`,
    `receipt latency (the receipt's turn: report.confirm, report.tied.submit): p50 ${f(r.receiptP50)} ms, p99 ${f(r.receiptP99)} ms; ` +
      `tied p50 ${f(r.tiedReceiptP50)} ms, p99 ${f(r.tiedReceiptP99)} ms; untied p50 ${f(r.untiedReceiptP50)} ms, p99 ${f(r.untiedReceiptP99)} ms`,
    `peak RSS per instance (VmHWM): ${r.peakRssMb.map((m) => `${f(m)} MB`).join(', ')}`,
    `Table requests per report (counted by a proxy in front of Azurite; both instances, every turn, follow-ups and sweeps): ${f(r.tableRequests / Math.max(1, r.receipts), 2)} (${r.tableRequests} / ${r.receipts})`,
    `  by method, table and status, per report: ${r.tableBreakdown.map(([k, v]) => `${k} ${f(v / Math.max(1, r.receipts), 2)}`).join(', ')}`,
    ...(r.idleRequestsPerSecond === undefined
      ? []
      : [`  of which the idle instances' sweeps (${f(r.idleRequestsPerSecond, 2)} requests/s measured before the load): about ${f((r.idleRequestsPerSecond * (r.loadSeconds + r.drainSeconds)) / Math.max(1, r.receipts), 2)} per report`]),
    `channel sends per minute (posts, card updates and thread lines, attempts included): ${r.channelSendsPerMinute.join(', ')}; peak ${Math.max(0, ...r.channelSendsPerMinute)}` +
      `; in all ${r.channelSendsByKind.posts} cards, ${r.channelSendsByKind.updates} card updates, ${r.channelSendsByKind.lines} thread lines (${r.channelSendsByKind.incidentLines} in the incident's thread)`,
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
    r.misLinked === 0 &&
    r.cardsOnce === r.untiedReceipts &&
    r.tiedWithCard === 0 &&
    r.incidentLinked === r.tiedReceipts &&
    r.incidentLinkedDuplicates === 0 &&
    r.incidentLinkedMissing === 0 &&
    r.incidentLinkedExtra === 0 &&
    r.incidentCardCountOk &&
    r.incidentCardUnitsOk &&
    r.incidentCardUpdates >= (r.tiedReceipts > 0 ? 1 : 0) &&
    r.incidentCardUpdates <= incidentUpdateBound(r) &&
    r.retryAfterViolations === 0 &&
    r.peaks.every((p) => p.seen <= p.max)
  );
}
