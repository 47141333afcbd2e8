import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { cardsDir, renderCard, type CardName } from '../../src/teams/cardRenderer';
import { welcomeView } from '../../src/teams/views/welcomeView';
import { reportFormView } from '../../src/teams/views/reportFormView';
import { reportSummaryView } from '../../src/teams/views/reportSummaryView';
import { receiptView } from '../../src/teams/views/receiptView';
import { staleDraftView } from '../../src/teams/views/staleDraftView';
import { exportLocalView } from '../../src/teams/views/exportLocalView';
import { myCasesView } from '../../src/teams/views/myCasesView';
import { accessReviewView } from '../../src/teams/views/accessReviewView';
import { incidentQuestionView } from '../../src/teams/views/incidentQuestionView';
import { tiedReportView } from '../../src/teams/views/tiedReportView';
import { textOfferView } from '../../src/teams/views/textOfferView';
import { didYouMeanView } from '../../src/teams/views/didYouMeanView';
import { caseRouteView } from '../../src/teams/views/caseRouteView';
import { caseNis2View } from '../../src/teams/views/caseNis2View';
import { apply, hackedCase, MARK } from '../helpers/nis2Case';
import { masked } from '../../src/domain/maskedText';
import { emptyReportValues, pickReportValues } from '../../src/domain/report';
import type { BreachCase, Locale } from '../../src/domain/case';
import { cardProblems } from '../helpers/cardValidation';

const values = pickReportValues({
  reporterName: 'Mette',
  reporterEmail: 'm@k.dk',
  breachTypes: 'confidentiality,availability',
  whatHappened: 'Brev til 010203-1234 sendt forkert',
  dataKinds: 'names,other',
  dataKindsOther: 'sagsnumre',
  personsAffected: '3',
  discoveredDate: '2026-11-20',
  discoveredTime: '08:15',
  ongoing: 'stopped',
  supplierInvolved: 'yes',
  supplierName: 'Leverandør A/S',
  unitIds: 'u1',
});

const breachCase = {
  id: 'c1',
  tenantId: 't',
  number: 'BV-2026-0007',
  status: 'new',
  reportedAt: '2026-11-20T09:00:00Z',
  reporterLocale: 'da',
  report: { unitIds: ['u1'] },
} as unknown as BreachCase;

/** The coordinators' cards have their fixtures in caseTemplates.test.ts. */
const COVERED_ELSEWHERE = ['caseCard', 'caseRecord', 'caseDraft', 'feedback', 'register', 'registerStatistics', 'auditLog']; // the register's: registerTemplates.test.ts; caseRecord: cardBudget.test.ts
COVERED_ELSEWHERE.push('committeeCard'); // test/cards/committeeCard.test.ts (issue 18)

