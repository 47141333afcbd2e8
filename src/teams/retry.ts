/**
 * Teams throttles (429 with Retry-After) and has bad minutes (5xx, resets). A send is retried with
 * backoff here; what still fails after that is left pending in storage for the next sweep to retry.
 */
export interface RetryOptions {
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export function isTransient(error: unknown): boolean {
  const status = statusOf(error);
  if (status === undefined) {
    const code = (error as { code?: string }).code ?? '';
    return /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN|UND_ERR|REQUEST_SEND_ERROR/i.test(code) || (error as Error)?.name === 'AbortError';
  }
  return status === 429 || status === 408 || status >= 500;
}

function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: number; status?: number; response?: { status?: number } };
  return e?.statusCode ?? e?.status ?? e?.response?.status;
}

function retryAfterMs(error: unknown): number | undefined {
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
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      const wait = Math.min(max, retryAfterMs(error) ?? base * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
      await sleep(wait);
    }
  }
}
