import type { Application, TurnState } from '@microsoft/teams-ai';
import { confirmAccessReview } from '../app/accessReview';
import type { CoordinationDeps } from '../app/coordinationDeps';
import { formatCopenhagen } from '../domain/copenhagenTime';
import { fill } from '../i18n';
import { reviewTexts } from '../i18n/reviewTexts';
import type { Logger } from '../logging';
import { channelAddressOf } from './channelHandlers';
import { teamsRoster } from './teamsRoster';
import { localeOf, personOf, tenantOf } from './turnIdentity';
import type { CardData } from './inputGate';
import { NO_ID, recordId } from './cardIds';

/** "Bekræft gennemgang" on the access review card in the central channel. */
export function registerReviewHandlers(app: Application<TurnState>, ctx: { deps: CoordinationDeps; log: Logger }): void {
  app.adaptiveCards.actionExecute('review.confirm', async (context, _state, data: CardData) => {
    const t = reviewTexts(localeOf(context));
    const channel = channelAddressOf(context);
    if (!channel) return t.refused;
    const person = personOf(context);
    const result = await confirmAccessReview(ctx.deps, tenantOf(context), recordId(data.reviewId) ?? NO_ID, {
      person,
      teamId: channel.teamId,
      roster: teamsRoster(context, ctx.log),
    });
    ctx.log.info('access.review.confirm', { outcome: result.kind });
    if (result.kind === 'refused') return result.reason === 'roster_unavailable' ? t.rosterUnavailable : t.refused;
    if (result.kind === 'stale') return t.stale;
    return fill(t.confirmed, { name: person.name, at: formatCopenhagen(ctx.deps.clock.now(), localeOf(context)) });
  });
}
