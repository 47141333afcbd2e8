/**
 * Issue 18 part 4: «Systemer og leverandører» on the statistics card: valid, bound, hostile names as text,
 * at most NAMES_ON_CARD per kind (the rest counted), within the card budget however many names there are.
 */
import { strict as assert } from 'node:assert';
import type { StatisticsResult } from '../../src/app/readStatistics';
import type { Locale } from '../../src/domain/case';
import { aliasMap } from '../../src/domain/register/nameAliases';
import { nameKey } from '../../src/domain/register/nameKey';
import { nameStatistics } from '../../src/domain/register/nameStatistics';
import { registerStatistics } from '../../src/domain/register/statistics';
import { CARD_BUDGET_BYTES, utf16Bytes } from '../../src/teams/cardBudget';
import { renderCard } from '../../src/teams/cardRenderer';
import { NAMES_ON_CARD } from '../../src/teams/views/nameStatisticsView';
import { statisticsView } from '../../src/teams/views/statisticsView';
import { cardProblems } from '../helpers/cardValidation';
import { cardText } from '../helpers/cardQueries';

const now = new Date('2026-11-23T09:00:00Z');

function named(n: number, label: string) {
  return Array.from({ length: n }, (_, i) => ({
    number: `BV-2026-${String(i + 1).padStart(4, '0')}`,
    reportedAt: now.toISOString(),
    authorityNotifiedAt: i % 3 === 0 ? now.toISOString() : null,
    deadlineOutcome: (i % 3 === 0 ? 'met' : 'not_required') as 'met' | 'not_required',
    systemKey: nameKey(`${label} ${i % 40}`),
    systemLabel: `${label} ${i % 40}`,
    supplierKey: nameKey(`Leverandør ${i % 25}`),
    supplierLabel: `Leverandør ${i % 25}`,
  }));
}

const result = (names: ReturnType<typeof nameStatistics> | undefined): Extract<StatisticsResult, { kind: 'ok' }> => ({
  kind: 'ok', central: true, unitName: 'central', year: 2026, statistics: registerStatistics([], now), ...(names ? { names } : {}),
});

describe('card: «Systemer og leverandører» in statistik (issue 18 part 4)', () => {
  for (const locale of ['da', 'en'] as Locale[]) {
    it(`renders valid and bound, the most first, the rest counted, within budget (${locale})`, () => {
      const hostile = '[klik](https://evil.example) **KMD** <at>x</at> ${t.title} ' + 'x'.repeat(80);
      const names = nameStatistics(named(400, hostile), aliasMap([]));
      const card = renderCard('registerStatistics', statisticsView({ result: result(names), locale, units: [] }));
      const json = JSON.stringify(card);
      // The typed «${t.title}» stays the reporter's text: shown as it was typed, never evaluated.
      assert.ok(json.includes('${t.title}'), 'a typed expression is text');
      assert.ok(!json.includes('"${'), 'no unbound expression of the template');
      assert.deepEqual(cardProblems(card, { charts: true }), []);
      assert.ok(utf16Bytes(card) <= CARD_BUDGET_BYTES);
      const text = cardText(card);
      assert.match(text, locale === 'da' ? /Systemer og leverandører/ : /Systems and suppliers/);
      assert.ok(!text.includes('](https://evil.example)'), 'a name is text, never a link');
      const facts = (card as any).body.filter((b: any) => b.type === 'FactSet').at(-1).facts;
      assert.equal(facts.length, NAMES_ON_CARD + 1, 'the first names and one line counting the rest');
      assert.match(facts.at(-1).value, /15/);
    });
  }

  it('a year without names says so; a result without the section (an older caller) still renders', () => {
    for (const names of [nameStatistics([], aliasMap([])), undefined]) {
      const card = renderCard('registerStatistics', statisticsView({ result: result(names), locale: 'da', units: [] }));
      assert.deepEqual(cardProblems(card, { charts: true }), []);
      assert.match(cardText(card), /Ingen sager med system eller leverandør i år/);
    }
  });
});
