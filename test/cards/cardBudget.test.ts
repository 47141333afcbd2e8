/**
 * Issue 16, finding 7: every card within the budget (src/teams/cardBudget.ts), measured as Teams
 * measures it (UTF-16), with every card carrying a version and the whole case behind «Vis hele sagen».
 * The end-to-end proof through the real server and a refusing connector is test/e2e/cardBudget.test.ts;
 * here the renderers' rules, case by case, without a server.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cardsDir, fitToBudget, renderCard, type CardName } from '../../src/teams/cardRenderer';
import { renderCaseCard } from '../../src/teams/caseCardRenderer';
import { CARD_BUDGET_BYTES, cutText, MESSAGE_BUDGET_BYTES, offerShorter, TEAMS_MESSAGE_LIMIT_BYTES, utf16Bytes } from '../../src/teams/cardBudget';
import { caseCardView, CASE_CARD_INPUTS, SHORTENING_STEPS } from '../../src/teams/views/caseCardView';
import { caseRecordItems, paginateRecord } from '../../src/teams/views/caseRecordView';
import { reportSummaryView } from '../../src/teams/views/reportSummaryView';
import { feedbackView } from '../../src/teams/views/feedbackView';
import { applyCommand, emptyWork, workContext, WORK_LIMITS, type CaseCommand, type CaseWork } from '../../src/domain/caseWork';
import { LIMITS } from '../../src/domain/reportValidation';
import { pickReportValues } from '../../src/domain/report';
import type { BreachCase, CasePost, CaseStatus, Locale, Person } from '../../src/domain/case';
import { cardProblems } from '../helpers/cardValidation';
import { cardText } from '../helpers/cardQueries';

type Json = Record<string, any>;
const LOCALES: Locale[] = ['da', 'en'];

/** Danish text with what costs the most in JSON and on a card: æøå, quotes, newlines, markdown brackets. */
const PHRASE = 'Æblegrød «citat» og "anførsel" – rødgrød [med] fløde <b> ved åen.\nNy linje: øst for søen, hvor ælling og bæver bor. ';
function long(n: number, tag: string): string {
  let out = `${tag}: `;
  while (out.length < n) out += PHRASE;
  return `${out.slice(0, n - 1)}x`;
}
const line = (n: number, tag: string) => long(n, tag).replace(/\n/g, ' ');

const coordinator: Person = { aadObjectId: 'aad-k', teamsUserId: '29:k', name: line(100, 'Koordinator') };
const DISCOVERED = '2026-11-20T07:15:00Z';
const hoursAfter = (h: number) => new Date(Date.parse(DISCOVERED) + h * 3_600_000);

function walk(node: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(node)) for (const n of node) walk(n, out);
  else if (node !== null && typeof node === 'object') {
    out.push(node as Json);
    for (const v of Object.values(node)) walk(v, out);
  }
  return out;
}
const executes = (card: object) => walk(card).filter((n) => n.type === 'Action.Execute');
const textInputs = (card: object) => walk(card).filter((n) => n.type === 'Input.Text');

