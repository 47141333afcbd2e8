import { DEFAULT_POLICY, type ReminderPolicy } from './domain/reminders';
import { DEFAULT_RETENTION, type RetentionPolicy } from './domain/retention';
import { logLevelFrom, type LogLevel } from './logging';
import { isTeamsUploadHost } from './teams/uploadHosts';

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
  /**
   * Unset together with tablesAccount: an embedded Azurite table server persists under dataDir
   * (laptop or pilot only).
   */
  tablesConnectionString?: string;
  /**
   * AZURE_TABLES_ACCOUNT_URL (+ AZURE_CLIENT_ID): Table Storage through Azure AD with the app's managed
   * identity, no secret in the settings. Exactly one of this and tablesConnectionString.
   */
  tablesAccount?: { url: string; managedIdentityClientId?: string };
  dataDir: string;
  /** Unset: local mode, no Bot Framework authentication (Agents Playground, tests). */
  bot?: BotCredentials;
  /**
   * Test and sovereign-cloud use only: where the Bot Framework's OpenID metadata is read. Unset: the SDK's
   * public-cloud value (https://login.botframework.com/v1/.well-known/openidconfiguration).
   */
  botOpenIdMetadataUrl?: string;
  /**
   * Test and sovereign-cloud use only: the Azure AD authority the bot gets its own tokens from with
   * BOT_PASSWORD (e.g. https://login.microsoftonline.us/<tenant>). Unset: the SDK's public-cloud value.
   */
  botLoginUrl?: string;
  /**
   * UPLOAD_TEST_ROUTES, tests only: `<host>=<loopback origin>` pairs. An export upload to an allowed Teams
   * upload host (src/teams/fileUpload.ts) is sent to that local server instead, so an e2e test with BOT_ID
   * can accept a `https://contoso-my.sharepoint.com/…` URL. It adds no host to what is accepted: a host
   * that is not one of Teams' is refused at start, and only 127.0.0.1/localhost can be a target.
   */
  uploadTestRoutes?: Map<string, string>;
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
  /** LOG_LEVEL: debug, info (default), warn, error or silent. */
  logLevel?: LogLevel;
}

/**
 * How the bot proves itself to the Bot Connector (the SDK's MicrosoftAppType). UserAssignedMSI: the App
 * Service's user-assigned managed identity is the bot's app (BOT_ID is its client id), no password.
 */
export type BotAppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
export const BOT_APP_TYPES: readonly BotAppType[] = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'];

export interface BotCredentials {
  id: string;
  /** Absent for UserAssignedMSI. */
  password?: string;
  tenantId?: string;
  /** Default: SingleTenant with a tenant id, MultiTenant without. */
  appType?: BotAppType;
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
  const accountUrl = env.AZURE_TABLES_ACCOUNT_URL?.trim() || undefined;
  const storageClientId = env.AZURE_CLIENT_ID?.trim() || undefined;
  if (accountUrl && connectionString) {
    problems.push('set either AZURE_TABLES_CONNECTION_STRING (a key) or AZURE_TABLES_ACCOUNT_URL (managed identity), not both');
  }
  // A bearer token is only ever sent over https (the Azure SDK refuses http with a token credential).
  if (accountUrl && !isHttpsUrl(accountUrl)) {
    problems.push('AZURE_TABLES_ACCOUNT_URL must be the https URL of the Table endpoint (e.g. https://<account>.table.core.windows.net)');
  }
  if (storageClientId && !accountUrl) problems.push('AZURE_CLIENT_ID is only used together with AZURE_TABLES_ACCOUNT_URL');
  if (storageClientId && !GUIDISH.test(storageClientId)) problems.push('AZURE_CLIENT_ID must be the client id (a GUID) of the user-assigned managed identity');

  const id = env.BOT_ID?.trim() || undefined;
  const password = env.BOT_PASSWORD?.trim() || undefined;
  const tenantId = env.BOT_TENANT_ID?.trim() || undefined;
  const appTypeRaw = env.BOT_APP_TYPE?.trim() || undefined;
  const appType = appTypeRaw ? BOT_APP_TYPES.find((t) => t.toLowerCase() === appTypeRaw.toLowerCase()) : tenantId ? 'SingleTenant' : 'MultiTenant';
  if (appTypeRaw && !appType) problems.push(`BOT_APP_TYPE must be one of ${BOT_APP_TYPES.join(', ')} (got "${appTypeRaw}")`);
  if (appTypeRaw && !id) problems.push('BOT_APP_TYPE is only used together with BOT_ID');
  if (id && !GUIDISH.test(id)) problems.push('BOT_ID must be the bot\'s Microsoft App ID (a GUID)');
  if (appType === 'UserAssignedMSI') {
    if (id && password) problems.push('BOT_PASSWORD must not be set with BOT_APP_TYPE=UserAssignedMSI (the managed identity has no password)');
    if (id && !tenantId) problems.push('BOT_TENANT_ID is required with BOT_APP_TYPE=UserAssignedMSI');
  } else {
    if (id && !password) problems.push('BOT_PASSWORD is required when BOT_ID is set');
    if (id && appType === 'SingleTenant' && !tenantId) problems.push('BOT_TENANT_ID is required with BOT_APP_TYPE=SingleTenant');
    if (id && appType === 'MultiTenant' && tenantId) problems.push('BOT_TENANT_ID makes the bot single-tenant: unset it or set BOT_APP_TYPE=SingleTenant');
  }
  if (!id && password) problems.push('BOT_ID is required when BOT_PASSWORD is set');
  if (!id && tenantId) problems.push('BOT_TENANT_ID is only used together with BOT_ID and BOT_PASSWORD');
  if (tenantId && !GUIDISH.test(tenantId)) problems.push('BOT_TENANT_ID must be a GUID');
  const openIdMetadataUrl = env.BOT_OPENID_METADATA_URL?.trim() || undefined;
  if (openIdMetadataUrl && !id) problems.push('BOT_OPENID_METADATA_URL is only used together with BOT_ID');
  // Test and sovereign-cloud setting: https, or http on this machine only (a test's local key server).
  if (openIdMetadataUrl && !isHttpsUrl(openIdMetadataUrl) && !isLoopbackHttpUrl(openIdMetadataUrl)) {
    problems.push('BOT_OPENID_METADATA_URL must be an https URL (http only on 127.0.0.1 or localhost, for tests)');
  }

