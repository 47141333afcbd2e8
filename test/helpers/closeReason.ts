/**
 * Fixtures that close cases without confirming the stop or informing the DPO: since issue 11 a close
 * with Ishøj steps missing needs a written reason (src/domain/caseWork/model.ts, missingCloseSteps).
 */
export const FIXTURE_CLOSE_REASON = 'Testfixtur: trinnene er ikke relevante for denne test.';
