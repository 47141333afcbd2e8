/**
 * How big a message to Teams may be, counted as Teams counts it, and the budget every card the bot
 * sends is held to (issue 16, finding 7).
 *
 * Counting: Teams measures a message as UTF-16, two bytes per UTF-16 code unit of its JSON text
 * (Microsoft Learn, "Format your bot messages" / 413 MessageSizeTooBig). A JavaScript string's
 * `length` counts UTF-16 code units, so the size of a card or activity is 2 × the length of its
 * JSON.stringify: "æ" counts 2 bytes (1 unit), "\n" inside a string 4 (two characters of JSON), an
 * emoji 4 (a surrogate pair). `utf16Bytes` is the one measuring function; the renderers, the fake
 * connector and the tests all use it.
 *
 * The budget, decided:
 * - TEAMS_MESSAGE_LIMIT_BYTES (100 KB): what Teams documents today; above it Teams answers 413
 *   MessageSizeTooBig and the card never arrives. The fake connector refuses at this size.
 * - MESSAGE_BUDGET_BYTES (40 KB): the most any activity the bot sends (a post, a card update, a 1:1
 *   message) or any invoke answer may weigh. Microsoft advises staying well under the limit, and older
 *   clients and pages give 28–40 KB; 40 KB is the top of that range. Lower is not reachable without
 *   moving the case card's forms off the card: the case card's fixed part (its forms, labels, choices
 *   and buttons, no case text) already weighs 29 KB for a new case and about 34 KB for a taken one.
 * - CARD_BUDGET_BYTES (36 KB): what a rendered card may weigh, so that the activity around it (service
 *   URL, conversation, ids, names, channel data: 1.3 KB measured with 100-character names, up to about
 *   2 KB with Teams' longer ids) or the invoke answer's envelope (< 0.2 KB) still fits in
 *   MESSAGE_BUDGET_BYTES with room to spare. The renderers hold every card to it (cardRenderer.ts,
 *   caseCardRenderer.ts); test/e2e/cardBudget.test.ts holds every activity and invoke answer to
 *   MESSAGE_BUDGET_BYTES.
 */
export const TEAMS_MESSAGE_LIMIT_BYTES = 100 * 1024;
export const MESSAGE_BUDGET_BYTES = 40 * 1024;
export const CARD_BUDGET_BYTES = 36 * 1024;

/** The size of a value as Teams counts it: 2 bytes per UTF-16 code unit of its JSON (a string is measured as JSON text already). */
export function utf16Bytes(value: unknown): number {
  return 2 * (typeof value === 'string' ? value : (JSON.stringify(value) ?? '')).length;
}

/** A size for people: "31.7 KB". */
export function formatKb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export function withinCardBudget(card: unknown): boolean {
  return utf16Bytes(card) <= CARD_BUDGET_BYTES;
}

const SHORTER = Symbol('shorter');

/**
 * A view model may offer a shorter version of itself for when its card is over CARD_BUDGET_BYTES
 * (renderCard asks for it, and again, until the card fits or nothing shorter is offered). Kept out of
 * sight (a non-enumerable symbol): templates, JSON and deep comparisons of a view model do not see it.
 */
export function offerShorter<T extends object>(model: T, shorter: (() => object) | undefined): T {
  if (shorter) Object.defineProperty(model, SHORTER, { value: shorter, enumerable: false });
  return model;
}

/** The shorter version a view model offers, if any. */
export function shorterOf(model: object): object | undefined {
  const shorter = (model as { [SHORTER]?: () => object })[SHORTER];
  return typeof shorter === 'function' ? shorter() : undefined;
}

/**
 * `text` cut to at most `max` characters, ending in "…" when cut (never inside a surrogate pair).
 * For what is shown only: a value a form sends back is left out whole or kept whole, never cut.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…';
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}
