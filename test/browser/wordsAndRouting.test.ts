/**
 * Issue 17 in the Agents Playground with headless Chromium, as a person does it: an employee describes a
 * breach in their own words in the 1:1 chat and is offered a report with that text; the report says «Ved
 * ikke» for the unit, lands in the central channel, and the central group sends it on to Skoler from its
 * card, where it then arrives. Its own bot and store (the journeys file counts its cases).
 */
import { strict as assert } from 'node:assert';
import type { Page } from 'playwright-core';
import type { Brudvagt } from '../../src/brudvagt';
import {
  cardWithText,
  clickAction,
  fillInput,
  openChannel,
  openPersonalChat,
  postInChannel,
  screenshot,
  sendMessage,
  waitForText,
} from '../helpers/playground';
import { PLAYGROUND_ADMIN, usePlaygroundSession, yesterdayInCopenhagen } from '../helpers/playgroundSession';

const ADMIN = PLAYGROUND_ADMIN;
const TENANT = '11111111-2222-4333-8444-555555555555';
const WORDS = 'Jeg har sendt en mail med en borgers sag til den forkerte, hvad gør jeg?';

describe('browser: words start a report, and the central group routes it (issue 17)', function () {
  this.timeout(240_000);
  const session = usePlaygroundSession('words-routing');
  let bot: Brudvagt;
  let page: Page;
  let number = '';
  before(() => ({ bot, page } = session));

  it('the administrator registers the central channel and Skoler', async () => {
    await openChannel(page, 'General');
    await postInChannel(page, 'tilmeld central', 'Brudvagt');
    await waitForText(page, /centrale sikkerhedsgruppes og DPO/);
    await openChannel(page, 'Brud - Skoler');
    await postInChannel(page, 'tilmeld Skoler', 'Brudvagt');
    await waitForText(page, /koordinatorkanal for «Skoler»/);
  });

  it('words in the 1:1 chat become a report with those words; «Ved ikke» sends it to the central channel', async () => {
    await openPersonalChat(page);
    await sendMessage(page, WORDS);
    const offer = cardWithText(page, 'Vil du anmelde det, du skrev?');
    await offer.waitFor();
    await screenshot(page, 'words-offer');
    await clickAction(offer, 'Anmeld et brud med denne tekst');
    const form = cardWithText(page, 'Anmeld brud på persondatasikkerheden');
    await form.waitFor();
    assert.equal(await form.getByLabel('Beskriv hvad der er sket *', { exact: true }).inputValue(), WORDS, 'the words are the description');
    await fillInput(form, 'Hvilken slags brud? *', 'Fortrolighed – nogen har set eller fået oplysninger');
    await fillInput(form, 'Hvilke oplysninger drejer det sig om? *', 'Navne');
    await fillInput(form, 'Hvor mange personer er ca. berørt? *', '1');
    await fillInput(form, 'Hvornår opdagede du bruddet? (dato) *', yesterdayInCopenhagen());
    await fillInput(form, 'Klokkeslæt *', '09:30');
    await fillInput(form, 'Står bruddet stadig på? *', 'Nej, det er stoppet');
    await fillInput(form, 'Hvilken enhed drejer det sig om? *', 'Ved ikke / ikke på listen');
    await clickAction(form, 'Videre');
    const summary = cardWithText(page, 'Tjek din anmeldelse');
    await summary.waitFor().catch(async (error) => {
      const draft = await bot.storage.drafts.get(TENANT, ADMIN);
      throw new Error(`no summary; draft errors ${JSON.stringify(draft?.value.errors)}: ${error}`);
    });
    await clickAction(summary, 'Send anmeldelse');
    const receipt = await waitForText(page, /BV-\d{4}-\d{4}/);
    number = /BV-\d{4}-\d{4}/.exec((await receipt.textContent()) ?? '')?.[0] ?? '';
    assert.ok(number);
    await bot.idle();
    const c = (await bot.storage.cases.findByNumber(TENANT, number))!.value;
    assert.equal(c.report.whatHappened, WORDS);
    assert.deepEqual(c.posts.map((p) => p.viaCentral), [true], 'in the central channel');
  });

  it('the central group sends it on to Skoler from its card; it arrives in Skoler and the reporter is told', async () => {
    await openChannel(page, 'General');
    const card = cardWithText(page, number);
    await card.waitFor({ timeout: 30_000 });
    await clickAction(card, 'Send videre til en enhed …');
    const route = cardWithText(page, `Send ${number} videre til en enhed`);
    await route.waitFor();
    await screenshot(page, 'route-card');
    await route.getByText('Skoler', { exact: true }).click();
    await clickAction(route, 'Send videre');
    // The click returns before the invoke reaches the bot: wait for the stored case to say so.
    let c = (await bot.storage.cases.findByNumber(TENANT, number))!.value;
    for (let i = 0; i < 75 && !c.posts.some((p) => !p.viaCentral && p.threadId); i++) {
      await page.waitForTimeout(200);
      await bot.idle();
      c = (await bot.storage.cases.findByNumber(TENANT, number))!.value;
    }
    await waitForText(page, /Den centrale gruppe har sendt sagen videre til Skoler/);
    assert.deepEqual(c.report.unitIds, ['skoler']);
    assert.ok(c.posts.some((p) => !p.viaCentral && p.threadId), 'posted in Skoler');
    await openChannel(page, 'Brud - Skoler');
    await cardWithText(page, number).waitFor({ timeout: 30_000 });
    await screenshot(page, 'routed-card-in-skoler');
    await openPersonalChat(page);
    await waitForText(page, new RegExp(`${number} er sendt videre til Skoler`));
  });
});
