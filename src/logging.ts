/**
 * Operational log: event names, ids and error classes only. Never report content, names, mails or
 * CPR numbers (Ballerup/KMD): callers pass a fixed set of safe fields, and error messages are not logged.
 */
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

export function jsonLogger(write: (line: string) => void = (l) => process.stdout.write(l + '\n')): Logger {
  const emit = (level: string, event: string, fields?: SafeFields) =>
    write(JSON.stringify({ at: new Date().toISOString(), level, event, ...fields }));
  return {
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, error, fields) => emit('error', event, { ...fields, error: errorClass(error) }),
  };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
