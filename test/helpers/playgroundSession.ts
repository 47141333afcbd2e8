/**
 * What every Playground test file sets up around its journey: the real Brudvagt server on its test store
 * (Azurite) with the Playground's user as administrator and FORCE_LOCALE=da, the Microsoft 365 Agents
 * Playground with src/dev/playground.yml, and headless Chromium on it; torn down after, with a screenshot of a
 * failed test. Skipped where there is no chromium (requireChromiumOrSkip).
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBrudvagt, type Brudvagt } from '../../src/brudvagt';
import { silentLogger } from '../../src/logging';
import { repoRoot } from '../../src/repoRoot';
import { startTestStorage, type TestStorage } from './azurite';
import { testConfig } from './botHarness';
import { launchChromium, openPlayground, requireChromiumOrSkip, screenshot, startPlayground, type PlaygroundHandle } from './playground';

/** The Playground's current user (src/dev/playground.yml): the administrator, as `npm start` makes her. */
export const PLAYGROUND_ADMIN = 'aaaaaaaa-0000-4000-8000-000000000001';

export interface PlaygroundSession {
  storage: TestStorage;
  bot: Brudvagt;
  playground: PlaygroundHandle;
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

/** Registers the suite's hooks; the session's fields are set once its `before` has run. */
export function usePlaygroundSession(screenshotPrefix: string): PlaygroundSession {
  const s = {} as PlaygroundSession;
  before(async function () {
    requireChromiumOrSkip(this);
    s.storage = await startTestStorage();
    s.bot = await startBrudvagt(testConfig(s.storage.connectionString, { adminAadIds: [PLAYGROUND_ADMIN], forceLocale: 'da', sweep: false }), silentLogger);
    s.playground = await startPlayground({ botEndpoint: `http://127.0.0.1:${s.bot.port}/api/messages`, configFile: join(repoRoot(), 'src', 'dev', 'playground.yml') });
    s.browser = await launchChromium();
    ({ context: s.context, page: s.page } = await openPlayground(s.browser, s.playground.url));
  });
  after(async () => {
    await s.context?.close().catch(() => undefined);
    await s.browser?.close().catch(() => undefined);
    await s.playground?.stop().catch(() => undefined);
    await s.bot?.stop().catch(() => undefined);
    await s.storage?.close().catch(() => undefined);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && s.page) {
      const file = await screenshot(s.page, `${screenshotPrefix}-${this.currentTest.title}`).catch(() => '');
      if (file) process.stderr.write(`screenshot: ${file}\n`);
    }
  });
  return s;
}

/** Yesterday in Copenhagen, as yyyy-mm-dd: a discovery that is surely not in the future. */
export function yesterdayInCopenhagen(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date(Date.now() - 24 * 3600_000));
}
