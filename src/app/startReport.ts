import type { ConversationAddress, Locale, Person } from '../domain/case';
import { instantToCopenhagenParts } from '../domain/copenhagenTime';
import { seedWhatHappened, type Seeding } from '../domain/freeText';
import { masked, type MaskedText } from '../domain/maskedText';
import { emptyReportValues, type ReportValues } from '../domain/report';
import type { ReportingDeps } from './deps';
import { ConcurrencyError, type Draft, type Versioned } from './ports';

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
const CARRIED_OVER: (keyof ReportValues)[] = ['reporterPhone', 'reporterTitle', 'reporterDepartment', 'reporterCenter', 'managerId', 'managerEmail'];

/**
 * "anmeld": continue the reporter's unfinished draft, or begin a new one prefilled from
 * the Teams profile and from the reporter's previous report.
 */
export async function startReport(deps: ReportingDeps, input: StartReportInput): Promise<StartReportResult> {
  // The nearest manager named last time (issue 18) is asked beside the draft, not after it: no time added.
  const directoryRow = deps.people ? deps.people.get(input.tenantId, input.reporter.aadObjectId).catch(() => null) : Promise.resolve(null);
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
  // The nearest manager named last time (issue 18): from the person's own directory row (kept while they
  // have the app) when it has one, else from the last draft (carried over above). One field only: a
  // prefilled pick and a prefilled mail would be two answers to one question.
  const remembered = (await directoryRow)?.manager;
  if (remembered) {
    values.managerId = masked(remembered.aadObjectId);
    values.managerEmail = remembered.aadObjectId ? masked('') : masked(remembered.email);
  }
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

export interface TextStartResult extends StartReportResult {
  /** What happened to the typed text (src/domain/freeText.ts). */
  seeding: Seeding;
  /** The text was longer than the field and was cut. */
  cut: boolean;
}

/**
 * «Anmeld et brud med denne tekst»: as "anmeld", with the words the reporter typed in the chat as
 * «Hvad er der sket?». A new draft gets them as its description; a report in progress keeps its own
 * and gets them added below (seedWhatHappened). Written before any card is drawn, so the text is kept
 * in the draft whichever card follows (the known-incident question, the short form or the full form).
 * A concurrent change (a double tap) is read again and the text placed once.
 */
export async function startReportWithText(deps: ReportingDeps, input: StartReportInput, typed: MaskedText): Promise<TextStartResult> {
  for (let attempt = 1; ; attempt++) {
    const started = await startReport(deps, input);
    const current = started.draft.value;
    const seed = seedWhatHappened(current.values.whatHappened, typed);
    if (seed.seeding === 'same' || seed.seeding === 'noRoom') return { ...started, seeding: seed.seeding, cut: seed.cut };
    const values = { ...current.values, whatHappened: seed.value };
    // The field is filled now: an old error beside it («Skal udfyldes») would be wrong.
    const { whatHappened: _filled, ...errors } = current.errors;
    // A summary that was waiting for «Send» is back to the form: what it showed is no longer the report.
    const patch = { values, errors, stage: 'form' as const, updatedAt: deps.clock.now().toISOString() };
    try {
      const etag = await deps.drafts.patch(input.tenantId, input.reporter.aadObjectId, patch, started.draft.etag);
      return { draft: { value: { ...current, ...patch }, etag }, resumed: started.resumed, seeding: seed.seeding, cut: seed.cut };
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= 3) throw error;
    }
  }
}
