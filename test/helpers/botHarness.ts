/**
 * The real server on port 0, real Table Storage (Azurite in this process), and the fake Bot Connector:
 * what a test sends is a Teams-shaped activity over HTTP; what it asserts is what was posted and stored.
 */
import { startBrudvagt, type Brudvagt, type Overrides } from '../../src/brudvagt';
import type { Config } from '../../src/config';
import type { Logger } from '../../src/logging';
import { privacyWatch } from './privacyWatch';
import type { Clock } from '../../src/app/ports';
import { FakeConnector } from './fakeConnector';
import { DEFAULT_POLICY } from '../../src/domain/reminders';
import { DEFAULT_RETENTION } from '../../src/domain/retention';
import { uniquePrefix } from './azurite';
import { limitsFor, type PacingLimits } from '../../src/teams/pacing';

/** No windows: every send goes at once (a 429 still holds its conversation for its Retry-After). */
export const UNPACED: PacingLimits = { ...limitsFor(1), conversation: [], tenant: [] };

export class ControlledClock implements Clock {
  constructor(private current: Date = new Date()) {}
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface Harness {
  bot: Brudvagt;
  connector: FakeConnector;
  url: string;
  post(activity: object, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

export function testConfig(connectionString: string, extra: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    tablesConnectionString: connectionString,
    dataDir: '.data-test',
    tablePrefix: uniquePrefix(),
    adminAadIds: [],
    reminderSweepSeconds: 60,
    org: { controllerName: 'Testkommune', dpoContact: 'DPO, dpo@kommune.example' },
    sweep: false,
    reminders: { ...DEFAULT_POLICY, hoursBeforeDeadline: [...DEFAULT_POLICY.hoursBeforeDeadline] },
    accessReviewMonths: 12,
    retention: { ...DEFAULT_RETENTION },
    ...extra,
  };
}

export async function startHarness(
  config: Config,
  opts: Overrides & { connector?: FakeConnector; log?: Logger } = {},
): Promise<Harness> {
  const connector = opts.connector ?? (await new FakeConnector().start());
  // Every harness bot logs into the privacy scan (test/helpers/privacyWatch.ts) unless a test needs its own logger.
  // Pacing to Teams' windows only where a test asks for it (test/e2e/pacing.test.ts, the surge): the
  // other suites send dozens of cards a minute to one channel and assert on them at once. A 429's
  // Retry-After is honoured everywhere (the hold does not depend on the windows).
  const bot = await startBrudvagt(config, opts.log ?? privacyWatch.logger(), { pacing: UNPACED, ...opts });
  const url = `http://127.0.0.1:${bot.port}`;
  return {
    bot,
    connector,
    url,
    async post(activity, headers = {}) {
      privacyWatch.received(activity);
      const res = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity),
      });
      const text = await res.text();
      privacyWatch.sent('invoke answer', text);
      // Channel posts and card updates run after the answer; a test asserts on them once they are done.
      await bot.idle();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async stop() {
      await bot.stop();
      if (!opts.connector) await connector.stop();
    },
  };
}
