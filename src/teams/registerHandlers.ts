/**
 * The register in Teams: `sager`/`cases`, `statistik [år]`/`statistics [year]` and `log <sag>`/
 * `audit <case>` in a channel, the filter and paging invokes of the register card and the paging of
 * the audit trail. Who may see what is decided in src/app/registerAccess.ts; every answer is audited.
 */
import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { AdaptiveCard, Application, TurnState } from '@microsoft/teams-ai';
import { listRegister, REGISTER_STATUSES, type RegisterFilter, type RegisterStatusFilter } from '../app/listRegister';
import { offerExport, type ExportCommand, type ExportDeps } from '../app/exportRegister';
import type { DurabilityBarrier } from '../app/ports';
import { readAuditTrail } from '../app/readAuditTrail';
import { readStatistics } from '../app/readStatistics';
import { checkTimelines } from '../app/checkTimelines';
import { auditRegister, type RegisterDeps, type RegisterRefusal, type RegisterViewer } from '../app/registerAccess';
import { instantToCopenhagenParts } from '../domain/copenhagenTime';
import { parseChannelCommand, type ChannelCommand } from '../domain/unit';
import { fill, registerTexts } from '../i18n';
import { timelineProblemText, timelineTexts } from '../i18n/timelineTexts';
import type { Logger } from '../logging';
import { renderCard } from './cardRenderer';
import { fileConsentCard, localOfferCard, offerInPersonalChat, offeredText, type LocalExport } from './fileExport';
import { channelAddressOf, isChannel } from './channelHandlers';
import type { CardData } from './inputGate';
import { decodeCursor, filterKey } from './registerCursor';
import { teamsRoster } from './teamsRoster';
import { localeOf, personOf, tenantOf } from './turnIdentity';
import { auditLogView } from './views/auditLogView';
import { ANY, registerView } from './views/registerView';
import { statisticsView } from './views/statisticsView';

export interface RegisterHandlerCtx {
  deps: RegisterDeps;
  log: Logger;
  /** The export (eksport); without it the command answers with the hint. */
  exports?: { deps: ExportDeps; durability: DurabilityBarrier; local?: LocalExport };
}

const cardMessage = (c: object) => MessageFactory.attachment(CardFactory.adaptiveCard(c));

function viewerOf(context: TurnContext, log: Logger): RegisterViewer {
  return { person: personOf(context), channel: isChannel(context) ? channelAddressOf(context) : null, roster: teamsRoster(context, log) };
}

const UNIT_ID = /^[a-z0-9-]{1,60}$/;

/** The card's filter inputs, each checked: anything unexpected falls back to "all" / this year. */
export function filterFromCard(data: CardData, now: Date): RegisterFilter {
  const status = (REGISTER_STATUSES as readonly string[]).includes(data.status ?? '') ? (data.status as RegisterStatusFilter) : 'all';
  const currentYear = instantToCopenhagenParts(now).year;
  const yearText = data.year ?? '';
  const year = /^\d{4}$/.test(yearText) && Math.abs(Number(yearText) - currentYear) <= 10 ? Number(yearText) : currentYear;
  const unit = data.unit ?? ANY;
  const notified = data.notified === 'yes' ? true : data.notified === 'no' ? false : undefined;
  return { status, year, ...(unit !== ANY && UNIT_ID.test(unit) ? { unitId: unit } : {}), ...(notified === undefined ? {} : { notified }) };
}

export interface RegisterCommands {
  cases(context: TurnContext): Promise<void>;
  statistics(context: TurnContext, year?: number): Promise<void>;
  /** `sager tjek [år]`: the cases whose timeline cannot have happened. */
  check(context: TurnContext, year?: number): Promise<void>;
  auditLog(context: TurnContext, caseNumber: string): Promise<void>;
  /** `eksport …`: null dates = a period that could not be read. */
  export(context: TurnContext, command: Extract<ChannelCommand, { kind: 'export' | 'exportAudit' }>): Promise<void>;
}

