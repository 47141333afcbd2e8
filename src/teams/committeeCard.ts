import type { AdaptiveCard } from '@microsoft/teams-ai';
import type { BreachCase, Locale } from '../domain/case';
import { committeeView } from '../domain/visibility';
import { renderCard } from './cardRenderer';
import { committeeCardView, type CommitteeCardInput } from './views/committeeCardView';

/** The committee's card for a case: through the visibility policy's committeeView, never the case itself. */
export function renderCommitteeCard(c: BreachCase, locale: Locale, now: Date, extra: Pick<CommitteeCardInput, 'error' | 'values'> = {}): AdaptiveCard {
  return renderCard('committeeCard', committeeCardView({ view: committeeView(c, now), locale, ...extra })) as AdaptiveCard;
}
