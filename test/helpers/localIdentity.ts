/**
 * Microsoft's identity endpoints, as local servers speaking their real protocols, for the signed path of
 * Bot Framework authentication and the managed-identity path of Table Storage:
 * - the Bot Framework's OpenID metadata and its key set (JWKS, each key with `kid` and `endorsements`,
 *   as https://login.botframework.com/v1/.well-known/keys carries them), and a signer of RS256 tokens;
 * - an Azure AD authority's OpenID configuration and client-credentials token endpoint (what MSAL calls for
 *   the bot's own token with BOT_PASSWORD), served over https as MSAL requires;
 * - App Service's managed-identity token endpoint (IDENTITY_ENDPOINT + IDENTITY_HEADER, api-version
 *   2019-08-01), which @azure/identity's ManagedIdentityCredential (through MSAL) calls in App Service;
 * - a self-signed TLS certificate (openssl) for an https Azurite, trusted by a child process through
 *   NODE_EXTRA_CA_CERTS.
 */
import { createHmac, generateKeyPairSync, randomBytes, sign as rsaSign, type KeyObject } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

export interface TokenRequest {
  resource: string;
  clientId?: string;
  secretHeader?: string;
  token?: string;
}

export interface SignOptions {
  /** Default 'RS256' with the published key. */
  alg?: 'RS256' | 'none' | 'HS256';
  /** Default the published key's kid. */
  kid?: string;
  /** Sign with the key that is not in the key set (its kid is unknown too, unless kid says otherwise). */
  unpublishedKey?: boolean;
  /** Sign with the key published with other endorsements only (not msteams). */
  otherChannelKey?: boolean;
}

export class LocalIdentity {
  readonly tenantId = '7a7a7a7a-1111-4222-8333-444444444444';
  /** App Service's secret header value (IDENTITY_HEADER). */
  readonly identityHeader = randomBytes(16).toString('hex');
  tokenRequests: TokenRequest[] = [];
  /** Client-credentials requests to the authority's token endpoint (form fields). */
  clientCredentialRequests: Record<string, string>[] = [];
  /** The client secret the authority accepts. */
  clientSecret = randomBytes(12).toString('hex');
  metadataRequests = 0;
  private server?: Server;
  private readonly published = rsaKey('bf-key-1');
  private readonly otherChannel = rsaKey('bf-key-skype');
  private readonly unpublished = rsaKey('bf-key-unknown');
  private seq = 0;
  base = '';

