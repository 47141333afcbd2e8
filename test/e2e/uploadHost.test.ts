/**
 * Issue 16, finding 9: with BOT_ID set, an export is uploaded only to Teams' own upload hosts (OneDrive for
 * Business, `*.sharepoint.com`, src/teams/uploadHosts.ts). The real server as `npm run serve` runs it (a child
 * process), signed Bot Framework tokens (as test/e2e/authentication.test.ts), the fake connector and Azurite.
 *
 * A signed `fileConsent/invoke` whose upload URL is `https://127.0.0.1:<port>/` (a local https server that
 * would accept the file: before the check it received the register), `http://contoso.sharepoint.com/` or
 * `https://evil.example/sharepoint.com/` uploads nothing (0 connections at the would-be upload servers),
 * answers in words and is audited as refused. A `https://contoso-my.sharepoint.com/…` URL is accepted: the
 * test setting UPLOAD_TEST_ROUTES sends that (already allowed) host to the fake connector's upload route.
 */
import { strict as assert } from 'node:assert';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { TableClient } from '@azure/data-tables';
import { tableClientOptions, tableNames } from '../../src/storage/tableClients';
import { TableAuditLog } from '../../src/storage/tableAuditLog';
import { BOT, channelMessage, personalConversationId, teamChannel, TENANT, user, type User } from '../helpers/activities';
import { startTestStorage, uniquePrefix, type TestStorage } from '../helpers/azurite';
import { FakeConnector } from '../helpers/fakeConnector';
import { LocalIdentity, makeTestCertificate, type TestCertificate } from '../helpers/localIdentity';
import { buildServerForChildProcess, killAllServerProcesses, startServerProcess, type ServerBuild, type ServerProcess } from '../helpers/serverProcess';

const APP_ID = '0d0d0d0d-1111-4222-8333-555555555555';
const ROUTED_HOST = 'contoso-my.sharepoint.com';

/** A local https server that would take an upload (answers every PUT 201) and counts what reached it. */
async function startCountingUploadServer(cert: TestCertificate): Promise<{ server: HttpsServer; port: number; connections: () => number; requests: () => number }> {
  let connections = 0;
  let requests = 0;
  const server = createHttpsServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    requests += 1;
    req.resume();
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end('{"id":"item"}');
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, port, connections: () => connections, requests: () => requests };
}

