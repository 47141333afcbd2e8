import type { ConversationAddress, Locale, Person } from '../domain/case';
import { instantToCopenhagenParts } from '../domain/copenhagenTime';
import { masked } from '../domain/maskedText';
import { emptyReportValues, type ReportValues } from '../domain/report';
import type { ReportingDeps } from './deps';
import type { Draft, Versioned } from './ports';

export interface StartReportInput {
  tenantId: string;
  reporter: Person;
  address: ConversationAddress;
  locale: Locale;
  /**
   * From the Teams member profile; used only for a new draft. May be a promise: Teams is then asked while
   * the draft is read (one round trip instead of two); it must not reject.
   */
  profile: Profile | Promise<Profile>;
}

export interface Profile {
  name?: string;
  email?: string;
}

export interface StartReportResult {
  draft: Versioned<Draft>;
  /** An unfinished draft was found and is continued rather than replaced. */
  resumed: boolean;
}

/** Fields a reporter keeps between reports: the Teams roster has no job title or department. */
const CARRIED_OVER: (keyof ReportValues)[] = ['reporterPhone', 'reporterTitle', 'reporterDepartment', 'reporterCenter'];

/**
 * "anmeld": continue the reporter's unfinished draft, or begin a new one prefilled from
 * the Teams profile and from the reporter's previous report.
 */
export async function startReport(deps: ReportingDeps, input: StartReportInput): Promise<StartReportResult> {
  const existing = await deps.drafts.get(input.tenantId, input.reporter.aadObjectId);
  if (existing && existing.value.stage !== 'submitted') return { draft: existing, resumed: true };

  const profile = await input.profile;
  const clockNow = deps.clock.now();
  const now = clockNow.toISOString();
  const values = emptyReportValues();
  // "Just now" is the common answer (README, "The report form on a phone"): the discovery is prefilled
  // with the Copenhagen wall clock of this moment, to the minute, and the reporter corrects it if earlier.
  const wall = instantToCopenhagenParts(clockNow);
  values.discoveredDate = masked(wall.date);
  values.discoveredTime = masked(wall.time);
  // Masked again: a draft stored before the input gate existed may hold them as typed.
  if (existing) for (const field of CARRIED_OVER) values[field] = masked(existing.value.values[field]);
  // From Teams, not typed here; masked like everything that ends up on the report.
  values.reporterName = masked(profile.name ?? input.reporter.name);
  values.reporterEmail = masked(profile.email ?? '');

  const draft: Draft = {
    tenantId: input.tenantId,
    reporterAadId: input.reporter.aadObjectId,
    draftId: deps.newId(),
    stage: 'form',
    values,
    errors: {},
    locale: input.locale,
    reporter: input.reporter,
    address: input.address,
    createdAt: now,
    updatedAt: now,
  };
  if (existing) return { draft: await deps.drafts.replace(draft, existing.etag), resumed: false };
  const created = await deps.drafts.create(draft);
  if (created) return { draft: created, resumed: false };
  // Another turn of the same reporter created one a moment ago (double tap): continue that one.
  const raced = await deps.drafts.get(input.tenantId, input.reporter.aadObjectId);
  if (!raced) throw new Error('draft vanished while starting a report');
  return { draft: raced, resumed: true };
}