/** A case with every field at the length the forms allow, `linked` reports linked to it, `notes` notes. */
function maxedCase(opts: { linked?: number; notes?: number; followUps?: number; close?: boolean; reopen?: boolean; supplierUnanswered?: boolean } = {}): BreachCase {
  const c: BreachCase = {
    id: 'case-max',
    tenantId: 't',
    number: 'BV-2026-0042',
    status: 'new',
    reportedAt: '2026-11-20T07:40:00Z',
    reporter: { aadObjectId: 'aad-r', teamsUserId: '29:r', name: line(100, 'Reporter') },
    reporterAddress: { serviceUrl: 'https://example', conversationId: 'c', tenantId: 't', channelId: 'msteams', botId: 'b', botName: 'Brudvagt' },
    reporterLocale: 'da',
    cprMasked: true,
    report: {
      reporterName: line(LIMITS.name, 'Navn'),
      reporterPhone: '+45 (12) 34 56 78 (90) 12 34 5',
      reporterEmail: `${'r'.repeat(LIMITS.email - 16)}@kommune.example`,
      reporterTitle: line(LIMITS.shortText, 'Titel'),
      reporterDepartment: line(LIMITS.shortText, 'Afdeling'),
      reporterCenter: line(LIMITS.shortText, 'Center'),
      unitIds: Array.from({ length: 10 }, (_, i) => `u${i}`),
      breachTypes: ['confidentiality', 'integrity', 'availability'],
      breachExample: 'wrong_recipient',
      whatHappened: long(LIMITS.whatHappened, 'Hvad'),
      dataKinds: ['names', 'cpr', 'health', 'addresses', 'financial', 'children', 'other'],
      dataKindsOther: line(LIMITS.dataKindsOther, 'Andet'),
      personsAffected: LIMITS.persons,
      howHappened: long(LIMITS.howHappened, 'Hvordan'),
      discoveredAt: DISCOVERED,
      ongoing: 'ongoing',
      system: line(LIMITS.system, 'System'),
      // Unanswered (issue 17, finding 2): the card then carries the form that answers it under «Mere».
      supplierInvolved: opts.supplierUnanswered ? 'unanswered' : 'yes',
      supplierName: opts.supplierUnanswered ? '' : line(LIMITS.system, 'Leverandør'),
      supplierNotifiedAt: opts.supplierUnanswered ? '' : DISCOVERED,
    } as unknown as BreachCase['report'],
    work: emptyWork(),
    posts: Array.from({ length: 10 }, (_, i) => ({ ...post(), unitId: `u${i}`, unitName: line(80, `U${i}`) })),
    linkedFrom: Array.from({ length: opts.linked ?? 0 }, (_, i) => ({
      number: `BV-2026-${String(100 + i).padStart(4, '0')}`,
      at: hoursAfter(2).toISOString(),
      reporterName: line(100, `Linked ${i}`),
      units: [{ id: `u${i % 10}`, name: line(80, `U${i % 10}`) }],
    })),
    schedule: { sent: [], outbox: [] },
  };
  const cmds: CaseCommand[] = [
    { type: 'acknowledge' },
    { type: 'setAware', at: hoursAfter(0.2).toISOString(), reason: long(WORK_LIMITS.reason, 'Bevidst') },
    { type: 'setStopped', stopped: 'yes', stopHow: long(WORK_LIMITS.stopHow, 'Stoppet') },
    {
      type: 'assess',
      risk: 'high',
      decision: 'notify',
      justification: long(WORK_LIMITS.justification, 'Begrundelse'),
      enisa: { dpcBase: 4, dpcAdjust: 1, ei: 1, confidentiality: 0.5, integrity: 0.5, availability: 0.5, malicious: true },
    },
    { type: 'recordAuthorityNotification', kind: 'initial', at: hoursAfter(0.5).toISOString(), reference: line(100, 'Ref'), followUpPending: true, delayReason: long(WORK_LIMITS.delayReason, 'Forsinkelse') },
    ...Array.from({ length: opts.followUps ?? 1 }, (_, i): CaseCommand => ({
      type: 'recordAuthorityNotification',
      kind: 'follow_up',
      at: hoursAfter(0.6).toISOString(),
      reference: line(100, `Ref ${i}`),
      followUpPending: false,
      delayReason: long(WORK_LIMITS.delayReason, `Opfølgning ${i}`),
    })),
    { type: 'recordPersonsNotified', notifiedAt: hoursAfter(0.7).toISOString(), how: long(WORK_LIMITS.how, 'Hvordan underrettet'), count: WORK_LIMITS.persons },
    { type: 'journalize', sbsysJournalNo: `00.01.00-G01-${'1'.repeat(WORK_LIMITS.journalNo - 13)}` },
    ...Array.from({ length: opts.notes ?? 15 }, (_, i): CaseCommand => ({ type: 'addNote', text: long(WORK_LIMITS.note, `Note ${i}`) })),
    { type: 'declareIncident', title: line(WORK_LIMITS.incidentTitle, 'Nexus') },
  ];
  const closing: CaseCommand = {
    type: 'close',
    lessonsLearned: long(WORK_LIMITS.lessons, 'Læring'),
    closeReason: long(WORK_LIMITS.closeReason, 'Lukket alligevel'),
    feedback: {
      done: long(WORK_LIMITS.feedback, 'Gjort'),
      prevention: long(WORK_LIMITS.feedback, 'Forebyggelse'),
      authorityNotified: long(WORK_LIMITS.feedback, 'Datatilsynet'),
      dpoInformed: long(WORK_LIMITS.feedback, 'DPO'),
      personsInformed: long(WORK_LIMITS.feedback, 'Registrerede'),
    },
  };
  if (opts.close || opts.reopen) cmds.push(closing);
  if (opts.reopen) cmds.push({ type: 'reopen', reason: long(WORK_LIMITS.reason, 'Genåbnet') });
  let work: CaseWork = c.work;
  let status: CaseStatus = c.status;
  cmds.forEach((cmd, i) => {
    const r = applyCommand(work, cmd, coordinator, hoursAfter(1 + i * 0.01), workContext(c));
    if (!r.ok) assert.fail(`${cmd.type}: ${r.error} ${r.field ?? ''}`);
    work = r.work;
    status = r.status;
  });
  return { ...c, work, status };
}

