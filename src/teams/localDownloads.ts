/**
 * Local mode only (no BOT_ID: the Playground, a laptop): an accepted export is handed out once from
 * this process at GET /api/exports/<token>, because there is no OneDrive to upload to. The token is 32
 * random bytes, valid 10 minutes and for one download; the bytes stay in memory (never on disk: the
 * file holds the register's free text). With BOT_ID set the route does not exist (src/server.ts).
 */
import { randomBytes } from 'node:crypto';
import { registerTexts } from '../i18n';

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

/**
 * The answer to a used, expired or unknown link, for the person who pressed «Hent filen» (a browser):
 * a small page in their language saying why and how to get a new file, rather than bare JSON. Danish
 * unless the browser prefers English over Danish (Accept-Language, by its weights).
 */
export function linkGonePage(acceptLanguage: string | undefined): { locale: 'da' | 'en'; html: string } {
  const locale = preferredLocale(acceptLanguage);
  const t = registerTexts(locale).export;
  const html =
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(t.linkGoneTitle)}</title></head>` +
    `<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5">` +
    `<h1 style="font-size: 1.4rem">${escapeHtml(t.linkGoneTitle)}</h1><p>${escapeHtml(t.linkGone)}</p></body></html>`;
  return { locale, html };
}

function preferredLocale(header: string | undefined): 'da' | 'en' {
  const ranked = (header ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
      return { tag: tag.trim(), q: q ? Number(q[1]) : 1, i };
    })
    .filter((l) => l.q > 0 && (l.tag === 'da' || l.tag.startsWith('da-') || l.tag === 'en' || l.tag.startsWith('en-')))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked[0]?.tag.startsWith('en') ? 'en' : 'da';
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
