import type { Locale } from '../../domain/case';
import { mentionsCpr } from '../../domain/cpr';
import { describesSomething, fitWhatHappened } from '../../domain/freeText';
import type { MaskedText } from '../../domain/maskedText';
import { LIMITS } from '../../domain/reportValidation';
import { fill, messages } from '../../i18n';

/**
 * The answer to words in the 1:1 chat that are no command (issue 17, must do 3): «Anmeld et brud med
 * denne tekst», which starts the report with the words as «Hvad er der sket?», and «Er det et brud?» (the
 * welcome card's three questions). The words stand in an input on the card (masked, cut to the field's
 * limit): the reporter sees exactly what will be carried, can correct it, and the one copy rides with
 * every button of the card (Action.Execute gathers the card's inputs, from inside «Er det et brud?» too),
 * so nothing is stored before the reporter asks for it. Words too short to describe anything ("hej")
 * are not carried: the buttons then start a plain report.
 */
export function textOfferView(input: { locale: Locale; text: MaskedText; notice?: string }) {
  const m = messages(input.locale);
  const hasText = describesSomething(input.text);
  const fitted = hasText ? fitWhatHappened(input.text) : { text: '' as MaskedText, cut: false };
  const notices = [
    input.notice,
    fitted.cut ? fill(m.freeText.cut, { max: LIMITS.whatHappened }) : undefined,
    // As the form says it: the chat above still shows what was typed, the card and the report never do.
    hasText && mentionsCpr(fitted.text) ? m.summary.cprWarning : undefined,
  ].filter((n): n is string => !!n);
  return {
    t: { ...m.welcome, ...m.freeText },
    hasText,
    text: fitted.text,
    reportTitle: hasText ? m.freeText.reportWithText : m.welcome.reportButton,
    notice: notices.join(' '),
  };
}
