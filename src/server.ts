import restify from 'restify';
import type { HealthProbe } from './app/ports';
import type { Logger } from './logging';
import type { Bot } from './teams/botApp';

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

/** POST /api/messages for Teams, GET /healthz for the load balancer (200 only when storage answers). */
export async function startServer(opts: { bot: Bot; health: HealthProbe; port: number; host: string; log: Logger }): Promise<RunningServer> {
  const server = restify.createServer({ name: 'brudvagt' });
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024 }));

  server.post('/api/messages', async (req, res) => {
    await opts.bot.handle(req, res);
  });

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
