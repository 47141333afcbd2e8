import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { AdaptiveCard, Application, TurnState } from '@microsoft/teams-ai';
import { actOnCase, type CaseActor } from '../app/actOnCase';
import type { CoordinationDeps } from '../app/coordinationDeps';
import { readCase } from '../app/readCase';
import type { BreachCase, Locale, Person } from '../domain/case';
import { RISK_LEVELS, type DomainError, type RiskLevel } from '../domain/caseWork';
import { proposeAssessment } from '../domain/caseWork/proposal';
import { datatilsynetDraft, personsLetterDraft } from '../domain/notificationDrafts';
import { caseMessages, domainErrorMessage, domainErrorText } from '../i18n/caseMessages';
import { fill } from '../i18n';
import { cardInputOf, SECTION_OF_VERB, type CaseCardError } from './views/caseCardView';
import { timelineText } from './views/timelineText';
import type { Logger } from '../logging';
import { renderCard } from './cardRenderer';
import { CASE_VERBS, caseCommandFromCard, enisaFromCard } from './caseCommandFromCard';
import { channelAddressOf } from './channelHandlers';
import { teamsRoster } from './teamsRoster';
import { localeOf, personOf, tenantOf } from './turnIdentity';
import type { CardData } from './inputGate';
import { recordId } from './cardIds';
import { masked } from '../domain/maskedText';
import { renderCaseCard } from './caseCardRenderer';
import { caseDraftView } from './views/caseDraftView';
import { caseRouteView } from './views/caseRouteView';
import { seatOf } from '../app/caseAccess';
import { CENTRAL_UNIT_ID } from '../app/ports';
import type { RouteTarget } from '../domain/caseWork';
import { openedFromList, withBackToList } from './backToList';

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
function cardFor(
  context: TurnContext,
  ctx: Ctx,
  breachCase: BreachCase,
  extra: { error?: CaseCardError; values?: CardData; part?: string; proposed?: boolean; confirmEndIncident?: boolean } = {},
): AdaptiveCard {
  const channel = channelAddressOf(context);
  const post = breachCase.posts.find((p) => p.channel.channelId === channel?.channelId);
  return renderCaseCard({
    breachCase,
    post,
    locale: localeOf(context),
    now: ctx.deps.clock.now(),
    error: extra.error,
    values: extra.values,
    part: extra.part,
    proposed: extra.proposed,
    confirmEndIncident: extra.confirmEndIncident,
  });
}

/**
 * The bot proposes, the coordinator decides (issue 17, finding 4). Adaptive Cards compute nothing in
 * Teams, so the proposal is a round trip: «Beregn forslag» (`case.proposeAssessment`), or «Gem vurdering»
 * pressed with the ENISA inputs but no decision, answers with the card showing the score, the band and
 * the proposal, risk and decision preselected from it and every typed value kept. Nothing is saved
 * until the coordinator presses «Gem vurdering» with a decision, so it is audited as what it is, a read
 * of the case (`case.proposeAssessment`). `keepRisk`: a save without a decision keeps the risk the
 * coordinator chose; the button proposes both.
 */
async function proposalCard(
  context: TurnContext,
  ctx: Ctx,
  actor: CaseActor,
  caseId: string,
  data: CardData,
  keepRisk: boolean,
): Promise<AdaptiveCard | string> {
  const locale = localeOf(context);
  const m = caseMessages(locale);
  const read = await readCase(ctx.deps, tenantOf(context), caseId, actor, 'case.proposeAssessment');
  if (read.kind === 'not_found') return m.notFound;
  if (read.kind === 'refused') return m.refused[read.reason];
  const enisa = enisaFromCard(data);
  if (enisa.kind !== 'input') {
    // Which input the proposal still needs, beside it.
    const field = enisa.kind === 'error' ? enisa.field : 'dpcBase';
    const error = cardError(locale, 'assess', { error: 'invalid_choice', field });
    return cardFor(context, ctx, read.breachCase, {
      error: enisa.kind === 'none' ? { ...error, text: m.card.assess.proposalNeedsInputs, message: m.card.assess.proposalNeedsInputs } : error,
      values: data,
    });
  }
  const chosen = (RISK_LEVELS as readonly string[]).includes(data.risk ?? '') ? (data.risk as RiskLevel) : undefined;
  const { preselect } = proposeAssessment(enisa.input, keepRisk ? chosen : undefined);
  return cardFor(context, ctx, read.breachCase, { values: { ...data, risk: masked(preselect.risk), decision: masked(preselect.decision) }, proposed: true });
}


