/**
 * A fake Bot Connector (the Teams service the bot replies to), on 127.0.0.1:0. The real one is out of
 * reach in tests; this one records exactly what the bot posted where, answers the roster API from a
 * member list the test controls, and can be told to fail the next requests.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { privacyWatch } from './privacyWatch';
import { TEAMS_MESSAGE_LIMIT_BYTES, utf16Bytes } from '../../src/teams/cardBudget';

export interface RecordedCall {
  method: string;
  path: string;
  conversationId: string;
  body: any;
  at: number;
  /** What the fake answered; failed attempts are recorded too. */
  status?: number;
  /** The fake carried it out (created the thread or activity), whatever it answered. */
  created?: boolean;
  /** The Authorization header the bot sent (a bearer token when it runs with credentials). */
  authorization?: string;
  /**
   * For a send (a new thread, a message, a card update): the conversation Teams' rate limit counts it
   * against (the channel, whatever thread it goes to; a 1:1 chat).
   */
  rateKey?: string;
  /**
   * For a request that carries an activity (a post, a reply, a card update, a new conversation with
   * its first activity): the activity's size as Teams counts it (UTF-16, src/teams/cardBudget.ts).
   */
  bytes?: number;
}

export interface FakeConnectorOptions {
  /**
   * Teams refuses a larger activity with 413 MessageSizeTooBig (UTF-16 bytes of its JSON). Default:
   * TEAMS_MESSAGE_LIMIT_BYTES (100 KB, what Microsoft documents).
   */
  messageLimitBytes?: number;
}

/** The activity a request carries, if any: a new conversation carries its first one inside. */
function activityOf(method: string, path: string, body: any): unknown {
  if (method !== 'POST' && method !== 'PUT') return undefined;
  if (/^\/v3\/conversations\/?$/.test(path)) return body?.activity ?? undefined;
  if (/\/v3\/conversations\/[^/]+\/activities/.test(path)) return body;
  return undefined;
}

/** Teams' published per bot per conversation limits (Microsoft Learn, rate limiting for bots). */
export const TEAMS_RATE: { ms: number; max: number }[] = [
  { ms: 1_000, max: 7 },
  { ms: 2_000, max: 8 },
  { ms: 30_000, max: 60 },
  { ms: 3_600_000, max: 1_800 },
];

