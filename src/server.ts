import { randomUUID } from 'node:crypto';
import restify from 'restify';
import type { HealthProbe } from './app/ports';
import { withRequestId, type Logger } from './logging';
import type { Bot } from './teams/botApp';
import { linkGonePage } from './teams/localDownloads';
import { readJsonBody } from './http/jsonBody';

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

/** POST /api/messages for Teams, GET /healthz for the load balancer (200 only when storage answers). */
export async function startServer(opts: { bot: Bot; health: HealthProbe; port: number; host: string; log: Logger }): Promise<RunningServer> {
  const server = restify.createServer({ name: 'brudvagt' });
  // No bodyParser: the body is read by the input gate (src/http/jsonBody.ts), which refuses
  // compressed bodies and counts the bytes it reads.
  // One request id per POST: every log line of the turn (and of its follow-up work) carries it.
  // restify wants an async function here (it checks the function's kind).
  server.post('/api/messages', async (req, res) =>
    withRequestId(randomUUID(), async () => {
      const started = Date.now();
      try {
        const read = await readJsonBody(req);
        if (!read.ok) return void res.send(read.status, { error: read.error });
        const answer = await opts.bot.handle(read.body, req.headers.authorization);
        if (answer.body === undefined) {
          res.status(answer.status);
          res.end();
        } else res.send(answer.status, answer.body);
      } catch (error) {
        // Unreachable by design (the bot answers every turn); if it happens, no exception text leaves.
        opts.log.error('http.failed', error);
        if (!res.headersSent) res.send(400, { error: 'request not handled' });
      } finally {
        opts.log.info('http.request', { status: res.statusCode, ms: Date.now() - started });
      }
    }),
  );

  // Local mode only (the bot has no downloads with credentials): an accepted export, once, by its token.
  const downloads = opts.bot.downloads;
  if (downloads) {
    server.get('/api/exports/:token', async (req, res) => {
      const token = String((req.params as { token?: string }).token ?? '');
      const file = /^[A-Za-z0-9_-]{43}$/.test(token) ? downloads.take(token) : null;
      if (!file) {
        // A person's browser opened it («Hent filen» pressed again, or late): say why, in their language.
        const page = linkGonePage(req.headers['accept-language']);
        res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'content-language': page.locale, 'cache-control': 'no-store' });
        return void res.end(page.html);
      }
      res.writeHead(200, {
        'content-type': file.contentType,
        'content-length': file.bytes.length,
        'content-disposition': `attachment; filename="${file.name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
        'cache-control': 'no-store',
      });
      res.end(file.bytes);
    });
  }

  server.get('/healthz', async (_req, res) => {
    const ok = await opts.health.ping();
    res.send(ok ? 200 : 503, { status: ok ? 'ok' : 'storage unavailable' });
  });

  server.on('restifyError', (_req: unknown, _res: unknown, err: unknown, callback: () => void) => {
    opts.log.error('http.error', err);
    callback();
  });

  await new Promise<void>((resolve) => server.listen(opts.port, opts.host, () => resolve()));
  const address = server.address() as { port: number };
  return {
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
