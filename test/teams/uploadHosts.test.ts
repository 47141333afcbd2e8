import { strict as assert } from 'node:assert';
import { createServer } from 'node:http';
import fc from 'fast-check';
import { readConfig } from '../../src/config';
import { checkUploadUrl, uploadFile } from '../../src/teams/fileUpload';
import { isTeamsUploadHost, TEAMS_UPLOAD_HOST_SUFFIXES } from '../../src/teams/uploadHosts';

/** Issue 16, finding 9: with BOT_ID an export goes to Teams' OneDrive/SharePoint upload hosts only. */
describe('upload URLs with BOT_ID: Teams\' OneDrive/SharePoint hosts only', () => {
  const strict = { local: false };
  const reason = (raw: string, policy = strict) => {
    const checked = checkUploadUrl(raw, policy);
    return checked.ok ? 'ok' : checked.reason;
  };

  it('the allowed list is *.sharepoint.com only (OneDrive for Business, commercial cloud and GCC)', () => {
    assert.deepEqual(TEAMS_UPLOAD_HOST_SUFFIXES, ['.sharepoint.com']);
  });

  it('accepts the upload sessions Teams hands out', () => {
    for (const url of [
      'https://contoso-my.sharepoint.com/personal/dorte_contoso_onmicrosoft_com/_api/v2.0/drive/items/01ABC/uploadSession?guid=1f2e&overwrite=False',
      'https://contoso.sharepoint.com/sites/x/_api/v2.0/uploadSession?guid=1',
      'https://CONTOSO-MY.SharePoint.com:443/personal/x',
    ]) assert.equal(reason(url), 'ok', url);
  });

  it('refuses everything else, with the reason', () => {
    const cases: [string, string][] = [
      ['https://127.0.0.1:8443/upload/x', 'host'],
      ['https://127.0.0.1/upload/x', 'host'],
      ['https://localhost/upload/x', 'host'],
      ['https://[::1]/upload/x', 'host'],
      ['https://169.254.169.254/metadata', 'host'],
      ['https://evil.example/sharepoint.com/upload', 'host'],
      ['https://contoso.sharepoint.com.evil.example/upload', 'host'],
      ['https://evilsharepoint.com/upload', 'host'],
      ['https://sharepoint.com/upload', 'host'],
      ['https://contoso.sharepoint.com./upload', 'host'],
      ['https://contoso.sharepoint.us/upload', 'host'],
      ['https://contoso.sharepoint-mil.us/upload', 'host'],
      ['https://contoso.sharepoint.cn/upload', 'host'],
      ['https://contoso.sharepoint.de/upload', 'host'],
      ['https://contoso_x.sharepoint.com/upload', 'host'],
      ['https://contoso-my.sharepoint.com:8443/upload', 'port'],
      ['http://contoso.sharepoint.com/upload', 'not_https'],
      ['http://127.0.0.1:9/upload/a', 'not_https'],
      ['ftp://contoso.sharepoint.com/upload', 'not_https'],
      ['file:///etc/passwd', 'not_https'],
      ['https://user:pw@contoso.sharepoint.com/upload', 'credentials'],
      ['not a url', 'not_url'],
    ];
    for (const [url, why] of cases) assert.equal(reason(url), why, url);
  });

  it('property: a host is accepted exactly when it is a name under .sharepoint.com', () => {
    fc.assert(
      fc.property(fc.domain(), (domain) => {
        const host = new URL(`https://${domain}/`).hostname;
        assert.equal(reason(`https://${domain}/x`) === 'ok', host.endsWith('.sharepoint.com') && isTeamsUploadHost(host));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/), (tenant) => {
        assert.equal(reason(`https://${tenant}-my.sharepoint.com/personal/x`), 'ok');
        assert.equal(reason(`https://${tenant}-my.sharepoint.com.${tenant}.example/personal/x`), 'host');
      }),
    );
  });

  it('local mode (no BOT_ID) keeps its rule: any https, http to this machine only, never credentials', () => {
    const local = { local: true };
    assert.equal(reason('https://127.0.0.1:8443/upload', local), 'ok');
    assert.equal(reason('http://127.0.0.1:9/upload/a', local), 'ok');
    assert.equal(reason('http://localhost:9/upload/a', local), 'ok');
    assert.equal(reason('http://169.254.169.254/latest', local), 'not_https');
    assert.equal(reason('file:///etc/passwd', local), 'not_https');
    assert.equal(reason('https://user:pw@example.org/', local), 'credentials');
  });

  it('a test route sends an allowed host to its local server, path and query kept, and can never change the host', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(req.url ?? '');
      req.resume();
      req.on('end', () => {
        // Separately: restify, loaded by other suites in this process, makes writeHead return nothing.
        res.writeHead(201);
        res.end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const policy = { local: false, routes: new Map([['contoso-my.sharepoint.com', `http://127.0.0.1:${port}`]]) };
      await uploadFile('https://contoso-my.sharepoint.com/personal/x/uploadSession?guid=7', Buffer.from('abc'), { policy });
      await uploadFile('https://contoso-my.sharepoint.com//evil.example/x', Buffer.from('abc'), { policy });
      assert.deepEqual(seen, ['/personal/x/uploadSession?guid=7', '//evil.example/x']);
      // A URL the check refuses is refused before any route is looked at.
      await assert.rejects(uploadFile('http://contoso-my.sharepoint.com/personal/x', Buffer.from('abc'), { policy }), { name: 'UploadError' });
      await assert.rejects(uploadFile(`https://127.0.0.1:${port}/x`, Buffer.from('abc'), { policy }), { name: 'UploadError' });
      assert.equal(seen.length, 2);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('UPLOAD_TEST_ROUTES: an allowed host to a loopback origin only; it cannot add a host', () => {
    const read = (value: string) => readConfig({ UPLOAD_TEST_ROUTES: value });
    assert.equal(readConfig({}).uploadTestRoutes, undefined);
    assert.deepEqual([...read('Contoso-My.sharepoint.com=http://127.0.0.1:8080').uploadTestRoutes!], [['contoso-my.sharepoint.com', 'http://127.0.0.1:8080']]);
    for (const bad of [
      'evil.example=http://127.0.0.1:8080',
      '127.0.0.1=http://127.0.0.1:8080',
      'contoso.sharepoint.us=http://127.0.0.1:8080',
      'contoso.sharepoint.com=https://evil.example',
      'contoso.sharepoint.com=http://10.0.0.5:8080',
      'contoso.sharepoint.com=http://127.0.0.1:8080/upload',
      'contoso.sharepoint.com',
    ]) assert.throws(() => read(bad), /UPLOAD_TEST_ROUTES/, bad);
  });
});
