import type { AuditTrailResult } from '../../app/readAuditTrail';
import type { Locale } from '../../domain/case';
import { formatCopenhagen } from '../../domain/copenhagenTime';
import { fill, registerTexts } from '../../i18n';
import { asPlainText } from './plainText';

type Read = Extract<AuditTrailResult, { kind: 'ok' }>;

/** Newest first, in Copenhagen time: who, what (the action code), allowed or refused and why. */
export function auditLogView(input: { result: Read; locale: Locale }) {
  const { result, locale } = input;
  const t = registerTexts(locale).audit;
  return {
    t: { ...t, title: fill(t.title, { number: result.number }) },
    intro: fill(t.intro, { total: result.total }),
    number: result.number,
    rows: result.entries.map((e) => ({
      at: formatCopenhagen(new Date(e.at), locale),
      who: asPlainText(e.actorName || e.actorAadId),
      what: `${e.action} · ${e.outcome === 'allowed' ? t.allowed : t.refused}${e.detail ? ` (${asPlainText(e.detail)})` : ''}`,
    })),
    pageText: fill(t.page, { page: result.page, pages: result.pages }),
    hasOlder: result.page < result.pages,
    hasNewer: result.page > 1,
    older: String(result.page + 1),
    newer: String(result.page - 1),
  };
}