/** The largest number of `times` (ms) inside any window (t - ms, t]. */
export function maxInWindow(times: number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[j] <= sorted[i] - ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

export interface Member {
  id: string;
  aadObjectId: string;
  name: string;
  email?: string;
  userPrincipalName?: string;
}

export class FakeConnector {
  calls: RecordedCall[] = [];
  /** Members per conversation id (for 1:1 chats, the user) or team id. */
  members = new Map<string, Member[]>();
  /** Status codes to answer with before succeeding, consumed one per request (e.g. [429, 500]). */
  failNext: number[] = [];
  /** While set, every request whose path matches is answered with this status (an outage). */
  outage: { path: RegExp; status: number; alternate?: number } | null = null;
  /**
   * Channels that refuse new threads (createConversation into them) with this status, as Teams does when the
   * bot was removed from the team (403) or the channel was deleted (404); every other channel works.
   */
  readonly refuseThreadsIn = new Map<string, number>();
  /**
   * Issue 18: as Teams, a 1:1 chat can be created only with a person who has the app installed. When set,
   * the ids (Teams user id or Entra object id, lower-cased) of the people who have it; creating a chat with
   * anyone else is refused with 403. Unset (the default): every 1:1 chat is created, as the older tests expect.
   */
  personalInstalls: Set<string> | null = null;
  /** Every answer waits this long after the request arrived (Teams takes about 400 ms). */
  delayMs = 0;
  /**
   * The next `times` requests matching `path` are carried out (the thread or activity exists, as in
   * Teams) and then answered with `status`: Teams took it, the bot never learns.
   */
  acceptThenFail: { path: RegExp; status: number; times: number } | null = null;
  /** While set, requests matching `path` are held unanswered (nothing created) until `dropHeld()`. */
  hold: { path: RegExp } | null = null;
  /**
   * Files the bot uploaded to an upload URL (`<url>upload/<key>`, as a file consent card's accept
   * hands out): the bytes put so far, in Content-Range order, and whether the last byte arrived.
   */
  uploads = new Map<string, { total: number; bytes: Buffer; complete: boolean; pieces: number }>();
  /** Status codes to answer upload pieces with before accepting them (e.g. [503, 429]). */
  uploadFailNext: number[] = [];
  /**
   * While set, the fake enforces a rate per conversation as Teams does: a send that would make more than
   * `max` accepted sends within `ms` (any of the windows) is answered 429 with `Retry-After`. Sends
   * refused that way do not count as accepted.
   */
  rateLimit: { windows: { ms: number; max: number }[]; retryAfterSeconds: number } | null = null;
  /** Every 429 the rate limit answered: the conversation, when, and until when the bot was told to wait. */
  throttles: { key: string; at: number; until: number }[] = [];
  private accepted = new Map<string, number[]>();
  private held: ServerResponse[] = [];
  private outageCount = 0;
  private server?: Server;
  private seq = 0;
  url = '';
  /** Above this many bytes (UTF-16) an activity is refused with 413, as Teams does. */
  readonly messageLimitBytes: number;

  constructor(options: FakeConnectorOptions = {}) {
    this.messageLimitBytes = options.messageLimitBytes ?? TEAMS_MESSAGE_LIMIT_BYTES;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    const { port } = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${port}/`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** New channel threads the bot started (POST v3/conversations), with their first activity. */
  threads(channelId?: string): { channelId: string; activity: any }[] {
    return this.calls
      .filter((c) => c.method === 'POST' && /^\/v3\/conversations\/?$/.test(c.path))
      .map((c) => ({ channelId: c.body?.channelData?.channel?.id, activity: c.body?.activity }))
      .filter((t) => !channelId || t.channelId === channelId);
  }

  /** Activities the bot sent (posted or replied) into a conversation, in order. */
  sent(conversationId?: string): any[] {
    return this.calls
      .filter((c) => c.method === 'POST' && /\/activities/.test(c.path) && (c.status ?? 200) < 300 && (!conversationId || c.conversationId === conversationId))
      .map((c) => c.body);
  }

  /** Threads that exist in a channel: posts the fake carried out, whatever it answered. */
  createdThreads(channelId?: string): RecordedCall[] {
    return this.calls.filter((c) => c.created && /^\/v3\/conversations\/?$/.test(c.path) && (!channelId || c.body?.channelData?.channel?.id === channelId));
  }

  /** Activities that exist in a conversation (posted or updated): carried out, whatever was answered. */
  createdIn(conversationId: string, method: 'POST' | 'PUT' = 'POST'): RecordedCall[] {
    return this.calls.filter((c) => c.created && c.method === method && c.conversationId === conversationId && /\/activities/.test(c.path));
  }

  /** Breaks the connections of held requests (the bot sees a reset); nothing was created. */
  dropHeld(): void {
    for (const res of this.held.splice(0)) res.socket?.destroy();
  }

  updates(conversationId?: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'PUT' && (!conversationId || c.conversationId === conversationId));
  }

  clear(): void {
    this.calls = [];
  }

  /** Every activity the fake took (posted, replied, updated, a thread's first), with its size (UTF-16 bytes), in order. */
  acceptedActivities(): { call: RecordedCall; bytes: number }[] {
    return this.calls.filter((c) => c.created && c.bytes !== undefined).map((c) => ({ call: c, bytes: c.bytes! }));
  }

  /** The largest activity the fake took (UTF-16 bytes), 0 when none. */
  maxAcceptedBytes(): number {
    return Math.max(0, ...this.acceptedActivities().map((a) => a.bytes));
  }

  /** Requests refused with 413 because their activity was over `messageLimitBytes`. */
  tooLarge(): RecordedCall[] {
    return this.calls.filter((c) => c.status === 413);
  }

  /** Sends that reached the fake (attempts, refused ones included), per conversation, by arrival time. */
  sendTimes(): Map<string, number[]> {
    const byKey = new Map<string, number[]>();
    for (const c of this.calls) if (c.rateKey) byKey.set(c.rateKey, [...(byKey.get(c.rateKey) ?? []), c.at]);
    return byKey;
  }

  /** Per window of TEAMS_RATE: the most sends any one conversation received within it (attempts). */
  peakSends(windows = TEAMS_RATE): { ms: number; max: number; seen: number; key: string }[] {
    const times = this.sendTimes();
    return windows.map((w) => {
      let seen = 0;
      let key = '';
      for (const [k, t] of times) {
        const n = maxInWindow(t, w.ms);
        if (n > seen) [seen, key] = [n, k];
      }
      return { ...w, seen, key };
    });
  }

  /** Requests that arrived at a conversation after a 429 and before its Retry-After had passed. */
  retryAfterViolations(): { key: string; at: number; until: number }[] {
    const out: { key: string; at: number; until: number }[] = [];
    for (const t of this.throttles) {
      for (const c of this.calls) if (c.rateKey === t.key && c.at > t.at && c.at < t.until) out.push({ key: t.key, at: c.at, until: t.until });
    }
    return out;
  }

  /** The rate limit's answer for a send arriving now: null when accepted (and counted), else the throttle. */
  private throttle(key: string, now: number): { until: number } | null {
    if (!this.rateLimit) return null;
    const log = this.accepted.get(key) ?? [];
    const full = this.rateLimit.windows.some((w) => log.filter((t) => t > now - w.ms).length >= w.max);
    if (full) {
      const until = now + this.rateLimit.retryAfterSeconds * 1000;
      this.throttles.push({ key, at: now, until });
      return { until };
    }
    log.push(now);
    const longest = Math.max(...this.rateLimit.windows.map((w) => w.ms));
    while (log.length > 0 && log[0] <= now - longest) log.shift();
    this.accepted.set(key, log);
    return null;
  }

  /** Waits until `predicate` holds over the recorded calls (proactive sends are not tied to a request). */
  async waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      if (Date.now() > until) throw new Error('fake connector: timed out waiting for the expected call');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The upload URL a file consent accept would give for `key`. */
  uploadUrl(key: string): string {
    return `${this.url}upload/${key}`;
  }

  /** OneDrive's upload session, as much as the bot uses: PUT pieces with Content-Range, 202 then 201. */
  private upload(req: IncomingMessage, res: ServerResponse, body: Buffer, key: string): void {
    const answer = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': '1' } : {}) });
      res.end(JSON.stringify(json));
    };
    const failure = this.uploadFailNext.shift();
    if (failure) return answer(failure, { error: { code: 'fake', message: 'fake upload failure' } });
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(req.headers['content-range'] ?? ''));
    if (req.method !== 'PUT' || !range || Number(req.headers['content-length']) !== body.length) return answer(400, { error: { code: 'invalidRange' } });
    const [start, end, total] = [Number(range[1]), Number(range[2]), Number(range[3])];
    const file = this.uploads.get(key) ?? { total, bytes: Buffer.alloc(0), complete: false, pieces: 0 };
    if (start !== file.bytes.length || end - start + 1 !== body.length || total !== file.total) return answer(416, { error: { code: 'invalidRange' } });
    file.bytes = Buffer.concat([file.bytes, body]);
    file.pieces += 1;
    file.complete = file.bytes.length === total;
    this.uploads.set(key, file);
    if (file.complete && key.endsWith('.csv')) privacyWatch.sent(`upload ${key}`, file.bytes.toString('utf8'));
    return file.complete ? answer(201, { id: `item-${key}`, name: key, size: total }) : answer(202, { nextExpectedRanges: [`${file.bytes.length}-`] });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const uploadKey = /^\/upload\/([A-Za-z0-9._-]+)$/.exec((req.url ?? '').split('?')[0])?.[1];
    if (uploadKey) return this.upload(req, res, Buffer.concat(chunks), uploadKey);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = decodeURIComponent((req.url ?? '').split('?')[0]);
    const conversationId = /\/v3\/conversations\/([^/]+)/.exec(path)?.[1] ?? '';
    const call: RecordedCall = { method: req.method ?? '', path, conversationId, body: text ? JSON.parse(text) : undefined, at: Date.now(), authorization: req.headers.authorization };
    this.calls.push(call);
    if (text && (req.method === 'POST' || req.method === 'PUT')) privacyWatch.sent(`connector ${req.method} ${path}`, text);
    const activity = activityOf(call.method, path, call.body);
    if (activity !== undefined) call.bytes = utf16Bytes(activity);

    const reply = (status: number, body: unknown) => {
      call.status = status;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };

    if (this.hold?.path.test(path)) {
      this.held.push(res);
      return;
    }
    // Teams refuses an oversized message outright: nothing is created, and retrying does not help.
    if (call.bytes !== undefined && call.bytes > this.messageLimitBytes) {
      return reply(413, {
        error: { code: 'MessageSizeTooBig', message: `Message size (${call.bytes} bytes as UTF-16) is over the limit of ${this.messageLimitBytes} bytes.` },
      });
    }
    const isSend =
      ((req.method === 'POST' || req.method === 'PUT') && /\/v3\/conversations\/[^/]+\/activities/.test(path)) ||
      (req.method === 'POST' && /^\/v3\/conversations\/?$/.test(path) && call.body?.isGroup !== false);
    if (isSend) {
      const id = /^\/v3\/conversations\/?$/.test(path) ? String(call.body?.channelData?.channel?.id ?? '') : conversationId;
      call.rateKey = id.split(';messageid=')[0];
      const refused = this.throttle(call.rateKey, call.at);
      if (refused) {
        res.setHeader('retry-after', String(this.rateLimit!.retryAfterSeconds));
        return reply(429, { error: { code: 'Throttled', message: 'fake: over the rate limit' } });
      }
    }
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));

    const refusedChannel = req.method === 'POST' && /^\/v3\/conversations\/?$/.test(path) ? this.refuseThreadsIn.get(String(call.body?.channelData?.channel?.id ?? '')) : undefined;
    if (refusedChannel) return reply(refusedChannel, { error: { code: refusedChannel === 403 ? 'BotNotInConversationRoster' : 'ConversationNotFound', message: 'fake: this channel refuses the bot' } });
    const inOutage = this.outage && this.outage.path.test(path);
    const failure = inOutage
      ? this.outage!.alternate !== undefined && this.outageCount++ % 2 === 1
        ? this.outage!.alternate
        : this.outage!.status
      : this.failNext.shift();
    if (failure) {
      if (failure === 429) {
        res.setHeader('retry-after', '1');
        // Told to wait a second: counted like the rate limit's own 429s (retryAfterViolations).
        if (call.rateKey) this.throttles.push({ key: call.rateKey, at: Date.now(), until: Date.now() + 1000 });
      }
      return reply(failure, { error: { code: 'Throttled', message: 'fake failure' } });
    }

    const member = /\/v3\/conversations\/[^/]+\/members\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && member) {
      const key = member[1].toLowerCase();
      const found = (this.members.get(conversationId) ?? []).find((m) => [m.id, m.aadObjectId, m.email, m.userPrincipalName].some((v) => v?.toLowerCase() === key));
      return found ? reply(200, found) : reply(404, { error: { code: 'MemberNotFoundInConversation', message: 'not found' } });
    }
    if (req.method === 'GET' && /\/pagedmembers$/.test(path)) {
      return reply(200, { members: this.members.get(conversationId) ?? [] });
    }
    if (req.method === 'GET' && /\/members$/.test(path)) {
      return reply(200, this.members.get(conversationId) ?? []);
    }
    // Issue 18: a person's 1:1 chat with the bot takes no message once the app is not installed for them.
    const chatOf = /^a:(?:personal|1on1)-(.+)$/.exec(conversationId)?.[1];
    if (this.personalInstalls && chatOf && req.method === 'POST' && /\/activities/.test(path) && !this.personalInstalls.has(chatOf.toLowerCase())) {
      return reply(403, { error: { code: 'Forbidden', message: 'fake: the app is not installed for this user' } });
    }
    const lost = this.acceptThenFail && this.acceptThenFail.times > 0 && this.acceptThenFail.path.test(path) ? this.acceptThenFail : null;
    if (lost) lost.times -= 1;
    if (req.method === 'POST' && /^\/v3\/conversations\/?$/.test(path) && call.body?.isGroup === false) {
      const who = call.body?.members?.[0] as { id?: string; aadObjectId?: string } | undefined;
      const installed = this.personalInstalls;
      if (installed && ![who?.id, who?.aadObjectId].some((v) => v !== undefined && installed.has(v.toLowerCase()))) {
        return reply(403, { error: { code: 'Forbidden', message: 'fake: the app is not installed for this user' } });
      }
      // A 1:1 chat with a member: Teams answers with the chat's id (the same chat every time).
      return reply(201, { id: `a:1on1-${call.body?.members?.[0]?.id ?? 'unknown'}` });
    }
    if (req.method === 'POST' && /^\/v3\/conversations\/?$/.test(path)) {
      this.seq += 1;
      const activityId = `act-${this.seq}`;
      call.created = true;
      if (lost) return reply(lost.status, { error: { code: 'InternalServerError', message: 'fake: created, answer lost' } });
      return reply(201, { id: `${call.body?.channelData?.channel?.id ?? 'conv'};messageid=${activityId}`, activityId });
    }
    if ((req.method === 'POST' || req.method === 'PUT') && /\/activities/.test(path)) {
      this.seq += 1;
      call.created = true;
      if (lost) return reply(lost.status, { error: { code: 'InternalServerError', message: 'fake: created, answer lost' } });
      return reply(200, { id: `act-${this.seq}` });
    }
    return reply(404, { error: { code: 'NotFound', message: `fake connector has no route for ${req.method} ${path}` } });
  }
}
