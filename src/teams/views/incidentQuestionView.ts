import type { ListedIncident } from '../../app/ports';
import type { Locale } from '../../domain/case';
import { fill, messages } from '../../i18n';
import { asPlainText } from './plainText';

/** At most this many incidents are offered; a tenant rarely has more than one or two at a time. */
export const INCIDENTS_OFFERED = 5;

/**
 * Before the report form, while the tenant has active known incidents: "Er det om: <title>?" per
 * incident (newest first), or "Nej, det er noget andet" to the full form of the same draft.
 */
export function incidentQuestionView(input: { locale: Locale; draftId: string; etag: string; incidents: ListedIncident[]; notice?: string }) {
  const t = messages(input.locale).incident;
  return {
    t,
    draftId: input.draftId,
    etag: input.etag,
    notice: input.notice ?? '',
    incidents: input.incidents.slice(0, INCIDENTS_OFFERED).map((i) => ({ caseId: i.caseId, question: asPlainText(fill(t.isIt, { title: i.title })) })),
  };
}
