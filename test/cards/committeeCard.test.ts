/**
 * Issue 18, part 2: the committee's card renders valid in both languages, waiting, decided and after
 * retention; it stays within the card budget with names at their limits; it carries no text of the case
 * beyond the committee's view, and a refused decision keeps the ticks.
 */
import { strict as assert } from 'node:assert';
import type { BreachCase, Locale } from '../../src/domain/case';
import { applyCommand, workContext, type CaseCommand } from '../../src/domain/caseWork';
import { CRISIS_ROLES } from '../../src/domain/committee';
import { CARD_BUDGET_BYTES, utf16Bytes } from '../../src/teams/cardBudget';
import { renderCommitteeCard } from '../../src/teams/committeeCard';
import { cardProblems } from '../helpers/cardValidation';
import { cardText, findInput } from '../helpers/cardQueries';
import { caseOf, justification } from '../domain/registerFixtures';

const REPORTED = '2026-11-23T09:00:00.000Z';
const at = (hours: number) => new Date(Date.parse(REPORTED) + hours * 3_600_000);
const anna = { aadObjectId: 'aad-anna', teamsUserId: '29:anna', name: 'Anna Koordinator' };
const ulla = { aadObjectId: 'aad-ulla', teamsUserId: '29:ulla', name: 'Ulla Udvalg' };

function asked(ownerName = anna.name): BreachCase {
  let c = caseOf({ id: 'cc-1', number: 'BV-2026-0042', reportedAt: REPORTED, units: ['skoler'] });
  const steps: CaseCommand[] = [
    { type: 'acknowledge' },
    { type: 'assess', risk: 'high', decision: 'notify', justification, municipalRisks: ['media', 'reputation', 'economy'], enisa: { dpcBase: 4, dpcAdjust: 0, ei: 1, confidentiality: 0.5, integrity: 0, availability: 0, malicious: false } },
  ];
  for (const [i, step] of steps.entries()) {
    const r = applyCommand(c.work, step, { ...anna, name: ownerName }, at(1 + i), workContext(c));
    assert.ok(r.ok, JSON.stringify(r));
    if (r.ok) c = { ...c, work: r.work, status: r.status };
  }
  return c;
}

function decided(c: BreachCase, convene: boolean): BreachCase {
  const r = applyCommand(c.work, { type: 'decideCrisisCell', convene, roles: convene ? [...CRISIS_ROLES] : [] }, ulla, at(4), workContext(c));
  assert.ok(r.ok);
  return r.ok ? { ...c, work: r.work } : c;
}

function check(card: object, what: string): string {
  const json = JSON.stringify(card);
  assert.ok(!json.includes('${'), `${what}: unbound expression`);
  assert.deepEqual(cardProblems(card), [], what);
  assert.ok(utf16Bytes(card) <= CARD_BUDGET_BYTES, `${what}: ${utf16Bytes(card)} bytes`);
  return json;
}

describe("cards: the information-security committee's card (issue 18)", () => {
  for (const locale of ['da', 'en'] as Locale[]) {
    it(`(${locale}) waiting, convened, not convened and anonymized: valid, within budget, the decision said`, () => {
      const waiting = renderCommitteeCard(asked(), locale, at(2));
      check(waiting, 'waiting');
      assert.equal(CRISIS_ROLES.filter((r) => findInput(waiting, `role_${r}`)?.type === 'Input.Toggle').length, 10);
      assert.match(cardText(waiting), locale === 'da' ? /Udvalget har ikke besluttet endnu/ : /has not decided yet/);
      const convened = renderCommitteeCard(decided(asked(), true), locale, at(5));
      check(convened, 'convened');
      assert.match(cardText(convened), locale === 'da' ? /Krisecelle indkaldt – besluttet af Ulla Udvalg/ : /Crisis cell convened – decided by Ulla Udvalg/);
      assert.equal(findInput(convened, 'role_lawyer')?.value, 'true', 'the ticks of the decision are drawn');
      const no = renderCommitteeCard(decided(asked(), false), locale, at(5));
      check(no, 'not convened');
      assert.match(cardText(no), locale === 'da' ? /Ingen krisecelle/ : /No crisis cell/);
      const gone = renderCommitteeCard({ ...asked(), anonymizedAt: at(9).toISOString() }, locale, at(10));
      check(gone, 'anonymized');
      assert.equal(findInput(gone, 'role_lawyer'), undefined, 'no decision on an anonymized case');
    });
  }

  it('carries none of the report and the coordinators\' texts; names at their limits stay within the budget', () => {
    const c = asked('Å'.repeat(200));
    const json = check(renderCommitteeCard(c, 'da', at(2)), 'long owner name');
    for (const secret of [c.report.whatHappened, c.report.howHappened, c.report.reporterName, c.report.system, justification]) assert.ok(!json.includes(secret), secret);
  });

  it('a refused decision keeps the ticks and says why beside the roles', () => {
    const card = renderCommitteeCard(asked(), 'da', at(2), { error: { text: 'Sæt kryds ved mindst én rolle for at indkalde krisecellen.', roles: true }, values: { role_it_leader: 'true' } });
    check(card, 'refused');
    assert.equal(findInput(card, 'role_it_leader')?.value, 'true');
    assert.equal(findInput(card, 'role_lawyer')?.value, 'false');
    assert.equal((cardText(card).match(/Sæt kryds ved mindst én rolle/g) ?? []).length, 2);
  });
});