  /** With a certificate: https (an MSAL authority must be https). */
  async start(tls?: { certPem: string; keyPem: string }): Promise<this> {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    this.server = tls ? createHttpsServer({ cert: tls.certPem, key: tls.keyPem }, handler) : createServer(handler);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.base = `${tls ? 'https' : 'http'}://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (url.pathname === '/v1/.well-known/openidconfiguration') {
        this.metadataRequests += 1;
        // The fields of https://login.botframework.com/v1/.well-known/openidconfiguration.
        return json(200, {
          issuer: BOT_FRAMEWORK_ISSUER,
          authorization_endpoint: 'https://invalid.botframework.com',
          jwks_uri: `${this.base}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
        });
      }
      if (url.pathname === '/v1/.well-known/keys') {
        return json(200, { keys: [this.published.jwk(['msteams', 'skype', 'webchat']), this.otherChannel.jwk(['skype'])] });
      }
      if (url.pathname === '/msi/token') {
        const request: TokenRequest = {
          resource: url.searchParams.get('resource') ?? '',
          clientId: url.searchParams.get('client_id') ?? undefined,
          secretHeader: String(req.headers['x-identity-header'] ?? ''),
        };
        this.tokenRequests.push(request);
        if (request.secretHeader !== this.identityHeader || url.searchParams.get('api-version') !== '2019-08-01') {
          return json(400, { statusCode: 400, message: 'bad request' });
        }
        const now = Math.floor(Date.now() / 1000);
        this.seq += 1;
        // Storage gets a JWT as Azure AD issues it (Azurite's OAuth check reads issuer, audience and
        // lifetime); the Bot Connector's token is opaque to the bot, a distinct string is enough.
        request.token = request.resource.startsWith('https://storage.azure.com')
          ? this.signWith(this.unpublished.privateKey, 'mi-storage', {
              aud: 'https://storage.azure.com',
              iss: `https://sts.windows.net/${this.tenantId}/`,
              iat: now,
              nbf: now - 60,
              exp: now + 3600,
              appid: request.clientId,
              tid: this.tenantId,
            })
          : `bf-connector-token-${this.seq}-${randomBytes(6).toString('hex')}`;
        return json(200, {
          access_token: request.token,
          expires_on: String(now + 3600),
          resource: request.resource,
          token_type: 'Bearer',
          client_id: request.clientId,
        });
      }
      // An Azure AD authority (https://login.microsoftonline.com/<tenant>), as MSAL reads it.
      const aad = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/token)$/.exec(url.pathname);
      if (aad && aad[2].startsWith('v2.0')) {
        const t = `${this.base}/${aad[1]}`;
        return json(200, {
          token_endpoint: `${t}/oauth2/v2.0/token`,
          authorization_endpoint: `${t}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${t}/oauth2/v2.0/logout`,
          issuer: `${t}/v2.0`,
          jwks_uri: `${t}/discovery/v2.0/keys`,
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
          token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        });
      }
      if (aad && req.method === 'POST') {
        const form = Object.fromEntries(new URLSearchParams(body));
        this.clientCredentialRequests.push(form);
        if (form.grant_type !== 'client_credentials' || form.client_secret !== this.clientSecret) {
          return json(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
        }
        this.seq += 1;
        const token = `aad-connector-token-${this.seq}-${randomBytes(6).toString('hex')}`;
        this.tokenRequests.push({ resource: form.scope ?? '', clientId: form.client_id, token });
        return json(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
      }
      json(404, { error: 'not found' });
    }
  }

  get openIdMetadataUrl(): string {
    return `${this.base}/v1/.well-known/openidconfiguration`;
  }

  get identityEndpoint(): string {
    return `${this.base}/msi/token`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A Bot Framework channel token as Teams sends it: iss api.botframework.com, aud the bot, serviceurl. */
  channelClaims(appId: string, serviceUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    return { serviceurl: serviceUrl, nbf: now - 10, exp: now + 3600, iss: BOT_FRAMEWORK_ISSUER, aud: appId, ...overrides };
  }

  sign(claims: Record<string, unknown>, opts: SignOptions = {}): string {
    const key = opts.unpublishedKey ? this.unpublished : opts.otherChannelKey ? this.otherChannel : this.published;
    const kid = opts.kid ?? key.kid;
    if (opts.alg === 'none') return `${b64url({ alg: 'none', typ: 'JWT', kid })}.${b64url(claims)}.`;
    if (opts.alg === 'HS256') {
      // The classic confusion: the public key (which anyone can fetch) used as an HMAC secret.
      const input = `${b64url({ alg: 'HS256', typ: 'JWT', kid })}.${b64url(claims)}`;
      const secret = key.publicKey.export({ type: 'spki', format: 'pem' });
      return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    }
    return this.signWith(key.privateKey, kid, claims);
  }

  private signWith(privateKey: KeyObject, kid: string, claims: Record<string, unknown>): string {
    const input = `${b64url({ alg: 'RS256', typ: 'JWT', kid, x5t: kid })}.${b64url(claims)}`;
    return `${input}.${rsaSign('RSA-SHA256', Buffer.from(input), privateKey).toString('base64url')}`;
  }
}

function rsaKey(kid: string) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    kid,
    publicKey,
    privateKey,
    jwk(endorsements: string[]) {
      const { n, e } = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
      return { kty: 'RSA', use: 'sig', kid, x5t: kid, n, e, endorsements };
    },
  };
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export interface TestCertificate {
  certPath: string;
  keyPath: string;
  certPem: string;
  keyPem: string;
  remove(): void;
}

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made by openssl (Node's crypto cannot write an
 * X.509 certificate). It is its own CA: a child process trusts it through NODE_EXTRA_CA_CERTS.
 */
export function makeTestCertificate(): TestCertificate {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brudvagt-tls-'));
  const certPath = path.join(dir, 'cert.pem');
  const keyPath = path.join(dir, 'key.pem');
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '2', '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-addext', 'basicConstraints=critical,CA:TRUE'],
      { stdio: 'pipe' },
    );
  } catch (error) {
    throw new Error(`this test needs the openssl command to make a TLS certificate: ${(error as Error).message}`);
  }
  return { certPath, keyPath, certPem: fs.readFileSync(certPath, 'utf8'), keyPem: fs.readFileSync(keyPath, 'utf8'), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
