import { EMPTY_TEXT } from '../domain/maskedText';
import type { ReportingDeps } from './deps';

/** "annuller": discard the unfinished draft. A submitted report is a case and is never discarded here. */
export async function cancelReport(deps: ReportingDeps, tenantId: string, reporterAadId: string): Promise<'cancelled' | 'nothing'> {
  const current = await deps.drafts.get(tenantId, reporterAadId);
  if (!current || current.value.stage === 'submitted') return 'nothing';
  // Keep what carries over to the next report (title, department), drop the rest.
  await deps.drafts.replace(
    {
      ...current.value,
      stage: 'submitted',
      caseNumber: undefined,
      cancelledAt: deps.clock.now().toISOString(),
      values: { ...current.value.values, whatHappened: EMPTY_TEXT, howHappened: EMPTY_TEXT, dataKindsOther: EMPTY_TEXT, system: EMPTY_TEXT, supplierName: EMPTY_TEXT },
      errors: {},
      updatedAt: deps.clock.now().toISOString(),
    },
    current.etag,
  );
  return 'cancelled';
}