/** The answers to the register's commands and card actions. */
function registerAnswers(ctx: RegisterHandlerCtx) {
  const { deps, log } = ctx;
  const refusal = (context: TurnContext, reason: RegisterRefusal) => registerTexts(localeOf(context)).refused[reason];

  async function registerCard(context: TurnContext, filter: RegisterFilter, cursor?: ReturnType<typeof decodeCursor>): Promise<object | string> {
    const result = await listRegister(deps, tenantOf(context), viewerOf(context, log), filter, cursor);
    log.info('register.list', { outcome: result.kind, ...(result.kind === 'refused' ? { reason: result.reason } : { rows: result.rows.length }) });
    if (result.kind === 'refused') return refusal(context, result.reason);
    return renderCard('register', registerView({ result, locale: localeOf(context), now: deps.clock.now(), at: cursor }));
  }

  async function statisticsCard(context: TurnContext, year: number | undefined): Promise<object | string> {
    const now = deps.clock.now();
    const result = await readStatistics(deps, tenantOf(context), viewerOf(context, log), year ?? instantToCopenhagenParts(now).year);
    log.info('register.statistics', { outcome: result.kind });
    if (result.kind === 'refused') return refusal(context, result.reason);
    const units = result.central ? await deps.units.list(tenantOf(context)) : [];
    return renderCard('registerStatistics', statisticsView({ result, locale: localeOf(context), units }));
  }

  async function auditCard(context: TurnContext, caseNumber: string, page: number): Promise<object | string> {
    const result = await readAuditTrail(deps, tenantOf(context), viewerOf(context, log), caseNumber, page);
    log.info('audit.read', { outcome: result.kind });
    if (result.kind === 'refused') return refusal(context, result.reason);
    if (result.kind === 'not_found') return fill(registerTexts(localeOf(context)).audit.notFound, { number: result.number });
    return renderCard('auditLog', auditLogView({ result, locale: localeOf(context) }));
  }
  return { registerCard, statisticsCard, auditCard };
}

const send = async (context: TurnContext, answer: object | string) => void (await context.sendActivity(typeof answer === 'string' ? answer : cardMessage(answer)));

/** What the channel handler calls for `sager`, `statistik` and `log`. */
export function registerCommands(ctx: RegisterHandlerCtx): RegisterCommands {
  const a = registerAnswers(ctx);
  return {
    cases: async (context) => send(context, await a.registerCard(context, { status: 'all', year: instantToCopenhagenParts(ctx.deps.clock.now()).year })),
    statistics: async (context, year) => send(context, await a.statisticsCard(context, year)),
    auditLog: async (context, caseNumber) => send(context, await a.auditCard(context, caseNumber, 1)),
    check: async (context, year) => send(context, await timelineCheckAnswer(ctx, context, year)),
    export: async (context, command) => send(context, await exportAnswer(ctx, context, command)),
  };
}

/** Cases listed at most in one answer; the rest are counted (a message stays readable and within Teams' size). */
const CHECK_LISTED = 30;

/**
 * `sager tjek`: one line per impossible instant, per case, in the channel's register scope. Plain text
 * (a list to act on, no inputs). It reads the cases through the export's source, so it needs the export.
 */
async function timelineCheckAnswer(ctx: RegisterHandlerCtx, context: TurnContext, year: number | undefined): Promise<string> {
  const locale = localeOf(context);
  const t = timelineTexts(locale).check;
  if (!ctx.exports) return t.unavailable;
  const current = instantToCopenhagenParts(ctx.deps.clock.now()).year;
  const y = year !== undefined && year >= 2018 && year <= current ? year : current;
  const result = await checkTimelines({ ...ctx.deps, source: ctx.exports.deps.source }, tenantOf(context), viewerOf(context, ctx.log), y);
  ctx.log.info('register.check', { outcome: result.kind, ...(result.kind === 'ok' ? { found: result.cases.length } : { reason: result.reason }) });
  if (result.kind === 'refused') return registerTexts(locale).refused[result.reason];
  const scope = result.central ? t.scopeCentral : fill(t.scopeUnit, { unit: result.unitName });
  if (result.cases.length === 0) return fill(t.none, { year: y, scope });
  const lines = result.cases
    .slice(0, CHECK_LISTED)
    .flatMap((c) => c.problems.map((p) => fill(t.line, { number: c.number, problem: timelineProblemText(p, locale) })));
  if (result.cases.length > CHECK_LISTED) lines.push(fill(t.more, { n: result.cases.length - CHECK_LISTED }));
  return [fill(t.title, { year: y, scope }), ...lines].join('\n\n');
}

