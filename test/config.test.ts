import { strict as assert } from 'node:assert';
import { ConfigError, readConfig } from '../src/config';

describe('config', () => {
  it('defaults to local mode with the embedded store', () => {
    const c = readConfig({});
    assert.equal(c.port, 3978);
    assert.equal(c.tablesConnectionString, undefined);
    assert.equal(c.dataDir, '.data');
    assert.equal(c.bot, undefined);
    assert.equal(c.reminderSweepSeconds, 60);
  });

  it('binds 127.0.0.1 in local mode (unsigned requests) and 0.0.0.0 with BOT_ID, unless HOST says otherwise', () => {
    const creds = { BOT_ID: '0b0b0b0b-1111-4222-8333-444444444444', BOT_PASSWORD: 'secret' };
    assert.equal(readConfig({}).host, '127.0.0.1');
    assert.equal(readConfig({ HOST: '  ' }).host, '127.0.0.1');
    assert.equal(readConfig({ HOST: '0.0.0.0' }).host, '0.0.0.0');
    assert.equal(readConfig(creds).host, '0.0.0.0');
    assert.equal(readConfig({ ...creds, HOST: '127.0.0.1' }).host, '127.0.0.1');
  });

  it('turns authentication on with id and password', () => {
    const c = readConfig({ BOT_ID: '0b0b0b0b-1111-4222-8333-444444444444', BOT_PASSWORD: 'secret', BOT_TENANT_ID: '0c0c0c0c-1111-4222-8333-444444444444' });
    assert.deepEqual(c.bot, { id: '0b0b0b0b-1111-4222-8333-444444444444', password: 'secret', tenantId: '0c0c0c0c-1111-4222-8333-444444444444', appType: 'SingleTenant' });
    assert.equal(readConfig({ BOT_ID: '0b0b0b0b-1111-4222-8333-444444444444', BOT_PASSWORD: 'secret' }).bot?.appType, 'MultiTenant');
  });

  it('BOT_APP_TYPE: UserAssignedMSI needs the id and tenant and no password; each type its own pieces', () => {
    const id = '0b0b0b0b-1111-4222-8333-444444444444';
    const tenant = '0c0c0c0c-1111-4222-8333-444444444444';
    assert.deepEqual(readConfig({ BOT_ID: id, BOT_TENANT_ID: tenant, BOT_APP_TYPE: 'UserAssignedMSI' }).bot, { id, password: undefined, tenantId: tenant, appType: 'UserAssignedMSI' });
    assert.equal(readConfig({ BOT_ID: id, BOT_TENANT_ID: tenant, BOT_APP_TYPE: 'userassignedmsi' }).bot?.appType, 'UserAssignedMSI');
    assert.throws(() => readConfig({ BOT_ID: id, BOT_TENANT_ID: tenant, BOT_PASSWORD: 'x', BOT_APP_TYPE: 'UserAssignedMSI' }), /BOT_PASSWORD must not be set/);
    assert.throws(() => readConfig({ BOT_ID: id, BOT_APP_TYPE: 'UserAssignedMSI' }), /BOT_TENANT_ID is required/);
    assert.throws(() => readConfig({ BOT_ID: id, BOT_PASSWORD: 'x', BOT_APP_TYPE: 'SingleTenant' }), /BOT_TENANT_ID is required with BOT_APP_TYPE=SingleTenant/);
    assert.throws(() => readConfig({ BOT_ID: id, BOT_PASSWORD: 'x', BOT_TENANT_ID: tenant, BOT_APP_TYPE: 'MultiTenant' }), /makes the bot single-tenant/);
    assert.throws(() => readConfig({ BOT_ID: id, BOT_PASSWORD: 'x', BOT_APP_TYPE: 'Managed' }), /BOT_APP_TYPE must be one of MultiTenant, SingleTenant, UserAssignedMSI/);
    assert.throws(() => readConfig({ BOT_APP_TYPE: 'MultiTenant' }), /BOT_APP_TYPE is only used together with BOT_ID/);
  });

  it('BOT_OPENID_METADATA_URL (test/sovereign only): unset by default, https or loopback http only, with BOT_ID', () => {
    const creds = { BOT_ID: '0b0b0b0b-1111-4222-8333-444444444444', BOT_PASSWORD: 'secret' };
    assert.equal(readConfig(creds).botOpenIdMetadataUrl, undefined);
    assert.equal(readConfig({ ...creds, BOT_OPENID_METADATA_URL: 'http://127.0.0.1:5000/v1/.well-known/openidconfiguration' }).botOpenIdMetadataUrl, 'http://127.0.0.1:5000/v1/.well-known/openidconfiguration');
    assert.equal(readConfig({ ...creds, BOT_OPENID_METADATA_URL: 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration' }).botOpenIdMetadataUrl, 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration');
    for (const bad of ['http://keys.example/metadata', 'ftp://127.0.0.1/x', 'nonsense']) {
      assert.throws(() => readConfig({ ...creds, BOT_OPENID_METADATA_URL: bad }), /BOT_OPENID_METADATA_URL must be an https URL/, bad);
    }
    assert.throws(() => readConfig({ BOT_OPENID_METADATA_URL: 'https://login.botframework.com/v1/.well-known/openidconfiguration' }), /only used together with BOT_ID/);
  });

  it('BOT_LOGIN_URL (test/sovereign only): https, with BOT_ID and a password, not with UserAssignedMSI', () => {
    const creds = { BOT_ID: '0b0b0b0b-1111-4222-8333-444444444444', BOT_PASSWORD: 'secret' };
    assert.equal(readConfig(creds).botLoginUrl, undefined);
    assert.equal(readConfig({ ...creds, BOT_LOGIN_URL: 'https://login.microsoftonline.us/0c0c0c0c-1111-4222-8333-444444444444/' }).botLoginUrl, 'https://login.microsoftonline.us/0c0c0c0c-1111-4222-8333-444444444444');
    assert.throws(() => readConfig({ ...creds, BOT_LOGIN_URL: 'http://127.0.0.1:5000/botframework.com' }), /BOT_LOGIN_URL must be the https URL/);
    assert.throws(() => readConfig({ BOT_LOGIN_URL: 'https://login.microsoftonline.us/x' }), /BOT_LOGIN_URL is only used together with BOT_ID/);
    assert.throws(
      () => readConfig({ BOT_ID: creds.BOT_ID, BOT_TENANT_ID: '0c0c0c0c-1111-4222-8333-444444444444', BOT_APP_TYPE: 'UserAssignedMSI', BOT_LOGIN_URL: 'https://login.microsoftonline.us/x' }),
      /BOT_LOGIN_URL is not used with BOT_APP_TYPE=UserAssignedMSI/,
    );
  });

  it('Table Storage: exactly one of AZURE_TABLES_CONNECTION_STRING and AZURE_TABLES_ACCOUNT_URL (+ AZURE_CLIENT_ID)', () => {
    const url = 'https://brudvagt.table.core.windows.net/';
    const clientId = '0f0f0f0f-1111-4222-8333-444444444444';
    assert.deepEqual(readConfig({ AZURE_TABLES_ACCOUNT_URL: url, AZURE_CLIENT_ID: clientId }).tablesAccount, { url: 'https://brudvagt.table.core.windows.net', managedIdentityClientId: clientId });
    assert.deepEqual(readConfig({ AZURE_TABLES_ACCOUNT_URL: url }).tablesAccount, { url: 'https://brudvagt.table.core.windows.net', managedIdentityClientId: undefined });
    assert.equal(readConfig({}).tablesAccount, undefined);
    assert.throws(() => readConfig({ AZURE_TABLES_ACCOUNT_URL: url, AZURE_TABLES_CONNECTION_STRING: 'UseDevelopmentStorage=true' }), /either AZURE_TABLES_CONNECTION_STRING .* or AZURE_TABLES_ACCOUNT_URL/);
    assert.throws(() => readConfig({ AZURE_TABLES_ACCOUNT_URL: 'http://brudvagt.table.core.windows.net' }), /must be the https URL/);
    assert.throws(() => readConfig({ AZURE_CLIENT_ID: clientId }), /AZURE_CLIENT_ID is only used together with AZURE_TABLES_ACCOUNT_URL/);
    assert.throws(() => readConfig({ AZURE_TABLES_ACCOUNT_URL: url, AZURE_CLIENT_ID: 'nope' }), /AZURE_CLIENT_ID must be the client id/);
  });

  it('names every bad variable in one error', () => {
    try {
      readConfig({ PORT: 'abc', BOT_ID: 'not-a-guid', REMINDER_SWEEP_SECONDS: '0', ADMIN_AAD_IDS: 'x', AZURE_TABLES_CONNECTION_STRING: 'nonsense' });
      assert.fail('should throw');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      const text = error.message;
      for (const name of ['PORT', 'BOT_ID', 'BOT_PASSWORD', 'REMINDER_SWEEP_SECONDS', 'ADMIN_AAD_IDS', 'AZURE_TABLES_CONNECTION_STRING']) {
        assert.match(text, new RegExp(name), name);
      }
      assert.equal(error.problems.length, 6);
    }
  });

  it('BOT_INSTANCES: 1 by default (each instance paces to its share of Teams\' limits), a whole number from 1 to 20', () => {
    assert.equal(readConfig({}).botInstances, 1);
    assert.equal(readConfig({ BOT_INSTANCES: '2' }).botInstances, 2);
    for (const bad of ['0', '21', '1.5', 'to']) assert.throws(() => readConfig({ BOT_INSTANCES: bad }), /BOT_INSTANCES must be a whole number from 1 to 20/, bad);
  });

  it('refuses a password without an id and a tenant without credentials', () => {
    assert.throws(() => readConfig({ BOT_PASSWORD: 'x' }), /BOT_ID is required/);
    assert.throws(() => readConfig({ BOT_TENANT_ID: '0c0c0c0c-1111-4222-8333-444444444444' }), /BOT_TENANT_ID is only used/);
  });

  it('retention: 5 years from closing and 30 days for drafts by default, whole numbers within bounds', () => {
    assert.deepEqual(readConfig({}).retention, { years: 5, draftDays: 30 });
    assert.deepEqual(readConfig({ RETENTION_YEARS: '10', DRAFT_RETENTION_DAYS: '14' }).retention, { years: 10, draftDays: 14 });
    for (const bad of ['0', '-1', '2.5', 'fem', '101']) assert.throws(() => readConfig({ RETENTION_YEARS: bad }), /RETENTION_YEARS must be a whole number from 1 to 100/, bad);
    for (const bad of ['0', '3651', 'x']) assert.throws(() => readConfig({ DRAFT_RETENTION_DAYS: bad }), /DRAFT_RETENTION_DAYS must be a whole number from 1 to 3650/, bad);
    try {
      readConfig({ RETENTION_YEARS: '0', DRAFT_RETENTION_DAYS: '0' });
      assert.fail('should throw');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.problems.length, 2, 'both named in one error');
    }
  });
});
