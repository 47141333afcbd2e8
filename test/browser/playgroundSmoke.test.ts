/**
 * Harness smoke test: a minimal echo bot (teams-ai + restify, port 0) + the Agents Playground +
 * headless Chromium. Proves the browser harness end to end: install events, a message, an
 * Adaptive Card with Input.Text / Input.ChoiceSet (compact and expanded) / Input.Date, an
 * Action.Execute invoke whose response card replaces the card, and a custom activity with the
 * Danish locale. The real journey tests reuse test/helpers/playground.ts.
 */
import { strict as assert } from 'node:assert';
import { AddressInfo } from 'node:net';
import * as restify from 'restify';
import { CardFactory, MemoryStorage, MessageFactory, TurnContext } from 'botbuilder';
import { Application, TeamsAdapter } from '@microsoft/teams-ai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  PlaygroundHandle,
  cardWithText,
  clickAction,
  fillInput,
  getPlaygroundConfig,
  lastBotCard,
  launchChromium,
  openPersonalChat,
  openPlayground,
  personalMessage,
  requireChromiumOrSkip,
  screenshot,
  sendCustomActivity,
  sendMessage,
  startPlayground,
  waitForText,
} from '../helpers/playground';

interface EchoBot {
  endpoint: string;
  received: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

function formCard(): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: 'Echo form', weight: 'Bolder' },
      { type: 'Input.Text', id: 'title', label: 'Title', placeholder: 'Write a title' },
      {
        type: 'Input.ChoiceSet', id: 'severity', label: 'Severity', value: 'low',
        choices: [{ title: 'Low', value: 'low' }, { title: 'High', value: 'high' }],
      },
      {
        type: 'Input.ChoiceSet', id: 'kind', label: 'Kind', style: 'expanded',
        choices: [{ title: 'Email', value: 'email' }, { title: 'Paper', value: 'paper' }],
      },
      { type: 'Input.Date', id: 'when', label: 'When' },
    ],
    actions: [{ type: 'Action.Execute', verb: 'go', title: 'Go', data: { extra: 1 } }],
  };
}

async function startEchoBot(): Promise<EchoBot> {
  const received: Array<Record<string, unknown>> = [];
  // No credentials: accepts unsigned requests and replies to activity.serviceUrl without a token.
  const adapter = new TeamsAdapter({});
  const app = new Application({ storage: new MemoryStorage(), adapter });

  app.conversationUpdate('membersAdded', async (context: TurnContext) => {
    const added = context.activity.membersAdded ?? [];
    if (added.some((m) => m.id !== context.activity.recipient.id)) {
      await context.sendActivity('Welcome to the echo bot');
    }
  });
  app.adaptiveCards.actionExecute<Record<string, unknown>>('go', async (_context, _state, data) => ({
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: 'Submitted' },
      { type: 'TextBlock', text: `title=${data.title}; severity=${data.severity}; kind=${data.kind}; when=${data.when}` },
    ],
  }) as never);
  app.activity('message', async (context: TurnContext) => {
    if (context.activity.locale?.startsWith('da')) {
      await context.sendActivity(`Hej! (${context.activity.locale}) ${context.activity.text}`);
      return;
    }
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(formCard())));
  });

  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    received.push(req.body as Record<string, unknown>);
    await adapter.process(req, res, (context) => app.run(context).then(() => undefined));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}/api/messages`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('browser: Agents Playground harness (echo bot)', function () {
  this.timeout(120_000);

  let bot: EchoBot | undefined;
  let playground: PlaygroundHandle | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;

  before(async function () {
    requireChromiumOrSkip(this);
    bot = await startEchoBot();
    playground = await startPlayground({ botEndpoint: bot.endpoint });
    browser = await launchChromium();
    ({ context, page } = await openPlayground(browser, playground.url));
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      console.log('    screenshot:', await screenshot(page, this.currentTest.fullTitle()));
      if (playground) console.log(playground.recentOutput());
    }
  });

  after(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await playground?.stop();
    await bot?.close();
  });

  it('sends install events on page load and shows the welcome', async () => {
    await openPersonalChat(page);
    await waitForText(page, 'Welcome to the echo bot');
    const types = bot!.received.map((a) => a.type);
    assert.ok(types.includes('installationUpdate'), `got ${types.join(',')}`);
    const update = bot!.received.find((a) => a.type === 'conversationUpdate');
    assert.ok(update, 'conversationUpdate received');
    assert.equal(update.serviceUrl, playground!.serviceUrl);
    assert.equal((update.conversation as { conversationType: string }).conversationType, 'personal');
  });

  it('renders the card, submits it through Action.Execute and shows the updated card', async () => {
    await sendMessage(page, 'hello bot');
    const card = cardWithText(page, 'Echo form');
    await card.waitFor();

    await fillInput(card, 'Title', 'Lost laptop');
    await fillInput(card, 'Severity', 'High');
    await fillInput(card, 'Kind', 'Paper');
    await fillInput(card, 'When', '2026-11-20');
    await clickAction(card, 'Go');

    const summary = await waitForText(page, /^title=/);
    assert.equal(
      (await summary.textContent())?.trim(),
      'title=Lost laptop; severity=high; kind=paper; when=2026-11-20',
    );
    // The response card replaced the form in place.
    assert.equal(await cardWithText(page, 'Echo form').count(), 0);
    assert.match((await lastBotCard(page).textContent()) ?? '', /Submitted/);

    const invoke = bot!.received.find((a) => a.type === 'invoke');
    assert.ok(invoke, 'invoke received');
    assert.equal(invoke.name, 'adaptiveCard/action');
    assert.equal(invoke.locale, 'en-US'); // hard-coded by the playground for UI-originated activities
    const action = (invoke.value as { action: { verb: string; data: Record<string, unknown> } }).action;
    assert.equal(action.verb, 'go');
    assert.deepEqual(action.data, { extra: 1, title: 'Lost laptop', severity: 'high', kind: 'paper', when: '2026-11-20' });
  });

  it('delivers a custom activity with locale da-DK and renders the reply', async () => {
    const cfg = await getPlaygroundConfig(playground!.url);
    await sendCustomActivity(playground!.url, personalMessage(cfg, playground!.serviceUrl, 'hvad så'));
    await waitForText(page, 'Hej! (da-DK) hvad så');
  });
});
