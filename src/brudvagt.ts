import { randomUUID } from 'node:crypto';
import type { Clock } from './app/ports';
import type { Config } from './config';
import type { Logger } from './logging';
import { startServer } from './server';
import { openStorage, type Storage } from './storage/openStorage';
import type { RequestCounter } from './storage/tableClients';
import { createBot } from './teams/botApp';
import type { PacingLimits } from './teams/pacing';
import { sweepReminders, type SweepStats } from './app/sweepReminders';
import { startSweepLoop } from './scheduler/sweepLoop';
import { withDraftRetention } from './app/retention';
import { backfillRetention, type BackfillStats } from './app/retentionBackfill';
import { withIndexRefresh } from './app/refreshIndex';
import type { AttentionPolicy } from './app/coordinationDeps';
import type { TokenCredential } from '@azure/identity';

export interface Brudvagt {
  port: number;
  storage: Storage;
  /** One reminder sweep at `now` (tests drive it with a controlled clock). */
  sweep(now?: Date): Promise<SweepStats>;
  /** Resolves when follow-up work of earlier turns (channel posts, card updates) is done. */
  idle(): Promise<void>;
  /** The retention backfill started with the instance (src/app/retentionBackfill.ts); null: not run here. */
  retentionBackfill: Promise<BackfillStats | null>;
  /** One more pass (tests, which run without the sweep). */
  backfillRetention(now?: Date): Promise<BackfillStats>;
  stop(): Promise<void>;
}

export interface Overrides {
  clock?: Clock;
  /** Benchmarks count Table requests. */
  counter?: RequestCounter;
  /** Tests: a token credential in place of the managed identity (with AZURE_TABLES_ACCOUNT_URL). */
  tableCredential?: TokenCredential;
  /** Tests: the CA of a local https Table endpoint. */
  tableTrustedCa?: string;
  /** Tests: pacing limits other than Teams' (BOT_INSTANCES share). */
  pacing?: PacingLimits;
}

const systemClock: Clock = { now: () => new Date() };

/** Composition: config → storage → bot → HTTP server. The same path for serve, start, tests and benchmarks. */
export async function startBrudvagt(config: Config, log: Logger, overrides: Overrides = {}): Promise<Brudvagt> {
  const storage = await openStorage({
    connectionString: config.tablesConnectionString,
    account: config.tablesAccount,
    dataDir: config.dataDir,
    prefix: config.tablePrefix,
    counter: overrides.counter,
    credential: overrides.tableCredential,
    trustedCa: overrides.tableTrustedCa,
  });
  try {
    const clock = overrides.clock ?? systemClock;
    // Every draft created gets its due-index row (draft retention); the sweep deletes it when stale.
    const drafts = withDraftRetention(storage.drafts, storage.schedule, config.retention.draftDays);
    // Retention rides with the reminder policy: every write that moves a case in the due-index uses it.
    const policy: AttentionPolicy = { ...config.reminders, retention: config.retention };
    let localBaseUrl = '';
    const bot = createBot({
      credentials: config.bot,
      openIdMetadataUrl: config.botOpenIdMetadataUrl,
      loginUrl: config.botLoginUrl,
      reporting: {
        cases: storage.cases,
        drafts,
        numbers: storage.numbers,
        audit: storage.audit,
        clock,
        schedule: storage.schedule,
        incidents: storage.incidents,
        newId: randomUUID,
        people: storage.people,
        repeats: { repeats: storage.repeats, names: storage.names },
      },
      routing: { units: storage.units, audit: storage.audit, clock, adminAadIds: config.adminAadIds },
      units: storage.units,
      org: config.org,
      schedule: storage.schedule,
      policy,
      reviews: storage.reviews,
      register: storage.register,
      exports: { source: storage.exportSource, requests: storage.exports },
      uploadTestRoutes: config.uploadTestRoutes,
      // Set once the server listens (its port may be chosen by the system).
      localBaseUrl: config.bot ? undefined : () => localBaseUrl,
      accessReviewMonths: config.accessReviewMonths,
      forceLocale: config.forceLocale,
      durability: storage.durability,
      instances: config.botInstances,
      pacing: overrides.pacing,
      log,
    });
    const server = await startServer({ bot, health: storage.health, port: config.port, host: config.host, log });
    localBaseUrl = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${server.port}`;
    const sweep = async (now = clock.now()) => {
      const stats = await sweepReminders(bot.coordination, now, { drafts });
      if (stats.due > 0) log.info('sweep', { ...stats });
      return stats;
    };
    const loop = config.sweep ? startSweepLoop(sweep, config.reminderSweepSeconds * 1000, log) : null;
    // In the background: the instance answers at once; an instance without the sweep leaves it to others.
    // The same scan heals register index rows an older version wrote (the name keys, issue 18 part 4).
    const backfill = (now = clock.now()) => backfillRetention(bot.coordination, withIndexRefresh(storage.cases, storage.closedCases()), now);
    const retentionBackfill = config.sweep
      ? backfill().then(
          (stats) => (log.info('retention.backfill', { ...stats }), stats),
          (error) => (log.error('retention.backfill_failed', error), null),
        )
      : Promise.resolve(null);
    if (config.uploadTestRoutes) log.warn('config.upload_test_routes', { hosts: [...config.uploadTestRoutes.keys()].join(',') });
    log.info('started', { port: server.port, auth: config.bot ? 'bot-framework' : 'local', sweep: config.sweep ? config.reminderSweepSeconds : 'off' });
    let stopped = false;
    return {
      port: server.port,
      storage,
      sweep: (now) => sweep(now),
      idle: () => bot.idle(),
      retentionBackfill,
      backfillRetention: backfill,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await loop?.stop();
        await retentionBackfill;
        await server.close();
        await bot.idle();
        await storage.close();
      },
    };
  } catch (error) {
    await storage.close();
    throw error;
  }
}
