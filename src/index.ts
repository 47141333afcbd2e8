/**
 * `npm run serve`: the bot server alone, as a deployment runs it.
 * Exit codes: 2 bad configuration, 1 failed to start.
 */
import { ConfigError, readConfig } from './config';
import { jsonLogger } from './logging';
import { startBrudvagt } from './brudvagt';

async function main(): Promise<void> {
  let config;
  try {
    config = readConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = jsonLogger(undefined, config.logLevel);
  const app = await startBrudvagt(config, log);
  process.stdout.write(`Brudvagt listens on http://localhost:${app.port}/api/messages (storage: ${app.storage.description})\n`);
  const shutdown = (signal: string) => {
    log.info('stopping', { signal });
    app.stop().then(
      () => process.exit(0),
      (error) => {
        log.error('stop.failed', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error) => {
  process.stderr.write(`Brudvagt failed to start: ${error instanceof Error ? error.name + ': ' + error.message : String(error)}\n`);
  process.exit(1);
});
