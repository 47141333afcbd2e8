import type { Locale } from '../../domain/case';
import { formatPersonCount } from '../../domain/personsEstimate';
import type { TimelineEntry } from '../../domain/caseWork';
import { formatCopenhagen, instantToCopenhagenParts } from '../../domain/copenhagenTime';
import { caseMessages, type CaseMessages } from '../../i18n/caseMessages';
import { fill } from '../../i18n';
import { asPlainText } from './plainText';
import { nis2Texts } from '../../i18n/nis2Texts';
import { committeeTexts, rolesLine } from '../../i18n/committeeTexts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export function formatScore(score: number, locale: Locale): string {
  const s = String(score);
  return locale === 'da' ? s.replace('.', ',') : s;
}

/** An instant of an entry in words; a stored value that is no instant is shown as it is. */
function instantText(iso: string, locale: Locale): string {
  return ISO.test(iso) && !Number.isNaN(Date.parse(iso)) ? formatCopenhagen(new Date(iso), locale) : iso;
}

/** The entry's facts in words: the `{detail}` of the event's sentence. */
function detailText(entry: TimelineEntry, m: CaseMessages, locale: Locale): string {
  const c = m.card;
  switch (entry.event) {
    case 'aware_set':
      return instantText(entry.awareAt, locale);
    case 'dpo_informed':
      return instantText(entry.informedAt, locale);
    case 'stopped_set':
      return m.timeline.stopped[entry.stopped];
    case 'assessed': {
      const params = { risk: c.risk[entry.risk], decision: m.timeline.decision[entry.decision] };
      if (entry.enisa) {
        return fill(m.timeline.assessedEnisa, { ...params, score: formatScore(entry.enisa.score, locale), band: c.band[entry.enisa.band] });
      }
      return fill(m.timeline.assessed, params);
    }
    case 'authority_notified':
      return fill(m.timeline.authority, { kind: c.kind[entry.kind], reference: entry.reference });
    case 'persons_notified':
      return formatPersonCount(entry.count, locale);
    case 'persons_exempted':
      return c.exemptionShort[entry.exemption];
    case 'handed_over':
      // Trimmed, as the name always was shown.
      return entry.to.trim();
    case 'journalized':
      return entry.journalNo;
    case 'linked':
      return entry.toCaseNumber;
    case 'routed':
      return entry.units.join(', ');
    case 'supplier_answered':
      return entry.involved === 'yes' && entry.notifiedAt
        ? fill(m.timeline.supplierYesAt, { at: instantText(entry.notifiedAt, locale) })
        : m.timeline.supplier[entry.involved];
    case 'closed':
      return entry.withCase ?? '';
    case 'incident_declared':
      return entry.title;
    case 'reopened':
      return entry.reason ?? '';
    case 'unreadable':
      return entry.detail;
    case 'nis2_reported':
      return fill(nis2Texts(locale).timelineReport, { kind: nis2Texts(locale).kind[entry.kind], reference: entry.reference });
    case 'nis2_marked':
    case 'nis2_unmarked':
    case 'acknowledged':
    case 'note_added':
    case 'incident_ended':
      return '';
    case 'crisis_cell_decided':
      return entry.convene ? fill(committeeTexts(locale).timeline.convened, { roles: rolesLine(entry.roles, locale) }) : committeeTexts(locale).timeline.notConvened;
  }
}

/** The sentence of an entry, before its `{detail}` is filled in. */
function template(entry: TimelineEntry, m: CaseMessages): string {
  if (entry.event === 'acknowledged' && entry.implicit) return m.timeline.acknowledgedImplicit;
  if (entry.event === 'closed' && entry.withCase !== undefined) return m.timeline.closedWithCase;
  if (entry.event === 'reopened' && entry.reason !== undefined && entry.reason !== '') return m.timeline.reopenedWithReason;
  // An old entry nobody could read: the sentence of the event it was (or its name), as before.
  if (entry.event === 'unreadable') return (m.timeline.events as Record<string, string | undefined>)[entry.was] ?? entry.was;
  return m.timeline.events[entry.event];
}

/**
 * One timeline entry as a line: "14:05 · Mette Jensen tog sagen". Copenhagen time;
 * `withDate` gives the full date ("21.11.2026 kl. 14:05 · …"), as the case card shows it.
 */
export function timelineText(entry: TimelineEntry, locale: Locale, opts: { withDate?: boolean } = {}): string {
  const m = caseMessages(locale);
  const at = new Date(entry.at);
  const when = Number.isNaN(at.getTime())
    ? ''
    : opts.withDate
      ? formatCopenhagen(at, locale)
      : instantToCopenhagenParts(at).time;
  if (entry.event === 'closed' && entry.anyway) {
    const steps = entry.anyway.missing.map((s) => m.card.close.steps[s]).join('; ');
    const sentence = fill(m.timeline.closedAnyway, { by: entry.by, steps, reason: entry.anyway.reason });
    return asPlainText(when === '' ? sentence : `${when} · ${sentence}`);
  }
  const detail = detailText(entry, m, locale);
  const sentence = fill(template(entry, m), { by: entry.by, detail: detail === '' ? '–' : detail });
  return asPlainText(when === '' ? sentence : `${when} · ${sentence}`);
}
