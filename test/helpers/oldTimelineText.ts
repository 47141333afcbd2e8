/**
 * The timeline reader as it was before the entries were structured (src/teams/views/timelineText.ts
 * at the commit before issue 8, item 7), kept verbatim as the reference the upgrade is checked
 * against: an old stored entry, upgraded and rendered today, must read exactly as this rendered it.
 * Test-only; nothing in src reads `detail` strings any more.
 */
import type { Locale } from '../../src/domain/case';
import { formatCount } from '../../src/domain/personsEstimate';
import { CLOSE_STEPS, EXEMPTIONS, NOTIFICATION_KINDS, RISK_LEVELS, DECISIONS, STOPPED_STATES } from '../../src/domain/caseWork';
import { formatCopenhagen, instantToCopenhagenParts } from '../../src/domain/copenhagenTime';
import { caseMessages, type CaseMessages } from '../../src/i18n/caseMessages';
import { fill } from '../../src/i18n';
import { asPlainText } from '../../src/teams/views/plainText';
import { formatScore } from '../../src/teams/views/timelineText';

/** A timeline entry as stored before: the event's facts packed into `detail`. */
export interface OldEntry {
  at: string;
  by: string;
  event: string;
  detail?: string;
}

const oneOf = <T extends string>(list: readonly T[], v: string | undefined): v is T => v !== undefined && (list as readonly string[]).includes(v);

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function detailText(entry: OldEntry, m: CaseMessages, locale: Locale): string {
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
export function oldTimelineText(entry: OldEntry, locale: Locale, opts: { withDate?: boolean } = {}): string {
  const m = caseMessages(locale);
  const at = new Date(entry.at);
  const when = Number.isNaN(at.getTime())
    ? ''
    : opts.withDate
      ? formatCopenhagen(at, locale)
      : instantToCopenhagenParts(at).time;
  const detail = detailText(entry, m, locale);
  let template: string = (m.timeline.events as Record<string, string | undefined>)[entry.event] ?? entry.event;
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
