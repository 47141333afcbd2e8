/**
 * Local mode only (no BOT_ID: the Playground, a laptop): an accepted export is handed out once from
 * this process at GET /api/exports/<token>, because there is no OneDrive to upload to. The token is 32
 * random bytes, valid 10 minutes and for one download; the bytes stay in memory (never on disk: the
 * file holds the register's free text). With BOT_ID set the route does not exist (src/server.ts).
 */
import { randomBytes } from 'node:crypto';

export interface LocalFile {
  name: string;
  contentType: string;
  bytes: Buffer;
}

export class LocalDownloads {
  private readonly files = new Map<string, LocalFile & { until: number }>();
  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly maxFiles = 8,
  ) {}

  put(file: LocalFile, now = Date.now()): string {
    const token = randomBytes(32).toString('base64url');
    this.files.set(token, { ...file, until: now + this.ttlMs });
    while (this.files.size > this.maxFiles) this.files.delete(this.files.keys().next().value as string);
    return token;
  }

  /** The file, once. */
  take(token: string, now = Date.now()): LocalFile | null {
    const file = this.files.get(token);
    this.files.delete(token);
    return file && file.until > now ? file : null;
  }
}
