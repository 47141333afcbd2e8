/**
 * Puts an export's bytes where Teams said on "accept" (the file consent card's `uploadUrl`, a OneDrive
 * upload session): in pieces of 13 × 320 KiB (OneDrive wants multiples of 320 KiB), each with its
 * Content-Range, so a large register never needs one huge request. A piece that fails with 429 or 5xx
 * is sent again (the same range is idempotent), honouring Retry-After; other answers end the upload.
 *
 * The URL comes from an invoke: before a byte leaves, `checkUploadUrl` decides whether it is a place Teams
 * would send the bot to (src/teams/uploadHosts.ts).
 */
import { UploadError } from '../app/exportRegister';
import { isTeamsUploadHost } from './uploadHosts';

export const UPLOAD_PIECE_BYTES = 13 * 320 * 1024;
const ATTEMPTS = 4;
const PIECE_TIMEOUT_MS = 30_000;
const MAX_RETRY_AFTER_MS = 5_000;

export interface UploadPolicy {
  /**
   * Local mode (no BOT_ID: Agents Playground, in-process tests): keeps the behaviour from before the
   * host check, any https URL, and http to 127.0.0.1/localhost (the fake connector's upload route).
   * Nothing there is signed, so whoever can reach the local server can act as anyone anyway; the
   * local server listens on 127.0.0.1 by default. With BOT_ID this is false: Teams' hosts only.
   */
  local: boolean;
  /**
   * Tests only (UPLOAD_TEST_ROUTES, src/config.ts): an allowed upload host whose requests are sent to a
   * loopback origin instead, so an e2e test can accept `https://contoso-my.sharepoint.com/…` against a
   * local server. It never widens what is accepted: the URL is checked as it came, and only a host that
   * passed the check is routed.
   */
  routes?: ReadonlyMap<string, string>;
}

export type UploadRefusal = 'not_url' | 'credentials' | 'not_https' | 'port' | 'host';
export type UploadCheck = { ok: true; url: URL } | { ok: false; reason: UploadRefusal; host?: string };

/** Whether the bot may put an export at `raw` (the URL comes from an invoke: never trust its scheme or host). */
export function checkUploadUrl(raw: string, policy: UploadPolicy): UploadCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not_url' };
  }
  const host = url.hostname || undefined;
  if (url.username || url.password) return { ok: false, reason: 'credentials', host };
  if (policy.local) {
    if (url.protocol === 'https:') return { ok: true, url };
    if (url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost')) return { ok: true, url };
    return { ok: false, reason: 'not_https', host };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'not_https', host };
  if (!isTeamsUploadHost(url.hostname)) return { ok: false, reason: 'host', host };
  if (url.port !== '') return { ok: false, reason: 'port', host };
  return { ok: true, url };
}

/** The URL as checked (`local`: local mode), or null: kept for callers that only need yes or no. */
export function uploadTarget(raw: string, local: boolean): URL | null {
  const checked = checkUploadUrl(raw, { local });
  return checked.ok ? checked.url : null;
}

export interface UploadOptions {
  policy: UploadPolicy;
  pieceBytes?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Where the request goes: the checked URL, or (tests only) its host's configured loopback origin. */
function destination(url: URL, routes: ReadonlyMap<string, string> | undefined): URL {
  const origin = routes?.get(url.hostname);
  if (!origin) return url;
  // Set piece by piece: a path like `//elsewhere/x` given to `new URL(path, origin)` would change the host.
  const to = new URL(origin);
  to.pathname = url.pathname;
  to.search = url.search;
  return to;
}

export async function uploadFile(rawUrl: string, bytes: Buffer, opts: UploadOptions): Promise<void> {
  const checked = checkUploadUrl(rawUrl, opts.policy);
  if (!checked.ok) throw new UploadError();
  const url = destination(checked.url, opts.policy.routes);
  const piece = opts.pieceBytes ?? UPLOAD_PIECE_BYTES;
  const sleep = opts.sleep ?? defaultSleep;
  const total = bytes.length;
  for (let start = 0; start < total || (total === 0 && start === 0); start += piece) {
    const end = Math.min(start + piece, total);
    const body = bytes.subarray(start, end);
    const headers: Record<string, string> = { 'content-length': String(body.length), 'content-range': total === 0 ? 'bytes */0' : `bytes ${start}-${end - 1}/${total}` };
    await putPiece(url, body, headers, sleep);
    if (total === 0) break;
  }
}

async function putPiece(url: URL, body: Buffer, headers: Record<string, string>, sleep: (ms: number) => Promise<void>): Promise<void> {
  let lastStatus: number | undefined;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, { method: 'PUT', headers, body: new Uint8Array(body.buffer, body.byteOffset, body.length) as Uint8Array<ArrayBuffer>, signal: AbortSignal.timeout(PIECE_TIMEOUT_MS), redirect: 'error' });
    } catch {
      lastStatus = undefined;
      if (attempt < ATTEMPTS) await sleep(100 * 2 ** (attempt - 1));
      continue;
    }
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok) return;
    lastStatus = response.status;
    if ((response.status !== 429 && response.status < 500) || attempt === ATTEMPTS) break;
    const retryAfter = Number(response.headers.get('retry-after'));
    await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS) : 100 * 2 ** (attempt - 1));
  }
  throw new UploadError(lastStatus);
}
