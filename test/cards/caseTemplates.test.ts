import { FIXTURE_CLOSE_REASON } from '../helpers/closeReason';
import { strict as assert } from 'node:assert';
import { renderCard, type CardName } from '../../src/teams/cardRenderer';
import { caseCardView, type CaseCardInput } from '../../src/teams/views/caseCardView';
import { caseDraftView } from '../../src/teams/views/caseDraftView';
import { feedbackView } from '../../src/teams/views/feedbackView';
import { timelineText } from '../../src/teams/views/timelineText';
import { upgradeTimelineEntry } from '../../src/domain/caseUpgrade';
import type { BreachCase, CasePost, CaseStatus, Locale, Person } from '../../src/domain/case';
import {
  applyCommand,
  emptyWork,
  TIMELINE_EVENTS,
  workContext,
  type CaseCommand,
  type CaseWork,
  type DomainErrorCode,
  type TimelineEntry,
} from '../../src/domain/caseWork';
import { datatilsynetDraft, personsLetterDraft } from '../../src/domain/notificationDrafts';
import { caseMessages, domainErrorText } from '../../src/i18n/caseMessages';
import { cardProblems } from '../helpers/cardValidation';

const LOCALES: Locale[] = ['da', 'en'];
const coordinator: Person = { aadObjectId: 'aad-mette', teamsUserId: '29:mette', name: 'Mette Jensen' };
const colleague: Person = { aadObjectId: 'aad-jonas', teamsUserId: '29:jonas', name: 'Jonas Holm' };
const org = { controllerName: 'Ishøj Kommune', dpoContact: 'DPO, dpo@kommune.example' };

const DISCOVERED = '2026-11-20T07:15:00Z'; // 08:15 in Copenhagen
const hoursAfter = (h: number): Date => new Date(Date.parse(DISCOVERED) + h * 3_600_000);

function makeCase(overrides: Partial<BreachCase> = {}, report: Partial<BreachCase['report']> = {}): BreachCase {
  return {
    id: 'case-1',
    tenantId: 'tenant-1',
    number: 'BV-2026-0007',
    status: 'new',
    reportedAt: '2026-11-20T07:40:00Z',
    reporter: { aadObjectId: 'aad-rep', teamsUserId: '29:rep', name: 'Gudrun Skjoldborg' },
    reporterAddress: { serviceUrl: 'https://example', conversationId: 'c', tenantId: 't', channelId: 'msteams', botId: 'b', botName: 'Brudvagt' },
    reporterLocale: 'da',
    cprMasked: true,
    report: {
      reporterName: 'Gudrun Skjoldborg',
      reporterPhone: '+45 21 98 76 54',
      reporterEmail: 'gusk@kommune.example',
      reporterTitle: 'Socialrådgiver',
      reporterDepartment: 'Myndighedsafdelingen',
      reporterCenter: 'Center for Børn og Familie',
      unitIds: ['boern-og-familie'],
      breachTypes: ['confidentiality'],
      breachExample: 'wrong_recipient',
      whatHappened: 'Et brev om en borgers sag (010203-xxxx) blev sendt til en anden borger.',
      dataKinds: ['names', 'health', 'other'],
      dataKindsOther: 'sagsnumre',
      personsAffected: 3,
      howHappened: 'Forkert adresse valgt i fletningen.',
      discoveredAt: DISCOVERED,
      ongoing: 'unknown',
      system: 'SBSYS',
      supplierInvolved: 'no',
      supplierName: '',
      supplierNotifiedAt: '',
      ...report,
    },
    work: emptyWork(),
    posts: [],
    linkedFrom: [],
    schedule: { sent: [], outbox: [] },
    ...overrides,
  };
}

const post = (viaCentral: boolean): CasePost => ({
  unitId: 'boern-og-familie',
  unitName: 'Center for Børn og Familie',
  channel: {
    serviceUrl: 'https://example',
    tenantId: 't',
    teamId: 'team-1',
    teamName: 'Sikkerhed',
    channelId: '19:c',
    channelName: 'Brud',
    botId: 'b',
  },
  viaCentral,
  locale: 'da',
});

