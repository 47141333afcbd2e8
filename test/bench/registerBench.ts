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
import { channelExecute, channelMessage, teamChannel, TENANT, user } from '../helpers/activities';
import { startTestStorage } from '../helpers/azurite';
import { ControlledClock, testConfig } from '../helpers/botHarness';
import { FakeConnector } from '../helpers/fakeConnector';
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
  connector.calls.push = () => 0; // keep nothing: 10,000 cases' worth of calls is not the point
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
      `first page vs action: ${fmt(page.p50 / act.p50, 2)}× (target ≤ 2×: ${page.p50 <= 2 * act.p50 ? 'PASS' : 'MISS'}); statistics ${fmt(stats.p50)} ms (target ≤ 1000 ms: ${stats.p50 <= 1000 ? 'PASS' : 'MISS'})`,
      '',
    ].join('\n'),
  );
  await bv.stop();
  await connector.stop();
  await storage.close();
}
