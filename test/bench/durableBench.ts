/**
 * Benchmark (issue 7, finding 2): what the durable embedded store costs. The embedded store (Azurite's
 * LokiJS in this process) writes its whole database file before a receipt leaves the bot; the file
 * grows with the register, so the cost is measured with 0, 1,000 and 5,000 cases already stored.
 *
 * Per register size: the bot on the embedded store on disk (a temporary DATA_DIR) and, for the
 * baseline, the same bot on an in-memory store (no file, the barrier does nothing), both seeded the
 * same way; then report journeys (anmeld, submit, confirm) one at a time and 10 at a time.
 * Figures: receipt latency (the confirm turn: POST until the HTTP response with the receipt), each
 * save (serialize + write + fsync + rename) and the part of it that blocks the event loop (serialize),
 * saves per confirmed report (concurrent callers share a save), the file size.
 * Seeding writes cases and two audit rows per case straight through the adapters (a real report also
 * leaves its counter, schedule and audit rows: bytes per real report are measured and printed).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startBrudvagt, type Brudvagt } from '../../src/brudvagt';
import { silentLogger } from '../../src/logging';
import { LokiFlusher } from '../../src/storage/lokiFlusher';
import { execute, message, personalConversationId, TENANT, user, type User } from '../helpers/activities';
import { startTestStorage } from '../helpers/azurite';
import { testConfig } from '../helpers/botHarness';
import { FakeConnector } from '../helpers/fakeConnector';
import { makeCase } from '../storage/fixtures';
import { action, cardOf, percentile, validValues } from './journey';

const SCALE = Number(process.env.BENCH_SCALE ?? '1') || 1;
const n = (x: number) => Math.max(1, Math.round(x * SCALE));
const REGISTER_SIZES = [0, 1000, 5000];
const WARMUP = n(10);
const SEQ_JOURNEYS = n(60);
const CONC_JOURNEYS = n(100);
const CONCURRENCY = 10;
const DB_FILE = '__azurite_db_table__.json';

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');

interface Run {
  confirmC1: number[];
  confirmCn: number[];
  saveMs: number[];
  serializeMs: number[];
  /** Saves during the concurrent journeys (anmeld, submit and confirm each pass the barrier). */
  savesCn: number;
  confirmedCn: number;
  fileBytes: number;
  bytesPerReport: number;
}

async function seed(bot: Brudvagt, cases: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < cases) {
      const i = next++;
      const id = `seed-${i}`;
      const reporterAadId = `00000000-0000-4000-9000-${i.toString(16).padStart(12, '0')}`;
      await bot.storage.cases.create(makeCase({ id, tenantId: TENANT, number: `BV-2025-${String(i + 1).padStart(4, '0')}`, reporterAadId }));
      for (const act of ['case.create', 'case.read']) {
        await bot.storage.audit.append({ at: new Date().toISOString(), tenantId: TENANT, actorAadId: reporterAadId, actorName: 'Anne Jensen', action: act, caseId: id, outcome: 'allowed' });
      }
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
}

