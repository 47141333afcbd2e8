import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { AdaptiveCard, Application, TurnState } from '@microsoft/teams-ai';
import { actOnCase, type CaseActor } from '../app/actOnCase';
import type { CoordinationDeps } from '../app/coordinationDeps';
import { readCase } from '../app/readCase';
import type { BreachCase, Locale, Person } from '../domain/case';
import type { DomainError } from '../domain/caseWork';
import { datatilsynetDraft, personsLetterDraft } from '../domain/notificationDrafts';
import { caseMessages, domainErrorMessage, domainErrorText } from '../i18n/caseMessages';
import { fill } from '../i18n';
import { cardInputOf, SECTION_OF_VERB, type CaseCardError } from './views/caseCardView';
import { timelineText } from './views/timelineText';
import type { Logger } from '../logging';
import { renderCard } from './cardRenderer';
import { CASE_VERBS, caseCommandFromCard } from './caseCommandFromCard';
import { channelAddressOf } from './channelHandlers';
import { teamsRoster } from './teamsRoster';
import { localeOf, personOf, tenantOf } from './turnIdentity';
import type { CardData } from './inputGate';
import { recordId } from './cardIds';
import { masked } from '../domain/maskedText';
import { renderCaseCard } from './caseCardRenderer';
import { caseDraftView } from './views/caseDraftView';

export interface OrganisationInfo {
  controllerName: string;
  dpoContact: string;
}

interface Ctx {
  deps: CoordinationDeps;
  org: OrganisationInfo;
  log: Logger;
}

/**
 * A refused command for the card: the field it concerns as the card names it (its input id and label),
 * the message under that input, the form it came from drawn open. `stale` prefixes what changed since
 * the card was drawn, when the card was older than the case.
 */
function cardError(locale: Locale, verb: string, error: Omit<DomainError, 'ok'>, stale?: string): CaseCardError {
  const field = cardInputOf(verb, error.field);
  const full: DomainError = { ok: false, ...error, ...(field ? { field } : {}) };
  const text = domainErrorText(full, locale);
  return {
    text: stale ? `${stale}\n\n${text}` : text,
    section: SECTION_OF_VERB[verb],
    ...(field ? { field, message: domainErrorMessage(full, locale) } : {}),
  };
}

/**
 * An action from a card drawn before the case last changed (another coordinator acted, the case was
 * closed or reopened): what happened since, in one line, or undefined when the card was current.
 * Cards drawn before cards carried `rev` say nothing.
 */
function staleNotice(locale: Locale, data: CardData, breachCase: BreachCase): string | undefined {
  const rev = Number(data.rev ?? '');
  const timeline = breachCase.work.timeline;
  if (!Number.isInteger(rev) || data.rev === undefined || data.rev === '' || rev >= timeline.length) return undefined;
  const what = timeline
    .slice(rev)
    .slice(-2)
    .map((entry) => timelineText(entry, locale, { withDate: true }))
    .join('; ');
  return fill(caseMessages(locale).card.stale, { what });
}

/** The card for the person who pressed the button, in their language; the channel copy is updated separately. */
function cardFor(context: TurnContext, ctx: Ctx, breachCase: BreachCase, extra: { error?: CaseCardError; values?: CardData; part?: string } = {}): AdaptiveCard {
  const channel = channelAddressOf(context);
  const post = breachCase.posts.find((p) => p.channel.channelId === channel?.channelId);
  return renderCaseCard({ breachCase, post, locale: localeOf(context), now: ctx.deps.clock.now(), error: extra.error, values: extra.values, part: extra.part });
}


/**
 * The colleague to hand over to must be a member of this team right now; looked up by mail or UPN.
 * Not found → undefined (the card says the field is required); Teams not answering → 'unavailable'.
 */
async function resolveColleague(context: TurnContext, teamId: string, mail: string): Promise<Person | undefined | 'unavailable'> {
  if (!mail) return undefined;
  try {
    const member = await TeamsInfo.getTeamMember(context, teamId, mail);
    if (!member?.aadObjectId) return undefined;
    // The name comes from Teams, not through the gate, and will be drawn on cards: masked like typed text.
    return { aadObjectId: member.aadObjectId, teamsUserId: member.id, name: masked(member.name ?? mail) };
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    return status === 404 || status === 403 ? undefined : 'unavailable';
  }
}

