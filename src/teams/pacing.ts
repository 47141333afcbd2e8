/**
 * Pacing of proactive sends to Teams (README, "Teams' rate limits"). Teams throttles per bot per
 * conversation (a channel, a group chat, a 1:1 chat) and per app per tenant, and answers 429 with a
 * Retry-After when a bot goes over. Waiting for the 429 costs a refused request and, for a burst, a
 * queue of retries that hit the same wall; so every proactive send first takes its turn here:
 *
 * - per conversation: sliding windows over the sends this instance let go (Teams' table: 7 a second,
 *   8 in 2 s, 60 in 30 s, 1,800 an hour), one request in flight at a time, first come first served
 *   (so thread lines keep their order and a 429 is known before the next send to that conversation);
 * - per tenant: a sliding window over all of this instance's proactive sends to the tenant;
 * - a 429 holds its conversation until its Retry-After has passed: every later send waits, not only
 *   the retry of the one that was refused;
 * - a send that would wait longer than `maxWaitMs` is not sent at all (`PacingDeferred`): it is a
 *   refusal, so the outbox keeps the item (or the post is released) and a sweep sends it later.
 *   The bound keeps a paced send well inside its claim's lease (30 s at least for outbox items, 120 s
 *   for posts), so a waiting send never races another instance that took its claim over.
 *
 * The ledger is the pure part (time comes in as an argument); the pacer adds the waiting.
 */
import { retryAfterMs, statusOf } from './retry';

export interface RateWindow {
  ms: number;
  max: number;
}

export interface PacingLimits {
  conversation: RateWindow[];
  tenant: RateWindow[];
  /** A send that would wait longer than this for its turn is deferred to the outbox instead. */
  maxWaitMs: number;
  /**
   * Added to every window: the bot counts when it lets a send go, Teams when the request arrives,
   * and a request delayed on its way (event loop, connection pool) may arrive close to the next one.
   */
  marginMs: number;
  /** One send holds its conversation's turn until it is answered, or this long at most (a hung request). */
  inFlightMs: number;
  /** A 429 without a Retry-After header holds its conversation this long. */
  defaultRetryAfterMs: number;
}

/**
 * Teams' published limits (Microsoft Learn, "Optimize your bot with rate limiting in Teams", per bot per
 * thread: send and create conversation alike; global per app per tenant: 30 requests a second).
 */
export const TEAMS_PER_CONVERSATION: readonly RateWindow[] = [
  { ms: 1_000, max: 7 },
  { ms: 2_000, max: 8 },
  { ms: 30_000, max: 60 },
  { ms: 3_600_000, max: 1_800 },
];
export const TEAMS_PER_TENANT_RPS = 30;
/**
 * Of the tenant's 30 requests a second, proactive sends take 20: the rest is left to what is not paced
 * here because a person is waiting on it (replies in a turn, invoke answers do not count, roster reads
 * for the live-membership check, the 1:1 chat the bot opens).
 */
export const PROACTIVE_TENANT_RPS = 20;

/**
 * The limits one instance paces itself to when `instances` share them. Instances share no state, so
 * each takes its share of every window (rounded down, at least one): together they stay within Teams'
 * limits without talking to each other. More instances than configured still work: the excess is met
 * by Teams' 429s, which every instance honours (hold, then retry or defer).
 */
export function limitsFor(instances = 1): PacingLimits {
  const n = Math.max(1, Math.floor(instances));
  const share = (w: RateWindow): RateWindow => ({ ms: w.ms, max: Math.max(1, Math.floor(w.max / n)) });
  return {
    conversation: TEAMS_PER_CONVERSATION.map(share),
    tenant: [share({ ms: 1_000, max: PROACTIVE_TENANT_RPS })],
    maxWaitMs: 10_000,
    marginMs: 200,
    inFlightMs: 5_000,
    defaultRetryAfterMs: 1_000,
  };
}

/**
 * A send to a channel thread (`19:…@thread.tacv2;messageid=…`) counts against the channel: Teams' limit
 * is per conversation, and a channel is one conversation whatever thread a message goes to.
 */
export function conversationKey(conversationId: string): string {
  const at = conversationId.indexOf(';messageid=');
  return at < 0 ? conversationId : conversationId.slice(0, at);
}

/**
 * The sends let go per key, newest last (always recorded at `now`, so each log is sorted), and the
 * holds a 429 put on a key. Pure: no clock, no timers.
 */
export class RateLedger {
  private readonly logs = new Map<string, number[]>();
  private readonly holds = new Map<string, number>();
  private recorded = 0;

  constructor(private readonly marginMs = 0) {}

