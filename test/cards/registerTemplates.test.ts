import { strict as assert } from 'node:assert';
import type { ListRegisterResult } from '../../src/app/listRegister';
import type { AuditTrailResult } from '../../src/app/readAuditTrail';
import type { StatisticsResult } from '../../src/app/readStatistics';
import type { Locale } from '../../src/domain/case';
import { registerRecord, registerSummary } from '../../src/domain/register/record';
import { registerStatistics } from '../../src/domain/register/statistics';
import { renderCard, type CardName } from '../../src/teams/cardRenderer';
import { decodeCursor, encodeCursor } from '../../src/teams/registerCursor';
import { auditLogView } from '../../src/teams/views/auditLogView';
import { registerView } from '../../src/teams/views/registerView';
import { statisticsView } from '../../src/teams/views/statisticsView';
import { masked } from '../../src/domain/maskedText';
import { maskCpr } from '../../src/domain/cpr';
import { KNOWN_NOW, knownYear } from '../domain/registerFixtures';
import { cardProblems } from '../helpers/cardValidation';
import { cardText } from '../helpers/cardQueries';
import { CARD_BUDGET_BYTES, utf16Bytes } from '../../src/teams/cardBudget';

const now = new Date(KNOWN_NOW);
const rows = knownYear().map((c) => registerSummary(registerRecord(c, now)));
const units = [{ id: 'skoler', name: 'Skoler' }, { id: 'vej', name: 'Vej og Park' }];

const listed = (central: boolean, next = true): Extract<ListRegisterResult, { kind: 'ok' }> => ({
  kind: 'ok', central, unitName: central ? 'central' : 'Skoler', units: central ? units : [],
  filter: { status: 'all', year: 2026, ...(central ? { unitId: 'vej' } : {}), notified: true }, rows, page: 2, ...(next ? { next: { open: 2, closed: '*|c|0008222680000000|ka', page: 3 } } : {}),
});
const stats: Extract<StatisticsResult, { kind: 'ok' }> = { kind: 'ok', central: true, unitName: 'central', year: 2026, statistics: registerStatistics(rows, now) };
const trail: Extract<AuditTrailResult, { kind: 'ok' }> = {
  kind: 'ok', caseId: 'ka', number: 'BV-2026-0001', page: 1, pages: 2, total: 30,
  entries: [{ at: '2026-03-02T09:00:00Z', tenantId: 't', actorAadId: 'a', actorName: 'Anna [x](https://evil)', action: 'case.read', caseId: 'ka', outcome: 'refused', detail: 'not_member' }],
};

function validate(card: object): string[] {
  return cardProblems(card, { charts: true });
}

const fixtures: [CardName, (l: Locale) => object][] = [
  ['register', (l) => registerView({ result: listed(true), locale: l, now })],
  ['register', (l) => registerView({ result: listed(false, false), locale: l, now })],
  ['register', (l) => registerView({ result: { ...listed(true, false), rows: [], page: 1 }, locale: l, now })],
  ['registerStatistics', (l) => statisticsView({ result: stats, locale: l, units })],
  ['registerStatistics', (l) => statisticsView({ result: { ...stats, central: false, unitName: 'Skoler', statistics: registerStatistics([], now) }, locale: l, units })],
  ['auditLog', (l) => auditLogView({ result: trail, locale: l })],
];

