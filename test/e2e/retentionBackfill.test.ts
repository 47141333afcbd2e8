/**
 * The one-off retention pass (issue 8): cases closed before retention existed have no due-index row,
 * so nothing would ever anonymize them. At start the pass gives each one its row; the sweep then does
 * the rest. Real server, Table Storage, a controlled clock.
 */
import { strict as assert } from 'node:assert';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { TENANT } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { addYears } from '../../src/domain/retention';
import type { CasePost, CaseSchedule } from '../../src/domain/case';
import { KNOWN_NOW, knownYear } from '../domain/registerFixtures';

describe('e2e: retention for cases closed before retention existed', function () {
  this.timeout(60000);
  let storage: TestStorage;
  let h: Harness;
  const clock = new ControlledClock(new Date(KNOWN_NOW));
  before(async () => {
    storage = await startTestStorage();
    h = await startHarness(testConfig(storage.connectionString), { clock });
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });

  it('the pass schedules every closed case without a row at closedAt + RETENTION_YEARS, once; the sweep then anonymizes it', async () => {
    // As stored by a version without retention: closed, and no schedule at all.
    const post: CasePost = {
      unitId: 'skoler', unitName: 'Skoler', viaCentral: false, locale: 'da', threadId: '19:ch@thread.tacv2;messageid=1', activityId: '1', postedAt: KNOWN_NOW,
      channel: { serviceUrl: 'http://127.0.0.1:1/', tenantId: TENANT, teamId: '19:team', teamName: 'T', channelId: '19:ch@thread.tacv2', channelName: 'C', botId: '28:brudvagt-bot' },
    };
    // The type no longer allows a case without a schedule; such a row is written here as the old version wrote it.
    const cases = knownYear('bf').map((c) => ({ ...c, tenantId: TENANT, posts: [post], schedule: undefined as unknown as CaseSchedule }));
    for (const c of cases) assert.equal(await h.bot.storage.cases.create(c), 'created');
    const closed = cases.filter((c) => c.status === 'closed');
    assert.equal(closed.length, 3);

    const first = await h.bot.backfillRetention(clock.now());
    assert.deepEqual(first, { closed: 3, scheduled: 3, failed: 0 });
    for (const c of closed) {
      const stored = (await h.bot.storage.cases.get(TENANT, c.id))!.value;
      assert.ok(stored.schedule?.key, `${c.number} has a due-index row`);
      assert.equal(stored.schedule?.dueAt, addYears(c.work!.closedAt!, 5).toISOString());
    }
    // Already scheduled: a second pass (the next start) writes nothing.
    assert.deepEqual(await h.bot.backfillRetention(clock.now()), { closed: 3, scheduled: 0, failed: 0 });

    const due = addYears(closed[0].work!.closedAt!, 5);
    clock.set(new Date(due.getTime() + 60_000));
    await h.bot.sweep(clock.now());
    await h.bot.idle();
    const anonymized = (await h.bot.storage.cases.get(TENANT, closed[0].id))!.value;
    assert.ok(anonymized.anonymizedAt, 'anonymized by the sweep');
    assert.ok(!anonymized.report.whatHappened.includes(closed[0].report.whatHappened), 'the free text is gone');
    const open = (await h.bot.storage.cases.get(TENANT, cases.find((c) => c.status !== 'closed')!.id))!.value;
    assert.equal(open.anonymizedAt, undefined);
  });
});
