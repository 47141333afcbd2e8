/**
 * «Tilbage til listen» (issue 17, Must do 7): a case opened from the register list (`sager`) replaces
 * the list on the card (Action.Execute answers in place), so the case card drawn for it gets a button
 * back to the same list: the filter the list card's inputs held and the page it was on (its cursor).
 * The button is added to the drawn card, not to the case card's template: only the person who opened
 * it from the list sees it, and the channel's shared copy of the case card is never touched.
 */
import type { AdaptiveCard } from '@microsoft/teams-ai';
import type { Locale } from '../domain/case';
import { registerTexts } from '../i18n';
import { CARD_BUDGET_BYTES, utf16Bytes } from './cardBudget';
import { fitToBudget } from './cardRenderer';
import type { CardData } from './inputGate';

/** What the list's buttons send that the list needs back; each checked again by register.list. */
const KEPT: Record<string, RegExp> = {
  status: /^[a-z]{1,10}$/,
  year: /^\d{4}$/,
  unit: /^(\*|[a-z0-9-]{1,60})$/,
  notified: /^(\*|yes|no)$/,
  cursor: /^[a-p]{0,2000}$/,
};

/** Opened from the register list: the row button says so (`fromList`, cards/register.json). */
export function openedFromList(data: CardData): boolean {
  return data.fromList === '1';
}

export function withBackToList(card: AdaptiveCard, data: CardData, locale: Locale): AdaptiveCard {
  const back: Record<string, string> = { cursor: '' };
  for (const [key, pattern] of Object.entries(KEPT)) {
    const value = data[key];
    if (typeof value === 'string' && pattern.test(value)) back[key] = value;
  }
  const button = {
    type: 'ActionSet',
    actions: [{ type: 'Action.Execute', title: registerTexts(locale).list.backToList, verb: 'register.list', data: back }],
  };
  // A copy: the case card may come from the renderer's cache, shared with the channel's copy.
  const decorated = { ...card, body: [button, ...((card as { body?: unknown[] }).body ?? [])] } as AdaptiveCard;
  return utf16Bytes(decorated) > CARD_BUDGET_BYTES ? (fitToBudget(decorated as unknown as Record<string, unknown>) as unknown as AdaptiveCard) : decorated;
}
