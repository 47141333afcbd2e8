import { mentionsCpr } from '../domain/cpr';
import { pickReportValues, REPORT_FIELDS, type FieldErrors, type ReportValues } from '../domain/report';
import { validateReport } from '../domain/reportValidation';
import type { ReportingDeps } from './deps';
import { ConcurrencyError, type Draft, type Versioned } from './ports';

export interface DraftRef {
  tenantId: string;
  reporterAadId: string;
  draftId: string;
  /** The ETag the card was drawn with: the card is the read that guards this write. */
  etag: string;
}

export type SubmitFormResult =
  | { kind: 'invalid'; values: ReportValues; errors: FieldErrors; etag: string; cprFound: boolean }
  | { kind: 'summary'; values: ReportValues; etag: string; cprFound: boolean }
  /** The card is older than the stored draft (edited elsewhere, confirmed, or cancelled). */
  | { kind: 'stale'; current: Versioned<Draft> | null };

/**
 * The report card was submitted: validate on the server and store the values either way,
 * so a rejected card comes back with everything the reporter typed, and a restart loses nothing.
 * One Table request: a merge guarded by the ETag the card carries.
 */
export async function submitReportForm(
  deps: ReportingDeps,
  ref: DraftRef,
  input: Record<string, unknown>,
  registeredUnitIds: readonly string[],
): Promise<SubmitFormResult> {
  // The values are masked text (the input gate and pickReportValues mask every field), so nothing
  // stored holds a CPR number; a masked one in any field means the reporter must be told.
  const values = pickReportValues(input);
  const cprFound = REPORT_FIELDS.some((f) => mentionsCpr(values[f]));
  const now = deps.clock.now();
  const result = validateReport(values, now, registeredUnitIds);
  const errors = result.ok ? {} : result.errors;
  try {
    const etag = await deps.drafts.patch(
      ref.tenantId,
      ref.reporterAadId,
      { values, errors, stage: result.ok ? 'summary' : 'form', updatedAt: now.toISOString() },
      ref.etag,
    );
    if (!result.ok) return { kind: 'invalid', values, errors, etag, cprFound };
    return { kind: 'summary', values, etag, cprFound };
  } catch (error) {
    if (error instanceof ConcurrencyError) {
      return { kind: 'stale', current: await deps.drafts.get(ref.tenantId, ref.reporterAadId) };
    }
    throw error;
  }
}
