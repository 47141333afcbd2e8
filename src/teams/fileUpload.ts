/**
 * Puts an export's bytes where Teams said on "accept" (the file consent card's `uploadUrl`, a OneDrive
 * upload session): in pieces of 13 × 320 KiB (OneDrive wants multiples of 320 KiB), each with its
 * Content-Range, so a large register never needs one huge request. A piece that fails with 429 or 5xx
 * is sent again (the same range is idempotent), honouring Retry-After; other answers end the upload.
 */
import { UploadError } from '../app/exportRegister';

export const UPLOAD_PIECE_BYTES = 13 * 320 * 1024;
const ATTEMPTS = 4;
const PIECE_TIMEOUT_MS = 30_000;
const MAX_RETRY_AFTER_MS = 5_000;

export interface UploadOptions {
  /** Local mode only (tests, Playground): Teams always hands out https URLs. */
  allowHttp: boolean;
  pieceBytes?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Only an https URL (http on this machine in local mode): the URL comes from an invoke, never trust its scheme. */
export function uploadTarget(raw: string, allowHttp: boolean): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  if (url.protocol === 'https:') return url;
  if (allowHttp && url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost')) return url;
  return null;
}

export async function uploadFile(rawUrl: string, bytes: Buffer, opts: UploadOptions): Promise<void> {
  const url = uploadTarget(rawUrl, opts.allowHttp);
  if (!url) throw new UploadError();
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
