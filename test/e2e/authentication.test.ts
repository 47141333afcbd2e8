/**
 * The signed path of Bot Framework authentication, end to end: the real server (`npm run serve`'s entry, a
 * child process), the Bot Framework's OpenID metadata and keys served locally (BOT_OPENID_METADATA_URL, a
 * test/sovereign setting), and real RS256 tokens. Two configurations:
 * - as the Bicep deploys it: BOT_APP_TYPE=UserAssignedMSI, the bot's own tokens from App Service's
 *   managed-identity endpoint (local, IDENTITY_ENDPOINT/IDENTITY_HEADER, which App Service sets itself), and
 *   Table Storage through Azure AD (AZURE_TABLES_ACCOUNT_URL + AZURE_CLIENT_ID) on an https Azurite that
 *   checks the bearer tokens;
 * - with BOT_ID/BOT_PASSWORD (MultiTenant): the bot's own tokens by MSAL's client-credentials flow from a
 *   local Azure AD authority over https (BOT_LOGIN_URL, a test/sovereign setting).
 */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { startEmbeddedAzurite, type EmbeddedAzurite } from '../../src/storage/embeddedAzurite';
import { message, personalConversationId, user } from '../helpers/activities';
import { startTestStorage, uniquePrefix, type TestStorage } from '../helpers/azurite';
import { FakeConnector } from '../helpers/fakeConnector';
import { LocalIdentity, makeTestCertificate, type TestCertificate } from '../helpers/localIdentity';
import { buildServerForChildProcess, killAllServerProcesses, startServerProcess, type ServerBuild, type ServerProcess } from '../helpers/serverProcess';

const APP_ID = '0d0d0d0d-1111-4222-8333-444444444444';
const OTHER_APP = '0e0e0e0e-1111-4222-8333-444444444444';

interface Rig {
  identity: LocalIdentity;
  connector: FakeConnector;
  server: ServerProcess;
}

const post = async (server: ServerProcess, activity: object, authorization?: string) => {
  const res = await fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(activity),
  });
  return { status: res.status, text: await res.text() };
};

/** A correctly signed token gets a turn whose reply carries the bot's own bearer token from `minted`. */
function signedTurn(rig: () => Rig, userNo: number, minted: (identity: LocalIdentity) => string | undefined) {
  it('a correctly signed Teams-channel token gets 200 and a turn, and the reply carries the bot\'s own bearer token', async () => {
    const { identity, connector, server } = rig();
    const u = user(userNo);
    connector.members.set(personalConversationId(u), [{ id: u.id, aadObjectId: u.aadObjectId, name: u.name }]);
    connector.clear();
    const token = identity.sign(identity.channelClaims(APP_ID, connector.url));
    const res = await post(server, message(u, connector.url, 'hjælp'), `Bearer ${token}`);
    assert.equal(res.status, 200, `${res.text}\n${server.output().slice(-2000)}`);
    await connector.waitFor((calls) => calls.some((c) => c.method === 'POST' && c.conversationId === personalConversationId(u)));
    const reply = connector.calls.find((c) => c.method === 'POST' && c.conversationId === personalConversationId(u))!;
    const issued = minted(identity);
    assert.ok(issued, 'the local token endpoint issued a token for the Bot Connector');
    assert.equal(reply.authorization, `Bearer ${issued}`, 'the reply is signed with the token the endpoint issued');
    assert.ok(identity.metadataRequests >= 1, 'the keys were read from the configured metadata URL');
  });
}

