/**
 * The timeline rule's words (src/domain/caseWork/timeline.ts): a refusal beside the field, the lines of
 * `sager tjek` and the statistics' count of cases left out. Danish and English side by side; the
 * compiler checks both have every key (`satisfies`).
 */
import type { Locale } from '../domain/case';
import type { TimelinePoint } from '../domain/caseWork/timeline';
import { formatCopenhagen } from '../domain/copenhagenTime';
import { fill } from './index';

interface TimelineTexts {
  /** The instant as a clause after «før»/«efter»: "bruddet blev opdaget". */
  what: Record<TimelinePoint, string>;
  /** The instant as a label at the start of a line: "Anmeldt til Datatilsynet". */
  label: Record<TimelinePoint, string>;
  before: string;
  after: string;
  /** A server-stamped instant (close, reopen, stopped, DPO now) meets an instant a few minutes ahead. */
  notYet: string;
  /** `sager tjek`. */
  check: {
    title: string;
    scopeCentral: string;
    scopeUnit: string;
    none: string;
    line: string;
    lineBefore: string;
    lineAfter: string;
    lineFuture: string;
    more: string;
    unavailable: string;
  };
}

const timelineDa = {
  what: {
    discovered: 'bruddet blev opdaget',
    supplier_notified: 'databehandleren underrettede kommunen',
    aware: 'kommunen fik kendskab til bruddet',
    authority_initial: 'bruddet blev anmeldt til Datatilsynet',
    authority_follow_up: 'opfølgningen til Datatilsynet',
    persons_notified: 'de registrerede blev underrettet',
    dpo_informed: 'DPO blev orienteret',
    stopped: 'bruddet blev meldt stoppet',
    closed: 'sagen blev lukket',
    reopened: 'sagen blev genåbnet',
    nis2_early_warning: 'den tidlige varsling (NIS2) blev indsendt',
    nis2_notification: 'hændelsesunderretningen (NIS2) blev indsendt',
    nis2_intermediate: 'mellemrapporten (NIS2) blev indsendt',
    nis2_final: 'den endelige rapport (NIS2) blev indsendt',
  },
  label: {
    discovered: 'Opdaget',
    supplier_notified: 'Databehandleren underrettede',
    aware: 'Kommunens kendskab',
    authority_initial: 'Anmeldt til Datatilsynet',
    authority_follow_up: 'Opfølgning til Datatilsynet',
    persons_notified: 'Registrerede underrettet',
    dpo_informed: 'DPO orienteret',
    stopped: 'Meldt stoppet',
    closed: 'Lukket',
    reopened: 'Genåbnet',
    nis2_early_warning: 'Tidlig varsling (NIS2)',
    nis2_notification: 'Hændelsesunderretning (NIS2)',
    nis2_intermediate: 'Mellemrapport (NIS2)',
    nis2_final: 'Endelig rapport (NIS2)',
  },
  before: 'Tidspunktet ligger før {what} ({at}).',
  after: 'Tidspunktet ligger efter {what} ({at}) – det kan ikke komme senere.',
  notYet: 'Det kan ikke registreres endnu: {what} ({at}) ligger nogle minutter ude i fremtiden. Prøv igen om lidt.',
  check: {
    title: '**Sager med umulig tidslinje ({year}, {scope})**',
    scopeCentral: 'alle kommunens sager',
    scopeUnit: '{unit}',
    none: 'Ingen sager fra {year} ({scope}) har en umulig tidslinje.',
    line: '**{number}**: {problem}',
    lineBefore: '{label} {at} ligger før {what} ({withAt}).',
    lineAfter: '{label} {at} ligger efter {what} ({withAt}).',
    lineFuture: '{label} {at} ligger i fremtiden.',
    more: '… og {n} sager mere. Se eksporten for hele registeret.',
    unavailable: 'Tjekket kan ikke køre her: registeret kan ikke læses. Skriv «hjælp».',
  },
} satisfies TimelineTexts;

const timelineEn = {
  what: {
    discovered: 'the breach was discovered',
    supplier_notified: 'the processor told the municipality',
    aware: 'the municipality became aware',
    authority_initial: 'the breach was notified to Datatilsynet',
    authority_follow_up: 'the follow-up to Datatilsynet',
    persons_notified: 'the data subjects were notified',
    dpo_informed: 'the DPO was informed',
    stopped: 'the breach was reported stopped',
    closed: 'the case was closed',
    reopened: 'the case was reopened',
    nis2_early_warning: 'the NIS2 early warning was submitted',
    nis2_notification: 'the NIS2 incident notification was submitted',
    nis2_intermediate: 'the NIS2 intermediate report was submitted',
    nis2_final: 'the NIS2 final report was submitted',
  },
  label: {
    discovered: 'Discovered',
    supplier_notified: 'Processor told us',
    aware: 'Municipality aware',
    authority_initial: 'Notified to Datatilsynet',
    authority_follow_up: 'Follow-up to Datatilsynet',
    persons_notified: 'Data subjects notified',
    dpo_informed: 'DPO informed',
    stopped: 'Reported stopped',
    closed: 'Closed',
    reopened: 'Reopened',
    nis2_early_warning: 'NIS2 early warning',
    nis2_notification: 'NIS2 incident notification',
    nis2_intermediate: 'NIS2 intermediate report',
    nis2_final: 'NIS2 final report',
  },
  before: 'The time is before {what} ({at}).',
  after: 'The time is after {what} ({at}) – it cannot come later.',
  notYet: 'This cannot be recorded yet: {what} ({at}) is a few minutes in the future. Try again shortly.',
  check: {
    title: '**Cases with an impossible timeline ({year}, {scope})**',
    scopeCentral: 'all cases of the municipality',
    scopeUnit: '{unit}',
    none: 'No case from {year} ({scope}) has an impossible timeline.',
    line: '**{number}**: {problem}',
    lineBefore: '{label} {at} is before {what} ({withAt}).',
    lineAfter: '{label} {at} is after {what} ({withAt}).',
    lineFuture: '{label} {at} is in the future.',
    more: '… and {n} more cases. See the export for the whole register.',
    unavailable: 'The check cannot run here: the register cannot be read. Type «help».',
  },
} satisfies TimelineTexts;

export function timelineTexts(locale: Locale): TimelineTexts {
  return locale === 'en' ? timelineEn : timelineDa;
}

const when = (iso: string, locale: Locale) => formatCopenhagen(new Date(iso), locale);

/** A refused instant: «Tidspunktet ligger før bruddet blev opdaget (23.11.2026 kl. 13.08).» */
export function timelineConflictText(conflict: { order: 'before' | 'after'; with: TimelinePoint; at: string; stamped?: true }, locale: Locale): string {
  const t = timelineTexts(locale);
  const template = conflict.stamped ? t.notYet : conflict.order === 'before' ? t.before : t.after;
  return fill(template, { what: t.what[conflict.with], at: when(conflict.at, locale) });
}

/** One impossible instant of a stored case, as `sager tjek` lists it. */
export function timelineProblemText(p: { point: TimelinePoint; at: string; order: 'before' | 'after' | 'future'; with?: TimelinePoint; withAt?: string }, locale: Locale): string {
  const t = timelineTexts(locale);
  if (p.order === 'future' || p.with === undefined || p.withAt === undefined) return fill(t.check.lineFuture, { label: t.label[p.point], at: when(p.at, locale) });
  return fill(p.order === 'before' ? t.check.lineBefore : t.check.lineAfter, { label: t.label[p.point], at: when(p.at, locale), what: t.what[p.with], withAt: when(p.withAt, locale) });
}
