/**
 * `npm start`: Brudvagt on its embedded defaults (Azurite in this process, data under .data/) plus the
 * Microsoft 365 Agents Playground as the Teams-like client. For a laptop or a pilot, not production.
 */
import { join } from 'node:path';
import { startBrudvagt } from '../brudvagt';
import { ConfigError, readConfig } from '../config';
import { jsonLogger } from '../logging';
import { repoRoot } from '../repoRoot';
import { startPlayground } from './playgroundProcess';

/** The Playground's current user (src/dev/playground.yml) may register the central channel. */
const PLAYGROUND_ADMIN = 'aaaaaaaa-0000-4000-8000-000000000001';

async function main(): Promise<void> {
  const env = {
    ...process.env,
    ADMIN_AAD_IDS: process.env.ADMIN_AAD_IDS ?? PLAYGROUND_ADMIN,
    // The Playground always sends en-US; Brudvagt's users are Danish. FORCE_LOCALE=en shows English.
    FORCE_LOCALE: process.env.FORCE_LOCALE ?? 'da',
    HOST: process.env.HOST ?? '127.0.0.1',
  };
  let config;
  try {
    config = readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (config.bot) {
    process.stderr.write('npm start runs in local mode for the Agents Playground: unset BOT_ID and BOT_PASSWORD, or use npm run serve.\n');
    process.exit(2);
  }
  const log = jsonLogger((line) => {
    if (process.env.LOG === 'verbose') process.stdout.write(line + '\n');
  });
  const bot = await startBrudvagt(config, log);
  const playground = await startPlayground({
    botEndpoint: `http://127.0.0.1:${bot.port}/api/messages`,
    port: Number(process.env.PLAYGROUND_PORT ?? 56150),
    configFile: join(repoRoot(), 'src', 'dev', 'playground.yml'),
  });
  process.stdout.write(
    [
      '',
      `Brudvagt is running: http://127.0.0.1:${bot.port}/api/messages (storage: ${bot.storage.description})`,
      '',
      `  Open ${playground.url.replace('127.0.0.1', 'localhost')} in your browser.`,
      '',
      '  You play every role (administrator, employee, coordinator, central group): README, "Try it".',
      '  1. As administrator, register the channels first (the report form then asks which unit):',
      '     Channel "Informationssikkerhed - General":        @Brudvagt tilmeld central',
      '     Channel "Informationssikkerhed - Brud - Skoler":  @Brudvagt tilmeld Skoler',
      '     Channel "Informationssikkerhed - General", too:   @Brudvagt tilmeld udvalg   (the committee; in Teams its own team)',
      '  2. As employee, in "Personal Chat":  anmeld  (or just describe what happened; name your nearest manager), then  mine sager.',
      '  3. As coordinator, in "Brud - Skoler": the case card. «Tag sagen», «Vurdering» (risks to the municipality),',
      '     «Datatilsynet», «NIS2 …» (a significant NIS2 incident: three more clocks), «Luk sagen».',
      '  4. As committee, in "General": the committee card; «Indkald krisecelle» or «Ingen krisecelle».',
      '  5. As central group / DPO, in "General":  @Brudvagt sager,  statistik,  eksport,  navne,  hjælp.',
      '',
      '  Ctrl+C stops both. Data stays in ' + config.dataDir + '/ between runs.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await playground.stop().catch(() => undefined);
    await bot.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