/** Forged, stale or misdirected tokens: 401, nothing of the request echoed, no turn; then a good one still works. */
function refusals(rig: () => Rig) {
  describe('forged, stale or misdirected tokens are refused with 401, nothing of the request echoed, no turn', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const cases: { name: string; authorization: (identity: LocalIdentity, serviceUrl: string) => string | undefined }[] = [
      { name: 'no Authorization header', authorization: () => undefined },
      { name: 'not a JWT', authorization: () => 'Bearer not.a.token' },
      { name: 'another scheme', authorization: (_i, s) => `Basic ${Buffer.from(`${APP_ID}:${s}`).toString('base64')}` },
      { name: 'wrong audience (another bot)', authorization: (i, s) => `Bearer ${i.sign(i.channelClaims(OTHER_APP, s))}` },
      { name: 'wrong issuer', authorization: (i, s) => `Bearer ${i.sign(i.channelClaims(APP_ID, s, { iss: `https://sts.windows.net/${i.tenantId}/` }))}` },
      { name: 'expired an hour ago', authorization: (i, s) => `Bearer ${i.sign(i.channelClaims(APP_ID, s, { nbf: now() - 7200, exp: now() - 3600 }))}` },
      { name: 'not valid before an hour from now', authorization: (i, s) => `Bearer ${i.sign(i.channelClaims(APP_ID, s, { nbf: now() + 3600, exp: now() + 7200 }))}` },
      {
        name: 'tampered payload (signature of other claims)',
        authorization: (i, s) => {
          const [header, , signature] = i.sign(i.channelClaims(OTHER_APP, s)).split('.');
          const forged = Buffer.from(JSON.stringify(i.channelClaims(APP_ID, s))).toString('base64url');
          return `Bearer ${header}.${forged}.${signature}`;
        },
      },
      {
        name: 'tampered signature',
        authorization: (i, s) => {
          const [header, payload, signature] = i.sign(i.channelClaims(APP_ID, s)).split('.');
          const bytes = Buffer.from(signature, 'base64url');
          bytes[10] ^= 0xff;
          return `Bearer ${header}.${payload}.${bytes.toString('base64url')}`;
        },
      },
      { name: 'alg: none', authorization: (i, s) => `Bearer ${i.sign(i.channelClaims(APP_ID, s), { alg: 'none' })}` },
      { name: 'HS256 with the public key as secret', authorization: (i, s) => `Bearer ${i.sign(i.channelClaims(APP_ID, s), { alg: 'HS256' })}` },
      { name: 'unknown kid', authorization: (i, s) => `Bearer ${i.sign(i.channelClaims(APP_ID, s), { unpublishedKey: true })}` },
      { name: 'known kid, signed by another key', authorization: (i, s) => `Bearer ${i.sign(i.channelClaims(APP_ID, s), { unpublishedKey: true, kid: 'bf-key-1' })}` },
      { name: 'a key not endorsed for msteams', authorization: (i, s) => `Bearer ${i.sign(i.channelClaims(APP_ID, s), { otherChannelKey: true })}` },
      { name: 'serviceurl claim for another service', authorization: (i) => `Bearer ${i.sign(i.channelClaims(APP_ID, 'https://smba.trafficmanager.net/emea/'))}` },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const { identity, connector, server } = rig();
        const marker = `ekko-${randomBytes(4).toString('hex')} tekst fra anmodningen`;
        connector.clear();
        const before = server.output().length;
        const res = await post(server, message(user(70), connector.url, marker), c.authorization(identity, connector.url));
        assert.equal(res.status, 401, `${c.name}: ${res.status} ${res.text}`);
        assert.deepEqual(JSON.parse(res.text), { error: 'unauthorized' });
        for (const echoed of [marker, connector.url, '127.0.0.1', APP_ID, 'http']) assert.ok(!res.text.includes(echoed), `answer echoes ${echoed}`);
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(connector.calls.length, 0, 'no turn: nothing was sent to the connector');
        assert.ok(!server.output().slice(before).includes(marker), 'the request text is not logged');
      });
    }

    it('and the server still answers a good token after all of them', async () => {
      const { identity, connector, server } = rig();
      const u = user(63);
      connector.clear();
      const res = await post(server, message(u, connector.url, 'hjælp'), `Bearer ${identity.sign(identity.channelClaims(APP_ID, connector.url))}`);
      assert.equal(res.status, 200);
      await connector.waitFor((calls) => calls.some((c) => c.conversationId === personalConversationId(u)));
    });
  });
}

