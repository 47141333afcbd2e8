/**
 * The comparison bot for the benchmark: the same stack as Brudvagt (restify, TeamsAdapter without
 * credentials, a teams-ai Application with no typing timer) whose message handler does one Table
 * read and one Table write (a per-user counter row in its own table) and replies with a text.
 */
import restify from 'restify';
import { ActivityTypes, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import { TableClient } from '@azure/data-tables';
import { tableClientOptions, type RequestCounter } from '../../src/storage/tableClients';
import { encodeKey } from '../../src/storage/tableSupport';

export interface EchoBot {
  port: number;
  tableName: string;
  stop(): Promise<void>;
}

export async function startEchoBot(connectionString: string, opts: { tableName: string; counter?: RequestCounter }): Promise<EchoBot> {
  const table = TableClient.fromConnectionString(connectionString, opts.tableName, tableClientOptions(connectionString, { counter: opts.counter }));
  await table.createTable();

  const adapter = new TeamsAdapter({}, new ConfigurationServiceClientCredentialFactory({}));
  adapter.onTurnError = async (context, error) => {
    process.stderr.write(`echo bot turn failed: ${(error as Error)?.message}\n`);
    await context.sendActivity('echo failed').catch(() => undefined);
  };
  const app = new Application<TurnState>({ adapter, botAppId: '', startTypingTimer: false, longRunningMessages: false });

  app.activity(ActivityTypes.Message, async (context) => {
    const partitionKey = 'echo';
    const rowKey = encodeKey(context.activity.from.aadObjectId ?? context.activity.from.id);
    let n = 0;
    try {
      n = Number((await table.getEntity<{ n: number }>(partitionKey, rowKey)).n) || 0;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    }
    await table.upsertEntity({ partitionKey, rowKey, n: n + 1 }, 'Replace');
    await context.sendActivity(`echo ${n + 1}: ${context.activity.text ?? ''}`);
  });

  const server = restify.createServer({ name: 'echo' });
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024 }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, async (context) => {
      await app.run(context);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    tableName: opts.tableName,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
