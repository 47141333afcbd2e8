/**
 * Operational log: event names, ids and error classes only. Never report content, names, mails or
 * CPR numbers (Ballerup/KMD): callers pass a fixed set of safe fields, and error messages are not logged.
 *
 * JSON lines by pino (`{"level":"info","time":"…","event":"…",…}`), which App Service hands to
 * Application Insights from stdout. Every line written while a request is handled carries its
 * `requestId` (AsyncLocalStorage, so handlers deep in a turn need not be given a logger per turn).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';

export type SafeFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  info(event: string, fields?: SafeFields): void;
  warn(event: string, fields?: SafeFields): void;
  error(event: string, error: unknown, fields?: SafeFields): void;
}

export function errorClass(error: unknown, depth = 0): string {
  if (!(error instanceof Error)) return typeof error;
  const status = (error as { statusCode?: number }).statusCode;
  const own = error.name + (status ? `:${status}` : '');
  // The cause's class too (one level: "DeliveryError<-PacingDeferred", "DeliveryError<-RestError:429"):
  // a wrapped failure would otherwise hide why; still class names and status codes only, never messages.
  const cause = (error as { cause?: unknown }).cause;
  return depth === 0 && cause instanceof Error ? `${own}<-${errorClass(cause, 1)}` : own;
}

const requestScope = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `work` with `requestId` on every log line it (and everything it awaits) writes. */
export function withRequestId<T>(requestId: string, work: () => Promise<T>): Promise<T> {
  return requestScope.run({ requestId }, work);
}

/** The request id of the request being handled, if any. */
export function currentRequestId(): string | undefined {
  return requestScope.getStore()?.requestId;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/**
 * A Logger over pino. `write` receives each JSON line without its newline (stdout by default; tests
 * and the privacy watch collect them). Writes are synchronous, so nothing is lost on process.exit.
 */
export function jsonLogger(write: (line: string) => void = (l) => process.stdout.write(l + '\n'), level: LogLevel = 'info'): Logger {
  const destination = { write: (chunk: string) => write(chunk.replace(/\n$/, '')) };
  const log = pino(
    {
      level,
      base: undefined, // no pid or hostname on every line; App Service knows the instance
      messageKey: 'event',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Only the request id: nothing of the request itself.
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
    },
    destination,
  );
  return {
    info: (event, fields) => log.info(clean(fields), event),
    warn: (event, fields) => log.warn(clean(fields), event),
    error: (event, error, fields) => log.error({ ...clean(fields), error: errorClass(error) }, event),
  };
}

/** Drops undefined fields (pino would drop them too; done here so a field named like pino's own keys cannot clash). */
function clean(fields?: SafeFields): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(fields ?? {})) {
    if (value === undefined || key === 'level' || key === 'time' || key === 'event') continue;
    out[key] = value;
  }
  return out;
}

/** LOG_LEVEL, default info. */
export function logLevelFrom(raw: string | undefined): LogLevel | undefined {
  const value = (raw ?? 'info').trim().toLowerCase();
  return (['debug', 'info', 'warn', 'error', 'silent'] as const).find((l) => l === value);
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
