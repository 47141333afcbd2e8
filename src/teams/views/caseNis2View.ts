import type { BreachCase, Locale } from '../../domain/case';
import { NIS2_REPORT_KINDS, nis2Marking } from '../../domain/caseWork';
import { formatCopenhagen } from '../../domain/copenhagenTime';
import { maskCpr } from '../../domain/cpr';
import { fill } from '../../i18n';
import { nis2Texts } from '../../i18n/nis2Texts';
import { dutyLines } from './dutyLines';
import { asPlainText } from './plainText';

/** The NIS2 card's inputs (cards/caseNis2.json). */
export const NIS2_CARD_INPUTS = ['nis2Reason', 'nis2UnmarkReason', 'nis2Kind', 'nis2Date', 'nis2Time', 'nis2Reference', 'nis2DelayReason'] as const;
export type Nis2CardInput = (typeof NIS2_CARD_INPUTS)[number];

/** A NIS2 command's field (DomainError.field) → the input that holds it. */
export const NIS2_INPUT_OF_FIELD: Record<string, Record<string, Nis2CardInput>> = {
  markNis2: { reason: 'nis2Reason' },
  unmarkNis2: { reason: 'nis2UnmarkReason' },
  recordNis2Report: { kind: 'nis2Kind', at: 'nis2Date', reference: 'nis2Reference', delayReason: 'nis2DelayReason' },
};

export interface CaseNis2Input {
  breachCase: BreachCase;
  locale: Locale;
  now: Date;
  /** A refused command: the text at the top, the message under its input. */
  error?: { text: string; field?: string; message?: string };
  /** What was typed (a refused save keeps it). */
  values?: Record<string, string>;
}

const clean = (s: string | undefined): string => asPlainText(maskCpr((s ?? '').trim()));

/**
 * «NIS2 …» from the case card (issue 18, part 3): the marking as a significant NIS2 incident with its
 * reason, every duty with its deadline and state, the reports recorded, the forms to mark, record and
 * unmark, and the three drafts. A card of its own (like «Send videre»), so the case card stays in budget.
 */
export function caseNis2View(input: CaseNis2Input) {
  const { breachCase: c, locale, now } = input;
  const t = nis2Texts(locale);
  const w = c.work;
  const marking = nis2Marking(w);
  const when = (iso: string) => formatCopenhagen(new Date(iso), locale);
  const isOpen = c.status !== 'closed';
  const values: Record<string, string> = {};
  for (const id of NIS2_CARD_INPUTS) values[id] = input.values?.[id] ?? '';
  if (values.nis2Kind === '') values.nis2Kind = nextKind(c);
  const e: Record<string, string> = {};
  for (const id of NIS2_CARD_INPUTS) e[id] = input.error?.field === id ? (input.error.message ?? input.error.text) : '';
  const reports = (w.nis2?.reports ?? []).map((r) => ({
    text: asPlainText(
      [fill(t.card.report, { kind: t.kind[r.kind], at: when(r.at), reference: clean(r.reference) }), r.delayReason ? fill(t.card.reportDelay, { reason: clean(r.delayReason) }) : '']
        .filter(Boolean)
        .join(' · '),
    ),
  }));
  const status = marking
    ? fill(t.card.marked, { at: when(marking.at), by: asPlainText(marking.by), reason: clean(marking.reason) })
    : w.nis2
      ? `${t.card.unmarked} ${fill(t.card.unmarkedBefore, { at: when(w.nis2.at), by: asPlainText(w.nis2.by), reason: clean(w.nis2.reason) })}`
      : t.card.unmarked;
  return {
    t: t.card,
    title: fill(t.card.title, { number: c.number }),
    caseId: c.id,
    rev: String(w.timeline.length),
    errorText: input.error?.text ?? '',
    status: asPlainText(status),
    isMarked: marking !== null,
    isOpen,
    canMark: isOpen && marking === null,
    canRecord: isOpen && marking !== null,
    duties: dutyLines(c, locale, now),
    reports,
    hasReports: reports.length > 0,
    v: values,
    e,
    kinds: NIS2_REPORT_KINDS.map((k) => ({ title: t.kind[k], value: k })),
  };
}

/** The report the form offers first: the next one owed. */
function nextKind(c: BreachCase): string {
  const done = new Set((c.work.nis2?.reports ?? []).map((r) => r.kind));
  return done.has('final') ? 'intermediate' : done.has('notification') ? 'final' : done.has('early_warning') ? 'notification' : 'early_warning';
}
