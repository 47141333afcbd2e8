import { FIXTURE_CLOSE_REASON } from '../helpers/closeReason';
import { strict as assert } from 'node:assert';
import type { BreachCase, Person } from '../../src/domain/case';
import { applyCommand, emptyWork, workContext, type CaseCommand, type CaseWork } from '../../src/domain/caseWork';
import {
  DATATILSYNET_HEADINGS,
  PERSONS_LETTER_HEADINGS,
  datatilsynetDraft,
  personsLetterDraft,
  reporterFeedback,
} from '../../src/domain/notificationDrafts';

const reporter: Person = { aadObjectId: 'aad-rep', teamsUserId: '29:rep', name: 'Gudrun Skjoldborg' };
const coordinator: Person = { aadObjectId: 'aad-anna', teamsUserId: '29:anna', name: 'Anna Koordinator' };
const org = { controllerName: 'Ishøj Kommune', dpoContact: 'DPO, dpo@kommune.example, 43 00 00 00' };

/** Everything the drafts must never carry: the reporter and the reporter's free text. */
const SECRETS = {
  reporterName: 'Gudrun Skjoldborg',
  reporterEmail: 'gusk@kommune.example',
  reporterPhone: '+45 21 98 76 54',
  reporterTitle: 'Socialrådgiver',
  reporterDepartment: 'Myndighedsafdelingen Vest',
  whatHappened: 'Brevet om Thorvald Brøndumsen blev sendt til naboen Kirsten Ulvedal',
  howHappened: 'Fejl i adressefletning hos Ejvind Quistgaard',
  dataKindsOther: 'Sagsakter om Bodil Krarupgaard',
  cpr: '010203-1234',
};

function makeCase(overrides: Partial<BreachCase['report']> = {}): BreachCase {
  return {
    id: 'draft-1',
    tenantId: 'tenant-1',
    number: 'BV-2026-0042',
    status: 'acknowledged',
    reportedAt: '2026-03-02T08:30:00Z',
    reporter,
    reporterAddress: { serviceUrl: 'https://example', conversationId: 'c', tenantId: 't', channelId: 'msteams', botId: 'b', botName: 'Brudvagt' },
    reporterLocale: 'da',
    cprMasked: false,
    report: {
      reporterName: SECRETS.reporterName,
      reporterPhone: SECRETS.reporterPhone,
      reporterEmail: SECRETS.reporterEmail,
      reporterTitle: SECRETS.reporterTitle,
      reporterDepartment: SECRETS.reporterDepartment,
      reporterCenter: '',
      unitIds: ['social'],
      breachTypes: ['confidentiality'],
      breachExample: 'wrong_recipient',
      whatHappened: `${SECRETS.whatHappened} (${SECRETS.cpr})`,
      dataKinds: ['names', 'cpr', 'health', 'other'],
      dataKindsOther: SECRETS.dataKindsOther,
      personsAffected: 37,
      howHappened: SECRETS.howHappened,
      discoveredAt: '2026-03-02T08:00:00Z',
      ongoing: 'stopped',
      system: 'SBSYS',
      supplierInvolved: 'yes',
      supplierName: 'Leverandør A/S',
      supplierNotifiedAt: '2026-03-02T07:00:00Z',
      ...overrides,
    },
    work: emptyWork(),
    posts: [],
    linkedFrom: [],
    schedule: { sent: [], outbox: [] },
  };
}

function work(c: BreachCase, cmds: CaseCommand[], now = new Date('2026-03-03T12:00:00Z')): CaseWork {
  let w = emptyWork();
  for (const cmd of cmds) {
    const r = applyCommand(w, cmd, coordinator, now, workContext(c));
    if (!r.ok) assert.fail(`${cmd.type}: ${r.error}`);
    w = r.work;
  }
  return w;
}

const assessHigh: CaseCommand = {
  type: 'assess',
  risk: 'high',
  decision: 'notify',
  justification: 'Helbredsoplysninger og CPR-numre til en uvedkommende borger.',
  enisa: { dpcBase: 4, dpcAdjust: 0, ei: 1, confidentiality: 0.25, integrity: 0, availability: 0, malicious: false },
};
const stopped: CaseCommand = { type: 'setStopped', stopped: 'yes', stopHow: 'Modtageren har bekræftet sletning af brevet.' };

function assertNoPersonalData(text: string): void {
  for (const [what, secret] of Object.entries(SECRETS)) {
    assert.ok(!text.includes(secret), `draft contains ${what}: ${secret}`);
  }
  for (const word of ['Thorvald', 'Brøndumsen', 'Ulvedal', 'Quistgaard', 'Krarupgaard', 'Skjoldborg', '1234']) {
    assert.ok(!text.includes(word), `draft contains ${word}`);
  }
}

