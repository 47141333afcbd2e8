import { strict as assert } from 'node:assert';
import { privacyProblems } from './helpers/privacyWatch';

// The suite-wide scan (test/helpers/privacyWatch.ts) runs after the last test; this proves it can fail.
describe('privacy scan', () => {
  const typed = new Set(['Et brev blev sendt til den forkede borger']);
  it('finds a CPR number in clear in an outgoing activity, in any pasted form', () => {
    for (const cpr of ['010203-1234', '010203 - 1234', '０１０２０３－１２３４', '010203\u200B1234', '٠١٠٢٠٣-١٢٣٤', '०१०२०३-१२३४', '110740----7390']) {
      assert.equal(privacyProblems([{ where: 'connector', text: JSON.stringify({ text: `sag ${cpr}` }) }], [], typed).length, 1, cpr);
    }
  });
  it('finds typed text and CPR numbers in log lines', () => {
    const problems = privacyProblems([], ['{"event":"x","detail":"Et brev blev sendt til den forkede borger i går"}', '{"event":"y","n":"3112991234"}'], typed);
    assert.equal(problems.length, 2);
  });
  it('finds the serial of a typed number after its date even where the masker would not see a CPR number', () => {
    const leaked = [{ where: 'connector', text: JSON.stringify({ text: 'sag 010203-xxxx1234' }) }];
    assert.equal(privacyProblems(leaked, [], typed).length, 0, 'not CPR-like to the masker');
    assert.equal(privacyProblems(leaked, [], typed, [{ date: '010203', serial: '1234' }]).length, 1);
  });
  it('finds the serial of a typed number sent back in other digits than it was typed in', () => {
    const leaked = [{ where: 'connector', text: JSON.stringify({ text: 'sag ٠١٠٢٠٣-xxxx١٢٣٤' }) }];
    assert.equal(privacyProblems(leaked, [], typed, [{ date: '010203', serial: '1234' }]).length, 1);
  });

  it('passes masked numbers, ids and timestamps', () => {
    const clean = [{ where: 'connector', text: JSON.stringify({ text: 'sag 010203-xxxx', id: '00000000-0000-4000-8000-000000000001', at: '2026-12-01T10:15:30.123Z' }) }];
    assert.deepEqual(privacyProblems(clean, ['{"event":"report.confirm","case":"BV-2026-0001"}'], typed), []);
  });
});
