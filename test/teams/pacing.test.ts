/**
 * The pacer on virtual time: what it lets go is counted in every window Teams publishes, per
 * conversation and per tenant, for bursts fast-check makes up; a 429 holds its conversation for its
 * Retry-After; a send whose turn comes too late is not made (and says so).
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { conversationKey, limitsFor, Pacer, PacingDeferred, RateLedger, TEAMS_PER_CONVERSATION, type PacingLimits, type RateWindow } from '../../src/teams/pacing';

/** Timers on a virtual clock: time moves only to the next timer once every promise has settled. */
class VirtualTime {
  now = 0;
  private timers: { at: number; resolve: () => void }[] = [];
  clock = () => this.now;
  sleep = (ms: number) => new Promise<void>((resolve) => this.timers.push({ at: this.now + Math.max(0, ms), resolve }));
  async settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  }
  /** Runs until `done` settles, advancing the clock timer by timer. */
  async run<T>(done: Promise<T>): Promise<T> {
    let finished = false;
    void done.then(
      () => (finished = true),
      () => (finished = true),
    );
    for (;;) {
      await this.settle();
      if (finished) return done;
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift();
      if (!next) throw new Error('deadlock: nothing finished and no timer pending');
      this.now = Math.max(this.now, next.at);
      next.resolve();
    }
  }
}

