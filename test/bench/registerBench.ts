import { FIXTURE_CLOSE_REASON } from '../helpers/closeReason';
/**
 * Benchmark (issue #8): the register at 10,000 cases in one tenant. In one process: in-memory Azurite,
 * the fake Bot Connector, Brudvagt (request counter on). Cases and their register index rows are loaded
 * with Table batch transactions exactly as the repository writes them (toEntity, registerEntities).
 * Timed: the first register page (`@Brudvagt sager` in the central channel, POST until the HTTP
 * response, the card included), `statistik` for the year, and a case-card action (`case.addNote` from
 * the central channel) for comparison; beside them, what listing would cost without the index (one
 * scan of the tenant's cases). Target (issue #8): first page ≤ 2× a case-card action; statistics ≤ 1 s.
 */
import { TableClient, type TableTransaction } from '@azure/data-tables';
import { performance } from 'node:perf_hooks';
import { startBrudvagt } from '../../src/brudvagt';
import { silentLogger } from '../../src/logging';
import type { BreachCase } from '../../src/domain/case';
import { registerRecord, registerSummary } from '../../src/domain/register/record';
import { tableClientOptions, tableNames, type RequestCounter } from '../../src/storage/tableClients';
import { summaryHash, toEntity } from '../../src/storage/tableCaseRepository';
import { registerEntities } from '../../src/storage/tableRegisterIndex';
import { BOT, channelExecute, channelMessage, personalConversationId, teamChannel, TENANT, user } from '../helpers/activities';
import { startTestStorage } from '../helpers/azurite';
import { ControlledClock, testConfig } from '../helpers/botHarness';
import { FakeConnector, type RecordedCall } from '../helpers/fakeConnector';
import { caseOf, feedback, noRisk, justification, after } from '../domain/registerFixtures';
import { percentile } from './journey';

const SCALE = Number(process.env.BENCH_SCALE ?? '1') || 1;
const CASES = Math.max(100, Math.round(10_000 * SCALE));
const OPEN_SHARE = 0.02; // the work in hand: about 200 open of 10,000
const UNITS = 10;
const REPEATS = 20;

type Entity = { partitionKey: string; rowKey: string } & Record<string, unknown>;

