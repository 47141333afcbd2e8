/**
 * The signed path of Bot Framework authentication, end to end, in the configuration the Bicep deploys:
 * the real server (`npm run serve`'s entry, a child process) with BOT_ID and BOT_APP_TYPE=UserAssignedMSI,
 * the Bot Framework's OpenID metadata and keys served locally (BOT_OPENID_METADATA_URL, a test/sovereign
 * setting), App Service's managed-identity endpoint served locally (IDENTITY_ENDPOINT/IDENTITY_HEADER, which
 * App Service sets itself), and Table Storage reached through Azure AD (AZURE_TABLES_ACCOUNT_URL +
 * AZURE_CLIENT_ID) on an https Azurite that checks the bearer tokens. Tokens are real RS256 JWTs.
 */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { startEmbeddedAzurite, type EmbeddedAzurite } from '../../src/storage/embeddedAzurite';
import { message, personalConversationId, user } from '../helpers/activities';
import { uniquePrefix } from '../helpers/azurite';
import { FakeConnector } from '../helpers/fakeConnector';
import { LocalIdentity, makeTestCertificate, type TestCertificate } from '../helpers/localIdentity';
import { buildServerForChildProcess, killAllServerProcesses, startServerProcess, type ServerBuild, type ServerProcess } from '../helpers/serverProcess';

const APP_ID = '0d0d0d0d-1111-4222-8333-444444444444';
const OTHER_APP = '0e0e0e0e-1111-4222-8333-444444444444';

