/** «Vis hele sagen» and the card's duty lines on a NIS2 case (issue 18, part 3). */
import { strict as assert } from 'node:assert';
import { caseRecordItems } from '../../src/teams/views/caseRecordView';
import { caseCardView } from '../../src/teams/views/caseCardView';
import { apply, hackedCase, MARK } from '../helpers/nis2Case';

describe('cards: a NIS2 case', () => {
  const now = new Date('2026-03-03T10:00:00Z');
  let c = apply(hackedCase({ discoveredAt: '2026-03-03T08:00:00Z' }), MARK, '2026-03-03T08:30:00Z');
  c = apply(c, { type: 'recordNis2Report', kind: 'early_warning', at: '2026-03-03T09:00:00Z', reference: 'VIRK-1' }, '2026-03-03T09:05:00Z');

  it('the whole case («Vis hele sagen») has a NIS2 section: the marking, every duty, the reports', () => {
    const nis2 = caseRecordItems({ breachCase: c, locale: 'en', now }).filter((i) => i.section === 'NIS2' && !i.heading).map((i) => i.text);
    assert.match(nis2[0], /^Marked a significant NIS2 incident/);
    assert.ok(nis2.some((t) => /^NIS2 early warning \(24 h\): met/.test(t)), nis2.join('\n'));
    assert.ok(nis2.some((t) => /^NIS2 incident notification \(72 h\): deadline 6 Mar 2026, 09:00/.test(t)), nis2.join('\n'));
    assert.ok(nis2.some((t) => /^Early warning: 3 Mar 2026, 10:00, receipt VIRK-1/.test(t)), nis2.join('\n'));
  });

  it('the case card lists the duties but Art. 33 (its own box says it), and offers «NIS2 …»', () => {
    const view = caseCardView({ breachCase: c, locale: 'da', now }) as unknown as { duties: { shown: boolean; lines: { text: string }[]; open: string } };
    assert.equal(view.duties.shown, true);
    assert.equal(view.duties.open, 'NIS2 …');
    assert.deepEqual(
      view.duties.lines.map((l) => l.text.split(':')[0]),
      ['NIS2 tidlig varsling (24 t)', 'NIS2 hændelsesunderretning (72 t)', 'NIS2 endelig rapport (1 måned)'],
    );
  });
});
