import type { BreachCase } from '../../domain/case';
import { formatCopenhagen } from '../../domain/copenhagenTime';
import { CENTRAL_UNIT_ID } from '../../app/ports';
import { fill, messages } from '../../i18n';
import { asPlainText } from './plainText';
import { managerOf } from '../../domain/nearestManager';
import { managerTexts } from '../../i18n/managerTexts';

/**
 * The receipt names where the report went: the chosen units by name (`unitTitles`: id → the name the
 * reporter picked), or the central group when no unit was named or none is registered.
 */
export function receiptView(
  breachCase: BreachCase,
  repeated: boolean,
  unitTitles: Readonly<Record<string, string>> = {},
  /** A report tied to a known incident: the receipt says it is known and handled, and where. */
  incident?: { number: string; title: string },
) {
  const m = messages(breachCase.reporterLocale);
  const known = incident ? asPlainText(fill(m.incident.receiptKnown, { title: incident.title, number: incident.number })) : '';
  const named = breachCase.report.unitIds.filter((u) => u !== CENTRAL_UNIT_ID).map((u) => unitTitles[u] ?? u);
  const reportedTo = named.length > 0 ? fill(m.receipt.reportedToUnits, { units: named.join(', ') }) : m.receipt.reportedToCentral;
  return {
    t: m.receipt,
    notice: repeated ? m.receipt.already : '',
    known,
    // The nearest manager (issue 18): what they will be told; or, none named, that the procedure still asks
    // the reporter to tell them.
    next: (incident ? m.incident.receiptNext : m.receipt.next) + ` ${managerTexts(breachCase.reporterLocale).reporter[managerOf(breachCase) ? 'managerTold' : 'noManager']}`,
    facts: [
      { title: m.receipt.caseNumber, value: breachCase.number },
      { title: m.receipt.reportedAt, value: formatCopenhagen(new Date(breachCase.reportedAt), breachCase.reporterLocale) },
      { title: m.receipt.reportedTo, value: asPlainText(reportedTo) },
      ...(incident ? [{ title: m.incident.linkedTo, value: incident.number }] : []),
    ],
  };
}