describe('e2e: Bot Framework authentication with signed tokens (UserAssignedMSI, managed identity for storage)', function () {
  this.timeout(60000);
  let build: ServerBuild;
  let cert: TestCertificate;
  let identity: LocalIdentity;
  let connector: FakeConnector;
  let azurite: EmbeddedAzurite;
  let server: ServerProcess;

  before(async () => {
    cert = makeTestCertificate();
    identity = await new LocalIdentity().start();
    connector = await new FakeConnector().start();
    azurite = await startEmbeddedAzurite({ tls: { certPath: cert.certPath, keyPath: cert.keyPath, oauth: 'basic' } });
    build = buildServerForChildProcess();
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
    await killAllServerProcesses();
    await azurite?.close();
    await connector?.stop();
    await identity?.stop();
    build?.remove();
    cert?.remove();
  });

  const post = async (activity: object, authorization?: string) => {
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(activity),
    });
    return { status: res.status, text: await res.text() };
  };

  it('started on Table Storage through the managed identity: the storage token came from the identity endpoint', () => {
    assert.match(server.output(), /managed identity/);
    const storage = identity.tokenRequests.filter((r) => r.resource.startsWith('https://storage.azure.com'));
    assert.ok(storage.length >= 1, `no storage token was asked for:\n${server.output().slice(-1500)}`);
    assert.equal(storage[0].clientId, APP_ID, 'the user-assigned identity (AZURE_CLIENT_ID) is asked for');
    assert.equal(storage[0].secretHeader, identity.identityHeader);
  });

  it('a correctly signed Teams-channel token gets 200 and a turn, and the reply carries the bot\'s own bearer token', async () => {
    const u = user(61);
    connector.members.set(personalConversationId(u), [{ id: u.id, aadObjectId: u.aadObjectId, name: u.name }]);
    connector.clear();
    const token = identity.sign(identity.channelClaims(APP_ID, connector.url));
    const res = await post(message(u, connector.url, 'hjælp'), `Bearer ${token}`);
    assert.equal(res.status, 200, `${res.text}\n${server.output().slice(-2000)}`);
    await connector.waitFor((calls) => calls.some((c) => c.method === 'POST' && c.conversationId === personalConversationId(u)));
    const reply = connector.calls.find((c) => c.method === 'POST' && c.conversationId === personalConversationId(u))!;
    const minted = identity.tokenRequests.filter((r) => r.resource.startsWith('https://api.botframework.com'));
    assert.ok(minted.length >= 1, 'the bot asked the managed-identity endpoint for a Bot Connector token');
    assert.equal(minted[0].clientId, APP_ID, 'for the bot\'s identity (BOT_ID)');
    assert.equal(reply.authorization, `Bearer ${minted[minted.length - 1].token}`, 'the reply is signed with the token the endpoint issued');
    assert.ok(identity.metadataRequests >= 1, 'the keys were read from the configured metadata URL');
  });

  it('a report turn reads and writes Table Storage through the managed identity (the form is a stored draft)', async () => {
    const u = user(62);
    connector.members.set(personalConversationId(u), [{ id: u.id, aadObjectId: u.aadObjectId, name: u.name }]);
    connector.clear();
    const res = await post(message(u, connector.url, 'anmeld'), `Bearer ${identity.sign(identity.channelClaims(APP_ID, connector.url))}`);
    assert.equal(res.status, 200);
    await connector.waitFor((calls) => calls.some((c) => c.conversationId === personalConversationId(u) && /report\.submit/.test(JSON.stringify(c.body ?? ''))));
  });

  describe('forged, stale or misdirected tokens are refused with 401, nothing of the request echoed, no turn', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const cases: { name: string; authorization: (serviceUrl: string) => string | undefined }[] = [
      { name: 'no Authorization header', authorization: () => undefined },
      { name: 'not a JWT', authorization: () => 'Bearer not.a.token' },
      { name: 'another scheme', authorization: (s) => `Basic ${Buffer.from(`${APP_ID}:${s}`).toString('base64')}` },
      { name: 'wrong audience (another bot)', authorization: (s) => `Bearer ${identity.sign(identity.channelClaims(OTHER_APP, s))}` },
      { name: 'wrong issuer', authorization: (s) => `Bearer ${identity.sign(identity.channelClaims(APP_ID, s, { iss: `https://sts.windows.net/${identity.tenantId}/` }))}` },
      { name: 'expired an hour ago', authorization: (s) => `Bearer ${identity.sign(identity.channelClaims(APP_ID, s, { nbf: now() - 7200, exp: now() - 3600 }))}` },
      { name: 'not valid before an hour from now', authorization: (s) => `Bearer ${identity.sign(identity.channelClaims(APP_ID, s, { nbf: now() + 3600, exp: now() + 7200 }))}` },
      {
        name: 'tampered payload (signature of other claims)',
        authorization: (s) => {
          const [header, , signature] = identity.sign(identity.channelClaims(OTHER_APP, s)).split('.');
          const forged = Buffer.from(JSON.stringify(identity.channelClaims(APP_ID, s))).toString('base64url');
          return `Bearer ${header}.${forged}.${signature}`;
        },
      },
      {
        name: 'tampered signature',
        authorization: (s) => {
          const [header, payload, signature] = identity.sign(identity.channelClaims(APP_ID, s)).split('.');
          const bytes = Buffer.from(signature, 'base64url');
          bytes[10] ^= 0xff;
          return `Bearer ${header}.${payload}.${bytes.toString('base64url')}`;
        },
      },
      { name: 'alg: none', authorization: (s) => `Bearer ${identity.sign(identity.channelClaims(APP_ID, s), { alg: 'none' })}` },
      { name: 'HS256 with the public key as secret', authorization: (s) => `Bearer ${identity.sign(identity.channelClaims(APP_ID, s), { alg: 'HS256' })}` },
      { name: 'unknown kid', authorization: (s) => `Bearer ${identity.sign(identity.channelClaims(APP_ID, s), { unpublishedKey: true })}` },
      { name: 'known kid, signed by another key', authorization: (s) => `Bearer ${identity.sign(identity.channelClaims(APP_ID, s), { unpublishedKey: true, kid: 'bf-key-1' })}` },
      { name: 'a key not endorsed for msteams', authorization: (s) => `Bearer ${identity.sign(identity.channelClaims(APP_ID, s), { otherChannelKey: true })}` },
      { name: 'serviceurl claim for another service', authorization: () => `Bearer ${identity.sign(identity.channelClaims(APP_ID, 'https://smba.trafficmanager.net/emea/'))}` },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const marker = `ekko-${randomBytes(4).toString('hex')} tekst fra anmodningen`;
        const u = user(70);
        connector.clear();
        const before = server.output().length;
        const res = await post(message(u, connector.url, marker), c.authorization(connector.url));
        assert.equal(res.status, 401, `${c.name}: ${res.status} ${res.text}`);
        assert.deepEqual(JSON.parse(res.text), { error: 'unauthorized' });
        for (const echoed of [marker, connector.url, '127.0.0.1', APP_ID, 'http']) assert.ok(!res.text.includes(echoed), `answer echoes ${echoed}`);
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(connector.calls.length, 0, 'no turn: nothing was sent to the connector');
        assert.ok(!server.output().slice(before).includes(marker), 'the request text is not logged');
      });
    }

    it('and the server still answers a good token after all of them', async () => {
      const u = user(63);
      connector.clear();
      const res = await post(message(u, connector.url, 'hjælp'), `Bearer ${identity.sign(identity.channelClaims(APP_ID, connector.url))}`);
      assert.equal(res.status, 200);
      await connector.waitFor((calls) => calls.some((c) => c.conversationId === personalConversationId(u)));
    });
  });
});
