/**
 * Words typed in the 1:1 chat that are not a command (issue 17, must do 3): a person describing a breach
 * in their own words ("Jeg har sendt en mail med en borgers sag til den forkerte, hvad gør jeg?") is
 * offered a report with that text as «Hvad er der sket?». These are the rules for how the text becomes
 * that field; the text arrives masked (the input gate) and stays masked.
 */
import { masked, type MaskedText } from './maskedText';
import { LIMITS } from './reportValidation';

/**
 * Shorter than the field's minimum, the words are no description ("hej", "ok", "tak"): the offer is
 * then a plain report, without the text, rather than a form that starts with an error.
 */
export function describesSomething(text: MaskedText): boolean {
  return text.length >= LIMITS.whatHappenedMin;
}

/**
 * The text within the field's limit. Longer text is cut, not refused: the chat message keeps the whole
 * text in the reporter's own history, the field must fit the form, and a refusal would send the reporter
 * back to typing. The cut falls at a word boundary near the limit (never inside a surrogate pair), and the
 * caller says it was cut.
 */
export function fitWhatHappened(text: MaskedText): { text: MaskedText; cut: boolean } {
  const max = LIMITS.whatHappened;
  if (text.length <= max) return { text, cut: false };
  let end: number = max;
  const space = text.lastIndexOf(' ', max);
  const newline = text.lastIndexOf('\n', max);
  const boundary = Math.max(space, newline);
  if (boundary > max - 200) end = boundary;
  else if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end -= 1;
  // Masked again (idempotent): the type says so, and a cut cannot reveal anything masking hid.
  return { text: masked(text.slice(0, end)), cut: true };
}

export type Seeding =
  /** The field was empty: the text is the field. */
  | 'set'
  /** The field holds the text already (a second press, a Teams retry): nothing changes. */
  | 'same'
  /** A report in progress had its own description: the text is added below it, never over it. */
  | 'appended'
  /** Added below, the field would pass its limit: the draft is left as it is, and the reporter told. */
  | 'noRoom';

/**
 * How a typed text goes into «Hvad er der sket?» of a draft. A report in progress is never overwritten:
 * the reporter wrote its description on purpose, and the new words are most likely more about the same
 * breach (they are typed while the form is open). Appending keeps both and costs one edit when they do
 * not belong; asking first would cost every reporter a step. The reporter is told which happened.
 */
export function seedWhatHappened(current: MaskedText, typed: MaskedText): { value: MaskedText; seeding: Seeding; cut: boolean } {
  const fitted = fitWhatHappened(typed);
  if (current === '') return { value: fitted.text, seeding: 'set', cut: fitted.cut };
  if (current.includes(fitted.text)) return { value: current, seeding: 'same', cut: fitted.cut };
  const combined = `${current}\n\n${fitted.text}`;
  if (combined.length > LIMITS.whatHappened) return { value: current, seeding: 'noRoom', cut: fitted.cut };
  return { value: masked(combined), seeding: 'appended', cut: fitted.cut };
}
