import type { BreachCase, Locale } from '../../domain/case';
import { reporterFeedback } from '../../domain/notificationDrafts';
import { messages } from '../../i18n';
import { caseMessages } from '../../i18n/caseMessages';
import { asPlainText } from './plainText';

/** The Ishøj feedback to the reporter in their 1:1 chat: six points, the case number, the duty of confidentiality. */
export function feedbackView(breachCase: BreachCase, locale: Locale) {
  const feedback = reporterFeedback(breachCase, breachCase.work, locale);
  return {
    t: caseMessages(locale).feedback,
    title: feedback.title,
    lines: feedback.lines.map((text) => ({ text: asPlainText(text) })),
    number: breachCase.number,
    confidentiality: messages(locale).receipt.confidentiality,
  };
}
