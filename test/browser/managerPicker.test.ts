/**
 * Issue 18: the nearest manager on the report form, in the Microsoft 365 Agents Playground with headless
 * Chromium. The Playground has no Microsoft Graph behind it, so Teams' people picker (an Input.ChoiceSet over
 * `graph.microsoft.com/users`) finds nobody there, as on the phones where its typeahead fails: the fallback, the
 * manager's mail typed by hand, is what a person uses. A wrong mail is refused beside the field with every value
 * kept; a right one is on the summary, and since that manager does not have the app, the reporter is asked in
 * their chat to tell the manager themself.
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
import { usePlaygroundSession, yesterdayInCopenhagen } from '../helpers/playgroundSession';

const PICKER = 'Din nærmeste leder (valgfrit)';
const MAIL = 'Eller lederens mail, hvis listen ikke virker';

describe('browser: the nearest manager on the report form, by the typed mail (issue 18)', function () {
  this.timeout(240_000);
  const session = usePlaygroundSession('managerPicker');
  let bot: Brudvagt;
  let page: Page;
  before(() => ({ bot, page } = session));

  it('registers the channels', async () => {
    await openChannel(page, 'General');
    await postInChannel(page, 'tilmeld central', 'Brudvagt');
    await waitForText(page, /centrale sikkerhedsgruppes og DPO/);
    await openChannel(page, 'Brud - Skoler');
    await postInChannel(page, 'tilmeld Skoler', 'Brudvagt');
    await waitForText(page, /koordinatorkanal for «Skoler»/);
  });

  it('a wrong mail is refused beside the field with the values kept; a right one is sent, and the reporter is asked to tell the manager', async () => {
    await openPersonalChat(page);
    await sendMessage(page, 'anmeld');
    let form = cardWithText(page, 'Anmeld brud på persondatasikkerheden');
    await form.waitFor();
    // The people picker is drawn (the Playground has no directory to search), with the mail beside it.
    await form.getByText(PICKER, { exact: true }).filter({ visible: true }).first().waitFor();
    await fillInput(form, 'Beskriv hvad der er sket *', 'En elevliste blev sendt til en forkert forælder.');
    await fillInput(form, 'Hvilken slags brud? *', 'Fortrolighed – nogen har set eller fået oplysninger');
    await fillInput(form, 'Hvilke oplysninger drejer det sig om? *', 'Navne');
    await fillInput(form, 'Hvor mange personer er ca. berørt? *', '3');
    await fillInput(form, 'Hvornår opdagede du bruddet? (dato) *', yesterdayInCopenhagen());
    await fillInput(form, 'Klokkeslæt *', '09:30');
    await fillInput(form, 'Står bruddet stadig på? *', 'Nej, det er stoppet');
    await fillInput(form, 'Hvilken enhed drejer det sig om? *', 'Skoler');
    await fillInput(form, MAIL, 'min chef');
    await clickAction(form, 'Videre');

    await waitForText(page, /Anmeldelsen er ikke sendt/);
    form = cardWithText(page, 'Anmeldelsen er ikke sendt');
    await form.getByText('Skriv en gyldig mailadresse.').first().waitFor();
    assert.equal(await form.getByLabel(MAIL, { exact: true }).inputValue(), 'min chef', 'the typed mail is kept');
    assert.equal(await form.getByLabel('Beskriv hvad der er sket *', { exact: true }).inputValue(), 'En elevliste blev sendt til en forkert forælder.', 'the other values are kept');
    // The error sits right under the mail field (the next element in the card).
    const beside = await form.getByLabel(MAIL, { exact: true }).evaluate((input) => {
      const all = Array.from(input.closest('.ac-adaptiveCard')?.querySelectorAll('*') ?? []);
      const at = all.indexOf(input);
      return all.slice(at, at + 40).some((el) => el.children.length === 0 && el.textContent === 'Skriv en gyldig mailadresse.');
    });
    assert.ok(beside, 'the error is beside the field');
    await screenshot(page, 'manager-mail-error');

    await fillInput(form, MAIL, 'Leder.Ledersen@kommune.example');
    await clickAction(form, 'Videre');
    const summary = cardWithText(page, 'Tjek din anmeldelse');
    await summary.waitFor();
    await summary.getByText('leder.ledersen@kommune.example', { exact: false }).or(summary.getByText('Leder.Ledersen@kommune.example')).first().waitFor();
    await clickAction(summary, 'Send anmeldelse');
    const receipt = await waitForText(page, /BV-\d{4}-\d{4}/);
    const number = /BV-\d{4}-\d{4}/.exec((await receipt.textContent()) ?? '')?.[0];
    assert.ok(number);
    await bot.idle();
    // Nobody with that mail has the app here: the reporter is asked, in their chat, to tell the manager.
    await waitForText(page, new RegExp(`kunne ikke få besked fra Brudvagt om sag ${number}`), 30_000);
    const stored = await bot.storage.cases.findByNumber('11111111-2222-4333-8444-555555555555', number);
    assert.equal(stored?.value.report.manager?.email, 'leder.ledersen@kommune.example');
    assert.ok(stored?.value.manager?.unreachableAt, 'recorded as unreachable');
  });
});