/** Applies the commands one hour apart (the domain checks the instants against `now`). */
function withWork(c: BreachCase, cmds: [CaseCommand, Person?][], startHour = 1): BreachCase {
  let work: CaseWork = c.work ?? emptyWork();
  let status: CaseStatus = c.status;
  cmds.forEach(([cmd, actor], i) => {
    const r = applyCommand(work, cmd, actor ?? coordinator, hoursAfter(startHour + i), workContext(c));
    if (!r.ok) assert.fail(`${cmd.type}: ${r.error} ${r.field ?? ''}`);
    work = r.work;
    status = r.status;
  });
  return { ...c, work, status };
}

const fullCommands: [CaseCommand, Person?][] = [
  [{ type: 'acknowledge' }],
  [{ type: 'setAware', at: '2026-11-20T09:00:00+01:00', reason: 'Lederen bekræftede hændelsen kl. 9.' }],
  [{ type: 'setStopped', stopped: 'yes', stopHow: 'Modtageren har slettet brevet.' }],
  [
    {
      type: 'assess',
      risk: 'high',
      decision: 'notify',
      justification: 'Helbredsoplysninger om tre borgere til en uvedkommende.',
      enisa: { dpcBase: 4, dpcAdjust: 0, ei: 0.75, confidentiality: 0.25, integrity: 0, availability: 0, malicious: false },
    },
  ],
  [{ type: 'recordAuthorityNotification', kind: 'initial', at: hoursAfter(5).toISOString(), reference: 'VIRK-12345', followUpPending: true }],
  [{ type: 'recordAuthorityNotification', kind: 'follow_up', at: hoursAfter(6).toISOString(), reference: 'DT-2026-311-0042', followUpPending: false }],
  [{ type: 'recordPersonsExemption', exemption: 'art34_3_b', explanation: 'Modtageren har slettet brevet, og ingen andre har set det.' }],
  [{ type: 'addNote', text: 'Ringede til modtageren, som bekræftede sletningen.' }],
  [{ type: 'journalize', sbsysJournalNo: '00.01.00-G01-12-26' }],
  [{ type: 'link', toCaseNumber: 'BV-2026-0003' }],
  [{ type: 'dpoInformed' }],
];

const newViaCentral = () => ({ breachCase: makeCase(), post: post(true), now: hoursAfter(10) });
const full = () => withWork(makeCase({ linkedFrom: ['BV-2026-0009', 'BV-2026-0011'].map((number) => ({ number, at: '', reporterName: '', units: [] })) }), fullCommands);
const acknowledgedFull = () => ({ breachCase: full(), post: post(false), now: hoursAfter(20) });
const closedCase = () =>
  withWork(
    full(),
    [
      [
        {
          type: 'close',
          closeReason: FIXTURE_CLOSE_REASON,
          lessonsLearned: 'Fletning kræver nu en ekstra kontrol af adressen.',
          feedback: {
            done: 'Modtageren har slettet brevet.',
            authorityNotified: '',
            dpoInformed: '',
            personsInformed: '',
            prevention: 'Vi har indført en ekstra kontrol ved fletning.',
          },
        },
      ],
    ],
    12,
  );
const closed = () => ({ breachCase: closedCase(), post: post(false), now: hoursAfter(30) });
const withError = () => ({
  breachCase: withWork(makeCase(), [[{ type: 'acknowledge' }]]),
  post: post(false),
  now: hoursAfter(3),
  values: {
    risk: 'high',
    dpcBase: '3',
    ei: '0.5',
    malicious: 'true',
    justification: 'kort',
    sbsysJournalNo: 'G01-77',
    awareDate: '2026-11-20',
    awareTime: '09:30',
    handOverTo: 'jonas@kommune.example',
  },
});
const overdue = () => ({ breachCase: makeCase(), post: post(false), now: hoursAfter(80) });
const supplierSchool = () => ({
  breachCase: makeCase(
    {},
    {
      supplierInvolved: 'yes',
      supplierName: 'Skoleportal A/S',
      supplierNotifiedAt: '2026-11-20T10:00:00Z',
      reporterDepartment: 'Strandgårdskolen',
      reporterCenter: '',
      howHappened: '',
    },
  ),
  now: hoursAfter(60),
});

