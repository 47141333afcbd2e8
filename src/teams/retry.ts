/**
 * Teams throttles (429 with Retry-After) and has bad minutes (5xx, resets). A send is retried with
 * backoff here; what still fails after that is left pending in storage for the next sweep to retry.
 *
 * Only a failure that says Teams did NOT take the request is retried here for a send that is not
 * idempotent (a new thread, a message): 429, 502, 503, a refused connection. A 500, a 504, a timeout
 * or a connection reset after the request went out may mean Teams created the message and the answer
 * was lost; retrying those here gave several threads for one case. They go back to the caller, whose
 * claim on the case decides whether one more attempt is allowed. An idempotent send (a card update
 * with PUT) is retried on every transient failure.
 */
export interface RetryOptions {
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Safe to repeat even when Teams may have taken an earlier attempt (PUT of a card). Default false. */
  idempotent?: boolean;
}

/** Teams may be having trouble: worth another try later (by the sweep when not here). */
export function isTransient(error: unknown): boolean {
  return isDefinitelyRefused(error) || isAmbiguous(error);
}

/** The request did not reach Teams or Teams said it did not take it: repeating it cannot duplicate. */
export function isDefinitelyRefused(error: unknown): boolean {
  const status = statusOf(error);
  if (status !== undefined) return status === 429 || status === 502 || status === 503;
  const code = codeOf(error);
  return /ECONNREFUSED|EAI_AGAIN|ENOTFOUND/i.test(code);
}

/** Teams may have taken the request and the answer was lost: repeating it may duplicate. */
export function isAmbiguous(error: unknown): boolean {
  const status = statusOf(error);
  if (status !== undefined) return status === 408 || status === 500 || status === 504 || status > 504;
  const code = codeOf(error);
  return /ECONNRESET|ETIMEDOUT|EPIPE|UND_ERR|REQUEST_SEND_ERROR|socket hang up/i.test(code) || (error as Error)?.name === 'AbortError';
}

function codeOf(error: unknown): string {
  const e = error as { code?: string; message?: string; cause?: { code?: string } };
  return `${e?.code ?? ''} ${e?.cause?.code ?? ''} ${e?.message ?? ''}`;
}

export function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: number; status?: number; response?: { status?: number } };
  return e?.statusCode ?? e?.status ?? e?.response?.status;
}

/** The Retry-After of a 429 (seconds or an HTTP date), in ms; the pacer holds the conversation that long. */
export function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?(n: string): string | undefined } } }).response?.headers;
  const raw = headers?.get?.('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 4;
  const base = options.baseDelayMs ?? 250;
  const max = options.maxDelayMs ?? 10_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const retryable = options.idempotent ? isTransient : isDefinitelyRefused;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts || !retryable(error)) throw error;
      const wait = Math.min(max, retryAfterMs(error) ?? base * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
      await sleep(wait);
    }
  }
}
