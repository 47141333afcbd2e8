/**
 * Issue 16, finding 6, in the pure domain: an incident title is shown to every reporter ("Er det om:
 * <title>?"), so a CPR number in it must be masked in every script's digits and with any run of
 * separators, and no control character may reach it. declareIncident is called as the use case calls
 * it, through applyCommand.
 */
import { strict as assert } from 'node:assert';
import type { Person } from '../../src/domain/case';
import { applyCommand, emptyWork, type CommandResult, type WorkContext } from '../../src/domain/caseWork';
import { containsCprLike } from '../../src/domain/cpr';
import { gateCardData } from '../../src/teams/inputGate';

const anna: Person = { aadObjectId: 'aad-anna', teamsUserId: '29:anna', name: 'Anna Koordinator' };
const ctx: WorkContext = { caseNumber: 'BV-2026-0016', discoveredAt: '2026-03-02T08:00:00Z' };
const NOW = new Date('2026-03-02T10:00:00Z');

const declare = (title: unknown): CommandResult => applyCommand(emptyWork(), { type: 'declareIncident', title: title as string }, anna, NOW, ctx);

describe('domain: an incident title is masked in every script and stripped of control characters (issue 16)', () => {
  const cases: { title: string; stored: string; why: string }[] = [
    { title: 'Nexus ٠١٠٢٠٣-١٢٣٤ nede', stored: 'Nexus 010203-xxxx nede', why: 'Arabic-Indic digits' },
    { title: 'Nexus ۰۱۰۲۰۳-۱۲۳۴ nede', stored: 'Nexus 010203-xxxx nede', why: 'Extended Arabic-Indic digits' },
    { title: 'Nexus ०१०२०३-१२३४ nede', stored: 'Nexus 010203-xxxx nede', why: 'Devanagari digits' },
    { title: 'Nexus ๐๑๐๒๐๓ ๑๒๓๔ nede', stored: 'Nexus 010203-xxxx nede', why: 'Thai digits' },
    { title: 'Lukket 110740----7390', stored: 'Lukket 110740-xxxx', why: 'four dashes' },
    { title: 'Lukket 110740 -- -- 7390', stored: 'Lukket 110740-xxxx', why: 'dashes and spaces' },
    { title: 'Nexus\u0000 nede\u0007\u001B[2J\b', stored: 'Nexus nede[2J', why: 'NUL, BEL, ESC and backspace' },
    { title: '\u0007\u0000 Nexus nede \u001B', stored: 'Nexus nede', why: 'controls around the title: trimmed after they are dropped' },
    { title: 'Nexus\u0000 ٠١٠٢٠٣\u0008-\u001B١٢٣٤ nede', stored: 'Nexus 010203-xxxx nede', why: 'controls inside an Arabic-Indic number' },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.title)}: ${c.why}`, () => {
      const r = declare(c.title);
      if (!r.ok) assert.fail(`refused: ${r.error}`);
      assert.equal(r.work.incident!.title, c.stored);
      assert.deepEqual(r.work.timeline.at(-1), { at: NOW.toISOString(), by: anna.name, event: 'incident_declared', title: c.stored });
      assert.equal(containsCprLike(JSON.stringify(r.work)), false, 'no CPR-like number anywhere in the stored work');
      assert.doesNotMatch(r.work.incident!.title, /\p{Cc}/u, 'no control character stored');
    });

    it(`${JSON.stringify(c.title)}: the same through the input gate's card data`, () => {
      const r = declare(gateCardData({ title: c.title }).title);
      if (!r.ok) assert.fail(`refused: ${r.error}`);
      assert.equal(r.work.incident!.title, c.stored);
    });
  }

  it('a title of control characters only is missing, not an empty title; the length limits are on what is stored', () => {
    for (const title of ['\u0000\u0000\u0000\u0000\u0000', '\u0007\u0008\u001B\u0000\u007F\u0085', ' \u0000 \u0000 ']) {
      const r = declare(title);
      assert.ok(!r.ok, JSON.stringify(title));
      assert.equal(r.error, 'required');
      assert.equal(r.field, 'title');
    }
    const short = declare('Nex\u0000\u0000\u0000\u0000');
    assert.ok(!short.ok);
    assert.equal(short.error, 'too_short');
  });
});
