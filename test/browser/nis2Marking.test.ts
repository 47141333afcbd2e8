/**
 * The NIS2 marking in the Playground (issue 18, part 3): a coordinator opens «NIS2 …» on a case card in the
 * unit channel, is refused without a reason, marks the case a significant NIS2 incident with one, and sees the
 * three clocks; screenshots of both cards. The real Brudvagt server (embedded Azurite), the Microsoft 365 Agents
 * Playground as the Teams client, headless Debian Chromium. FORCE_LOCALE=da, as in the journeys.
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

describe('browser: the NIS2 marking in the Playground', function () {
  this.timeout(240_000);
  const session = usePlaygroundSession('nis2');
  let bot: Brudvagt;
  let page: Page;
  before(() => ({ bot, page } = session));

  it('a unit channel is registered and an employee reports a hacked fagsystem', async () => {
    await openChannel(page, 'General');
    await postInChannel(page, 'tilmeld central', 'Brudvagt');
    await waitForText(page, /centrale sikkerhedsgruppes og DPO/);
    await openChannel(page, 'Brud - Skoler');
    await postInChannel(page, 'tilmeld Skoler', 'Brudvagt');
    await waitForText(page, /koordinatorkanal for «Skoler»/);

    await openPersonalChat(page);
    await waitForText(page, /Anmeld et brud/);
    await sendMessage(page, 'anmeld');
    const form = cardWithText(page, 'Anmeld brud på persondatasikkerheden');
    await form.waitFor();
    await fillInput(form, 'Beskriv hvad der er sket *', 'Elevsystemet er nede efter et angreb; en løsesumsbesked vises.');
    await fillInput(form, 'Hvilken slags brud? *', 'Tilgængelighed – oplysninger kan ikke tilgås');
    await fillInput(form, 'Hvilke oplysninger drejer det sig om? *', 'Navne,Oplysninger om børn');
    await fillInput(form, 'Hvor mange personer er ca. berørt? *', '800');
    await fillInput(form, 'Hvornår opdagede du bruddet? (dato) *', yesterdayInCopenhagen());
    await fillInput(form, 'Klokkeslæt *', '09:30');
    await fillInput(form, 'Står bruddet stadig på? *', 'Ja, det står stadig på');
    await fillInput(form, 'Hvilken enhed drejer det sig om? *', 'Skoler');
    await clickAction(form, 'Videre');
    const summary = cardWithText(page, 'Tjek din anmeldelse');
    await summary.waitFor();
    await clickAction(summary, 'Send anmeldelse');
    await waitForText(page, /BV-\d{4}-\d{4}/);
  });

  it('the coordinator marks the case a significant NIS2 incident from «NIS2 …», a reason required', async () => {
    await bot.idle();
    await openChannel(page, 'Brud - Skoler');
    const caseCard = cardWithText(page, 'Frist for Datatilsynet');
    await caseCard.waitFor({ timeout: 30_000 });
    await clickAction(caseCard, 'NIS2 …');
    let nis2 = cardWithText(page, 'Markér som væsentlig NIS2-hændelse');
    await nis2.waitFor();
    await screenshot(page, 'nis2-card-unmarked');
    // Without a reason: refused beside the field, nothing stored.
    await clickAction(nis2, 'Markér som væsentlig NIS2-hændelse');
    await waitForText(page, /Skal udfyldes/);
    nis2 = cardWithText(page, 'Markér som væsentlig NIS2-hændelse');
    await fillInput(nis2, 'Begrundelse (hvorfor er hændelsen væsentlig?)', 'Elevsystemet er nede for alle skoler: væsentlig driftsforstyrrelse.');
    await clickAction(nis2, 'Markér som væsentlig NIS2-hændelse');
    // The change redraws the case card for everyone: it lists the three clocks under the Datatilsynet box. The
    // one who pressed also gets the answer to the press (the NIS2 card, now marked); which of the two a client
    // shows last depends on timing, and from the NIS2 card «Tilbage til sagen» leads to the case card. The
    // discovery was yesterday, so the early warning is already overdue, and its reminder is said at once.
    await bot.idle();
    const markedNow = cardWithText(page, 'Markeret som væsentlig NIS2-hændelse');
    const redrawn = cardWithText(page, 'Frist for Datatilsynet').filter({ hasText: /NIS2 hændelsesunderretning \(72 t\): frist/ });
    await markedNow.or(redrawn).first().waitFor({ timeout: 15_000 });
    // The thread's lines and reminders arrive meanwhile and make the client draw the channel anew: press after them.
    await waitForText(page, /fristen for NIS2 hændelsesunderretning/);
    if (await markedNow.isVisible()) await clickAction(markedNow, 'Tilbage til sagen');
    await redrawn.waitFor({ timeout: 15_000 });
    const caseText = await redrawn.innerText();
    assert.match(caseText, /NIS2 tidlig varsling \(24 t\): frist .* overskredet/);
    assert.match(caseText, /NIS2 endelig rapport \(1 måned\): foreløbig frist/);
    await waitForText(page, /fristen for NIS2 tidlig varsling/);
    await screenshot(page, 'nis2-case-card-marked');
    const [stored] = await bot.storage.cases.listByReporter(TENANT, ADMIN);
    assert.equal(stored.work?.nis2?.significant, true);
    assert.match(stored.work?.nis2?.reason ?? '', /væsentlig driftsforstyrrelse/);
    // «NIS2 …» again: the marking with its reason, the duties, the form to record a report from virk.dk.
    await clickAction(cardWithText(page, 'Frist for Datatilsynet'), 'NIS2 …');
    const marked = cardWithText(page, 'Markeret som væsentlig NIS2-hændelse');
    await marked.waitFor();
    const text = await marked.innerText();
    assert.match(text, /væsentlig driftsforstyrrelse/);
    assert.match(text, /Registrér en indberetning fra virk\.dk/);
    assert.match(text, /Udkast: tidlig varsling/);
    await screenshot(page, 'nis2-card-marked');
  });
});