function validate(card: object): string[] {
  // Teams' host config shows up to 6 actions (the library's default is 5).
  return cardProblems(card, { maxActions: 6 });
}

type Json = Record<string, unknown>;

/** Every object in the card (actions in ShowCards, ActionSets, columns, …). */
function walk(node: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(node)) for (const n of node) walk(n, out);
  else if (node !== null && typeof node === 'object') {
    out.push(node as Json);
    for (const v of Object.values(node)) walk(v, out);
  }
  return out;
}

const inputs = (card: object): Map<string, Json> =>
  new Map(walk(card).filter((n) => typeof n.type === 'string' && (n.type as string).startsWith('Input.')).map((n) => [n.id as string, n]));
const executes = (card: object): Json[] => walk(card).filter((n) => n.type === 'Action.Execute');
const texts = (card: object): string => JSON.stringify(card);

function checkCard(name: string, card: Record<string, unknown>, caseId: string): void {
  const json = JSON.stringify(card);
  assert.ok(!json.includes('${'), `unbound expression in ${name}: ${json.slice(json.indexOf('${') - 60, json.indexOf('${') + 60)}`);
  assert.equal(card.type, 'AdaptiveCard');
  assert.deepEqual(validate(card), [], name);
  const actions = (card.actions ?? []) as Json[];
  assert.ok(actions.length <= 6, `${name}: ${actions.length} top-level actions`);
  for (const action of executes(card)) {
    assert.equal((action.data as Json | undefined)?.caseId, caseId, `${name}: ${String(action.verb)} without caseId`);
  }
  const ids = walk(card).filter((n) => typeof n.type === 'string' && (n.type as string).startsWith('Input.')).map((n) => n.id);
  assert.equal(new Set(ids).size, ids.length, `${name}: duplicate input ids`);
}

