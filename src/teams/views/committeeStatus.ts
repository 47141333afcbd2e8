import type { BreachCase, Locale } from '../../domain/case';
import { municipalRisksOf } from '../../domain/committee';
import { fill } from '../../i18n';
import { committeeTexts, risksLine, rolesLine } from '../../i18n/committeeTexts';

/**
 * What the coordinators' card says about the information-security committee (issue 18, part 2): asked and
 * waiting, no committee registered (the card waits; central was told), or its decision with who and when.
 * Null when the committee was never asked.
 */
export function committeeStatusLine(c: BreachCase, locale: Locale, when: (iso: string) => string): string | null {
  const committee = c.work.committee;
  if (!committee) return null;
  const t = committeeTexts(locale).caseCard;
  const d = committee.decision;
  if (d) {
    const params = { by: d.decidedBy || '–', at: when(d.decidedAt), roles: rolesLine(d.roles, locale) };
    return fill(d.convene ? t.convened : t.notConvened, params);
  }
  const risks = risksLine(municipalRisksOf(c.work), locale) || '–';
  return fill(c.committeePost?.missingSince && !c.committeePost.activityId ? t.missing : t.pending, { risks });
}
