import { strict as assert } from 'node:assert';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { TENANT, channelExecute, channelMessage, teamChannel, user } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';

const DAY = 24 * 3600_000;

describe('e2e: periodic access review (Gladsaxe)', function () {
  this.timeout(30000);
  let storage: TestStorage;
  let h: Harness;
  const clock = new ControlledClock(new Date('2026-01-15T09:00:00Z'));
  const admin = user(4000, 'Anne Admin');
  const dpo = user(4001, 'Dorte DPO');
  const coord = user(4002, 'Karin Koordinator');
  const leaver = user(4003, 'Lars Fratrådt');
  const central = teamChannel(40, 'Sikkerhedsgruppen');
  const unit = teamChannel(41, 'Skoleområdet');
  const committee = teamChannel(42, 'Udvalgsteamet');
  const member = user(4004, 'Ulla Udvalg');

  before(async () => {
    storage = await startTestStorage();
    h = await startHarness(testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId], accessReviewMonths: 12 }), { clock });
    h.connector.members.set(central.teamId, [dpo].map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));
    h.connector.members.set(unit.teamId, [coord, leaver].map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));
    await h.post(channelMessage(admin, h.connector.url, central, 'tilmeld central'));
    await h.post(channelMessage(dpo, h.connector.url, unit, 'tilmeld Skoler'));
    // The information-security committee's registration (issue 18) is reviewed too, by its own name.
    h.connector.members.set(committee.teamId, [{ id: member.id, aadObjectId: member.aadObjectId, name: member.name }]);
    await h.post(channelMessage(admin, h.connector.url, committee, 'tilmeld udvalg'));
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });

  const reviewCards = () =>
    h.connector.threads(central.channelId).filter((t) => t.activity?.attachments?.[0]?.content?.actions?.some((a: any) => a.verb === 'review.confirm'));

  it('posts the review to the central channel when due, listing who can act on each unit, exactly once', async () => {
    await h.bot.sweep(clock.now());
    assert.equal(reviewCards().length, 0, 'not due yet');
    clock.advance(366 * DAY);
    await Promise.all([h.bot.sweep(clock.now()), h.bot.sweep(clock.now())]);
    await h.bot.sweep(clock.now());
    const cards = reviewCards();
    assert.equal(cards.length, 1);
    const text = JSON.stringify(cards[0].activity.attachments[0].content);
    assert.match(text, /Skoler – Skoleområdet/);
    assert.match(text, /Lars Fratrådt/);
    assert.match(text, /Dorte DPO/);
    assert.match(text, /Informationssikkerhedsudvalget – Udvalgsteamet/);
    assert.match(text, /Ulla Udvalg/);
    assert.doesNotMatch(text, /udvalg – |_committee/);
  });

  it('an unconfirmed review is reminded; only a central member can confirm, and both attempts are audited', async () => {
    clock.advance(8 * DAY);
    await h.bot.sweep(clock.now());
    assert.equal(reviewCards().length, 2, 'reminder posted');
    assert.match(JSON.stringify(reviewCards()[1].activity.attachments[0].content), /Påmindelse/);

    const reviewId = reviewCards()[1].activity.attachments[0].content.actions[0].data.reviewId;
    const refused = await h.post(channelExecute(coord, h.connector.url, unit, unit.channelId, 'review.confirm', { reviewId }, 'x'));
    assert.match(refused.body.value, /Kun medlemmer/);
    const ok = await h.post(channelExecute(dpo, h.connector.url, central, central.channelId, 'review.confirm', { reviewId }, 'x'));
    assert.match(ok.body.value, /bekræftet af Dorte DPO/);

    const audit = await h.bot.storage.audit.listForCase(TENANT, '_access-review');
    assert.deepEqual(audit.map((a) => [a.actorAadId, a.outcome]), [
      [coord.aadObjectId, 'refused'],
      [dpo.aadObjectId, 'allowed'],
    ]);

    clock.advance(30 * DAY);
    await h.bot.sweep(clock.now());
    assert.equal(reviewCards().length, 2, 'no reminder after confirmation');
    clock.advance(340 * DAY);
    await h.bot.sweep(clock.now());
    assert.equal(reviewCards().length, 3, 'the next review a year after the confirmation');
  });
});