function benchCase(i: number, now: Date): BreachCase {
  const reportedAt = new Date(Date.UTC(2026, 0, 1, 8) + Math.floor((i / CASES) * 320 * 24) * 3_600_000).toISOString();
  const open = i % Math.round(1 / OPEN_SHARE) === 0;
  const notify = i % 5 === 0;
  const c = caseOf({
    id: `beef0000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    number: `BV-2026-${String(i + 1).padStart(5, '0')}`,
    reportedAt,
    units: [`enhed-${i % UNITS}`],
    steps: open
      ? [[1, { type: 'acknowledge' }]]
      : notify
        ? [
            [1, { type: 'assess', risk: 'risk', decision: 'notify', justification }],
            [20, { type: 'recordAuthorityNotification', kind: 'initial', at: after(reportedAt, 20), reference: `DT-${i}`, followUpPending: false }],
            [30, { type: 'close', closeReason: FIXTURE_CLOSE_REASON, lessonsLearned: 'Ingen.', feedback }],
          ]
        : [
            [2, { type: 'assess', risk: 'none', decision: 'do_not_notify', justification: noRisk }],
            [5, { type: 'close', closeReason: FIXTURE_CLOSE_REASON, lessonsLearned: 'Ingen.', feedback }],
          ],
  });
  void now;
  return { ...c, tenantId: TENANT };
}

async function writeBatches(client: TableClient, rows: Entity[]): Promise<void> {
  const byPartition = new Map<string, Entity[]>();
  for (const r of rows) (byPartition.get(r.partitionKey) ?? (byPartition.set(r.partitionKey, []), byPartition.get(r.partitionKey)!)).push(r);
  for (const list of byPartition.values()) {
    for (let i = 0; i < list.length; i += 100) {
      const tx: TableTransaction['actions'] = list.slice(i, i + 100).map((e) => ['upsert', e as never, 'Replace']);
      await client.submitTransaction(tx);
    }
  }
}

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');

export async function runRegisterBench(): Promise<void> {
  const storage = await startTestStorage();
  const connector = await new FakeConnector().start();
  // Keep only the export's 1:1 sends (the consent card names the request to accept), nothing else.
  const consents: RecordedCall[] = [];
  connector.calls.push = (...items: RecordedCall[]) => {
    for (const c of items) if (c.path.includes('1on1')) consents.push(c);
    return 0;
  };
  const now = new Date('2026-11-20T10:00:00Z');
  const clock = new ControlledClock(now);
  const counter: RequestCounter = { count: 0 };
  const admin = user(7000, 'Admin Person');
  const dpo = user(7001, 'Dorte DPO');
  const central = teamChannel(71, 'Sikkerhedsgruppen');
  const config = testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] });
  const bv = await startBrudvagt(config, silentLogger, { counter, clock });
  connector.members.set(central.teamId, [{ id: dpo.id, aadObjectId: dpo.aadObjectId, name: dpo.name }]);
  const post = async (activity: object) => {
    const res = await fetch(`http://127.0.0.1:${bv.port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    return text ? JSON.parse(text) : undefined;
  };
  await post(channelMessage(admin, connector.url, central, 'tilmeld central'));

  const t0 = performance.now();
  const names = tableNames(config.tablePrefix);
  const opts = tableClientOptions(storage.connectionString, { requestTimeoutMs: 120_000 }); // loading 100-row batches into big partitions
  const casesTable = TableClient.fromConnectionString(storage.connectionString, names.cases, opts);
  const countedCases = TableClient.fromConnectionString(storage.connectionString, names.cases, tableClientOptions(storage.connectionString, { counter }));
  const registerTable = TableClient.fromConnectionString(storage.connectionString, names.register, opts);
  const all = Array.from({ length: CASES }, (_, i) => benchCase(i, now));
  // As an updated case is stored: with the hash of its indexed summary.
  await writeBatches(casesTable, all.map((c) => ({ ...toEntity(c), registerHash: summaryHash(registerSummary(registerRecord(c, now))) }) as unknown as Entity));
  await writeBatches(registerTable, all.flatMap((c) => registerEntities(TENANT, registerSummary(registerRecord(c, now))) as Entity[]));
  const loadS = (performance.now() - t0) / 1000;
  const openIds = all.filter((c) => c.status !== 'closed').map((c) => c.id);

  const measure = async (fn: (i: number) => Promise<unknown>, n = REPEATS) => {
    const ms: number[] = [];
    const req: number[] = [];
    await fn(-1); // warm-up
    for (let i = 0; i < n; i++) {
      const c0 = counter.count;
      const s = performance.now();
      await fn(i);
      ms.push(performance.now() - s);
      req.push(counter.count - c0);
    }
    await bv.idle();
    return { p50: percentile(ms, 50), p99: percentile(ms, 99), req: req.reduce((a, b) => a + b, 0) / req.length };
  };

  const page = await measure(() => post(channelMessage(dpo, connector.url, central, 'sager')));
  const closedPage = await measure(() => post(channelExecute(dpo, connector.url, central, central.channelId, 'register.list', { status: 'closed', year: '2026', unit: '*', notified: 'no', cursor: '' }, 'c')));
  const unitPage = await measure(() => post(channelExecute(dpo, connector.url, central, central.channelId, 'register.list', { status: 'all', year: '2026', unit: 'enhed-3', notified: '*', cursor: '' }, 'c')));
  const stats = await measure(() => post(channelMessage(dpo, connector.url, central, 'statistik 2026')), 5);
  const act = await measure((i) => post(channelExecute(dpo, connector.url, central, central.channelId, 'case.addNote', { caseId: openIds[(i + 1) % openIds.length], note: `Bench-note ${i}` }, 'c')));
  const scan = await measure(async () => {
    let n = 0;
    for await (const _ of countedCases.listEntities({ queryOptions: { filter: `PartitionKey ge '${TENANT}|' and PartitionKey lt '${TENANT}|~'` } })) n += 1;
    if (n !== CASES) throw new Error(`scan saw ${n}`);
  }, 3);

  // The export: offer (builds the file once for its size) and accept (builds again, uploads in pieces).
  // Memory: the process's RSS sampled every 10 ms during each accept, above the RSS just before it.
  // Runs 0–2: accepted at once (the file the offer built is uploaded); 3–5: accepted 11 minutes later
  // (the kept file has expired: built again from the register, as on another instance).
  const exportRuns: { cold: boolean; offer: number; accept: number; offerReq: number; acceptReq: number; extraMb: number; bytes: number; rows: number }[] = [];
  for (let i = 0; i < 6; i++) {
    const cold = i >= 3;
    consents.length = 0;
    connector.uploads.clear();
    const c0 = counter.count;
    const s0 = performance.now();
    await post(channelMessage(dpo, connector.url, central, 'eksport 2026'));
    const offer = performance.now() - s0;
    const offerReq = counter.count - c0;
    const card = consents.map((c) => c.body?.attachments?.[0]).find((a) => a?.content?.acceptContext);
    if (!card) throw new Error('no consent card');
    if (cold) clock.advance(11 * 60_000);
    global.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const c1 = counter.count;
    const s1 = performance.now();
    await post({
      type: 'invoke', name: 'fileConsent/invoke', id: `bench-${i}`, channelId: 'msteams', serviceUrl: connector.url, locale: 'da-DK',
      from: { id: dpo.id, name: dpo.name, aadObjectId: dpo.aadObjectId }, recipient: BOT,
      conversation: { id: personalConversationId(dpo), conversationType: 'personal', tenantId: TENANT }, channelData: { tenant: { id: TENANT } },
      value: { type: 'fileUpload', action: 'accept', context: { requestId: card.content.acceptContext.requestId },
        uploadInfo: { uploadUrl: connector.uploadUrl('bench.xlsx'), contentUrl: 'https://onedrive.example/bench.xlsx', name: 'bench.xlsx', uniqueId: 'u', fileType: 'xlsx' } },
    });
    const accept = performance.now() - s1;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const file = connector.uploads.get('bench.xlsx');
    if (!file?.complete) throw new Error('export upload incomplete');
    exportRuns.push({ cold, offer, accept, offerReq, acceptReq: counter.count - c1, extraMb: (peak - base) / 1048576, bytes: file.bytes.length, rows: Number(/(\d+) sager/.exec(card.content.description)?.[1] ?? 0) });
  }
  await bv.idle();
  const med = (xs: number[]) => percentile(xs, 50);
  const warm = exportRuns.filter((r) => !r.cold);
  const coldRuns = exportRuns.filter((r) => r.cold);
  const ex = {
    offer: med(exportRuns.map((r) => r.offer)),
    accept: med(warm.map((r) => r.accept)),
    coldAccept: med(coldRuns.map((r) => r.accept)),
    offerReq: med(exportRuns.map((r) => r.offerReq)),
    acceptReq: med(warm.map((r) => r.acceptReq)),
    coldReq: med(coldRuns.map((r) => r.acceptReq)),
    extraMb: Math.max(...exportRuns.map((r) => r.extraMb)),
    mb: exportRuns[0].bytes / 1048576,
    rows: exportRuns[0].rows,
  };

  const line = (what: string, r: { p50: number; p99: number; req: number }) => `| ${what} | ${fmt(r.p50)} / ${fmt(r.p99)} ms | ${fmt(r.req, 1)} |`;
  process.stdout.write(
    [
      '',
      `## Register (issue #8): ${CASES} cases in one tenant (${openIds.length} open), ${UNITS} units; loaded in ${fmt(loadS)} s`,
      '| what | p50 / p99 | Table requests |',
      '|---|---|---|',
      line('register first page (`sager`, central, 20 of all)', page),
      line('register page: closed, not notified', closedPage),
      line('register page: one unit (central filter)', unitPage),
      line('statistics for the year (`statistik 2026`)', stats),
      line('case-card action (`case.addNote`, from central)', act),
      line('without the index: one scan of the tenant\'s cases', scan),
      `| export offer (\`eksport 2026\`: read ${ex.rows} cases, build the ${fmt(ex.mb, 1)} MB XLSX, consent card) | ${fmt(ex.offer)} ms (median of 6) | ${fmt(ex.offerReq, 0)} |`,
      `| export accept at once (upload the offered file in ${Math.ceil((ex.mb * 1048576) / (13 * 320 * 1024))} piece(s), file card) | ${fmt(ex.accept)} ms (median of 3) | ${fmt(ex.acceptReq, 0)} |`,
      `| export accept after 11 min (read and build again, upload, file card) | ${fmt(ex.coldAccept)} ms (median of 3) | ${fmt(ex.coldReq, 0)} |`,
      `first page vs action: ${fmt(page.p50 / act.p50, 2)}× (target ≤ 2×: ${page.p50 <= 2 * act.p50 ? 'PASS' : 'MISS'}); statistics ${fmt(stats.p50)} ms (target ≤ 1000 ms: ${stats.p50 <= 1000 ? 'PASS' : 'MISS'})`,
      `export of ${ex.rows} cases (the build: offer, or a late accept) ${fmt(Math.max(ex.offer, ex.coldAccept))} ms (target ≤ 5000 ms: ${Math.max(ex.offer, ex.coldAccept) <= 5000 ? 'PASS' : 'MISS'}); extra RSS at the peak of an accept ${fmt(ex.extraMb, 0)} MB (target ≤ 200 MB: ${ex.extraMb <= 200 ? 'PASS' : 'MISS'})`,
      '',
    ].join('\n'),
  );
  await bv.stop();
  await connector.stop();
  await storage.close();
}
