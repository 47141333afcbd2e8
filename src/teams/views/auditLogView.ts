import type { AuditTrailResult } from '../../app/readAuditTrail';
import type { Locale } from '../../domain/case';
import { formatCopenhagen } from '../../domain/copenhagenTime';
import { fill, registerTexts } from '../../i18n';
import { auditWords } from '../../i18n/auditWords';
import { asPlainText } from './plainText';

type Read = Extract<AuditTrailResult, { kind: 'ok' }>;

/**
 * Newest first, in Copenhagen time: who, what they did or tried, and the outcome in words
 * (src/i18n/auditWords.ts), a refusal or rejection in the attention colour so it stands apart from
 * the save that may follow it a moment later. The codes are in the audit export.
 */
export function auditLogView(input: { result: Read; locale: Locale }) {
  const { result, locale } = input;
  const t = registerTexts(locale).audit;
  return {
    t: { ...t, title: fill(t.title, { number: result.number }) },
    intro: fill(t.intro, { total: result.total }),
    number: result.number,
    rows: result.entries.map((e) => {
      const words = auditWords(e, locale);
      return {
        at: formatCopenhagen(new Date(e.at), locale),
        who: asPlainText(e.actorName || e.actorAadId),
        what: asPlainText(words.what),
        outcome: asPlainText(words.outcome),
        color: words.done ? 'default' : 'attention',
      };
    }),
    pageText: fill(t.page, { page: result.page, pages: result.pages }),
    hasOlder: result.page < result.pages,
    hasNewer: result.page > 1,
    older: String(result.page + 1),
    newer: String(result.page - 1),
  };
}
