/**
 * Issue 7, finding 3: CPR numbers in the forms people paste, in every field a person types (the report,
 * the reporter's own fields, coordinator inputs including rejected ones, a unit name), never reach a
 * channel, a thread, the reporter's chat, an invoke answer or the stored case in clear.
 */
import { strict as assert } from 'node:assert';
import { containsCprLike, findCprLike } from '../../src/domain/cpr';
import { startTestStorage, type TestStorage } from '../helpers/azurite';
import { TENANT, channelExecute, channelMessage, execute, message, personalConversationId, teamChannel, user, type TeamChannel, type User } from '../helpers/activities';
import { ControlledClock, startHarness, testConfig, type Harness } from '../helpers/botHarness';
import { actionData, cardText } from '../helpers/cardQueries';

const wide = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
/** The separator forms that got through before (finding 3), and the plain ones. */
const FORMS = [
  (d: string, s: string) => `${d}-${s}`, (d: string, s: string) => `${d}${s}`, (d: string, s: string) => `${d} ${s}`,
  (d: string, s: string) => `${d} - ${s}`, (d: string, s: string) => `${d}- ${s}`, (d: string, s: string) => `${d} -${s}`,
  (d: string, s: string) => `${d}\u2212${s}`, (d: string, s: string) => `${d}\u2013${s}`, (d: string, s: string) => `${d}\u2014${s}`,
  (d: string, s: string) => `${d}\u00AD${s}`, (d: string, s: string) => `${d}\u200B${s}`, (d: string, s: string) => `${d.slice(0, 3)}\u200B${d.slice(3)}-${s}`,
  (d: string, s: string) => `${d}/${s}`, (d: string, s: string) => `${d}.${s}`, (d: string, s: string) => `${d}--${s}`,
  (d: string, s: string) => `${d}_${s}`, (d: string, s: string) => `${d}\t${s}`, (d: string, s: string) => `${d}\n${s}`,
  (d: string, s: string) => `${d}\uFF0D${s}`, (d: string, s: string) => wide(`${d}-${s}`), (d: string, s: string) => `${wide(d)}\uFF0D${wide(s)}`,
];
const DATES = ['010203', '150587', '311299'];
const SERIALS = ['1234', '4321', '9876'];
const written = DATES.flatMap((d, i) => FORMS.map((form) => form(d, SERIALS[i])));