/** Offers the export in the person's 1:1 chat; the channel is told where it went (or why not). */
async function exportAnswer(ctx: RegisterHandlerCtx, context: TurnContext, command: Parameters<RegisterCommands['export']>[1]): Promise<string> {
  const all = registerTexts(localeOf(context));
  const t = all.export;
  if (!ctx.exports) return all.refused.not_registered;
  let request: ExportCommand;
  if (command.kind === 'exportAudit') {
    if (command.from === null || command.to === null) return t.invalidPeriod;
    request = { kind: 'audit', from: command.from, to: command.to };
  } else {
    // Any year the register can hold: from 2018 (the GDPR) to this one; another year is this one.
    const current = instantToCopenhagenParts(ctx.deps.clock.now()).year;
    const year = command.year !== undefined && command.year >= 2018 && command.year <= current ? command.year : current;
    request = { kind: 'register', year, format: command.format };
  }
  const result = await offerExport(ctx.exports.deps, tenantOf(context), viewerOf(context, ctx.log), request);
  ctx.log.info('export.offer', { outcome: result.kind, ...(result.kind === 'offered' ? { rows: result.rows } : {}), ...(result.kind === 'refused' ? { reason: result.reason } : {}) });
  if (result.kind === 'invalid_period') return t.invalidPeriod;
  if (result.kind === 'refused') return all.refused[result.reason];
  const r = result.request;
  const labels = registerTexts(r.locale).export;
  const description = r.kind === 'audit' ? fill(labels.consentAudit, { from: r.from, to: r.to, rows: result.rows }) : fill(labels.consentRegister, { year: r.year, rows: result.rows });
  const localCard = ctx.exports.local ? localOfferCard(r, description) : undefined;
  const offered = await offerInPersonalChat(context, fileConsentCard(r, result.sizeInBytes, description), ctx.exports.durability, ctx.log, localCard);
  if (!offered) return t.chatUnavailable;
  return offeredText(localeOf(context), r, result.rows, ctx.exports.local !== undefined);
}

/**
 * The card actions, and the register's commands outside a channel (a personal or a group chat):
 * refused and audited there; the reporter's own list stays `mine sager`. Registered before the
 * reporter's handlers, so these words never reach the reporter's hint.
 */
export function registerRegisterHandlers(app: Application<TurnState>, ctx: RegisterHandlerCtx): void {
  const a = registerAnswers(ctx);
  app.adaptiveCards.actionExecute('register.list', async (context, _state, data: CardData) => {
    const filter = filterFromCard(data, ctx.deps.clock.now());
    return (await a.registerCard(context, filter, decodeCursor(data.cursor, filterKey(filter)))) as AdaptiveCard;
  });
  app.adaptiveCards.actionExecute('audit.page', async (context, _state, data: CardData) => {
    const page = /^\d{1,4}$/.test(data.page ?? '') ? Number(data.page) : 1;
    return (await a.auditCard(context, (data.caseNumber ?? '').slice(0, 20), page)) as AdaptiveCard;
  });
  app.message(
    async (context) => !isChannel(context) && isRegisterCommand(context.activity.text ?? ''),
    async (context) => {
      const kind = parseChannelCommand(context.activity.text ?? '').kind;
      const action =
        kind === 'cases' ? 'register.list' : kind === 'casesCheck' ? 'register.check' : kind === 'statistics' ? 'register.statistics' : kind === 'export' ? 'register.export.offer' : kind === 'exportAudit' ? 'audit.export.offer' : 'audit.read';
      ctx.log.info('register.refused', { reason: 'not_channel' });
      await auditRegister(ctx.deps, tenantOf(context), personOf(context), action, 'register:?', 'refused', 'not_channel');
      await context.sendActivity(registerTexts(localeOf(context)).refused.not_channel);
    },
  );
}

export function isRegisterCommand(text: string): boolean {
  const kind = parseChannelCommand(text).kind;
  return kind === 'cases' || kind === 'casesCheck' || kind === 'statistics' || kind === 'auditLog' || kind === 'export' || kind === 'exportAudit';
}