const fixtures: Partial<Record<CardName, (l: Locale) => object[]>> = {
  welcome: (l) => [welcomeView(l)],
  textOffer: (l) => [
    textOfferView({ locale: l, text: masked('Jeg har sendt en mail med en borgers sag (010203-1234) til den forkerte, hvad gør jeg?') }),
    textOfferView({ locale: l, text: masked('hej') }),
    textOfferView({ locale: l, text: masked('Ordet og [et link](https://x.example) '.repeat(200)), notice: 'Kan ikke gemme' }),
  ],
  didYouMean: (l) => [didYouMeanView(l, { command: 'report', word: 'anmeld' })],
  caseRoute: (l) => [
    caseRouteView({ breachCase, units: [{ id: 'u1', name: 'Skoler' }, { id: 'u2', name: 'Børn og Unge' }], locale: l }),
    caseRouteView({ breachCase, units: [{ id: 'u1', name: 'Skoler' }], locale: l, error: { text: 'Vælg fra listen.', field: 'routeUnits' }, chosen: 'u2' }),
    caseRouteView({ breachCase: { ...breachCase, report: { ...breachCase.report, unitIds: ['u1'] } }, units: [{ id: 'u1', name: 'Skoler' }], locale: l }),
  ],
  reportForm: (l) => [
    reportFormView({ locale: l, draftId: 'd', etag: 'W/"x"', values: emptyReportValues(), errors: {}, units: [] }),
    reportFormView({
      locale: l,
      draftId: 'd',
      etag: 'W/"x"',
      values,
      errors: { whatHappened: { code: 'tooLong', limit: 4000 }, personsAffected: { code: 'negative' } },
      units: [{ value: 'u1', title: 'Skoler' }],
      notice: 'note',
    }),
  ],
  reportSummary: (l) => [reportSummaryView({ locale: l, draftId: 'd', etag: 'e', values, cprFound: true, units: [{ value: 'u1', title: 'Skoler' }] })],
  receipt: (l) => [
    receiptView({ ...breachCase, reporterLocale: l }, false, { u1: 'Skoler' }),
    receiptView({ ...breachCase, reporterLocale: l }, true),
    receiptView({ ...breachCase, reporterLocale: l }, false, { u1: 'Skoler' }, { number: 'BV-2026-0009', title: 'Nexus er nede' }),
  ],
  staleDraft: (l) => [staleDraftView(l, values)],
  incidentQuestion: (l) => [
    incidentQuestionView({ locale: l, draftId: 'd', etag: 'W/"x"', incidents: [{ tenantId: 't', caseId: 'c9', number: 'BV-2026-0009', title: 'Nexus er nede', declaredAt: '2026-11-20T09:00:00Z' }] }),
    incidentQuestionView({ locale: l, draftId: 'd', etag: 'W/"x"', notice: 'Fortsat', incidents: [1, 2, 3, 4, 5, 6].map((n) => ({ tenantId: 't', caseId: `c${n}`, number: `BV-2026-000${n}`, title: `Hændelse ${n}`, declaredAt: '' })) }),
  ],
  tiedReport: (l) => [
    tiedReportView({ locale: l, draftId: 'd', etag: 'W/"x"', incidentId: 'c9', title: 'Nexus er nede', values: emptyReportValues(), errors: {}, units: [] }),
    tiedReportView({
      locale: l,
      draftId: 'd',
      etag: 'W/"x"',
      incidentId: 'c9',
      title: 'Nexus er nede',
      values,
      errors: { whatHappened: { code: 'tooShort', limit: 10 }, discoveredTime: { code: 'required' }, unitIds: { code: 'required' } },
      units: [{ value: 'u1', title: 'Skoler' }],
      notice: 'CPR fundet',
    }),
  ],
  exportLocal: (l) => [
    exportLocalView({ locale: l, fileName: 'brudregister-2026.xlsx', description: 'Brudregister 2026: 5 sager.', requestId: '00000000-0000-4000-8000-000000000001', state: 'offered' }),
    exportLocalView({ locale: l, fileName: 'brudregister-2026.xlsx', description: '', requestId: '00000000-0000-4000-8000-000000000001', state: 'ready', rows: 5, url: 'http://127.0.0.1:3978/api/exports/abc' }),
  ],
  accessReview: (l) => [
    accessReviewView({ reviewId: 'r1', units: [{ unitName: 'central', teamName: 'Sikkerhed', channelName: '', members: ['A', 'B'] }, { unitName: 'Skoler', teamName: 'Skole', channelName: 'Brud', members: [] }], reminder: false, dueSince: '2026-01-01T10:00:00Z', locale: l }),
    accessReviewView({ reviewId: 'r1', units: [], reminder: true, dueSince: '2026-01-01T10:00:00Z', locale: l }),
  ],
  myCases: (l) => [myCasesView(l, []), myCasesView(l, [breachCase, { ...breachCase, number: 'BV-2026-0008', status: 'closed' } as BreachCase])],
  // NIS2 (issue 18, part 3): unmarked, marked with reports and a refused save, and closed.
  caseNis2: (l) => {
    const now = new Date('2026-03-05T09:00:00Z');
    const fresh = hackedCase({ discoveredAt: '2026-03-03T08:00:00Z' });
    let marked = apply(fresh, MARK, '2026-03-03T08:30:00Z');
    marked = apply(marked, { type: 'recordNis2Report', kind: 'early_warning', at: '2026-03-04T09:00:00Z', reference: 'VIRK-1', delayReason: 'Vagten fik besked sent.' }, '2026-03-04T09:05:00Z');
    return [
      caseNis2View({ breachCase: fresh, locale: l, now }),
      caseNis2View({ breachCase: marked, locale: l, now, error: { text: 'Skal udfyldes.', field: 'nis2Reference', message: 'Skal udfyldes.' }, values: { nis2Kind: 'notification' } }),
      caseNis2View({ breachCase: { ...marked, status: 'closed' }, locale: l, now }),
    ];
  },
};

function validate(card: object): string[] {
  return cardProblems(card);
}

describe('card templates', () => {
  it('has a fixture for every template in cards/', () => {
    const files = readdirSync(cardsDir()).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    assert.deepEqual(files.sort(), [...Object.keys(fixtures), ...COVERED_ELSEWHERE].sort());
  });

  for (const [name, make] of Object.entries(fixtures) as [CardName, (l: Locale) => object[]][]) {
    for (const locale of ['da', 'en'] as Locale[]) {
      it(`${name} (${locale}) renders to a valid Adaptive Card with no \${ left`, () => {
        for (const data of make(locale)) {
          const card = renderCard(name, data);
          const json = JSON.stringify(card);
          assert.ok(!json.includes('${'), `unbound expression in ${name}: ${json.slice(json.indexOf('${') - 40, json.indexOf('${') + 40)}`);
          assert.equal(card.type, 'AdaptiveCard');
          assert.deepEqual(validate(card), []);
        }
      });
    }
  }

  it('shows errors only where there are errors, and never shows a clear CPR number in the summary', () => {
    const clean = JSON.stringify(renderCard('reportForm', fixtures.reportForm!('da')[0]));
    assert.ok(!clean.includes('Skal udfyldes'));
    const withErrors = JSON.stringify(renderCard('reportForm', fixtures.reportForm!('da')[1]));
    assert.ok(withErrors.includes('Højst 4000 tegn.'));
    assert.ok(withErrors.includes('Antallet kan ikke være negativt.'));
    const summary = JSON.stringify(renderCard('reportSummary', fixtures.reportSummary!('da')[0]));
    assert.ok(summary.includes('010203-xxxx'));
    assert.ok(!summary.includes('010203-1234'));
  });
});