describe('register card templates', () => {
  for (const [i, [name, make]] of fixtures.entries()) {
    for (const locale of ['da', 'en'] as Locale[]) {
      it(`${name} #${i} (${locale}) renders to a valid Adaptive Card with no \${ left`, () => {
        const card = renderCard(name, make(locale));
        const json = JSON.stringify(card);
        assert.ok(!json.includes('${'), `unbound expression in ${name}: ${json.slice(json.indexOf('${') - 40, json.indexOf('${') + 40)}`);
        assert.deepEqual(validate(card), []);
      });
    }
  }

  it('the register card: filters as inputs with the chosen values, a case.show button per row, paging', () => {
    const card = renderCard('register', registerView({ result: listed(true), locale: 'da', now })) as any;
    const json = JSON.stringify(card);
    const inputs = JSON.stringify(card.body[2]);
    for (const id of ['status', 'year', 'unit', 'notified']) assert.ok(inputs.includes(`"id":"${id}"`), id);
    assert.ok(inputs.includes('"value":"vej"') && inputs.includes('"value":"yes"'));
    assert.equal((json.match(/"verb":"case.show"/g) ?? []).length, rows.length);
    assert.ok(json.includes('"caseId":"ka"'));
    assert.deepEqual(card.actions.map((a: any) => a.verb), ['register.list', 'register.list']);
    // A unit channel has no unit filter.
    const unit = JSON.stringify(renderCard('register', registerView({ result: listed(false), locale: 'da', now })));
    assert.ok(!unit.includes('"id":"unit"'));
  });

  it('every chart has a fallback and the same figures as facts beside it', () => {
    const card = renderCard('registerStatistics', statisticsView({ result: stats, locale: 'da', units })) as any;
    const charts = card.body.filter((e: any) => String(e.type).startsWith('Chart.'));
    assert.deepEqual(charts.map((c: any) => c.type), ['Chart.VerticalBar', 'Chart.Donut', 'Chart.Gauge']);
    for (const c of charts) assert.ok(c.fallback, c.type);
    assert.deepEqual(charts[0].data.slice(2, 5), [{ x: 'mar', y: 2 }, { x: 'apr', y: 1 }, { x: 'maj', y: 2 }]);
    assert.equal(charts[2].value, 67);
    const facts = JSON.stringify(card.body.filter((e: any) => e.type === 'FactSet'));
    for (const f of ['"Anmeldelser i alt","value":"5"', '"Andel anmeldt inden for 72 timer","value":"67 %"', '"Frist overskredet nu","value":"1"', '"Median timer til sagen blev taget","value":"1,5 t"']) {
      assert.ok(facts.includes(f), f);
    }
  });

  it('the audit trail shows names as text, never as links', () => {
    const json = JSON.stringify(renderCard('auditLog', auditLogView({ result: trail, locale: 'da' })));
    assert.ok(!json.includes('[x](https://evil)'));
    assert.ok(json.includes('02.03.2026 kl. 10:00'));
  });

  it('a full page of cases for many units with long names stays within the card budget, each row keeping its line (issue 17)', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ id: `u${i}`, name: `U${i} Center for Børn, Unge og Familier, Afdeling for Myndighed og Forebyggelse ${i}`.slice(0, 80) }));
    const long = (i: number) => ({ ...rows[i % rows.length], caseId: `c${i}`, number: `BV-2026-${String(i + 1).padStart(4, '0')}`, units: many.map((u) => u.id), headline: 'Æ'.repeat(79) + '…' });
    const result = { ...listed(true), units: many, rows: Array.from({ length: 20 }, (_, i) => long(i)) };
    const card = renderCard('register', registerView({ result, locale: 'da', now, at: { open: 20, page: 2 } })) as any;
    assert.ok(utf16Bytes(card) <= CARD_BUDGET_BYTES, `${utf16Bytes(card)} bytes`);
    const text = cardText(card);
    assert.equal((text.match(/Æ{30,}/g) ?? []).length, 20, 'every row keeps a line of what happened');
    assert.equal((JSON.stringify(card).match(/"fromList":"1","cursor":"[a-p]*"/g) ?? []).length, 20, 'every row leads back to the list');
    // With a few units, every row leads back to this very page.
    const few = renderCard('register', registerView({ result: { ...result, units: many.slice(0, 3), rows: result.rows.map((r) => ({ ...r, units: ['u0', 'u1', 'u2'] })) }, locale: 'da', now, at: { open: 20, page: 2 } }));
    assert.ok(utf16Bytes(few) <= CARD_BUDGET_BYTES);
    assert.equal((JSON.stringify(few).match(/"fromList":"1","cursor":"[a-p]+"/g) ?? []).length, 20, 'every row leads back to this page');
    assert.equal((cardText(few).match(/Æ{79}…/g) ?? []).length, 20, 'and keeps its whole line');
    // The first, fullest drawing names three units and how many more.
    const full = registerView({ result: { ...result, rows: result.rows.slice(0, 1) }, locale: 'da', now });
    assert.match(full.rows[0].line, /U0 .*, U1 .*, U2 .* \+ 27 flere · /);
  });

  it('the paging cursor survives the input gate: letters only, and anything else is the first page', () => {
    const cursor = { open: 20, closed: '*|c|0008222680000000|a-b', page: 2 };
    const text = encodeCursor(cursor);
    assert.match(text, /^[a-p]+$/);
    assert.equal(maskCpr(text), text);
    assert.deepEqual(decodeCursor(masked(text)), cursor);
    for (const bad of ['', 'xyz', 'abc', encodeCursor({ open: -1, page: 1 })]) assert.equal(decodeCursor(masked(bad)), undefined);
  });
});
