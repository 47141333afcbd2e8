/**
 * Issue 17, finding 4: the bot proposes, the coordinator decides. The band → proposal table, its
 * agreement with the text stored with the ENISA result, and the preselection the form gets.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Person } from '../../src/domain/case';
import { applyCommand, emptyWork, RISK_LEVELS, type RiskLevel, type WorkContext } from '../../src/domain/caseWork';
import { PROPOSAL_OF_BAND, proposeAssessment } from '../../src/domain/caseWork/proposal';
import { enisaScore, type EnisaInput, type SeverityBand } from '../../src/domain/enisa';

const base: EnisaInput = { dpcBase: 1, dpcAdjust: 0, ei: 1, confidentiality: 0, integrity: 0, availability: 0, malicious: false };

describe('domain: the assessment proposal (band → risk and decision)', () => {
  const table: { input: Partial<EnisaInput>; score: number; band: SeverityBand; risk: RiskLevel; decision: string; persons: boolean }[] = [
    { input: { dpcBase: 1, ei: 0.25 }, score: 0.25, band: 'low', risk: 'none', decision: 'do_not_notify', persons: false },
    { input: { dpcBase: 1, ei: 1, availability: 0.5, integrity: 0.25 }, score: 1.75, band: 'low', risk: 'none', decision: 'do_not_notify', persons: false },
    { input: { dpcBase: 2, ei: 1 }, score: 2, band: 'medium', risk: 'risk', decision: 'notify', persons: false },
    { input: { dpcBase: 2, ei: 1, confidentiality: 0.5, integrity: 0.25 }, score: 2.75, band: 'medium', risk: 'risk', decision: 'notify', persons: false },
    { input: { dpcBase: 3, ei: 1 }, score: 3, band: 'high', risk: 'high', decision: 'notify', persons: true },
    { input: { dpcBase: 3, ei: 1, confidentiality: 0.25 }, score: 3.25, band: 'high', risk: 'high', decision: 'notify', persons: true },
    { input: { dpcBase: 4, ei: 1 }, score: 4, band: 'very_high', risk: 'high', decision: 'notify', persons: true },
    { input: { dpcBase: 4, dpcAdjust: 1, ei: 1, confidentiality: 0.5, integrity: 0.5, availability: 0.5, malicious: true }, score: 6, band: 'very_high', risk: 'high', decision: 'notify', persons: true },
  ];
  for (const row of table) {
    it(`${row.score} (${row.band}) → ${row.risk}, ${row.decision}${row.persons ? ' + persons' : ''}`, () => {
      const p = proposeAssessment({ ...base, ...row.input });
      assert.equal(p.result.score, row.score);
      assert.equal(p.result.band, row.band);
      assert.deepEqual(p.proposal, { risk: row.risk, decision: row.decision, notifyPersons: row.persons });
      assert.deepEqual(p.preselect, { risk: row.risk, decision: row.decision });
    });
  }

  it('agrees with the proposal text stored with the ENISA result, band by band', () => {
    const said = { no_notification: ['do_not_notify', false], notify_authority: ['notify', false], notify_authority_and_persons: ['notify', true] } as const;
    for (const row of table) {
      const stored = enisaScore({ ...base, ...row.input }).proposal;
      const p = PROPOSAL_OF_BAND[row.band];
      assert.deepEqual([p.decision, p.notifyPersons], said[stored], row.band);
    }
  });

  it('a risk the coordinator chose is kept, and the decision preselected is one that risk allows', () => {
    const low = { ...base, ei: 0.25 } as EnisaInput;
    assert.deepEqual(proposeAssessment(low, 'risk').preselect, { risk: 'risk', decision: 'notify' });
    assert.deepEqual(proposeAssessment(low, 'none').preselect, { risk: 'none', decision: 'do_not_notify' });
    assert.deepEqual(proposeAssessment({ ...base, dpcBase: 4 }, 'none').preselect, { risk: 'none', decision: 'notify' });
  });

  it('property: assess never refuses the preselected risk and decision, whatever the inputs and the risk kept', () => {
    const anna: Person = { aadObjectId: 'aad-anna', teamsUserId: '29:anna', name: 'Anna' };
    const ctx: WorkContext = { caseNumber: 'BV-2026-0001', discoveredAt: '2026-03-02T08:00:00Z' };
    const input = fc.record({
      dpcBase: fc.constantFrom(1, 2, 3, 4),
      dpcAdjust: fc.constantFrom(-1, 0, 1),
      ei: fc.constantFrom(0.25, 0.5, 0.75, 1),
      confidentiality: fc.constantFrom(0, 0.25, 0.5),
      integrity: fc.constantFrom(0, 0.25, 0.5),
      availability: fc.constantFrom(0, 0.25, 0.5),
      malicious: fc.boolean(),
    }) as fc.Arbitrary<EnisaInput>;
    fc.assert(
      fc.property(input, fc.option(fc.constantFrom(...RISK_LEVELS), { nil: undefined }), (enisa, kept) => {
        const { preselect, result } = proposeAssessment(enisa, kept);
        const r = applyCommand(emptyWork(), { type: 'assess', ...preselect, enisa, justification: 'Vurderet efter ENISA-forslaget.' }, anna, new Date('2026-03-03T12:00:00Z'), ctx);
        assert.ok(r.ok, r.ok ? '' : r.error);
        assert.deepEqual(r.work.assessment?.enisaResult, result);
      }),
    );
  });
});
