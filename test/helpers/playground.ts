/**
 * Browser-test helpers: the Microsoft 365 Agents Playground (0.2.28) driven by playwright-core
 * in Debian's headless Chromium.
 *
 * Selector policy (checked against the playground UI, see the notes per helper):
 * - The playground has NO data-testid attributes. Its chrome uses Fluent UI with good ARIA:
 *   chat list = role "treeitem" named "Personal Chat", "Group Chat", "<Team> - <Channel>";
 *   send button = role "button" named "Send Message"; channel post button = "Post".
 *   We use roles + accessible names for those.
 * - The composer is a Lexical rich-text editor: role "textbox" with NO accessible name and
 *   attribute data-lexical-editor="true". We select it by that attribute, because unnamed
 *   textboxes are otherwise indistinguishable from each other.
 * - Adaptive Cards are rendered by the Adaptive Cards JS SDK inside Fluent components. The
 *   card root carries the SDK's own class `ac-adaptiveCard` (stable across every host that uses
 *   the SDK); there is no role for "card". Element ids are random (`__ac-<uuid>`): the card's
 *   Input `id`s are NOT in the DOM, so inputs are found by their `label` (rendered as a
 *   <label> referenced by aria-labelledby, i.e. the accessible name), and action buttons by
 *   their title (accessible name).
 * - Quirk: the first interaction with a freshly rendered card re-renders it and drops a value
 *   that was set with fill() before any focus. fillInput() therefore clicks first, then fills,
 *   then reads the value back.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as http from 'node:http';
import { chromium, Browser, BrowserContext, Locator, Page } from 'playwright-core';

export { startPlayground } from '../../src/dev/playgroundProcess';
export type { PlaygroundHandle, PlaygroundOptions } from '../../src/dev/playgroundProcess';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Path of the Chromium binary (env CHROMIUM_PATH, else /usr/bin/chromium), or null if absent. */
export function chromiumPath(): string | null {
  const candidate = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  return fs.existsSync(candidate) ? candidate : null;
}

/**
 * Call from a mocha `before` hook. No Chromium on a laptop: skip with a clear message.
 * No Chromium in CI (env CI set) or with BRUDVAGT_REQUIRE_BROWSER=1: fail, so that a missing
 * browser can never turn the browser tests into a silent pass.
 */
export function requireChromiumOrSkip(ctx: Mocha.Context): string {
  const exe = chromiumPath();
  if (exe) return exe;
  const msg =
    'Chromium not found at ' +
    (process.env.CHROMIUM_PATH || '/usr/bin/chromium') +
    ' (install with `apt-get install -y chromium`, or set CHROMIUM_PATH)';
  if (process.env.CI || process.env.BRUDVAGT_REQUIRE_BROWSER === '1') {
    throw new Error(msg + ': browser tests are required here (CI / BRUDVAGT_REQUIRE_BROWSER=1).');
  }
  console.warn(`    [skip] ${msg}`);
  ctx.skip();
  return '';
}

/**
 * Launch headless Chromium. playwright's launch() always starts it with a fresh temporary
 * user-data-dir (it refuses an explicit --user-data-dir; that is launchPersistentContext's job)
 * and deletes it on close. Throws if Chromium is missing.
 */
export async function launchChromium(): Promise<Browser> {
  const exe = chromiumPath();
  if (!exe) throw new Error('Chromium not found (apt-get install -y chromium, or set CHROMIUM_PATH)');
  return chromium.launch({ executablePath: exe, headless: true, args: CHROMIUM_ARGS });
}

/**
 * New browser context + page on the playground UI, waiting until the chat list is rendered.
 * Note: every page load makes the playground send `installationUpdate` (action add) and
 * `conversationUpdate` (membersAdded: user + bot) to the bot for the personal chat; opening a
 * team channel the first time sends the same pair for the team (membersAdded: bot only).
 */