describe('e2e: with BOT_ID an export goes to Teams\' upload hosts only (issue 16, finding 9)', function () {
  this.timeout(60000);
  let build: ServerBuild;
  let cert: TestCertificate;
  let identity: LocalIdentity;
  let connector: FakeConnector;
  let storage: TestStorage;
  let server: ServerProcess;
  let trap: Awaited<ReturnType<typeof startCountingUploadServer>>;
  let audit: TableAuditLog;
  const prefix = uniquePrefix();
  const admin = user(980, 'Admin Person');
  const dpo = user(981, 'Dorte DPO');
  const central = teamChannel(81, 'Sikkerhedsgruppen');

  before(async () => {
    cert = makeTestCertificate();
    build = buildServerForChildProcess();
    identity = await new LocalIdentity().start({ certPem: cert.certPem, keyPem: cert.keyPem });
    connector = await new FakeConnector().start();
    storage = await startTestStorage();
    trap = await startCountingUploadServer(cert);
    server = await startServerProcess(build.entry, {
      HOST: '127.0.0.1',
      BOT_ID: APP_ID,
      BOT_PASSWORD: identity.clientSecret,
      BOT_OPENID_METADATA_URL: identity.openIdMetadataUrl,
      BOT_LOGIN_URL: `${identity.base}/botframework.com`,
      AZURE_TABLES_CONNECTION_STRING: storage.connectionString,
      // The counting server's certificate is trusted: a refused URL is refused by the check, not by TLS.
      NODE_EXTRA_CA_CERTS: cert.certPath,
      TABLE_PREFIX: prefix,
      ADMIN_AAD_IDS: admin.aadObjectId,
      UPLOAD_TEST_ROUTES: `${ROUTED_HOST}=${connector.url.replace(/\/$/, '')}`,
    });
    audit = new TableAuditLog(TableClient.fromConnectionString(storage.connectionString, tableNames(prefix).audit, tableClientOptions(storage.connectionString)));
    connector.members.set(central.teamId, [{ id: dpo.id, aadObjectId: dpo.aadObjectId, name: dpo.name }]);
  });
  after(async () => {
    await server?.stop();
    await killAllServerProcesses();
    await new Promise<void>((resolve) => (trap ? trap.server.close(() => resolve()) : resolve()));
    await storage?.close();
    await connector?.stop();
    await identity?.stop();
    build?.remove();
    cert?.remove();
  });

  const signed = () => `Bearer ${identity.sign(identity.channelClaims(APP_ID, connector.url))}`;
  const post = async (activity: object) => {
    const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: signed() }, body: JSON.stringify(activity) });
    const text = await res.text();
    assert.equal(res.status, 200, `${text}\n${server.output().slice(-2000)}`);
  };

  /** `eksport 2026 csv` in the central channel: the consent card's request id, from the 1:1 chat. */
  async function offer(): Promise<string> {
    connector.clear();
    await post(channelMessage(dpo, connector.url, central, 'eksport 2026 csv'));
    const chat = `a:1on1-${dpo.id}`;
    await connector.waitFor(() => connector.sent(chat).length >= 1);
    const card = connector.sent(chat)[0].attachments[0];
    assert.equal(card.contentType, 'application/vnd.microsoft.teams.card.file.consent');
    return card.content.acceptContext.requestId as string;
  }

  /** The person pressed "Allow" and Teams (here: whoever signed it) named `uploadUrl`: what the chat got. */
  async function accept(u: User, requestId: string, uploadUrl: string, key: string): Promise<any[]> {
    const before = connector.sent(personalConversationId(u)).length;
    await post({
      type: 'invoke',
      name: 'fileConsent/invoke',
      id: `inv-${Math.random()}`,
      channelId: 'msteams',
      serviceUrl: connector.url,
      locale: 'da-DK',
      from: { id: u.id, name: u.name, aadObjectId: u.aadObjectId },
      recipient: BOT,
      conversation: { id: personalConversationId(u), conversationType: 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
      replyToId: 'consent-1',
      value: { type: 'fileUpload', action: 'accept', context: { requestId }, uploadInfo: { uploadUrl, contentUrl: `https://${ROUTED_HOST}/personal/dorte/Documents/${key}`, name: key, uniqueId: `uid-${key}`, fileType: 'csv' } },
    });
    await connector.waitFor(() => connector.sent(personalConversationId(u)).length > before);
    return connector.sent(personalConversationId(u)).slice(before);
  }

  const exportTrail = async (requestId: string) => (await audit.listForCase(TENANT, `register:export:${requestId}`)).map((a) => [a.actorAadId, a.action, a.outcome, a.detail]);

  it('set-up: the central channel is registered by an administrator, and eksport offers a file consent card', async () => {
    await post(channelMessage(admin, connector.url, central, 'tilmeld central'));
    const requestId = await offer();
    assert.match(requestId, /^[0-9a-f-]{36}$/);
  });

  const refused: { name: string; url: (port: number) => string; reason: string; host: string }[] = [
    { name: 'https to 127.0.0.1 (a server that would take the file)', url: (port) => `https://127.0.0.1:${port}/upload/register.csv`, reason: 'host', host: '127.0.0.1' },
    { name: 'http to a SharePoint host', url: () => 'http://contoso.sharepoint.com/upload/register.csv', reason: 'not_https', host: 'contoso.sharepoint.com' },
    { name: 'https to another host with sharepoint.com in its path', url: () => 'https://evil.example/sharepoint.com/upload/register.csv', reason: 'host', host: 'evil.example' },
    { name: 'https to a host that only starts like SharePoint', url: () => `https://${ROUTED_HOST}.evil.example/upload/register.csv`, reason: 'host', host: `${ROUTED_HOST}.evil.example` },
    { name: 'https to the routed SharePoint host on another port', url: () => `https://${ROUTED_HOST}:8443/upload/register.csv`, reason: 'port', host: ROUTED_HOST },
  ];
  for (const c of refused) {
    it(`refused, nothing uploaded, audited: ${c.name}`, async () => {
      const requestId = await offer();
      const uploadsBefore = connector.uploads.size;
      const replies = await accept(dpo, requestId, c.url(trap.port), 'register.csv');
      assert.equal(replies.length, 1, JSON.stringify(replies));
      assert.match(replies[0].text, /Filen er ikke gemt: den skulle sendes til et sted uden for OneDrive/);
      assert.ok(!replies.some((r) => r.attachments?.[0]?.contentType === 'application/vnd.microsoft.teams.card.file.info'), 'no file card');
      assert.equal(trap.connections(), 0, 'not even a connection reached the local https server');
      assert.equal(trap.requests(), 0);
      assert.equal(connector.uploads.size, uploadsBefore, 'nothing reached the routed upload server either');
      assert.deepEqual(await exportTrail(requestId), [[dpo.aadObjectId, 'register.export', 'refused', `upload_url_refused reason=${c.reason} host=${c.host}`]]);
    });
  }

  it('a refused URL leaves the offer open: the same card accepted with a SharePoint URL uploads the register, audited as allowed', async () => {
    const requestId = await offer();
    const refusedFirst = await accept(dpo, requestId, `https://127.0.0.1:${trap.port}/upload/first.csv`, 'first.csv');
    assert.match(refusedFirst.at(-1).text, /ikke gemt/);
    const replies = await accept(dpo, requestId, `https://${ROUTED_HOST}/upload/brudregister-2026.csv`, 'brudregister-2026.csv');
    const file = connector.uploads.get('brudregister-2026.csv');
    assert.ok(file?.complete, `the file reached the routed upload route:\n${server.output().slice(-1500)}`);
    assert.match(file!.bytes.toString('utf8'), /^\ufeffSagsnummer;/);
    assert.ok(replies.some((r) => r.attachments?.[0]?.contentType === 'application/vnd.microsoft.teams.card.file.info'), 'a file card');
    assert.match(replies.at(-1).text, /er gemt i din OneDrive/);
    assert.equal(trap.connections(), 0);
    assert.deepEqual((await exportTrail(requestId)).map((r) => r.slice(0, 3)), [[dpo.aadObjectId, 'register.export', 'refused']]);
    const allowed = (await audit.listForCase(TENANT, 'register:*')).filter((a) => a.action === 'register.export');
    assert.deepEqual(allowed.map((a) => [a.outcome, /file=brudregister-2026\.csv/.test(a.detail ?? '')]), [['allowed', true]]);
  });

  it('the server warned at start that a test route is configured', () => {
    assert.match(server.output(), /config\.upload_test_routes/);
  });
});