/** The registered units a «Send videre» names (the card's ids), as the domain's route targets. */
async function routeTargetsOf(deps: CoordinationDeps, tenantId: string, chosen: string): Promise<RouteTarget[]> {
  const ids = [...new Set(chosen.split(',').map((s) => s.trim()).filter((s) => s !== '' && s !== CENTRAL_UNIT_ID))];
  const targets: RouteTarget[] = [];
  for (const id of ids) {
    const unit = await deps.units.get(tenantId, id);
    // An id that is no registered unit (an edited card, a unit removed meanwhile) is not a target.
    if (unit) targets.push({ unitId: unit.id, unitName: unit.name, channel: unit.channel, locale: unit.locale });
  }
  return targets;
}

/** The route card for the case, with the tenant's registered units. */
async function routeCard(ctx: Ctx, c: BreachCase, locale: Locale, error?: { text: string; field?: string }, chosen?: string): Promise<AdaptiveCard> {
  const units = await ctx.deps.units.list(c.tenantId);
  return renderCard('caseRoute', caseRouteView({ breachCase: c, units, locale, error, chosen })) as AdaptiveCard;
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
      // «Gem vurdering» with the ENISA inputs but no decision: the proposal to decide on, not «Vælg fra listen».
      if (verb === 'assess' && !data.decision && enisaFromCard(data).kind === 'input') return proposalCard(context, ctx, actor, caseId, data, true);
      // Ending an incident stops every reporter's question at once (issue 17, finding 8): «Afslut
      // hændelsen» answers with the card asking «Ja, afslut hændelsen» / «Fortryd», and only that press
      // ends it. A round trip rather than a hidden part of every card: the case card is at its budget.
      // Showing the question is a read of the case, audited as one.
      if (verb === 'endIncident' && data.confirmed !== 'yes') {
        const read = await readCase(deps, tenantId, caseId, actor, 'case.show');
        if (read.kind === 'not_found') return m.notFound;
        if (read.kind === 'refused') return m.refused[read.reason];
        return cardFor(context, ctx, read.breachCase, { confirmEndIncident: true });
      }
      const handOverTo = verb === 'handOver' ? await resolveColleague(context, actor.teamId, data.handOverTo ?? '') : undefined;
      if (handOverTo === 'unavailable') return m.refused.roster_unavailable;
      const routeTargets = verb === 'route' ? await routeTargetsOf(deps, tenantId, data.routeUnits ?? '') : undefined;
      const parsed = caseCommandFromCard(verb, data, handOverTo, routeTargets);
      if (!parsed.ok) {
        // Audited as the attempt it was, refused before the domain saw it: «forsøgte at …: afvist – <field> mangler».
        const read = await readCase(deps, tenantId, caseId, actor, `case.${verb}`, `rejected:${parsed.error}:${parsed.field}`);
        if (read.kind === 'not_found') return m.notFound;
        if (read.kind === 'refused') return m.refused[read.reason];
        return cardFor(context, ctx, read.breachCase, { error: cardError(locale, verb, parsed, staleNotice(locale, data, read.breachCase)), values: data });
      }
      const result = await actOnCase(deps, tenantId, caseId, actor, parsed.command);
      log.info('case.action', { verb, outcome: result.kind, ...(result.kind === 'rejected' ? { error: result.error.error } : {}) });
      // «Send videre»: a refusal comes back on the route card, with the choice kept and the message beside it.
      if (verb === 'route' && result.kind === 'rejected') {
        const text = domainErrorMessage(result.error, locale);
        return routeCard(ctx, result.breachCase, locale, { text, field: 'routeUnits' }, data.routeUnits);
      }
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

  // «Send videre til en enhed …» on the central channel's card: the units to choose from (issue 17).
  app.adaptiveCards.actionExecute('case.routeForm', async (context, _state, data: CardData) => {
    const locale = localeOf(context);
    const m = caseMessages(locale);
    const actor = actorOf(context);
    if (!actor) return m.refused.wrong_team;
    const caseId = recordId(data.caseId);
    if (!caseId) return m.notFound;
    const tenantId = tenantOf(context);
    const read = await readCase(deps, tenantId, caseId, actor, 'case.read');
    if (read.kind === 'not_found') return m.notFound;
    if (read.kind === 'refused') return m.refused[read.reason];
    if (!(await seatOf(deps, tenantId, actor.teamId)).central) return m.refused.central_only;
    return routeCard(ctx, read.breachCase, locale);
  });

  app.adaptiveCards.actionExecute('case.proposeAssessment', async (context, _state, data: CardData) => {
    const m = caseMessages(localeOf(context));
    const actor = actorOf(context);
    if (!actor) return m.refused.wrong_team;
    const caseId = recordId(data.caseId);
    if (!caseId) return m.notFound;
    return proposalCard(context, ctx, actor, caseId, data, false);
  });

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
    if (verb === 'case.show') {
      const card = cardFor(context, ctx, read.breachCase, { part: data.part });
      return openedFromList(data) ? withBackToList(card, data, locale) : card;
    }
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