describe('e2e: CPR-like numbers in every form and every field are masked before anything leaves', function () {
  this.timeout(60000);
  let storage: TestStorage;
  let h: Harness;
  const clock = new ControlledClock(new Date('2026-11-23T09:00:00Z'));
  const admin = user(3100, 'Anne Admin');
  const coord = user(3101, 'Karin Koordinator');
  const reporter = user(3102, 'Rita Reporter');
  const central = teamChannel(31, 'Sikkerhedsgruppen');
  const unit = teamChannel(32, 'Skoleområdet');
  const members = (ch: TeamChannel, ...users: User[]) => h.connector.members.set(ch.teamId, users.map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));

  before(async () => {
    storage = await startTestStorage();
    h = await startHarness(testConfig(storage.connectionString, { adminAadIds: [admin.aadObjectId] }), { clock });
    members(central, admin);
    members(unit, coord);
    h.connector.members.set(personalConversationId(reporter), [{ id: reporter.id, aadObjectId: reporter.aadObjectId, name: reporter.name }]);
    await h.post(channelMessage(admin, h.connector.url, central, 'tilmeld central'));
    await h.post(channelMessage(admin, h.connector.url, unit, 'tilmeld Skoler'));
  });
  after(async () => {
    await h?.stop();
    await storage?.close();
  });

  it(`${written.length} written forms × every typed field: 0 in clear in what the bot sent, answered or stored`, async () => {
    const answers: unknown[] = [];
    const post = async (activity: object) => {
      const res = await h.post(activity);
      assert.equal(res.status, 200);
      answers.push(res.body);
      return res.body;
    };
    // A unit name typed with a CPR number in it.
    await post(channelMessage(admin, h.connector.url, unit, `tilmeld Elev ${written[3]}`));

    await post(message(reporter, h.connector.url, 'anmeld'));
    const form = h.connector.sent(personalConversationId(reporter)).at(-1).attachments[0].content;
    const spread = (from: number, n: number) => written.slice(from, from + n).join(' og ');
    const values = {
      reporterName: `Rita ${written[0]}`,
      reporterEmail: 'rita@kommune.example',
      reporterPhone: '010203-1234',
      reporterTitle: `Lærer ${written[1]}`,
      reporterDepartment: `Skole ${written[2]}`,
      reporterCenter: `Center ${written[4]}`,
      unitIds: 'skoler',
      breachTypes: 'confidentiality',
      breachExample: 'wrong_recipient',
      whatHappened: `Brev med ${written.join(', ')} til forkert modtager.`,
      dataKinds: 'names,other',
      dataKindsOther: spread(5, 4),
      personsAffected: '3',
      howHappened: spread(9, 10),
      discoveredDate: '2026-11-23',
      discoveredTime: '08:30',
      ongoing: 'stopped',
      system: spread(19, 5),
      supplierInvolved: 'yes',
      supplierName: `Leverandør ${written[25]}`,
      supplierNotifiedDate: '2026-11-23',
      supplierNotifiedTime: '08:45',
    };
    // A CPR number typed as the phone: masked, and then not a phone number: the form comes back.
    const rejected = (await post(execute(reporter, h.connector.url, 'report.submit', { ...actionData(form, 'report.submit'), ...values }))) as any;
    assert.match(cardText(rejected.value), /Ret de markerede felter/);
    assert.ok(cardText(rejected.value).includes('010203-xxxx'));
    const summary = (await post(execute(reporter, h.connector.url, 'report.submit', { ...actionData(rejected.value, 'report.submit'), ...values, reporterPhone: '+45 12 34 56 78' }))) as any;
    assert.equal(summary.type, 'application/vnd.microsoft.card.adaptive', cardText(summary.value));
    assert.match(cardText(summary.value), /Reporter|Anmelder|ligner et CPR-nummer/);
    const receipt = (await post(execute(reporter, h.connector.url, 'report.confirm', actionData(summary.value, 'report.confirm')))) as any;
    const number = /BV-2026-\d{4}/.exec(cardText(receipt.value))?.[0];
    assert.ok(number, cardText(receipt.value));
    const stored = (await h.bot.storage.cases.findByNumber(TENANT, number))!;
    const thread = stored.value.posts![0];
    assert.ok(thread.threadId, 'case card posted in the unit channel');

    const act = (verb: string, data: Record<string, unknown>) =>
      post(channelExecute(coord, h.connector.url, unit, thread.threadId!, verb, { caseId: stored.value.id, ...data }, thread.activityId!));
    await act('case.acknowledge', {});
    await act('case.addNote', { note: `Talt med borger ${spread(30, 8)}` });
    await act('case.journalize', { sbsysJournalNo: written[40] });
    await act('case.setStopped', { stopped: 'yes', stopHow: spread(41, 6) });
    // Rejected (too short, and no decision): the card echoes the values it was given.
    await act('case.assess', { risk: 'low', justification: written[50] });
    await act('case.assess', { risk: 'low', decision: 'not_notify', justification: `Ingen risiko, ${spread(51, 6)} er internt` });
    await act('case.close', { lessonsLearned: spread(57, 6), feedbackDone: written[20], feedbackPrevention: written[21], closeReason: `Lukkes alligevel: ${spread(58, 6)}` });

    const sent = h.connector.calls.filter((c) => c.method === 'POST' || c.method === 'PUT').map((c) => JSON.stringify(c.body));
    const final = JSON.stringify((await h.bot.storage.cases.get(TENANT, stored.value.id))!.value);
    const leaks = [...sent, ...answers.map((a) => JSON.stringify(a ?? null)), final].flatMap((text) => findCprLike(text).map((m) => m.text));
    assert.deepEqual(leaks, [], 'CPR-like numbers in clear');
    assert.ok(sent.length >= 8, `the bot did send (${sent.length} activities)`);
    assert.ok(final.includes('010203-xxxx') && final.includes('150587-xxxx') && final.includes('311299-xxxx'), 'the masked form is kept');
    assert.equal(containsCprLike(final), false);
  });
});