describe('case card templates', () => {
  const fixtures: Record<string, () => Omit<CaseCardInput, 'locale'>> = {
    'new case via the central channel': newViaCentral,
    'acknowledged case with a full record': acknowledgedFull,
    'closed case': closed,
    'rejected command with submitted values': () => ({ ...withError(), error: { text: domainErrorText({ ok: false, error: 'too_short', field: 'justification', limit: 10 }, 'da') } }),
    'overdue case': overdue,
    // «Beregn forslag» answered (issue 17): the proposal box and its note drawn, the form open.
    'a proposal before the decision': () => ({
      ...withError(),
      proposed: true,
      values: { ...withError().values, dpcAdjust: '0', confidentiality: '0.25', integrity: '0', availability: '0', decision: 'notify' },
    }),
    'supplier case from a school': supplierSchool,
  };

  it('a markdown link typed in a report is shown as text on the coordinators\' card, never as a link', () => {
    const phish = 'Se [Åbn sagen her](https://phish.example/login) og <https://phish.example> samt [x][1]\n\n[1]: https://phish.example';
    const input = { ...newViaCentral(), breachCase: makeCase({}, { whatHappened: phish, howHappened: phish, reporterTitle: phish, reporterName: '[Klik](https://phish.example)' }), locale: 'da' as Locale };
    const card = renderCard('caseCard' as CardName, caseCardView(input));
    const shown = texts(card);
    assert.ok(shown.includes('Åbn sagen her'), 'the text itself is shown');
    assert.doesNotMatch(shown, /\]\(|\]\[|\]:|<https?:/, 'no markdown link form survives');
  });

  for (const [why, make] of Object.entries(fixtures)) {
    for (const locale of LOCALES) {
      it(`caseCard (${locale}): ${why} renders valid, bound, ≤ 6 actions, caseId on every Execute`, () => {
        const input = { ...make(), locale };
        const card = renderCard('caseCard' as CardName, caseCardView(input));
        checkCard(why, card, input.breachCase.id);
        assert.ok(texts(card).includes('BV-2026-0007 · '), 'title with the case number');
      });
    }
  }

  it('a new case: take-the-case first, the central note, the first contact, no close button', () => {
    const card = renderCard('caseCard' as CardName, caseCardView({ ...newViaCentral(), locale: 'da' }));
    const actions = card.actions as Json[];
    assert.equal(actions[0].type, 'Action.Execute');
    assert.equal(actions[0].verb, 'case.acknowledge');
    assert.equal(actions.length, 6);
    assert.ok(!actions.some((a) => a.title === 'Luk sagen'));
    const json = texts(card);
    assert.ok(json.includes('Enheden «Center for Børn og Familie» har ingen koordinatorkanal – sagen er sendt til den centrale kanal.'));
    assert.ok(json.includes('Ring først til systemets leverandør eller IT-afdelingen.'));
    assert.ok(json.includes('ingen – tag sagen'));
    assert.ok(json.includes('Frist for Datatilsynet: 23.11.2026 kl. 08:15 (2 d 14 t)'), json);
    assert.ok(json.includes('Regnet fra opdagelsen'));
    assert.ok(json.includes('Gudrun Skjoldborg · +45 21 98 76 54 · gusk@kommune.example'));
    assert.ok(!json.includes('Seneste hændelser'), 'no timeline yet');
    const style = walk(card).find((n) => n.type === 'Container' && JSON.stringify(n).includes('Frist for'))?.style;
    assert.equal(style, 'emphasis');
  });

  it('a full record: facts, the stored ENISA result, prefilled inputs, the last 5 timeline entries', () => {
    const input = { ...acknowledgedFull(), locale: 'da' as Locale };
    const card = renderCard('caseCard' as CardName, caseCardView(input));
    const json = texts(card);
    const actions = card.actions as Json[];
    assert.deepEqual(
      actions.map((a) => a.type),
      // Issue 11: the forms are body sections toggled open (a rejected save draws its form open).
      Array(6).fill('Action.ToggleVisibility'),
    );
    for (const s of [
      'Anmeldt til Datatilsynet 20.11.2026 kl. 13:15 (ref. VIRK-12345).',
      'Gemt ENISA-vurdering: 3,25 (høj) – forslag: anmeld til Datatilsynet og underret de registrerede.',
      'Høj risiko',
      'Datatilsynet (første anmeldelse)',
      'Datatilsynet (opfølgning)',
      'VIRK-12345 · opfølgning følger',
      'DT-2026-311-0042',
      'Ikke underrettet – art. 34, stk. 3, litra b',
      '00.01.00-G01-12-26',
      'BV-2026-0003',
      'BV-2026-0009, BV-2026-0011',
      'Ringede til modtageren, som bekræftede sletningen.',
      // Issue 11: the reporter's statement beside the coordinator's confirmation.
      'Anmelderen: vidste det ikke · Koordinatoren: bekræftet stoppet – Modtageren har slettet brevet.',
      'Lederen bekræftede hændelsen kl. 9.',
      'Mette Jensen',
      'Et brev om en borgers sag (010203-xxxx)',
    ]) {
      assert.ok(json.includes(s), `missing: ${s}`);
    }
    assert.ok(!json.includes('Frist for Datatilsynet'), 'no countdown once notified');
    const w = input.breachCase.work!;
    assert.ok(w.timeline.length > 7);
    const shown = walk(card).filter((n) => n.type === 'TextBlock' && typeof n.text === 'string' && / · Mette Jensen /.test(n.text as string));
    // Issue 18: the help texts and placeholders give way first (`light`), so this card at its budget keeps its
    // last 5 entries although the assessment asks five more questions.
    assert.equal(shown.length, 5);
    assert.ok(shown[4].text === timelineText(w.timeline[w.timeline.length - 1], 'da', { withDate: true }));
    const i = inputs(card);
    assert.equal(i.get('sbsysJournalNo')?.value, '00.01.00-G01-12-26');
    assert.equal(i.get('risk')?.value, 'high');
    assert.equal(i.get('decision')?.value, 'notify');
    assert.equal(i.get('dpcBase')?.value, '4');
    assert.equal(i.get('ei')?.value, '0.75');
    assert.equal(i.get('awareDate')?.value, '2026-11-20');
    assert.equal(i.get('awareTime')?.value, '09:00');
    assert.equal(i.get('kind')?.value, 'follow_up');
    assert.equal(i.get('exemption')?.value, 'art34_3_b');
    assert.equal(i.get('note')?.value, '');
    const verbs = executes(card).map((a) => a.verb);
    for (const verb of [
      'case.assess',
      'case.proposeAssessment',
      'case.setAware',
      'case.setStopped',
      'case.recordAuthorityNotification',
      'case.draftAuthority',
      'case.recordPersonsNotified',
      'case.recordPersonsExemption',
      'case.draftPersons',
      'case.dpoInformed',
      'case.journalize',
      'case.addNote',
      'case.link',
      'case.handOver',
      'case.close',
    ]) {
      assert.ok(verbs.includes(verb), `missing verb ${verb}`);
    }
  });

  it('the ENISA choices are in numeric order', () => {
    const card = renderCard('caseCard' as CardName, caseCardView({ ...acknowledgedFull(), locale: 'da' }));
    const values = (id: string) => ((inputs(card).get(id)?.choices ?? []) as Json[]).map((c) => c.value);
    assert.deepEqual(values('dpcAdjust'), ['-1', '0', '1']);
    assert.deepEqual(values('ei'), ['0.25', '0.5', '0.75', '1']);
    assert.deepEqual(values('dpcBase'), ['1', '2', '3', '4']);
  });

  it('a closed case: only the reopen action, with a reason (and «Vis hele sagen», which changes nothing)', () => {
    for (const locale of LOCALES) {
      const card = renderCard('caseCard' as CardName, caseCardView({ ...closed(), locale }));
      const actions = card.actions as Json[];
      assert.equal(actions.length, 1);
      assert.equal(actions[0].type, 'Action.ToggleVisibility');
      // More than five timeline entries: the rest is behind «Vis hele sagen» (issue 16, finding 7).
      assert.deepEqual(executes(card).map((a) => [a.verb, (a.data as Json).part ?? '']), [['case.show', '1'], ['case.reopen', '']]);
      assert.ok(inputs(card).has('reopenReason'));
      assert.equal(inputs(card).size, 1);
    }
    const json = texts(renderCard('caseCard' as CardName, caseCardView({ ...closed(), locale: 'da' })));
    assert.ok(json.includes('Fletning kræver nu en ekstra kontrol af adressen.'));
    assert.ok(!json.includes('Stop bruddet'));
  });

  it('a rejected command: the error is shown and the submitted values are kept', () => {
    const error = domainErrorText({ ok: false, error: 'too_short', field: 'justification', limit: 10 }, 'da');
    assert.equal(error, 'Begrundelse: Mindst 10 tegn.');
    const card = renderCard('caseCard' as CardName, caseCardView({ ...withError(), locale: 'da', error: { text: error } }));
    const json = texts(card);
    assert.ok(json.includes('Begrundelse: Mindst 10 tegn.'));
    const box = walk(card).find((n) => n.type === 'Container' && JSON.stringify(n).includes('Mindst 10 tegn'));
    assert.equal(box?.style, 'attention');
    const i = inputs(card);
    for (const [id, value] of Object.entries(withError().values)) assert.equal(i.get(id)?.value, value, id);
    assert.equal(i.get('followUpPending')?.value, 'false');
    assert.equal(i.get('kind')?.value, 'initial');
    // Without an error there is no error box.
    const clean = renderCard('caseCard' as CardName, caseCardView({ ...withError(), locale: 'da' }));
    assert.ok(!texts(clean).includes('Ikke gemt'));
  });

  it('the deadline box turns to attention under 24 hours and when overdue', () => {
    const styleAt = (h: number, locale: Locale = 'da') => {
      const card = renderCard('caseCard' as CardName, caseCardView({ breachCase: makeCase(), now: hoursAfter(h), locale }));
      const box = walk(card).find((n) => n.type === 'Container' && JSON.stringify(n).includes(locale === 'da' ? 'Frist for' : 'Deadline for'));
      return { style: box?.style, text: JSON.stringify(box) };
    };
    assert.equal(styleAt(47).style, 'emphasis');
    assert.equal(styleAt(49).style, 'attention');
    const late = styleAt(80);
    assert.equal(late.style, 'attention');
    assert.ok(late.text.includes('overskredet med 8 t'), late.text);
    assert.ok(styleAt(80, 'en').text.includes('overdue by 8 h'));
  });

  it('a supplier’s breach counts from the supplier’s notice; a school calls school IT', () => {
    const json = texts(renderCard('caseCard' as CardName, caseCardView({ ...supplierSchool(), locale: 'da' })));
    assert.ok(json.includes('Regnet fra leverandørens besked.'));
    assert.ok(json.includes('Frist for Datatilsynet: 23.11.2026 kl. 11:00'));
    assert.ok(json.includes('Skoleportal A/S, gav besked 20.11.2026 kl. 11:00'));
    assert.ok(json.includes('Ring først til skole-IT.'));
    assert.ok(json.includes('Enhed'), 'units fall back to the report’s unit ids');
    assert.ok(json.includes('boern-og-familie'));
  });

  it('a decision not to notify replaces the countdown', () => {
    const c = withWork(makeCase(), [
      [{ type: 'assess', risk: 'none', decision: 'do_not_notify', justification: 'Brevet var krypteret og er slettet ulæst.' }],
    ]);
    const json = texts(renderCard('caseCard' as CardName, caseCardView({ breachCase: c, locale: 'da', now: hoursAfter(100) })));
    assert.ok(json.includes('Anmeldes ikke til Datatilsynet: besluttet 20.11.2026 kl. 09:15 af Mette Jensen.'), json);
    assert.ok(!json.includes('overskredet'));
  });
});

