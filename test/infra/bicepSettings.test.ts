/**
 * The Bicep compiler cannot run here, so the infrastructure is tested for what can go wrong between it
 * and the code: every variable src/config.ts reads is set by the Bicep's app settings or named below as
 * optional (with why), every app setting is read by config.ts or is App Service's own, and the
 * properties the issue asks for are in the templates.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readConfig } from '../../src/config';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** Read by config.ts, deliberately not set by the Bicep. */
const OPTIONAL: Record<string, string> = {
  PORT: 'App Service sets it for the container',
  AZURE_TABLES_CONNECTION_STRING: 'the key-based alternative (Azurite, laptops); the account has shared keys disabled',
  DATA_DIR: 'the embedded store only',
  TABLE_PREFIX: 'tests and several deployments in one account',
  BOT_PASSWORD: 'not with UserAssignedMSI',
  BOT_OPENID_METADATA_URL: 'test and sovereign-cloud only; Microsoft\'s public value by default',
  BOT_LOGIN_URL: 'test and sovereign-cloud only, with BOT_PASSWORD; not with UserAssignedMSI',
  UPLOAD_TEST_ROUTES: 'tests only: an allowed Teams upload host sent to a local server (src/teams/fileUpload.ts)',
  REMINDER_SWEEP_SECONDS: 'default 60',
  REMINDER_SWEEP: 'on by default (every instance sweeps; leases keep them apart)',
  ACK_REMINDER_MINUTES: 'default policy',
  ESCALATE_AFTER_MINUTES: 'default policy',
  DEADLINE_REMINDER_HOURS: 'default policy',
  OVERDUE_REMINDER_HOURS: 'default policy',
  PERSONS_REMINDER_HOURS: 'default policy',
  FOLLOW_UP_REMINDER_HOURS: 'default policy',
  OFF_HOURS_WARNING_HOUR: 'default policy',
  ACCESS_REVIEW_MONTHS: 'default 12',
  DRAFT_RETENTION_DAYS: 'default 30',
};

/** App Service's and Application Insights' own settings, not the app's. */
const PLATFORM = ['WEBSITE_RUN_FROM_PACKAGE', 'APPLICATIONINSIGHTS_CONNECTION_STRING', 'ApplicationInsightsAgent_EXTENSION_VERSION'];

