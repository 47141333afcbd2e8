/**
 * The managed-identity path of Table Storage, from the settings (AZURE_TABLES_ACCOUNT_URL + AZURE_CLIENT_ID)
 * to requests that carry a bearer token: a fake TokenCredential in place of the managed identity, against
 * a real Azurite over https that checks each bearer token's issuer, audience and lifetime (Azurite's
 * "basic" OAuth; it takes bearer tokens over https only, as Azure does).
 */
import { strict as assert } from 'node:assert';
import { ManagedIdentityCredential, type AccessToken, type TokenCredential } from '@azure/identity';
import { readConfig } from '../../src/config';
import { openStorage } from '../../src/storage/openStorage';
import { startEmbeddedAzurite, type EmbeddedAzurite } from '../../src/storage/embeddedAzurite';
import { managedIdentityCredential } from '../../src/storage/tableCredential';
import { createTableClients } from '../../src/storage/tableClients';
import { makeTestCertificate, type TestCertificate } from '../helpers/localIdentity';
import { uniquePrefix } from '../helpers/azurite';

/** Issues Azure AD-shaped JWTs for storage (unsigned content is enough for Azurite's basic check) and records the scopes asked. */
class FakeCredential implements TokenCredential {
  scopes: string[][] = [];
  constructor(private readonly lifetimeSeconds = 3600) {}
  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.scopes.push(Array.isArray(scopes) ? scopes : [scopes]);
    const now = Math.floor(Date.now() / 1000);
    const claims = { aud: 'https://storage.azure.com', iss: 'https://sts.windows.net/7a7a7a7a-1111-4222-8333-444444444444/', iat: now - 7200, nbf: now - 7200, exp: now + this.lifetimeSeconds };
    const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    // The SDK refreshes a token it believes expired; tell it the truth only for the valid one.
    return { token: `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2ln`, expiresOnTimestamp: Date.now() + 3600_000 };
  }
}

describe('storage: Table Storage through Azure AD (managed identity)', function () {
  this.timeout(30000);
  let cert: TestCertificate;
  let azurite: EmbeddedAzurite;
  let accountUrl: string;
  before(async () => {
    cert = makeTestCertificate();
    azurite = await startEmbeddedAzurite({ tls: { certPath: cert.certPath, keyPath: cert.keyPath, oauth: 'basic' } });
    accountUrl = `https://127.0.0.1:${azurite.port}/devstoreaccount1`;
  });
  after(async () => {
    await azurite?.close();
    cert?.remove();
  });

  it('from AZURE_TABLES_ACCOUNT_URL: every request carries a storage bearer token, and the store works', async () => {
    const config = readConfig({ AZURE_TABLES_ACCOUNT_URL: accountUrl, AZURE_CLIENT_ID: '0f0f0f0f-1111-4222-8333-444444444444' });
    const credential = new FakeCredential();
    const storage = await openStorage({ account: config.tablesAccount, dataDir: 'unused', prefix: uniquePrefix(), credential, trustedCa: cert.certPem });
    try {
      assert.equal(storage.connectionString, undefined, 'no key anywhere');
      assert.match(storage.description, /managed identity 0f0f0f0f-1111-4222-8333-444444444444/);
      assert.equal(await storage.health.ping(), true);
      const first = await storage.numbers.next('11111111-2222-4333-8444-555555555555', 2026);
      const second = await storage.numbers.next('11111111-2222-4333-8444-555555555555', 2026);
      assert.equal(second, first + 1);
      assert.ok(credential.scopes.length >= 1, 'the credential was asked');
      for (const s of credential.scopes) assert.deepEqual(s, ['https://storage.azure.com/.default']);
    } finally {
      await storage.close();
    }
  });

  it('a token Azurite refuses (expired) fails the request: the bearer token is really checked', async () => {
    const clients = createTableClients({ accountUrl, credential: new FakeCredential(-3600) }, { prefix: uniquePrefix(), trustedCa: cert.certPem, retry: { maxRetries: 0 } });
    await assert.rejects(() => clients.counters.createTable(), (error: { statusCode?: number }) => error.statusCode === 401 || error.statusCode === 403);
  });

  it('without a test credential the managed identity is used: user-assigned with AZURE_CLIENT_ID, else system-assigned', () => {
    assert.ok(managedIdentityCredential('0f0f0f0f-1111-4222-8333-444444444444') instanceof ManagedIdentityCredential);
    assert.ok(managedIdentityCredential() instanceof ManagedIdentityCredential);
  });
});