function post(): CasePost {
  return {
    unitId: 'u0',
    unitName: line(80, 'U0'),
    channel: { serviceUrl: 'https://example', tenantId: 't', teamId: 'team-1', teamName: 'Team', channelId: '19:c', channelName: 'Brud', botId: 'b' },
    viaCentral: false,
    locale: 'da',
  };
}

/** What a hostile client may send: every input of the card at the input gate's limit (8,000 characters). */
const hostile = Object.fromEntries(CASE_CARD_INPUTS.map((id) => [id, line(8000, id)]));

function checkCaseCard(card: Json, what: string): void {
  const json = JSON.stringify(card);
  assert.ok(!json.includes('${'), `${what}: unbound expression`);
  assert.equal(card.version, '1.5', `${what}: version`);
  assert.ok(utf16Bytes(card) <= CARD_BUDGET_BYTES, `${what}: ${(utf16Bytes(card) / 1024).toFixed(1)} KB`);
  assert.deepEqual(cardProblems(card, { maxActions: 6 }), [], what);
}

describe('card budget (issue 16, finding 7)', () => {
  it('one budget, counted as Teams counts: two bytes per UTF-16 unit of the JSON', () => {
    assert.ok(CARD_BUDGET_BYTES < MESSAGE_BUDGET_BYTES && MESSAGE_BUDGET_BYTES <= 40 * 1024 && MESSAGE_BUDGET_BYTES < TEAMS_MESSAGE_LIMIT_BYTES);
    assert.equal(utf16Bytes('a'), 2, 'a string is measured as it is');
    assert.equal(utf16Bytes({ t: 'æ' }), 2 * '{"t":"æ"}'.length);
    assert.equal(utf16Bytes({ t: '😀' }), 2 * 10, 'an emoji is two UTF-16 units');
    assert.equal(utf16Bytes({ t: 'a\nb' }), 2 * '{"t":"a\\nb"}'.length, 'as JSON: a newline is two characters');
    assert.equal(cutText('abcdef', 10), 'abcdef');
    assert.equal(cutText('abcdef', 4), 'abc…');
    assert.equal(cutText('ab😀cd', 4), 'ab…', 'never half an emoji');
  });

  it('every template in cards/ carries a version (Teams mobile draws no card without one)', () => {
    const files = readdirSync(cardsDir()).filter((f) => f.endsWith('.json'));
    assert.ok(files.length >= 17);
    for (const file of files) {
      const card = JSON.parse(readFileSync(join(cardsDir(), file), 'utf8'));
      assert.equal(card.type, 'AdaptiveCard', file);
      assert.equal(card.version, '1.5', file);
    }
  });

  it('renderCard draws the shorter version a view offers while the card is over the budget', () => {
    const big = (n: number) => ({ t: { title: 'T', thanks: 'x', confidentiality: 'y' }, title: 'Tak', lines: [{ text: 'æ'.repeat(n) }], number: 'BV-2026-0001', confidentiality: 'c' });
    let asked = 0;
    const model = offerShorter(big(30_000), () => {
      asked += 1;
      return big(100);
    });
    const card = renderCard('feedback', model);
    assert.equal(asked, 1);
    assert.ok(utf16Bytes(card) <= CARD_BUDGET_BYTES);
    assert.ok(!cardText(card).includes('…'), 'the shorter version, not the last resort');
    // A card within the budget is not asked.
    renderCard('feedback', offerShorter(big(100), () => assert.fail('asked although within budget')));
    // The view model's own fields do not see the offer.
    assert.deepEqual(Object.keys(model), Object.keys(big(1)));
  });

  it('the last resort cuts the longest texts shown, never a value a form sends back within its limit', () => {
    const card = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: 'x'.repeat(20_000), wrap: true },
        { type: 'FactSet', facts: [{ title: 'Fakta', value: 'y'.repeat(10_000) }] },
        { type: 'Input.Text', id: 'kept', value: 'k'.repeat(1000), maxLength: 1000 },
        { type: 'Input.Text', id: 'over', value: 'o'.repeat(3000), maxLength: 2000 },
        { type: 'TextBlock', text: 'short', wrap: true },
      ],
    };
    const fitted = fitToBudget(card) as Json;
    assert.ok(utf16Bytes(fitted) <= CARD_BUDGET_BYTES);
    assert.ok(fitted.body[0].text.endsWith('…'));
    assert.equal(fitted.body[2].value, 'k'.repeat(1000));
    assert.equal(fitted.body[3].value, 'o'.repeat(2000), 'cut to what the form could send');
    assert.equal(fitted.body[4].text, 'short');
    assert.equal(card.body[0].text!.length, 20_000, 'the card given is left as it was');
  });

  describe('the case card at the forms\' limits', () => {
    const states: [string, () => BreachCase][] = [
      ['open, 15 notes at 2,000 characters, a known incident', () => maxedCase()],
      ['60 linked reports from 10 units, 40 follow-up notifications with delay reasons', () => maxedCase({ linked: 60, followUps: 40, notes: 40 })],
      ['closed with every feedback text', () => maxedCase({ linked: 20, close: true })],
      ['reopened: the close form holds every stored text', () => maxedCase({ linked: 20, reopen: true })],
      ['the supplier question unanswered: its form under «Mere», 60 linked reports, 40 follow-ups', () => ({ ...maxedCase({ linked: 60, followUps: 40, notes: 40, supplierUnanswered: true }), id: 'case-max-u1' })],
      ['the supplier question unanswered, reopened', () => ({ ...maxedCase({ linked: 20, reopen: true, supplierUnanswered: true }), id: 'case-max-u2' })],
    ];
    for (const [what, make] of states) {
      for (const locale of LOCALES) {
        it(`${what} (${locale}): within the budget, valid, «Vis hele sagen» offered; a rejected save with every input at 8,000 characters too`, () => {
          const breachCase = make();
          const now = hoursAfter(30);
          const card = renderCaseCard({ breachCase, post: post(), locale, now }) as Json;
          checkCaseCard(card, what);
          assert.ok(executes(card).some((a) => a.verb === 'case.show' && a.data.part === '1' && a.data.caseId === breachCase.id));
          for (const section of ['assess', 'close', 'more'] as const) {
            const error = { text: long(3000, 'Fejl'), section, field: section === 'close' ? ('lessonsLearned' as const) : undefined, message: 'Højst 4000 tegn.' };
            checkCaseCard(renderCaseCard({ breachCase, post: post(), locale, now, error, values: hostile }) as Json, `${what}, rejected ${section}`);
          }
          // «Afslut hændelsen» pressed: the card asking to confirm stays within the budget and keeps the question.
          const confirming = renderCaseCard({ breachCase, post: post(), locale, now, confirmEndIncident: true }) as Json;
          checkCaseCard(confirming, `${what}, confirming the end of the incident`);
          if (breachCase.work.incident !== null && breachCase.work.incident.endedAt === null && breachCase.status !== 'closed') {
            assert.ok(executes(confirming).some((a) => a.verb === 'case.endIncident' && a.data.confirmed === 'yes'), `${what}: the confirming button is drawn`);
          }
        });
      }
    }

    it('the supplier question unanswered on a case at the limits: the card still asks it under «Mere» (within the budget)', () => {
      for (const locale of LOCALES) {
        // Its own id: the renderer's cache knows a card by the case's id and timeline, not its report.
        const breachCase = { ...maxedCase({ supplierUnanswered: true }), id: 'case-max-unanswered' };
        const card = renderCaseCard({ breachCase, post: post(), locale, now: hoursAfter(30) }) as Json;
        checkCaseCard(card, `unanswered supplier (${locale})`);
        assert.ok(executes(card).some((a) => a.verb === 'case.answerSupplier'), `${locale}: «Gem svar» offered`);
      }
    });

    it('a text sent back by a form is never cut: each input holds its whole value or nothing', () => {
      const breachCase = maxedCase({ reopen: true });
      const w = breachCase.work;
      const whole: Record<string, string> = {
        justification: w.assessment!.justification,
        awareReason: w.awareReason!,
        stopHow: w.stopHow!,
        personsHow: (w.persons as { how: string }).how,
        lessonsLearned: w.lessonsLearned!,
        feedbackDone: w.feedback!.done,
        feedbackPrevention: w.feedback!.prevention,
      };
      for (let step = 0; step < SHORTENING_STEPS.length; step++) {
        const card = renderCard('caseCard', { ...caseCardView({ breachCase, post: post(), locale: 'da', now: hoursAfter(30), step }) }) as Json;
        for (const input of textInputs(card)) {
          if (whole[input.id] !== undefined) assert.ok(input.value === '' || input.value === whole[input.id], `step ${step}: ${input.id} cut`);
        }
      }
      // The steps end in a card that says where the left-out texts are.
      const last = renderCard('caseCard', caseCardView({ breachCase, post: post(), locale: 'da', now: hoursAfter(30), step: SHORTENING_STEPS.length - 1 })) as Json;
      assert.match(cardText(last), /Lange tekster er ikke i felterne her/);
    });

    it('a small case is drawn as it always was: every form closes the others, nothing cut, no «Vis hele sagen»', () => {
      const small = { ...maxedCase({ notes: 0 }) };
      small.report = { ...small.report, whatHappened: 'Et brev blev sendt til en forkert borger.', howHappened: '', reporterTitle: 'Lærer', reporterDepartment: 'Skole', reporterCenter: '', system: '', supplierInvolved: 'no', dataKindsOther: '', reporterName: 'Rita', reporterEmail: 'r@k.dk' };
      small.work = emptyWork();
      small.status = 'new';
      small.posts = [post()];
      const card = renderCaseCard({ breachCase: small, post: post(), locale: 'da', now: hoursAfter(3) }) as Json;
      assert.ok(!executes(card).some((a) => a.verb === 'case.show'), 'nothing to show more of');
      const toggles = (card.actions as Json[]).filter((a) => a.type === 'Action.ToggleVisibility');
      assert.ok(toggles.every((a) => a.targetElements.length > 1), 'a form button closes the others');
      assert.match(cardText(card), /Et brev blev sendt til en forkert borger\./);
    });
  });

  describe('«Vis hele sagen»: the whole case in parts', () => {
    for (const locale of LOCALES) {
      it(`(${locale}) every part within the budget and valid; together they hold every note, text, notification and linked report in full`, () => {
        const breachCase = maxedCase({ linked: 60, followUps: 40, notes: 40, reopen: true });
        const first = renderCaseCard({ breachCase, post: post(), locale, now: hoursAfter(30), part: '1' }) as Json;
        const total = Number(/(\d+)$/.exec(cardText(first).split('\n')[1])?.[1]);
        assert.ok(total > 3, `${total} parts`);
        const parts = Array.from({ length: total }, (_, i) => renderCaseCard({ breachCase, post: post(), locale, now: hoursAfter(30), part: String(i + 1) }) as Json);
        parts.forEach((p, i) => {
          checkCaseCard(p, `part ${i + 1}`);
          const nav = executes(p).map((a) => a.data.part ?? 'back');
          assert.deepEqual(nav, [...(i > 0 ? [String(i)] : []), ...(i + 1 < total ? [String(i + 2)] : []), 'back']);
          for (const a of executes(p)) assert.equal(a.data.caseId, breachCase.id);
        });
        const whole = parts.map((p) => cardText(p)).join('\n').replace(/\u200B/g, '');
        const w = breachCase.work;
        for (const text of [
          ...w.notes.map((n) => n.text),
          ...w.authorityNotifications.map((n) => n.delayReason!),
          breachCase.report.whatHappened,
          breachCase.report.howHappened,
          w.assessment!.justification,
          w.awareReason!,
          w.stopHow!,
          w.lessonsLearned!,
          ...Object.values(w.feedback!),
          ...breachCase.linkedFrom.map((l) => l.number),
          ...breachCase.linkedFrom.map((l) => l.reporterName),
        ]) {
          assert.ok(whole.includes(text), `missing: ${text.slice(0, 50)}…`);
        }
        assert.equal((whole.match(/ · /g) ?? []).length >= w.timeline.length, true);
        // A part beyond the last is the last; one before the first is the first.
        assert.deepEqual(renderCaseCard({ breachCase, post: post(), locale, now: hoursAfter(30), part: String(total + 5) }), parts.at(-1));
        assert.deepEqual(renderCaseCard({ breachCase, post: post(), locale, now: hoursAfter(30), part: 'x' }), parts[0]);
      });
    }

    it('a part that starts inside a section repeats its heading, "(fortsat)"; a heading never ends a part', () => {
      const items = caseRecordItems({ breachCase: maxedCase({ notes: 40 }), post: post(), locale: 'da', now: hoursAfter(30) });
      const parts = paginateRecord(items, 12_000, 'da');
      assert.ok(parts.length > 3);
      for (const [i, p] of parts.entries()) {
        assert.ok(!p.at(-1)!.heading || i === parts.length - 1, `part ${i + 1} ends in a heading`);
        if (i > 0) assert.ok(p[0].heading, `part ${i + 1} starts with a heading`);
      }
      assert.ok(parts.some((p) => /\(fortsat\)$/.test(p[0].label)));
      assert.deepEqual(parts.flat().filter((i) => !/\(fortsat\)$/.test(i.label)), items);
    });
  });

  it('the report summary with every field at its limit and every unit stays within the budget (its values then stay home)', () => {
    const values = pickReportValues({
      reporterName: line(LIMITS.name, 'Navn'),
      reporterEmail: `${'r'.repeat(LIMITS.email - 16)}@kommune.example`,
      reporterPhone: '+45 (12) 34 56 78 (90) 12 34 5',
      reporterTitle: line(LIMITS.shortText, 'Titel'),
      reporterDepartment: line(LIMITS.shortText, 'Afdeling'),
      reporterCenter: line(LIMITS.shortText, 'Center'),
      unitIds: Array.from({ length: 20 }, (_, i) => `u${i}`).join(','),
      breachTypes: 'confidentiality,integrity,availability',
      whatHappened: long(LIMITS.whatHappened, 'Hvad'),
      dataKinds: 'names,cpr,health,addresses,financial,children,other',
      dataKindsOther: line(LIMITS.dataKindsOther, 'Andet'),
      personsAffected: String(LIMITS.persons),
      howHappened: long(LIMITS.howHappened, 'Hvordan'),
      discoveredDate: '2026-11-20',
      discoveredTime: '08:15',
      ongoing: 'ongoing',
      system: line(LIMITS.system, 'System'),
      supplierInvolved: 'yes',
      supplierName: line(LIMITS.system, 'Leverandør'),
    });
    const units = Array.from({ length: 20 }, (_, i) => ({ value: `u${i}`, title: line(80, `Enhed ${i}`) }));
    for (const locale of LOCALES) {
      const card = renderCard('reportSummary', reportSummaryView({ locale, draftId: 'd', etag: 'e', values, cprFound: false, units })) as Json;
      assert.ok(utf16Bytes(card) <= CARD_BUDGET_BYTES, `${(utf16Bytes(card) / 1024).toFixed(1)} KB`);
      assert.equal(executes(card).find((a) => a.verb === 'report.confirm')!.data.values, '', 'the values stay home');
      assert.ok(cardText(card).includes(values.whatHappened.replace(/[\]<]/g, (c) => `${c}\u200B`)), 'the description in full');
    }
    const small = renderCard('reportSummary', reportSummaryView({ locale: 'da', draftId: 'd', etag: 'e', values: pickReportValues({ whatHappened: 'Kort og godt.', howHappened: '' }, values), cprFound: false, units: [] })) as Json;
    assert.notEqual(executes(small).find((a) => a.verb === 'report.confirm')!.data.values, '', 'a card within budget carries its values');
  });

  it('the feedback to a reporter with every text at its limit is within the budget', () => {
    for (const locale of LOCALES) {
      const card = renderCard('feedback' as CardName, feedbackView(maxedCase({ close: true }), locale));
      assert.ok(utf16Bytes(card) <= CARD_BUDGET_BYTES);
      assert.equal(card.version, '1.5');
    }
  });
});
