/**
 * The bot proposes, the coordinator decides (BRIEF, ENISA; issue 17 finding 4): what the assessment form
 * preselects once the ENISA inputs are given, before anything is saved.
 *
 * Decision, band → proposal (the ENISA bands low < 2 ≤ medium < 3 ≤ high < 4 ≤ very high):
 * - low        → risk 'none', do not notify: Art. 33(1) lets a breach "unlikely to result in a risk" go
 *                unnotified; the justification is still stored (Art. 33(5)).
 * - medium     → risk 'risk', notify Datatilsynet (Art. 33(1)); the persons are not proposed (Art. 34 needs
 *                a high risk).
 * - high,
 *   very high  → risk 'high', notify Datatilsynet and the persons (Art. 34(1)); the persons' duty then
 *                shows on the card (duties) until they are notified or an Art. 34(3) exemption is recorded.
 * It agrees with enisaScore's NotificationProposal (the text stored with the result), by test.
 */
import { enisaScore, type EnisaInput, type EnisaResult, type SeverityBand } from '../enisa';
import type { NotifyDecision, RiskLevel } from './model';

export interface AssessmentProposal {
  risk: RiskLevel;
  decision: NotifyDecision;
  /** Art. 34: the persons are to be notified too. */
  notifyPersons: boolean;
}

export const PROPOSAL_OF_BAND: Readonly<Record<SeverityBand, AssessmentProposal>> = {
  low: { risk: 'none', decision: 'do_not_notify', notifyPersons: false },
  medium: { risk: 'risk', decision: 'notify', notifyPersons: false },
  high: { risk: 'high', decision: 'notify', notifyPersons: true },
  very_high: { risk: 'high', decision: 'notify', notifyPersons: true },
};

export interface Proposed {
  result: EnisaResult;
  proposal: AssessmentProposal;
  /** What the form preselects: the risk, and a decision the risk allows (assess's Art. 33(1) rule). */
  preselect: { risk: RiskLevel; decision: NotifyDecision };
}

/**
 * The proposal for `input`. `chosenRisk`: a risk the coordinator already chose and keeps (a save without
 * a decision); the decision preselected is then one that risk allows — a risk means notifying, whatever
 * the score says — so the preselected pair is never one `assess` refuses.
 */
export function proposeAssessment(input: EnisaInput, chosenRisk?: RiskLevel): Proposed {
  const result = enisaScore(input);
  const proposal = PROPOSAL_OF_BAND[result.band];
  const risk = chosenRisk ?? proposal.risk;
  const decision: NotifyDecision = risk === 'none' ? proposal.decision : 'notify';
  return { result, proposal, preselect: { risk, decision } };
}
