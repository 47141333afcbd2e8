/**
 * Typed text shown as text. Teams draws a card's TextBlocks and FactSets, and a message's text, as
 * markdown: "[Åbn sagen](https://phish.example)" in a report would become a link whose target the
 * coordinator does not see. A zero-width space after every "]" breaks every link form ("](",
 * "][", "]:") and one after "<" breaks autolinks; the text reads exactly as typed. Bold or a list is
 * harmless and left alone. Idempotent, so a view may apply it to text that already had it. (The masker drops zero-width characters on the way in, so this is display only.)
 */
export function asPlainText(text: string): string {
  return text.replace(/\](?!\u200B)/g, ']\u200B').replace(/<(?!\u200B)/g, '<\u200B');
}