describe('case draft and feedback templates', () => {
  for (const locale of LOCALES) {
    it(`caseDraft (${locale}) renders valid for both kinds, with the text in a copyable input`, () => {
      const c = full();
      for (const kind of ['authority', 'persons'] as const) {
        const text = kind === 'authority' ? datatilsynetDraft(c, c.work!, org, hoursAfter(20)) : personsLetterDraft(c, c.work!, org);
        const card = renderCard('caseDraft' as CardName, caseDraftView({ breachCase: c, kind, text, locale }));
        checkCard(`caseDraft ${kind}`, card, c.id);
        const input = inputs(card).get('draftText');
        assert.equal(input?.value, text);
        assert.equal(input?.isMultiline, true);
        assert.deepEqual(executes(card).map((a) => a.verb), ['case.show']);
        assert.ok(texts(card).includes('BV-2026-0007'));
      }
    });

    it(`feedback (${locale}) renders valid with six points, the case number and the confidentiality reminder`, () => {
      for (const c of [closedCase(), makeCase()]) {
        const card = renderCard('feedback' as CardName, feedbackView(c, locale));
        checkCard('feedback', card, c.id);
        const blocks = walk(card).filter((n) => n.type === 'TextBlock');
        assert.equal(blocks.length, 1 + 6 + 1);
        assert.ok(texts(card).includes('BV-2026-0007'));
      }
      const json = texts(renderCard('feedback' as CardName, feedbackView(closedCase(), locale)));
      assert.ok(json.includes('Vi har indført en ekstra kontrol ved fletning.'));
      assert.ok(json.includes(locale === 'da' ? 'tavshedspligt' : 'duty of confidentiality'));
    });
  }
});

