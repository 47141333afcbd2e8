import type { BreachCase, Locale } from '../../domain/case';
import { formatCopenhagen } from '../../domain/copenhagenTime';
import { messages } from '../../i18n';

export function myCasesView(locale: Locale, cases: readonly BreachCase[]) {
  const m = messages(locale);
  return {
    t: m.myCases,
    rows: cases.map((c) => ({
      number: c.number,
      reportedAt: formatCopenhagen(new Date(c.reportedAt), locale),
      status: m.status[c.status],
    })),
  };
}
