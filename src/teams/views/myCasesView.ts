import type { BreachCase, Locale } from '../../domain/case';
import { formatCopenhagen } from '../../domain/copenhagenTime';
import { fill, messages } from '../../i18n';

export function myCasesView(locale: Locale, cases: readonly BreachCase[]) {
  const m = messages(locale);
  return {
    t: m.myCases,
    rows: cases.map((c) => ({
      number: c.number,
      reportedAt: formatCopenhagen(new Date(c.reportedAt), locale),
      // Tied to a known incident (issue 17): handled with the incident, not waiting for a coordinator of its own.
      // (`work?`: a case drawn from an older shape may have none.)
      status: c.status !== 'closed' && c.work?.linkedTo ? fill(m.myCases.linked, { number: c.work.linkedTo }) : m.status[c.status],
    })),
  };
}