/** The largest number of `times` inside any window (t - ms, t]. */
function maxInWindow(times: number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[j] <= sorted[i] - ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

function assertWithin(times: number[], windows: readonly RateWindow[], what: string): void {
  for (const w of windows) {
    const seen = maxInWindow(times, w.ms);
    assert.ok(seen <= w.max, `${what}: ${seen} sends within ${w.ms} ms (allowed ${w.max})`);
  }
}

const throttled = (seconds: string) => Object.assign(new Error('Too Many Requests'), { statusCode: 429, response: { headers: { get: (n: string) => (n === 'retry-after' ? seconds : undefined) } } });

describe('teams/pacing: Teams rate limits per conversation and tenant', () => {
  it('a channel thread counts against its channel', () => {
    assert.equal(conversationKey('19:abc@thread.tacv2;messageid=1700000000000'), '19:abc@thread.tacv2');
    assert.equal(conversationKey('a:1on1-chat'), 'a:1on1-chat');
  });

  it('the shares of N instances add up to no more than Teams allows, in every window', () => {
    for (const n of [1, 2, 3, 4, 7]) {
      const l = limitsFor(n);
      TEAMS_PER_CONVERSATION.forEach((w, i) => {
        assert.equal(l.conversation[i].ms, w.ms);
        assert.ok(l.conversation[i].max * n <= w.max, `${n} instances × ${l.conversation[i].max} ≤ ${w.max} per ${w.ms} ms`);
        assert.ok(l.conversation[i].max >= 1);
      });
      assert.ok(l.tenant[0].max * n <= 30, 'the tenant budget stays under 30 requests a second');
    }
    assert.deepEqual(limitsFor(1).conversation.map((w) => w.max), [7, 8, 60, 1800]);
    assert.deepEqual(limitsFor(2).conversation.map((w) => w.max), [3, 4, 30, 900]);
  });

  it('the ledger: the 8th send in a second waits for the first to leave the window (plus the margin)', () => {
    const ledger = new RateLedger(200);
    const windows = limitsFor(1).conversation;
    for (let i = 0; i < 7; i++) {
      assert.equal(ledger.waitMs('c', windows, i * 10), 0);
      ledger.record('c', windows, i * 10);
    }
    assert.equal(ledger.waitMs('c', windows, 70), 1000 + 200 - 70, 'the 1 s window is full');
    ledger.record('c', windows, 1200);
    // 8 in 2 s: the ninth must wait until the first left the 2 s window.
    assert.equal(ledger.waitMs('c', windows, 1210), 2000 + 200 - 1210);
    assert.equal(ledger.waitMs('other', windows, 70), 0, 'another conversation is not held');
    ledger.hold('c', 5000);
    assert.equal(ledger.waitMs('c', windows, 3000), 2000, 'a hold outlasts the windows');
  });

  it('bursts to a few conversations of two tenants: never over any window, per conversation and per tenant; every send made, in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 20_000 }), conv: fc.integer({ min: 0, max: 3 }), tenant: fc.integer({ min: 0, max: 1 }) }), { minLength: 1, maxLength: 150 }),
        fc.integer({ min: 1, max: 3 }),
        async (arrivals, instances) => {
          const vt = new VirtualTime();
          const limits: PacingLimits = { ...limitsFor(instances), maxWaitMs: Number.POSITIVE_INFINITY };
          const pacer = new Pacer(limits, vt.clock, vt.sleep);
          const sent: { conv: string; tenant: string; at: number; seq: number }[] = [];
          arrivals.sort((a, b) => a.at - b.at);
          const all = Promise.all(
            arrivals.map(async (a, seq) => {
              await vt.sleep(a.at);
              const conv = `19:conv${a.conv}@thread.tacv2;messageid=${seq}`;
              const tenant = `tenant${a.tenant}`;
              await pacer.run(tenant, conv, async () => void sent.push({ conv: conversationKey(conv), tenant, at: vt.now, seq }));
            }),
          );
          await vt.run(all);
          assert.equal(sent.length, arrivals.length, 'every send made');
          for (const key of new Set(sent.map((s) => s.conv))) {
            const mine = sent.filter((s) => s.conv === key);
            assertWithin(mine.map((s) => s.at), limits.conversation, key);
            assert.deepEqual(mine.map((s) => s.seq), [...mine.map((s) => s.seq)].sort((x, y) => x - y), 'first come, first served');
          }
          for (const tenant of new Set(sent.map((s) => s.tenant))) assertWithin(sent.filter((s) => s.tenant === tenant).map((s) => s.at), limits.tenant, tenant);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a 429 holds its conversation for the Retry-After: no later send goes there before, other conversations go on', async () => {
    const vt = new VirtualTime();
    const pacer = new Pacer(limitsFor(1), vt.clock, vt.sleep);
    const log: { conv: string; at: number; ok: boolean }[] = [];
    let refuse = true;
    const send = (conv: string) =>
      pacer.run('t', conv, async () => {
        if (conv === 'A' && refuse) {
          refuse = false;
          log.push({ conv, at: vt.now, ok: false });
          throw throttled('3');
        }
        log.push({ conv, at: vt.now, ok: true });
      });
    const first = send('A').catch((e: unknown) => e);
    const rest = [send('A'), send('A'), send('B'), send('B')];
    await vt.run(Promise.all([first, ...rest]));
    assert.equal(((await first) as { statusCode?: number }).statusCode, 429, 'the 429 reaches the caller (its retry is the caller\'s)');
    const refusedAt = log.find((l) => !l.ok)!.at;
    const laterA = log.filter((l) => l.conv === 'A' && l.ok);
    assert.equal(laterA.length, 2);
    for (const l of laterA) assert.ok(l.at >= refusedAt + 3000, `A sent at ${l.at}, before the Retry-After ended at ${refusedAt + 3000}`);
    assert.ok(log.filter((l) => l.conv === 'B').every((l) => l.at < 3000), 'B was not held');
    assert.equal(pacer.stats.throttled, 1);
  });

  it('a send whose turn would come later than maxWaitMs is not made: PacingDeferred, and the sends before it go', async () => {
    const vt = new VirtualTime();
    const limits = { ...limitsFor(1), maxWaitMs: 10_000 };
    const pacer = new Pacer(limits, vt.clock, vt.sleep);
    let made = 0;
    const results = await vt.run(Promise.all(Array.from({ length: 100 }, () => pacer.run('t', 'C', async () => void (made += 1)).then(() => 'sent', (e: unknown) => e))));
    const deferred = results.filter((r) => r instanceof PacingDeferred);
    assert.equal(made, results.filter((r) => r === 'sent').length, 'a deferred send was never invoked');
    assert.equal(made + deferred.length, 100);
    // In 10 s at 7/s, 8/2 s (1.2 s and 2.2 s spans with the margin): about 8 + 4 per 2.2 s.
    assert.ok(made >= 20 && made <= 40, `made ${made}`);
    assert.equal(pacer.stats.deferred, deferred.length);
  });
});
