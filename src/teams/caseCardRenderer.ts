import type { AdaptiveCard } from '@microsoft/teams-ai';
import type { BreachCase, CasePost, Locale } from '../domain/case';
import { renderCard } from './cardRenderer';
import { caseCardView, type CaseCardError } from './views/caseCardView';

/**
 * The case card is drawn twice per action: in the answer to the coordinator who pressed the button
 * and in the update for everyone in the channel. Same case state, same channel, same language and
 * same minute (the countdown shows minutes) give the same card, so it is drawn once.
 */
const cache = new Map<string, AdaptiveCard>();
const MAX = 200;

function stateKey(c: BreachCase, post: CasePost | undefined, locale: Locale, now: Date): string {
  const work = c.work;
  return [
    c.id,
    c.status,
    work.timeline.length,
    work.owner?.aadObjectId ?? '',
    c.linkedFrom.length,
    post?.channel.channelId ?? '',
    post?.viaCentral ? 1 : 0,
    locale,
    Math.floor(now.getTime() / 60_000),
  ].join('|');
}

export function renderCaseCard(input: { breachCase: BreachCase; post?: CasePost; locale: Locale; now: Date; error?: CaseCardError; values?: Record<string, string> }): AdaptiveCard {
  // A card with an error or typed values belongs to one person and one moment: never shared.
  if (input.error || input.values) return renderCard('caseCard', caseCardView(input)) as AdaptiveCard;
  const key = stateKey(input.breachCase, input.post, input.locale, input.now);
  const hit = cache.get(key);
  if (hit) return hit;
  const card = renderCard('caseCard', caseCardView(input)) as AdaptiveCard;
  if (cache.size >= MAX) cache.delete(cache.keys().next().value as string);
  cache.set(key, card);
  return card;
}
