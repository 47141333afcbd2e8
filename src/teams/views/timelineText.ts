import type { Locale } from '../../domain/case';
import { formatCount } from '../../domain/personsEstimate';
import { CLOSE_STEPS, EXEMPTIONS, NOTIFICATION_KINDS, RISK_LEVELS, DECISIONS, STOPPED_STATES, type TimelineEntry } from '../../domain/caseWork';
import { formatCopenhagen, instantToCopenhagenParts } from '../../domain/copenhagenTime';
import { caseMessages, type CaseMessages } from '../../i18n/caseMessages';
import { fill } from '../../i18n';
import { asPlainText } from './plainText';

const oneOf = <T extends string>(list: readonly T[], v: string | undefined): v is T => v !== undefined && (list as readonly string[]).includes(v);

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export function formatScore(score: number, locale: Locale): string {
  const s = String(score);
  return locale === 'da' ? s.replace('.', ',') : s;
}

/** The entry's detail (codes and references, see caseWork) in words. */
function detailText(entry: TimelineEntry, m: CaseMessages, locale: Locale): string {
  const d = entry.detail?.trim() ?? '';
  const c = m.card;
  switch (entry.event) {
    case 'aware_set':
    case 'dpo_informed':
      return ISO.test(d) && !Number.isNaN(Date.parse(d)) ? formatCopenhagen(new Date(d), locale) : d;
    case 'stopped_set':
      return oneOf(STOPPED_STATES, d) ? m.timeline.stopped[d] : d;
    case 'assessed': {
      const match = /risk=(\w+) decision=(\w+)(?: enisa=([\d.]+)\/(\w+))?/.exec(d);
      if (!match || !oneOf(RISK_LEVELS, match[1]) || !oneOf(DECISIONS, match[2])) return d;
      const params = { risk: c.risk[match[1]], decision: m.timeline.decision[match[2]] };
      const band = match[4];
      if (match[3] !== undefined && band !== undefined && band in c.band) {
        return fill(m.timeline.assessedEnisa, {
          ...params,
          score: formatScore(Number(match[3]), locale),
          band: c.band[band as keyof typeof c.band],
        });
      }
      return fill(m.timeline.assessed, params);
    }
    case 'authority_notified': {
      const match = /^(\S+) (.*)$/.exec(d);
      if (!match || !oneOf(NOTIFICATION_KINDS, match[1])) return d;
      return fill(m.timeline.authority, { kind: c.kind[match[1]], reference: match[2] });
    }
    case 'persons_notified':
      return /^\d+$/.test(d) ? formatCount(Number(d), locale) : d;
    case 'persons_exempted':
      return oneOf(EXEMPTIONS, d) ? c.exemptionShort[d] : d;
    default:
      return d;
  }
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
  const detail = detailText(entry, m, locale);
  let template: string = m.timeline.events[entry.event] ?? entry.event;
  if (entry.event === 'acknowledged' && detail === 'implicit') template = m.timeline.acknowledgedImplicit;
  if (entry.event === 'reopened' && detail !== '') template = m.timeline.reopenedWithReason;
  const anyway = entry.event === 'closed' ? /^([a-z_,]+): ([\s\S]*)$/.exec(entry.detail ?? '') : null;
  if (anyway) {
    const steps = anyway[1]
      .split(',')
      .map((s) => (oneOf(CLOSE_STEPS, s) ? m.card.close.steps[s] : s))
      .join('; ');
    const sentence = fill(m.timeline.closedAnyway, { by: entry.by, steps, reason: anyway[2] });
    return asPlainText(when === '' ? sentence : `${when} · ${sentence}`);
  }
  const sentence = fill(template, { by: entry.by, detail: detail === '' ? '–' : detail });
  return asPlainText(when === '' ? sentence : `${when} · ${sentence}`);
}