  /** How long a send to `key` must wait at `now` under `windows` (0: it may go). */
  waitMs(key: string, windows: readonly RateWindow[], now: number): number {
    let wait = Math.max(0, (this.holds.get(key) ?? 0) - now);
    const log = this.logs.get(key);
    if (!log) return wait;
    for (const w of windows) {
      // The window (now - span, now] may hold max - 1 earlier sends; the max-th newest must have left it.
      if (log.length < w.max) continue;
      const span = w.ms + this.marginMs;
      wait = Math.max(wait, log[log.length - w.max] + span - now);
    }
    return wait;
  }

  record(key: string, windows: readonly RateWindow[], now: number): void {
    const log = this.logs.get(key) ?? [];
    log.push(now);
    const keep = Math.max(...windows.map((w) => w.max));
    if (log.length > keep) log.splice(0, log.length - keep);
    this.logs.set(key, log);
    if (++this.recorded % 1000 === 0) this.prune(now, Math.max(...windows.map((w) => w.ms)) + this.marginMs);
  }

  /** Teams said 429: nothing goes to `key` before `until`. */
  hold(key: string, until: number): void {
    this.holds.set(key, Math.max(until, this.holds.get(key) ?? 0));
  }

  /** Keys whose last send left every window and whose hold has passed are forgotten (1:1 chats are many). */
  prune(now: number, longestSpan: number): void {
    for (const [key, log] of this.logs) if (log[log.length - 1] <= now - longestSpan) this.logs.delete(key);
    for (const [key, until] of this.holds) if (until <= now) this.holds.delete(key);
  }

  /** For tests and figures: how many keys are remembered. */
  get size(): number {
    return this.logs.size;
  }
}

/** The send was not made: its turn would have come too late. A refusal; the outbox keeps the item. */
export class PacingDeferred extends Error {
  constructor(readonly conversation: string, readonly waitMs: number) {
    super(`paced: a send to this conversation would wait ${Math.round(waitMs)} ms; left for the sweep`);
    this.name = 'PacingDeferred';
  }
}

export interface PacerStats {
  sent: number;
  waited: number;
  deferred: number;
  throttled: number;
}

export class Pacer {
  private readonly ledger: RateLedger;
  private readonly tails = new Map<string, Promise<void>>();
  readonly stats: PacerStats = { sent: 0, waited: 0, deferred: 0, throttled: 0 };

  constructor(
    private readonly limits: PacingLimits = limitsFor(1),
    /** Monotonic milliseconds; never the business clock (tests freeze that one). */
    private readonly clock: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.ledger = new RateLedger(limits.marginMs);
  }

  /**
   * Runs `send` when its conversation's and tenant's turn has come; throws PacingDeferred (without
   * sending) when that would be later than `maxWaitMs` from now. A 429 from `send` holds the conversation.
   */
  async run<T>(tenantId: string, conversationId: string, send: () => Promise<T>): Promise<T> {
    const conv = `c\u0000${conversationKey(conversationId)}`;
    const tenant = `t\u0000${tenantId}`;
    const deadline = this.clock() + this.limits.maxWaitMs;
    const previous = this.tails.get(conv) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(conv, tail);
    void tail.then(() => {
      if (this.tails.get(conv) === tail) this.tails.delete(conv);
    });
    try {
      await previous;
      let waited = false;
      for (;;) {
        const now = this.clock();
        const wait = Math.max(this.ledger.waitMs(conv, this.limits.conversation, now), this.ledger.waitMs(tenant, this.limits.tenant, now));
        if (wait <= 0) break;
        if (now + wait > deadline) {
          this.stats.deferred += 1;
          throw new PacingDeferred(conversationKey(conversationId), wait);
        }
        waited = true;
        await this.sleep(wait);
      }
      const at = this.clock();
      this.ledger.record(conv, this.limits.conversation, at);
      this.ledger.record(tenant, this.limits.tenant, at);
      this.stats.sent += 1;
      if (waited) this.stats.waited += 1;
    } catch (error) {
      release();
      throw error;
    }
    const attempt = send().catch((error: unknown) => {
      if (statusOf(error) === 429) {
        // Held before the turn is handed on: the next send to this conversation sees the hold.
        this.stats.throttled += 1;
        this.ledger.hold(conv, this.clock() + (retryAfterMs(error) ?? this.limits.defaultRetryAfterMs));
      }
      throw error;
    });
    // The turn is handed on when Teams answered, or after inFlightMs (a hung request must not stop a channel).
    const timer = setTimeout(release, this.limits.inFlightMs);
    timer.unref?.();
    void attempt.then(
      () => (clearTimeout(timer), release()),
      () => (clearTimeout(timer), release()),
    );
    return attempt;
  }
}
