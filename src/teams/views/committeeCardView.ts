/**
 * The information-security committee's card (issue 18, part 2): drawn from visibility.ts `committeeView`
 * and nothing else (no case is passed in), so no report text or personal data can reach it by mistake.
 * The roles of the crisis cell are a checklist (one Input.Toggle each, `role_<code>`); «Indkald krisecelle»
 * sends the ticked ones, «Ingen krisecelle» sends none.
 */
import type { Locale } from '../../domain/case';
import { CRISIS_ROLES, type CrisisRole } from '../../domain/committee';
import { formatCopenhagen } from '../../domain/copenhagenTime';
import type { CommitteeView } from '../../domain/visibility';
import { fill } from '../../i18n';
import { committeeTexts, rolesLine } from '../../i18n/committeeTexts';
import { asPlainText } from './plainText';

export const ROLE_INPUT = (role: CrisisRole) => `role_${role}`;

export interface CommitteeCardInput {
  view: CommitteeView;
  locale: Locale;
  /** A refused decision: the text at the top, and beside the roles when they were the fault. */
  error?: { text: string; roles?: boolean };
  /** What the member ticked (a refused card keeps it). */
  values?: Record<string, string>;
}

export function committeeCardView(input: CommitteeCardInput) {
  const { view: v, locale } = input;
  const t = committeeTexts(locale);
  const c = t.card;
  const when = (iso: string | null) => (iso ? formatCopenhagen(new Date(iso), locale) : '');
  const notify = v.notify === null ? c.notify.undecided : v.notifiedAt ? `${c.notify[v.notify]} – ${fill(c.notified, { at: when(v.notifiedAt) })}` : c.notify[v.notify];
  const facts = [
    { title: c.facts.number, value: v.number },
    { title: c.facts.units, value: asPlainText(v.units.join(', ')) || '–' },
    { title: c.facts.discovered, value: when(v.discoveredAt) || '–' },
    { title: c.facts.reported, value: when(v.reportedAt) },
    { title: c.facts.risks, value: v.risks.length > 0 ? v.risks.map((r) => t.risks[r]).join('; ') : c.noRisks },
    { title: c.facts.band, value: v.band ? c.band[v.band] : c.noBand },
    { title: c.facts.notify, value: notify },
    { title: c.facts.deadline, value: when(v.deadline) },
    { title: c.facts.status, value: c.status[v.status] },
    { title: c.facts.owner, value: v.ownerName ? asPlainText(v.ownerName) : c.noOwner },
    { title: c.facts.asked, value: when(v.askedAt) || '–' },
  ];
  const d = v.decision;
  const by = d ? asPlainText(d.decidedBy) || '–' : '';
  const decisionText = !d
    ? c.awaiting
    : d.convene
      ? fill(c.convened, { by, at: when(d.decidedAt), roles: rolesLine(d.roles, locale) })
      : fill(c.notConvened, { by, at: when(d.decidedAt) });
  const ticked = (role: CrisisRole) => {
    const typed = input.values?.[ROLE_INPUT(role)];
    if (typed !== undefined) return typed === 'true' ? 'true' : 'false';
    return d?.convene && d.roles.includes(role) ? 'true' : 'false';
  };
  return {
    t: c,
    title: fill(c.title, { number: v.number }),
    facts,
    decided: d !== null,
    decisionText,
    decisionStyle: !d ? 'warning' : d.convene ? 'attention' : 'good',
    canDecide: !v.anonymized,
    roles: CRISIS_ROLES.map((role) => ({ id: ROLE_INPUT(role), title: t.roles[role], value: ticked(role) })),
    errorText: input.error?.text ?? '',
    rolesError: input.error?.roles ? input.error.text : '',
    caseId: v.caseId,
  };
}
