import type { ReportingDeps } from './deps';
import type { Draft, Versioned } from './ports';

/** "Ret" on the summary: back to the form with the stored values. Reading is enough; the next submit writes. */
export async function editReport(
  deps: ReportingDeps,
  tenantId: string,
  reporterAadId: string,
  draftId: string,
): Promise<Versioned<Draft> | null> {
  const current = await deps.drafts.get(tenantId, reporterAadId);
  if (!current || current.value.draftId !== draftId || current.value.stage === 'submitted') return null;
  return current;
}
