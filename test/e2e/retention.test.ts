/**
 * Retention end to end (issue 8, item 6): the real server and Table Storage, a controlled clock moved
 * years ahead, `bot.sweep(now)` as the sweep loop would call it.
 */
import { strict as assert } from 'node:assert';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { TENANT, channelExecute, channelMessage, execute, message, personalConversationId, teamChannel, user, type User } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig } from '../helpers/botHarness';
import type { Config } from '../../src/config';
import { actionData } from '../helpers/cardQueries';
import { copenhagenWallClock as local } from '../helpers/reportValues';
import type { BreachCase } from '../../src/domain/case';
import { addYears } from '../../src/domain/retention';
import { draftEntryId } from '../../src/app/retention';

const MINUTE = 60_000;
const DAY = 24 * 3_600_000;
const FAR = new Date('2200-01-01T00:00:00Z');

describe('e2e: retention', function () {
  this.timeout(120000);
  let storage: TestStorage;
  before(async () => {
    storage = await startTestStorage();
  });
  after(async () => {
    await storage?.close();
  });

  /** A harness with its own tables, central and one unit registered. */
  async function world(clock: ControlledClock, n: number) {
    const admin = user(n, 'Anne Adminsen');
    const coord = user(n + 1, 'Karin Koordinatorsen');
    const central = teamChannel(n, 'Sikkerhedsgruppen');
    const unit = teamChannel(n + 1, 'Borgerservice');
    const config: Config = testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] });
    const h = await startHarness(config, { clock });
    h.connector.members.set(central.teamId, [{ id: admin.id, aadObjectId: admin.aadObjectId, name: admin.name }]);
    h.connector.members.set(unit.teamId, [{ id: coord.id, aadObjectId: coord.aadObjectId, name: coord.name }]);
    await h.post(channelMessage(admin, h.connector.url, central, 'tilmeld central'));
    await h.post(channelMessage(admin, h.connector.url, unit, 'tilmeld Borgerservice'));
    return { h, config, coord, unit };
  }

  type World = Awaited<ReturnType<typeof world>>;

  function reporterNo(n: number): User {
    const u = user(n, `Rikke Reportersen ${n}`);
    return u;
  }

  async function startDraft(w: World, reporter: User) {
    w.h.connector.members.set(personalConversationId(reporter), [{ id: reporter.id, aadObjectId: reporter.aadObjectId, name: reporter.name, email: reporter.email }]);
    await w.h.post(message(reporter, w.h.connector.url, 'anmeld'));
    return w.h.connector.sent(personalConversationId(reporter)).at(-1).attachments[0].content;
  }

  function values(w: World, reporter: User, clock: ControlledClock, whatHappened: string) {
    const discovered = local(new Date(clock.now().getTime() - 3_600_000));
    return {
      reporterName: reporter.name, reporterEmail: reporter.email, reporterPhone: '31415926', reporterTitle: 'Skolesekretærfunktion', reporterDepartment: 'Elevadministrationen',
      unitIds: 'borgerservice', breachTypes: 'confidentiality', whatHappened, howHappened: 'Autofuldførelse i mailprogrammet', dataKinds: 'names,health',
      personsAffected: '3', discoveredDate: discovered.date, discoveredTime: discovered.time, ongoing: 'stopped', supplierInvolved: 'no', system: 'Elevportalen Skolestjerne',
    };
  }

  async function report(w: World, reporter: User, clock: ControlledClock, whatHappened: string): Promise<{ caseId: string; number: string }> {
    const form = await startDraft(w, reporter);
    const summary = (await w.h.post(execute(reporter, w.h.connector.url, 'report.submit', { ...actionData(form, 'report.submit'), ...values(w, reporter, clock, whatHappened) }))).body.value;
    const receipt = (await w.h.post(execute(reporter, w.h.connector.url, 'report.confirm', actionData(summary, 'report.confirm')))).body.value;
    const number = /BV-\d{4}-\d{4}/.exec(JSON.stringify(receipt))![0];
    const stored = (await w.h.bot.storage.cases.findByNumber(TENANT, number))!.value;
    assert.ok(stored.posts?.[0]?.threadId, 'posted to the unit channel');
    return { caseId: stored.id, number };
  }

  async function act(w: World, caseId: string, verb: string, data: Record<string, unknown> = {}) {
    const stored = (await w.h.bot.storage.cases.get(TENANT, caseId))!.value;
    const post = stored.posts![0];
    const res = await w.h.post(channelExecute(w.coord, w.h.connector.url, w.unit, post.threadId!, verb, { caseId, ...data }, post.activityId!));
    assert.equal(res.status, 200);
    return res.body;
  }

  /** Every free text the coordinator types here: none may survive anonymization. */
  const WORK_TEXTS = {
    stopHow: 'Modtageren slettede mailen under telefonsamtalen',
    justification: 'Ingen risiko: modtageren er selv ansat med tavshedspligt',
    note: 'Skolelederen Hansen ringede tilbage om forældrene',
    lessonsLearned: 'Autofuldførelse slås fra på alle skolepostkasser',
    feedbackDone: 'Mailen er slettet hos den forkerte modtager',
    feedbackPrevention: 'Vi indfører dobbelttjek af modtageren fremover',
  };

  async function workAndClose(w: World, caseId: string) {
    await act(w, caseId, 'case.acknowledge');
    await act(w, caseId, 'case.setStopped', { stopped: 'yes', stopHow: WORK_TEXTS.stopHow });
    await act(w, caseId, 'case.assess', { risk: 'none', decision: 'do_not_notify', justification: WORK_TEXTS.justification });
    await act(w, caseId, 'case.addNote', { note: WORK_TEXTS.note });
    // Issue 11: the Ishøj steps are done before a close (else it needs a written reason).
    await act(w, caseId, 'case.dpoInformed');
    await act(w, caseId, 'case.close', { lessonsLearned: WORK_TEXTS.lessonsLearned, feedbackDone: WORK_TEXTS.feedbackDone, feedbackPrevention: WORK_TEXTS.feedbackPrevention });
    const closed = (await w.h.bot.storage.cases.get(TENANT, caseId))!.value;
    assert.equal(closed.status, 'closed');
    return closed;
  }

  const stored = async (w: World, caseId: string): Promise<BreachCase> => (await w.h.bot.storage.cases.get(TENANT, caseId))!.value;
  const rowsFor = async (w: World, id: string) => (await w.h.bot.storage.schedule.due(FAR, 10_000)).filter((e) => e.caseId === id);
  const anonymizeAudits = async (w: World, caseId: string) => (await w.h.bot.storage.audit.listForCase(TENANT, caseId)).filter((a) => a.action === 'case.anonymize');

  describe('closed cases', () => {
    const clock = new ControlledClock(new Date('2026-11-23T09:00:00Z'));
    let w: World;
    before(async () => {
      w = await world(clock, 5000);
    });
    after(async () => {
      await w?.h.stop();
    });

    it('a closed case is anonymized RETENTION_YEARS after closing, through its due-index row, audited; the register facts stay; a reopened one is kept', async () => {
      const reporter = reporterNo(5100);
      const whatHappened = 'Elevplan for familien Søndergaard sendt til forkert forælder';
      const { caseId, number } = await report(w, reporter, clock, whatHappened);
      const closed = await workAndClose(w, caseId);
      const closedAt = closed.work!.closedAt!;
      const dueAt = addYears(closedAt, 5);

      // One due-index row, years ahead: the sweep meets the case when it is due and not before.
      assert.equal(closed.schedule!.dueAt, dueAt.toISOString());
      // (A one-shot retry row of the last delivery may still be there; the sweep removes it when it passes.)
      const row = (await rowsFor(w, caseId)).find((r) => r.key === closed.schedule!.key);
      assert.equal(row?.dueAt, dueAt.toISOString());

      // Another case, closed, then reopened: never anonymized while open.
      const other = reporterNo(5101);
      const reopened = await report(w, other, clock, 'Skema med elevnavne lagt på det åbne intranet');
      await workAndClose(w, reopened.caseId);
      await act(w, reopened.caseId, 'case.reopen', { reopenReason: 'Forælderen har klaget over sagen' });
      assert.equal((await stored(w, reopened.caseId)).status, 'acknowledged');

      clock.set(new Date(dueAt.getTime() - MINUTE));
      const early = await w.h.bot.sweep(clock.now());
      assert.equal(early.anonymized, 0);
      assert.equal((await stored(w, caseId)).anonymizedAt, undefined, 'not a minute early');

      clock.set(new Date(dueAt.getTime() + MINUTE));
      const before = await stored(w, caseId);
      const threadId = before.posts![0].threadId!;
      w.h.connector.clear();
      const stats = await w.h.bot.sweep(clock.now());
      assert.equal(stats.anonymized, 1);

      const after = await stored(w, caseId);
      assert.equal(after.anonymizedAt, clock.now().toISOString());
      // The register row and the statistics: unchanged.
      assert.equal(after.number, number);
      assert.equal(after.status, 'closed');
      assert.equal(after.reportedAt, before.reportedAt);
      assert.deepEqual(after.report.unitIds, ['borgerservice']);
      assert.deepEqual(after.report.breachTypes, ['confidentiality']);
      assert.deepEqual(after.report.dataKinds, before.report.dataKinds);
      assert.equal(after.report.personsAffected, 3);
      assert.equal(after.report.discoveredAt, before.report.discoveredAt);
      assert.equal(after.work!.closedAt, closedAt);
      assert.equal(after.work!.acknowledgedAt, before.work!.acknowledgedAt);
      assert.equal(after.work!.stopped, 'yes');
      assert.equal(after.work!.assessment!.risk, 'none');
      assert.equal(after.work!.assessment!.decision, 'do_not_notify');
      assert.equal(after.work!.assessment!.decidedAt, before.work!.assessment!.decidedAt);
      assert.deepEqual(after.work!.timeline.map((e) => [e.at, e.event]), before.work!.timeline.map((e) => [e.at, e.event]));

      // The reporter's and the coordinator's names, ids and texts: gone from the stored case.
      const json = JSON.stringify(after);
      const gone = [
        reporter.name, reporter.email, reporter.aadObjectId, reporter.id, personalConversationId(reporter), '31415926', 'Skolesekretærfunktion', 'Elevadministrationen',
        whatHappened, 'Autofuldførelse i mailprogrammet', 'Elevportalen Skolestjerne',
        w.coord.name, w.coord.aadObjectId, w.coord.id, ...Object.values(WORK_TEXTS),
      ];
      for (const text of gone) assert.ok(!json.includes(text), `"${text}" survives in the stored case`);
      assert.ok(JSON.stringify(before).includes(whatHappened) && JSON.stringify(before).includes(w.coord.name), 'the check would have seen them');

      // Audited once, by Brudvagt.
      const audits = await anonymizeAudits(w, caseId);
      assert.equal(audits.length, 1);
      assert.equal(audits[0].actorName, 'Brudvagt');
      assert.equal(audits[0].outcome, 'allowed');

      // The card in the coordinators' channel is redrawn without the report's words.
      const updates = w.h.connector.updates(threadId);
      assert.ok(updates.length >= 1, 'card updated in the channel');
      const card = JSON.stringify(updates.at(-1)!.body);
      assert.ok(card.includes(number));
      for (const text of [whatHappened, reporter.name, reporter.email, w.coord.name]) assert.ok(!card.includes(text), `"${text}" still on the card`);
      // Nothing sent to the reporter, whose address is gone.
      assert.equal(w.h.connector.sent(personalConversationId(reporter)).length, 0);

      // Nothing left for the sweep to look at; a later sweep changes nothing.
      assert.deepEqual(await rowsFor(w, caseId), []);
      clock.advance(DAY);
      await w.h.bot.sweep(clock.now());
      assert.deepEqual(await stored(w, caseId), after);
      assert.equal((await anonymizeAudits(w, caseId)).length, 1);

      // An anonymized case cannot be reopened: refused with its own message, nothing changes.
      const refused = await act(w, caseId, 'case.reopen', { reopenReason: 'Ny henvendelse fra forælderen' });
      assert.match(JSON.stringify(refused), /anonymiseret/);
      const still = await stored(w, caseId);
      assert.equal(still.status, 'closed');
      assert.deepEqual(still.work, after.work);

      // The reopened case is untouched.
      const kept = await stored(w, reopened.caseId);
      assert.equal(kept.anonymizedAt, undefined);
      assert.ok(JSON.stringify(kept).includes(other.name));
      assert.equal((await anonymizeAudits(w, reopened.caseId)).length, 0);
    });

    it('two instances sweeping at once: anonymized once, audited once', async () => {
      const reporter = reporterNo(5200);
      const { caseId } = await report(w, reporter, clock, 'Klasseliste med helbredsoplysninger delt i forkert Teams-kanal');
      const closed = await workAndClose(w, caseId);
      const dueAt = addYears(closed.work!.closedAt!, 5);
      const second = await startHarness(w.config, { clock, connector: w.h.connector });
      try {
        clock.set(new Date(dueAt.getTime() + MINUTE));
        const all = await Promise.all([w.h.bot.sweep(clock.now()), second.bot.sweep(clock.now()), w.h.bot.sweep(clock.now()), second.bot.sweep(clock.now())]);
        assert.equal(all.reduce((n, s) => n + s.anonymized, 0), 1, 'one write won');
        assert.ok((await stored(w, caseId)).anonymizedAt);
        assert.equal((await anonymizeAudits(w, caseId)).length, 1);
        // The loser may have left a row for the card update's lease (rows are written before the
        // write they serve); the next sweep past it drops it as stale, and nothing happens twice.
        clock.advance(5 * MINUTE);
        const later = await Promise.all([w.h.bot.sweep(clock.now()), second.bot.sweep(clock.now())]);
        assert.equal(later.reduce((n, s) => n + s.anonymized, 0), 0);
        assert.deepEqual(await rowsFor(w, caseId), []);
        assert.equal((await anonymizeAudits(w, caseId)).length, 1);
      } finally {
        await second.bot.stop();
      }
    });
  });

  describe('drafts', () => {
    const clock = new ControlledClock(new Date('2026-11-23T09:00:00Z'));
    let w: World;
    before(async () => {
      w = await world(clock, 6000);
    });
    after(async () => {
      await w?.h.stop();
    });

    it('a draft untouched for DRAFT_RETENTION_DAYS is deleted; a fresh one, and one touched since, are kept until their own time', async () => {
      const stale = reporterNo(6100);
      const touched = reporterNo(6101);
      const fresh = reporterNo(6102);
      await startDraft(w, stale);
      const touchedForm = await startDraft(w, touched);
      assert.equal((await rowsFor(w, draftEntryId(stale.aadObjectId))).length, 1, 'a due-index row per draft, written when it was created');

      clock.advance(20 * DAY);
      await startDraft(w, fresh);
      // The reporter works on it (a form submit): the draft's updatedAt moves, its row does not (no extra write).
      await w.h.post(execute(touched, w.h.connector.url, 'report.submit', { ...actionData(touchedForm, 'report.submit'), ...values(w, touched, clock, 'Halvfærdig beskrivelse af en fejlsendt mail') }));

      clock.advance(10 * DAY + MINUTE); // 30 days after the first two were created
      const stats = await w.h.bot.sweep(clock.now());
      assert.equal(stats.draftsDeleted, 1);
      assert.equal(await w.h.bot.storage.drafts.get(TENANT, stale.aadObjectId), null, 'stale draft deleted');
      assert.deepEqual(await rowsFor(w, draftEntryId(stale.aadObjectId)), []);
      assert.ok(await w.h.bot.storage.drafts.get(TENANT, touched.aadObjectId), 'touched 10 days ago: kept');
      assert.ok(await w.h.bot.storage.drafts.get(TENANT, fresh.aadObjectId), 'created 10 days ago: kept');
      // The touched draft's row followed it to its own updatedAt + 30 days.
      const moved = await rowsFor(w, draftEntryId(touched.aadObjectId));
      assert.equal(moved.length, 1);
      assert.ok(Date.parse(moved[0].dueAt) > clock.now().getTime());

      clock.advance(20 * DAY);
      const later = await w.h.bot.sweep(clock.now());
      assert.equal(later.draftsDeleted, 2);
      assert.equal(await w.h.bot.storage.drafts.get(TENANT, touched.aadObjectId), null);
      assert.equal(await w.h.bot.storage.drafts.get(TENANT, fresh.aadObjectId), null);

      // A reporter who comes back gets a new draft (and a new row): nothing is stuck.
      await startDraft(w, stale);
      assert.ok(await w.h.bot.storage.drafts.get(TENANT, stale.aadObjectId));
      assert.equal((await rowsFor(w, draftEntryId(stale.aadObjectId))).length, 1);
    });
  });
});
