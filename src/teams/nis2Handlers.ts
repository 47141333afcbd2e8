/**
 * «NIS2 …» on the case card (issue 18, part 3): the NIS2 card, its three commands and its drafts. The
 * commands go the way every case command goes (src/app/actOnCase.ts: authorize with the live roster, the
 * case decides, audited, delivered through the outbox); a refusal comes back on the NIS2 card with the
 * message under its input and what was typed kept.
 */
import type { TurnContext } from 'botbuilder';
import type { AdaptiveCard, Application, TurnState } from '@microsoft/teams-ai';
import { actOnCase, type CaseActor } from '../app/actOnCase';
import type { CoordinationDeps } from '../app/coordinationDeps';
import { readCase } from '../app/readCase';
import type { BreachCase, Locale } from '../domain/case';
import type { CaseCommand, DomainError, DomainErrorCode } from '../domain/caseWork';
import { copenhagenLocalToInstant } from '../domain/copenhagenTime';
import { NIS2_DRAFT_KINDS, nis2Draft, type Nis2DraftKind } from '../domain/duties/nis2Drafts';
import { EMPTY_TEXT } from '../domain/maskedText';
import { fill } from '../i18n';
import { caseMessages, domainErrorMessage, domainErrorText } from '../i18n/caseMessages';
import { nis2Texts } from '../i18n/nis2Texts';
import type { Logger } from '../logging';
import { renderCard } from './cardRenderer';
import { recordId } from './cardIds';
import { channelAddressOf } from './channelHandlers';
import type { CardData } from './inputGate';
import { teamsRoster } from './teamsRoster';
import { localeOf, personOf, tenantOf } from './turnIdentity';
import { caseDraftView } from './views/caseDraftView';
import { caseNis2View, NIS2_CARD_INPUTS, NIS2_INPUT_OF_FIELD } from './views/caseNis2View';
import type { OrganisationInfo } from './coordinatorHandlers';

export const NIS2_VERBS = ['markNis2', 'unmarkNis2', 'recordNis2Report'] as const;

type Parsed = { ok: true; command: CaseCommand } | { ok: false; error: DomainErrorCode; field: string };

const str = (data: CardData, key: string): string => data[key] ?? EMPTY_TEXT;

/** The NIS2 card's inputs (masked by the input gate) → a command; only shape is checked here, the rules are the domain's. */
export function nis2CommandFromCard(verb: string, data: CardData): Parsed {
  switch (verb) {
    case 'markNis2':
      return { ok: true, command: { type: 'markNis2', reason: str(data, 'nis2Reason') } };
    case 'unmarkNis2':
      return { ok: true, command: { type: 'unmarkNis2', reason: str(data, 'nis2UnmarkReason') } };
    case 'recordNis2Report': {
      const date = str(data, 'nis2Date');
      const time = str(data, 'nis2Time').slice(0, 5);
      if (!date) return { ok: false, error: 'required', field: 'nis2Date' };
      if (!time) return { ok: false, error: 'required', field: 'nis2Time' };
      const at = copenhagenLocalToInstant(date, time);
      if (!at) return { ok: false, error: 'invalid_instant', field: 'nis2Date' };
      return {
        ok: true,
        command: {
          type: 'recordNis2Report',
          kind: str(data, 'nis2Kind') as never,
          at: at.toISOString(),
          reference: str(data, 'nis2Reference'),
          delayReason: str(data, 'nis2DelayReason') || undefined,
        },
      };
    }
    default:
      return { ok: false, error: 'invalid_choice', field: 'verb' };
  }
}

interface Ctx {
  deps: CoordinationDeps;
  org: OrganisationInfo;
  log: Logger;
}

function nis2Card(ctx: Ctx, c: BreachCase, locale: Locale, extra: { error?: { text: string; field?: string; message?: string }; values?: CardData } = {}): AdaptiveCard {
  return renderCard('caseNis2', caseNis2View({ breachCase: c, locale, now: ctx.deps.clock.now(), error: extra.error, values: extra.values })) as AdaptiveCard;
}

