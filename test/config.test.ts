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
    assert.deepEqual(c.bot, { id: '0b0b0b0b-1111-4222-8333-444444444444', password: 'secret', tenantId: '0c0c0c0c-1111-4222-8333-444444444444' });
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