describe('timelineText', () => {
  // Every event in the old stored form (a `detail` string), read as storage reads it: through the upgrade.
  const details: Record<(typeof TIMELINE_EVENTS)[number], string | undefined> = {
    acknowledged: undefined,
    handed_over: 'Jonas Holm',
    aware_set: '2026-11-20T08:00:00.000Z',
    stopped_set: 'yes',
    assessed: 'risk=high decision=notify enisa=3.25/high',
    authority_notified: 'initial VIRK-12345',
    persons_notified: '37',
    persons_exempted: 'art34_3_a',
    dpo_informed: '2026-11-20T12:00:00.000Z',
    journalized: '00.01.00-G01-12-26',
    note_added: undefined,
    linked: 'BV-2026-0003',
    // Written only in the structured form (issue 10): no old string form exists.
    incident_declared: undefined,
    incident_ended: undefined,
    // Written only in the structured form (issue 17).
    routed: undefined,
    supplier_answered: undefined,
    closed: undefined,
    reopened: 'Ny oplysning fra leverandøren',
    // Written only in the structured form (issue 18, NIS2).
    nis2_marked: undefined,
    nis2_unmarked: undefined,
    nis2_reported: undefined,
    crisis_cell_decided: undefined,
  };
  const structured: Partial<Record<(typeof TIMELINE_EVENTS)[number], object>> = { incident_declared: { title: 'Nexus er nede' }, routed: { units: ['Skoler', 'Børn og Unge'] }, supplier_answered: { involved: 'yes', notifiedAt: '2026-11-20T10:00:00.000Z' }, nis2_reported: { kind: 'early_warning', reference: 'VIRK-777' } };
  structured.crisis_cell_decided = { convene: true, roles: ['it_leader', 'lawyer'] };

  it('covers every event in both locales, with no code or placeholder left', () => {
    for (const event of TIMELINE_EVENTS) {
      const entry: TimelineEntry = upgradeTimelineEntry({ at: '2026-11-20T13:05:00Z', by: 'Mette Jensen', event, ...(details[event] ? { detail: details[event] } : {}), ...(structured[event] ?? {}) });
      const da = timelineText(entry, 'da');
      const en = timelineText(entry, 'en');
      for (const text of [da, en]) {
        assert.ok(text.startsWith('14:05 · Mette Jensen '), text);
        assert.ok(!/[{}]/.test(text), text);
        assert.ok(!/\w_\w/.test(text), `${event} untranslated: ${text}`);
        assert.ok(!/risk=|decision=|art34_3|initial VIRK|\.000Z/.test(text), `raw detail: ${text}`);
      }
      assert.notEqual(da, en, event);
    }
  });

  it('reads naturally', () => {
    assert.equal(timelineText({ at: '2026-11-20T13:05:00Z', by: 'Mette Jensen', event: 'acknowledged' }, 'da'), '14:05 · Mette Jensen tog sagen');
    assert.equal(
      timelineText({ at: '2026-11-20T13:05:00Z', by: 'Mette Jensen', event: 'assessed', risk: 'high', decision: 'notify', enisa: { score: 3.25, band: 'high' } }, 'da'),
      '14:05 · Mette Jensen vurderede risikoen: Høj risiko, anmeldes, ENISA 3,25 (høj)',
    );
    assert.equal(
      timelineText({ at: '2026-11-20T13:05:00Z', by: 'Mette Jensen', event: 'handed_over', to: colleague.name }, 'en', { withDate: true }),
      '20 Nov 2026, 14:05 · Mette Jensen handed the case over to Jonas Holm',
    );
    assert.equal(
      timelineText({ at: '2026-11-20T13:05:00Z', by: 'Mette Jensen', event: 'acknowledged', implicit: true }, 'da'),
      '14:05 · Mette Jensen tog sagen ved sin første registrering',
    );
  });
});

describe('case messages', () => {
  it('every domain error has a text in both locales, placeholders filled', () => {
    const codes = Object.keys(caseMessages('da').errors) as DomainErrorCode[];
    assert.deepEqual(Object.keys(caseMessages('en').errors).sort(), [...codes].sort());
    for (const locale of LOCALES) {
      for (const code of codes) {
        const text = domainErrorText({ ok: false, error: code, limit: 10, owner: colleague }, locale);
        assert.ok(text.length > 0 && !/[{}]/.test(text), `${locale} ${code}: ${text}`);
      }
    }
    assert.equal(domainErrorText({ ok: false, error: 'already_owned', owner: colleague }, 'da'), 'Sagen er allerede taget af Jonas Holm.');
  });
});