export async function openPlayground(
  browser: Browser,
  url: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // The UI fetches Segoe UI fonts (and a Fluent animation worklet) from res-1.cdn.office.net.
  // Abort everything that is not the local playground: no DNS lookups or internet traffic from
  // tests, same behaviour online and offline. The UI works fine with fallback fonts.
  await context.route(
    (u) => !/^(https?|wss?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(u.href) && !u.href.startsWith('data:'),
    (route) => route.abort(),
  );
  const page = await context.newPage();
  // The client is one 9 MB bundle: 1.5 s to parse on an idle machine, 4-7 s on a busy 2-CPU box.
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await page.getByRole('treeitem', { name: 'Personal Chat' }).waitFor({ timeout: 60_000 });
  return { context, page };
}

/** The composer(s): Lexical editor, unnamed role=textbox, see header. */
function composers(page: Page): Locator {
  return page.locator('[data-lexical-editor="true"]');
}

/** Open the 1:1 chat with the bot (tree item "Personal Chat"). */
export async function openPersonalChat(page: Page): Promise<void> {
  await page.getByRole('treeitem', { name: 'Personal Chat', exact: true }).click();
  await composers(page).first().waitFor();
}

/** Open the group chat (tree item "Group Chat"; name comes from the config file). */
export async function openGroupChat(page: Page, name = 'Group Chat'): Promise<void> {
  await page.getByRole('treeitem', { name, exact: true }).click();
  await composers(page).first().waitFor();
}

/**
 * Open a team channel. Tree items are named "<team name> - <channel name>", e.g.
 * "My Team - General" with the default config. The General channel id equals the team id.
 */
export async function openChannel(page: Page, channel = 'General'): Promise<void> {
  await page.getByRole('treeitem', { name: new RegExp(` - ${escapeRegExp(channel)}$`) }).click();
  await page.getByRole('button', { name: 'Post', exact: true }).waitFor();
}

/**
 * Type a message into the (personal or group) chat composer and press "Send Message".
 * In a chat there is exactly one Lexical editor. fill() works on the contenteditable.
 */
export async function sendMessage(page: Page, text: string): Promise<void> {
  const box = composers(page).last();
  await box.click();
  await box.fill(text);
  await page.getByRole('button', { name: 'Send Message', exact: true }).click();
}

/**
 * Start a new post in the open channel, optionally @mentioning someone (the bot by default
 * config is "Test Bot"). The playground delivers channel posts to the bot ONLY when the bot is
 * @mentioned, like Teams (a group chat the same). The activity looks like Teams': text
 * `<at>Test Bot</at> hello`, a `mention` entity (`mentioned.id` = bot id, text `<at>Test Bot</at>`),
 * conversation id `<channel id>;messageid=<n>`, channelData.team / channel / teamsTeamId.
 * (teams-ai strips the <at> part from context.activity.text by default: removeRecipientMention.)
 *
 * Selectors: the "new post" editor is the FIRST Lexical editor in a channel (each thread below
 * has its own reply editor); the mention picker is a role=menuitem in a "Typeahead menu".
 */
export async function postInChannel(page: Page, text: string, mention?: string): Promise<void> {
  const box = composers(page).first();
  await box.click();
  if (mention) {
    await page.keyboard.type('@' + mention.split(' ')[0]);
    await page.getByRole('menuitem', { name: new RegExp(`^${escapeRegExp(mention)}\\b`) }).first().click();
    await page.keyboard.type(' ');
  }
  await page.keyboard.type(text);
  await page.getByRole('button', { name: 'Post', exact: true }).click();
}

/** All rendered Adaptive Cards on the page (class from the Adaptive Cards SDK renderer). */
export function cards(page: Page): Locator {
  return page.locator('.ac-adaptiveCard');
}

/**
 * The newest Adaptive Card in a chat (chats list messages oldest→newest, so "last" is newest).
 * NOT in a channel: there each thread is a role=group block, NEWEST THREAD FIRST (under the
 * "Start a new post" box), replies inside a thread oldest→newest. Use cardWithText() there.
 */
export function lastBotCard(page: Page): Locator {
  return cards(page).last();
}

/** The newest card that contains `text` (string = substring, case-insensitive; or RegExp). */
export function cardWithText(page: Page, text: string | RegExp): Locator {
  return cards(page).filter({ hasText: text }).last();
}

/**
 * Set an Adaptive Card input, found by its `label` (accessible name). Supported renderings:
 * - Input.Text / Input.Number: <input>/<textarea> → click, fill, verify.
 * - Input.Date (Fluent DatePicker: role=combobox, aria-haspopup=dialog): focus, type ISO
 *   `yyyy-mm-dd`, Enter (shown as "November 20, 2026", submitted as `2026-11-20`), Escape.
 * - Input.ChoiceSet compact (Fluent Combobox, role=combobox): open, click role=option by
 *   choice TITLE.
 * - Input.ChoiceSet expanded (role=radiogroup): check role=radio by choice TITLE.
 * - Input.ChoiceSet expanded multi-select / groups of checkboxes: comma-separated titles.
 * - Input.Toggle (role=checkbox): value 'true' / 'false'.
 */
export async function fillInput(card: Locator, label: string, value: string): Promise<void> {
  // The visible one: the case card keeps its closed forms in the DOM (hidden sections), and labels
  // such as "Klokkeslæt" recur in several of them.
  const field = card.getByLabel(label, { exact: true }).filter({ visible: true }).first();
  await field.waitFor();
  const info = await field.evaluate((el) => ({
    tag: el.tagName.toLowerCase(),
    role: el.getAttribute('role'),
    type: el.getAttribute('type'),
    popup: el.getAttribute('aria-haspopup'),
    checkboxes: el.querySelectorAll('input[type="checkbox"]').length,
  }));
  const page = card.page();

  if (info.role === 'radiogroup') {
    await field.getByRole('radio', { name: value, exact: true }).check();
    return;
  }
  // A multi-select ChoiceSet renders one checkbox per choice, each labelled by the set's label as
  // well as its own title: getByLabel(label) lands on the first box. The value lists titles.
  const multiSelect = info.type === 'checkbox' && value !== 'true' && value !== 'false';
  if (multiSelect) {
    for (const title of value.split(',').map((v) => v.trim()).filter(Boolean)) {
      // Its accessible name joins the set's label and the title (aria-labelledby); aria-label is the title.
      const box = card.locator(`input[type="checkbox"][aria-label="${title.replace(/"/g, '\\"')}"]`).first();
      await box.check();
      if (!(await box.isChecked())) throw new Error(`fillInput: could not check "${title}" in "${label}"`);
    }
    return;
  }
  if (info.checkboxes > 0 && info.tag !== 'input') {
    // A multi-select ChoiceSet: one checkbox per choice, named by the choice's title.
    const wanted = value.split(',').map((v) => v.trim()).filter(Boolean);
    for (const title of wanted) {
      const box = field.getByRole('checkbox', { name: title, exact: true });
      await box.check();
      if (!(await box.isChecked())) throw new Error(`fillInput: could not check "${title}" in "${label}"`);
    }
    return;
  }
  if (info.type === 'checkbox' || info.role === 'checkbox' || info.role === 'switch') {
    await field.setChecked(value === 'true');
    return;
  }
  if (info.role === 'combobox' && info.popup === 'dialog') {
    // Fluent DatePicker with a popup calendar. Do NOT click it: a click opens the calendar and
    // then the typed text is discarded (value stays empty). focus() + type + Enter parses the
    // text (shown as "November 20, 2026", submitted as "2026-11-20"); Escape closes the popup.
    for (let attempt = 0; attempt < 3; attempt++) {
      await field.focus();
      await field.fill(value);
      await field.press('Enter');
      await page.keyboard.press('Escape');
      if ((await field.inputValue()) !== '') return;
    }
    throw new Error(`fillInput: the date picker "${label}" did not accept "${value}" (use yyyy-mm-dd)`);
  }
  if (info.role === 'combobox') {
    await field.click();
    // A compact multi-select ChoiceSet is a Fluent Combobox whose options are menuitemcheckboxes
    // (a single select's are options). The value lists titles; each is ticked, then the list closed.
    const titles = value.split(',').map((v) => v.trim()).filter(Boolean);
    const box = page.getByRole('menuitemcheckbox', { name: titles[0], exact: true });
    await box.or(page.getByRole('option').filter({ visible: true })).first().waitFor();
    if (await box.isVisible()) {
      for (const title of titles) {
        const option = page.getByRole('menuitemcheckbox', { name: title, exact: true });
        if ((await option.getAttribute('aria-checked')) !== 'true') await option.click();
        if ((await option.getAttribute('aria-checked')) !== 'true') throw new Error(`fillInput: could not tick "${title}" in "${label}"`);
      }
      await page.keyboard.press('Escape');
      return;
    }
    // Input.Time renders as a list of half hours titled in 12-hour time ("9:30 AM").
    const time = /^(\d{2}):(\d{2})$/.exec(value);
    const name = time ? `${Number(time[1]) % 12 || 12}:${time[2]} ${Number(time[1]) < 12 ? 'AM' : 'PM'}` : value;
    await page.getByRole('option', { name, exact: true }).click();
    return;
  }
  // Text-like input: focus first (see the re-render quirk in the header), then fill, verify.
  for (let attempt = 0; attempt < 3; attempt++) {
    await field.click();
    await field.fill(value);
    if ((await field.inputValue()) === value) return;
  }
  throw new Error(`fillInput: could not set "${label}" to "${value}"`);
}


/**
 * Click a card action by its title (Action.Execute → `adaptiveCard/action` invoke whose
 * response card replaces this card in place; Action.Submit → a message with `value`).
 */
export async function clickAction(card: Locator, title: string): Promise<void> {
  await card.getByRole('button', { name: title, exact: true }).filter({ visible: true }).first().click();
}

/** Wait until `text` is visible anywhere on the page (newest match). */
export async function waitForText(page: Page, text: string | RegExp, timeoutMs = 15_000): Promise<Locator> {
  const loc = page.getByText(text).last();
  await loc.waitFor({ state: 'visible', timeout: timeoutMs });
  return loc;
}

/** Save a screenshot next to the test run (for debugging failures). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = process.env.BRUDVAGT_SCREENSHOT_DIR || path.join(os.tmpdir(), 'brudvagt-screenshots');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name.replace(/[^\w.-]+/g, '_') + '.png');
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/* ---------- Playground HTTP API (no browser needed) ---------- */

export interface PlaygroundConfig {
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: { id: string; name: string; aadObjectId: string; email: string };
  users: Array<{ id: string; name: string; aadObjectId: string; email: string }>;
  personalChat: { id: string; name: string };
  groupChats: Array<{ id: string; name: string; members: string[] }>;
  teams: Array<{ id: string; name: string; aadGroupId: string; channels: Array<{ id: string; name: string }> }>;
}

/** GET /_internal/v1/config: the mocked tenant, users, chats and team the playground uses. */
export async function getPlaygroundConfig(playgroundUrl: string): Promise<PlaygroundConfig> {
  const body = await httpJson('GET', `${playgroundUrl}/_internal/v1/config`);
  return (body as { config: PlaygroundConfig }).config;
}

/**
 * POST /_internal/v1/customActivities: the playground forwards the activity verbatim to the bot
 * (what "Mock an Activity → Custom activity" does). This is the only way to send a locale other
 * than the hard-coded 'en-US', e.g. `locale: 'da-DK'`. Replies to the personal chat id show up
 * in the open personal chat in the UI.
 */
export async function sendCustomActivity(playgroundUrl: string, activity: Record<string, unknown>): Promise<void> {
  await httpJson('POST', `${playgroundUrl}/_internal/v1/customActivities`, activity);
}

/** A Teams-shaped personal-chat message from the current user, for sendCustomActivity(). */
export function personalMessage(
  cfg: PlaygroundConfig,
  serviceUrl: string,
  text: string,
  locale = 'da-DK',
): Record<string, unknown> {
  return {
    type: 'message',
    id: `custom-${Date.now()}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    text,
    textFormat: 'plain',
    locale,
    entities: [{ type: 'clientInfo', locale, country: locale.split('-')[1] ?? '', platform: 'Web' }],
    from: { id: cfg.currentUser.id, name: cfg.currentUser.name, aadObjectId: cfg.currentUser.aadObjectId },
    recipient: { id: cfg.bot.id, name: cfg.bot.name },
    conversation: { id: cfg.personalChat.id, conversationType: 'personal', tenantId: cfg.tenantId },
    channelData: { tenant: { id: cfg.tenantId } },
  };
}

function httpJson(method: string, url: string, body?: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      url,
      {
        method,
        headers: data ? { 'content-type': 'application/json', 'content-length': data.length } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 0) >= 400) {
            reject(new Error(`${method} ${url} → ${res.statusCode}: ${text}`));
            return;
          }
          try {
            resolve(text ? JSON.parse(text) : undefined);
          } catch {
            resolve(text);
          }
        });
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