describe('notificationDrafts: datatilsynetDraft', () => {
  const c = makeCase();
  const scenarios: { why: string; cmds: CaseCommand[]; now: string }[] = [
    { why: 'fresh case, nothing decided', cmds: [], now: '2026-03-02T12:00:00Z' },
    { why: 'assessed and stopped', cmds: [stopped, assessHigh], now: '2026-03-03T12:00:00Z' },
    {
      why: 'notified with follow-up, persons notified',
      cmds: [
        stopped,
        assessHigh,
        { type: 'recordAuthorityNotification', kind: 'initial', at: '2026-03-03T10:00:00Z', reference: 'virk-777', followUpPending: true },
        { type: 'recordPersonsNotified', notifiedAt: '2026-03-03T11:00:00Z', how: 'Digital Post', count: 37 },
      ],
      now: '2026-03-03T12:00:00Z',
    },
  ];
  for (const s of scenarios) {
    it(`${s.why}: four headings, counts, categories, no personal data`, () => {
      const text = datatilsynetDraft(c, work(c, s.cmds), org, new Date(s.now));
      for (const h of Object.values(DATATILSYNET_HEADINGS)) assert.ok(text.includes(h), `missing heading ${h}`);
      const order = Object.values(DATATILSYNET_HEADINGS).map((h) => text.indexOf(h));
      assert.deepEqual([...order].sort((a, b) => a - b), order, 'headings in a–d order');
      assert.match(text, /Omtrentligt antal berørte personer: 37/);
      assert.match(text, /Omtrentligt antal berørte registreringer: \[Udfyld: /);
      assert.match(text, /navne, CPR-numre, helbredsoplysninger/);
      assert.match(text, /andre oplysninger \[Udfyld: angiv hvilke kategorier\]/);
      assert.match(text, /brud på fortroligheden/);
      assert.match(text, /sendt til en forkert modtager/);
      assert.match(text, /Berørt system: SBSYS/);
      assert.ok(text.includes(org.dpoContact));
      assert.ok(text.includes('Ishøj Kommune'));
      assert.match(text, /Foranstaltninger, der var truffet før bruddet/);
      assert.match(text, /Foranstaltninger for at begrænse mulige skadevirkninger/);
      assert.match(text, /Underretning af de registrerede:/);
      assert.match(text, /art\. 33, stk\. 4/);
      assertNoPersonalData(text);
    });
  }

  it('uses the coordinator’s structured fields', () => {
    const w = work(c, scenarios[2].cmds);
    const text = datatilsynetDraft(c, w, org, new Date('2026-03-03T12:00:00Z'));
    // Issue 11: numbers in the reader's locale; the draft is Danish.
    assert.match(text, /Alvorlighed efter ENISA-metoden: 4,25 \(meget høj\)/);
    assert.match(text, /høj risiko/);
    assert.match(text, /Modtageren har bekræftet sletning af brevet\./);
    assert.match(text, /De registrerede \(ca\. 37\) er underrettet 03\.03\.2026 kl\. 12:00\. Måde: Digital Post\./);
    assert.match(text, /Opfølgning på tidligere anmeldelse: virk-777/);
    assert.match(text, /hvilke oplysninger der fortsat mangler/);
  });

  it('the clock: processor notice and deadline in Copenhagen time', () => {
    const text = datatilsynetDraft(c, emptyWork(), org, new Date('2026-03-02T12:00:00Z'));
    assert.match(text, /Databehandleren\/leverandøren underrettede kommunen: 02\.03\.2026 kl\. 08:00/);
    assert.match(text, /Frist for anmeldelse \(72 timer\): 05\.03\.2026 kl\. 08:00/);
    assert.match(text, /regnes fristen fra databehandlerens underretning/);
    assert.ok(!text.includes('Begrundelse for forsinkelse'), 'not late yet');
  });

  it('asks for the reason for delay when drafted after the deadline', () => {
    const text = datatilsynetDraft(c, emptyWork(), org, new Date('2026-03-06T12:00:00Z'));
    assert.match(text, /Begrundelse for forsinkelse: Fristen udløb 05\.03\.2026 kl\. 08:00\. \[Udfyld: /);
  });

  it('carries a recorded delay reason', () => {
    const w = work(
      c,
      [
        {
          type: 'recordAuthorityNotification',
          kind: 'initial',
          at: '2026-03-06T10:00:00Z',
          reference: 'virk-9',
          followUpPending: false,
          delayReason: 'Leverandøren oplyste først omfanget sent.',
        },
      ],
      new Date('2026-03-06T12:00:00Z'),
    );
    const text = datatilsynetDraft(c, w, org, new Date('2026-03-06T12:00:00Z'));
    assert.match(text, /Begrundelse for forsinkelse \(anmeldt efter 72 timer\): Leverandøren oplyste først omfanget sent\./);
  });

  it('a children case says so under categories of persons', () => {
    const kids = makeCase({ dataKinds: ['children'], system: '', supplierInvolved: 'no', supplierName: '', supplierNotifiedAt: '' });
    const text = datatilsynetDraft(kids, emptyWork(), org, new Date('2026-03-02T12:00:00Z'));
    assert.match(text, /herunder børn/);
    assert.match(text, /Berørt system: \[Udfyld: /);
    assert.ok(!text.includes('Databehandler/leverandør:'));
  });
});

describe('notificationDrafts: personsLetterDraft', () => {
  const c = makeCase();
  it('has the Art. 34(2) content, placeholders for the addressee, and no personal data', () => {
    const text = personsLetterDraft(c, work(c, [stopped, assessHigh]), org);
    for (const h of Object.values(PERSONS_LETTER_HEADINGS)) assert.ok(text.includes(h), `missing ${h}`);
    assert.match(text, /^\[Udfyld: modtagerens navn\]/);
    assert.match(text, /sendt til en forkert modtager/);
    assert.match(text, /CPR-nummer/);
    assert.match(text, /Bruddet er stoppet\./);
    assert.ok(text.includes(org.dpoContact));
    assert.match(text, /Datatilsynet/);
    assert.match(text, /02\.03\.2026\./);
    assertNoPersonalData(text);
    assert.ok(!text.includes('Modtageren har bekræftet'), 'internal stop notes stay internal');
  });
});

describe('notificationDrafts: reporterFeedback', () => {
  const c = makeCase();
  const closing: CaseCommand = {
    type: 'close',
    closeReason: FIXTURE_CLOSE_REASON,
    lessonsLearned: 'Adressefletning tjekkes før udsendelse.',
    feedback: {
      done: 'Modtageren har slettet brevet.',
      authorityNotified: '',
      dpoInformed: '',
      personsInformed: '',
      prevention: 'Vi har indført dobbelttjek af adresser.',
    },
  };
  const notified = work(c, [
    stopped,
    assessHigh,
    { type: 'recordAuthorityNotification', kind: 'initial', at: '2026-03-03T10:00:00Z', reference: 'virk-777', followUpPending: false },
    { type: 'recordPersonsNotified', notifiedAt: '2026-03-03T11:00:00Z', how: 'Digital Post', count: 37 },
    { type: 'dpoInformed', at: '2026-03-03T09:00:00Z' },
    closing,
  ]);
  const notNotified = work(c, [
    { type: 'assess', risk: 'none', decision: 'do_not_notify', justification: 'Modtageren er en kollega med adgang.' },
    { ...closing, feedback: { ...(closing as { feedback: object }).feedback, authorityNotified: 'Kollegaen havde i forvejen adgang.' } } as CaseCommand,
  ]);

  const expectations: {
    why: string;
    w: CaseWork;
    locale: 'da' | 'en';
    title: RegExp;
    lines: RegExp[];
  }[] = [
    {
      why: 'notified, da',
      w: notified,
      locale: 'da',
      title: /Tilbagemelding på din anmeldelse BV-2026-0042/,
      lines: [/^Tak for din anmeldelse/, /Det har vi gjort: Modtageren har slettet brevet\./, /anmeldt til Datatilsynet 03\.03\.2026 kl\. 11:00/, /DPO\) er orienteret 03\.03\.2026 kl\. 10:00/, /underrettet 03\.03\.2026 kl\. 12:00/, /dobbelttjek af adresser/],
    },
    {
      why: 'notified, en',
      w: notified,
      locale: 'en',
      title: /Feedback on your report BV-2026-0042/,
      lines: [/^Thank you/, /What we have done: Modtageren/, /reported to Datatilsynet .* on 3 Mar 2026, 11:00/, /was informed on 3 Mar 2026, 10:00/, /were informed on 3 Mar 2026, 12:00/, /does not happen again: Vi har/],
    },
    {
      why: 'not notified, da',
      w: notNotified,
      locale: 'da',
      title: /BV-2026-0042/,
      lines: [/^Tak/, /Det har vi gjort/, /ikke anmeldt til Datatilsynet, fordi .* ikke at indebære en risiko.* Kollegaen havde i forvejen adgang\./, /uden at det er registreret, at .*\(DPO\) er orienteret\. Koordinatoren har begrundet det/, /ikke vurderes at indebære en høj risiko/, /Det gør vi/],
    },
    {
      why: 'not notified, en',
      w: notNotified,
      locale: 'en',
      title: /Feedback/,
      lines: [/^Thank you/, /What we have done/, /not reported to Datatilsynet/, /without a record that .*\(DPO\) was informed/, /not assessed to pose a high risk/, /does not happen again/],
    },
    {
      why: 'open case, da',
      w: emptyWork(),
      locale: 'da',
      title: /BV-2026-0042/,
      lines: [/^Tak/, /under behandling/, /endnu ikke afgjort/, /ikke orienteret/, /endnu ikke afgjort/, /når sagen er afsluttet/],
    },
    {
      why: 'open case, en',
      w: emptyWork(),
      locale: 'en',
      title: /Feedback/,
      lines: [/^Thank you/, /being handled/, /not yet been decided/, /not been informed/, /not yet been decided/, /when the case is closed/],
    },
  ];
  for (const e of expectations) {
    it(`six points in order: ${e.why}`, () => {
      const fb = reporterFeedback(c, e.w, e.locale);
      assert.match(fb.title, e.title);
      assert.equal(fb.lines.length, 6);
      e.lines.forEach((re, i) => assert.match(fb.lines[i], re, `line ${i + 1}: ${fb.lines[i]}`));
    });
  }
});
