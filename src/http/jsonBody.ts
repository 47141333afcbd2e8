/**
 * The HTTP half of the input gate: reads the JSON body of POST /api/messages ourselves, instead of
 * restify's bodyParser, whose gzip inflater has no error handler (a body that is not gzip ended the
 * process) and whose size limit counts compressed bytes (200 KB of gzip inflated to 200 MB).
 *
 * Teams and the Bot Service never compress what they send to a bot, so anything but identity is
 * refused with 415 before a byte is read; the limit then counts the bytes as they arrive, which are
 * the decoded bytes.
 */
import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { ok: true; body: unknown }
  | { ok: false; status: 400 | 413 | 415; error: string };

export const MAX_BODY_BYTES = 256 * 1024;

export function isIdentityEncoding(header: string | string[] | undefined): boolean {
  if (header === undefined) return true;
  const values = (Array.isArray(header) ? header.join(',') : header)
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
  return values.every((v) => v === 'identity');
}

export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const type = header.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]*\+json$/.test(type);
}

export async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  if (!isIdentityEncoding(req.headers['content-encoding'])) return { ok: false, status: 415, error: 'unsupported content encoding' };
  if (!isJsonContentType(req.headers['content-type'])) return { ok: false, status: 415, error: 'expected application/json' };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume(); // drain: the answer is sent without reading the rest
    return { ok: false, status: 413, error: 'request body too large' };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > limit) {
        req.resume();
        return { ok: false, status: 413, error: 'request body too large' };
      }
      chunks.push(buffer);
    }
  } catch {
    return { ok: false, status: 400, error: 'request body could not be read' };
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, status: 400, error: 'request body is not JSON' };
  }
}
