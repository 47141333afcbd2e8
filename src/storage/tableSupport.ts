/**
 * Shared by the Table adapters: key encoding, JSON columns, error mapping.
 * Nothing here logs, and no error it produces carries entity content.
 */
import { StorageUnavailableError } from '../app/ports';

// ---- keys ---------------------------------------------------------------

/**
 * Azure forbids / \ # ? and control characters in PartitionKey/RowKey; we also escape
 * ' | % ~ so composite keys (a|b) stay unambiguous and URLs stay simple. Injective
 * (~ is escaped too); keys are only written and compared, never decoded.
 */
export function encodeKey(value: string): string {
  if (value.length === 0) throw new Error('empty table key');
  const encoded = value.replace(/[\u0000-\u001f\u007f-\u009f/\\#?'|%~]/g, (c) => {
    return '~' + c.charCodeAt(0).toString(16).padStart(2, '0');
  });
  if (encoded.length > 512) throw new Error('table key too long');
  return encoded;
}

// ---- JSON columns ---------------------------------------------------------

/**
 * A string property holds at most 64 KiB (32 K UTF-16 code units); an entity at most 1 MiB.
 * A JSON value of up to CHUNK_CHARS goes in one column `<name>`; a longer one is split over
 * `<name>0..<name>N-1`. `<name>Chunks` always says which (0 = the single column), so a Merge
 * that shrinks a value leaves stale chunk columns that are simply ignored. At most
 * `maxChunks` chunks (default 15 ≈ 450 000 characters); beyond that the write is refused
 * with EntityTooLargeError before any request is made.
 *
 * The JSON is written ASCII-only (every non-ASCII character as a \uXXXX escape; JSON.parse
 * restores it). Reason: Azurite 3.35.0 decodes a request body chunk by chunk
 * (table/generated/utils/serializer.js readRequestIntoText joins Buffers with
 * `segments.join("")`), so a multi-byte UTF-8 character (æ, ø, å, emoji) that straddles two
 * network chunks of a large body is stored as U+FFFD. ASCII cannot straddle. Azure itself
 * is not affected; the escaping costs a few bytes per Danish letter and is harmless there.
 */
export const CHUNK_CHARS = 30_000;
export const MAX_CHUNKS = 15;

export class EntityTooLargeError extends Error {
  constructor(what: string, chars: number, limit: number) {
    super(`${what} too large to store (${chars} characters of JSON, limit ${limit})`);
    this.name = 'EntityTooLargeError';
  }
}

export function toJsonColumns(
  what: string,
  value: unknown,
  column = 'data',
  maxChunks = MAX_CHUNKS,
): Record<string, string | number> {
  const json = asciiJson(value);
  if (json.length <= CHUNK_CHARS) return { [column]: json, [`${column}Chunks`]: 0 };
  const chunks: string[] = [];
  let start = 0;
  while (start < json.length) {
    let end = Math.min(start + CHUNK_CHARS, json.length);
    // never cut a surrogate pair in two
    if (end < json.length) {
      const code = json.charCodeAt(end - 1);
      if (code >= 0xd800 && code <= 0xdbff) end -= 1;
    }
    chunks.push(json.slice(start, end));
    start = end;
  }
  if (chunks.length > maxChunks) throw new EntityTooLargeError(what, json.length, CHUNK_CHARS * maxChunks);
  const columns: Record<string, string | number> = { [`${column}Chunks`]: chunks.length };
  chunks.forEach((chunk, i) => (columns[`${column}${i}`] = chunk));
  return columns;
}

/** JSON.stringify with every character above U+007E escaped: the text is pure ASCII. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

export function fromJsonColumns<T>(entity: Record<string, unknown>, column = 'data'): T {
  const count = Number(entity[`${column}Chunks`] ?? 0);
  if (!Number.isInteger(count) || count < 0) throw new Error(`stored entity has a bad ${column}Chunks column`);
  if (count === 0) {
    const single = entity[column];
    if (typeof single !== 'string') throw new Error(`stored entity has no ${column} column`);
    return JSON.parse(single) as T;
  }
  let json = '';
  for (let i = 0; i < count; i++) {
    const part = entity[`${column}${i}`];
    if (typeof part !== 'string') throw new Error(`stored entity is missing a ${column} chunk`);
    json += part;
  }
  return JSON.parse(json) as T;
}

// ---- errors ---------------------------------------------------------------

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'REQUEST_SEND_ERROR',
]);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  statusCode?: unknown;
  details?: { errorCode?: unknown };
}

export function statusOf(err: unknown): number | undefined {
  const status = (err as ErrorShape | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

export function isUnavailable(err: unknown): boolean {
  if (err === null || typeof err !== 'object') return false;
  const { name, code } = err as ErrorShape;
  const status = statusOf(err);
  if (status !== undefined && status >= 500) return true;
  if (name === 'AbortError' || name === 'TimeoutError') return true;
  return typeof code === 'string' && NETWORK_CODES.has(code);
}

/**
 * A storage failure that is not a concurrency conflict or unavailability: status and
 * code only. The SDK's RestError carries the request (with the entity body), so it is
 * never passed on where a caller might log it.
 */
export class TableStorageError extends Error {
  readonly statusCode?: number;
  readonly code?: string;
  constructor(operation: string, statusCode?: number, code?: string) {
    super(`table ${operation} failed (status ${statusCode ?? 'none'}, code ${code ?? 'none'})`);
    this.name = 'TableStorageError';
    this.statusCode = statusCode;
    this.code = code;
  }
}

/** Turns an SDK error into StorageUnavailableError or TableStorageError, without the request. */
export function mapError(operation: string, err: unknown): Error {
  if (err instanceof StorageUnavailableError || err instanceof TableStorageError || err instanceof EntityTooLargeError) {
    return err;
  }
  const shape = (err ?? {}) as ErrorShape;
  const errorCode = shape.details?.errorCode; // the Table service's code, e.g. PropertyValueTooLarge
  const code = typeof shape.code === 'string' ? shape.code : typeof errorCode === 'string' ? errorCode : undefined;
  const status = statusOf(err);
  const name = typeof shape.name === 'string' ? shape.name : undefined;
  if (isUnavailable(err)) {
    return new StorageUnavailableError({ operation, statusCode: status, code: code ?? name });
  }
  return new TableStorageError(operation, status, code ?? name);
}