/** A refusal for the NIS2 card: the text at the top, the message under the input it concerns. */
function refusal(locale: Locale, verb: string, error: Omit<DomainError, 'ok'>) {
  const field = error.field && (NIS2_CARD_INPUTS as readonly string[]).includes(error.field) ? error.field : error.field ? NIS2_INPUT_OF_FIELD[verb]?.[error.field] : undefined;
  const full: DomainError = { ok: false, ...error };
  return { text: domainErrorText(full, locale), ...(field ? { field, message: domainErrorMessage(full, locale) } : {}) };
}

export function registerNis2Handlers(app: Application<TurnState>, ctx: Ctx): void {
  const { deps, log } = ctx;
  const actorOf = (context: TurnContext): CaseActor | null => {
    const channel = channelAddressOf(context);
    if (!channel) return null;
    return { person: personOf(context), teamId: channel.teamId, roster: teamsRoster(context, log) };
  };
  const verbOf = (context: TurnContext) => String((context.activity.value as { action?: { verb?: string } }).action?.verb ?? '');

  // The NIS2 card: a read of the case, audited as one.
  app.adaptiveCards.actionExecute('case.nis2', async (context, _state, data: CardData) => {
    const locale = localeOf(context);
    const m = caseMessages(locale);
    const actor = actorOf(context);
    if (!actor) return m.refused.wrong_team;
    const caseId = recordId(data.caseId);
    if (!caseId) return m.notFound;
    const read = await readCase(deps, tenantOf(context), caseId, actor, 'case.read');
    if (read.kind === 'not_found') return m.notFound;
    if (read.kind === 'refused') return m.refused[read.reason];
    return nis2Card(ctx, read.breachCase, locale);
  });

  app.adaptiveCards.actionExecute(
    NIS2_VERBS.map((v) => `case.${v}`),
    async (context, _state, data: CardData) => {
      const verb = verbOf(context).slice('case.'.length);
      const locale = localeOf(context);
      const m = caseMessages(locale);
      const actor = actorOf(context);
      if (!actor) return m.refused.wrong_team;
      const tenantId = tenantOf(context);
      const caseId = recordId(data.caseId);
      if (!caseId) return m.notFound;
      const parsed = nis2CommandFromCard(verb, data);
      if (!parsed.ok) {
        const read = await readCase(deps, tenantId, caseId, actor, `case.${verb}`, `rejected:${parsed.error}:${parsed.field}`);
        if (read.kind === 'not_found') return m.notFound;
        if (read.kind === 'refused') return m.refused[read.reason];
        return nis2Card(ctx, read.breachCase, locale, { error: refusal(locale, verb, parsed), values: data });
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
          return nis2Card(ctx, result.breachCase, locale, { error: refusal(locale, verb, result.error), values: data });
        case 'done':
          return nis2Card(ctx, result.breachCase, locale);
      }
    },
  );

  // A draft of one NIS2 report: a read of the case (no personal data in it: src/domain/duties/nis2Drafts.ts).
  app.adaptiveCards.actionExecute('case.draftNis2', async (context, _state, data: CardData) => {
    const locale = localeOf(context);
    const m = caseMessages(locale);
    const actor = actorOf(context);
    if (!actor) return m.refused.wrong_team;
    const caseId = recordId(data.caseId);
    if (!caseId) return m.notFound;
    const kind = (NIS2_DRAFT_KINDS as readonly string[]).includes(data.kind ?? '') ? (data.kind as Nis2DraftKind) : 'nis2_early_warning';
    const read = await readCase(deps, tenantOf(context), caseId, actor, 'case.draft.nis2');
    if (read.kind === 'not_found') return m.notFound;
    if (read.kind === 'refused') return m.refused[read.reason];
    const c = read.breachCase;
    const text = nis2Draft(kind, c, c.work, ctx.org, deps.clock.now());
    const title = fill(nis2Texts(locale).draftTitle[kind], { number: c.number });
    return renderCard('caseDraft', caseDraftView({ breachCase: c, kind: 'authority', text, locale, title })) as AdaptiveCard;
  });
}
