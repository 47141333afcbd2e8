import { strict as assert } from 'node:assert';
import type { AuditEntry } from '../../src/app/ports';
import { CASE_VERBS } from '../../src/teams/caseCommandFromCard';
import { auditDa } from '../../src/i18n/auditDa';
import { auditWords } from '../../src/i18n/auditWords';

const row = (action: string, outcome: AuditEntry['outcome'], detail?: string) => ({ action, outcome, ...(detail === undefined ? {} : { detail }) });

/** The wording model of the audit trail (src/i18n/auditWords.ts), on rows as they are stored, old ones too. */
describe('the audit trail in words', () => {
  it('done, tried and rejected, tried and refused', () => {
    assert.deepEqual(auditWords(row('case.close', 'allowed'), 'da'), { what: 'lukkede sagen', outcome: 'udført', done: true });
    assert.deepEqual(auditWords(row('case.close', 'allowed', 'rejected:decision_missing'), 'da'), {
      what: 'forsøgte at lukke sagen',
      outcome: 'afvist: sagen kan ikke lukkes, før risikovurderingen og beslutningen er registreret',
      done: false,
    });
    assert.deepEqual(auditWords(row('case.close', 'refused', 'wrong_team'), 'da'), { what: 'forsøgte at lukke sagen', outcome: 'nægtet: teamet har ikke adgang til sagen', done: false });
    assert.deepEqual(auditWords(row('case.close', 'refused', 'contended'), 'en'), {
      what: 'tried to close the case',
      outcome: 'refused: someone else changed the case at the same time; nothing was saved',
      done: false,
    });
  });

  it('a rejection before the domain names the card field; one whose text needs what the row lacks has words of its own', () => {
    assert.equal(auditWords(row('case.setAware', 'allowed', 'rejected:invalid_instant:awareDate'), 'da').outcome, 'afvist: Kommunens kendskab, dato – ugyldig dato eller ugyldigt klokkeslæt');
    assert.equal(auditWords(row('case.acknowledge', 'allowed', 'rejected:already_owned'), 'da').outcome, 'afvist: sagen var allerede taget af en anden');
    assert.equal(auditWords(row('case.addNote', 'allowed', 'rejected:too_long'), 'en').outcome, 'rejected: the text is too long');
    assert.doesNotMatch(auditWords(row('case.close', 'allowed', 'rejected:close_steps_missing'), 'da').outcome, /\{/);
  });

  it('register and export rows: details that are not reasons are not shown as reasons', () => {
    assert.deepEqual(auditWords(row('register.list', 'allowed', 'status=all year=2026 page=1'), 'da'), { what: 'så registret', outcome: 'udført', done: true });
    assert.equal(auditWords(row('register.export', 'refused', 'failed kind=register year=2026'), 'da').outcome, 'mislykkedes: filen kunne ikke laves eller gemmes');
    assert.equal(auditWords(row('audit.export', 'refused', 'upload_url_refused reason=host host=evil.example'), 'da').outcome, 'nægtet: filen skulle gemmes et sted, Teams ikke anviser');
    assert.equal(auditWords(row('case.read', 'refused'), 'da').outcome, 'nægtet');
  });

  it('a code the table does not know (a newer version, a new reason) is shown as its code, never hidden', () => {
    assert.deepEqual(auditWords(row('case.somethingNew', 'allowed'), 'da'), { what: 'case.somethingNew', outcome: 'udført', done: true });
    assert.deepEqual(auditWords(row('case.somethingNew', 'refused', 'odd_reason'), 'da'), { what: 'forsøgte at case.somethingNew', outcome: 'nægtet: odd_reason', done: false });
    assert.equal(auditWords(row('case.close', 'allowed', 'rejected:brand_new_code'), 'da').outcome, 'afvist: brand_new_code');
  });

  it('every verb of the case card has its words', () => {
    for (const verb of CASE_VERBS) assert.ok((auditDa.actions as Record<string, unknown>)[`case.${verb}`], verb);
  });
});
