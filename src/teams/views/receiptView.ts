import type { BreachCase } from '../../domain/case';
import { formatCopenhagen } from '../../domain/copenhagenTime';
import { messages } from '../../i18n';

export function receiptView(breachCase: BreachCase, repeated: boolean) {
  const m = messages(breachCase.reporterLocale);
  return {
    t: m.receipt,
    notice: repeated ? m.receipt.already : '',
    facts: [
      { title: m.receipt.caseNumber, value: breachCase.number },
      { title: m.receipt.reportedAt, value: formatCopenhagen(new Date(breachCase.reportedAt), breachCase.reporterLocale) },
      { title: m.receipt.reportedTo, value: m.receipt.reportedToValue },
    ],
  };
}