  const uploadTestRoutes = readUploadTestRoutes(env.UPLOAD_TEST_ROUTES, problems);

  const tablePrefix = env.TABLE_PREFIX?.trim() ?? '';
  if (tablePrefix && !/^[A-Za-z][A-Za-z0-9]{0,20}$/.test(tablePrefix)) {
    problems.push('TABLE_PREFIX must start with a letter and hold at most 21 letters or digits');
  }

  const adminAadIds = (env.ADMIN_AAD_IDS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const admin of adminAadIds) if (!GUIDISH.test(admin)) problems.push(`ADMIN_AAD_IDS holds "${admin}", which is not an AAD object id (GUID)`);

  const logLevel = logLevelFrom(env.LOG_LEVEL);
  if (!logLevel) problems.push('LOG_LEVEL must be debug, info, warn, error or silent');
  const loginUrl = env.BOT_LOGIN_URL?.trim() || undefined;
  if (loginUrl && !id) problems.push('BOT_LOGIN_URL is only used together with BOT_ID and BOT_PASSWORD');
  if (loginUrl && appType === 'UserAssignedMSI') problems.push('BOT_LOGIN_URL is not used with BOT_APP_TYPE=UserAssignedMSI (the managed identity gets its tokens from App Service)');
  // MSAL takes an https authority only.
  if (loginUrl && !isHttpsUrl(loginUrl)) problems.push('BOT_LOGIN_URL must be the https URL of an Azure AD authority (e.g. https://login.microsoftonline.us/<tenant>)');

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host: env.HOST?.trim() || (id ? '0.0.0.0' : '127.0.0.1'),
    tablesConnectionString: connectionString,
    tablesAccount: accountUrl ? { url: accountUrl.replace(/\/+$/, ''), managedIdentityClientId: storageClientId } : undefined,
    dataDir: env.DATA_DIR?.trim() || '.data',
    bot: id && appType && (password || appType === 'UserAssignedMSI') ? { id, password, tenantId, appType } : undefined,
    botOpenIdMetadataUrl: openIdMetadataUrl,
    botLoginUrl: loginUrl?.replace(/\/+$/, ''),
    ...(uploadTestRoutes ? { uploadTestRoutes } : {}),
    tablePrefix,
    adminAadIds,
    reminderSweepSeconds,
    botInstances,
    sweep: sweepRaw !== 'off',
    reminders,
    accessReviewMonths,
    retention,
    forceLocale: forceLocaleRaw === 'da' || forceLocaleRaw === 'en' ? forceLocaleRaw : undefined,
    logLevel,
    org: {
      controllerName: env.ORG_NAME?.trim() || 'Kommunen',
      dpoContact: env.DPO_CONTACT?.trim() || "[Udfyld: databeskyttelsesrådgiverens navn, mail og telefon]",
    },
  };
}

function parsedUrl(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}

function isHttpsUrl(raw: string): boolean {
  const url = parsedUrl(raw);
  return url?.protocol === 'https:' && url.hostname !== '' && !url.username && !url.password;
}

function isLoopbackHttpUrl(raw: string): boolean {
  const url = parsedUrl(raw);
  return url?.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/** UPLOAD_TEST_ROUTES (tests only): `host=http://127.0.0.1:port,…`; see Config.uploadTestRoutes. */
function readUploadTestRoutes(raw: string | undefined, problems: string[]): Map<string, string> | undefined {
  const text = raw?.trim();
  if (!text) return undefined;
  const routes = new Map<string, string>();
  for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = pair.indexOf('=');
    const host = pair.slice(0, at).trim().toLowerCase();
    const target = parsedUrl(pair.slice(at + 1).trim());
    if (at < 0 || !isTeamsUploadHost(host)) {
      problems.push(`UPLOAD_TEST_ROUTES: "${pair.slice(0, 80)}" must start with one of Teams' upload hosts (e.g. contoso-my.sharepoint.com=http://127.0.0.1:8080); it routes an allowed host, it never allows one`);
    } else if (!target || !['http:', 'https:'].includes(target.protocol) || !['127.0.0.1', 'localhost'].includes(target.hostname) || target.username || target.password || target.pathname !== '/' || target.search) {
      problems.push(`UPLOAD_TEST_ROUTES: the target of ${host} must be a local origin (http(s)://127.0.0.1:<port> or localhost), tests only`);
    } else {
      routes.set(host, target.origin);
    }
  }
  return routes.size > 0 ? routes : undefined;
}