export function registerCoordinatorHandlers(app: Application<TurnState>, ctx: Ctx): void {
  const { deps, log } = ctx;

  const actorOf = (context: TurnContext): CaseActor | null => {
    const channel = channelAddressOf(context);
    if (!channel) return null;
    return { person: personOf(context), teamId: channel.teamId, roster: teamsRoster(context, log) };
  };

  app.adaptiveCards.actionExecute(
    CASE_VERBS.map((v) => `case.${v}`),
    async (context, _state, data: CardData) => {
      const verb = String((context.activity.value as { action?: { verb?: string } }).action?.verb ?? '').slice('case.'.length);
      const locale = localeOf(context);
      const m = caseMessages(locale);
      const actor = actorOf(context);
      if (!actor) return m.refused.wrong_team;
      const tenantId = tenantOf(context);
      const caseId = recordId(data.caseId);
      if (!caseId) return m.notFound;
      const handOverTo = verb === 'handOver' ? await resolveColleague(context, actor.teamId, data.handOverTo ?? '') : undefined;
      if (handOverTo === 'unavailable') return m.refused.roster_unavailable;
      const parsed = caseCommandFromCard(verb, data, handOverTo);
      if (!parsed.ok) {
        const read = await readCase(deps, tenantId, caseId, actor, `case.${verb}`);
        if (read.kind === 'not_found') return m.notFound;
        if (read.kind === 'refused') return m.refused[read.reason];
        return cardFor(context, ctx, read.breachCase, { error: cardError(locale, verb, parsed, staleNotice(locale, data, read.breachCase)), values: data });
      }
      const result = await actOnCase(deps, tenantId, caseId, actor, parsed.command);
      log.info('case.action', { verb, outcome: result.kind, ...(result.kind === 'rejected' ? { error: result.error.error } : {}) });
      switch (result.kind) {
        case 'not_found':
          return m.notFound;
        case 'contended':
          return m.contended;
        case 'refused':
          return m.refused[result.reason];
        case 'rejected':
          return cardFor(context, ctx, result.breachCase, { error: cardError(locale, verb, result.error, staleNotice(locale, data, result.breachCase)), values: data });
        case 'done':
          return cardFor(context, ctx, result.breachCase);
      }
    },
  );

  app.adaptiveCards.actionExecute(['case.show', 'case.draftAuthority', 'case.draftPersons'], async (context, _state, data: CardData) => {
    const verb = String((context.activity.value as { action?: { verb?: string } }).action?.verb ?? '');
    const locale = localeOf(context);
    const m = caseMessages(locale);
    const actor = actorOf(context);
    if (!actor) return m.refused.wrong_team;
    const action = verb === 'case.show' ? 'case.read' : verb === 'case.draftAuthority' ? 'case.draft.authority' : 'case.draft.persons';
    const caseId = recordId(data.caseId);
    if (!caseId) return m.notFound;
    const read = await readCase(deps, tenantOf(context), caseId, actor, action);
    if (read.kind === 'not_found') return m.notFound;
    if (read.kind === 'refused') return m.refused[read.reason];
    // `part`: a part of the whole case («Vis hele sagen», caseRecordView.ts) instead of the case card.
    if (verb === 'case.show') return cardFor(context, ctx, read.breachCase, { part: data.part });
    const work = read.breachCase.work;
    const now = deps.clock.now();
    const text =
      verb === 'case.draftAuthority' ? datatilsynetDraft(read.breachCase, work, ctx.org, now) : personsLetterDraft(read.breachCase, work, ctx.org);
    return renderCard(
      'caseDraft',
      caseDraftView({ breachCase: read.breachCase, kind: verb === 'case.draftAuthority' ? 'authority' : 'persons', text, locale }),
    ) as AdaptiveCard;
  });
}
