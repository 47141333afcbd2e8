/**
 * kill -9 after a receipt (issue 7, finding 2): the real server in a child process, the fake Bot
 * Connector in this one. Each round reports a breach, waits for the receipt, kills the server with
 * SIGKILL a varied moment later (while its follow-ups, the channel post, may still be running) and
 * starts it again on the same data. At the end every receipted number must be stored and listed
 * by "mine sager", and no number may have been handed out twice.
 * Embedded store: the bot's own process holds the store, so the kill takes the store with it (the
 * durability barrier is what saves the receipt). Standalone Azurite: only the bot is killed.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmbeddedAzurite } from '../../src/storage/embeddedAzurite';
import { openTables } from '../../src/storage/tableClients';
import { TableCaseRepository } from '../../src/storage/tableCaseRepository';
import { channelMessage, personalConversationId, teamChannel, TENANT, user } from '../helpers/activities';
import { startStandaloneAzurite, type StandaloneAzurite } from '../helpers/azurite';
import { FakeConnector } from '../helpers/fakeConnector';
import { confirmReport, listMyCaseNumbers, openReportForm, postActivity, submitReport } from '../helpers/httpJourney';
import { cardText } from '../helpers/cardQueries';
import { buildServerForChildProcess, killAllServerProcesses, startServerProcess, type ServerBuild } from '../helpers/serverProcess';

const KILLS = 8;
/** Milliseconds between the receipt and the SIGKILL, one per round: at once, during the follow-ups, later. */
const KILL_DELAYS = [0, 0, 1, 3, 10, 25, 60, 150];

describe('e2e: kill -9 right after a receipt loses no case and reuses no number', function () {
  this.timeout(60000);
  let build: ServerBuild;
  let connector: FakeConnector;
  let standalone: StandaloneAzurite | undefined;
  const dirs: string[] = [];
  const tempDir = (name: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `brudvagt-${name}-`));
    dirs.push(dir);
    return dir;
  };

  before(async () => {
    build = buildServerForChildProcess();
    connector = await new FakeConnector().start();
  });
  afterEach(async () => {
    await killAllServerProcesses();
    await standalone?.stop();
    standalone = undefined;
  });
  after(async () => {
    await connector?.stop();
    build?.remove();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** KILLS rounds of report → receipt → SIGKILL → restart; then the check on a last, clean start. */
  const admin = user(7900, 'Anne Admin');
  const central = teamChannel(79, 'Sikkerhedsgruppen');

  async function killRounds(env: Record<string, string>, reporterNo: number, withCentral = false): Promise<{ receipts: string[]; listed: string[] }> {
    const u = user(reporterNo);
    connector.members.set(personalConversationId(u), [{ id: u.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email }]);
    const receipts: string[] = [];
    for (let round = 0; round < KILLS; round++) {
      const server = await startServerProcess(build.entry, withCentral ? { ...env, ADMIN_AAD_IDS: admin.aadObjectId } : env);
      if (withCentral && round === 0) {
        // The case cards then go to the central channel, posted right after each receipt (and killed mid-way).
        assert.equal((await postActivity(server.url, channelMessage(admin, connector.url, central, 'tilmeld central'))).status, 200);
        await connector.waitFor((calls) => calls.some((c) => c.conversationId === central.channelId && /centrale/.test(JSON.stringify(c.body ?? ''))));
      }
      const form = await openReportForm(server.url, connector, u);
      const summary = await submitReport(server.url, connector, u, form);
      receipts.push(await confirmReport(server.url, connector, u, summary));
      // The last round with a channel waits for its card before the kill, so at least one card is posted
      // whatever the machine's speed (a loaded CI machine can miss every 0–150 ms window); the others
      // are killed at the awkward moments.
      const cardsBefore = connector.threads(central.channelId).length;
      if (withCentral && round === KILLS - 1) await connector.waitFor(() => connector.threads(central.channelId).length > cardsBefore, 15_000);
      else {
        const delay = KILL_DELAYS[round % KILL_DELAYS.length];
        if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      }
      await server.kill9();
    }
    const last = await startServerProcess(build.entry, env);
    const listed = await listMyCaseNumbers(last.url, connector, u);
    await last.kill9();
    return { receipts, listed };
  }

  function assertNothingLost(receipts: string[], listed: string[], storedNumbers: string[]): void {
    const reused = receipts.length - new Set(receipts).size;
    const lost = receipts.filter((n) => !listed.includes(n));
    const notStored = receipts.filter((n) => !storedNumbers.includes(n));
    assert.equal(receipts.length, KILLS, 'one receipt per kill');
    assert.equal(reused, 0, `numbers handed out twice: ${receipts.join(', ')}`);
    assert.deepEqual(lost, [], `receipted but not listed by "mine sager" after the restarts`);
    assert.deepEqual(notStored, [], 'receipted but not in the cases table');
    assert.equal(storedNumbers.length, KILLS, `exactly one stored case per receipt: ${storedNumbers.join(', ')}`);
  }

  it(`embedded store: ${KILLS} kills, 0 lost, 0 numbers reused, every channel card shows a stored case (the durability barrier writes before the receipt and before the post)`, async () => {
    const dataDir = tempDir('kill-embedded');
    const { receipts, listed } = await killRounds({ DATA_DIR: dataDir }, 7001, true);
    // What reached the channel: one card per case at most twice (a post killed mid-way may be sent again).
    const carded = connector.threads(central.channelId).map((t) => /BV-\d{4}-\d{4}/.exec(cardText(t.activity?.attachments?.[0]?.content))?.[0]);
    assert.ok(carded.length >= 1, 'case cards were posted before some kills');
    // Read the tables directly: the database file the killed processes left.
    const azurite = await startEmbeddedAzurite({ dataDir });
    try {
      const tables = await openTables(azurite.connectionString);
      const stored = await new TableCaseRepository(tables.cases).listByReporter(TENANT, user(7001).aadObjectId);
      assertNothingLost(receipts, listed, stored.map((c) => c.number));
      const numbers = stored.map((c) => c.number);
      assert.deepEqual(carded.filter((n) => !n || !numbers.includes(n)), [], 'a channel card for a case that is not stored');
      for (const n of new Set(carded)) assert.ok(carded.filter((c) => c === n).length <= 2, `${n}: more than one extra card`);
    } finally {
      await azurite.close();
    }
  });

  it(`standalone Azurite: ${KILLS} kills of the bot, 0 lost, 0 numbers reused`, async () => {
    standalone = await startStandaloneAzurite({ location: tempDir('kill-standalone') });
    const { receipts, listed } = await killRounds({ AZURE_TABLES_CONNECTION_STRING: standalone.connectionString, DATA_DIR: tempDir('kill-unused') }, 7002);
    const tables = await openTables(standalone.connectionString);
    const stored = await new TableCaseRepository(tables.cases).listByReporter(TENANT, user(7002).aadObjectId);
    assertNothingLost(receipts, listed, stored.map((c) => c.number));
  });
});