function variablesReadByConfig(): Set<string> {
  const source = read('src/config.ts');
  const names = new Set<string>();
  for (const m of source.matchAll(/env\.([A-Z][A-Z0-9_]*)/g)) names.add(m[1]);
  for (const m of source.matchAll(/\bint\('([A-Z][A-Z0-9_]*)'/g)) names.add(m[1]);
  return names;
}

function bicepAppSettings(bicep: string): Map<string, string> {
  const block = /appSettings:\s*\[([\s\S]*?)\n\s*\]/.exec(bicep);
  assert.ok(block, 'the web app has appSettings');
  const settings = new Map<string, string>();
  for (const m of block[1].matchAll(/\{\s*name:\s*'([^']+)',\s*value:\s*([^}]+?)\s*\}/g)) settings.set(m[1], m[2]);
  return settings;
}

describe('infra: Bicep and the settings config.ts reads', () => {
  const bicep = read('infra/azure.bicep');
  const bot = read('infra/botRegistration/azurebot.bicep');
  const settings = bicepAppSettings(bicep);
  const read_ = variablesReadByConfig();

  it('finds what it checks (the parsers are not blind)', () => {
    assert.ok(read_.size >= 25, `config.ts variables found: ${[...read_].join(', ')}`);
    assert.ok(settings.size >= 10, `app settings found: ${[...settings.keys()].join(', ')}`);
  });

  it('every variable config.ts reads is an app setting or listed as optional', () => {
    const missing = [...read_].filter((name) => !settings.has(name) && !(name in OPTIONAL));
    assert.deepEqual(missing, []);
    const stale = Object.keys(OPTIONAL).filter((name) => !read_.has(name));
    assert.deepEqual(stale, [], 'the optional list names only variables config.ts reads');
  });

  it('every app setting is read by config.ts or is the platform\'s own', () => {
    const unread = [...settings.keys()].filter((name) => !read_.has(name) && !PLATFORM.includes(name));
    assert.deepEqual(unread, []);
  });

  it('the settings the Bicep fixes make a valid configuration (UserAssignedMSI, tables through the identity)', () => {
    const literal = (name: string) => /^'(.*)'$/.exec(settings.get(name) ?? '')?.[1];
    assert.equal(literal('BOT_APP_TYPE'), 'UserAssignedMSI');
    assert.equal(settings.get('AZURE_CLIENT_ID'), settings.get('BOT_ID'), 'one identity for the bot and for storage');
    const c = readConfig({
      BOT_ID: '0d0d0d0d-1111-4222-8333-444444444444',
      BOT_TENANT_ID: '7a7a7a7a-1111-4222-8333-444444444444',
      BOT_APP_TYPE: literal('BOT_APP_TYPE'),
      AZURE_TABLES_ACCOUNT_URL: 'https://brudvagtst.table.core.windows.net/',
      AZURE_CLIENT_ID: '0d0d0d0d-1111-4222-8333-444444444444',
      HOST: literal('HOST'),
      ORG_NAME: 'Testkommune',
      DPO_CONTACT: 'DPO',
      ADMIN_AAD_IDS: '',
      FORCE_LOCALE: '',
      RETENTION_YEARS: '5',
      LOG_LEVEL: literal('LOG_LEVEL'),
    });
    assert.equal(c.bot?.appType, 'UserAssignedMSI');
    assert.equal(c.tablesAccount?.url, 'https://brudvagtst.table.core.windows.net');
    assert.equal(c.host, '0.0.0.0');
  });

  it('App Service: Linux, Node 20, at least two instances, https only, always on, health check /healthz', () => {
    assert.match(bicep, /kind: 'app,linux'/);
    assert.match(bicep, /linuxFxVersion: 'NODE\|20-lts'/);
    assert.match(bicep, /@minValue\(2\)\s*\n[^\n]*\n\s*param instanceCount int = 2/);
    assert.match(bicep, /capacity: instanceCount/);
    assert.match(bicep, /httpsOnly: true/);
    assert.match(bicep, /alwaysOn: true/);
    assert.match(bicep, /healthCheckPath: '\/healthz'/);
  });

  it('Storage: TLS 1.2, no anonymous access, no shared keys, the identity as Storage Table Data Contributor', () => {
    assert.match(bicep, /minimumTlsVersion: 'TLS1_2'/);
    assert.match(bicep, /allowBlobPublicAccess: false/);
    assert.match(bicep, /allowSharedKeyAccess: false/);
    assert.match(bicep, /publicNetworkAccess: storagePublicNetworkAccess/);
    assert.match(bicep, /0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3/, 'the built-in role id of Storage Table Data Contributor');
    assert.match(bicep, /scope: storage\s*\n\s*properties: \{\s*\n\s*principalId: identity\.properties\.principalId/);
  });

  it('Azure Bot: the identity as UserAssignedMSI, with the Teams channel; Application Insights for the logs', () => {
    assert.match(bot, /msaAppType: 'UserAssignedMSI'/);
    assert.match(bot, /msaAppMSIResourceId: identityResourceId/);
    assert.match(bot, /channelName: 'MsTeamsChannel'/);
    assert.match(bot, /endpoint: 'https:\/\/\$\{botAppDomain\}\/api\/messages'/);
    assert.match(bicep, /Microsoft\.Insights\/components/);
    assert.match(bicep, /AppServiceConsoleLogs/);
  });

  it('parameters: organization, DPO, administrators, locale; every placeholder is in env/.env.dev', () => {
    const params = read('infra/azure.parameters.json');
    const envDev = read('env/.env.dev');
    for (const p of ['orgName', 'dpoContact', 'adminAadIds', 'locale']) {
      assert.match(params, new RegExp(`"${p}"`));
      assert.match(bicep, new RegExp(`param ${p} string`));
    }
    for (const m of params.matchAll(/\$\{\{([A-Z_]+)\}\}/g)) assert.match(envDev, new RegExp(`^${m[1]}=`, 'm'), `${m[1]} in env/.env.dev`);
    for (const m of bicep.matchAll(/^output ([A-Z_]+) /gm)) assert.match(envDev, new RegExp(`^${m[1]}=`, 'm'), `output ${m[1]} has its line in env/.env.dev`);
  });

  it('no secret in the environment templates', () => {
    for (const file of ['env/.env.dev', 'env/.env.local']) {
      for (const line of read(file).split('\n')) {
        if (/^\s*#/.test(line) || !line.includes('=')) continue;
        const [name, value] = line.split('=', 2);
        assert.ok(!/SECRET|PASSWORD|KEY|CONNECTION_STRING/.test(name) || value.trim() === '', `${file}: ${name} holds a value`);
        assert.equal(value.trim().length < 64, true, `${file}: ${name} looks like a key`);
      }
    }
  });
});