describe('e2e: Bot Framework authentication with signed tokens', function () {
  this.timeout(60000);
  let build: ServerBuild;
  let cert: TestCertificate;
  before(() => {
    cert = makeTestCertificate();
    build = buildServerForChildProcess();
  });
  after(async () => {
    await killAllServerProcesses();
    build?.remove();
    cert?.remove();
  });

  describe('as deployed: UserAssignedMSI, and Table Storage through the managed identity', () => {
    let identity: LocalIdentity;
    let connector: FakeConnector;
    let azurite: EmbeddedAzurite;
    let server: ServerProcess;
    before(async () => {
      identity = await new LocalIdentity().start();
      connector = await new FakeConnector().start();
      azurite = await startEmbeddedAzurite({ tls: { certPath: cert.certPath, keyPath: cert.keyPath, oauth: 'basic' } });
      server = await startServerProcess(build.entry, {
        HOST: '127.0.0.1',
        BOT_ID: APP_ID,
        BOT_APP_TYPE: 'UserAssignedMSI',
        BOT_TENANT_ID: identity.tenantId,
        BOT_OPENID_METADATA_URL: identity.openIdMetadataUrl,
        IDENTITY_ENDPOINT: identity.identityEndpoint,
        IDENTITY_HEADER: identity.identityHeader,
        AZURE_TABLES_ACCOUNT_URL: `https://127.0.0.1:${azurite.port}/devstoreaccount1`,
        AZURE_CLIENT_ID: APP_ID,
        NODE_EXTRA_CA_CERTS: cert.certPath,
        TABLE_PREFIX: uniquePrefix(),
      });
    });
    after(async () => {
      await server?.stop();
      await azurite?.close();
      await connector?.stop();
      await identity?.stop();
    });
    const rig = () => ({ identity, connector, server });

    it('started on Table Storage through the managed identity: the storage token came from the identity endpoint', () => {
      assert.match(server.output(), /managed identity/);
      const storage = identity.tokenRequests.filter((r) => r.resource.startsWith('https://storage.azure.com'));
      assert.ok(storage.length >= 1, `no storage token was asked for:\n${server.output().slice(-1500)}`);
      assert.equal(storage[0].clientId, APP_ID, 'the user-assigned identity (AZURE_CLIENT_ID) is asked for');
      assert.equal(storage[0].secretHeader, identity.identityHeader);
    });

    signedTurn(rig, 61, (i) => {
      const minted = i.tokenRequests.filter((r) => r.resource.startsWith('https://api.botframework.com'));
      assert.ok(minted.every((r) => r.clientId === APP_ID), 'for the bot\'s identity (BOT_ID)');
      return minted[minted.length - 1]?.token;
    });

    it('a report turn reads and writes Table Storage through the managed identity (the form is a stored draft)', async () => {
      const u = user(62);
      connector.members.set(personalConversationId(u), [{ id: u.id, aadObjectId: u.aadObjectId, name: u.name }]);
      connector.clear();
      const res = await post(server, message(u, connector.url, 'anmeld'), `Bearer ${identity.sign(identity.channelClaims(APP_ID, connector.url))}`);
      assert.equal(res.status, 200);
      await connector.waitFor((calls) => calls.some((c) => c.conversationId === personalConversationId(u) && /report\.submit/.test(JSON.stringify(c.body ?? ''))));
    });

    refusals(rig);
  });

  describe('with BOT_ID and BOT_PASSWORD: MSAL\'s client credentials from the configured authority', () => {
    let identity: LocalIdentity;
    let connector: FakeConnector;
    let storage: TestStorage;
    let server: ServerProcess;
    before(async () => {
      identity = await new LocalIdentity().start({ certPem: cert.certPem, keyPem: cert.keyPem });
      connector = await new FakeConnector().start();
      storage = await startTestStorage();
      server = await startServerProcess(build.entry, {
        HOST: '127.0.0.1',
        BOT_ID: APP_ID,
        BOT_PASSWORD: identity.clientSecret,
        BOT_OPENID_METADATA_URL: identity.openIdMetadataUrl,
        BOT_LOGIN_URL: `${identity.base}/botframework.com`,
        AZURE_TABLES_CONNECTION_STRING: storage.connectionString,
        NODE_EXTRA_CA_CERTS: cert.certPath,
        TABLE_PREFIX: uniquePrefix(),
      });
    });
    after(async () => {
      await server?.stop();
      await storage?.close();
      await connector?.stop();
      await identity?.stop();
    });
    const rig = () => ({ identity, connector, server });

    signedTurn(rig, 64, (i) => {
      const form = i.clientCredentialRequests[i.clientCredentialRequests.length - 1];
      assert.ok(form, `MSAL asked the authority for a token:\n${server.output().slice(-1500)}`);
      assert.equal(form.grant_type, 'client_credentials');
      assert.equal(form.client_id, APP_ID);
      assert.equal(form.scope, 'https://api.botframework.com/.default');
      return i.tokenRequests[i.tokenRequests.length - 1]?.token;
    });

    refusals(rig);
  });
});
