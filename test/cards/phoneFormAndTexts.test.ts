import { strict as assert } from 'node:assert';
import { formatPersonCount } from '../../src/domain/personsEstimate';
import { emptyReportValues, pickReportValues } from '../../src/domain/report';
import { validateReport } from '../../src/domain/reportValidation';
import { renderCard } from '../../src/teams/cardRenderer';
import { offeredText } from '../../src/teams/fileExport';
import { caseCardView } from '../../src/teams/views/caseCardView';
import { COMPACT_UNITS_ABOVE, LATER_FIELDS, reportFormView } from '../../src/teams/views/reportFormView';
import { timelineText } from '../../src/teams/views/timelineText';
import { validReportValues } from '../helpers/reportValues';
import { after, caseOf, justification } from '../domain/registerFixtures';

type Json = Record<string, unknown>;
const walk = (node: unknown, out: Json[] = []): Json[] => {
  if (Array.isArray(node)) node.forEach((n) => walk(n, out));
  else if (node && typeof node === 'object') {
    out.push(node as Json);
    Object.values(node).forEach((v) => walk(v, out));
  }
  return out;
};
const inputs = (node: unknown) => walk(node).filter((n) => typeof n.type === 'string' && (n.type as string).startsWith('Input.'));

/** Issue 17: the report form on a phone (README, "The report form on a phone"), and finding 8's texts. */
describe('issue 17: the phone form and the smaller texts', () => {
  const units = (k: number) => Array.from({ length: k }, (_, i) => ({ value: `u${i}`, title: `Enhed ${i}` }));
  const form = (k: number, errors = {}) =>
    renderCard('reportForm', reportFormView({ locale: 'da', draftId: 'd', etag: 'W/"x"', values: emptyReportValues(), errors, units: units(k) })) as Json;

  it('the long lists are compact dropdowns; title and department are optional and wait behind «Flere oplysninger»', () => {
    const card = form(3);
    const byId = new Map(inputs(card).map((n) => [n.id as string, n]));
    assert.equal(byId.get('breachTypes')?.style, 'compact');
    assert.equal(byId.get('dataKinds')?.style, 'compact');
    assert.equal(byId.get('breachTypes')?.isMultiSelect, true);
    const more = walk(card).find((n) => n.id === 'moreDetails')!;
    const later = new Set(inputs(more).map((n) => n.id as string));
    for (const field of LATER_FIELDS) assert.ok(later.has(field), `${field} behind «Flere oplysninger»`);
    assert.ok(later.has('reporterTitle') && later.has('reporterDepartment'));
    assert.equal(more.isVisible, false, 'collapsed');
    assert.equal(byId.get('reporterTitle')?.label, 'Stilling', 'no required mark');
    // Every field is still on the form, each once.
    const ids = inputs(card).map((n) => n.id as string);
    assert.equal(new Set(ids).size, ids.length);
    for (const f of ['reporterName', 'reporterEmail', 'reporterPhone', 'reporterCenter', 'unitIds', 'whatHappened', 'personsAffected', 'discoveredDate', 'discoveredTime', 'ongoing', 'supplierNotifiedTime']) {
      assert.ok(ids.includes(f), f);
    }
    const v = pickReportValues({ ...validReportValues(new Date('2026-11-23T09:30:00Z')), reporterTitle: '', reporterDepartment: '' });
    assert.equal(validateReport(v, new Date('2026-11-23T09:30:00Z')).ok, true, 'a first report without title and department');
  });

  it('a few units are boxes to tick; a long list of units is a dropdown', () => {
    const unitsOf = (card: Json) => inputs(card).filter((n) => n.id === 'unitIds');
    const few = unitsOf(form(COMPACT_UNITS_ABOVE));
    assert.equal(few.length, 1);
    assert.equal(few[0].style, 'expanded');
    const many = unitsOf(form(COMPACT_UNITS_ABOVE + 1));
    assert.equal(many.length, 1);
    assert.equal(many[0].style, 'compact');
    assert.equal(many[0].isMultiSelect, true);
  });

  it('an error in a field behind «Flere oplysninger» opens it and sits beside the field', () => {
    const card = form(2, { reporterTitle: { code: 'tooLong', limit: 100 } });
    const more = walk(card).find((n) => n.id === 'moreDetails')!;
    assert.equal(more.isVisible, true);
    const items = more.items as Json[];
    const at = items.findIndex((n) => n.id === 'reporterTitle');
    assert.equal(items[at + 1].text, 'Højst 100 tegn.');
  });

  it('«1 person», «2 personer» / «1 person», «2 persons»: on the case card and in the timeline', () => {
    assert.equal(formatPersonCount(1, 'da'), '1 person');
    assert.equal(formatPersonCount(2, 'da'), '2 personer');
    assert.equal(formatPersonCount(1200, 'da'), '1.200 personer');
    assert.equal(formatPersonCount(1, 'en'), '1 person');
    assert.equal(formatPersonCount(3, 'en'), '3 persons');
    const A = '2026-03-02T08:00:00.000Z';
    for (const [count, da, en] of [
      [1, '1 person', '1 person'],
      [3, '3 personer', '3 persons'],
    ] as const) {
      const c = caseOf({
        id: `p${count}`,
        number: 'BV-2026-0031',
        reportedAt: A,
        steps: [
          [1, { type: 'acknowledge' }],
          [2, { type: 'assess', risk: 'high', decision: 'notify', justification }],
          [3, { type: 'recordPersonsNotified', notifiedAt: after(A, 3), how: 'Brev', count }],
        ],
      });
      const shown = JSON.stringify(renderCard('caseCard', caseCardView({ breachCase: c, locale: 'da', now: new Date(after(A, 4)) })));
      assert.ok(shown.includes(`Brev · ${da}`), `card (da): ${da}`);
      assert.doesNotMatch(shown, /\b1 personer\b/);
      const shownEn = JSON.stringify(renderCard('caseCard', caseCardView({ breachCase: { ...c, reporterLocale: 'en' }, locale: 'en', now: new Date(after(A, 4)) })));
      assert.ok(shownEn.includes(`Brev · ${en}`), `card (en): ${en}`);
      const entry = c.work.timeline.find((e) => e.event === 'persons_notified')!;
      assert.match(timelineText(entry, 'da'), new RegExp(`at de registrerede er underrettet \\(${da}\\)$`));
      assert.match(timelineText(entry, 'en'), new RegExp(`the data subjects were informed \\(${en}\\)$`));
    }
  });

  it('the channel names the button the person will see: «Tillad» in Teams, «Gem filen» in local mode', () => {
    const r = { kind: 'register' as const, fileName: 'brudregister-2026.xlsx' };
    assert.match(offeredText('da', r, 4, false), /Tryk «Tillad» der/);
    assert.match(offeredText('da', r, 4, true), /Tryk «Gem filen» der og derefter «Hent filen»/);
    assert.doesNotMatch(offeredText('da', r, 4, true), /Tillad/);
    assert.match(offeredText('en', { kind: 'audit', fileName: 'x.csv' }, 2, true), /Press "Save the file" there, then "Download the file"/);
    assert.match(offeredText('en', { kind: 'audit', fileName: 'x.csv' }, 2, false), /Press "Allow"/);
  });
});
