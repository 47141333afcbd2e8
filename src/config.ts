import { DEFAULT_POLICY, type ReminderPolicy } from './domain/reminders';
import { DEFAULT_RETENTION, type RetentionPolicy } from './domain/retention';

/**
 * Configuration is read once, at start, from the environment. Every bad variable is named in one
 * error so an operator fixes them all in one go; nothing starts on a half-valid configuration.
 */
export interface Config {
  port: number;
  /**
   * Bind address. Local mode (no BOT_ID) accepts unsigned requests, so it listens on 127.0.0.1
   * unless HOST says otherwise; with BOT_ID every request is authenticated and the default is
   * 0.0.0.0 (App Service routes to the container's interface).
   */
  host: string;
  /** Unset: an embedded Azurite table server persists under dataDir (laptop or pilot only). */
  tablesConnectionString?: string;
  dataDir: string;
  /** Unset together: local mode, no Bot Framework authentication (Agents Playground, tests). */
  bot?: { id: string; password: string; tenantId?: string };
  tablePrefix: string;
  adminAadIds: string[];
  reminderSweepSeconds: number;
  /**
   * BOT_INSTANCES: how many instances run at once. Instances share no pacing state, so each paces its
   * Teams sends to 1/N of Teams' limits (README, "Teams' rate limits"). Optional for test helpers: 1.
   */
  botInstances?: number;
  /** Off only in tests that drive the sweep themselves with a controlled clock. */
  sweep: boolean;
  reminders: ReminderPolicy;
  /**
   * Overrides the Teams locale of every activity. For the Agents Playground, which always sends
   * en-US: `npm start` sets it to Danish. Unset in production: Teams decides.
   */
  forceLocale?: 'da' | 'en';
  /** Months between access reviews (Gladsaxe): at most 18. */
  accessReviewMonths: number;
  /**
   * RETENTION_YEARS (from closing) before a closed case's personal data is anonymized, and
   * DRAFT_RETENTION_DAYS before an untouched draft is deleted (README, "Retention").
   */
  retention: RetentionPolicy;
  /** Named in the drafts for Datatilsynet and the persons (the data controller and its DPO). */
  org: { controllerName: string; dpoContact: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const GUIDISH = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  };

  const port = int('PORT', 3978, 0, 65535);
  const reminderSweepSeconds = int('REMINDER_SWEEP_SECONDS', 60, 5, 3600);
  const botInstances = int('BOT_INSTANCES', 1, 1, 20);
  const sweepRaw = (env.REMINDER_SWEEP ?? 'on').trim().toLowerCase();
  if (!['on', 'off'].includes(sweepRaw)) problems.push('REMINDER_SWEEP must be "on" or "off"');
  const d = DEFAULT_POLICY;
  const hoursRaw = env.DEADLINE_REMINDER_HOURS?.trim() || d.hoursBeforeDeadline.join(',');
  const hoursBeforeDeadline = hoursRaw.split(',').map((h) => Number(h.trim()));
  if (hoursBeforeDeadline.some((h) => !Number.isInteger(h) || h < 0 || h > 72)) {
    problems.push('DEADLINE_REMINDER_HOURS must be comma-separated whole hours from 0 to 72 (e.g. 48,24,12,4,1,0)');
  }
  const reminders = {
    ackReminderMinutes: int('ACK_REMINDER_MINUTES', d.ackReminderMinutes, 1, 1440),
    escalateAfterMinutes: int('ESCALATE_AFTER_MINUTES', d.escalateAfterMinutes, 1, 2880),
    hoursBeforeDeadline,
    overdueEveryHours: int('OVERDUE_REMINDER_HOURS', d.overdueEveryHours, 1, 168),
    personsEveryHours: int('PERSONS_REMINDER_HOURS', d.personsEveryHours, 1, 168),
    followUpEveryHours: int('FOLLOW_UP_REMINDER_HOURS', d.followUpEveryHours, 1, 168),
    offHoursWarningHour: int('OFF_HOURS_WARNING_HOUR', d.offHoursWarningHour, 8, 15),
  };
  const accessReviewMonths = int('ACCESS_REVIEW_MONTHS', 12, 1, 18);
  // At least a year: Datatilsynet may ask for the documentation of a breach long after it was closed
  // (Art. 33(5)); at most 100, because a register is not kept forever by accident of a typo.
  const retention: RetentionPolicy = {
    years: int('RETENTION_YEARS', DEFAULT_RETENTION.years, 1, 100),
    draftDays: int('DRAFT_RETENTION_DAYS', DEFAULT_RETENTION.draftDays, 1, 3650),
  };
  const forceLocaleRaw = env.FORCE_LOCALE?.trim().toLowerCase() || undefined;
  if (forceLocaleRaw && forceLocaleRaw !== 'da' && forceLocaleRaw !== 'en') problems.push('FORCE_LOCALE must be "da" or "en" (or unset)');

  const connectionString = env.AZURE_TABLES_CONNECTION_STRING?.trim() || undefined;
  if (connectionString && !/TableEndpoint=|AccountName=|UseDevelopmentStorage=true/i.test(connectionString)) {
    problems.push('AZURE_TABLES_CONNECTION_STRING does not look like a storage connection string (no AccountName or TableEndpoint)');
  }

  const id = env.BOT_ID?.trim() || undefined;
  const password = env.BOT_PASSWORD?.trim() || undefined;
  const tenantId = env.BOT_TENANT_ID?.trim() || undefined;
  if (id && !GUIDISH.test(id)) problems.push('BOT_ID must be the bot\'s Microsoft App ID (a GUID)');
  if (id && !password) problems.push('BOT_PASSWORD is required when BOT_ID is set');
  if (!id && password) problems.push('BOT_ID is required when BOT_PASSWORD is set');
  if (!id && tenantId) problems.push('BOT_TENANT_ID is only used together with BOT_ID and BOT_PASSWORD');
  if (tenantId && !GUIDISH.test(tenantId)) problems.push('BOT_TENANT_ID must be a GUID');

  const tablePrefix = env.TABLE_PREFIX?.trim() ?? '';
  if (tablePrefix && !/^[A-Za-z][A-Za-z0-9]{0,20}$/.test(tablePrefix)) {
    problems.push('TABLE_PREFIX must start with a letter and hold at most 21 letters or digits');
  }

  const adminAadIds = (env.ADMIN_AAD_IDS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const admin of adminAadIds) if (!GUIDISH.test(admin)) problems.push(`ADMIN_AAD_IDS holds "${admin}", which is not an AAD object id (GUID)`);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host: env.HOST?.trim() || (id ? '0.0.0.0' : '127.0.0.1'),
    tablesConnectionString: connectionString,
    dataDir: env.DATA_DIR?.trim() || '.data',
    bot: id && password ? { id, password, tenantId } : undefined,
    tablePrefix,
    adminAadIds,
    reminderSweepSeconds,
    botInstances,
    sweep: sweepRaw !== 'off',
    reminders,
    accessReviewMonths,
    retention,
    forceLocale: forceLocaleRaw === 'da' || forceLocaleRaw === 'en' ? forceLocaleRaw : undefined,
    org: {
      controllerName: env.ORG_NAME?.trim() || 'Kommunen',
      dpoContact: env.DPO_CONTACT?.trim() || "[Udfyld: databeskyttelsesrådgiverens navn, mail og telefon]",
    },
  };
}