async function measure(size: number, onDisk: boolean, connector: FakeConnector, replies: Map<string, any>): Promise<Run> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brudvagt-durable-bench-'));
  const memory = onDisk ? undefined : await startTestStorage();
  const config = testConfig(memory?.connectionString ?? '', { dataDir, tablePrefix: '' });
  if (onDisk) config.tablesConnectionString = undefined;
  const bot = await startBrudvagt(config, silentLogger);
  const url = `http://127.0.0.1:${bot.port}/api/messages`;
  const run: Run = { confirmC1: [], confirmCn: [], saveMs: [], serializeMs: [], savesCn: 0, confirmedCn: 0, fileBytes: 0, bytesPerReport: 0 };
  try {
    await seed(bot, size);
    const flusher = bot.storage.durability instanceof LokiFlusher ? bot.storage.durability : undefined;
    if (onDisk && !flusher) throw new Error('the embedded store on disk has no LokiFlusher');
    await bot.storage.durability.flush();

    const post = async (activity: object) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      return text ? JSON.parse(text) : undefined;
    };
    const journey = async (u: User, sample?: number[]) => {
      const start = message(u, connector.url, 'anmeld');
      await post(start);
      const until = Date.now() + 5000;
      while (!replies.has(start.id)) {
        if (Date.now() > until) throw new Error('no form card');
        await new Promise((r) => setTimeout(r, 1));
      }
      const form = cardOf(replies.get(start.id));
      replies.delete(start.id);
      const summary = (await post(execute(u, connector.url, 'report.submit', { ...action(form, 'report.submit').data, ...validValues(new Date()) })))?.value;
      const t0 = performance.now();
      const receipt = (await post(execute(u, connector.url, 'report.confirm', action(summary, 'report.confirm').data)))?.value;
      sample?.push(performance.now() - t0);
      if (!/BV-\d{4}-\d{4,}/.test(JSON.stringify(receipt))) throw new Error('no receipt');
    };
    const users = Array.from({ length: CONCURRENCY }, (_, i) => user(50_000 + i));
    for (const u of users) connector.members.set(personalConversationId(u), [{ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email }]);

    for (let i = 0; i < WARMUP; i++) await journey(users[0]);
    const fileBefore = onDisk ? fs.statSync(path.join(dataDir, DB_FILE)).size : 0;
    if (flusher) {
      flusher.onSave = (ms, serializeMs) => {
        run.saveMs.push(ms);
        run.serializeMs.push(serializeMs);
      };
    }
    for (let i = 0; i < SEQ_JOURNEYS; i++) await journey(users[0], run.confirmC1);
    if (onDisk) {
      await bot.storage.durability.flush();
      run.fileBytes = fs.statSync(path.join(dataDir, DB_FILE)).size;
      run.bytesPerReport = (run.fileBytes - fileBefore) / SEQ_JOURNEYS;
    }
    const saves0 = flusher?.stats.saves ?? 0;
    let taken = 0;
    await Promise.all(
      users.map(async (u) => {
        while (taken < CONC_JOURNEYS) {
          taken += 1;
          await journey(u, run.confirmCn);
        }
      }),
    );
    run.confirmedCn = run.confirmCn.length;
    run.savesCn = (flusher?.stats.saves ?? 0) - saves0;
  } finally {
    await bot.stop();
    await memory?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return run;
}

export async function runDurableBench(): Promise<void> {
  const connector = await new FakeConnector().start();
  const replies = new Map<string, any>();
  connector.calls.push = (...items) => {
    for (const c of items) if (c.method === 'POST' && c.body?.replyToId) replies.set(c.body.replyToId, c.body);
    return 0;
  };
  const out: string[] = [];
  const line = (s = '') => out.push(s);
  line(`Durable embedded store — receipt latency and flush cost by register size (journeys: ${SEQ_JOURNEYS} at c=1, ${CONC_JOURNEYS} at c=${CONCURRENCY}; receipt = the confirm turn)`);
  line(`cases  store      file MB  receipt p50/p99 c=1  receipt p50/p99 c=${CONCURRENCY}  save p50/p99 ms  of it serialize p50/p99  saves per journey c=${CONCURRENCY}`);
  try {
    for (const size of REGISTER_SIZES) {
      const t = performance.now();
      for (const onDisk of [false, true]) {
        const r = await measure(size, onDisk, connector, replies);
        const cells = [
          String(size).padStart(5),
          (onDisk ? 'disk' : 'memory').padEnd(9),
          (onDisk ? fmt(r.fileBytes / 1048576, 2) : '-').padStart(8),
          `${fmt(percentile(r.confirmC1, 50))} / ${fmt(percentile(r.confirmC1, 99))}`.padStart(20),
          `${fmt(percentile(r.confirmCn, 50))} / ${fmt(percentile(r.confirmCn, 99))}`.padStart(21),
          (onDisk ? `${fmt(percentile(r.saveMs, 50))} / ${fmt(percentile(r.saveMs, 99))}` : '-').padStart(16),
          (onDisk ? `${fmt(percentile(r.serializeMs, 50))} / ${fmt(percentile(r.serializeMs, 99))}` : '-').padStart(24),
          (onDisk ? fmt(r.savesCn / r.confirmedCn, 2) : '-').padStart(22),
        ];
        line(cells.join('  '));
        if (onDisk) line(`       file growth per real report (case, draft, counter, schedule, audit rows): ${fmt(r.bytesPerReport / 1024, 1)} KB; this size took ${fmt((performance.now() - t) / 1000)} s`);
      }
    }
  } finally {
    await connector.stop();
  }
  process.stdout.write(out.join('\n') + '\n');
}
