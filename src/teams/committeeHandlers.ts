/**
 * The information-security committee's card (issue 18, part 2): «Indkald krisecelle» / «Ingen krisecelle»
 * with the roles ticked. Only live members of the committee's team, from the committee's channel, may
 * decide (src/app/caseAccess.ts: the committee seat); it goes through actOnCase like every case command,
 * so it is authorized, audited, recorded on the case and announced through the outbox. The presser gets
 * the committee's card back, never the case card.
 */
import type { AdaptiveCard, Application, TurnState } from '@microsoft/teams-ai';
import { actOnCase } from '../app/actOnCase';
import type { CoordinationDeps } from '../app/coordinationDeps';
import { CRISIS_ROLES } from '../domain/committee';
import { caseMessages, domainErrorMessage } from '../i18n/caseMessages';
import { committeeTexts } from '../i18n/committeeTexts';
import type { Logger } from '../logging';
import { recordId } from './cardIds';
import { channelAddressOf } from './channelHandlers';
import { renderCommitteeCard } from './committeeCard';
import type { CardData } from './inputGate';
import { teamsRoster } from './teamsRoster';
import { localeOf, personOf, tenantOf } from './turnIdentity';
import { ROLE_INPUT } from './views/committeeCardView';

export function registerCommitteeHandlers(app: Application<TurnState>, ctx: { deps: CoordinationDeps; log: Logger }): void {
  const { deps, log } = ctx;
  app.adaptiveCards.actionExecute('committee.decide', async (context, _state, data: CardData): Promise<AdaptiveCard | string> => {
    const locale = localeOf(context);
    const m = caseMessages(locale);
    const t = committeeTexts(locale);
    const channel = channelAddressOf(context);
    if (!channel) return t.refused;
    const caseId = recordId(data.caseId);
    if (!caseId) return m.notFound;
    const actor = { person: personOf(context), teamId: channel.teamId, roster: teamsRoster(context, log) };
    // An edited card's other value is the domain's to refuse ('invalid_choice').
    const convene = (data.convene === 'yes' ? true : data.convene === 'no' ? false : data.convene) as boolean;
    const roles = CRISIS_ROLES.filter((role) => data[ROLE_INPUT(role)] === 'true');
    const result = await actOnCase(deps, tenantOf(context), caseId, actor, { type: 'decideCrisisCell', convene, roles });
    log.info('committee.decide', { outcome: result.kind, ...(result.kind === 'rejected' ? { error: result.error.error } : {}) });
    const now = deps.clock.now();
    switch (result.kind) {
      case 'not_found':
        return m.notFound;
      case 'contended':
        return m.contended;
      case 'refused':
        return result.reason === 'committee_only' ? t.refused : m.refused[result.reason];
      case 'rejected': {
        const roleFault = result.error.field === 'roles' && result.error.error === 'required';
        const text = roleFault ? t.card.rolesRequired : domainErrorMessage(result.error, locale);
        return renderCommitteeCard(result.breachCase, locale, now, { error: { text, roles: roleFault }, values: data });
      }
      case 'done':
        return renderCommitteeCard(result.breachCase, locale, now);
    }
  });
}
